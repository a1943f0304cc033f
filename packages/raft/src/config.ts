import type { NodeId, RaftConfig, UnsafeSwitch } from './types.js';

const unsafeSwitches: readonly UnsafeSwitch[] = [
  'commitPreviousTermByCount',
  'voteWithoutLogCheck',
  'forgetVoteOnRestart',
  'concurrentMembershipChanges',
];

/**
 * A configuration with SwarmKit's defaults (election tick 10, heartbeat tick 1, CheckQuorum on,
 * PreVote off, 256 in-flight appends, 500 entries kept for slow followers), then `overrides`.
 * Throws a RangeError when the result is invalid: configuration is written by programmers, not
 * typed by students, so a bad value is a bug to surface at once.
 */
export function defaultConfig(id: NodeId, overrides: Partial<RaftConfig> = {}): RaftConfig {
  const config: RaftConfig = {
    id,
    electionTimeoutTicks: 10,
    heartbeatIntervalTicks: 1,
    checkQuorum: true,
    preVote: false,
    entriesPerMessageMax: 64,
    inflightMessagesMax: 256,
    logEntriesForSlowFollowers: 500,
    unsafe: [],
    ...overrides,
  };
  validateConfig(config);
  return config;
}

/** Throws a RangeError naming the first invalid field of `config`. */
export function validateConfig(config: RaftConfig): void {
  if (typeof config.id !== 'string' || config.id.length === 0) {
    throw new RangeError('config.id must be a non-empty string');
  }
  requirePositiveInteger(config.electionTimeoutTicks, 'electionTimeoutTicks');
  requirePositiveInteger(config.heartbeatIntervalTicks, 'heartbeatIntervalTicks');
  requirePositiveInteger(config.entriesPerMessageMax, 'entriesPerMessageMax');
  requirePositiveInteger(config.inflightMessagesMax, 'inflightMessagesMax');
  if (!Number.isSafeInteger(config.logEntriesForSlowFollowers) || config.logEntriesForSlowFollowers < 0) {
    throw new RangeError(
      `logEntriesForSlowFollowers must be a non-negative integer, got ${config.logEntriesForSlowFollowers}`,
    );
  }
  if (config.heartbeatIntervalTicks >= config.electionTimeoutTicks) {
    throw new RangeError(
      `heartbeatIntervalTicks (${config.heartbeatIntervalTicks}) must be less than ` +
        `electionTimeoutTicks (${config.electionTimeoutTicks})`,
    );
  }
  for (const name of config.unsafe) {
    if (!unsafeSwitches.includes(name)) {
      throw new RangeError(`unknown unsafe switch "${name}"; known: ${unsafeSwitches.join(', ')}`);
    }
  }
}

/** True when the classic bug `name` is switched on. */
export function isUnsafe(config: RaftConfig, name: UnsafeSwitch): boolean {
  return config.unsafe.length > 0 && config.unsafe.includes(name);
}

function requirePositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}
