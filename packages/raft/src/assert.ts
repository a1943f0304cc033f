/**
 * Assertions that stay on in every build (TigerStyle): a failed assertion means the Raft core
 * has a bug, never that a user typed something wrong. User input gets a returned error instead.
 */

/** Throws when `condition` is false. Narrows the type of `condition` for the code after it. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`raft assertion failed: ${message}`);
}

/**
 * Documents a condition that is expected to be true on some runs and false on others, so a
 * reader knows both branches are intended. It checks nothing (TigerBeetle's `maybe`).
 */
export function maybe(_condition: boolean): void {}
