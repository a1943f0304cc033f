/**
 * The filter pipeline and its `no suitable node (…)` explanations (swarm.md §2 and §4.3;
 * `moby/swarmkit:manager/scheduler/{pipeline,filter}.go`). Each filter is shown rejecting one
 * node and several nodes, through a real scheduling pass, so the text a student sees in
 * `docker service ps --no-trunc` is the text asserted here.
 */
import { describe, expect, it } from 'vitest';
import { createPipeline, explainFilter, explainPipeline, filterOrder, processNode } from './filters.js';
import { buildSchedulerState, nodeInfoOf } from './node-info.js';
import { scheduleTasks } from './scheduler.js';
import { gigabyte, makeNode, makeTask, makeTasks, nanoCpusPerCpu } from './testing.js';
import type { SchedulerNode, SchedulerTask } from './types.js';

function errorFor(
  nodes: SchedulerNode[],
  task: SchedulerTask,
  existing: SchedulerTask[] = [],
): string | undefined {
  const state = buildSchedulerState(nodes, existing, 0);
  const decisions = scheduleTasks(state, [task], 0);
  return decisions.unschedulable.find((entry) => entry.taskId === task.id)?.error;
}

function nodes(count: number, overrides: Partial<SchedulerNode> = {}): SchedulerNode[] {
  return Array.from({ length: count }, (_, index) => makeNode(`node-${index + 1}`, overrides));
}

