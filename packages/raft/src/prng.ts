/**
 * A small seeded pseudo-random number generator (sfc32) whose whole state is four unsigned
 * 32-bit integers in a plain object, so it can live inside any snapshot, be cloned with
 * `structuredClone`, and be saved as JSON.
 *
 * Every source of randomness in raft and swarm-sim draws from a `Prng` passed explicitly and
 * named `prng`. Functions here mutate the state they are given: that is the point.
 */
export interface Prng {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Creates a generator from a seed (any safe integer). Equal seeds give equal sequences. */
export function createPrng(seed: number): Prng {
  assertSafeInteger(seed, 'seed');
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  const prng: Prng = { a: 0x9e3779b9, b: low, c: high, d: 1 };
  // Mix the seed in before the first draw, as the sfc32 reference does.
  for (let round = 0; round < 15; round++) nextUint32(prng);
  return prng;
}

/** The next unsigned 32-bit integer. */
export function nextUint32(prng: Prng): number {
  const a = prng.a;
  const b = prng.b;
  const c = prng.c;
  const d = (prng.d + 1) >>> 0;
  const t = (((a + b) >>> 0) + d) >>> 0;
  prng.d = d;
  prng.a = (b ^ (b >>> 9)) >>> 0;
  prng.b = (c + (c << 3)) >>> 0;
  prng.c = (((c << 21) | (c >>> 11)) + t) >>> 0;
  return t;
}

/** A uniform integer in [minimum, maximumExclusive), without modulo bias. */
export function nextInt(prng: Prng, minimum: number, maximumExclusive: number): number {
  assertSafeInteger(minimum, 'minimum');
  assertSafeInteger(maximumExclusive, 'maximumExclusive');
  const range = maximumExclusive - minimum;
  if (range <= 0) throw new RangeError(`empty range [${minimum}, ${maximumExclusive})`);
  if (range > 0x1_0000_0000) throw new RangeError(`range ${range} exceeds 2^32`);
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % range);
  for (let attempt = 0; attempt < 64; attempt++) {
    const value = nextUint32(prng);
    if (value < limit) return minimum + (value % range);
  }
  // 64 rejections in a row has probability below 2^-64; fall back rather than loop forever.
  return minimum + (nextUint32(prng) % range);
}

/**
 * True with probability numerator / denominator. Probabilities are integer ratios so that
 * simulation state holds only integers.
 */
export function nextChance(prng: Prng, numerator: number, denominator: number): boolean {
  if (numerator <= 0) return false;
  if (numerator >= denominator) return true;
  return nextInt(prng, 0, denominator) < numerator;
}

/** `count` pseudo-random bytes, for identifiers and secrets. */
export function nextBytes(prng: Prng, count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  for (let offset = 0; offset < count; offset += 4) {
    const word = nextUint32(prng);
    for (let shift = 0; shift < 4 && offset + shift < count; shift++) {
      bytes[offset + shift] = (word >>> (shift * 8)) & 0xff;
    }
  }
  return bytes;
}

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}
