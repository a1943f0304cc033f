import { assert } from './assert.js';
import { isUnsafe } from './config.js';
import { isUpToDate, lastLogIndex, lastLogTerm } from './log.js';
import { mayCampaign, type RaftNode } from './node.js';
import { type OutputBuilder, send } from './output.js';
import { voteResult } from './quorum.js';
import { becomeCandidate, becomeFollower, becomeLeader, becomePreCandidate } from './roles.js';
import type { Message } from './types.js';

type RequestVote = Extract<Message, { type: 'requestVote' }>;
type RequestVoteResponse = Extract<Message, { type: 'requestVoteResponse' }>;

/**
 * Starts an election now (§5.2), or a pre-election first when PreVote is on (thesis §9.6).
 * A leader does not campaign against itself, and a node outside its configuration ignores it
 * unless its own removal may still be undone (mayCampaign).
 * `transfer` (a timeoutNow from the leader) skips the pre-election.
 */
export function startCampaign(node: RaftNode, out: OutputBuilder, reason: string, transfer = false): void {
  if (node.role === 'leader' || !mayCampaign(node)) return;
  if (node.config.preVote && !transfer) {
    becomePreCandidate(node, out, reason);
    requestVotes(node, out, { preVote: true, transfer: false });
  } else {
    becomeCandidate(node, out, transfer ? 'TIMEOUT_NOW' : 'TIMEOUT', reason);
    requestVotes(node, out, { preVote: false, transfer });
  }
  // A single-voter cluster has already won with its own vote.
  tallyVotes(node, out);
}

/** Sends requestVote to every peer in id order, for term + 1 when it is a pre-vote. */
function requestVotes(
  node: RaftNode,
  out: OutputBuilder,
  kind: { preVote: boolean; transfer: boolean },
): void {
  const term = kind.preVote ? node.term + 1 : node.term;
  const lastIndex = lastLogIndex(node.log);
  const lastTerm = lastLogTerm(node.log);
  for (const peer of node.peers) {
    send(out, {
      type: 'requestVote',
      from: node.config.id,
      to: peer,
      term,
      lastLogIndex: lastIndex,
      lastLogTerm: lastTerm,
      preVote: kind.preVote,
      transfer: kind.transfer,
    });
  }
}

/**
 * RequestVote receiver (§5.2, §5.4.1), reached once the message's term is not stale. Grant when
 * this node can still vote in that term (it voted for this candidate already, or for nobody and
 * knows no leader, or it is a pre-vote for a later term) and the candidate's log is at least as
 * up to date as ours. A real vote is recorded, and restarts the election timer.
 */
export function handleRequestVote(node: RaftNode, out: OutputBuilder, message: RequestVote): void {
  const canVote =
    node.votedFor === message.from ||
    (node.votedFor === null && node.leaderId === null) ||
    (message.preVote && message.term > node.term);
  const logOk =
    isUnsafe(node.config, 'voteWithoutLogCheck') ||
    isUpToDate(node.log, message.lastLogIndex, message.lastLogTerm);
  const granted = canVote && logOk;
  if (granted && !message.preVote) {
    assert(message.term === node.term, 'a vote is cast in the current term');
    node.votedFor = message.from;
    node.electionElapsedTicks = 0;
  }
  send(out, {
    type: 'requestVoteResponse',
    from: node.config.id,
    to: message.from,
    // A granted pre-vote answers in the term asked about; everything else in our own term.
    term: granted ? message.term : node.term,
    granted,
    preVote: message.preVote,
  });
}

/** Counts a (pre-)vote answer at a (pre-)candidate. The first answer from each voter counts. */
export function handleVoteResponse(node: RaftNode, out: OutputBuilder, message: RequestVoteResponse): void {
  const preCandidate = node.role === 'preCandidate';
  if (message.preVote !== preCandidate) return;
  if (message.staleRequestTerm !== undefined) return; // It answers an earlier election.
  if (preCandidate && message.granted && message.term !== node.term + 1) return;
  if (node.votes.some((vote) => vote.voter === message.from)) return;
  node.votes.push({ voter: message.from, granted: message.granted });
  tallyVotes(node, out);
}

/** Acts on the (pre-)election's outcome: a won pre-election goes straight on to the election. */
function tallyVotes(node: RaftNode, out: OutputBuilder): void {
  if (node.role === 'preCandidate') {
    const preResult = voteResult(node.membership.voters, node.votes);
    if (preResult === 'pending') return;
    if (preResult === 'lost') {
      const change = {
        term: node.term,
        leaderId: null,
        event: 'PRE_VOTE_LOST',
        reason: 'lost the pre-vote',
      } as const;
      becomeFollower(node, out, change);
      return;
    }
    becomeCandidate(node, out, 'PRE_VOTE_WON', 'won the pre-vote');
    requestVotes(node, out, { preVote: false, transfer: false });
  }
  assert(node.role === 'candidate', `tallying votes as ${node.role}`);
  const result = voteResult(node.membership.voters, node.votes);
  if (result === 'won') {
    becomeLeader(node, out, `won the election with ${describeGrants(node)}`);
  } else if (result === 'lost') {
    const change = {
      term: node.term,
      leaderId: null,
      event: 'LOST_ELECTION',
      reason: 'lost the election',
    } as const;
    becomeFollower(node, out, change);
  }
}

function describeGrants(node: RaftNode): string {
  const granted = node.votes.filter((vote) => vote.granted).map((vote) => vote.voter);
  return `votes from ${granted.join(',')}`;
}
