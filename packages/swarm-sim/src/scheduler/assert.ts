/**
 * Assertions that stay on in every build: a failed one means the scheduler has a bug or its
 * caller broke a documented precondition, never that a user typed something wrong.
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`scheduler assertion failed: ${message}`);
}
