import { assert, maybe } from './assert.js';
import { isUnsafe } from './config.js';
import { refreshMembership } from './configuration.js';
import {
  appendToLog,
  entriesBetween,
  findConflict,
  firstIndexOfTermAt,
  lastIndexOfTerm,
  lastLogIndex,
  restoreSnapshot,
  termAt,
  truncateLog,
} from './log.js';
import { findProgress, isPromotable, type Progress, type RaftNode } from './node.js';
import { noteLogWrite, type OutputBuilder, send } from './output.js';
import { quorumMatchIndex } from './quorum.js';
import { becomeFollower } from './roles.js';
import type { Message } from './types.js';

type AppendEntries = Extract<Message, { type: 'appendEntries' }>;
type AppendEntriesResponse = Extract<Message, { type: 'appendEntriesResponse' }>;
type InstallSnapshot = Extract<Message, { type: 'installSnapshot' }>;
type InstallSnapshotResponse = Extract<Message, { type: 'installSnapshotResponse' }>;

// ---------------------------------------------------------------------------------------------
// Leader side

/** Whether the leader must wait before sending `progress`'s follower another appendEntries. */
export function isPaused(node: RaftNode, progress: Progress): boolean {
  if (progress.mode === 'snapshot') return true;
  if (progress.mode === 'probe') return progress.probeSent;
  return progress.inflight.length >= node.config.inflightMessagesMax;
}

/**
 * Sends one appendEntries to `progress`'s follower, carrying up to entriesPerMessageMax entries
 * from nextIndex, unless the follower is paused, or there is nothing to send and `sendIfEmpty` is
 * false. Falls back to installSnapshot when the entry before nextIndex is compacted away.
 * Returns whether a message went out.
 */
export function sendAppend(
  node: RaftNode,
  out: OutputBuilder,
  progress: Progress,
  sendIfEmpty: boolean,
): boolean {
  if (isPaused(node, progress)) return false;
  const prevLogIndex = progress.nextIndex - 1;
  const prevLogTerm = termAt(node.log, prevLogIndex);
  if (prevLogTerm === null) return sendSnapshot(node, out, progress);
  const lastIndex = lastLogIndex(node.log);
  const lastSent = Math.min(lastIndex, prevLogIndex + node.config.entriesPerMessageMax);
  const entries = entriesBetween(node.log, progress.nextIndex, lastSent);
  if (entries.length === 0 && !sendIfEmpty) return false;
  send(out, {
    type: 'appendEntries',
    from: node.config.id,
    to: progress.id,
    term: node.term,
    prevLogIndex,
    prevLogTerm,
    entries,
    leaderCommit: node.commitIndex,
  });
  if (progress.mode === 'probe') {
    progress.probeSent = true;
  } else if (entries.length > 0) {
    // Replicate mode streams optimistically: the next batch starts after this one.
    progress.inflight.push(lastSent);
    progress.nextIndex = lastSent + 1;
  }
  return true;
}

/**
 * §7: the entry before nextIndex is compacted away, so the follower gets the latest snapshot.
 * The follower then waits in snapshot mode (nothing else is sent to it) until it answers, or
 * until an election timeout has passed and a heartbeat sends the snapshot again.
 */
function sendSnapshot(node: RaftNode, out: OutputBuilder, progress: Progress): boolean {
  const snapshot = node.log.snapshot;
  assert(snapshot !== null, `entry ${progress.nextIndex - 1} is compacted but there is no snapshot`);
  send(out, { type: 'installSnapshot', from: node.config.id, to: progress.id, term: node.term, snapshot });
  progress.mode = 'snapshot';
  progress.inflight = [];
  progress.probeSent = false;
  progress.snapshotWaitedTicks = 0;
  return true;
}

/** Sends every follower what it is missing; with `sendIfEmpty`, an empty append to the rest. */
export function broadcastAppend(node: RaftNode, out: OutputBuilder, sendIfEmpty: boolean): void {
  for (const progress of node.progress) sendAppend(node, out, progress, sendIfEmpty);
}

