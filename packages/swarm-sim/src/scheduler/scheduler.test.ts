/**
 * Scheduler behaviour, one user-visible rule per test, from swarm.md §4.3 (scheduler), §4.6
 * (global services are preassigned), §6.5 (tutorial: scale to 5) and the Docker docs' placement
 * preference example. Method: build a cluster (init), run one scheduling pass (act), check where
 * the tasks went and what the leftovers say (check).
 */
import { describe, expect, it } from 'vitest';
import {
  buildSchedulerState,
  createSchedulerState,
  forgetTask,
  nodeInfoOf,
  observeTask,
  recentFailureCount,
  removeNode,
  upsertNode,
} from './node-info.js';
import { scheduleTasks } from './scheduler.js';
import { countByNode, makeNode, makeTask, makeTasks, nanoCpusPerCpu } from './testing.js';
import {
  assignedMessage,
  faultyNodeWindowMs,
  preassignedConfirmedMessage,
  type SchedulerNode,
  type SchedulerTask,
} from './types.js';

const datacenter = (name: string) => ({ labels: { datacenter: name } });

describe('spreading over equally loaded nodes (swarm.md §4.3 fill, §6 step 5)', () => {
  it('tutorial: 5 tasks on 3 empty nodes land 2/2/1', () => {
    const state = buildSchedulerState(
      [makeNode('manager1'), makeNode('worker1'), makeNode('worker2')],
      [],
      0,
    );
    const decisions = scheduleTasks(state, makeTasks('helloworld', 5), 0);
    expect(countByNode(decisions.assignments)).toEqual({ manager1: 2, worker1: 2, worker2: 1 });
    expect(decisions.assignments.every((entry) => entry.message === assignedMessage)).toBe(true);
    expect(decisions.unschedulable).toEqual([]);
  });

  it('prefers the node with fewest tasks of this service, then fewest tasks in total', () => {
    const other = (id: string, nodeId: string) => makeTask(id, { serviceId: 'db', nodeId, state: 'running' });
    const mine = (id: string, nodeId: string) => makeTask(id, { nodeId, state: 'running' });
    const existing = [mine('w1', 'a'), other('d1', 'b'), other('d2', 'b'), other('d3', 'c')];
    const state = buildSchedulerState([makeNode('a'), makeNode('b'), makeNode('c')], existing, 0);
    const decisions = scheduleTasks(state, makeTasks('web', 2), 0);
    expect(decisions.assignments.map((entry) => entry.nodeId)).toEqual(['c', 'b']);
  });

  it('counts only tasks whose desired state is at most COMPLETE as active', () => {
    const stopping = makeTasks('old', 3, { nodeId: 'a', state: 'running', desiredState: 'shutdown' });
    const state = buildSchedulerState([makeNode('a'), makeNode('b')], stopping, 0);
    expect(nodeInfoOf(state, 'a')?.activeTaskCount).toBe(0);
    expect(scheduleTasks(state, makeTasks('web', 1), 0).assignments[0]?.nodeId).toBe('a');
  });

  it('levels from the best node onward and never goes back: SwarmKit leaves an early node behind', () => {
    const existing = makeTasks('old', 5, { nodeId: 'c', state: 'running' });
    const state = buildSchedulerState([makeNode('a'), makeNode('b'), makeNode('c')], existing, 0);
    const decisions = scheduleTasks(state, makeTasks('web', 10), 0);
    expect(countByNode(decisions.assignments)).toEqual({ a: 2, b: 7, c: 1 });
  });
});

