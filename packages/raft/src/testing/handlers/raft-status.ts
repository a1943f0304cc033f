import { nodeStatus } from '../../status.js';
import type { CommandHandler } from '../interaction.js';
import { nodeArgument, requireNetwork } from './common.js';

/**
 * `raft-status NODE`: what raft-state omits: configuration, pending change, transfer, snapshot,
 * the node's state machine and, at a leader, each follower's progress.
 */
export const raftStatus: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const id = nodeArgument(network, command);
  const node = network.nodes.get(id);
  if (node === null || node === undefined) return [`${id}: down`];
  const status = nodeStatus(node);
  const lines = [
    `${id}: voters=${status.membership.voters.join(',') || '(none)'} configIndex=${status.configIndex}` +
      ` pendingConfigIndex=${status.pendingConfigIndex ?? '-'} transferTarget=${status.transferTarget ?? '-'}`,
    `${id}: snapshot=${status.snapshotIndex}/${status.snapshotTerm} firstIndex=${status.firstLogIndex}` +
      ` state=[${network.stateMachines.get(id)!.join(' ')}]`,
  ];
  for (const progress of status.progress) {
    lines.push(
      `${id}: progress ${progress.id} match=${progress.matchIndex} next=${progress.nextIndex} ${progress.mode}`,
    );
  }
  return lines;
};
