/**
 * The leader's allocator, scheduler and constraint enforcer steps, on top of the scheduler module
 * (src/scheduler, pure SwarmKit placement): the store's nodes and tasks are projected into the
 * scheduler's shapes, the scheduler decides, and the decisions become task changes in the draft,
 * each through the task lifecycle machine.
 *
 * The scheduler's node bookkeeping (`SchedulerState`, with its faulty-node failure history) lives
 * in the leader's memory and follows every committed store change (`observeStoreActions`, fed by
 * the `onApplied` hook), as SwarmKit's scheduler follows store events. A new leader builds it from
 * its store (`buildSchedulerState`).
 */
import {
  buildSchedulerState,
  checkConstraintEnforcer,
  constraintEnforcerError,
  constraintEnforcerMessage,
  forgetTask,
  observeTask,
  removeNode,
  type SchedulerNode,
  type SchedulerState,
  type SchedulerTask,
  scheduleTasks,
  upsertNode,
} from '../scheduler/index.js';
import type { NodeObject, StoreAction, SwarmStore, TaskObject } from '../swarm/objects.js';
import { type Draft, draftServices, draftTask, draftTasksOf, mutableTask, stepTask } from './draft.js';

/** The scheduler's view of a node. */
export function schedulerNodeOf(node: NodeObject): SchedulerNode {
  return {
    id: node.meta.id,
    hostname: node.description.hostname,
    role: node.role,
    status: node.status.state,
    availability: node.spec.availability,
    platform: { os: node.description.platform.os, architecture: node.description.platform.architecture },
    ip: node.status.addr,
    labels: node.spec.labels,
    engineLabels: node.description.engineLabels,
    resources: node.description.resources,
  };
}

/** The scheduler's view of a task (host-mode published ports only: ingress ones never reach it). */
export function schedulerTaskOf(task: TaskObject): SchedulerTask {
  const spec = task.spec;
  return {
    id: task.meta.id,
    serviceId: task.serviceId,
    specVersion: task.specVersion,
    nodeId: task.nodeId,
    desiredState: task.desiredState,
    state: task.status.state,
    reservations: spec.resources.reservations,
    constraints: spec.placement.constraints,
    preferences: spec.placement.preferences,
    maxReplicasPerNode: spec.placement.maxReplicas,
    hostPorts: spec.endpoint.ports
      .filter((port) => port.publishMode === 'host' && port.publishedPort !== null)
      .map((port) => ({ protocol: port.protocol, publishedPort: port.publishedPort ?? 0 })),
  };
}

export function buildSchedulerStateFromStore(store: SwarmStore, nowMs: number): SchedulerState {
  const nodes = Object.keys(store.nodes)
    .sort()
    .map((id) => schedulerNodeOf(store.nodes[id] as NodeObject));
  const tasks = Object.keys(store.tasks)
    .sort()
    .map((id) => schedulerTaskOf(store.tasks[id] as TaskObject));
  return buildSchedulerState(nodes, tasks, nowMs);
}

/**
 * Feeds one committed batch to the scheduler's bookkeeping (node and task changes).
 * `nodeOfDeletedTask` tells where a deleted task was (the store has forgotten it by now).
 */
export function observeStoreActions(
  state: SchedulerState,
  actions: readonly StoreAction[],
  nowMs: number,
  nodeOfDeletedTask: (taskId: string) => string | null,
): void {
  for (const action of actions) {
    if (action.kind === 'delete') {
      if (action.type === 'node') removeNode(state, action.id);
      continue;
    }
    const target = action.target;
    if (target.type === 'node') upsertNode(state, schedulerNodeOf(target.object), nowMs);
    if (target.type === 'task') observeTask(state, schedulerTaskOf(target.object), nowMs);
  }
  for (const action of actions) {
    if (action.kind !== 'delete' || action.type !== 'task') continue;
    forgetTask(state, { id: action.id, nodeId: nodeOfDeletedTask(action.id) });
  }
}

