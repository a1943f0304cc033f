/**
 * A leader pass works on a draft of the store: the leader's replica, read-only, plus the tasks and
 * services the pass has changed so far. Each component (orchestrators, updater, allocator,
 * scheduler, enforcer, reaper) reads the draft, so it sees what the components before it decided;
 * at the end the draft becomes one batch of `StoreAction`s, proposed through Raft like every
 * write. Objects are cloned on first change, so the replica itself is never touched.
 */
import type { Prng } from '@swarmsim/raft';
import { newSwarmId } from '../docker/identity.js';
import { assert } from '../kernel/assert.js';
import type { ServiceSpec } from '../stack/service-spec.js';
import type {
  NodeObject,
  ServiceObject,
  StoreAction,
  SwarmStore,
  TaskObject,
  TaskState,
} from '../swarm/objects.js';
import { isObservedTaskState, nextTaskState, type TaskLifecycleEventType } from './task-lifecycle.js';

export interface Draft {
  readonly store: SwarmStore;
  readonly nowMs: number;
  readonly prng: Prng;
  /** Every live task, changed ones replaced by their clones. Deleted ones are removed. */
  readonly tasks: Record<string, TaskObject>;
  readonly services: Record<string, ServiceObject>;
  readonly createdTaskIds: Set<string>;
  readonly changedTaskIds: Set<string>;
  readonly deletedTaskIds: Set<string>;
  readonly changedServiceIds: Set<string>;
  /** What the pass did, for the Raft pane's label (`restart web.2`, `schedule 3 tasks`). */
  readonly notes: string[];
  /** Live task IDs, sorted, by service; rebuilt after a task is created or deleted. */
  index: { readonly all: string[]; readonly byService: Map<string, string[]> } | null;
}

export function createDraft(store: SwarmStore, nowMs: number, prng: Prng): Draft {
  return {
    store,
    nowMs,
    prng,
    tasks: { ...store.tasks },
    services: { ...store.services },
    createdTaskIds: new Set(),
    changedTaskIds: new Set(),
    deletedTaskIds: new Set(),
    changedServiceIds: new Set(),
    notes: [],
    index: null,
  };
}

function taskIndex(draft: Draft): NonNullable<Draft['index']> {
  if (draft.index !== null) return draft.index;
  const all = Object.keys(draft.tasks).sort();
  const byService = new Map<string, string[]>();
  for (const id of all) {
    const serviceId = (draft.tasks[id] as TaskObject).serviceId;
    const ids = byService.get(serviceId);
    if (ids === undefined) byService.set(serviceId, [id]);
    else ids.push(id);
  }
  draft.index = { all, byService };
  return draft.index;
}

/** Live tasks in ID order. */
export function draftTasks(draft: Draft): TaskObject[] {
  return taskIndex(draft).all.map((id) => draft.tasks[id] as TaskObject);
}

/** Live tasks of one service, in ID order. */
export function draftServiceTasks(draft: Draft, serviceId: string): TaskObject[] {
  return (taskIndex(draft).byService.get(serviceId) ?? []).map((id) => draft.tasks[id] as TaskObject);
}

export function draftServices(draft: Draft): ServiceObject[] {
  return Object.keys(draft.services)
    .sort()
    .map((id) => draft.services[id] as ServiceObject);
}

export function draftNode(draft: Draft, nodeId: string | null): NodeObject | null {
  if (nodeId === null || !Object.hasOwn(draft.store.nodes, nodeId)) return null;
  return draft.store.nodes[nodeId] as NodeObject;
}

/** A task to change: cloned the first time, the clone thereafter. */
export function mutableTask(draft: Draft, taskId: string): TaskObject {
  const task = draft.tasks[taskId];
  assert(task !== undefined, `task ${taskId} is live in the draft`);
  if (draft.changedTaskIds.has(taskId) || draft.createdTaskIds.has(taskId)) return task;
  const copy = structuredClone(task);
  copy.meta.updatedAtMs = draft.nowMs;
  draft.tasks[taskId] = copy;
  draft.changedTaskIds.add(taskId);
  return copy;
}

