import { assert } from './assert.js';
import type { LogEntry, Snapshot } from './types.js';

/**
 * A node's log: a snapshot prefix plus the entries after it. Indexing is snapshot-aware: index
 * `snapshotIndex + 1 + k` lives at `entries[k]`, and indexes up to `snapshotIndex` are known only
 * through the snapshot (their terms are gone, except the last one, `snapshotTerm`).
 *
 * Example, after a snapshot covering index 3:
 *
 *     index   1 2 3 | 4 5 6
 *     term    1 1 2 | 2 3 3
 *             (snapshot) entries[0..2]
 *     firstLogIndex = 4, lastLogIndex = 6, termAt(3) = 2 (snapshotTerm), termAt(2) = null
 */
export interface RaftLog {
  /** The latest snapshot, or null. */
  snapshot: Snapshot | null;
  /** Invariant: snapshotIndex = snapshot?.lastIncludedIndex ?? 0. */
  snapshotIndex: number;
  /** Invariant: snapshotTerm = snapshot?.lastIncludedTerm ?? 0. */
  snapshotTerm: number;
  /** Invariant: entries[k].index = snapshotIndex + 1 + k, and terms never decrease. */
  entries: LogEntry[];
}

export function createLog(snapshot: Snapshot | null, entries: readonly LogEntry[]): RaftLog {
  const log: RaftLog = {
    snapshot,
    snapshotIndex: snapshot === null ? 0 : snapshot.lastIncludedIndex,
    snapshotTerm: snapshot === null ? 0 : snapshot.lastIncludedTerm,
    entries: entries.slice(),
  };
  assertLogShape(log);
  return log;
}

/** Checks every entry's index and term order: O(n), for boundaries such as createNode. */
export function assertLogShape(log: RaftLog): void {
  let previousTerm = log.snapshotTerm;
  for (let offset = 0; offset < log.entries.length; offset++) {
    const entry = log.entries[offset]!;
    assert(
      entry.index === log.snapshotIndex + 1 + offset,
      `log entry at offset ${offset} has index ${entry.index}`,
    );
    assert(entry.term >= previousTerm, `log term decreases at index ${entry.index}`);
    previousTerm = entry.term;
  }
}

export function firstLogIndex(log: RaftLog): number {
  return log.snapshotIndex + 1;
}

export function lastLogIndex(log: RaftLog): number {
  return log.snapshotIndex + log.entries.length;
}

export function lastLogTerm(log: RaftLog): number {
  const last = log.entries[log.entries.length - 1];
  return last === undefined ? log.snapshotTerm : last.term;
}

/** The term of the entry at `index`, 0 for index 0, or null when it is compacted or absent. */
export function termAt(log: RaftLog, index: number): number | null {
  if (index === log.snapshotIndex) return log.snapshotTerm;
  if (index < log.snapshotIndex) return null;
  const entry = log.entries[index - log.snapshotIndex - 1];
  return entry === undefined ? null : entry.term;
}

/** The entry at `index`, or null when it is compacted or absent. */
export function entryAt(log: RaftLog, index: number): LogEntry | null {
  if (index <= log.snapshotIndex) return null;
  return log.entries[index - log.snapshotIndex - 1] ?? null;
}

/** A copy of the entries with indexes in [fromIndex, toIndex], clamped to what the log holds. */
export function entriesBetween(log: RaftLog, fromIndex: number, toIndex: number): LogEntry[] {
  const start = Math.max(fromIndex, firstLogIndex(log)) - log.snapshotIndex - 1;
  const end = Math.min(toIndex, lastLogIndex(log)) - log.snapshotIndex;
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
    if (entry.index <= log.snapshotIndex) continue;
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
    fromIndex > log.snapshotIndex,
    `truncate at ${fromIndex} inside snapshot ending at ${log.snapshotIndex}`,
  );
  log.entries.length = Math.max(0, fromIndex - log.snapshotIndex - 1);
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
  let found = log.snapshotTerm === term ? log.snapshotIndex : 0;
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

/**
 * Replaces the log with `snapshot`. When the log holds the snapshot's last entry with the same
 * term, the entries after it are kept (§7: "the follower retains log entries following it");
 * otherwise the whole log is discarded.
 */
export function restoreSnapshot(log: RaftLog, snapshot: Snapshot): { keptSuffix: boolean } {
  const keptSuffix = termAt(log, snapshot.lastIncludedIndex) === snapshot.lastIncludedTerm;
  log.entries = keptSuffix ? entriesBetween(log, snapshot.lastIncludedIndex + 1, lastLogIndex(log)) : [];
  log.snapshot = snapshot;
  log.snapshotIndex = snapshot.lastIncludedIndex;
  log.snapshotTerm = snapshot.lastIncludedTerm;
  return { keptSuffix };
}
