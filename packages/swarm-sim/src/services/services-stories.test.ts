/**
 * User stories from Docker's swarm tutorial and admin guide (swarm.md §6, §4.5-§4.8), run on the
 * whole model: requests through the raft proxy, orchestration on the leader, containers on the
 * agents, time in virtual milliseconds. Each test states the story and what Docker shows.
 */
import { describe, expect, test } from 'vitest';
import type { TaskObject } from '../swarm/objects.js';
import { executeRequest } from '../swarm/requests.js';
import { addMachine, createSandbox, killMachine, wait } from '../swarm/sandbox.js';
import type { InitResult } from '../swarm/types.js';
import { serviceContainers } from './executor.js';
import { machineNamed } from './machines.js';
import {
  call,
  callValue,
  createService,
  listEntry,
  runningByNode,
  runningTasks,
  service,
  spec,
  taskRows,
  tasks,
  tutorialSwarm,
  waitUntil,
} from './testing.js';

const helloworld = () => spec('helloworld', 'alpine', { args: ['ping', 'docker.com'] });

function setAvailability(
  sandbox: ReturnType<typeof tutorialSwarm>,
  node: string,
  availability: string,
): void {
  callValue(sandbox, 'node.update', { ref: node, spec: { availability } });
}

function setLabels(
  sandbox: ReturnType<typeof tutorialSwarm>,
  node: string,
  labels: Record<string, string>,
): void {
  callValue(sandbox, 'node.update', { ref: node, spec: { labels } });
}

/** `count` tasks observed running with desired state running (stale ones on a Down node do not count). */
function converged(sandbox: ReturnType<typeof tutorialSwarm>, name: string, count: number): () => boolean {
  return () => runningTasks(sandbox, name).length === count;
}

describe('deploy, scale and remove a service (swarm.md §6 steps 3-6)', () => {
  test('service create → converged with 1/1 running, task started by the agent', () => {
    const sandbox = tutorialSwarm(1);
    const id = createService(sandbox, helloworld());
    expect(id).toMatch(/^[a-z0-9]{25}$/);
    // The dispatcher pushes the assignment at once; the first pull takes 1-3 s, the start 0.5-1 s.
    const tookMs = waitUntil(sandbox, converged(sandbox, 'helloworld', 1), 15_000);
    expect(tookMs).toBeLessThan(4_500);
    expect(listEntry(sandbox, 'helloworld')).toMatchObject({ runningTasks: 1, desiredTasks: 1 });
    const [task] = runningTasks(sandbox, 'helloworld');
    expect(task?.status.message).toBe('started');
    expect(task?.slot).toBe(1);
    expect(taskRows(sandbox, 'helloworld')).toHaveLength(1);
  });

  test('scale helloworld=5 on 3 empty nodes → 2/2/1 by the fewest-tasks rule', () => {
    const sandbox = tutorialSwarm(2);
    createService(sandbox, helloworld());
    waitUntil(sandbox, converged(sandbox, 'helloworld', 1), 15_000);
    callValue(sandbox, 'service.scale', { ref: 'helloworld', replicas: 5 });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 5), 20_000);
    expect(Object.values(runningByNode(sandbox, 'helloworld')).sort()).toEqual([1, 2, 2]);
    expect(
      tasks(sandbox, 'helloworld')
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(['helloworld.1', 'helloworld.2', 'helloworld.3', 'helloworld.4', 'helloworld.5']);
  });

  test('scale down keeps the nodes balanced: victims get desired Remove and are reaped', () => {
    const sandbox = tutorialSwarm(3);
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 6 } });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 6), 20_000);
    callValue(sandbox, 'service.scale', { ref: 'helloworld', replicas: 3 });
    wait(sandbox, 150);
    expect(tasks(sandbox, 'helloworld').filter((entry) => entry.task.desiredState === 'remove')).toHaveLength(
      3,
    );
    waitUntil(sandbox, () => tasks(sandbox, 'helloworld').length === 3, 15_000);
    expect(Object.values(runningByNode(sandbox, 'helloworld')).sort()).toEqual([1, 1, 1]);
  });

  test('service rm → its tasks get desired Remove, their containers stop, then they are gone', () => {
    const sandbox = tutorialSwarm(4);
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 3 } });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 3), 15_000);
    const taskIds = tasks(sandbox, 'helloworld').map((entry) => entry.task.meta.id);
    callValue(sandbox, 'service.remove', { ref: 'helloworld' });
    const inspect = call(sandbox, 'service.inspect', { ref: 'helloworld' });
    expect(inspect).toMatchObject({ ok: false, error: 'service helloworld not found', status: 404 });
    wait(sandbox, 300);
    const store = (machineNamed(sandbox.world, 'manager1')?.state.engine?.manager?.replica.store ?? null) as {
      tasks: Record<string, TaskObject>;
    } | null;
    const remaining = taskIds.map((id) => store?.tasks[id]).filter((task) => task !== undefined);
    expect(remaining.every((task) => task?.desiredState === 'remove')).toBe(true);
    waitUntil(sandbox, () => taskIds.every((id) => store?.tasks[id] === undefined), 15_000);
    for (const machine of ['manager1', 'worker1', 'worker2']) {
      const engine = machineNamed(sandbox.world, machine)?.state.engine;
      expect(
        serviceContainers(engine ?? ({ containers: [] } as never)).filter(
          (container) => container.state === 'running',
        ),
      ).toEqual([]);
    }
  });
});

