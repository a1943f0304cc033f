import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.js';

describe('configuration', () => {
  it('defaults to SwarmKit values', () => {
    expect(defaultConfig('n1')).toEqual({
      id: 'n1',
      electionTimeoutTicks: 10,
      heartbeatIntervalTicks: 1,
      checkQuorum: true,
      preVote: false,
      entriesPerMessageMax: 64,
      inflightMessagesMax: 256,
      logEntriesForSlowFollowers: 500,
      unsafe: [],
    });
  });

  it.each([
    [{ electionTimeoutTicks: 0 }, /electionTimeoutTicks must be a positive integer/],
    [{ heartbeatIntervalTicks: 1.5 }, /heartbeatIntervalTicks must be a positive integer/],
    [{ heartbeatIntervalTicks: 10 }, /must be less than electionTimeoutTicks/],
    [{ entriesPerMessageMax: -1 }, /entriesPerMessageMax/],
    [{ inflightMessagesMax: 0 }, /inflightMessagesMax/],
    [{ logEntriesForSlowFollowers: -5 }, /logEntriesForSlowFollowers/],
    [{ unsafe: ['commitByVibes'] }, /unknown unsafe switch "commitByVibes"/],
  ])('rejects %j with a clear error', (overrides, message) => {
    expect(() => defaultConfig('n1', overrides as never)).toThrow(message);
  });

  it('rejects an empty id', () => {
    expect(() => defaultConfig('')).toThrow(/config.id/);
  });
});
