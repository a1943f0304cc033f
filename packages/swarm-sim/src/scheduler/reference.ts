/**
 * A deliberately simple scheduler, for tests only: the oracle that `scheduleTasks` is checked
 * against. It follows docs/scheduling.md step by step with the plainest data structures: a flat
 * list of placed tasks scanned for every question, full sorts instead of heaps, recursion instead
 * of bookkeeping. It is slow on purpose; nothing outside tests may import it.
 */
import { labelValue, nodeMatchesConstraints, parseConstraints, spreadLabel } from './constraint.js';
import { platformMatches } from './filters.js';
import {
  faultyNodeFailuresMin,
  faultyNodeWindowMs,
  type HostPort,
  type Resources,
  type SchedulerNode,
  type SchedulerTask,
  type SchedulerTaskState,
  taskStateRank,
} from './types.js';

export interface ReferencePlacedTask {
  readonly taskId: string;
  readonly nodeId: string;
  readonly serviceId: string;
  readonly desiredState: SchedulerTaskState;
  readonly reservations: Resources;
  readonly hostPorts: readonly HostPort[];
}

export interface ReferenceFailure {
  readonly nodeId: string;
  readonly serviceId: string;
  readonly specVersion: number | null;
  readonly atMs: number;
}

export interface ReferenceResult {
  /** taskId -> nodeId, for every task placed in this pass. */
  readonly assignments: Record<string, string>;
  /** Tasks that were tried and did not fit, in any order. */
  readonly unschedulable: string[];
}

interface World {
  readonly nodes: readonly SchedulerNode[];
  readonly placed: ReferencePlacedTask[];
  readonly failures: readonly ReferenceFailure[];
  readonly nowMs: number;
  readonly result: ReferenceResult;
}

export function referenceSchedule(
  nodes: readonly SchedulerNode[],
  placed: readonly ReferencePlacedTask[],
  failures: readonly ReferenceFailure[],
  pending: readonly SchedulerTask[],
  nowMs: number,
): ReferenceResult {
  const sortedNodes = [...nodes].sort((left, right) =>
    left.id < right.id ? -1 : left.id > right.id ? 1 : 0,
  );
  const world: World = {
    nodes: sortedNodes,
    placed: [...placed],
    failures,
    nowMs,
    result: { assignments: {}, unschedulable: [] },
  };
  for (const task of pending) {
    if (task.nodeId === null || task.state !== 'pending') continue;
    const node = sortedNodes.find((candidate) => candidate.id === task.nodeId);
    if (node === undefined) continue;
    if (fits(world, task, node)) place(world, task, node);
    else world.result.unschedulable.push(task.id);
  }
  const queue = pending.filter((task) => task.nodeId === null && task.state === 'pending');
  const versioned = queue.filter((task) => task.specVersion !== null);
  const keys = [...new Set(versioned.map((task) => `${task.serviceId}/${task.specVersion}`))];
  const groups = keys.map((key) =>
    versioned.filter((task) => `${task.serviceId}/${task.specVersion}` === key),
  );
  for (const task of queue) if (task.specVersion === null) groups.push([task]);
  for (const group of groups) scheduleGroup(world, group);
  return world.result;
}

function place(world: World, task: SchedulerTask, node: SchedulerNode): void {
  world.placed.push({
    taskId: task.id,
    nodeId: node.id,
    serviceId: task.serviceId,
    desiredState: task.desiredState,
    reservations: task.reservations,
    hostPorts: task.hostPorts,
  });
  world.result.assignments[task.id] = node.id;
}

function isActive(task: ReferencePlacedTask): boolean {
  return taskStateRank[task.desiredState] <= taskStateRank.complete;
}

function serviceCount(world: World, nodeId: string, serviceId: string): number {
  return world.placed.filter(
    (task) => task.nodeId === nodeId && task.serviceId === serviceId && isActive(task),
  ).length;
}

function totalCount(world: World, nodeId: string): number {
  return world.placed.filter((task) => task.nodeId === nodeId && isActive(task)).length;
}

/** Every filter, answered from scratch. */
function fits(world: World, task: SchedulerTask, node: SchedulerNode): boolean {
  if (node.status !== 'ready' || node.availability !== 'active') return false;
  const onNode = world.placed.filter((placedTask) => placedTask.nodeId === node.id);
  const reservations = task.reservations;
  if (reservations.nanoCpus !== 0 || reservations.memoryBytes !== 0) {
    const usedCpus = onNode.reduce((sum, placedTask) => sum + placedTask.reservations.nanoCpus, 0);
    const usedMemory = onNode.reduce((sum, placedTask) => sum + placedTask.reservations.memoryBytes, 0);
    if (reservations.nanoCpus > node.resources.nanoCpus - usedCpus) return false;
    if (reservations.memoryBytes > node.resources.memoryBytes - usedMemory) return false;
  }
  if (task.constraints.length > 0) {
    const parsed = parseConstraints(task.constraints);
    if (parsed.ok && !nodeMatchesConstraints(parsed.value, node)) return false;
  }
  const platforms = task.platforms ?? [];
  if (platforms.length > 0 && !platforms.some((platform) => platformMatches(platform, node.platform)))
    return false;
  for (const port of task.hostPorts) {
    if (port.publishedPort === 0) continue;
    const taken = onNode.some((placedTask) =>
      placedTask.hostPorts.some(
        (used) => used.protocol === port.protocol && used.publishedPort === port.publishedPort,
      ),
    );
    if (taken) return false;
  }
  if (task.maxReplicasPerNode > 0 && serviceCount(world, node.id, task.serviceId) >= task.maxReplicasPerNode)
    return false;
  return true;
}