export function mutableService(draft: Draft, serviceId: string): ServiceObject {
  const service = draft.services[serviceId];
  assert(service !== undefined, `service ${serviceId} is live in the draft`);
  if (draft.changedServiceIds.has(serviceId)) return service;
  const copy = structuredClone(service);
  copy.meta.updatedAtMs = draft.nowMs;
  draft.services[serviceId] = copy;
  draft.changedServiceIds.add(serviceId);
  return copy;
}

/** Sets a task's desired state (only managers write it; it never goes back below RUNNING once past it). */
export function setDesiredState(draft: Draft, taskId: string, desiredState: TaskState): void {
  const current = draft.tasks[taskId];
  if (current === undefined || current.desiredState === desiredState) return;
  mutableTask(draft, taskId).desiredState = desiredState;
}

/**
 * Moves a task's observed state by one lifecycle event, through the task machine. Returns false
 * (and changes nothing) when the machine has no such transition from the task's state.
 */
export function stepTask(
  draft: Draft,
  taskId: string,
  event: TaskLifecycleEventType,
  status: { readonly message: string; readonly err?: string },
): boolean {
  const current = draft.tasks[taskId];
  if (current === undefined || !isObservedTaskState(current.status.state)) return false;
  const next = nextTaskState(current.status.state, event);
  if (next === null) return false;
  const task = mutableTask(draft, taskId);
  task.status = {
    ...task.status,
    state: next,
    timestampMs: draft.nowMs,
    message: status.message,
    err: status.err ?? '',
  };
  return true;
}

/** `orchestrator.NewTask`: state NEW, message `created`, a fresh ID. */
export function createTask(
  draft: Draft,
  service: ServiceObject,
  placement: { readonly slot: number; readonly nodeId: string | null },
  desiredState: TaskState,
): TaskObject {
  const id = newSwarmId(draft.prng);
  const spec: ServiceSpec = structuredClone(service.spec);
  const task: TaskObject = {
    meta: { id, version: 0, createdAtMs: draft.nowMs, updatedAtMs: draft.nowMs },
    serviceId: service.meta.id,
    slot: placement.slot,
    nodeId: placement.nodeId,
    specVersion: service.specVersion,
    spec,
    desiredState,
    status: {
      state: 'new',
      timestampMs: draft.nowMs,
      message: 'created',
      err: '',
      exitCode: null,
      containerId: null,
      ports: [],
    },
  };
  draft.tasks[id] = task;
  draft.createdTaskIds.add(id);
  draft.index = null;
  return task;
}

export function deleteTask(draft: Draft, taskId: string): void {
  if (draft.tasks[taskId] === undefined) return;
  delete draft.tasks[taskId];
  draft.index = null;
  if (draft.createdTaskIds.delete(taskId)) return;
  draft.changedTaskIds.delete(taskId);
  draft.deletedTaskIds.add(taskId);
}

/** The batch: service updates, then task creations, updates and deletions, each in ID order. */
export function draftActions(draft: Draft): StoreAction[] {
  const actions: StoreAction[] = [];
  for (const id of [...draft.changedServiceIds].sort()) {
    const service = draft.services[id];
    if (service !== undefined) actions.push({ kind: 'update', target: { type: 'service', object: service } });
  }
  for (const id of [...draft.createdTaskIds].sort()) {
    actions.push({ kind: 'create', target: { type: 'task', object: draft.tasks[id] as TaskObject } });
  }
  for (const id of [...draft.changedTaskIds].sort()) {
    actions.push({ kind: 'update', target: { type: 'task', object: draft.tasks[id] as TaskObject } });
  }
  for (const id of [...draft.deletedTaskIds].sort()) actions.push({ kind: 'delete', type: 'task', id });
  return actions;
}
