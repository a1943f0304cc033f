import type { CommandHandler } from '../interaction.js';
import { restart as restartAt } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `restart NODE`: start NODE again from its persisted state. */
export const restart: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  restartAt(network, nodeArgument(network, command));
  return [];
};