describe('placement preferences (swarm.md §4.3 tree)', () => {
  it('docs example: 9 replicas over datacenters with 3/2/1 nodes give 3 per datacenter', () => {
    const cluster = [
      makeNode('a1', datacenter('east')),
      makeNode('a2', datacenter('east')),
      makeNode('a3', datacenter('east')),
      makeNode('b1', datacenter('south')),
      makeNode('b2', datacenter('south')),
      makeNode('c1', datacenter('west')),
    ];
    const state = buildSchedulerState(cluster, [], 0);
    const tasks = makeTasks('web', 9, { preferences: [{ spread: 'node.labels.datacenter' }] });
    const counts = countByNode(scheduleTasks(state, tasks, 0).assignments);
    expect(counts).toEqual({ a1: 1, a2: 1, a3: 1, b1: 2, b2: 1, c1: 3 });
  });

  it('tops up the emptier branch first, counting tasks already running there', () => {
    const existing = makeTasks('old', 4, { nodeId: 'e1', state: 'running' });
    const state = buildSchedulerState(
      [makeNode('e1', datacenter('east')), makeNode('w1', datacenter('west'))],
      existing,
      0,
    );
    const tasks = makeTasks('web', 6, { preferences: [{ spread: 'node.labels.datacenter' }] });
    expect(countByNode(scheduleTasks(state, tasks, 0).assignments)).toEqual({ e1: 1, w1: 5 });
  });

  it('puts nodes without the label in a "" branch of their own', () => {
    const state = buildSchedulerState(
      [makeNode('x', datacenter('east')), makeNode('y'), makeNode('z')],
      [],
      0,
    );
    const tasks = makeTasks('web', 4, { preferences: [{ spread: 'node.labels.datacenter' }] });
    expect(countByNode(scheduleTasks(state, tasks, 0).assignments)).toEqual({ x: 2, y: 1, z: 1 });
  });

  it('re-splits over the other branches when one has no room', () => {
    const small = { resources: { nanoCpus: nanoCpusPerCpu, memoryBytes: 1 << 30 } };
    const cluster = [
      makeNode('a', datacenter('east')),
      makeNode('b', datacenter('south')),
      makeNode('c', { ...datacenter('west'), ...small }),
    ];
    const state = buildSchedulerState(cluster, [], 0);
    const tasks = makeTasks('web', 9, {
      preferences: [{ spread: 'node.labels.datacenter' }],
      reservations: { nanoCpus: nanoCpusPerCpu / 2, memoryBytes: 0 },
    });
    const decisions = scheduleTasks(state, tasks, 0);
    expect(countByNode(decisions.assignments)).toEqual({ a: 4, b: 3, c: 2 });
    expect(decisions.unschedulable).toEqual([]);
  });

  it('nests several preferences in the order given', () => {
    const node = (id: string, zone: string, rack: string) => makeNode(id, { labels: { zone, rack } });
    const cluster = [node('n1', 'a', '1'), node('n2', 'a', '1'), node('n3', 'a', '2'), node('n4', 'b', '1')];
    const state = buildSchedulerState(cluster, [], 0);
    const preferences = [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }];
    const decisions = scheduleTasks(state, makeTasks('web', 8, { preferences }), 0);
    expect(countByNode(decisions.assignments)).toEqual({ n1: 1, n2: 1, n3: 2, n4: 4 });
  });

  it("keeps SwarmKit's stale branch counts in a nested re-split, and stops where SwarmKit would spin", () => {
    // Zone s holds racks 1 (5 tasks), 2 (empty) and 3 (drained); zone t holds 5 tasks. The root
    // asks zone s for 4 tasks, but s re-splits against its original counts and keeps giving rack 2
    // more, until the group is empty; SwarmKit's loop would then never end. See docs/scheduling.md.
    const node = (id: string, zone: string, rack: string, extra: Partial<SchedulerNode> = {}) =>
      makeNode(id, { labels: { zone, rack }, ...extra });
    const cluster = [
      node('s1', 's', '1'),
      node('s2', 's', '2'),
      node('s3', 's', '3', { availability: 'drain' }),
      node('t1', 't', '1'),
    ];
    const existing = [
      ...makeTasks('old-s', 5, { nodeId: 's1', state: 'running' }),
      ...makeTasks('old-t', 5, { nodeId: 't1', state: 'running' }),
    ];
    const state = buildSchedulerState(cluster, existing, 0);
    const preferences = [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }];
    const decisions = scheduleTasks(state, makeTasks('web', 8, { preferences }), 0);
    expect(countByNode(decisions.assignments)).toEqual({ s2: 8 });
  });

  it('spreads over engine labels too, and ignores descriptors that are not labels', () => {
    const cluster = [makeNode('p', { engineLabels: { disk: 'ssd' } }), makeNode('q'), makeNode('r')];
    const state = buildSchedulerState(cluster, [], 0);
    const preferences = [{ spread: 'node.hostname' }, { spread: 'engine.labels.disk' }];
    expect(countByNode(scheduleTasks(state, makeTasks('web', 4, { preferences }), 0).assignments)).toEqual({
      p: 2,
      q: 1,
      r: 1,
    });
  });
});