/**
 * A heartbeat is an appendEntries that always goes out (§5.2). It also unsticks replication: a
 * probe is retried, and a full inflight window frees its oldest slot (etcd does both on a
 * heartbeat response), so lost messages cannot stall a follower forever.
 */
export function broadcastHeartbeat(node: RaftNode, out: OutputBuilder): void {
  for (const progress of node.progress) {
    if (progress.mode === 'snapshot') {
      progress.snapshotWaitedTicks += node.config.heartbeatIntervalTicks;
      if (progress.snapshotWaitedTicks < node.config.electionTimeoutTicks) continue;
      progress.mode = 'probe'; // The snapshot or its answer was lost: send it again.
    }
    if (progress.mode === 'probe') progress.probeSent = false;
    else if (progress.inflight.length >= node.config.inflightMessagesMax) progress.inflight.shift();
    const sent = sendAppend(node, out, progress, true);
    assert(sent, `heartbeat to ${progress.id} was not sent`);
  }
}

/** Handles a follower's answer to appendEntries (§5.3). */
export function handleAppendEntriesResponse(
  node: RaftNode,
  out: OutputBuilder,
  message: AppendEntriesResponse,
): void {
  const progress = findProgress(node, message.from);
  if (progress === undefined) return;
  progress.recentActive = true;
  if (!message.success) {
    handleRejection(node, out, progress, message);
    return;
  }
  // A follower never claims more than the leader holds, unless an unsafe switch let a leader
  // without every committed entry win (the follower then vouches for its own committed prefix).
  if (node.config.unsafe.length === 0) {
    assert(message.matchIndex <= lastLogIndex(node.log), `${message.from} matches beyond our log`);
  }
  const matchIndex = Math.min(message.matchIndex, lastLogIndex(node.log));
  maybe(matchIndex > progress.matchIndex); // Heartbeat answers and stale answers change nothing.
  if (matchIndex > progress.matchIndex) {
    progress.matchIndex = matchIndex;
    progress.nextIndex = Math.max(progress.nextIndex, matchIndex + 1);
    while (progress.inflight.length > 0 && progress.inflight[0]! <= matchIndex) progress.inflight.shift();
    // A follower waiting for a snapshot that caught up some other way needs it no more.
    if (progress.mode === 'probe' || progress.mode === 'snapshot') becomeReplicate(progress);
    advanceCommitIndex(node, out);
    if (node.role !== 'leader') return; // Its own removal committed: it stepped down.
    maybeSendTimeoutNow(node, out, progress);
  }
  sendWhileUnpaused(node, out, progress);
}

/**
 * Commits what a majority now holds and tells the followers at once. A leader that is not in
 * the configuration it just committed steps down (thesis §4.2.2: it "steps down once the
 * Cnew entry is committed"). Returns whether commitIndex moved.
 */
export function advanceCommitIndex(node: RaftNode, out: OutputBuilder): boolean {
  if (!maybeCommit(node)) return false;
  broadcastAppend(node, out, true);
  if (!isPromotable(node) && node.commitIndex >= node.configIndex) {
    handOffBeforeLeaving(node, out);
    const reason = `its removal at index ${node.configIndex} committed`;
    becomeFollower(node, out, { term: node.term, leaderId: null, event: 'REMOVED', reason });
  }
  return true;
}

/**
 * A leader leaving the cluster tells the first voter (in id order) that holds its whole log to
 * campaign at once, as in a leadership transfer, instead of letting the cluster wait out an
 * election timeout that leader stickiness would lengthen.
 */
function handOffBeforeLeaving(node: RaftNode, out: OutputBuilder): void {
  const lastIndex = lastLogIndex(node.log);
  const successor = node.progress.find((progress) => progress.matchIndex === lastIndex);
  if (successor === undefined) return;
  send(out, { type: 'timeoutNow', from: node.config.id, to: successor.id, term: node.term });
}

/**
 * Leadership transfer (thesis §3.10): once the target holds the leader's whole log, tell it to
 * campaign now. The leader appends nothing meanwhile, so this happens at most once per answer.
 */
