import { assert } from './assert.js';
import { handleRequestVote, handleVoteResponse, startCampaign } from './election.js';
import { isRemovalCommitted, type RaftNode } from './node.js';
import { beginOutput, finishOutput, type OutputBuilder, send } from './output.js';
import {
  handleAppendEntries,
  handleAppendEntriesResponse,
  handleInstallSnapshot,
  handleSnapshotResponse,
} from './replication.js';
import { becomeFollower } from './roles.js';
import type { Message, RaftOutput, Role } from './types.js';

type StepFunction = (node: RaftNode, out: OutputBuilder, message: Message) => void;

/**
 * Delivers one message to the node. The rules shared by every role run here once (§5.1 term
 * comparison and stepping down, stale terms, votes, leader stickiness); the rest goes to the
 * step function of the node's role.
 */
export function step(node: RaftNode, message: Message): RaftOutput {
  assert(message.to === node.config.id, `message for ${message.to} delivered to ${node.config.id}`);
  assert(message.from !== node.config.id, 'a node never messages itself');
  const out = beginOutput(node);
  stepMessage(node, out, message);
  return finishOutput(node, out);
}

/** Role dispatch: what etcd keeps in its `step` slot. Only become* change `role`. */
const stepByRole: Readonly<Record<Role, StepFunction>> = {
  follower: stepFollower,
  preCandidate: stepCandidate,
  candidate: stepCandidate,
  leader: stepLeader,
};

function stepMessage(node: RaftNode, out: OutputBuilder, message: Message): void {
  if (isFromRemovedNode(node, message)) return;
  if (message.term > node.term) {
    if (!stepHigherTerm(node, out, message)) return;
  } else if (message.term < node.term) {
    stepStaleTerm(node, out, message);
    return;
  }
  if (message.type === 'requestVote') {
    handleRequestVote(node, out, message);
    return;
  }
  stepByRole[node.role](node, out, message);
}

/**
 * §5.1: "If a server receives a request or response with a higher term, it updates its term and
 * converts to follower." Three exceptions, after etcd:
 * - leader stickiness (with CheckQuorum): a vote request is ignored while this node has heard
 *   from a leader within the election timeout, so a partitioned node that rejoins with a high
 *   term cannot depose a healthy leader; a leadership transfer bypasses it;
 * - a pre-vote request never changes our term (that is its point);
 * - a granted pre-vote answer carries the term the pre-candidate asked about; the pre-candidate
 *   raises its term only when it wins.
 * Returns whether the message should be processed further.
 */
function stepHigherTerm(node: RaftNode, out: OutputBuilder, message: Message): boolean {
  if (message.type === 'requestVote') {
    if (!message.transfer && isInLease(node)) return false;
    if (message.preVote) return true;
  }
  if (message.type === 'requestVoteResponse' && message.preVote && message.granted) return true;
  const fromLeader = message.type === 'appendEntries' || message.type === 'installSnapshot';
  becomeFollower(node, out, {
    term: message.term,
    leaderId: fromLeader ? message.from : null,
    event: 'HIGHER_TERM',
    reason: `term ${message.term} from ${message.from}`,
  });
  return true;
}

/**
 * A removed node must not disrupt the cluster (thesis §4.2.3): a server that does not know it
 * was removed times out and campaigns with ever higher terms. Like SwarmKit, which refuses
 * every message from a member on its removed list, a node refuses the messages of a voter
 * whose removal it knows is committed (the removing entry is at or below its commitIndex).
 * Until then the removal may still be overwritten and the sender may be the only server that
 * can win an election (its log may be newer), so it is heard like anyone else: refusing it
 * could leave no electable server. What a leader sends is always heard (appendEntries,
 * installSnapshot, timeoutNow): a stale leader learns the newer term from the answer and steps
 * down. A sender that is merely absent from this node's configuration is heard: it may have
 * been added by entries this node does not hold yet, and its vote may be needed ("servers
 * process incoming RPC requests without consulting their current configurations", thesis §4.1).
 */
function isFromRemovedNode(node: RaftNode, message: Message): boolean {
  if (!isRemovalCommitted(node, message.from)) return false;
  return (
    message.type !== 'appendEntries' && message.type !== 'installSnapshot' && message.type !== 'timeoutNow'
  );
}

