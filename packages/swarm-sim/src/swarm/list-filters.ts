/**
 * `--filter` for the list calls, split where Docker splits it:
 *
 * - the daemon (moby `daemon/cluster/filters.go` `newListNodesFilters`, `newListTasksFilters`)
 *   checks the keys and the enum values once the node is known to be a manager, before any
 *   call reaches the leader: a bad filter fails at once, even when the swarm has no leader;
 * - the leader (SwarmKit `controlapi` `ListNodes`, `ListTasks`) keeps the objects every filter
 *   matches (the values of one key: any of them).
 *
 * For tasks the daemon also turns node and service references into IDs first (moby `GetTasks`
 * `filterTransform`), which needs the leader; the model does that part, and the desired-state
 * check that follows it, at the leader, in moby's order.
 */
import type { NodeObject, SwarmStore, TaskObject, TaskState } from './objects.js';
import { taskStateOrder } from './objects.js';
import { resolveNode } from './store.js';
import type { SwarmError } from './types.js';

/** One `-f key=value` (docker `filters.Args`). */
export interface FilterPair {
  readonly key: string;
  readonly value: string;
}

/** SwarmKit `ListNodesRequest_Filters`, as plain data. */
export interface NodeFilter {
  readonly namePrefixes: readonly string[];
  readonly idPrefixes: readonly string[];
  /** `label` (engine labels): key → value, or null for any value. */
  readonly engineLabels: Readonly<Record<string, string | null>>;
  /** `node.label` (the node's own labels). */
  readonly nodeLabels: Readonly<Record<string, string | null>>;
  readonly roles: readonly string[];
  readonly memberships: readonly string[];
}

const nodeFilterKeys = ['name', 'id', 'label', 'role', 'membership', 'node.label'];
const taskFilterKeys = ['name', 'id', 'label', 'service', 'node', 'desired-state', '_up-to-date', 'runtime'];

function valuesOf(pairs: readonly FilterPair[], key: string): string[] {
  return pairs.filter((pair) => pair.key === key).map((pair) => pair.value);
}

/** docker `opts.ConvertKVStringsToMap`; SwarmKit matches an empty value as "any value". */
function labelMap(values: readonly string[]): Record<string, string | null> {
  const map: Record<string, string | null> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    const key = equals < 0 ? value : value.slice(0, equals);
    const wanted = equals < 0 ? '' : value.slice(equals + 1);
    map[key] = wanted === '' ? null : wanted;
  }
  return map;
}

/** docker `filters.Args.Validate`. */
function unknownKey(pairs: readonly FilterPair[], accepted: readonly string[]): string | null {
  const bad = pairs.find((pair) => !accepted.includes(pair.key));
  return bad === undefined ? null : `invalid filter '${bad.key}'`;
}

/** moby `newListNodesFilters`: keys, then role and membership values (case-insensitive). */
export function parseNodeFilter(
  pairs: readonly FilterPair[],
): { readonly ok: true; readonly filter: NodeFilter } | { readonly ok: false; readonly error: string } {
  const invalid = unknownKey(pairs, nodeFilterKeys);
  if (invalid !== null) return { ok: false, error: invalid };
  const roles = valuesOf(pairs, 'role');
  const badRole = roles.find((role) => role !== '' && !['manager', 'worker'].includes(role.toLowerCase()));
  if (badRole !== undefined) return { ok: false, error: `Invalid role filter: '${badRole}'` };
  const memberships = valuesOf(pairs, 'membership');
  const badMembership = memberships.find(
    (membership) => membership !== '' && !['accepted', 'pending'].includes(membership.toLowerCase()),
  );
  if (badMembership !== undefined)
    return { ok: false, error: `Invalid membership filter: '${badMembership}'` };
  return {
    ok: true,
    filter: {
      namePrefixes: valuesOf(pairs, 'name'),
      idPrefixes: valuesOf(pairs, 'id'),
      engineLabels: labelMap(valuesOf(pairs, 'label')),
      nodeLabels: labelMap(valuesOf(pairs, 'node.label')),
      roles: roles.filter((role) => role !== '').map((role) => role.toLowerCase()),
      memberships: memberships.filter((membership) => membership !== '').map((value) => value.toLowerCase()),
    },
  };
}

/** SwarmKit `filterMatchLabels`. */
function matchesLabels(
  labels: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string | null>>,
): boolean {
  for (const key of Object.keys(wanted)) {
    if (!Object.hasOwn(labels, key)) return false;
    const value = wanted[key];
    if (value !== null && labels[key] !== value) return false;
  }
  return true;
}

function anyPrefix(text: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => text.startsWith(prefix));
}

/** SwarmKit `ListNodes` filtering. */
export function nodeMatchesFilter(node: NodeObject, filter: NodeFilter): boolean {
  if (!anyPrefix(node.description.hostname, filter.namePrefixes)) return false;
  if (!anyPrefix(node.meta.id, filter.idPrefixes)) return false;
  if (!matchesLabels(node.description.engineLabels, filter.engineLabels)) return false;
  if (!matchesLabels(node.spec.labels, filter.nodeLabels)) return false;
  if (filter.roles.length > 0 && !filter.roles.includes(node.role)) return false;
  if (filter.memberships.length > 0 && !filter.memberships.includes(node.membership)) return false;
  return true;
}

/**
 * The daemon's part of a list call's filters, before the call leaves for the leader: `node.list`
 * gets its parsed `NodeFilter`, `task.list` its keys checked. Other methods pass unchanged.
 */
