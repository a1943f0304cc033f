import type { CommandHandler } from '../interaction.js';
import { isolate as isolateNodes } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `isolate NODE…`: cut the named nodes off from the rest. */
export const isolate: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const side = command.positional.map((_, position) => nodeArgument(network, command, position));
  isolateNodes(network, ...side);
  return [];
};
