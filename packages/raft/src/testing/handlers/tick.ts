import type { CommandHandler } from '../interaction.js';
import { tick as tickAt } from '../network.js';
import { integerOption, nodeArgument, requireNetwork } from './common.js';

/** `tick NODE [count=1]`. */
export const tick: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  tickAt(network, nodeArgument(network, command), integerOption(command, 'count', 1));
  return [];
};
