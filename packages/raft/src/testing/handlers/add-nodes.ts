import { assert } from '../../assert.js';
import type { CommandHandler } from '../interaction.js';
import { createTestNetwork } from '../network.js';
import { booleanOption, integerOption } from './common.js';

/**
 * `add-nodes N [prevote=false] [checkquorum=true] [entries-per-message=64] [seed=1]`: a cluster
 * of fresh nodes n1…nN. Prints nothing but `ok`.
 */
export const addNodes: CommandHandler = (environment, command) => {
  assert(environment.network === null, 'add-nodes runs once per script');
  const count = Number(command.positional[0]);
  assert(Number.isSafeInteger(count) && count > 0 && count < 10, 'add-nodes needs a count from 1 to 9');
  environment.network = createTestNetwork({
    ids: Array.from({ length: count }, (_, position) => `n${position + 1}`),
    seed: integerOption(command, 'seed', 1),
    config: {
      preVote: booleanOption(command, 'prevote', false),
      checkQuorum: booleanOption(command, 'checkquorum', true),
      entriesPerMessageMax: integerOption(command, 'entries-per-message', 64),
    },
  });
  return [];
};