describe('rolling updates (swarm.md §4.7, §6 step 7)', () => {
  function redis(
    sandbox: ReturnType<typeof tutorialSwarm>,
    changes: Partial<ReturnType<typeof spec>> = {},
  ): void {
    const base = spec('redis', 'redis:3.0.6', { mode: { kind: 'replicated', replicas: 3 } });
    createService(sandbox, { ...base, updateConfig: { ...base.updateConfig, delayMs: 10_000 }, ...changes });
    waitUntil(sandbox, converged(sandbox, 'redis', 3), 20_000);
  }

  function updateImage(sandbox: ReturnType<typeof tutorialSwarm>, image: string): void {
    const current = service(sandbox, 'redis');
    callValue(sandbox, 'service.update', { ref: 'redis', spec: { ...current.spec, image } });
  }

  test('redis:3.0.6 → 3.0.7 one slot at a time, 10 s apart, leaving Shutdown history rows', () => {
    const sandbox = tutorialSwarm(5);
    redis(sandbox);
    updateImage(sandbox, 'redis:3.0.7');
    wait(sandbox, 500);
    expect(service(sandbox, 'redis').updateStatus).toMatchObject({
      state: 'updating',
      message: 'update in progress',
    });
    const runningSince: Record<number, number> = {};
    let busySlotsMax = 0;
    waitUntil(
      sandbox,
      () => {
        const entries = tasks(sandbox, 'redis');
        const busy = new Set(
          entries
            .filter(
              (entry) => entry.task.spec.image === 'redis:3.0.7' && entry.task.status.state !== 'running',
            )
            .map((entry) => entry.task.slot),
        );
        busySlotsMax = Math.max(busySlotsMax, busy.size);
        for (const entry of entries) {
          if (entry.task.spec.image === 'redis:3.0.7' && entry.task.status.state === 'running') {
            runningSince[entry.task.slot] ??= entry.task.status.timestampMs;
          }
        }
        return service(sandbox, 'redis').updateStatus?.state === 'completed';
      },
      120_000,
    );
    expect(busySlotsMax).toBe(1);
    const times = Object.values(runningSince).sort((left, right) => left - right);
    expect(times).toHaveLength(3);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(10_000);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(10_000);
    expect(service(sandbox, 'redis').updateStatus).toMatchObject({
      state: 'completed',
      message: 'update completed',
    });
    for (const slot of [1, 2, 3]) {
      const inSlot = tasks(sandbox, 'redis').filter((entry) => entry.task.slot === slot);
      expect(
        inSlot
          .map((entry) => `${entry.task.spec.image} ${entry.task.desiredState}/${entry.task.status.state}`)
          .sort(),
      ).toEqual(['redis:3.0.6 shutdown/shutdown', 'redis:3.0.7 running/running']);
    }
  });

  test('a failing image pauses the update with the exact message; the task named is one of the update', () => {
    const sandbox = tutorialSwarm(6);
    redis(sandbox);
    updateImage(sandbox, 'redis:broken');
    waitUntil(sandbox, () => service(sandbox, 'redis').updateStatus?.state === 'paused', 60_000);
    const message = service(sandbox, 'redis').updateStatus?.message ?? '';
    const match = /^update paused due to failure or early termination of task ([a-z0-9]{25})$/.exec(message);
    expect(match).not.toBeNull();
    const failed = tasks(sandbox, 'redis').find((entry) => entry.task.meta.id === match?.[1]);
    expect(failed?.task.spec.image).toBe('redis:broken');
    expect(failed?.task.status).toMatchObject({ state: 'failed', err: 'task: non-zero exit (1)' });
    wait(sandbox, 30_000);
    expect(service(sandbox, 'redis').updateStatus?.state).toBe('paused');
    expect(
      runningTasks(sandbox, 'redis').filter((task) => task.spec.image === 'redis:3.0.6').length,
    ).toBeGreaterThanOrEqual(2);
  });

  test('with --update-failure-action rollback a failing image rolls back to rollback_completed', () => {
    const sandbox = tutorialSwarm(7);
    const base = spec('redis', 'redis:3.0.6');
    redis(sandbox, { updateConfig: { ...base.updateConfig, failureAction: 'rollback' } });
    updateImage(sandbox, 'redis:broken');
    waitUntil(sandbox, () => service(sandbox, 'redis').updateStatus?.state === 'rollback_started', 60_000);
    expect(service(sandbox, 'redis').updateStatus?.message).toMatch(
      /^update rolled back due to failure or early termination of task [a-z0-9]{25}$/,
    );
    waitUntil(sandbox, () => service(sandbox, 'redis').updateStatus?.state === 'rollback_completed', 90_000);
    expect(service(sandbox, 'redis')).toMatchObject({
      spec: { image: 'redis:3.0.6' },
      previousSpec: null,
      updateStatus: { message: 'rollback completed' },
    });
    waitUntil(sandbox, converged(sandbox, 'redis', 3), 30_000);
    expect(runningTasks(sandbox, 'redis').every((task) => task.spec.image === 'redis:3.0.6')).toBe(true);
  });
});

