/**
 * The scheduler's per-node bookkeeping (`moby/swarmkit:manager/scheduler/{nodeinfo,nodeset}.go`),
 * as plain data that the swarm model keeps up to date incrementally: it tells the scheduler about
 * every node change (`upsertNode`, `removeNode`) and every task change (`observeTask`,
 * `forgetTask`), and `scheduleTasks` records its own assignments here as it makes them.
 *
 * The state lives on the leader only and is rebuilt with `buildSchedulerState` when a manager
 * becomes leader, as SwarmKit's scheduler rebuilds it in `setupTasksList`.
 */
import { assert } from './assert.js';
import {
  faultyNodeWindowMs,
  type HostPort,
  type Resources,
  type SchedulerNode,
  type SchedulerTask,
  type SchedulerTaskState,
  taskStateRank,
} from './types.js';

/** What the scheduler remembers about a task placed on a node. */
export interface NodeTaskEntry {
  readonly serviceId: string;
  readonly specVersion: number | null;
  desiredState: SchedulerTaskState;
  state: SchedulerTaskState;
  readonly reservations: Resources;
  readonly constraints: readonly string[];
  readonly hostPorts: readonly HostPort[];
}

export interface NodeInfo {
  node: SchedulerNode;
  /** Tasks on this node whose observed state is PENDING..RUNNING, by task id. */
  tasks: Record<string, NodeTaskEntry>;
  /** Invariant: the number of `tasks` whose desired state is at most COMPLETE ("active"). */
  activeTaskCount: number;
  /** Invariant: the same count per service; services with no active task have no key. */
  activeTaskCountByService: Record<string, number>;
  /** Invariant: node total minus the reservations of every entry in `tasks` (can go negative). */
  availableNanoCpus: number;
  availableMemoryBytes: number;
  /** `protocol/port` of host-mode ports in use, as a set. */
  usedHostPorts: Record<string, true>;
  /** Failure times (oldest first) per `serviceId@specVersion`, for faulty-node down-weighting. */
  recentFailureTimesMs: Record<string, number[]>;
  /** When stale failure lists were last swept away (SwarmKit's `lastCleanup`). */
  failureCleanupAtMs: number;
}

/** Module-local copies: hot paths read these on every task. */
const pendingRank = taskStateRank.pending;
const runningRank = taskStateRank.running;
const completeRank = taskStateRank.complete;
const windowMs = faultyNodeWindowMs;

export interface SchedulerState {
  /** Invariant: exactly the keys of `nodes`, sorted ascending; the scheduler visits nodes in this order. */
  nodeIds: string[];
  nodes: Record<string, NodeInfo>;
  /** Tasks that arrived with a node already chosen (global services); their failures are not held against the node. */
  preassignedTaskIds: Record<string, true>;
}

export function createSchedulerState(): SchedulerState {
  return { nodeIds: [], nodes: {}, preassignedTaskIds: {} };
}

/**
 * Builds the state from a snapshot of the store, as a new leader's scheduler does: every node,
 * and every task the scheduler accounts for. Unassigned pending tasks are not stored; pass them
 * to `scheduleTasks`.
 */
export function buildSchedulerState(
  nodes: readonly SchedulerNode[],
  tasks: readonly SchedulerTask[],
  nowMs: number,
): SchedulerState {
  const state = createSchedulerState();
  for (const node of nodes) upsertNode(state, node, nowMs);
  for (const task of tasks) {
    if (!isSchedulerRelevant(task.state)) continue;
    if (task.state === 'pending' && taskStateRank[task.desiredState] > completeRank) continue;
    if (task.nodeId === null) continue;
    if (task.state === 'pending') {
      state.preassignedTaskIds[task.id] = true;
      continue;
    }
    const info = nodeInfoOf(state, task.nodeId);
    if (info !== undefined) addTaskToNode(info, task);
  }
  return state;
}

export function nodeInfoOf(state: SchedulerState, nodeId: string): NodeInfo | undefined {
  return Object.hasOwn(state.nodes, nodeId) ? state.nodes[nodeId] : undefined;
}

/**
 * A node joined or changed (status, availability, labels, resources). Available resources are
 * recomputed from the node's total and the tasks already on it (`createOrUpdateNode`).
 */
