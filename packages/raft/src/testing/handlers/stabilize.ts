import type { CommandHandler } from '../interaction.js';
import { stabilize as stabilizeAll } from '../network.js';
import { requireNetwork } from './common.js';

/** `stabilize`: deliver messages breadth-first until none is left. */
export const stabilize: CommandHandler = (environment) => {
  stabilizeAll(requireNetwork(environment));
  return [];
};
