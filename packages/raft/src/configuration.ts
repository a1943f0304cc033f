import { assert } from './assert.js';
import { lastLogIndex, snapshotIndexOf } from './log.js';
import type { Progress, RaftNode } from './node.js';
import type { LogEntry, Membership, NodeId } from './types.js';

/**
 * Which configuration a node uses, and keeping the node's derived state (peers, the leader's
 * progress, a leadership transfer) in step with it.
 *
 * Rule (thesis §4.1, single-server changes): "a server always uses the latest configuration in
 * its log, regardless of whether the entry is committed". A configuration entry takes effect on
 * every node as soon as it is appended, and a node whose uncommitted entry is truncated falls
 * back to the configuration before it. Below the log is the latest snapshot's configuration,
 * and below that the one createNode was given.
 */

/** Ids in code-unit order (n1 < n10 < n2): deterministic and locale-free. */
export function sortIds(ids: readonly NodeId[]): NodeId[] {
  return ids.slice().sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}

/** A configuration and the index of the entry (or snapshot) that set it. */
export interface Configuration {
  readonly membership: Membership;
  readonly index: number;
}

/** The configuration below the log: the latest snapshot's, else the bootstrap one. */
export function baseConfiguration(node: RaftNode): Configuration {
  const snapshot = node.log.snapshot;
  if (snapshot !== null) return { membership: snapshot.membership, index: snapshot.lastIncludedIndex };
  return { membership: node.bootstrapMembership, index: 0 };
}

/**
 * The latest configuration entry with an index in [lowIndex, highIndex] still in the log, or
 * null. Scans backwards, so the cost is the distance from highIndex to that entry.
 */
export function findConfigEntry(
  node: RaftNode,
  lowIndex: number,
  highIndex: number,
): Extract<LogEntry, { kind: 'config' }> | null {
  const log = node.log;
  const low = Math.max(lowIndex, log.compactedIndex + 1);
  for (let index = Math.min(highIndex, lastLogIndex(log)); index >= low; index--) {
    const entry = log.entries[index - log.compactedIndex - 1]!;
    if (entry.kind === 'config') return entry;
  }
  return null;
}

/**
 * The configuration in force at `index` (at least the snapshot's index): the latest
 * configuration entry at or before it, else the base. Snapshots record it.
 */
export function configurationAt(node: RaftNode, index: number): Configuration {
  assert(index >= snapshotIndexOf(node.log), `configuration asked for at ${index}, inside the snapshot`);
  const entry = findConfigEntry(node, 0, index);
  if (entry !== null) return { membership: { voters: entry.voters }, index: entry.index };
  return baseConfiguration(node);
}

/**
 * Brings the node's configuration, and the list of voters it knows were removed, up to date
 * after its log changed from `fromIndex` on (appended, truncated, or replaced by a snapshot; 0
 * for the whole log). Only the new entries are read, unless the entry that set the
 * configuration may be gone; then the whole log is read again from the base configuration.
 */
export function refreshMembership(node: RaftNode, fromIndex: number): void {
  const log = node.log;
  const rebuild = fromIndex <= node.configIndex || node.configIndex < log.compactedIndex;
  let configuration: Configuration | null = null;
  if (rebuild) {
    node.removals = [];
    configuration = baseConfiguration(node);
  }
  const lastIndex = lastLogIndex(log);
  for (let index = rebuild ? log.compactedIndex + 1 : fromIndex; index <= lastIndex; index++) {
    const entry = log.entries[index - log.compactedIndex - 1]!;
    if (entry.kind !== 'config') continue;
    noteRemoval(node, entry);
    configuration = { membership: { voters: entry.voters }, index: entry.index };
  }
  if (configuration !== null) setMembership(node, configuration);
}

/**
 * Keeps `removals`: a voter that a configuration entry in the log removed, and no later entry
 * added back, with that entry's index. Once the removal is known committed, their messages are
 * refused (see step.ts). Only removals the log shows count: a node missing from the
 * configuration may just be one this node has not heard of.
 */
function noteRemoval(node: RaftNode, entry: Extract<LogEntry, { kind: 'config' }>): void {
  const id = entry.change.node;
  const removals = node.removals.filter((removal) => removal.id !== id);
  if (entry.change.type === 'removeVoter' && !entry.voters.includes(id)) {
    removals.push({ id, index: entry.index });
  }
  node.removals = removals.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
}

/**
 * Switches the node to `configuration`: peers follow it, a leader starts tracking new voters
 * (probing from its last entry, marked recently active so CheckQuorum gives them a full
 * election timeout, as etcd does) and forgets removed ones, and a transfer to a removed voter
 * is abandoned.
 */
export function setMembership(node: RaftNode, configuration: Configuration): void {
  const voters = sortIds(configuration.membership.voters);
  for (let position = 1; position < voters.length; position++) {
    assert(voters[position] !== voters[position - 1], `duplicate voter ${voters[position]}`);
  }
  node.membership = { voters };
  node.configIndex = configuration.index;
  node.peers = voters.filter((voter) => voter !== node.config.id);
  if (node.role !== 'leader') return;
  const nextIndex = lastLogIndex(node.log);
  node.progress = node.peers.map(
    (id) => node.progress.find((progress) => progress.id === id) ?? newProgress(id, nextIndex, true),
  );
  if (node.transferTarget !== null && !voters.includes(node.transferTarget)) {
    node.transferTarget = null;
    node.transferElapsedTicks = 0;
  }
}

/** A follower's replication state when the leader knows nothing about its log yet: probe. */
export function newProgress(id: NodeId, nextIndex: number, recentActive: boolean): Progress {
  return {
    id,
    matchIndex: 0,
    nextIndex: Math.max(1, nextIndex),
    mode: 'probe',
    probeSent: false,
    snapshotWaitedTicks: 0,
    inflight: [],
    recentActive,
  };
}
