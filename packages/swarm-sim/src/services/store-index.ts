/**
 * The leader's indices over its store, so that a pass looks only at what changed instead of
 * every task (SwarmKit's components keep the same kind of state: the orchestrators react to store
 * events, the scheduler keeps its unassigned queue, the reaper its dirty set). Built once per
 * leadership from the store, then kept up to date from each committed batch (`fileActions`, fed
 * by the `onApplied` hook), and marking what the next pass must look at:
 *
 * - services whose own object or one of whose tasks changed are dirty (the orchestrators, the
 *   updater and the reaper look at them);
 * - nodes that changed are dirty (the constraint enforcer checks them; the services with tasks
 *   there, and every global service, become dirty).
 *
 * Plain data (records used as sets), so it rides in the leader's memory and is snapshotted with it.
 */
import {
  type NodeObject,
  type StoreAction,
  type SwarmStore,
  type TaskObject,
  taskStateOrder,
} from '../swarm/objects.js';

export type IdSet = Record<string, true>;

export interface StoreIndex {
  /** Task IDs by service ID. */
  tasksByService: Record<string, IdSet>;
  /** Task IDs by node ID (tasks with a node). */
  tasksByNode: Record<string, IdSet>;
  /** Where a task is filed, and what the orchestrators last saw of it. */
  taskHomes: Record<string, TaskHome>;
  /** Tasks observed NEW (the allocator's input). */
  newTaskIds: IdSet;
  /** Tasks observed PENDING (the scheduler's input). */
  pendingTaskIds: IdSet;
  /** Tasks with desired READY (delayed starts). */
  readyTaskIds: IdSet;
  /** Tasks with desired REMOVE (the reaper). */
  removeTaskIds: IdSet;
  /** Global and global-job service IDs: a node change concerns them all. */
  globalServiceIds: IdSet;
  /** Task IDs by instance (`serviceId/slot:N` or `serviceId/node:ID`): the reaper's unit. */
  tasksByInstance: Record<string, IdSet>;
  /** Per node, what the orchestrators read of it (`nodeSummary`), to tell a real change. */
  nodeSummaries: Record<string, string>;
}

export interface TaskHome {
  readonly serviceId: string;
  /** `''` while unassigned. */
  readonly nodeId: string;
  /** `instanceOf(task)`. */
  readonly instance: string;
  readonly desiredState: TaskObject['desiredState'];
  /** Observed past RUNNING. */
  readonly ended: boolean;
}

/** What the next pass must look at. */
export interface DirtySet {
  /** Every service and node (a new leadership's first pass). */
  everything: boolean;
  serviceIds: IdSet;
  /** Services whose spec changed (the updater looks for out-of-date tasks in them only). */
  specServiceIds: IdSet;
  nodeIds: IdSet;
  /** Instances (`instanceOf`) whose tasks came, went, ended or changed desired state: the reaper's work. */
  instanceKeys: IdSet;
}

export function createDirtySet(everything: boolean): DirtySet {
  return { everything, serviceIds: {}, specServiceIds: {}, nodeIds: {}, instanceKeys: {} };
}

/** The instance a task belongs to, as the index files it: its service and slot, or node for global services. */
export function instanceOf(task: Pick<TaskObject, 'serviceId' | 'slot' | 'nodeId'>): string {
  return task.slot > 0
    ? `${task.serviceId}/slot:${task.slot}`
    : `${task.serviceId}/node:${task.nodeId ?? ''}`;
}

export function buildStoreIndex(store: SwarmStore): StoreIndex {
  const index: StoreIndex = {
    tasksByService: {},
    tasksByNode: {},
    taskHomes: {},
    newTaskIds: {},
    pendingTaskIds: {},
    readyTaskIds: {},
    removeTaskIds: {},
    globalServiceIds: {},
    tasksByInstance: {},
    nodeSummaries: {},
  };
  for (const id of Object.keys(store.tasks)) fileTask(index, store.tasks[id] as TaskObject);
  for (const id of Object.keys(store.nodes))
    index.nodeSummaries[id] = nodeSummary(store.nodes[id] as NodeObject);
  for (const id of Object.keys(store.services)) {
    const kind = store.services[id]?.spec.mode.kind;
    if (kind === 'global' || kind === 'global-job') index.globalServiceIds[id] = true;
  }
  return index;
}

function setMember(set: IdSet, id: string, member: boolean): void {
  if (member) set[id] = true;
  else delete set[id];
}

function addTo(sets: Record<string, IdSet>, key: string, id: string): void {
  const set = sets[key];
  if (set === undefined) sets[key] = { [id]: true };
  else set[id] = true;
}

function removeFrom(sets: Record<string, IdSet>, key: string, id: string): void {
  const set = sets[key];
  if (set === undefined) return;
  delete set[id];
  for (const _ in set) return;
  delete sets[key];
}

/**
 * Files a task created or updated (its node only goes from none to one, never back). True when
 * the orchestrators must look at its service again: the task is new, its desired state changed,
 * or it has just ended (observed past RUNNING). A task moving along ASSIGNED..RUNNING is not.
 */
