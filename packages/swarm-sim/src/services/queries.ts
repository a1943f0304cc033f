/**
 * Reads over a manager's store for the control API: resolving a service reference the way the
 * daemon does (`moby/moby daemon/cluster/helpers.go getService`), `service ls` counts as
 * SwarmKit's `ListServiceStatuses` computes them (swarm.md §1.13), and the task listing behind
 * `service ps` / `node ps` with its filters (§1.14).
 */
import type { NodeObject, ServiceObject, SwarmStore, TaskObject, TaskState } from '../swarm/objects.js';
import type { SwarmError } from '../swarm/types.js';
import { serviceErrors } from './errors.js';
import { taskName } from './spec.js';

export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SwarmError };

function sortedServices(store: SwarmStore): ServiceObject[] {
  return Object.keys(store.services)
    .sort()
    .map((id) => store.services[id] as ServiceObject);
}

/** An exact ID, then an exact name, then a unique ID prefix (`getService`). */
export function resolveService(store: SwarmStore, reference: string): Resolved<ServiceObject> {
  const exact = Object.hasOwn(store.services, reference) ? store.services[reference] : undefined;
  if (exact !== undefined) return { ok: true, value: exact };
  const services = sortedServices(store);
  let matches = services.filter((service) => service.spec.name === reference);
  if (matches.length === 0 && reference !== '')
    matches = services.filter((service) => service.meta.id.startsWith(reference));
  if (matches.length === 0) return { ok: false, error: serviceErrors.notFound(reference) };
  if (matches.length > 1) return { ok: false, error: serviceErrors.ambiguous(reference, matches.length) };
  return { ok: true, value: matches[0] as ServiceObject };
}

/** Tasks of a service, by task ID. */
export function tasksOfService(store: SwarmStore, serviceId: string): TaskObject[] {
  return Object.keys(store.tasks)
    .sort()
    .map((id) => store.tasks[id] as TaskObject)
    .filter((task) => task.serviceId === serviceId);
}

export interface ServiceListEntry {
  readonly service: ServiceObject;
  /** Tasks whose observed state is running, stale ones on Down nodes included (§1.13). */
  readonly runningTasks: number;
  /**
   * Replicas (replicated); tasks with desired state running (global); for jobs, the tasks it
   * still wants running at once (replicated job: `min(maxConcurrent, total - completed)`).
   */
  readonly desiredTasks: number;
  /** Jobs: tasks of the current run that completed (`r/d (c/t completed)`); 0 otherwise. */
  readonly completedTasks: number;
}

export interface ServiceListFilters {
  /** ID prefixes. */
  readonly id?: readonly string[];
  /** Name prefixes. */
  readonly name?: readonly string[];
  /** `key` or `key=value`. */
  readonly label?: readonly string[];
  readonly mode?: readonly ('replicated' | 'global' | 'replicated-job' | 'global-job')[];
}

/** `service ls`: services sorted by ID (the CLI sorts by name), with their counts. */
export function listServices(store: SwarmStore, filters: ServiceListFilters = {}): ServiceListEntry[] {
  const entries: ServiceListEntry[] = [];
  const byService = new Map<string, TaskObject[]>();
  for (const id in store.tasks) {
    const task = store.tasks[id] as TaskObject;
    const tasks = byService.get(task.serviceId);
    if (tasks === undefined) byService.set(task.serviceId, [task]);
    else tasks.push(task);
  }
  for (const service of sortedServices(store)) {
    if (!serviceMatches(service, filters)) continue;
    let runningTasks = 0;
    let desiredRunning = 0;
    let completedTasks = 0;
    for (const task of byService.get(service.meta.id) ?? []) {
      if (task.status.state === 'running') runningTasks++;
      if (task.desiredState === 'running' || task.desiredState === 'complete') desiredRunning++;
      if (task.status.state === 'complete' && task.specVersion === service.specVersion) completedTasks++;
    }
    const mode = service.spec.mode;
    let desiredTasks = desiredRunning;
    if (mode.kind === 'replicated') desiredTasks = mode.replicas;
    if (mode.kind === 'replicated-job') {
      desiredTasks = Math.min(mode.maxConcurrent, Math.max(0, mode.totalCompletions - completedTasks));
    }
    if (mode.kind === 'global-job') desiredTasks = Math.max(0, desiredRunning - completedTasks);
    entries.push({ service, runningTasks, desiredTasks, completedTasks });
  }
  return entries;
}

