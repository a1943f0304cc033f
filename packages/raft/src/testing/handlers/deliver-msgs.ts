import type { CommandHandler } from '../interaction.js';
import { deliverAt } from '../network.js';
import { integerOption, requireNetwork } from './common.js';

/** `deliver-msgs [count=all queued now]`: deliver the oldest messages only, not their answers. */
export const deliverMessages: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const count = integerOption(command, 'count', network.queue.length);
  for (let delivered = 0; delivered < count; delivered++) if (!deliverAt(network, 0)) break;
  return [];
};
