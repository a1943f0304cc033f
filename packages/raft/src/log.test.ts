import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactLog,
  createLog,
  entriesBetween,
  findConflict,
  firstIndexOfTermAt,
  isUpToDate,
  lastIndexOfTerm,
  restoreSnapshot,
  snapshotIndexOf,
  termAt,
} from './log.js';
import { entriesWithTerms } from './testing/fixtures.js';
import type { Snapshot } from './types.js';

/** Non-decreasing term sequences, as every Raft log has. */
const logTerms = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }).map((steps) => {
  let term = 1;
  return steps.map((step) => {
    term += step;
    return term;
  });
});

function snapshotAt(index: number, term: number): Snapshot {
  return { lastIncludedIndex: index, lastIncludedTerm: term, membership: { voters: ['n1'] }, data: '' };
}

describe('log indexing, snapshot-aware', () => {
  it('finds the first index of a term run and the last index of a term like a linear scan', () => {
    fc.assert(
      fc.property(logTerms, fc.nat({ max: 40 }), (terms, probe) => {
        const log = createLog(null, entriesWithTerms(terms));
        const term = probe % 8;
        const linearLast = terms.lastIndexOf(term) + 1;
        expect(lastIndexOfTerm(log, term)).toBe(linearLast);
        if (terms.length > 0) {
          const index = (probe % terms.length) + 1;
          expect(firstIndexOfTermAt(log, index)).toBe(terms.indexOf(terms[index - 1]!) + 1);
        }
      }),
    );
  });

  it('addresses entries after a snapshot by their log index', () => {
    // Indexes 1..3 are in the snapshot; entries hold 4..6.
    const log = createLog(snapshotAt(3, 2), entriesWithTerms([2, 3, 3], 4));
    expect(termAt(log, 2)).toBeNull();
    expect(termAt(log, 3)).toBe(2);
    expect(termAt(log, 5)).toBe(3);
    expect(termAt(log, 7)).toBeNull();
    expect(entriesBetween(log, 1, 5).map((entry) => entry.index)).toEqual([4, 5]);
    expect(firstIndexOfTermAt(log, 6)).toBe(5);
    expect(lastIndexOfTerm(log, 2)).toBe(4);
    expect(findConflict(log, entriesWithTerms([1, 2, 3], 3))).toBe(0);
    expect(findConflict(log, entriesWithTerms([2, 2, 2], 3))).toBe(5);
  });

  it('keeps the suffix after a snapshot that matches, and drops a log that does not', () => {
    const kept = createLog(null, entriesWithTerms([1, 1, 2, 2]));
    expect(restoreSnapshot(kept, snapshotAt(2, 1))).toEqual({ keptSuffix: true });
    expect(kept.entries.map((entry) => entry.index)).toEqual([3, 4]);
    const dropped = createLog(null, entriesWithTerms([1, 1]));
    expect(restoreSnapshot(dropped, snapshotAt(5, 3))).toEqual({ keptSuffix: false });
    expect(dropped.entries).toEqual([]);
  });

  it('compares logs by last term, then by length (§5.4.1)', () => {
    const log = createLog(null, entriesWithTerms([1, 2]));
    expect(isUpToDate(log, 2, 2)).toBe(true);
    expect(isUpToDate(log, 1, 2)).toBe(false);
    expect(isUpToDate(log, 1, 3)).toBe(true);
    expect(isUpToDate(log, 9, 1)).toBe(false);
  });

  it('refuses a log whose indexes or terms are out of order', () => {
    expect(() => createLog(null, entriesWithTerms([2, 1]))).toThrow(/term decreases/);
    expect(() => createLog(null, entriesWithTerms([1], 2))).toThrow(/has index 2/);
  });

  it('compacts up to a point before the snapshot and keeps the entries between (§7)', () => {
    const log = createLog(null, entriesWithTerms([1, 1, 2, 2, 3, 3]));
    const snapshot: Snapshot = {
      lastIncludedIndex: 5,
      lastIncludedTerm: 3,
      membership: { voters: ['n1'] },
      data: '',
    };
    compactLog(log, snapshot, 3);
    expect(snapshotIndexOf(log)).toBe(5);
    expect(log.compactedIndex).toBe(3);
    expect(log.compactedTerm).toBe(2);
    expect(log.entries.map((entry) => entry.index)).toEqual([4, 5, 6]);
    expect(termAt(log, 3)).toBe(2);
    expect(termAt(log, 2)).toBeNull();
    expect(() => compactLog(log, snapshot, 5)).toThrow(/replaces an older one/);
  });
});
