import { assert } from './assert.js';
import type { LogEntry, Snapshot } from './types.js';

/**
 * A node's log: a compacted prefix plus the entries after it. Indexing is offset-aware: index
 * `compactedIndex + 1 + k` lives at `entries[k]`, and indexes up to `compactedIndex` are gone
 * (their terms too, except the last one, `compactedTerm`).
 *
 * The latest snapshot may cover more than the compacted prefix: after `compact`, the node keeps
 * `logEntriesForSlowFollowers` entries up to the snapshot's index in memory, so a follower that
 * is only a little behind gets entries instead of the whole snapshot (SwarmKit compacts to
 * `applied - LogEntriesForSlowFollowers`). Those entries are a cache: the persisted state holds
 * only the snapshot and the entries after it, and a restarted node starts at the snapshot.
 *
 * Example, after a snapshot covering index 5 with two entries kept before it:
 *
 *     index   1 2 3 | 4 5 | 6 7
 *     term    1 1 2 | 2 3 | 3 3
 *      (compacted)   kept   after the snapshot
 *     compactedIndex = 3, firstLogIndex = 4, snapshot.lastIncludedIndex = 5, lastLogIndex = 7,
 *     termAt(3) = 2 (compactedTerm), termAt(2) = null
 */
export interface RaftLog {
  /** The latest snapshot, or null. Invariant: compactedIndex <= snapshot.lastIncludedIndex. */
  snapshot: Snapshot | null;
  /** The last index compacted away: 0, or at most the snapshot's lastIncludedIndex. */
  compactedIndex: number;
  /** The term at compactedIndex (0 when it is 0). */
  compactedTerm: number;
  /** Invariant: entries[k].index = compactedIndex + 1 + k, and terms never decrease. */
  entries: LogEntry[];
}

export function createLog(snapshot: Snapshot | null, entries: readonly LogEntry[]): RaftLog {
  const log: RaftLog = {
    snapshot,
    compactedIndex: snapshot === null ? 0 : snapshot.lastIncludedIndex,
    compactedTerm: snapshot === null ? 0 : snapshot.lastIncludedTerm,
    entries: entries.slice(),
  };
  assertLogShape(log);
  return log;
}

/** Checks every entry's index and term order: O(n), for boundaries such as createNode. */
export function assertLogShape(log: RaftLog): void {
  let previousTerm = log.compactedTerm;
  for (let offset = 0; offset < log.entries.length; offset++) {
    const entry = log.entries[offset]!;
    assert(
      entry.index === log.compactedIndex + 1 + offset,
      `log entry at offset ${offset} has index ${entry.index}`,
    );
    assert(entry.term >= previousTerm, `log term decreases at index ${entry.index}`);
    previousTerm = entry.term;
  }
}

export function firstLogIndex(log: RaftLog): number {
  return log.compactedIndex + 1;
}

export function lastLogIndex(log: RaftLog): number {
  return log.compactedIndex + log.entries.length;
}

export function lastLogTerm(log: RaftLog): number {
  const last = log.entries[log.entries.length - 1];
  return last === undefined ? log.compactedTerm : last.term;
}

/** The term of the entry at `index`, 0 for index 0, or null when it is compacted or absent. */
export function termAt(log: RaftLog, index: number): number | null {
  if (index === log.compactedIndex) return log.compactedTerm;
  if (index < log.compactedIndex) return null;
  const entry = log.entries[index - log.compactedIndex - 1];
  return entry === undefined ? null : entry.term;
}

/** The entry at `index`, or null when it is compacted or absent. */
export function entryAt(log: RaftLog, index: number): LogEntry | null {
  if (index <= log.compactedIndex) return null;
  return log.entries[index - log.compactedIndex - 1] ?? null;
}

/** A copy of the entries with indexes in [fromIndex, toIndex], clamped to what the log holds. */
export function entriesBetween(log: RaftLog, fromIndex: number, toIndex: number): LogEntry[] {
  const start = Math.max(fromIndex, firstLogIndex(log)) - log.compactedIndex - 1;
  const end = Math.min(toIndex, lastLogIndex(log)) - log.compactedIndex;
  if (end <= start) return [];
  return log.entries.slice(start, end);
}

/**
 * §5.4.1 election restriction: is a log ending at (lastIndex, lastTerm) at least as up to date as
 * ours? The later last term wins; with equal last terms the longer log wins.
 */
export function isUpToDate(log: RaftLog, lastIndex: number, lastTerm: number): boolean {
  const ourLastTerm = lastLogTerm(log);
  if (lastTerm !== ourLastTerm) return lastTerm > ourLastTerm;
  return lastIndex >= lastLogIndex(log);
}

