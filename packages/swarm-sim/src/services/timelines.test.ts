/**
 * Timelines Docker users see (swarm.md §4.4, §4.5, §7), which need the dispatcher's assignment
 * push, leader and agent timers, and the 24 h Down period: `service create` converges in a couple
 * of seconds, a replacement starts when its restart delay ends (not at the next tick or
 * heartbeat), a dead node's tasks are orphaned after 24 h Down. Also the typed slots the services
 * keep their state in.
 */
import { describe, expect, test } from 'vitest';
import { cutLink, restoreLink } from '../kernel/network.js';
import type { World } from '../kernel/types.js';
import { createServiceSpec } from '../stack/service-spec.js';
import type { TaskObject } from '../swarm/objects.js';
import { killMachine, restartMachine, wait } from '../swarm/sandbox.js';
import { leaderMachine } from '../swarm/status.js';
import { machineNamed } from './machines.js';
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

const web = (replicas: number) => spec('web', 'nginx', { mode: { kind: 'replicated', replicas } });

describe('assignments are pushed at once (SwarmKit `Assignments` stream, swarm.md §7)', () => {
  test('service create with a cached image converges in 1-3 s of virtual time', () => {
    const sandbox = tutorialSwarm(41);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    callValue(sandbox, 'service.remove', { ref: 'web' });
    waitUntil(sandbox, () => tasks(sandbox).length === 0, 15_000);
    const startMs = sandbox.world.nowMs;
    createService(sandbox, web(3));
    const tookMs = waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    // Up to a 5.5 s wait for the next heartbeat without the push.
    expect(sandbox.world.nowMs - startMs).toBeGreaterThanOrEqual(500);
    expect(tookMs).toBeLessThanOrEqual(3_000);
  });

  test('the agent accepts a task within milliseconds of the scheduler assigning it', () => {
    const sandbox = tutorialSwarm(42);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    const before = new Set(tasks(sandbox, 'web').map((entry) => entry.task.meta.id));
    callValue(sandbox, 'service.scale', { ref: 'web', replicas: 6 });
    const assignedAt: Record<string, number> = {};
    const acceptedAt: Record<string, number> = {};
    for (let step = 0; step < 200 && Object.keys(acceptedAt).length < 3; step++) {
      for (const entry of tasks(sandbox, 'web')) {
        const task = entry.task;
        if (before.has(task.meta.id)) continue;
        if (task.status.state === 'assigned') assignedAt[task.meta.id] ??= task.status.timestampMs;
        if (
          task.status.state !== 'new' &&
          task.status.state !== 'pending' &&
          task.status.state !== 'assigned'
        )
          acceptedAt[task.meta.id] ??= sandbox.world.nowMs;
      }
      wait(sandbox, 10);
    }
    expect(Object.keys(acceptedAt)).toHaveLength(3);
    for (const [taskId, atMs] of Object.entries(acceptedAt)) {
      const fromMs = assignedAt[taskId];
      if (fromMs !== undefined) expect(atMs - fromMs).toBeLessThan(300);
    }
  });
  test('a push lost on the way is made good by the next heartbeat', () => {
    const sandbox = tutorialSwarm(48);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    const world = sandbox.world as unknown as World;
    // Only the leader's messages to worker1 are lost, for 300 ms: its session survives.
    cutLink(world, 'manager1', 'worker1');
    callValue(sandbox, 'service.scale', { ref: 'web', replicas: 6 });
    wait(sandbox, 300);
    restoreLink(world, 'manager1', 'worker1');
    const onWorker1 = () => tasks(sandbox, 'web').filter((entry) => entry.nodeName === 'worker1');
    expect(
      onWorker1()
        .map((entry) => entry.task.status.state)
        .sort(),
    ).toEqual(['assigned', 'running']);
    const tookMs = waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 6, 15_000);
    expect(onWorker1().every((entry) => entry.task.status.state === 'running')).toBe(true);
    // The next heartbeat (every 5 s ± 0.5 s) brings the tasks again; no push would come.
    expect(tookMs).toBeGreaterThan(500);
    expect(tookMs).toBeLessThan(5500 + 1500);
  });
});