/** CheckQuorum leader stickiness: a leader is known and was heard from within an election timeout. */
function isInLease(node: RaftNode): boolean {
  return (
    node.config.checkQuorum &&
    node.leaderId !== null &&
    node.electionElapsedTicks < node.config.electionTimeoutTicks
  );
}

/**
 * §5.1: "If a server receives a request with a stale term number, it rejects the request."
 * - appendEntries and installSnapshot get a rejection carrying our term, so a deposed leader
 *   learns it and steps down (with CheckQuorum this is how a leader makes room for a node that
 *   rejoins from a partition with a higher term);
 * - a stale vote or pre-vote request gets a rejection in our term, so the candidate learns the
 *   term and becomes a follower (Figure 2: RequestVote returns currentTerm "for candidate to
 *   update itself"). etcd ignores stale vote requests; then a candidate whose configuration
 *   names only voters with higher terms never learns their term and can only catch up by its
 *   own timeouts, while they keep campaigning too (found by the membership fuzz test). The
 *   rejection names the stale term it answers, so a candidate that has meanwhile reached our
 *   term does not count it against its new election.
 * Stale responses are dropped (TLA+ DropStaleResponse).
 */
function stepStaleTerm(node: RaftNode, out: OutputBuilder, message: Message): void {
  const base = { from: node.config.id, to: message.from, term: node.term };
  switch (message.type) {
    case 'appendEntries':
      send(out, {
        ...base,
        type: 'appendEntriesResponse',
        success: false,
        matchIndex: 0,
        conflictIndex: 0,
        conflictTerm: 0,
        rejectedIndex: message.prevLogIndex,
      });
      return;
    case 'requestVote':
      send(out, {
        ...base,
        type: 'requestVoteResponse',
        granted: false,
        preVote: message.preVote,
        staleRequestTerm: message.term,
      });
      return;
    case 'installSnapshot':
      send(out, { ...base, type: 'installSnapshotResponse', matchIndex: 0 });
      return;
    default:
      return;
  }
}

/** Followers replicate the leader's log and may be told to campaign (leadership transfer). */
function stepFollower(node: RaftNode, out: OutputBuilder, message: Message): void {
  switch (message.type) {
    case 'appendEntries':
      hearFromLeader(node, message.from);
      handleAppendEntries(node, out, message);
      return;
    case 'installSnapshot':
      hearFromLeader(node, message.from);
      handleInstallSnapshot(node, out, message);
      return;
    case 'timeoutNow':
      startCampaign(node, out, `timeoutNow from ${message.from}`, true);
      return;
    default:
      // Answers to requests this node sent in an earlier role: stale.
      return;
  }
}

/** Pre-candidates and candidates count votes, and give up when the term's leader speaks. */
function stepCandidate(node: RaftNode, out: OutputBuilder, message: Message): void {
  switch (message.type) {
    case 'requestVoteResponse':
      handleVoteResponse(node, out, message);
      return;
    case 'appendEntries':
    case 'installSnapshot': {
      const reason = `${message.from} leads term ${message.term}`;
      becomeFollower(node, out, {
        term: message.term,
        leaderId: message.from,
        event: 'LEADER_DISCOVERED',
        reason,
      });
      stepFollower(node, out, message);
      return;
    }
    default:
      return;
  }
}

/** Leaders handle their followers' answers. */
function stepLeader(node: RaftNode, out: OutputBuilder, message: Message): void {
  switch (message.type) {
    case 'appendEntriesResponse':
      handleAppendEntriesResponse(node, out, message);
      return;
    case 'installSnapshotResponse':
      handleSnapshotResponse(node, out, message);
      return;
    case 'appendEntries':
    case 'installSnapshot':
      // Two leaders in one term: only possible when an unsafe switch broke election safety.
      assert(
        node.config.unsafe.length > 0,
        `leader ${node.config.id} met a second leader in term ${node.term}`,
      );
      return;
    default:
      return;
  }
}

function hearFromLeader(node: RaftNode, leaderId: string): void {
  node.electionElapsedTicks = 0;
  node.leaderId = leaderId;
}