/**
 * The index of the first of `entries` whose term differs from ours, or that we do not hold;
 * 0 when we already hold all of them. Entries inside the snapshot are committed, so they match.
 */
export function findConflict(log: RaftLog, entries: readonly LogEntry[]): number {
  for (const entry of entries) {
    if (entry.index <= log.compactedIndex) continue;
    if (termAt(log, entry.index) !== entry.term) return entry.index;
  }
  return 0;
}

/** Appends `entries`, which must start right after our last entry. */
export function appendToLog(log: RaftLog, entries: readonly LogEntry[]): void {
  let expectedIndex = lastLogIndex(log) + 1;
  let previousTerm = lastLogTerm(log);
  for (const entry of entries) {
    assert(entry.index === expectedIndex, `append at index ${entry.index}, expected ${expectedIndex}`);
    assert(entry.term >= previousTerm, `append of term ${entry.term} after term ${previousTerm}`);
    log.entries.push(entry);
    expectedIndex++;
    previousTerm = entry.term;
  }
}

/** Discards the entries with index >= fromIndex. Entries inside the snapshot cannot be discarded. */
export function truncateLog(log: RaftLog, fromIndex: number): void {
  assert(
    fromIndex > log.compactedIndex,
    `truncate at ${fromIndex} inside snapshot ending at ${log.compactedIndex}`,
  );
  log.entries.length = Math.max(0, fromIndex - log.compactedIndex - 1);
}

/**
 * The first index in [firstLogIndex, index] whose term equals the term at `index`: the start of
 * that term's run, found by binary search because terms never decrease along the log.
 */
export function firstIndexOfTermAt(log: RaftLog, index: number): number {
  const term = termAt(log, index);
  assert(term !== null, `no term at index ${index}`);
  let low = firstLogIndex(log);
  let high = index;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((termAt(log, middle) ?? 0) < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last index holding `term`, or 0 when the log holds no entry of that term (binary search). */
export function lastIndexOfTerm(log: RaftLog, term: number): number {
  let low = firstLogIndex(log);
  let high = lastLogIndex(log);
  let found = log.compactedTerm === term ? log.compactedIndex : 0;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const middleTerm = termAt(log, middle) ?? 0;
    if (middleTerm <= term) {
      if (middleTerm === term) found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The index the latest snapshot covers, 0 without one: everything up to it has been applied. */
export function snapshotIndexOf(log: RaftLog): number {
  return log.snapshot === null ? 0 : log.snapshot.lastIncludedIndex;
}

/**
 * Records `snapshot` (which must cover only entries the log holds) and discards the entries up
 * to `compactToIndex`, which is at most the snapshot's index: the entries between the two stay
 * for slow followers.
 */
export function compactLog(log: RaftLog, snapshot: Snapshot, compactToIndex: number): void {
  assert(snapshot.lastIncludedIndex > snapshotIndexOf(log), 'a snapshot replaces an older one');
  assert(snapshot.lastIncludedIndex <= lastLogIndex(log), 'a snapshot covers only entries in the log');
  assert(termAt(log, snapshot.lastIncludedIndex) === snapshot.lastIncludedTerm, 'snapshot term matches');
  log.snapshot = snapshot;
  if (compactToIndex <= log.compactedIndex) return;
  assert(compactToIndex <= snapshot.lastIncludedIndex, 'only entries the snapshot covers are compacted');
  const compactedTerm = termAt(log, compactToIndex);
  assert(compactedTerm !== null, `no term at compaction point ${compactToIndex}`);
  log.entries = log.entries.slice(compactToIndex - log.compactedIndex);
  log.compactedIndex = compactToIndex;
  log.compactedTerm = compactedTerm;
}

/**
 * Replaces the log with `snapshot`. When the log holds the snapshot's last entry with the same
 * term, the entries after it are kept (§7: "the follower retains log entries following it");
 * otherwise the whole log is discarded.
 */
export function restoreSnapshot(log: RaftLog, snapshot: Snapshot): { keptSuffix: boolean } {
  const keptSuffix = termAt(log, snapshot.lastIncludedIndex) === snapshot.lastIncludedTerm;
  log.entries = keptSuffix ? entriesBetween(log, snapshot.lastIncludedIndex + 1, lastLogIndex(log)) : [];
  log.snapshot = snapshot;
  log.compactedIndex = snapshot.lastIncludedIndex;
  log.compactedTerm = snapshot.lastIncludedTerm;
  return { keptSuffix };
}