describe('each filter explains itself, singular and plural (swarm.md §2)', () => {
  it('ready: Down, Drain, Pause and Unknown nodes are not available for new tasks', () => {
    expect(errorFor(nodes(1, { status: 'down' }), makeTask('t'))).toBe(
      'no suitable node (1 node not available for new tasks)',
    );
    const mixed = [
      makeNode('a', { availability: 'drain' }),
      makeNode('b', { availability: 'pause' }),
      makeNode('c', { status: 'unknown' }),
      makeNode('d', { status: 'disconnected' }),
    ];
    expect(errorFor(mixed, makeTask('t'))).toBe('no suitable node (4 nodes not available for new tasks)');
  });

  it('resources: reservations must fit what the node has left', () => {
    const big = makeTask('t', { reservations: { nanoCpus: 8 * nanoCpusPerCpu, memoryBytes: 0 } });
    expect(errorFor(nodes(1), big)).toBe('no suitable node (insufficient resources on 1 node)');
    const memory = makeTask('t', { reservations: { nanoCpus: 0, memoryBytes: 9 * gigabyte } });
    expect(errorFor(nodes(3), memory)).toBe('no suitable node (insufficient resources on 3 nodes)');
  });

  it('resources: tasks already on the node count against it', () => {
    const half = { nanoCpus: 3 * nanoCpusPerCpu, memoryBytes: 0 };
    const running = makeTask('old', { nodeId: 'node-1', state: 'running', reservations: half });
    expect(errorFor(nodes(1), makeTask('t', { reservations: half }), [running])).toBe(
      'no suitable node (insufficient resources on 1 node)',
    );
  });

  it('plugins: a required volume or network plugin must be installed', () => {
    const plugins = [{ type: 'Network', name: 'overlay' }];
    const task = makeTask('t', { requiredPlugins: [{ type: 'Volume', name: 'rexray' }] });
    expect(errorFor(nodes(1, { plugins }), task)).toBe('no suitable node (missing plugin on 1 node)');
    expect(errorFor(nodes(2, { plugins }), task)).toBe('no suitable node (missing plugin on 2 nodes)');
    const latest = [{ type: 'Volume', name: 'rexray:latest' }];
    expect(errorFor(nodes(1, { plugins: latest }), task)).toBeUndefined();
  });

  it('plugins: a log driver is only required from nodes that list log drivers', () => {
    const task = makeTask('t', { requiredPlugins: [{ type: 'Log', name: 'gelf' }] });
    expect(errorFor(nodes(1, { plugins: [] }), task)).toBeUndefined();
    const withLogs = [{ type: 'Log', name: 'json-file' }];
    expect(errorFor(nodes(1, { plugins: withLogs }), task)).toBe(
      'no suitable node (missing plugin on 1 node)',
    );
  });

  it('constraints: the text the tutorial shows for an unsatisfiable constraint', () => {
    const task = makeTask('t', { constraints: ['node.labels.region==mars'] });
    expect(errorFor(nodes(1), task)).toBe(
      'no suitable node (scheduling constraints not satisfied on 1 node)',
    );
    expect(errorFor(nodes(5), task)).toBe(
      'no suitable node (scheduling constraints not satisfied on 5 nodes)',
    );
  });

  it('platform: the image must support the node OS and architecture (x86_64 = amd64)', () => {
    const arm = makeTask('t', { platforms: [{ os: 'linux', architecture: 'arm64' }] });
    expect(errorFor(nodes(1), arm)).toBe('no suitable node (unsupported platform on 1 node)');
    expect(errorFor(nodes(2), arm)).toBe('no suitable node (unsupported platform on 2 nodes)');
    const amd = makeTask('t', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
    expect(errorFor(nodes(1), amd)).toBeUndefined();
  });

  it('host port: a host-mode published port can be used once per node', () => {
    const port = { protocol: 'tcp' as const, publishedPort: 8080 };
    const holder = makeTask('old', { nodeId: 'node-1', state: 'running', hostPorts: [port] });
    expect(errorFor(nodes(1), makeTask('t', { hostPorts: [port] }), [holder])).toBe(
      'no suitable node (host-mode port already in use on 1 node)',
    );
    const udp = makeTask('t', { hostPorts: [{ protocol: 'udp', publishedPort: 8080 }] });
    expect(errorFor(nodes(1), udp, [holder])).toBeUndefined();
  });

  it('host port: several nodes, plural', () => {
    const port = { protocol: 'tcp' as const, publishedPort: 80 };
    const holders = ['node-1', 'node-2'].map((nodeId, index) =>
      makeTask(`old${index}`, { nodeId, state: 'running', hostPorts: [port] }),
    );
    expect(errorFor(nodes(2), makeTask('t', { hostPorts: [port] }), holders)).toBe(
      'no suitable node (host-mode port already in use on 2 nodes)',
    );
  });

  it('max replicas: one text whatever the count', () => {
    expect(explainFilter('maxReplicas', 1)).toBe('max replicas per node limit exceed');
    expect(explainFilter('maxReplicas', 7)).toBe('max replicas per node limit exceed');
    const state = buildSchedulerState(nodes(2), [], 0);
    const decisions = scheduleTasks(state, makeTasks('web', 3, { maxReplicasPerNode: 1 }), 0);
    expect(decisions.unschedulable).toEqual([
      { taskId: 'web.3', error: 'no suitable node (max replicas per node limit exceed)' },
    ]);
  });
});

describe('explanations are aggregated most frequent first, joined with "; "', () => {
  it('orders by count, ties in pipeline order', () => {
    const mixed = [
      makeNode('a', { status: 'down' }),
      makeNode('b', { labels: { zone: 'west' } }),
      makeNode('c', { labels: { zone: 'west' } }),
    ];
    const task = makeTask('t', { constraints: ['node.labels.zone==east'] });
    expect(errorFor(mixed, task)).toBe(
      'no suitable node (scheduling constraints not satisfied on 2 nodes; 1 node not available for new tasks)',
    );
    expect(errorFor(mixed.slice(0, 2), task)).toBe(
      'no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node)',
    );
  });

  it('says just "no suitable node" when there is no node at all', () => {
    expect(errorFor([], makeTask('t'))).toBe('no suitable node');
  });

  it('forgets earlier failures once a node passes (SwarmKit resets the counts)', () => {
    const state = buildSchedulerState(
      [makeNode('a', { status: 'down' }), makeNode('b'), makeNode('c', { status: 'down' })],
      [],
      0,
    );
    const pipeline = createPipeline(makeTask('t'));
    for (const id of ['a', 'b', 'c']) processNode(pipeline, nodeInfoOf(state, id)!);
    expect(explainPipeline(pipeline)).toBe('1 node not available for new tasks');
  });

  it('max replicas and constraints together, as in the Docker docs example (scaling up a full service)', () => {
    const zoneX = { labels: { zone: 'x' } };
    const cluster = [
      makeNode('a', zoneX),
      makeNode('b'),
      makeNode('c'),
      makeNode('d', zoneX),
      makeNode('e', zoneX),
    ];
    const spec = { maxReplicasPerNode: 1, constraints: ['node.labels.zone==x'], serviceId: 'db' };
    const running = ['a', 'd', 'e'].map((nodeId) =>
      makeTask(`db-${nodeId}`, { ...spec, nodeId, state: 'running' }),
    );
    const state = buildSchedulerState(cluster, running, 0);
    const decisions = scheduleTasks(state, makeTasks('db', 2, spec), 0);
    const error =
      'no suitable node (max replicas per node limit exceed; scheduling constraints not satisfied on 2 nodes)';
    expect(decisions.assignments).toEqual([]);
    expect(decisions.unschedulable).toEqual([
      { taskId: 'db.1', error },
      { taskId: 'db.2', error },
    ]);
  });

  it('counts only the failures after the last node that fitted, as SwarmKit does', () => {
    const cluster = [makeNode('a', { labels: { zone: 'x' } }), makeNode('b'), makeNode('c')];
    const state = buildSchedulerState(cluster, [], 0);
    const tasks = makeTasks('db', 2, { maxReplicasPerNode: 1, constraints: ['node.labels.zone==x'] });
    const decisions = scheduleTasks(state, tasks, 0);
    expect(decisions.assignments.map((entry) => entry.nodeId)).toEqual(['a']);
    expect(decisions.unschedulable).toEqual([
      {
        taskId: 'db.2',
        error:
          'no suitable node (scheduling constraints not satisfied on 2 nodes; max replicas per node limit exceed)',
      },
    ]);
  });

  it('keeps the pipeline order SwarmKit uses', () => {
    expect(filterOrder).toEqual([
      'ready',
      'resources',
      'plugins',
      'constraints',
      'platform',
      'hostPort',
      'maxReplicas',
    ]);
  });
});
