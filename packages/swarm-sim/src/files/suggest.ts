/**
 * "Did you mean …?" for a misspelt key or value: the closest candidate by edit distance
 * (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours each
 * cost 1), compared case-insensitively.
 */

/** Words longer than this are compared by their first `comparedLengthMax` characters only. */
const comparedLengthMax = 64;

/**
 * The candidate closest to `word`, or null when none is close enough to be a likely typo.
 * Close enough: at most 1 edit for words of up to 3 characters, 2 up to 6, 3 beyond.
 * Ties go to the earlier candidate, so the answer is deterministic.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  const target = word.toLowerCase().slice(0, comparedLengthMax);
  if (target.length === 0) return null;
  const distanceMax = target.length <= 3 ? 1 : target.length <= 6 ? 2 : 3;
  let best: string | null = null;
  let bestDistance = distanceMax + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(target, candidate.toLowerCase().slice(0, comparedLengthMax));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance between two strings. */
export function editDistance(left: string, right: string): number {
  const columns = right.length + 1;
  // Three rows suffice: the current one, the previous one, and the one before for swaps.
  let beforePrevious: number[] = new Array<number>(columns).fill(0);
  let previous: number[] = Array.from({ length: columns }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current: number[] = new Array<number>(columns).fill(0);
    current[0] = row;
    for (let column = 1; column < columns; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let value = Math.min(
        (previous[column] as number) + 1,
        (current[column - 1] as number) + 1,
        (previous[column - 1] as number) + cost,
      );
      const swapped =
        row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1];
      if (swapped) value = Math.min(value, (beforePrevious[column - 2] as number) + 1);
      current[column] = value;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[columns - 1] as number;
}