/** The allocator: NEW tasks that should run become PENDING (`pending task scheduling`). */
export function allocateTasks(draft: Draft): number {
  let count = 0;
  const candidates = [
    ...Object.keys(draft.index.newTaskIds),
    ...draft.createdTaskIds,
    ...draft.changedTaskIds,
  ];
  for (const task of draftTasksOf(draft, candidates)) {
    if (task.status.state !== 'new') continue;
    if (task.desiredState === 'shutdown' || task.desiredState === 'remove') {
      stepTask(draft, task.meta.id, 'SHUT_DOWN', { message: 'shutdown' });
      continue;
    }
    if (stepTask(draft, task.meta.id, 'ALLOCATED', { message: 'pending task scheduling' })) count++;
  }
  return count;
}

/**
 * One scheduling pass: every PENDING task (unassigned, or preassigned for a global service) goes
 * to `scheduleTasks`; assignments become ASSIGNED, tasks with no suitable node stay PENDING with
 * the explanation as their error, and pending tasks of an older revision that were already told
 * to stop become SHUTDOWN. Returns the number of tasks assigned.
 */
export function scheduleDraft(draft: Draft, state: SchedulerState): number {
  const versions: Record<string, number | null> = {};
  for (const service of draftServices(draft)) versions[service.meta.id] = service.specVersion;
  const pending: SchedulerTask[] = [];
  const candidates = [
    ...Object.keys(draft.index.pendingTaskIds),
    ...Object.keys(draft.index.newTaskIds),
    ...draft.createdTaskIds,
    ...draft.changedTaskIds,
  ];
  for (const task of draftTasksOf(draft, candidates)) {
    if (task.status.state !== 'pending') continue;
    const current = versions[task.serviceId];
    const stopping = task.desiredState === 'shutdown' || task.desiredState === 'remove';
    if (stopping && (current === undefined || current === task.specVersion)) continue;
    pending.push(schedulerTaskOf(task));
  }
  if (pending.length === 0) return 0;
  const decisions = scheduleTasks(state, pending, draft.nowMs, { serviceSpecVersions: versions });
  for (const assignment of decisions.assignments) {
    const task = mutableTask(draft, assignment.taskId);
    task.nodeId = assignment.nodeId;
    stepTask(draft, assignment.taskId, 'ASSIGNED', { message: assignment.message });
  }
  for (const failure of decisions.unschedulable) {
    if (draftTask(draft, failure.taskId)?.status.err === failure.error) continue;
    mutableTask(draft, failure.taskId).status.err = failure.error;
  }
  for (const taskId of decisions.shutdown) stepTask(draft, taskId, 'SHUT_DOWN', { message: 'shutdown' });
  return decisions.assignments.length;
}

/**
 * The constraint enforcer (swarm.md §4.8), on the nodes that changed (`nodeIds`: their labels,
 * resources or availability, or the constraints of a service with tasks there): tasks on Active
 * nodes that no longer satisfy their service's current constraints, or no longer fit the node's
 * resources, are REJECTED; the orchestrator replaces them on its next pass.
 */
export function enforceConstraints(draft: Draft, state: SchedulerState, nodeIds: readonly string[]): number {
  if (nodeIds.length === 0) return 0;
  const current: Record<string, readonly string[]> = {};
  for (const service of draftServices(draft)) current[service.meta.id] = service.spec.placement.constraints;
  const known = nodeIds.filter((nodeId) => Object.hasOwn(state.nodes, nodeId));
  let count = 0;
  for (const violation of checkConstraintEnforcer({ ...state, nodeIds: known }, current)) {
    const task = draftTask(draft, violation.taskId);
    if (task === undefined || task.nodeId !== violation.nodeId) continue;
    const status = { message: constraintEnforcerMessage, err: constraintEnforcerError };
    if (stepTask(draft, violation.taskId, 'REJECTED', status)) count++;
  }
  return count;
}
