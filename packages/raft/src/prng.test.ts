import { describe, expect, it } from 'vitest';
import { createPrng, nextBytes, nextChance, nextInt, nextUint32 } from './prng.js';

describe('prng: a seeded generator whose state is plain data', () => {
  it('repeats the same sequence for the same seed, and after a JSON round trip', () => {
    const first = createPrng(42);
    const second = createPrng(42);
    const drawn = Array.from({ length: 5 }, () => nextUint32(first));
    expect(Array.from({ length: 5 }, () => nextUint32(second))).toEqual(drawn);
    const saved = JSON.parse(JSON.stringify(first));
    expect(nextUint32(saved)).toBe(nextUint32(first));
  });

  it('gives different sequences for different seeds', () => {
    expect(nextUint32(createPrng(1))).not.toBe(nextUint32(createPrng(2)));
  });

  it('draws every integer of a small range, and nothing outside it', () => {
    const prng = createPrng(7);
    const seen = new Set<number>();
    for (let draw = 0; draw < 2000; draw++) {
      const value = nextInt(prng, 10, 20);
      expect(value).toBeGreaterThanOrEqual(10);
      expect(value).toBeLessThan(20);
      seen.add(value);
    }
    expect(seen.size).toBe(10);
  });

  it('treats probabilities as integer ratios', () => {
    const prng = createPrng(3);
    expect(nextChance(prng, 0, 10)).toBe(false);
    expect(nextChance(prng, 10, 10)).toBe(true);
    const hits = Array.from({ length: 10_000 }, () => nextChance(prng, 1, 4)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2200);
    expect(hits).toBeLessThan(2800);
  });

  it('makes bytes of the requested length', () => {
    expect(nextBytes(createPrng(5), 17)).toHaveLength(17);
  });
});
