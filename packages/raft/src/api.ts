import { startCampaign } from './election.js';
import { appendToLog, lastLogIndex } from './log.js';
import { isPromotable, type RaftNode } from './node.js';
import { beginOutput, finishOutput, noteLogWrite } from './output.js';
import { broadcastAppend, broadcastHeartbeat, maybeCommit } from './replication.js';
import { becomeFollower } from './roles.js';
import { abortTransfer } from './transfer.js';
import type { ProposeResult, RaftOutput } from './types.js';

/**
 * Advances the node's logical clock by one tick (§5.2). A follower or candidate that has heard
 * nothing for its randomized election timeout campaigns. A leader sends heartbeats every
 * heartbeatIntervalTicks and, with CheckQuorum, steps down after an election timeout in which
 * it did not hear from a majority.
 */
export function tick(node: RaftNode): RaftOutput {
  const out = beginOutput(node);
  if (node.role === 'leader') {
    tickLeader(node, out);
  } else {
    node.electionElapsedTicks++;
    if (node.electionElapsedTicks >= node.randomizedElectionTimeoutTicks) {
      startCampaign(node, out, 'election timeout');
    }
  }
  return finishOutput(node, out);
}

function tickLeader(node: RaftNode, out: ReturnType<typeof beginOutput>): void {
  node.heartbeatElapsedTicks++;
  node.electionElapsedTicks++;
  if (node.transferTarget !== null) {
    node.transferElapsedTicks++;
    if (node.transferElapsedTicks >= node.config.electionTimeoutTicks) abortTransfer(node);
  }
  if (node.electionElapsedTicks >= node.config.electionTimeoutTicks) {
    node.electionElapsedTicks = 0;
    if (node.config.checkQuorum) {
      // The leader counts itself only while it is a voter (it may be removing itself).
      let active = isPromotable(node) ? 1 : 0;
      let heard = 0;
      for (const progress of node.progress) {
        if (progress.recentActive) heard++;
        progress.recentActive = false;
      }
      active += heard;
      if (active * 2 <= node.membership.voters.length) {
        const reason = `heard from ${heard} of ${node.peers.length} followers in ${node.config.electionTimeoutTicks} ticks`;
        becomeFollower(node, out, { term: node.term, leaderId: null, event: 'QUORUM_LOST', reason });
        return;
      }
    }
  }
  if (node.heartbeatElapsedTicks >= node.config.heartbeatIntervalTicks) {
    node.heartbeatElapsedTicks = 0;
    broadcastHeartbeat(node, out);
  }
}

/** Forces an election timeout now (the lab's `timeout NODE`). A leader ignores it. */
export function campaign(node: RaftNode): RaftOutput {
  const out = beginOutput(node);
  startCampaign(node, out, 'forced election timeout');
  return finishOutput(node, out);
}

/**
 * A client command (§5.3). The leader appends it to its log and starts replicating it; any other
 * node refuses and names the leader it knows, so the client can retry there.
 */
export function propose(node: RaftNode, data: string): { output: RaftOutput; result: ProposeResult } {
  const out = beginOutput(node);
  const refused = proposalRefusal(node);
  if (refused !== null) return { output: finishOutput(node, out), result: refused };
  const entry = { index: lastLogIndex(node.log) + 1, term: node.term, kind: 'command' as const, data };
  appendToLog(node.log, [entry]);
  noteLogWrite(out, entry.index, false);
  broadcastAppend(node, out, false);
  maybeCommit(node);
  return { output: finishOutput(node, out), result: { ok: true, index: entry.index, term: entry.term } };
}

/**
 * Why this node cannot take a proposal now, or null when it can: only a leader appends (§5.3);
 * a node outside its own configuration has been removed; a leader handing over leadership
 * pauses proposals until the transfer ends (thesis §3.10).
 */
export function proposalRefusal(node: RaftNode): Extract<ProposeResult, { ok: false }> | null {
  // The log shows this node's own removal (a node still catching up is merely not a leader).
  const removed = node.removals.some((removal) => removal.id === node.config.id) && !isPromotable(node);
  if (node.role !== 'leader') {
    return { ok: false, reason: removed ? 'removed' : 'notLeader', leaderId: node.leaderId };
  }
  if (removed) {
    const detail = `${node.config.id} is removing itself from the cluster and steps down once that commits`;
    return { ok: false, reason: 'removed', leaderId: null, detail };
  }
  if (node.transferTarget !== null) {
    const detail = `leadership is being transferred to ${node.transferTarget}`;
    return { ok: false, reason: 'transferInProgress', leaderId: node.leaderId, detail };
  }
  return null;
}