describe('node availability (swarm.md §4.5, §6 step 8)', () => {
  test('drain → tasks move at once (no restart delay); re-activate → nothing moves back', () => {
    const sandbox = tutorialSwarm(8);
    // A 30 s restart delay makes "no delay on drain" unmistakable.
    const restartPolicy = { ...helloworld().restartPolicy, delayMs: 30_000 };
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 3 }, restartPolicy });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 3), 15_000);
    expect(runningByNode(sandbox, 'helloworld').worker1).toBe(1);
    setAvailability(sandbox, 'worker1', 'drain');
    const tookMs = waitUntil(
      sandbox,
      () =>
        runningByNode(sandbox, 'helloworld').worker1 === undefined &&
        runningTasks(sandbox, 'helloworld').length === 3,
      30_000,
    );
    // Drained tasks skip the restart delay (restart.go); they wait only for the old task to stop
    // (0.1-0.5 s), then the replacement starts (0.5-1 s, its image already pulled).
    expect(tookMs).toBeLessThan(3_000);
    const moved = tasks(sandbox, 'helloworld').filter((entry) => entry.nodeName === 'worker1');
    expect(moved.map((entry) => `${entry.task.desiredState}/${entry.task.status.state}`)).toEqual([
      'shutdown/shutdown',
    ]);
    setAvailability(sandbox, 'worker1', 'active');
    wait(sandbox, 30_000);
    expect(runningByNode(sandbox, 'helloworld').worker1).toBeUndefined();
    expect(runningTasks(sandbox, 'helloworld')).toHaveLength(3);
  });

  test('kill a worker → Down after ~15 s → replacements Running elsewhere ~5 s later; old ones Shutdown/Running', () => {
    const sandbox = tutorialSwarm(9);
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 3 } });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 3), 15_000);
    const killedAtMs = sandbox.world.nowMs;
    killMachine(sandbox, 'worker1');
    waitUntil(
      sandbox,
      () => tasks(sandbox, 'helloworld').some((entry) => entry.task.desiredState === 'shutdown'),
      30_000,
    );
    const downAfterMs = sandbox.world.nowMs - killedAtMs;
    expect(downAfterMs).toBeGreaterThanOrEqual(8000);
    expect(downAfterMs).toBeLessThanOrEqual(18_000);
    const stale = tasks(sandbox, 'helloworld').filter((entry) => entry.nodeName === 'worker1');
    expect(stale.map((entry) => `${entry.task.desiredState}/${entry.task.status.state}`)).toEqual([
      'shutdown/running',
    ]);
    expect(listEntry(sandbox, 'helloworld')?.runningTasks).toBe(3);
    // The 5 s restart delay ends on time, the agent hears of it at once and starts it (0.5-1 s).
    const replacedAfterMs = waitUntil(sandbox, converged(sandbox, 'helloworld', 3), 20_000);
    expect(replacedAfterMs).toBeGreaterThanOrEqual(5000);
    expect(replacedAfterMs).toBeLessThanOrEqual(6_500);
    expect(runningByNode(sandbox, 'helloworld').worker1).toBeUndefined();
    expect(
      tasks(sandbox, 'helloworld').filter((entry) => entry.nodeName === 'worker1')[0]?.task.status.state,
    ).toBe('running');
  });
});

