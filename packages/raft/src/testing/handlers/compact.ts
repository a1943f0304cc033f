import type { CommandHandler } from '../interaction.js';
import { compact as compactAt, nodeOf } from '../network.js';
import { integerOption, nodeArgument, requireNetwork } from './common.js';

/**
 * `compact NODE [index=applied]`: the host hands NODE its state machine as of `index` and the
 * node compacts its log; prints the node's first log index and snapshot afterwards.
 */
export const compact: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const id = nodeArgument(network, command);
  compactAt(network, id, integerOption(command, 'index', network.appliedIndex.get(id)!));
  const log = nodeOf(network, id).log;
  const snapshot = log.snapshot;
  const snapshotText =
    snapshot === null ? 'none' : `${snapshot.lastIncludedIndex}/${snapshot.lastIncludedTerm}`;
  return [`${id} first index ${log.compactedIndex + 1}, snapshot ${snapshotText}`];
};
