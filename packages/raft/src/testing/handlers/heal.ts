import type { CommandHandler } from '../interaction.js';
import { heal as healAll } from '../network.js';
import { requireNetwork } from './common.js';

/** `heal`: restore every link. */
export const heal: CommandHandler = (environment) => {
  healAll(requireNetwork(environment));
  return [];
};