describe('global services, constraints and preferences (swarm.md §4.3, §4.6, §4.8)', () => {
  test('a global service runs once per eligible node; a drained node loses its task and REPLICAS drops', () => {
    const sandbox = tutorialSwarm(10);
    createService(sandbox, spec('agent', 'nginx', { mode: { kind: 'global' } }));
    waitUntil(sandbox, converged(sandbox, 'agent', 3), 15_000);
    expect(runningByNode(sandbox, 'agent')).toEqual({ manager1: 1, worker1: 1, worker2: 1 });
    expect(
      tasks(sandbox, 'agent').every(
        (entry) => entry.task.slot === 0 && entry.name === `agent.${entry.task.nodeId}`,
      ),
    ).toBe(true);
    expect(listEntry(sandbox, 'agent')?.desiredTasks).toBe(3);
    setAvailability(sandbox, 'worker2', 'drain');
    waitUntil(sandbox, () => listEntry(sandbox, 'agent')?.runningTasks === 2, 10_000);
    expect(listEntry(sandbox, 'agent')?.desiredTasks).toBe(2);
    setAvailability(sandbox, 'worker2', 'active');
    waitUntil(sandbox, converged(sandbox, 'agent', 3), 15_000);
  });

  test('a global service with node.role==worker runs on the workers only', () => {
    const sandbox = tutorialSwarm(11);
    createService(
      sandbox,
      spec('agent', 'nginx', {
        mode: { kind: 'global' },
        placement: { constraints: ['node.role==worker'], preferences: [], maxReplicas: 0 },
      }),
    );
    waitUntil(sandbox, converged(sandbox, 'agent', 2), 15_000);
    expect(runningByNode(sandbox, 'agent')).toEqual({ worker1: 1, worker2: 1 });
  });

  test('constraints and labels: pending with no suitable node, placed once a label matches, rejected when it goes', () => {
    const sandbox = tutorialSwarm(12);
    const placement = { constraints: ['node.labels.zone==east'], preferences: [], maxReplicas: 0 };
    createService(sandbox, spec('web', 'nginx', { placement }));
    wait(sandbox, 3000);
    const [pending] = tasks(sandbox, 'web');
    expect(pending?.task.status).toMatchObject({
      state: 'pending',
      err: 'no suitable node (scheduling constraints not satisfied on 3 nodes)',
    });
    setLabels(sandbox, 'worker2', { zone: 'east' });
    waitUntil(sandbox, converged(sandbox, 'web', 1), 15_000);
    expect(runningByNode(sandbox, 'web')).toEqual({ worker2: 1 });
    setLabels(sandbox, 'worker2', {});
    waitUntil(
      sandbox,
      () => tasks(sandbox, 'web').some((entry) => entry.task.status.state === 'rejected'),
      10_000,
    );
    const rejected = tasks(sandbox, 'web').find((entry) => entry.task.status.state === 'rejected');
    expect(rejected?.task.status).toMatchObject({
      message: 'task rejected by constraint enforcer',
      err: 'assigned node no longer meets constraints',
    });
    waitUntil(
      sandbox,
      () =>
        tasks(sandbox, 'web').some(
          (entry) => entry.task.status.state === 'pending' && entry.task.status.err !== '',
        ),
      15_000,
    );
  });

  test('placement preference spread=node.labels.zone splits replicas evenly over the zones', () => {
    const sandbox = tutorialSwarm(13);
    setLabels(sandbox, 'manager1', { zone: 'a' });
    setLabels(sandbox, 'worker1', { zone: 'b' });
    setLabels(sandbox, 'worker2', { zone: 'b' });
    const placement = { constraints: [], preferences: [{ spread: 'node.labels.zone' }], maxReplicas: 0 };
    createService(sandbox, spec('web', 'nginx', { mode: { kind: 'replicated', replicas: 4 }, placement }));
    waitUntil(sandbox, converged(sandbox, 'web', 4), 20_000);
    // Zone a has one node, zone b two: each zone still gets half (swarm.md §4.3).
    expect(runningByNode(sandbox, 'web')).toEqual({ manager1: 2, worker1: 1, worker2: 1 });
  });
});

