import type { CommandHandler } from '../interaction.js';
import { crash as crashAt } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `crash NODE`: lose NODE's volatile state and its queued messages. */
export const crash: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  crashAt(network, nodeArgument(network, command));
  return [];
};