export function maybeSendTimeoutNow(node: RaftNode, out: OutputBuilder, progress: Progress): void {
  if (node.transferTarget !== progress.id) return;
  if (progress.matchIndex !== lastLogIndex(node.log)) return;
  send(out, { type: 'timeoutNow', from: node.config.id, to: progress.id, term: node.term });
}

/**
 * A rejection says the follower's log does not hold (prevLogIndex, prevLogTerm). The follower's
 * hint lets the leader skip a whole term at a time instead of one entry per round trip: if the
 * leader holds entries of conflictTerm, it resumes after its last one; otherwise it resumes at
 * conflictIndex, where the follower's run of conflictTerm starts (or where its log ends).
 */
function handleRejection(
  node: RaftNode,
  out: OutputBuilder,
  progress: Progress,
  message: AppendEntriesResponse,
): void {
  if (progress.mode === 'snapshot') return; // An answer to an append sent before the snapshot.
  const rejected = message.rejectedIndex;
  const stale =
    progress.mode === 'replicate' ? rejected <= progress.matchIndex : rejected !== progress.nextIndex - 1;
  if (stale) return;
  let nextIndex = message.conflictIndex;
  if (message.conflictTerm > 0) {
    const leaderLast = lastIndexOfTerm(node.log, message.conflictTerm);
    if (leaderLast > 0) nextIndex = leaderLast + 1;
  }
  progress.nextIndex = Math.max(progress.matchIndex + 1, Math.min(nextIndex, rejected));
  progress.mode = 'probe';
  progress.inflight = [];
  progress.probeSent = false;
  sendAppend(node, out, progress, true);
}

/** Handles a follower's answer to installSnapshot: it now matches up to matchIndex. */
export function handleSnapshotResponse(
  node: RaftNode,
  out: OutputBuilder,
  message: InstallSnapshotResponse,
): void {
  const progress = findProgress(node, message.from);
  if (progress === undefined) return;
  progress.recentActive = true;
  if (message.matchIndex > progress.matchIndex) {
    progress.matchIndex = Math.min(message.matchIndex, lastLogIndex(node.log));
    becomeReplicate(progress);
    advanceCommitIndex(node, out);
    if (node.role !== 'leader') return;
    maybeSendTimeoutNow(node, out, progress);
  } else {
    becomeReplicate(progress);
  }
  sendWhileUnpaused(node, out, progress);
}

function becomeReplicate(progress: Progress): void {
  progress.mode = 'replicate';
  progress.nextIndex = progress.matchIndex + 1;
  progress.inflight = [];
  progress.probeSent = false;
  progress.snapshotWaitedTicks = 0;
}

/** Streams batches to a replicating follower until its window fills or the log is sent. */
function sendWhileUnpaused(node: RaftNode, out: OutputBuilder, progress: Progress): void {
  const sendsMax = node.config.inflightMessagesMax;
  for (let sends = 0; sends < sendsMax; sends++) {
    if (!sendAppend(node, out, progress, false)) return;
  }
}

/**
 * §5.3/§5.4.2: advances commitIndex to the largest index a majority holds, but only if that
 * entry is from the leader's current term ("Raft never commits log entries from previous terms
 * by counting replicas"). Committing it commits every earlier entry too. With the unsafe switch
 * commitPreviousTermByCount the term check is skipped, re-creating Figure 8's lost commit.
 * Returns whether commitIndex moved.
 */