export function upsertNode(state: SchedulerState, node: SchedulerNode, nowMs: number): void {
  assert(node.id.length > 0 && node.id !== '__proto__', 'node id must be a plain non-empty key');
  const existing = nodeInfoOf(state, node.id);
  if (existing !== undefined) {
    existing.node = node;
    existing.availableNanoCpus = node.resources.nanoCpus;
    existing.availableMemoryBytes = node.resources.memoryBytes;
    for (const entry of Object.values(existing.tasks)) {
      existing.availableNanoCpus -= entry.reservations.nanoCpus;
      existing.availableMemoryBytes -= entry.reservations.memoryBytes;
    }
    return;
  }
  state.nodes[node.id] = {
    node,
    tasks: {},
    activeTaskCount: 0,
    activeTaskCountByService: {},
    availableNanoCpus: node.resources.nanoCpus,
    availableMemoryBytes: node.resources.memoryBytes,
    usedHostPorts: {},
    recentFailureTimesMs: {},
    failureCleanupAtMs: nowMs,
  };
  state.nodeIds.splice(sortedInsertIndex(state.nodeIds, node.id), 0, node.id);
}

/** The node was deleted (`docker node rm`): it no longer takes part in scheduling. */
export function removeNode(state: SchedulerState, nodeId: string): void {
  if (nodeInfoOf(state, nodeId) === undefined) return;
  delete state.nodes[nodeId];
  const position = sortedInsertIndex(state.nodeIds, nodeId);
  assert(state.nodeIds[position] === nodeId, 'nodeIds must hold every node');
  state.nodeIds.splice(position, 1);
}

/**
 * A task was created or updated in the store (`createTask` / `updateTask`). Returns true when
 * SwarmKit would run a scheduling pass because of it: an unassigned task to place, or a task
 * that stopped holding resources. A task that reaches FAILED or REJECTED counts as a failure of
 * its service version on its node, unless it was preassigned.
 */
export function observeTask(state: SchedulerState, task: SchedulerTask, nowMs: number): boolean {
  assert(task.id.length > 0 && task.id !== '__proto__', 'task id must be a plain non-empty key');
  if (taskStateRank[task.state] < pendingRank) return false;
  const info = task.nodeId === null ? undefined : nodeInfoOf(state, task.nodeId);
  if (taskStateRank[task.state] > runningRank) {
    const entry = info === undefined ? undefined : entryOf(info.tasks, task.id);
    const wasPreassigned = Object.hasOwn(state.preassignedTaskIds, task.id);
    if (info !== undefined && entry !== undefined && !wasPreassigned) {
      if (entry.state !== task.state && (task.state === 'failed' || task.state === 'rejected')) {
        recordTaskFailure(info, failureKey(task.serviceId, task.specVersion), nowMs);
      }
    }
    delete state.preassignedTaskIds[task.id];
    if (info !== undefined) removeTaskFromNode(info, task.id);
    return entry !== undefined || wasPreassigned;
  }
  if (task.nodeId === null) return true;
  if (task.state === 'pending') {
    if (info !== undefined) removeTaskFromNode(info, task.id);
    state.preassignedTaskIds[task.id] = true;
    return false;
  }
  if (info !== undefined) addTaskToNode(info, task);
  return false;
}

/** A task was deleted from the store (`deleteTask`). Returns true when it freed resources. */
export function forgetTask(state: SchedulerState, task: Pick<SchedulerTask, 'id' | 'nodeId'>): boolean {
  delete state.preassignedTaskIds[task.id];
  const info = task.nodeId === null ? undefined : nodeInfoOf(state, task.nodeId);
  return info === undefined ? false : removeTaskFromNode(info, task.id);
}

/** True for observed states the scheduler accounts for: PENDING through RUNNING. */
export function isSchedulerRelevant(state: SchedulerTaskState): boolean {
  const rank = taskStateRank[state];
  return rank >= pendingRank && rank <= runningRank;
}

export function isActiveDesiredState(desiredState: SchedulerTaskState): boolean {
  return taskStateRank[desiredState] <= completeRank;
}

/**
 * A record entry, or undefined. One lookup; inherited members such as `constructor` are functions
 * and do not count (ids are asserted never to be `__proto__`).
 */
function entryOf(tasks: Record<string, NodeTaskEntry>, taskId: string): NodeTaskEntry | undefined {
  const entry = tasks[taskId];
  return typeof entry === 'object' ? entry : undefined;
}

function countOf(counts: Readonly<Record<string, number>>, key: string): number {
  const count = counts[key];
  return typeof count === 'number' ? count : 0;
}