describe('quorum (swarm.md §4.1, §5)', () => {
  test('quorum lost → nothing is scheduled or restarted, and running tasks keep running on the workers', () => {
    const created = createSandbox({ seed: 14, preset: '3m2w' });
    if (!created.ok) throw new Error(created.error);
    const sandbox = created.value;
    const placement = { constraints: ['node.role==worker'], preferences: [], maxReplicas: 0 };
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 4 }, placement });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 4), 20_000);
    const running = () =>
      ['worker1', 'worker2']
        .flatMap((name) =>
          serviceContainers(machineNamed(sandbox.world, name)?.state.engine ?? ({ containers: [] } as never)),
        )
        .filter((container) => container.state === 'running')
        .map((container) => container.id)
        .sort();
    const before = running();
    expect(before).toHaveLength(4);
    killMachine(sandbox, 'manager2');
    killMachine(sandbox, 'manager3');
    const scaled = executeRequest(sandbox, 'manager1', {
      method: 'service.scale',
      params: { ref: 'helloworld', replicas: 8 },
    });
    expect(scaled.ok).toBe(false);
    wait(sandbox, 60_000);
    expect(running()).toEqual(before);
    killMachine(sandbox, 'worker1');
    wait(sandbox, 60_000);
    expect(running().length).toBe(2);
  });
});

describe('a node that joins later gets nothing until new tasks are scheduled (swarm.md §4.3)', () => {
  test('no rebalancing: a fourth node stays empty, a scale-up uses it first', () => {
    const sandbox = tutorialSwarm(15);
    createService(sandbox, { ...helloworld(), mode: { kind: 'replicated', replicas: 3 } });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 3), 15_000);
    addMachine(sandbox, 'worker3');
    const init = callValue<{ joinTokens: { worker: string } }>(sandbox, 'swarm.inspect');
    const joined = executeRequest(sandbox, 'worker3', {
      method: 'swarm.join',
      params: { token: init.joinTokens.worker, remoteAddr: '192.168.99.100:2377' },
    });
    expect(joined.ok).toBe(true);
    wait(sandbox, 20_000);
    expect(runningByNode(sandbox, 'helloworld').worker3).toBeUndefined();
    callValue(sandbox, 'service.scale', { ref: 'helloworld', replicas: 4 });
    waitUntil(sandbox, converged(sandbox, 'helloworld', 4), 15_000);
    expect(runningByNode(sandbox, 'helloworld').worker3).toBe(1);
    void ({} as InitResult);
  });
});
