import { lastLogIndex, lastLogTerm } from '../../log.js';
import type { CommandHandler } from '../interaction.js';
import { requireNetwork } from './common.js';

/** `raft-state`: one line per node: role, term, vote, leader, commit and last entry. */
export const raftState: CommandHandler = (environment) => {
  const network = requireNetwork(environment);
  return network.ids.map((id) => {
    const node = network.nodes.get(id);
    if (node === null || node === undefined) return `${id}: down`;
    return (
      `${id}: ${node.role} term=${node.term} votedFor=${node.votedFor ?? '-'} leader=${node.leaderId ?? '-'} ` +
      `commit=${node.commitIndex} last=${lastLogIndex(node.log)}/${lastLogTerm(node.log)}`
    );
  });
};
