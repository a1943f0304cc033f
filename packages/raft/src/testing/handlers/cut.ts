import type { CommandHandler } from '../interaction.js';
import { cut as cutLink } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `cut A B`: drop every message between A and B. */
export const cut: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  cutLink(network, nodeArgument(network, command, 0), nodeArgument(network, command, 1));
  return [];
};
