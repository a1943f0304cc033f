/**
 * A manager's replica: applying committed log commands to the store and the memberlist, and the
 * reads the control API needs (node references, counts). Replicas that applied the same log
 * prefix are equal, because every value written (ids, times, versions) travels in the entry.
 */
import { assert } from '../kernel/assert.js';
import { nodeAmbiguous, nodeNotFound } from './errors.js';
import {
  createEmptyStore,
  type NodeObject,
  type StoreAction,
  type StoreObject,
  type SwarmStore,
} from './objects.js';
import type { ManagerReplica, RaftMemberInfo, SwarmError } from './types.js';

/** What a Raft command entry carries (JSON in `LogEntry.data`). */
export type LogCommand =
  /** A batch of store writes, applied atomically (SwarmKit `store.Batch`). */
  | { readonly kind: 'store'; readonly label: string; readonly actions: readonly StoreAction[] }
  /** A memberlist change, proposed next to the Raft configuration change it describes. */
  | { readonly kind: 'member'; readonly change: 'add' | 'remove'; readonly member: RaftMemberInfo };

export function createReplica(): ManagerReplica {
  return { store: createEmptyStore(), members: {}, removedRaftIds: [] };
}

/**
 * A store command as it travels in a log entry: each task's spec (shared by every task of a
 * service version, and large) is written once in `specs`, and the task refers to it by position.
 */
interface EncodedStoreCommand {
  readonly kind: 'store';
  readonly label: string;
  readonly actions: readonly unknown[];
  readonly specs: readonly unknown[];
}

export function encodeCommand(command: LogCommand): string {
  if (command.kind !== 'store') return JSON.stringify(command);
  const specs: unknown[] = [];
  const positions = new Map<unknown, number>();
  const actions = command.actions.map((action) => {
    if (action.kind === 'delete' || action.target.type !== 'task') return action;
    const task = action.target.object;
    let position = positions.get(task.spec);
    if (position === undefined) {
      position = specs.length;
      specs.push(task.spec);
      positions.set(task.spec, position);
    }
    return { kind: action.kind, target: { type: 'task', object: { ...task, spec: position } } };
  });
  const encoded: EncodedStoreCommand = { kind: 'store', label: command.label, actions, specs };
  return JSON.stringify(encoded);
}

export function decodeCommand(data: string): LogCommand | null {
  let value: LogCommand | EncodedStoreCommand;
  try {
    value = JSON.parse(data) as LogCommand | EncodedStoreCommand;
  } catch {
    return null;
  }
  if (value === null || (value.kind !== 'store' && value.kind !== 'member')) return null;
  if (value.kind === 'member' || !('specs' in value)) return value;
  for (const action of value.actions as StoreAction[]) {
    if (action.kind === 'delete' || action.target.type !== 'task') continue;
    const task = action.target.object as { spec: unknown };
    task.spec = value.specs[task.spec as number];
  }
  return { kind: 'store', label: value.label, actions: value.actions as StoreAction[] };
}

/**
 * The command of a committed entry, decoded once for every replica that applies it: replicas
 * that applied the same entry share its objects, which nothing changes in place afterwards (the
 * version each object gets is the entry's index, the same everywhere). Keyed by the entry's
 * index, term and data, the last `decodedEntriesMax` entries.
 */
export function decodeEntryCommand(entry: { index: number; term: number; data: string }): LogCommand | null {
  const key = `${entry.index}:${entry.term}`;
  const cached = decodedEntries.get(key);
  if (cached !== undefined && cached.data === entry.data) return cached.command;
  const command = decodeCommand(entry.data);
  if (decodedEntries.size >= decodedEntriesMax) {
    const oldest = decodedEntries.keys().next().value;
    if (oldest !== undefined) decodedEntries.delete(oldest);
  }
  decodedEntries.set(key, { data: entry.data, command });
  return command;
}

const decodedEntriesMax = 256;
/** Not simulation state: a cache of pure decodings, shared by every world in the process. */
const decodedEntries = new Map<string, { data: string; command: LogCommand | null }>();

/** A short label for traces and the Raft pane: `create node abc123`, `add member 5f3a…`. */
export function describeCommand(command: LogCommand): string {
  if (command.kind === 'member') return `${command.change} raft member ${command.member.raftId}`;
  return command.label;
}

