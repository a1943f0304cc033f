import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './units.js';

describe('durations: Go-style text, integer milliseconds inside', () => {
  it.each([
    ['500ms', 500],
    ['3s', 3000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['0', 0],
  ])('reads %s as %i ms', (text, expectedMs) => {
    expect(parseDuration(text)).toBe(expectedMs);
  });

  it.each(['', 's', '10', '3x', '1s junk'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [7_200_000, '2h0m0s'],
  ])('writes %i ms as %s, as Go prints a time.Duration', (durationMs, expected) => {
    expect(formatDuration(durationMs)).toBe(expected);
  });
});
