/**
 * Assertions stay on in every build (STYLE practice 10). They guard programmer errors at
 * boundaries; bad user input never reaches them, because operations validate it first and
 * return an error instead.
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Marks a condition expected to be both true and false over a run (TigerBeetle `maybe`). */
export function maybe(_condition: boolean): void {}