describe('faulty-node down-weighting (swarm.md §4.3 nodeLess rule 1)', () => {
  function stateWithFailures(failureTimesMs: readonly number[], specVersion = 1) {
    const state = buildSchedulerState(
      [makeNode('a'), makeNode('b')],
      [makeTask('busy', { serviceId: 'db', nodeId: 'b', state: 'running' })],
      0,
    );
    failureTimesMs.forEach((atMs, index) => {
      const task = makeTask(`crash${index}`, { nodeId: 'a', state: 'running', specVersion });
      observeTask(state, task, atMs);
      observeTask(state, { ...task, state: 'failed' }, atMs);
    });
    return state;
  }
  const nowMs = 10 * 60 * 1000;
  const recent = [5, 4, 3, 2, 1].map((step) => nowMs - step * 30_000);

  it('ranks a node with 5 failures of this service version in 5 minutes behind busier nodes', () => {
    const state = stateWithFailures(recent);
    expect(scheduleTasks(state, makeTasks('web', 1), nowMs).assignments[0]?.nodeId).toBe('b');
  });

  it('does not down-weight at 4 failures', () => {
    const state = stateWithFailures(recent.slice(0, 4));
    expect(scheduleTasks(state, makeTasks('web', 1), nowMs).assignments[0]?.nodeId).toBe('a');
  });

  it('forgets failures older than 5 minutes', () => {
    const state = stateWithFailures([nowMs - faultyNodeWindowMs - 1, ...recent.slice(0, 4)]);
    expect(recentFailureCount(nodeInfoOf(state, 'a')!, 'web@1', nowMs)).toBe(4);
    expect(scheduleTasks(state, makeTasks('web', 1), nowMs).assignments[0]?.nodeId).toBe('a');
  });

  it('counts failures per service version: a new spec version starts clean', () => {
    const state = stateWithFailures(recent, 1);
    expect(scheduleTasks(state, makeTasks('web', 1, { specVersion: 2 }), nowMs).assignments[0]?.nodeId).toBe(
      'a',
    );
  });

  it('still uses the faulty node when it is the only one left', () => {
    const state = stateWithFailures(recent);
    const decisions = scheduleTasks(state, makeTasks('web', 3, { maxReplicasPerNode: 2 }), nowMs);
    expect(countByNode(decisions.assignments)).toEqual({ a: 1, b: 2 });
  });

  it('does not hold failures of preassigned (global) tasks against the node', () => {
    const state = buildSchedulerState([makeNode('a')], [], 0);
    for (let index = 0; index < 5; index++) {
      const task = makeTask(`g${index}`, { nodeId: 'a' });
      scheduleTasks(state, [task], 1000);
      observeTask(state, { ...task, state: 'failed' }, 1000);
    }
    expect(recentFailureCount(nodeInfoOf(state, 'a')!, 'web@1', 1000)).toBe(0);
  });
});

describe('max replicas per node (swarm.md §1.12 --replicas-max-per-node)', () => {
  it('places at most N per node and leaves the rest pending with the SwarmKit error', () => {
    const state = buildSchedulerState([makeNode('a'), makeNode('b'), makeNode('c')], [], 0);
    const decisions = scheduleTasks(state, makeTasks('web', 5, { maxReplicasPerNode: 1 }), 0);
    expect(countByNode(decisions.assignments)).toEqual({ a: 1, b: 1, c: 1 });
    expect(decisions.unschedulable.map((entry) => entry.error)).toEqual([
      'no suitable node (max replicas per node limit exceed)',
      'no suitable node (max replicas per node limit exceed)',
    ]);
  });

  it('counts replicas already running', () => {
    const running = makeTasks('old', 2, { nodeId: 'a', state: 'running' });
    const state = buildSchedulerState([makeNode('a'), makeNode('b')], running, 0);
    const decisions = scheduleTasks(state, makeTasks('web', 3, { maxReplicasPerNode: 2 }), 0);
    expect(countByNode(decisions.assignments)).toEqual({ b: 2 });
    expect(decisions.unschedulable).toHaveLength(1);
  });
});

