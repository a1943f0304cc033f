import { createPrng, nextInt } from '@swarmsim/raft';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapIsValid, heapPeek, heapPop, heapPush } from './heap.js';
import type { QueueEvent } from './types.js';

function event(atMs: number, sequence: number): QueueEvent<null> {
  return {
    atMs,
    sequence,
    kind: 'tick',
    target: 0,
    source: -1,
    payload: null,
    tag: '',
    causeId: 0,
    incarnation: 0,
    sentAtMs: 0,
  };
}

describe('event queue: a binary heap ordered by (atMs, sequence)', () => {
  it('pops events in time order, ties broken by the order they were scheduled', () => {
    const items: QueueEvent<null>[] = [];
    const prng = createPrng(7);
    for (let sequence = 1; sequence <= 2000; sequence++)
      heapPush(items, event(nextInt(prng, 0, 50), sequence));
    expect(heapIsValid(items)).toBe(true);
    const popped: QueueEvent<null>[] = [];
    for (let next = heapPop(items); next !== null; next = heapPop(items)) popped.push(next);
    expect(popped).toHaveLength(2000);
    for (let position = 1; position < popped.length; position++) {
      const before = popped[position - 1] as QueueEvent<null>;
      const after = popped[position] as QueueEvent<null>;
      expect(
        before.atMs < after.atMs || (before.atMs === after.atMs && before.sequence < after.sequence),
      ).toBe(true);
    }
  });

  it('peeks without removing and returns null when empty', () => {
    const items: QueueEvent<null>[] = [];
    expect(heapPeek(items)).toBeNull();
    expect(heapPop(items)).toBeNull();
    heapPush(items, event(5, 2));
    heapPush(items, event(5, 1));
    expect(heapPeek(items)?.sequence).toBe(1);
    expect(items).toHaveLength(2);
  });

  it('matches a sorted array under any interleaving of pushes and pops (oracle)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(20), { nil: null }), { maxLength: 200 }), (script) => {
        const items: QueueEvent<null>[] = [];
        const oracle: QueueEvent<null>[] = [];
        let sequence = 0;
        for (const action of script) {
          if (action === null) {
            oracle.sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence);
            expect(heapPop(items)).toBe(oracle.shift() ?? null);
          } else {
            const next = event(action, ++sequence);
            heapPush(items, next);
            oracle.push(next);
          }
          expect(heapIsValid(items)).toBe(true);
        }
      }),
    );
  });

  it('survives structuredClone: the queue is plain data', () => {
    const items: QueueEvent<null>[] = [];
    for (let sequence = 1; sequence <= 20; sequence++) heapPush(items, event(20 - sequence, sequence));
    const copy = structuredClone(items);
    expect(heapPop(copy)).toEqual(heapPop(items));
    expect(copy).toEqual(items);
  });
});
