import { assert } from '../../assert.js';
import type { CommandHandler } from '../interaction.js';
import { proposeConfigChange } from '../network.js';
import { nodeArgument, requireNetwork } from './common.js';

/**
 * `propose-conf-change NODE add|remove TARGET`: a one-voter membership change proposed at
 * NODE; prints the result when refused.
 */
export const proposeConfChange: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const id = nodeArgument(network, command);
  const verb = command.positional[1];
  assert(verb === 'add' || verb === 'remove', 'propose-conf-change needs add or remove');
  const target = nodeArgument(network, command, 2);
  const type = verb === 'add' ? 'addVoter' : 'removeVoter';
  const result = proposeConfigChange(network, id, { type, node: target });
  if (result.ok) return [];
  const detail = result.detail === undefined ? '' : ` (${result.detail})`;
  return [`refused: ${result.reason}${detail}`];
};
