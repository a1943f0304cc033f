import { assert } from './assert.js';
import type { NodeId } from './types.js';

/** The smallest majority of `voterCount` voters. */
export function majoritySize(voterCount: number): number {
  assert(voterCount > 0, 'a configuration needs at least one voter');
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The largest index that a majority of voters hold, given each voter's match index: sort
 * descending and take the majority-th value. `matchIndexes` is reordered in place.
 *
 * Example with 5 voters: [7, 3, 9, 5, 5] sorted is [9, 7, 5, 5, 3]; the third value, 5, is held
 * by 9's, 7's and the first 5's voters, so 5 is committed by count.
 */
export function quorumMatchIndex(matchIndexes: number[]): number {
  assert(matchIndexes.length > 0, 'quorumMatchIndex needs at least one voter');
  matchIndexes.sort((left, right) => right - left);
  return matchIndexes[majoritySize(matchIndexes.length) - 1]!;
}

export type VoteResult = 'won' | 'lost' | 'pending';

/** One answer to a (pre-)vote request, the candidate's own included. */
export interface Vote {
  readonly voter: NodeId;
  readonly granted: boolean;
}

/**
 * The outcome of an election so far: won with a majority of grants, lost once a majority can no
 * longer be reached, pending otherwise. Votes from non-voters do not count.
 */
export function voteResult(voters: readonly NodeId[], votes: readonly Vote[]): VoteResult {
  let granted = 0;
  let rejected = 0;
  for (const vote of votes) {
    if (!voters.includes(vote.voter)) continue;
    if (vote.granted) granted++;
    else rejected++;
  }
  const majority = majoritySize(voters.length);
  if (granted >= majority) return 'won';
  if (voters.length - rejected < majority) return 'lost';
  return 'pending';
}