/**
 * Adds or updates a task on a node (`NodeInfo.addTask`). Returns true when the node changed.
 * `observedState` overrides the task's state (the scheduler records its tasks as ASSIGNED).
 */
export function addTaskToNode(
  info: NodeInfo,
  task: SchedulerTask,
  observedState: SchedulerTaskState = task.state,
): boolean {
  const existing = entryOf(info.tasks, task.id);
  if (existing !== undefined) {
    const wasActive = isActiveDesiredState(existing.desiredState);
    const isActive = isActiveDesiredState(task.desiredState);
    existing.desiredState = task.desiredState;
    existing.state = observedState;
    if (wasActive === isActive) return false;
    changeActiveCount(info, existing.serviceId, isActive ? 1 : -1);
    return true;
  }
  info.tasks[task.id] = {
    serviceId: task.serviceId,
    specVersion: task.specVersion,
    desiredState: task.desiredState,
    state: observedState,
    reservations: task.reservations,
    constraints: task.constraints,
    hostPorts: task.hostPorts,
  };
  info.availableNanoCpus -= task.reservations.nanoCpus;
  info.availableMemoryBytes -= task.reservations.memoryBytes;
  for (const port of task.hostPorts) {
    if (port.publishedPort !== 0) info.usedHostPorts[hostPortKey(port)] = true;
  }
  if (isActiveDesiredState(task.desiredState)) changeActiveCount(info, task.serviceId, 1);
  return true;
}

/** Removes a task from a node (`NodeInfo.removeTask`). Returns true when it was there. */
export function removeTaskFromNode(info: NodeInfo, taskId: string): boolean {
  const entry = entryOf(info.tasks, taskId);
  if (entry === undefined) return false;
  delete info.tasks[taskId];
  if (isActiveDesiredState(entry.desiredState)) changeActiveCount(info, entry.serviceId, -1);
  for (const port of entry.hostPorts) {
    if (port.publishedPort !== 0) delete info.usedHostPorts[hostPortKey(port)];
  }
  info.availableNanoCpus += entry.reservations.nanoCpus;
  info.availableMemoryBytes += entry.reservations.memoryBytes;
  return true;
}

function changeActiveCount(info: NodeInfo, serviceId: string, delta: 1 | -1): void {
  const count = countOf(info.activeTaskCountByService, serviceId);
  assert(count + delta >= 0, 'active task count per service cannot go negative');
  if (count + delta === 0) delete info.activeTaskCountByService[serviceId];
  else info.activeTaskCountByService[serviceId] = count + delta;
  info.activeTaskCount += delta;
  assert(info.activeTaskCount >= 0, 'active task count cannot go negative');
}

export function activeTaskCountOf(info: NodeInfo, serviceId: string): number {
  return countOf(info.activeTaskCountByService, serviceId);
}

export function hostPortKey(port: HostPort): string {
  return `${port.protocol}/${port.publishedPort}`;
}

/** Failures are tracked per service *version* (`versionedService`); no version counts as 0. */
export function failureKey(serviceId: string, specVersion: number | null): string {
  return `${serviceId}@${specVersion ?? 0}`;
}

/**
 * Records one failure at `nowMs` (`NodeInfo.taskFailed`): sweeps stale lists at most every
 * window, drops this list's expired head, appends.
 */
export function recordTaskFailure(info: NodeInfo, key: string, nowMs: number): void {
  if (nowMs - info.failureCleanupAtMs >= windowMs) {
    for (const [staleKey, times] of Object.entries(info.recentFailureTimesMs)) {
      if (!times.some((atMs) => nowMs - atMs < windowMs)) delete info.recentFailureTimesMs[staleKey];
    }
    info.failureCleanupAtMs = nowMs;
  }
  const times = Object.hasOwn(info.recentFailureTimesMs, key)
    ? (info.recentFailureTimesMs[key] as number[])
    : [];
  let expired = 0;
  while (expired < times.length && nowMs - (times[expired] as number) >= windowMs) expired++;
  info.recentFailureTimesMs[key] = [...times.slice(expired), nowMs];
}

/** Failures of this service version on the node within the window (`countRecentFailures`). */
export function recentFailureCount(info: NodeInfo, key: string, nowMs: number): number {
  const times = info.recentFailureTimesMs[key];
  if (!Array.isArray(times)) return 0;
  for (let index = times.length - 1; index >= 0; index--) {
    if (nowMs - (times[index] as number) > windowMs) return times.length - (index + 1);
  }
  return times.length;
}

function sortedInsertIndex(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
