/**
 * The restart supervisor, the task reaper and the updater's less travelled roads (swarm.md §4.5,
 * §4.7, §4.8): restart policies and max attempts, the history limit per slot, start-first
 * updates, `--force`, a leader change in the middle of a rolling update, and replay.
 */
import { describe, expect, test } from 'vitest';
import type { ServiceSpec } from '../stack/service-spec.js';
import { createSandbox, killMachine, wait } from '../swarm/sandbox.js';
import { leaderMachine } from '../swarm/status.js';
import {
  callValue,
  createService,
  runningTasks,
  service,
  spec,
  tasks,
  tutorialSwarm,
  waitUntil,
} from './testing.js';

function broken(changes: Partial<ServiceSpec> = {}): ServiceSpec {
  return spec('crashy', 'redis:broken', changes);
}

describe('restart policy and task history (swarm.md §4.5, §4.8)', () => {
  test('a task that keeps failing is restarted every 5 s; the slot keeps 5 tasks, current one included', () => {
    const sandbox = tutorialSwarm(51);
    createService(sandbox, broken());
    wait(sandbox, 90_000);
    const slot = tasks(sandbox, 'crashy');
    expect(slot.length).toBe(5);
    expect(
      slot
        .filter((entry) => entry.task.desiredState === 'shutdown')
        .every((entry) => entry.task.status.state === 'failed'),
    ).toBe(true);
    const created = slot.map((entry) => entry.task.meta.createdAtMs).sort((left, right) => left - right);
    for (let index = 1; index < created.length; index++) {
      expect((created[index] as number) - (created[index - 1] as number)).toBeGreaterThanOrEqual(5000);
    }
  });

  test('--restart-max-attempts 2: three tries in all, then the slot rests; the reaper keeps max_attempts + 1', () => {
    const sandbox = tutorialSwarm(52);
    const restartPolicy = { condition: 'on-failure' as const, delayMs: 1000, maxAttempts: 2, windowMs: 0 };
    createService(sandbox, broken({ restartPolicy }));
    wait(sandbox, 60_000);
    const slot = tasks(sandbox, 'crashy');
    expect(slot).toHaveLength(3);
    expect(slot.every((entry) => entry.task.status.state === 'failed')).toBe(true);
    wait(sandbox, 30_000);
    expect(tasks(sandbox, 'crashy')).toHaveLength(3);
  });

  test('--restart-condition none: a task that completes stays complete and its slot is not refilled', () => {
    const sandbox = tutorialSwarm(53);
    const restartPolicy = { condition: 'none' as const, delayMs: 5000, maxAttempts: 0, windowMs: 0 };
    createService(sandbox, spec('once', 'alpine', { restartPolicy }));
    waitUntil(
      sandbox,
      () => tasks(sandbox, 'once').some((entry) => entry.task.status.state === 'complete'),
      20_000,
    );
    wait(sandbox, 20_000);
    expect(
      tasks(sandbox, 'once').map((entry) => `${entry.task.desiredState}/${entry.task.status.state}`),
    ).toEqual(['shutdown/complete']);
    expect(tasks(sandbox, 'once')[0]?.task.status.message).toBe('finished');
  });
});

describe('update orders and forced updates (swarm.md §4.7, §1.15)', () => {
  test('start-first starts the new task before the old one stops: for a moment both run', () => {
    const sandbox = tutorialSwarm(54);
    const base = spec('web', 'nginx:1.24');
    createService(sandbox, { ...base, updateConfig: { ...base.updateConfig, order: 'start-first' } });
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 1, 15_000);
    const current = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: { ...current.spec, image: 'nginx:1.25' } });
    let overlap = false;
    waitUntil(
      sandbox,
      () => {
        const running = tasks(sandbox, 'web').filter((entry) => entry.task.status.state === 'running');
        if (running.length === 2) overlap = true;
        return service(sandbox, 'web').updateStatus?.state === 'completed';
      },
      40_000,
    );
    expect(overlap).toBe(true);
    expect(runningTasks(sandbox, 'web').map((task) => task.spec.image)).toEqual(['nginx:1.25']);
  });

  test('update --force replaces every task with the same spec (the way to rebalance)', () => {
    const sandbox = tutorialSwarm(55);
    createService(sandbox, spec('web', 'nginx', { mode: { kind: 'replicated', replicas: 3 } }));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    const before = new Set(runningTasks(sandbox, 'web').map((task) => task.meta.id));
    const current = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: current.spec, force: true });
    waitUntil(sandbox, () => service(sandbox, 'web').updateStatus?.state === 'completed', 60_000);
    const after = runningTasks(sandbox, 'web');
    expect(after).toHaveLength(3);
    expect(after.some((task) => before.has(task.meta.id))).toBe(false);
  });
});