export function prepareListParams(
  method: string,
  params: unknown,
): { readonly ok: true; readonly params: unknown } | { readonly ok: false; readonly error: SwarmError } {
  if (method !== 'node.list' && method !== 'task.list') return { ok: true, params };
  const pairs = filterPairsOf(params);
  if (method === 'node.list') {
    const parsed = parseNodeFilter(pairs);
    return parsed.ok
      ? { ok: true, params: { filter: parsed.filter } }
      : { ok: false, error: { message: parsed.error, status: 400 } };
  }
  const invalid = unknownKey(pairs, taskFilterKeys);
  return invalid === null
    ? { ok: true, params: { filters: pairs } }
    : { ok: false, error: { message: invalid, status: 400 } };
}

function filterPairsOf(params: unknown): FilterPair[] {
  const filters = (params as { filters?: unknown } | null)?.filters;
  if (!Array.isArray(filters)) return [];
  return filters
    .filter((pair): pair is FilterPair => typeof pair?.key === 'string' && typeof pair?.value === 'string')
    .map((pair) => ({ key: pair.key, value: pair.value }));
}

// ---------------------------------------------------------------------------------------------
// Tasks, at the leader

/** SwarmKit `naming.Task`: `<service>.<slot or node ID>.<task ID>`. */
function taskFullName(task: TaskObject): string {
  return `${task.spec.name}.${task.slot !== 0 ? task.slot : (task.nodeId ?? '')}.${task.meta.id}`;
}

/** moby `getService`: full ID, exact name, then a unique ID prefix. */
function resolveServiceId(
  store: SwarmStore,
  reference: string,
): { ok: true; id: string } | { ok: false; error: SwarmError } {
  if (Object.hasOwn(store.services, reference)) return { ok: true, id: reference };
  const ids = Object.keys(store.services).sort();
  const byName = ids.filter((id) => store.services[id]?.spec.name === reference);
  const matches = byName.length > 0 ? byName : ids.filter((id) => id.startsWith(reference));
  if (matches.length === 1) return { ok: true, id: matches[0] as string };
  if (matches.length === 0)
    return { ok: false, error: { message: `service ${reference} not found`, status: 404 } };
  return {
    ok: false,
    error: { message: `service ${reference} is ambiguous (${matches.length} matches found)`, status: 400 },
  };
}

/** SwarmKit `ListTasksRequest_Filters` once moby has resolved references. */
interface TaskFilter {
  readonly namePrefixes: readonly string[];
  readonly idPrefixes: readonly string[];
  readonly labels: Readonly<Record<string, string | null>>;
  readonly serviceIds: readonly string[];
  readonly nodeIds: readonly string[];
  readonly desiredStates: readonly TaskState[];
  readonly runtimes: readonly string[];
  readonly upToDate: boolean;
}

/**
 * moby `GetTasks`: service and node references become IDs (`service X not found`, `node X not
 * found`), then the desired states are checked (`Invalid desired-state filter: 'x'`).
 */
export function resolveTaskFilter(
  store: SwarmStore,
  pairs: readonly FilterPair[],
  callerNodeId: string | null,
): { ok: true; filter: TaskFilter } | { ok: false; error: SwarmError } {
  const serviceIds: string[] = [];
  for (const reference of valuesOf(pairs, 'service')) {
    const resolved = resolveServiceId(store, reference);
    if (!resolved.ok) return resolved;
    serviceIds.push(resolved.id);
  }
  const nodeIds: string[] = [];
  for (const reference of valuesOf(pairs, 'node')) {
    const resolved = resolveNode(store, reference, callerNodeId);
    if (!resolved.ok) return resolved;
    nodeIds.push(resolved.node.meta.id);
  }
  const desiredStates: TaskState[] = [];
  for (const state of valuesOf(pairs, 'desired-state')) {
    const lower = state.toLowerCase();
    if (Object.hasOwn(taskStateOrder, lower)) desiredStates.push(lower as TaskState);
    else if (state !== '')
      return { ok: false, error: { message: `Invalid desired-state filter: '${state}'`, status: 500 } };
  }
  const runtimes = valuesOf(pairs, 'runtime');
  return {
    ok: true,
    filter: {
      namePrefixes: valuesOf(pairs, 'name'),
      idPrefixes: valuesOf(pairs, 'id'),
      labels: labelMap(valuesOf(pairs, 'label')),
      serviceIds,
      nodeIds,
      desiredStates,
      // moby: without a runtime filter, only container tasks ("container" and "").
      runtimes: runtimes.length === 0 ? ['container', ''] : runtimes,
      upToDate: valuesOf(pairs, '_up-to-date').length > 0,
    },
  };
}

/** SwarmKit `ListTasks` filtering. Every task in this model runs a container. */
export function taskMatchesFilter(store: SwarmStore, task: TaskObject, filter: TaskFilter): boolean {
  if (!anyPrefix(taskFullName(task), filter.namePrefixes)) return false;
  if (!anyPrefix(task.meta.id, filter.idPrefixes)) return false;
  if (!matchesLabels(task.spec.labels, filter.labels)) return false;
  if (filter.serviceIds.length > 0 && !filter.serviceIds.includes(task.serviceId)) return false;
  if (filter.nodeIds.length > 0 && (task.nodeId === null || !filter.nodeIds.includes(task.nodeId)))
    return false;
  if (filter.desiredStates.length > 0 && !filter.desiredStates.includes(task.desiredState)) return false;
  if (!filter.runtimes.includes('container')) return false;
  if (filter.upToDate && store.services[task.serviceId]?.specVersion !== task.specVersion) return false;
  return true;
}
