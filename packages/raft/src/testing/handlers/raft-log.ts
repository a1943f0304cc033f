import { describeEntry } from '../describe.js';
import type { CommandHandler } from '../interaction.js';
import { nodeOf } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `raft-log NODE`: the node's entries, one per line, `(empty)` when there are none. */
export const raftLog: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const node = nodeOf(network, nodeArgument(network, command));
  return node.log.entries.length === 0 ? ['(empty)'] : node.log.entries.map(describeEntry);
};
