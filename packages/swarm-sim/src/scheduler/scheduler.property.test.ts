/**
 * Oracle properties (STYLE.md §16): on random clusters, random existing tasks and failures, and
 * random task groups with constraints, spread preferences, reservations, host ports and replica
 * limits, `scheduleTasks` must place every task exactly where the deliberately simple
 * `referenceSchedule` does. Further properties check what must hold whatever the placement:
 * every placement passed the filters, and the incrementally maintained node bookkeeping equals
 * a rebuild from scratch. Replay a failure with the `seed` and `path` fast-check prints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeMatchesConstraints, parseConstraints } from './constraint.js';
import { createPipeline, processNode } from './filters.js';
import {
  activeTaskCountOf,
  addTaskToNode,
  buildSchedulerState,
  type NodeInfo,
  observeTask,
  type SchedulerState,
} from './node-info.js';
import { type ReferenceFailure, type ReferencePlacedTask, referenceSchedule } from './reference.js';
import { scheduleTasks } from './scheduler.js';
import { gigabyte, makeNode, makeTask, nanoCpusPerCpu } from './testing.js';
import type { PlacementPreference, SchedulerNode, SchedulerTask, SchedulingDecisions } from './types.js';

/** The value type an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer Value> ? Value : never;

const nowMs = 30 * 60 * 1000;
const builtAtMs = nowMs - 20 * 60 * 1000;
const services = ['web', 'db', 'cache'] as const;
const port80 = { protocol: 'tcp' as const, publishedPort: 80 };

const nodeArbitrary = fc.record({
  status: fc.constantFrom('ready', 'ready', 'ready', 'ready', 'down', 'unknown'),
  availability: fc.constantFrom('active', 'active', 'active', 'active', 'pause', 'drain'),
  zone: fc.constantFrom('a', 'b', 'c', null),
  rack: fc.constantFrom('1', '2', null),
  disk: fc.constantFrom('ssd', null),
  role: fc.constantFrom('manager', 'worker'),
  architecture: fc.constantFrom('x86_64', 'x86_64', 'arm64'),
  cpus: fc.integer({ min: 1, max: 4 }),
});

function toNode(index: number, spec: ValueOf<typeof nodeArbitrary>): SchedulerNode {
  const labels: Record<string, string> = {};
  if (spec.zone !== null) labels.zone = spec.zone;
  if (spec.rack !== null) labels.rack = spec.rack;
  return makeNode(`n${String(index).padStart(2, '0')}`, {
    status: spec.status as SchedulerNode['status'],
    availability: spec.availability as SchedulerNode['availability'],
    role: spec.role as SchedulerNode['role'],
    labels,
    engineLabels: spec.disk === null ? {} : { disk: spec.disk },
    platform: { os: 'linux', architecture: spec.architecture },
    ip: `10.0.${index}.1`,
    resources: { nanoCpus: spec.cpus * nanoCpusPerCpu, memoryBytes: 2 * gigabyte },
  });
}

const taskSpecArbitrary = fc.record({
  constraints: fc.subarray([
    'node.labels.zone!=c',
    'node.role==worker',
    'engine.labels.disk==ssd',
    'node.ip!=10.0.3.0/24',
    'node.platform.arch==x86_64',
  ]),
  preferences: fc.constantFrom<PlacementPreference[]>(
    [],
    [],
    [{ spread: 'node.labels.zone' }],
    [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }],
    [{ spread: 'engine.labels.disk' }],
  ),
  maxReplicasPerNode: fc.constantFrom(0, 0, 1, 2, 3),
  halfCpus: fc.constantFrom(0, 0, 1, 2),
  hostPort: fc.constantFrom(false, false, false, true),
  amd64Only: fc.constantFrom(false, false, true),
});

type TaskSpec = ValueOf<typeof taskSpecArbitrary>;

function taskOverrides(spec: TaskSpec): Partial<SchedulerTask> {
  return {
    constraints: spec.constraints,
    preferences: spec.preferences,
    maxReplicasPerNode: spec.maxReplicasPerNode,
    reservations: { nanoCpus: (spec.halfCpus * nanoCpusPerCpu) / 2, memoryBytes: 0 },
    hostPorts: spec.hostPort ? [port80] : [],
    platforms: spec.amd64Only ? [{ os: 'linux', architecture: 'amd64' }] : [],
  };
}

const rawScenarioArbitrary = fc.record({
  nodes: fc.array(nodeArbitrary, { minLength: 0, maxLength: 12 }),
  placed: fc.array(
    fc.record({
      node: fc.nat(),
      service: fc.constantFrom(...services),
      desiredState: fc.constantFrom('running', 'running', 'ready', 'shutdown'),
      halfCpus: fc.constantFrom(0, 0, 1),
      hostPort: fc.constantFrom(false, false, false, true),
    }),
    { maxLength: 16 },
  ),
  failureBursts: fc.array(
    fc.record({
      node: fc.nat(),
      service: fc.constantFrom(...services),
      specVersion: fc.constantFrom(1, 2),
      count: fc.integer({ min: 1, max: 7 }),
      agoMs: fc.integer({ min: 1, max: 6 * 60 * 1000 }),
      gapMs: fc.integer({ min: 1, max: 60 * 1000 }),
    }),
    { maxLength: 4 },
  ),
  groups: fc.uniqueArray(
    fc.record({
      service: fc.constantFrom(...services),
      specVersion: fc.constantFrom<number | null>(1, 2, 2, null),
      count: fc.integer({ min: 1, max: 14 }),
      spec: taskSpecArbitrary,
    }),
    { minLength: 1, maxLength: 3, selector: (group) => `${group.service}/${group.specVersion}` },
  ),
  preassigned: fc.record({ nodes: fc.array(fc.nat(), { maxLength: 3 }), spec: taskSpecArbitrary }),
});

type RawScenario = ValueOf<typeof rawScenarioArbitrary>;

interface Scenario {
  readonly nodes: SchedulerNode[];
  readonly placed: ReferencePlacedTask[];
  readonly failures: ReferenceFailure[];
  readonly pending: SchedulerTask[];
}

function buildScenario(raw: RawScenario): Scenario {
  const nodes = raw.nodes.map((spec, index) => toNode(index, spec));
  const pickNode = (index: number): string =>
    nodes.length === 0 ? 'missing' : (nodes[index % nodes.length] as SchedulerNode).id;
  const placed: ReferencePlacedTask[] = raw.placed.map((task, index) => ({
    taskId: `placed${index}`,
    nodeId: pickNode(task.node),
    serviceId: task.service,
    desiredState: task.desiredState as SchedulerTask['desiredState'],
    reservations: { nanoCpus: (task.halfCpus * nanoCpusPerCpu) / 2, memoryBytes: 0 },
    hostPorts: task.hostPort ? [port80] : [],
  }));
  const failures: ReferenceFailure[] = raw.failureBursts
    .flatMap((burst) =>
      Array.from({ length: burst.count }, (_, index) => ({
        nodeId: pickNode(burst.node),
        serviceId: burst.service,
        specVersion: burst.specVersion,
        atMs: nowMs - burst.agoMs - index * burst.gapMs,
      })),
    )
    .sort((left, right) => left.atMs - right.atMs);
  const pending: SchedulerTask[] = [];
  raw.groups.forEach((group, groupIndex) => {
    for (let index = 0; index < group.count; index++) {
      pending.push(
        makeTask(`g${groupIndex}.${index}`, {
          serviceId: group.service,
          specVersion: group.specVersion,
          ...taskOverrides(group.spec),
        }),
      );
    }
  });
  raw.preassigned.nodes.forEach((node, index) => {
    const nodeId = node % 5 === 4 ? 'missing' : pickNode(node);
    pending.push(
      makeTask(`global${index}`, { serviceId: 'agent', nodeId, ...taskOverrides(raw.preassigned.spec) }),
    );
  });
  return { nodes, placed, failures, pending };
}

const scenarioArbitrary = rawScenarioArbitrary.map(buildScenario);

function placedAsTask(task: ReferencePlacedTask): SchedulerTask {
  return makeTask(task.taskId, {
    serviceId: task.serviceId,
    nodeId: task.nodeId,
    state: 'running',
    desiredState: task.desiredState,
    reservations: task.reservations,
    hostPorts: task.hostPorts,
  });
}

function realSchedule(scenario: Scenario): { state: SchedulerState; decisions: SchedulingDecisions } {
  const state = buildSchedulerState(scenario.nodes, scenario.placed.map(placedAsTask), builtAtMs);
  scenario.failures.forEach((failure, index) => {
    const task = makeTask(`failed${index}`, {
      serviceId: failure.serviceId,
      specVersion: failure.specVersion,
      nodeId: failure.nodeId,
      state: 'running',
    });
    observeTask(state, task, failure.atMs);
    observeTask(state, { ...task, state: 'failed' }, failure.atMs);
  });
  return { state, decisions: scheduleTasks(state, scenario.pending, nowMs) };
}

function branchCounts(
  nodes: readonly SchedulerNode[],
  assignments: Record<string, string>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const nodeId of Object.values(assignments)) {
    const zone = nodes.find((node) => node.id === nodeId)?.labels.zone ?? '';
    counts[zone] = (counts[zone] ?? 0) + 1;
  }
  return counts;
}

const runs = { numRuns: 400 };

describe('scheduleTasks agrees with the simple reference (swarm.md §4.3)', () => {
  it('places every task on the same node, so counts per node and per branch agree, and leaves the same tasks pending', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { decisions } = realSchedule(scenario);
        const expected = referenceSchedule(
          scenario.nodes,
          scenario.placed,
          scenario.failures,
          scenario.pending,
          nowMs,
        );
        const actual = Object.fromEntries(decisions.assignments.map((entry) => [entry.taskId, entry.nodeId]));
        expect(actual).toEqual(expected.assignments);
        expect(branchCounts(scenario.nodes, actual)).toEqual(
          branchCounts(scenario.nodes, expected.assignments),
        );
        const pendingIds = decisions.unschedulable.map((entry) => entry.taskId).sort();
        expect(pendingIds).toEqual([...expected.unschedulable].sort());
      }),
      runs,
    );
  });
});

describe('invariants of every scheduling pass', () => {
  it('decides each task at most once, and every unassigned pending task exactly once', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { decisions } = realSchedule(scenario);
        const decided = [...decisions.assignments, ...decisions.unschedulable].map((entry) => entry.taskId);
        expect(new Set(decided).size).toBe(decided.length);
        for (const task of scenario.pending) {
          if (task.nodeId === null) expect(decided).toContain(task.id);
        }
      }),
      runs,
    );
  });

  it('only places a task where it passed every filter at that moment', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { decisions } = realSchedule(scenario);
        const byId = new Map(scenario.pending.map((task) => [task.id, task]));
        const replay = buildSchedulerState(scenario.nodes, scenario.placed.map(placedAsTask), builtAtMs);
        for (const { taskId, nodeId } of decisions.assignments) {
          const task = byId.get(taskId) as SchedulerTask;
          const info = replay.nodes[nodeId] as NodeInfo;
          expect([info.node.status, info.node.availability]).toEqual(['ready', 'active']);
          const parsed = parseConstraints(task.constraints);
          expect(parsed.ok && nodeMatchesConstraints(parsed.value, info.node)).toBe(true);
          if (task.reservations.nanoCpus > 0) {
            expect(info.availableNanoCpus).toBeGreaterThanOrEqual(task.reservations.nanoCpus);
          }
          if (task.maxReplicasPerNode > 0) {
            expect(activeTaskCountOf(info, task.serviceId)).toBeLessThan(task.maxReplicasPerNode);
          }
          for (const port of task.hostPorts)
            expect(info.usedHostPorts[`${port.protocol}/${port.publishedPort}`]).toBeUndefined();
          expect(processNode(createPipeline(task), info)).toBe(true);
          addTaskToNode(info, { ...task, nodeId, state: 'assigned' });
        }
      }),
      runs,
    );
  });

  it('keeps node bookkeeping equal to a rebuild from scratch', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { state, decisions } = realSchedule(scenario);
        const byId = new Map(scenario.pending.map((task) => [task.id, task]));
        const assigned = decisions.assignments.map((entry) => ({
          ...(byId.get(entry.taskId) as SchedulerTask),
          nodeId: entry.nodeId,
          state: 'assigned' as const,
        }));
        const rebuilt = buildSchedulerState(
          scenario.nodes,
          [...scenario.placed.map(placedAsTask), ...assigned],
          builtAtMs,
        );
        expect(rebuilt.nodeIds).toEqual(state.nodeIds);
        for (const nodeId of state.nodeIds) {
          const {
            recentFailureTimesMs: _a,
            failureCleanupAtMs: _b,
            ...incremental
          } = state.nodes[nodeId] as NodeInfo;
          const {
            recentFailureTimesMs: _c,
            failureCleanupAtMs: _d,
            ...fresh
          } = rebuilt.nodes[nodeId] as NodeInfo;
          expect(incremental).toEqual(fresh);
        }
      }),
      runs,
    );
  });
});