export function maybeCommit(node: RaftNode): boolean {
  assert(node.role === 'leader', 'only a leader commits by counting');
  // A leader that removed itself manages the cluster without counting itself (thesis §4.2.2).
  const matchIndexes = isPromotable(node) ? [lastLogIndex(node.log)] : [];
  for (const progress of node.progress) matchIndexes.push(progress.matchIndex);
  if (matchIndexes.length === 0) return false;
  const quorumIndex = quorumMatchIndex(matchIndexes);
  if (quorumIndex <= node.commitIndex) return false;
  const countPreviousTerms = isUnsafe(node.config, 'commitPreviousTermByCount');
  if (!countPreviousTerms && termAt(node.log, quorumIndex) !== node.term) return false;
  node.commitIndex = quorumIndex;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Follower side

/**
 * §5.3 AppendEntries receiver: reply false unless the log holds (prevLogIndex, prevLogTerm);
 * delete a conflicting entry and all that follow it; append new entries; set commitIndex to
 * min(leaderCommit, index of last new entry). Entries already held are kept, so a reordered,
 * older appendEntries never truncates newer entries.
 */
export function handleAppendEntries(node: RaftNode, out: OutputBuilder, message: AppendEntries): void {
  if (message.prevLogIndex < node.commitIndex) {
    // Everything up to commitIndex matches the leader; say so and let it resume from there.
    replyToAppend(node, out, message, { success: true, matchIndex: node.commitIndex });
    return;
  }
  if (termAt(node.log, message.prevLogIndex) !== message.prevLogTerm) {
    rejectAppend(node, out, message);
    return;
  }
  const lastNewIndex = message.prevLogIndex + message.entries.length;
  const conflictIndex = findConflict(node.log, message.entries);
  if (conflictIndex > 0) {
    const truncating = conflictIndex <= lastLogIndex(node.log);
    if (truncating && node.config.unsafe.length === 0) {
      // Only the unsafe switches can make a leader overwrite a committed entry.
      assert(conflictIndex > node.commitIndex, `entry ${conflictIndex} conflicts with a committed entry`);
    }
    if (truncating) truncateLog(node.log, conflictIndex);
    appendToLog(node.log, message.entries.slice(conflictIndex - message.prevLogIndex - 1));
    noteLogWrite(out, conflictIndex, truncating);
    refreshMembership(node, conflictIndex);
  }
  const newCommitIndex = Math.min(message.leaderCommit, lastNewIndex);
  if (newCommitIndex > node.commitIndex) node.commitIndex = newCommitIndex;
  replyToAppend(node, out, message, { success: true, matchIndex: lastNewIndex });
}

function rejectAppend(node: RaftNode, out: OutputBuilder, message: AppendEntries): void {
  const lastIndex = lastLogIndex(node.log);
  if (message.prevLogIndex > lastIndex) {
    replyToAppend(node, out, message, { success: false, conflictIndex: lastIndex + 1, conflictTerm: 0 });
    return;
  }
  const conflictTerm = termAt(node.log, message.prevLogIndex);
  assert(conflictTerm !== null, 'a rejected prevLogIndex above commitIndex is in the log');
  const conflictIndex = firstIndexOfTermAt(node.log, message.prevLogIndex);
  replyToAppend(node, out, message, { success: false, conflictIndex, conflictTerm });
}

function replyToAppend(
  node: RaftNode,
  out: OutputBuilder,
  message: AppendEntries,
  answer: { success: boolean; matchIndex?: number; conflictIndex?: number; conflictTerm?: number },
): void {
  send(out, {
    type: 'appendEntriesResponse',
    from: node.config.id,
    to: message.from,
    term: node.term,
    success: answer.success,
    matchIndex: answer.matchIndex ?? 0,
    conflictIndex: answer.conflictIndex ?? 0,
    conflictTerm: answer.conflictTerm ?? 0,
    rejectedIndex: answer.success ? 0 : message.prevLogIndex,
  });
}

/**
 * §7 InstallSnapshot receiver: a snapshot no newer than commitIndex changes nothing; otherwise
 * the log is replaced by it (keeping a matching suffix) and the host restores its state machine.
 */
export function handleInstallSnapshot(node: RaftNode, out: OutputBuilder, message: InstallSnapshot): void {
  const snapshot = message.snapshot;
  if (snapshot.lastIncludedIndex > node.commitIndex) {
    const { keptSuffix } = restoreSnapshot(node.log, snapshot);
    if (!keptSuffix) noteLogWrite(out, snapshot.lastIncludedIndex + 1, true);
    node.commitIndex = snapshot.lastIncludedIndex;
    // The snapshot's configuration, unless a kept entry after it holds a later one.
    refreshMembership(node, 0);
    out.snapshot = snapshot;
    out.snapshotToApply = snapshot;
  }
  send(out, {
    type: 'installSnapshotResponse',
    from: node.config.id,
    to: message.from,
    term: node.term,
    matchIndex: node.commitIndex,
  });
}