describe('leader change (swarm.md §5 leader failover)', () => {
  test('the leader dies mid-update: the new leader restarts the update from the store and completes it', () => {
    const created = createSandbox({ seed: 56, preset: '3m2w' });
    if (!created.ok) throw new Error(created.error);
    const sandbox = created.value;
    const base = spec('web', 'nginx:1.24', { mode: { kind: 'replicated', replicas: 4 } });
    const placement = { constraints: ['node.role==worker'], preferences: [], maxReplicas: 0 };
    createService(sandbox, { ...base, placement, updateConfig: { ...base.updateConfig, delayMs: 5000 } });
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 4, 20_000);
    const current = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: { ...current.spec, image: 'nginx:1.25' } });
    waitUntil(
      sandbox,
      () => runningTasks(sandbox, 'web').some((task) => task.spec.image === 'nginx:1.25'),
      30_000,
    );
    const oldLeader = leaderMachine(sandbox.world)?.id as string;
    killMachine(sandbox, oldLeader);
    waitUntil(
      sandbox,
      () => {
        const leader = leaderMachine(sandbox.world);
        return (
          leader !== null &&
          leader.id !== oldLeader &&
          service(sandbox, 'web').updateStatus?.state === 'completed'
        );
      },
      180_000,
    );
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 4, 30_000);
    expect(runningTasks(sandbox, 'web').every((task) => task.spec.image === 'nginx:1.25')).toBe(true);
  });
});

describe('jobs (swarm.md §1.12 --mode replicated-job|global-job)', () => {
  test('a replicated job runs 5 completions, 2 at a time, then rests with 5/5 completed', () => {
    const sandbox = tutorialSwarm(58);
    const mode = { kind: 'replicated-job' as const, maxConcurrent: 2, totalCompletions: 5 };
    createService(sandbox, spec('batch', 'alpine', { mode, args: ['sleep', '3'] }));
    let concurrentMax = 0;
    waitUntil(
      sandbox,
      () => {
        concurrentMax = Math.max(
          concurrentMax,
          tasks(sandbox, 'batch').filter((entry) => entry.task.status.state === 'running').length,
        );
        return tasks(sandbox, 'batch').filter((entry) => entry.task.status.state === 'complete').length === 5;
      },
      90_000,
    );
    expect(concurrentMax).toBe(2);
    wait(sandbox, 20_000);
    expect(tasks(sandbox, 'batch')).toHaveLength(5);
    expect(
      tasks(sandbox, 'batch').every(
        (entry) => entry.task.desiredState === 'complete' && entry.task.status.message === 'finished',
      ),
    ).toBe(true);
    const entry = callValue<
      { service: { spec: { name: string } }; desiredTasks: number; completedTasks: number }[]
    >(sandbox, 'service.list').find((candidate) => candidate.service.spec.name === 'batch');
    expect(entry).toMatchObject({ desiredTasks: 0, completedTasks: 5 });
  });

  test('a global job runs once to completion on every node; a failing one is retried by policy', () => {
    const sandbox = tutorialSwarm(59);
    createService(sandbox, spec('setup', 'alpine', { mode: { kind: 'global-job' }, args: ['echo', 'done'] }));
    waitUntil(
      sandbox,
      () => tasks(sandbox, 'setup').filter((entry) => entry.task.status.state === 'complete').length === 3,
      30_000,
    );
    wait(sandbox, 15_000);
    expect(tasks(sandbox, 'setup')).toHaveLength(3);
    const restartPolicy = { condition: 'on-failure' as const, delayMs: 1000, maxAttempts: 1, windowMs: 0 };
    createService(
      sandbox,
      spec('flaky', 'alpine', { mode: { kind: 'global-job' }, args: ['false'], restartPolicy }),
    );
    wait(sandbox, 40_000);
    const flaky = tasks(sandbox, 'flaky');
    expect(flaky).toHaveLength(6);
    expect(
      flaky.every(
        (entry) =>
          entry.task.status.state === 'failed' && entry.task.status.err === 'task: non-zero exit (1)',
      ),
    ).toBe(true);
  });
});

describe('replay', () => {
  test('the same seed and the same steps give the same store, byte for byte', () => {
    const run = () => {
      const sandbox = tutorialSwarm(57);
      createService(sandbox, spec('web', 'nginx', { mode: { kind: 'replicated', replicas: 4 } }));
      wait(sandbox, 10_000);
      killMachine(sandbox, 'worker2');
      wait(sandbox, 40_000);
      return JSON.stringify(tasks(sandbox, 'web'));
    };
    expect(run()).toBe(run());
  });
});
