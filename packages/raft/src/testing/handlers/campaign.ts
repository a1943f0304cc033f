import type { CommandHandler } from '../interaction.js';
import { campaign as campaignAt } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `campaign NODE`: force an election timeout at NODE. */
export const campaign: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  campaignAt(network, nodeArgument(network, command));
  return [];
};
