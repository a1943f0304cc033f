import { assert } from '../../assert.js';
import { entriesWithTerms } from '../fixtures.js';
import type { CommandHandler } from '../interaction.js';
import { crash, restart } from '../network.js';
import { integerOption, nodeArgument, requireNetwork } from './common.js';

/**
 * `load-log NODE terms=1,1,2 [term=T]`: replaces the node's disk with a log of command entries
 * of those terms (and current term T, default the last entry's), then restarts it from there:
 * how a script sets up Figure 7-style divergent logs.
 */
export const loadLog: CommandHandler = (environment, command) => {
  const network = requireNetwork(environment);
  const id = nodeArgument(network, command);
  const terms = (command.options.terms ?? '')
    .split(',')
    .filter((text) => text.length > 0)
    .map(Number);
  assert(
    terms.every((term) => Number.isSafeInteger(term) && term > 0),
    'terms must be positive integers',
  );
  const term = integerOption(command, 'term', terms.at(-1) ?? 0);
  crash(network, id);
  const storage = network.storage.get(id)!;
  storage.entries = entriesWithTerms(terms);
  storage.term = term;
  storage.votedFor = null;
  storage.snapshot = null;
  restart(network, id);
  return [];
};