function recentFailures(world: World, nodeId: string, task: SchedulerTask): number {
  return world.failures.filter(
    (failure) =>
      failure.nodeId === nodeId &&
      failure.serviceId === task.serviceId &&
      (failure.specVersion ?? 0) === (task.specVersion ?? 0) &&
      world.nowMs - failure.atMs <= faultyNodeWindowMs,
  ).length;
}

/** nodeLess as a sort key: [penalty, tasks of the service, all tasks]. */
function loadKey(world: World, node: SchedulerNode, task: SchedulerTask): number[] {
  const failures = recentFailures(world, node.id, task);
  return [
    failures >= faultyNodeFailuresMin ? failures : 0,
    serviceCount(world, node.id, task.serviceId),
    totalCount(world, node.id),
  ];
}

function compareKeys(left: number[], right: number[]): number {
  for (let index = 0; index < left.length; index++) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}

function sortBest(world: World, nodes: SchedulerNode[], task: SchedulerTask): void {
  nodes.sort(
    (left, right) =>
      compareKeys(loadKey(world, left, task), loadKey(world, right, task)) ||
      (left.id < right.id ? -1 : left.id > right.id ? 1 : 0),
  );
}

interface Branch {
  readonly tasks: number;
  readonly children: Branch[] | null;
  candidates: SchedulerNode[];
  visited: boolean;
}

/** The tree over all nodes, one level per label preference; leaves keep their best N fitting nodes. */
function buildBranch(
  world: World,
  nodes: SchedulerNode[],
  task: SchedulerTask,
  levels: string[],
  groupSize: number,
): Branch {
  const tasks = nodes.reduce((sum, node) => sum + serviceCount(world, node.id, task.serviceId), 0);
  if (levels.length === 0) {
    const candidates = nodes.filter((node) => fits(world, task, node));
    sortBest(world, candidates, task);
    return { tasks, children: null, candidates: candidates.slice(0, groupSize), visited: false };
  }
  const level = spreadLabel(levels[0] as string);
  if (level === null) return buildBranch(world, nodes, task, levels.slice(1), groupSize);
  const labelOf = (node: SchedulerNode): string =>
    labelValue(level.source === 'node' ? node.labels : node.engineLabels, level.key);
  const values = [...new Set(nodes.map(labelOf))].sort();
  const children = values.map((value) =>
    buildBranch(
      world,
      nodes.filter((node) => labelOf(node) === value),
      task,
      levels.slice(1),
      groupSize,
    ),
  );
  return { tasks, children: children.length === 0 ? null : children, candidates: [], visited: false };
}

function scheduleGroup(world: World, group: SchedulerTask[]): void {
  const task = group[0] as SchedulerTask;
  const levels = task.preferences.map((preference) => preference.spread);
  const tree = buildBranch(world, [...world.nodes], task, levels, group.length);
  const remaining = [...group];
  scheduleBranch(world, tree, group.length, remaining);
  for (const leftover of remaining) world.result.unschedulable.push(leftover.id);
}

/** Splits `count` tasks so every branch reaches an even share of (original existing + still to place). */
function scheduleBranch(world: World, branch: Branch, count: number, remaining: SchedulerTask[]): number {
  if (branch.children === null) return scheduleLeaf(world, branch, count, remaining);
  const noRoom: Branch[] = [];
  let scheduled = 0;
  let usable = branch.tasks;
  while (scheduled !== count && noRoom.length !== branch.children.length) {
    const branchCount = branch.children.length - noRoom.length;
    const desired = Math.trunc((usable + count - scheduled) / branchCount);
    let remainder = (usable + count - scheduled) % branchCount;
    let progressed = false;
    for (const child of branch.children) {
      if (noRoom.includes(child)) continue;
      if (child.tasks < desired || (child.tasks === desired && remainder > 0)) {
        const wanted = desired - child.tasks + (remainder > 0 ? 1 : 0);
        const got = scheduleBranch(world, child, wanted, remaining);
        if (got < wanted) {
          noRoom.push(child);
          usable -= child.tasks;
        } else if (remainder > 0) {
          remainder--;
        }
        scheduled += got;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return scheduled;
}

/** Fill best-first, staying on a node until the next is strictly less loaded, then round-robin. */
function scheduleLeaf(world: World, leaf: Branch, count: number, remaining: SchedulerTask[]): number {
  const first = remaining[0];
  const sample = first ?? null;
  if (leaf.visited && sample !== null)
    leaf.candidates = leaf.candidates.filter((node) => fits(world, sample, node));
  leaf.visited = true;
  const nodes = leaf.candidates;
  if (nodes.length === 0 || sample === null) return 0;
  sortBest(world, nodes, sample);
  const skipped = new Set<number>();
  let scheduled = 0;
  let position = 0;
  while (remaining.length > 0) {
    const task = remaining.shift() as SchedulerTask;
    const node = nodes[position % nodes.length] as SchedulerNode;
    place(world, task, node);
    scheduled++;
    if (scheduled === count) return scheduled;
    const next = nodes[position + 1];
    if (next === undefined) position++;
    else if (compareKeys(loadKey(world, next, task), loadKey(world, node, task)) < 0) position++;
    const origin = position;
    while (
      skipped.has(position % nodes.length) ||
      !fits(world, task, nodes[position % nodes.length] as SchedulerNode)
    ) {
      skipped.add(position % nodes.length);
      position++;
      if (position - origin === nodes.length) return scheduled;
    }
  }
  return scheduled;
}