describe('timers end delays on time (extension timer hook)', () => {
  test('a replacement starts when its 5 s restart delay ends, not at the next tick or heartbeat', () => {
    const sandbox = tutorialSwarm(43);
    createService(sandbox, spec('job', 'alpine', { args: ['sleep', '2'] }));
    waitUntil(
      sandbox,
      () => tasks(sandbox, 'job').filter((entry) => entry.task.status.state === 'complete').length >= 2,
      30_000,
    );
    const all = tasks(sandbox, 'job').map((entry) => entry.task);
    const byCreation = [...all].sort((left, right) => left.meta.createdAtMs - right.meta.createdAtMs);
    const first = byCreation[0] as TaskObject;
    const second = byCreation[1] as TaskObject;
    // The replacement is created as the first task ends; it starts 5 s later, to the millisecond
    // the pass and the push take (a tick-driven model starts it up to 1 s + 5.5 s late).
    const replacementStartedAtMs = second.status.timestampMs - 2000;
    expect(second.meta.createdAtMs - first.status.timestampMs).toBeLessThan(200);
    expect(replacementStartedAtMs - second.meta.createdAtMs).toBeGreaterThanOrEqual(5000);
    expect(replacementStartedAtMs - second.meta.createdAtMs).toBeLessThan(5000 + 1000 + 100);
  });

  test('an update with --update-delay 2s replaces the next slot 2 s after the previous one runs', () => {
    const sandbox = tutorialSwarm(44);
    createService(sandbox, web(2));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 2, 15_000);
    const current = service(sandbox, 'web');
    const updateConfig = { ...current.spec.updateConfig, delayMs: 2000 };
    callValue(sandbox, 'service.update', {
      ref: 'web',
      spec: { ...current.spec, image: 'nginx:1.25', updateConfig },
    });
    waitUntil(sandbox, () => service(sandbox, 'web').updateStatus?.state === 'completed', 60_000);
    const updated = tasks(sandbox, 'web')
      .map((entry) => entry.task)
      .filter((task) => task.spec.image === 'nginx:1.25')
      .sort((left, right) => left.meta.createdAtMs - right.meta.createdAtMs);
    expect(updated).toHaveLength(2);
    const firstRunningAtMs = (updated[0] as TaskObject).status.timestampMs;
    const gapMs = (updated[1] as TaskObject).meta.createdAtMs - firstRunningAtMs;
    // The first new task runs (and is seen running a commit later), then the delay: 2 s on time.
    expect(gapMs).toBeGreaterThanOrEqual(2000);
    expect(gapMs).toBeLessThan(2000 + 300);
  });
});

describe('a node Down for 24 h has its tasks orphaned (swarm.md §4.2, §4.4 defaultNodeDownPeriod)', () => {
  test('the dead worker tasks stay Running (stale) for 24 h, then become Orphaned', () => {
    const sandbox = tutorialSwarm(45);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    killMachine(sandbox, 'worker1');
    const onWorker1 = () => tasks(sandbox, 'web').filter((entry) => entry.nodeName === 'worker1');
    waitUntil(sandbox, () => onWorker1().some((entry) => entry.task.desiredState === 'shutdown'), 30_000);
    wait(sandbox, 23 * 3600 * 1000);
    expect(onWorker1().map((entry) => entry.task.status.state)).toEqual(['running']);
    wait(sandbox, 3600 * 1000);
    expect(onWorker1().map((entry) => `${entry.task.desiredState}/${entry.task.status.state}`)).toEqual([
      'shutdown/orphaned',
    ]);
    expect(runningTasks(sandbox, 'web')).toHaveLength(3);
    // The worker comes back: nothing of the orphaned task runs again.
    restartMachine(sandbox, 'worker1');
    wait(sandbox, 20_000);
    expect(onWorker1().map((entry) => entry.task.status.state)).toEqual(['orphaned']);
  });
});

describe('typed slots and the ForceUpdate counter', () => {
  test('services state lives in the swarm model typed slots; the image cache survives a kill', () => {
    const sandbox = tutorialSwarm(46);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 3, 15_000);
    const leader = leaderMachine(sandbox.world);
    const memory = leader?.state.engine?.manager?.leader?.extensionState.services;
    expect(Object.keys(memory?.index.tasksByService ?? {})).toHaveLength(1);
    const worker = machineNamed(sandbox.world, 'worker1');
    expect(worker?.state.disk.extensionState.services?.pulledImages).toEqual(['nginx']);
    expect(worker?.state.engine?.extensionState.services?.reports).toBeDefined();
    killMachine(sandbox, 'worker1');
    restartMachine(sandbox, 'worker1');
    expect(worker?.state.disk.extensionState.services?.pulledImages).toEqual(['nginx']);
    expect(structuredClone(sandbox)).toEqual(sandbox);
  });

  test('a new spec has forceUpdate 0; --force increments the field itself', () => {
    expect(createServiceSpec('web', 'nginx').forceUpdate).toBe(0);
    const sandbox = tutorialSwarm(47);
    createService(sandbox, web(1));
    const before = service(sandbox, 'web').spec;
    callValue(sandbox, 'service.update', { ref: 'web', spec: before, force: true });
    callValue(sandbox, 'service.update', { ref: 'web', spec: service(sandbox, 'web').spec, force: true });
    expect(service(sandbox, 'web').spec.forceUpdate).toBe(2);
  });
});
