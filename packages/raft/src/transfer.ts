import { findProgress, type RaftNode } from './node.js';
import { beginOutput, finishOutput } from './output.js';
import { maybeSendTimeoutNow, sendAppend } from './replication.js';
import type { NodeId, RaftOutput, TransferResult } from './types.js';

/**
 * Leadership transfer (thesis §3.10, etcd's MsgTransferLeader). The leader:
 * 1. stops accepting proposals (they are refused with `transferInProgress`);
 * 2. brings `target` up to date: at once if it already holds the whole log, otherwise with the
 *    usual appendEntries, and sends `timeoutNow` as soon as its matchIndex reaches the log's end;
 * 3. the target campaigns at once, skipping PreVote; its vote requests carry `transfer`, so
 *    voters that heard from the leader recently (CheckQuorum's stickiness) still answer, and
 *    the old leader steps down on the higher term.
 * The transfer is abandoned after an election timeout (`tick`), when the target stops being a
 * voter, and whenever the leader stops leading. A transfer to the same target while one runs is
 * a no-op; one to another target replaces it. The result is `ok` when the transfer started.
 */
export function transferLeadership(
  node: RaftNode,
  target: NodeId,
): { output: RaftOutput; result: TransferResult } {
  const out = beginOutput(node);
  const refused = transferRefusal(node, target);
  if (refused !== null) return { output: finishOutput(node, out), result: refused };
  if (node.transferTarget !== target) {
    node.transferTarget = target;
    node.transferElapsedTicks = 0;
    const progress = findProgress(node, target)!;
    maybeSendTimeoutNow(node, out, progress);
    sendAppend(node, out, progress, false);
  }
  return { output: finishOutput(node, out), result: { ok: true } };
}

function transferRefusal(node: RaftNode, target: NodeId): TransferResult | null {
  if (node.role !== 'leader') {
    const leader = node.leaderId === null ? 'no leader is known' : `the leader is ${node.leaderId}`;
    return { ok: false, reason: `${node.config.id} is not the leader (${leader})` };
  }
  if (target === node.config.id) return { ok: false, reason: `${target} already leads` };
  if (findProgress(node, target) === undefined) {
    return { ok: false, reason: `${target} is not a voter in the configuration` };
  }
  return null;
}

/** Gives up the current transfer: proposals are accepted again. */
export function abortTransfer(node: RaftNode): void {
  node.transferTarget = null;
  node.transferElapsedTicks = 0;
}