function serviceMatches(service: ServiceObject, filters: ServiceListFilters): boolean {
  const anyOf = <T>(values: readonly T[] | undefined, test: (value: T) => boolean) =>
    values === undefined || values.length === 0 || values.some(test);
  return (
    anyOf(filters.id, (prefix) => service.meta.id.startsWith(prefix)) &&
    anyOf(filters.name, (prefix) => service.spec.name.startsWith(prefix)) &&
    anyOf(filters.mode, (mode) => service.spec.mode.kind === mode) &&
    anyOf(filters.label, (label) => labelMatches(service.spec.labels, label))
  );
}

function labelMatches(labels: Readonly<Record<string, string>>, filter: string): boolean {
  const equals = filter.indexOf('=');
  if (equals < 0) return Object.hasOwn(labels, filter);
  const key = filter.slice(0, equals);
  return Object.hasOwn(labels, key) && labels[key] === filter.slice(equals + 1);
}

/** A task with the names `service ps` prints. */
export interface TaskEntry {
  readonly task: TaskObject;
  readonly serviceName: string;
  /** `web.1` or `web.<nodeID>`. */
  readonly name: string;
  /** The node's spec name, else its hostname, else the raw node ID; '' when unassigned. */
  readonly nodeName: string;
}

export interface TaskListFilters {
  /** Task ID prefixes. */
  readonly id?: readonly string[];
  /** Task names (`web.1`) or service names. */
  readonly name?: readonly string[];
  /** Node IDs, names or hostnames. */
  readonly node?: readonly string[];
  readonly desiredState?: readonly TaskState[];
}

export interface TaskListParams {
  /** Service references (ID, name, ID prefix); none means every service. */
  readonly services?: readonly string[];
  readonly filters?: TaskListFilters;
}

export interface TaskListResult {
  readonly entries: TaskEntry[];
  /** References that matched no service (`no such service: X`). */
  readonly notFound: string[];
  /** References that matched several (`multiple services found with provided prefix: X`). */
  readonly ambiguous: string[];
}

export function nodeDisplayName(store: SwarmStore, nodeId: string | null): string {
  if (nodeId === null) return '';
  const node = Object.hasOwn(store.nodes, nodeId) ? (store.nodes[nodeId] as NodeObject) : undefined;
  if (node === undefined) return nodeId;
  if (node.spec.name !== '') return node.spec.name;
  return node.description.hostname !== '' ? node.description.hostname : nodeId;
}

/** `service ps` / `node ps`: tasks with their names, filtered, in task ID order. */
export function listTasks(store: SwarmStore, params: TaskListParams): TaskListResult {
  const notFound: string[] = [];
  const ambiguous: string[] = [];
  let serviceIds: Set<string> | null = null;
  if (params.services !== undefined && params.services.length > 0) {
    serviceIds = new Set();
    for (const reference of params.services) {
      const resolved = resolveService(store, reference);
      if (resolved.ok) serviceIds.add(resolved.value.meta.id);
      else if (resolved.error.status === 404) notFound.push(reference);
      else ambiguous.push(reference);
    }
  }
  const filters = params.filters ?? {};
  const entries: TaskEntry[] = [];
  for (const id of Object.keys(store.tasks).sort()) {
    const task = store.tasks[id] as TaskObject;
    if (serviceIds !== null && !serviceIds.has(task.serviceId)) continue;
    const serviceName = store.services[task.serviceId]?.spec.name ?? task.spec.name;
    const entry: TaskEntry = {
      task,
      serviceName,
      name: taskName(serviceName, task),
      nodeName: nodeDisplayName(store, task.nodeId),
    };
    if (taskMatches(store, entry, filters)) entries.push(entry);
  }
  return { entries, notFound, ambiguous };
}

function taskMatches(store: SwarmStore, entry: TaskEntry, filters: TaskListFilters): boolean {
  const anyOf = <T>(values: readonly T[] | undefined, test: (value: T) => boolean) =>
    values === undefined || values.length === 0 || values.some(test);
  const task = entry.task;
  const node = task.nodeId === null ? undefined : store.nodes[task.nodeId];
  return (
    anyOf(filters.id, (prefix) => task.meta.id.startsWith(prefix)) &&
    anyOf(filters.name, (name) => entry.name === name || entry.serviceName === name) &&
    anyOf(filters.desiredState, (state) => task.desiredState === state) &&
    anyOf(
      filters.node,
      (reference) =>
        task.nodeId !== null &&
        (task.nodeId === reference ||
          entry.nodeName === reference ||
          node?.description.hostname === reference ||
          (reference.length > 0 && task.nodeId.startsWith(reference))),
    )
  );
}
