import { assert } from './assert.js';
import { newProgress } from './configuration.js';
import { appendToLog, lastLogIndex } from './log.js';
import { type RaftNode, resetElectionTimer } from './node.js';
import { noteLogWrite, type OutputBuilder } from './output.js';
import { broadcastAppend, maybeCommit } from './replication.js';
import { assertLegalRoleTransition } from './role-machine.js';
import type { NodeId, Role, RoleEvent } from './types.js';

/**
 * The only functions that assign `role` (and with it which step function and which tick
 * function run). Each asserts against `roleMachine` that the change is legal, then resets the
 * role's volatile state, and records a RoleChange for the host's trace.
 */

/** Becomes (or stays) a follower at `term`, which may not go back. A new term clears the vote. */
export function becomeFollower(
  node: RaftNode,
  out: OutputBuilder,
  change: { term: number; leaderId: NodeId | null; event: RoleEvent; reason: string },
): void {
  assert(change.term >= node.term, `becomeFollower at term ${change.term} below ${node.term}`);
  const from = enterRole(node, 'follower', change.event);
  if (change.term > node.term) {
    node.term = change.term;
    node.votedFor = null;
  }
  node.leaderId = change.leaderId;
  recordRoleChange(node, out, from, change.event, change.reason);
}

/** Starts a pre-election (thesis §9.6): asks for votes for term + 1 without raising the term. */
export function becomePreCandidate(node: RaftNode, out: OutputBuilder, reason: string): void {
  const from = enterRole(node, 'preCandidate', 'TIMEOUT');
  node.leaderId = null;
  node.votes = [{ voter: node.config.id, granted: true }];
  recordRoleChange(node, out, from, 'TIMEOUT', reason);
}

/** Starts an election (§5.2): a new term, a vote for itself. */
export function becomeCandidate(node: RaftNode, out: OutputBuilder, event: RoleEvent, reason: string): void {
  const from = enterRole(node, 'candidate', event);
  node.term += 1;
  node.votedFor = node.config.id;
  node.leaderId = null;
  node.votes = [{ voter: node.config.id, granted: true }];
  recordRoleChange(node, out, from, event, reason);
}

/**
 * Takes office (§5.2, §5.3): every follower starts in probe mode at lastLogIndex + 1, and the
 * leader appends a no-op entry of its own term, so that entries of earlier terms commit as soon
 * as the no-op does (§5.4.2, §8).
 */
export function becomeLeader(node: RaftNode, out: OutputBuilder, reason: string): void {
  const from = enterRole(node, 'leader', 'WON_ELECTION');
  node.leaderId = node.config.id;
  const nextIndex = lastLogIndex(node.log) + 1;
  node.progress = node.peers.map((id) => newProgress(id, nextIndex, false));
  recordRoleChange(node, out, from, 'WON_ELECTION', reason);
  const noop = { index: nextIndex, term: node.term, kind: 'noop' as const };
  appendToLog(node.log, [noop]);
  noteLogWrite(out, noop.index, false);
  broadcastAppend(node, out, false);
  maybeCommit(node);
}

/** Asserts the transition and resets what every role starts afresh. Returns the old role. */
function enterRole(node: RaftNode, to: Role, event: RoleEvent): Role {
  const from = node.role;
  assertLegalRoleTransition(from, event, to);
  node.role = to;
  node.votes = [];
  node.progress = [];
  node.transferTarget = null;
  node.transferElapsedTicks = 0;
  resetElectionTimer(node);
  return from;
}

function recordRoleChange(
  node: RaftNode,
  out: OutputBuilder,
  from: Role,
  event: RoleEvent,
  reason: string,
): void {
  out.roleChanges.push({ from, to: node.role, event, term: node.term, reason });
}
