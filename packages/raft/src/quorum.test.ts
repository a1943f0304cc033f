import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majoritySize, quorumMatchIndex, voteResult } from './quorum.js';

/** The dumb oracle: the largest index that at least a majority of match indexes reach. */
function committedByBruteForce(matchIndexes: readonly number[]): number {
  let best = 0;
  for (const candidate of matchIndexes) {
    const holders = matchIndexes.filter((index) => index >= candidate).length;
    if (holders * 2 > matchIndexes.length && candidate > best) best = candidate;
  }
  return best;
}

describe('quorum arithmetic (oracle tests)', () => {
  it('majoritySize is the smallest strict majority', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majoritySize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('quorumMatchIndex agrees with brute force on any match indexes', () => {
    // §5.3: an entry is committed once a majority holds it. Numeric sort matters: [10, 9, 2]
    // sorted as strings would put 10 first only by luck (raft.md §7 pitfall).
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 9 }), (matchIndexes) => {
        expect(quorumMatchIndex(matchIndexes.slice())).toBe(committedByBruteForce(matchIndexes));
      }),
    );
    expect(quorumMatchIndex([10, 9, 2])).toBe(9);
  });

  it('voteResult wins with a majority of grants and loses once a majority is out of reach', () => {
    const voters = ['n1', 'n2', 'n3', 'n4', 'n5'];
    fc.assert(
      fc.property(fc.subarray(voters), fc.func(fc.boolean()), (answered, grant) => {
        const votes = answered.map((voter) => ({ voter, granted: grant(voter) }));
        const granted = votes.filter((vote) => vote.granted).length;
        const rejected = votes.length - granted;
        const expected = granted >= 3 ? 'won' : rejected >= 3 ? 'lost' : 'pending';
        expect(voteResult(voters, votes)).toBe(expected);
      }),
    );
    expect(voteResult(['n1', 'n2', 'n3'], [{ voter: 'n9', granted: true }])).toBe('pending');
  });
});
