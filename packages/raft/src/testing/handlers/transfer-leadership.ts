import type { CommandHandler } from '../interaction.js';
import { transferLeadership } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `transfer-leadership NODE TARGET`: NODE hands leadership to TARGET; prints a refusal. */
export const transferLeadershipHandler: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const result = transferLeadership(
    network,
    nodeArgument(network, command),
    nodeArgument(network, command, 1),
  );
  return result.ok ? [] : [`refused: ${result.reason}`];
};
