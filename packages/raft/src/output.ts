import { assert } from './assert.js';
import { isUnsafe } from './config.js';
import { entriesBetween, lastLogIndex, snapshotIndexOf } from './log.js';
import type { RaftNode } from './node.js';
import type { LogEntry, Message, NodeId, PersistAction, RaftOutput, RoleChange, Snapshot } from './types.js';

/**
 * What one call into a node has done so far. Created when tick/step/propose/campaign starts,
 * turned into a `RaftOutput` when it ends. Persistence is computed at the end from what changed,
 * so every change to term, vote or log in the call reaches `persist`, and the host persists it
 * before sending any of the call's messages.
 */
export interface OutputBuilder {
  readonly termBefore: number;
  readonly votedForBefore: NodeId | null;
  readonly commitIndexBefore: number;
  /** The lowest log index appended or truncated during the call, or null. */
  logWrittenFromIndex: number | null;
  /** Whether persisted entries at logWrittenFromIndex and after must be discarded first. */
  logTruncated: boolean;
  /** A snapshot to persist: one received from the leader, or one made by `compact`. */
  snapshot: Snapshot | null;
  /** A snapshot received from the leader, which the host must also load into its state machine. */
  snapshotToApply: Snapshot | null;
  readonly messages: Message[];
  readonly roleChanges: RoleChange[];
}

const emptyOutput: RaftOutput = Object.freeze({
  persist: null,
  messages: Object.freeze([]) as readonly Message[],
  snapshotToApply: null,
  committed: Object.freeze([]) as readonly LogEntry[],
  roleChanges: Object.freeze([]) as readonly RoleChange[],
});

export function beginOutput(node: RaftNode): OutputBuilder {
  return {
    termBefore: node.term,
    votedForBefore: node.votedFor,
    commitIndexBefore: node.commitIndex,
    logWrittenFromIndex: null,
    logTruncated: false,
    snapshot: null,
    snapshotToApply: null,
    messages: [],
    roleChanges: [],
  };
}

/** Records that the log changed from `fromIndex` on (appended, or truncated when `truncated`). */
export function noteLogWrite(out: OutputBuilder, fromIndex: number, truncated: boolean): void {
  if (out.logWrittenFromIndex === null || fromIndex < out.logWrittenFromIndex) {
    out.logWrittenFromIndex = fromIndex;
  }
  if (truncated) out.logTruncated = true;
}

export function send(out: OutputBuilder, message: Message): void {
  out.messages.push(message);
}

/** Checks the node's invariants at the call boundary and assembles the output. */
export function finishOutput(node: RaftNode, out: OutputBuilder): RaftOutput {
  assertNodeInvariants(node, out);
  const persist = persistActionOf(node, out);
  // Entries a snapshot received in this call covers are applied through the snapshot.
  const appliedFloor = Math.max(out.commitIndexBefore, out.snapshotToApply?.lastIncludedIndex ?? 0);
  const committed =
    node.commitIndex > appliedFloor
      ? entriesBetween(node.log, appliedFloor + 1, node.commitIndex)
      : (emptyOutput.committed as LogEntry[]);
  if (
    persist === null &&
    out.messages.length === 0 &&
    committed.length === 0 &&
    out.roleChanges.length === 0
  ) {
    return emptyOutput;
  }
  return {
    persist,
    messages: out.messages,
    snapshotToApply: out.snapshotToApply,
    committed,
    roleChanges: out.roleChanges,
  };
}

function persistActionOf(node: RaftNode, out: OutputBuilder): PersistAction | null {
  const hardStateChanged = node.term !== out.termBefore || node.votedFor !== out.votedForBefore;
  if (!hardStateChanged && out.logWrittenFromIndex === null && out.snapshot === null) return null;
  // The forgetVoteOnRestart bug: the vote never reaches the disk.
  const votedFor = isUnsafe(node.config, 'forgetVoteOnRestart') ? null : node.votedFor;
  const writtenFrom = out.logWrittenFromIndex;
  return {
    hardState: hardStateChanged ? { term: node.term, votedFor } : null,
    truncateFromIndex: writtenFrom !== null && out.logTruncated ? writtenFrom : null,
    appendedEntries:
      writtenFrom === null ? [] : entriesBetween(node.log, writtenFrom, lastLogIndex(node.log)),
    snapshot: out.snapshot,
  };
}

function assertNodeInvariants(node: RaftNode, out: OutputBuilder): void {
  const lastIndex = lastLogIndex(node.log);
  assert(node.term >= out.termBefore, `term went back from ${out.termBefore} to ${node.term}`);
  assert(node.commitIndex >= out.commitIndexBefore, 'commitIndex went back');
  assert(node.commitIndex <= lastIndex, `commitIndex ${node.commitIndex} > lastLogIndex ${lastIndex}`);
  assert(node.commitIndex >= snapshotIndexOf(node.log), 'commitIndex is inside the snapshot');
  assert(node.log.compactedIndex <= snapshotIndexOf(node.log), 'only a snapshot lets entries go');
  if (node.transferTarget !== null) assert(node.role === 'leader', 'only a leader transfers leadership');
  const lastEntry = node.log.entries[node.log.entries.length - 1];
  if (lastEntry !== undefined) assert(lastEntry.index === lastIndex, 'log entries are not contiguous');
  if (node.role === 'leader') assert(node.leaderId === node.config.id, 'a leader leads itself');
  if (node.role === 'candidate') assert(node.votedFor === node.config.id, 'a candidate votes for itself');
  if (node.role !== 'leader') assert(node.progress.length === 0, 'only a leader tracks progress');
}