describe('global services: preassigned tasks are only confirmed (swarm.md §4.6)', () => {
  const cluster: SchedulerNode[] = [
    makeNode('a'),
    makeNode('b', { availability: 'drain' }),
    makeNode('c', { status: 'down' }),
  ];
  const globalTask = (nodeId: string) => makeTask(`global.${nodeId}`, { serviceId: 'agent', nodeId });

  it('confirms a task on a ready node with its own message', () => {
    const state = buildSchedulerState(cluster, [], 0);
    const decisions = scheduleTasks(state, [globalTask('a')], 0);
    expect(decisions.assignments).toEqual([
      { taskId: 'global.a', nodeId: 'a', message: preassignedConfirmedMessage },
    ]);
    expect(nodeInfoOf(state, 'a')?.activeTaskCount).toBe(1);
  });

  it('leaves a task on an unavailable node pending with the bare filter explanation', () => {
    const state = buildSchedulerState(cluster, [], 0);
    const decisions = scheduleTasks(state, [globalTask('b'), globalTask('c')], 0);
    expect(decisions.unschedulable).toEqual([
      { taskId: 'global.b', error: '1 node not available for new tasks' },
      { taskId: 'global.c', error: '1 node not available for new tasks' },
    ]);
  });

  it('says nothing about a task whose node the scheduler does not know', () => {
    const state = buildSchedulerState(cluster, [], 0);
    expect(scheduleTasks(state, [globalTask('gone')], 0)).toEqual({
      assignments: [],
      unschedulable: [],
      shutdown: [],
    });
  });

  it('checks resources on the preassigned node', () => {
    const state = buildSchedulerState(cluster, [], 0);
    const hungry = makeTask('g', {
      nodeId: 'a',
      reservations: { nanoCpus: 64 * nanoCpusPerCpu, memoryBytes: 0 },
    });
    expect(scheduleTasks(state, [hungry], 0).unschedulable).toEqual([
      { taskId: 'g', error: 'insufficient resources on 1 node' },
    ]);
  });

  it('confirms preassigned tasks before placing the others, which then see them', () => {
    const state = buildSchedulerState([makeNode('a'), makeNode('b')], [], 0);
    const tasks = [...makeTasks('web', 1), makeTask('pinned', { nodeId: 'a' })];
    const decisions = scheduleTasks(state, tasks, 0);
    expect(decisions.assignments.map((entry) => [entry.taskId, entry.nodeId])).toEqual([
      ['pinned', 'a'],
      ['web.1', 'b'],
    ]);
  });
});

describe('what the scheduler never does (swarm.md §4.3)', () => {
  it('never moves a running task: a node that joins only gets new tasks', () => {
    const running = makeTasks('old', 4, { nodeId: 'a', state: 'running' });
    const state = buildSchedulerState([makeNode('a')], running, 0);
    upsertNode(state, makeNode('b'), 1000);
    const decisions = scheduleTasks(state, [...running, ...makeTasks('web', 3)], 1000);
    expect(decisions.assignments.map((entry) => entry.taskId)).toEqual(['web.1', 'web.2', 'web.3']);
    expect(countByNode(decisions.assignments)).toEqual({ b: 3 });
  });

  it('ignores tasks that are not pending', () => {
    const state = buildSchedulerState([makeNode('a')], [], 0);
    const done = makeTask('done', { state: 'complete' });
    const fresh = makeTask('fresh', { state: 'new' });
    expect(scheduleTasks(state, [done, fresh], 0).assignments).toEqual([]);
  });
});