/**
 * Applies one committed command at log `index`. Every object written gets `meta.version = index`
 * (Docker's `Version.Index`). The command comes from `decodeEntryCommand`: its objects become the
 * replica's own (shared with the other replicas that apply the same entry) and are never changed
 * in place afterwards.
 */
export function applyCommand(replica: ManagerReplica, command: LogCommand, index: number): void {
  assert(index > replica.store.appliedIndex, 'commands are applied in log order, once');
  if (command.kind === 'member') applyMemberChange(replica, command.change, command.member);
  else for (const action of command.actions) applyStoreAction(replica.store, action, index);
  replica.store.appliedIndex = index;
}

function applyMemberChange(replica: ManagerReplica, change: 'add' | 'remove', member: RaftMemberInfo): void {
  if (change === 'add') {
    if (!replica.removedRaftIds.includes(member.raftId)) replica.members[member.raftId] = member;
    return;
  }
  delete replica.members[member.raftId];
  if (!replica.removedRaftIds.includes(member.raftId)) {
    replica.removedRaftIds.push(member.raftId);
    replica.removedRaftIds.sort();
  }
}

function applyStoreAction(store: SwarmStore, action: StoreAction, index: number): void {
  if (action.kind === 'delete') {
    if (action.type === 'cluster') store.cluster = null;
    else delete tableOf(store, action.type)[action.id];
    return;
  }
  const target = action.target as StoreObject;
  (target.object.meta as { version: number }).version = index;
  if (target.type === 'cluster') store.cluster = target.object;
  else tableOf(store, target.type)[target.object.meta.id] = target.object as never;
}

function tableOf(store: SwarmStore, type: Exclude<StoreObject['type'], 'cluster'>): Record<string, unknown> {
  if (type === 'node') return store.nodes;
  if (type === 'service') return store.services;
  if (type === 'task') return store.tasks;
  return store.networks;
}

/** Nodes sorted by ID. */
export function sortedNodes(store: SwarmStore): NodeObject[] {
  return Object.keys(store.nodes)
    .sort()
    .map((id) => store.nodes[id] as NodeObject);
}

/** The member whose node is `nodeId` (SwarmKit `GetMemberByNodeID`), or null. */
export function memberOfNode(replica: ManagerReplica, nodeId: string): RaftMemberInfo | null {
  for (const raftId of Object.keys(replica.members).sort()) {
    const member = replica.members[raftId] as RaftMemberInfo;
    if (member.nodeId === nodeId) return member;
  }
  return null;
}

/**
 * moby `getNode`: an exact ID, then an exact name (spec name or hostname), then a unique ID
 * prefix. `self` is the caller's node. Errors: `node X not found`, `node X is ambiguous (N
 * matches found)`.
 */
export function resolveNode(
  store: SwarmStore,
  reference: string,
  selfNodeId: string | null,
): { ok: true; node: NodeObject } | { ok: false; error: SwarmError } {
  const wanted = reference === 'self' && selfNodeId !== null ? selfNodeId : reference;
  const exact = store.nodes[wanted];
  if (exact !== undefined) return { ok: true, node: exact };
  const nodes = sortedNodes(store);
  const byName = nodes.filter(
    (node) => (node.spec.name !== '' ? node.spec.name : node.description.hostname) === wanted,
  );
  if (byName.length === 1) return { ok: true, node: byName[0] as NodeObject };
  if (byName.length > 1) return { ok: false, error: nodeAmbiguous(reference, byName.length) };
  const byPrefix = wanted === '' ? [] : nodes.filter((node) => node.meta.id.startsWith(wanted));
  if (byPrefix.length === 1) return { ok: true, node: byPrefix[0] as NodeObject };
  if (byPrefix.length > 1) return { ok: false, error: nodeAmbiguous(reference, byPrefix.length) };
  return { ok: false, error: nodeNotFound(reference) };
}

/** The serialised state machine a Raft snapshot carries. */
export function serializeReplica(replica: ManagerReplica): string {
  return JSON.stringify(replica);
}

export function deserializeReplica(data: string): ManagerReplica {
  const value = JSON.parse(data) as ManagerReplica;
  assert(typeof value === 'object' && value !== null && 'store' in value, 'a snapshot holds a replica');
  return value;
}
