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
import type { StoreIndex } from './store-index.js';
import { isObservedTaskState, nextTaskState, type TaskLifecycleEventType } from './task-lifecycle.js';

export interface Draft {
  readonly store: SwarmStore;
  /** The leader's indices over `store` (store-index.ts): which tasks each service has, and so on. */
  readonly index: StoreIndex;
  readonly nowMs: number;
  readonly prng: Prng;
  /** Tasks this pass created or changed, by ID (the store's objects are never touched); null: deleted. */
  readonly taskChanges: Map<string, TaskObject | null>;
  readonly services: Record<string, ServiceObject>;
  readonly createdTaskIds: Set<string>;
  readonly changedTaskIds: Set<string>;
  readonly deletedTaskIds: Set<string>;
  readonly changedServiceIds: Set<string>;
  /** What the pass did, for the Raft pane's label (`restart web.2`, `schedule 3 tasks`). */
  readonly notes: string[];
  /** Per service, its live task IDs sorted (built on demand, dropped when a task is created or deleted). */
  readonly serviceTaskIds: Map<string, string[]>;
  /** Tasks this pass created, by service. */
  readonly createdByService: Map<string, string[]>;
  /** The earliest time a step waits for (a restart delay, an update delay, a monitor), or null. */
  wakeAtMs: number | null;
}

export function createDraft(store: SwarmStore, index: StoreIndex, nowMs: number, prng: Prng): Draft {
  return {
    store,
    index,
    nowMs,
    prng,
    taskChanges: new Map(),
    services: { ...store.services },
    createdTaskIds: new Set(),
    changedTaskIds: new Set(),
    deletedTaskIds: new Set(),
    changedServiceIds: new Set(),
    notes: [],
    serviceTaskIds: new Map(),
    createdByService: new Map(),
    wakeAtMs: null,
  };
}

/** Asks for a pass at `atMs` (a step waits until then). */
export function wakeAt(draft: Draft, atMs: number): void {
  if (atMs <= draft.nowMs) return;
  if (draft.wakeAtMs === null || atMs < draft.wakeAtMs) draft.wakeAtMs = atMs;
}

/** The task as the pass sees it: its change, else the store's; undefined when deleted or unknown. */
export function draftTask(draft: Draft, taskId: string): TaskObject | undefined {
  const changed = draft.taskChanges.get(taskId);
  if (changed !== undefined) return changed ?? undefined;
  return Object.hasOwn(draft.store.tasks, taskId) ? draft.store.tasks[taskId] : undefined;
}

/** Live tasks with these IDs, in ID order (unknown and deleted ones left out). */
export function draftTasksOf(draft: Draft, taskIds: Iterable<string>): TaskObject[] {
  const ids = [...new Set(taskIds)].sort();
  const tasks: TaskObject[] = [];
  for (const id of ids) {
    const task = draftTask(draft, id);
    if (task !== undefined) tasks.push(task);
  }
  return tasks;
}

/** Live tasks of one service, in ID order. */
export function draftServiceTasks(draft: Draft, serviceId: string): TaskObject[] {
  let ids = draft.serviceTaskIds.get(serviceId);
  if (ids === undefined) {
    const all = new Set(Object.keys(draft.index.tasksByService[serviceId] ?? {}));
    for (const id of draft.createdByService.get(serviceId) ?? []) all.add(id);
    for (const id of draft.deletedTaskIds) all.delete(id);
    ids = [...all].sort();
    draft.serviceTaskIds.set(serviceId, ids);
  }
  const tasks: TaskObject[] = [];
  for (const id of ids) {
    const task = draftTask(draft, id);
    if (task !== undefined) tasks.push(task);
  }
  return tasks;
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
  const task = draftTask(draft, taskId);
  assert(task !== undefined, `task ${taskId} is live in the draft`);
  if (draft.changedTaskIds.has(taskId) || draft.createdTaskIds.has(taskId)) return task;
  // Store objects are never changed in place, so a shallow copy may share the spec.
  const copy: TaskObject = {
    ...task,
    meta: { ...task.meta, updatedAtMs: draft.nowMs },
    status: { ...task.status },
  };
  draft.taskChanges.set(taskId, copy);
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
  const current = draftTask(draft, taskId);
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
  const current = draftTask(draft, taskId);
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
  // Tasks share their service version's spec: nothing changes a stored spec in place.
  const spec: ServiceSpec = service.spec;
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
  draft.taskChanges.set(id, task);
  draft.createdTaskIds.add(id);
  draft.serviceTaskIds.delete(service.meta.id);
  const created = draft.createdByService.get(service.meta.id);
  if (created === undefined) draft.createdByService.set(service.meta.id, [id]);
  else created.push(id);
  return task;
}

export function deleteTask(draft: Draft, taskId: string): void {
  const task = draftTask(draft, taskId);
  if (task === undefined) return;
  draft.serviceTaskIds.delete(task.serviceId);
  if (draft.createdTaskIds.delete(taskId)) {
    draft.taskChanges.delete(taskId);
    return;
  }
  draft.taskChanges.set(taskId, null);
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
    actions.push({ kind: 'create', target: { type: 'task', object: draftTask(draft, id) as TaskObject } });
  }
  for (const id of [...draft.changedTaskIds].sort()) {
    actions.push({ kind: 'update', target: { type: 'task', object: draftTask(draft, id) as TaskObject } });
  }
  for (const id of [...draft.deletedTaskIds].sort()) actions.push({ kind: 'delete', type: 'task', id });
  return actions;
}