describe('task groups (service, spec version)', () => {
  it('places groups in first-seen order, one-off tasks last', () => {
    const state = buildSchedulerState([makeNode('a'), makeNode('b')], [], 0);
    const tasks = [
      makeTask('loner', { serviceId: 'x', specVersion: null }),
      ...makeTasks('v2', 2, { specVersion: 2 }),
      ...makeTasks('v1', 1, { specVersion: 1 }),
    ];
    const decisions = scheduleTasks(state, tasks, 0);
    expect(decisions.assignments.map((entry) => [entry.taskId, entry.nodeId])).toEqual([
      ['v2.1', 'a'],
      ['v2.2', 'b'],
      ['v1.1', 'a'],
      ['loner', 'b'],
    ]);
  });

  it('drops tasks of deleted services and shuts down stale pending ones when told the current versions', () => {
    const state = buildSchedulerState([makeNode('a', { status: 'down' })], [], 0);
    const tasks = [
      makeTask('current', { specVersion: 3 }),
      makeTask('stale', { specVersion: 2, desiredState: 'shutdown' }),
      makeTask('stale-running', { specVersion: 2 }),
      makeTask('orphan', { serviceId: 'deleted' }),
    ];
    const decisions = scheduleTasks(state, tasks, 0, { serviceSpecVersions: { web: 3 } });
    expect(decisions.unschedulable.map((entry) => entry.taskId)).toEqual(['current']);
    expect(decisions.shutdown).toEqual(['stale']);
  });
});

describe('incremental bookkeeping (NodeInfo kept up to date by the model)', () => {
  it('tracks a task from assignment to removal, and records a failure on its node', () => {
    const state = buildSchedulerState([makeNode('a')], [], 0);
    const task = makeTask('t', { reservations: { nanoCpus: nanoCpusPerCpu, memoryBytes: 0 } });
    scheduleTasks(state, [task], 0);
    const info = nodeInfoOf(state, 'a')!;
    expect([info.activeTaskCount, info.availableNanoCpus]).toEqual([1, 3 * nanoCpusPerCpu]);
    const assigned: SchedulerTask = { ...task, nodeId: 'a', state: 'running' };
    expect(observeTask(state, assigned, 10)).toBe(false);
    expect(info.activeTaskCount).toBe(1);
    expect(observeTask(state, { ...assigned, state: 'failed' }, 20)).toBe(true);
    expect([info.activeTaskCount, info.availableNanoCpus]).toEqual([0, 4 * nanoCpusPerCpu]);
    expect(recentFailureCount(info, 'web@1', 20)).toBe(1);
  });

  it('updates counts when the desired state crosses COMPLETE, and on delete', () => {
    const state = buildSchedulerState([makeNode('a')], [], 0);
    const task = makeTask('t', { nodeId: 'a', state: 'running' });
    observeTask(state, task, 0);
    observeTask(state, { ...task, desiredState: 'shutdown' }, 0);
    expect(nodeInfoOf(state, 'a')?.activeTaskCountByService).toEqual({});
    expect(forgetTask(state, task)).toBe(true);
    expect(nodeInfoOf(state, 'a')?.tasks).toEqual({});
  });

  it('recomputes resources when a node is updated, and forgets removed nodes', () => {
    const state = createSchedulerState();
    upsertNode(state, makeNode('b'), 0);
    upsertNode(state, makeNode('a'), 0);
    expect(state.nodeIds).toEqual(['a', 'b']);
    observeTask(
      state,
      makeTask('t', { nodeId: 'a', state: 'running', reservations: { nanoCpus: 5, memoryBytes: 7 } }),
      0,
    );
    upsertNode(state, makeNode('a', { resources: { nanoCpus: 10, memoryBytes: 10 } }), 0);
    expect([nodeInfoOf(state, 'a')?.availableNanoCpus, nodeInfoOf(state, 'a')?.availableMemoryBytes]).toEqual(
      [5, 3],
    );
    removeNode(state, 'a');
    expect(state.nodeIds).toEqual(['b']);
    expect(scheduleTasks(state, [makeTask('x', { nodeId: 'a' })], 0).assignments).toEqual([]);
  });

  it('keeps state as plain data: a JSON round trip schedules identically', () => {
    const cluster = [
      makeNode('a', datacenter('x')),
      makeNode('b', datacenter('y')),
      makeNode('c', datacenter('y')),
    ];
    const state = buildSchedulerState(cluster, makeTasks('old', 3, { nodeId: 'b', state: 'running' }), 0);
    const copy = JSON.parse(JSON.stringify(state));
    const tasks = makeTasks('web', 7, { preferences: [{ spread: 'node.labels.datacenter' }] });
    expect(scheduleTasks(copy, tasks, 0)).toEqual(scheduleTasks(state, tasks, 0));
    expect(copy).toEqual(state);
  });
});
