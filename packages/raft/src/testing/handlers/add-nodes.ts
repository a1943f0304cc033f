import { assert } from '../../assert.js';
import type { CommandHandler } from '../interaction.js';
import { createTestNetwork } from '../network.js';
import { booleanOption, integerOption } from './common.js';

/**
 * `add-nodes N [voters=n1,n2,n3] [prevote=false] [checkquorum=true] [entries-per-message=64]
 * [keep-entries=500] [seed=1]`: a cluster of fresh nodes n1…nN. `voters` are the bootstrap
 * voters (default: all); the others start with an empty configuration and wait to be added.
 * `keep-entries` is logEntriesForSlowFollowers. Prints nothing but `ok`.
 */
export const addNodes: CommandHandler = (environment, command) => {
  assert(environment.network === null, 'add-nodes runs once per script');
  const count = Number(command.positional[0]);
  assert(Number.isSafeInteger(count) && count > 0 && count < 10, 'add-nodes needs a count from 1 to 9');
  const ids = Array.from({ length: count }, (_, position) => `n${position + 1}`);
  const voters = command.options.voters?.split(',') ?? ids;
  assert(
    voters.every((voter) => ids.includes(voter)),
    `voters must be among ${ids.join(',')}`,
  );
  environment.network = createTestNetwork({
    ids,
    voters,
    seed: integerOption(command, 'seed', 1),
    config: {
      preVote: booleanOption(command, 'prevote', false),
      checkQuorum: booleanOption(command, 'checkquorum', true),
      entriesPerMessageMax: integerOption(command, 'entries-per-message', 64),
      logEntriesForSlowFollowers: integerOption(command, 'keep-entries', 500),
    },
  });
  return [];
};
