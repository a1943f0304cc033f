import { assert } from '../../assert.js';
import type { CommandHandler } from '../interaction.js';
import { propose as proposeAt } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/** `propose NODE DATA`: a client command at NODE; prints the result when refused. */
export const propose: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const data = command.positional[1];
  assert(data !== undefined, 'propose needs data');
  const result = proposeAt(network, nodeArgument(network, command), data);
  return result.ok ? [] : [`refused: ${result.reason}, leader ${result.leaderId ?? 'unknown'}`];
};