export function fileTask(index: StoreIndex, task: TaskObject): boolean {
  const id = task.meta.id;
  const home = index.taskHomes[id];
  const nodeId = task.nodeId ?? '';
  const ended = taskStateOrder[task.status.state] > taskStateOrder.running;
  const news = home === undefined || home.desiredState !== task.desiredState || home.ended !== ended;
  const instance = instanceOf(task);
  if (home === undefined || home.nodeId !== nodeId || home.serviceId !== task.serviceId) {
    if (home !== undefined) unfileTask(index, id);
    addTo(index.tasksByService, task.serviceId, id);
    addTo(index.tasksByInstance, instance, id);
    if (nodeId !== '') addTo(index.tasksByNode, nodeId, id);
  }
  if (home === undefined || news || home.nodeId !== nodeId)
    index.taskHomes[id] = {
      serviceId: task.serviceId,
      nodeId,
      instance,
      desiredState: task.desiredState,
      ended,
    };
  setMember(index.newTaskIds, id, task.status.state === 'new');
  setMember(index.pendingTaskIds, id, task.status.state === 'pending');
  setMember(index.readyTaskIds, id, task.desiredState === 'ready');
  setMember(index.removeTaskIds, id, task.desiredState === 'remove');
  return news;
}

export function unfileTask(index: StoreIndex, taskId: string): void {
  const home = index.taskHomes[taskId];
  if (home === undefined) return;
  delete index.taskHomes[taskId];
  removeFrom(index.tasksByService, home.serviceId, taskId);
  removeFrom(index.tasksByInstance, home.instance, taskId);
  if (home.nodeId !== '') removeFrom(index.tasksByNode, home.nodeId, taskId);
  delete index.newTaskIds[taskId];
  delete index.pendingTaskIds[taskId];
  delete index.readyTaskIds[taskId];
  delete index.removeTaskIds[taskId];
}

/** The service a task belongs to, from the index (the task may be deleted already). */
export function serviceOfTask(index: StoreIndex, taskId: string): string | null {
  return index.taskHomes[taskId]?.serviceId ?? null;
}

/** Marks a node dirty, and with it the services that have tasks there and every global service. */
function markNodeDirty(index: StoreIndex, dirty: DirtySet, nodeId: string): void {
  dirty.nodeIds[nodeId] = true;
  for (const taskId of Object.keys(index.tasksByNode[nodeId] ?? {})) {
    const serviceId = serviceOfTask(index, taskId);
    if (serviceId !== null) dirty.serviceIds[serviceId] = true;
  }
  Object.assign(dirty.serviceIds, index.globalServiceIds);
}

/** Files one committed batch and marks what it touched. */
export function fileActions(index: StoreIndex, dirty: DirtySet, actions: readonly StoreAction[]): void {
  for (const action of actions) {
    if (action.kind === 'delete') {
      if (action.type === 'task') {
        const home = index.taskHomes[action.id];
        if (home !== undefined) {
          dirty.serviceIds[home.serviceId] = true;
          dirty.instanceKeys[home.instance] = true;
        }
        unfileTask(index, action.id);
      } else if (action.type === 'service') {
        dirty.serviceIds[action.id] = true;
        dirty.specServiceIds[action.id] = true;
        delete index.globalServiceIds[action.id];
      } else if (action.type === 'node') {
        delete index.nodeSummaries[action.id];
        markNodeDirty(index, dirty, action.id);
      }
      continue;
    }
    const target = action.target;
    if (target.type === 'task') {
      if (!fileTask(index, target.object)) continue;
      dirty.serviceIds[target.object.serviceId] = true;
      dirty.instanceKeys[instanceOf(target.object)] = true;
    } else if (target.type === 'service') {
      const service = target.object;
      const kind = service.spec.mode.kind;
      setMember(index.globalServiceIds, service.meta.id, kind === 'global' || kind === 'global-job');
      dirty.serviceIds[service.meta.id] = true;
      dirty.specServiceIds[service.meta.id] = true;
      // A constraint change is checked on every node that runs the service.
      for (const taskId of Object.keys(index.tasksByService[service.meta.id] ?? {})) {
        const nodeId = index.taskHomes[taskId]?.nodeId ?? '';
        if (nodeId !== '') dirty.nodeIds[nodeId] = true;
      }
    } else if (target.type === 'node') {
      const summary = nodeSummary(target.object);
      if (index.nodeSummaries[target.object.meta.id] === summary) continue;
      index.nodeSummaries[target.object.meta.id] = summary;
      markNodeDirty(index, dirty, target.object.meta.id);
    }
  }
}

/**
 * What the orchestrators, the scheduler's filters and the constraint enforcer read of a node:
 * a registration that writes the same values again changes nothing.
 */
function nodeSummary(node: NodeObject): string {
  return JSON.stringify([
    node.status.state,
    node.spec.availability,
    node.role,
    node.spec.labels,
    node.description,
  ]);
}
