import { assert } from './assert.js';
import { entriesBetween, lastLogIndex, snapshotIndexOf } from './log.js';
import type { RaftNode } from './node.js';
import type { LogEntry, NodeId, PersistAction, PersistentState, Snapshot } from './types.js';

/** A host's durable copy of a node's persistent state, updated in place by applyPersistAction. */
export interface WritablePersistentState {
  term: number;
  votedFor: NodeId | null;
  entries: LogEntry[];
  snapshot: Snapshot | null;
}

export function emptyPersistentState(): WritablePersistentState {
  return { term: 0, votedFor: null, entries: [], snapshot: null };
}

/**
 * What a host does with `output.persist`, before sending the output's messages: keep the new
 * snapshot and drop the entries it covers, discard entries from truncateFromIndex on, append the
 * new entries, then record term and vote. Amortised O(changes), not O(log).
 */
export function applyPersistAction(state: WritablePersistentState, action: PersistAction): void {
  const offset = () => (state.snapshot === null ? 0 : state.snapshot.lastIncludedIndex);
  if (action.snapshot !== null) {
    const dropped = action.snapshot.lastIncludedIndex - offset();
    state.entries = dropped >= state.entries.length ? [] : state.entries.slice(Math.max(0, dropped));
    state.snapshot = action.snapshot;
  }
  if (action.truncateFromIndex !== null) {
    state.entries.length = Math.min(
      state.entries.length,
      Math.max(0, action.truncateFromIndex - offset() - 1),
    );
  }
  for (const entry of action.appendedEntries) {
    const position = entry.index - offset() - 1;
    assert(position >= 0 && position <= state.entries.length, `persisted entry ${entry.index} leaves a gap`);
    // An entry rewritten without an explicit truncation replaces the one after it as well.
    state.entries.length = position;
    state.entries.push(entry);
  }
  if (action.hardState !== null) {
    state.term = action.hardState.term;
    state.votedFor = action.hardState.votedFor;
  }
}

/** The node's persistent state as it should be on disk (a copy): for tests and checkers. */
export function persistentStateOf(node: RaftNode): PersistentState {
  return {
    term: node.term,
    votedFor: node.votedFor,
    entries: persistedEntriesOf(node),
    snapshot: node.log.snapshot,
  };
}

/**
 * The entries the disk holds: those after the latest snapshot. Entries the node keeps before
 * it for slow followers are a cache that a restart does not bring back.
 */
export function persistedEntriesOf(node: RaftNode): LogEntry[] {
  return entriesBetween(node.log, snapshotIndexOf(node.log) + 1, lastLogIndex(node.log));
}
