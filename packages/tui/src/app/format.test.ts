import { describe, expect, it } from 'vitest';
import {
  fit,
  formatSpeed,
  formatVirtualTime,
  nextSpeed,
  speedLadder,
  truncate,
  visibleWindow,
} from './format.js';

describe('status bar formats: virtual time and speed', () => {
  it.each([
    [0, '0.000s'],
    [42_317, '42.317s'],
    [62_345, '1m02.345s'],
    [3_602_345, '1h00m02.345s'],
  ])('writes %i ms of virtual time as %s', (atMs, expected) => {
    expect(formatVirtualTime(atMs)).toBe(expected);
  });

  it.each([
    [1, '1×'],
    [1000, '1000×'],
    [0.5, '1/2×'],
    [0.01, '1/100×'],
    [0.2, '1/5×'],
  ])('writes speed %d as %s', (speed, expected) => {
    expect(formatSpeed(speed)).toBe(expected);
  });
});

describe('+ and - walk a speed ladder from 1/100× to 1000×', () => {
  it('steps up and down one rung', () => {
    expect(nextSpeed(1, 'faster')).toBe(2);
    expect(nextSpeed(2, 'slower')).toBe(1);
    expect(nextSpeed(0.5, 'faster')).toBe(1);
  });

  it('stops at both ends', () => {
    expect(nextSpeed(1000, 'faster')).toBe(1000);
    expect(nextSpeed(0.01, 'slower')).toBe(0.01);
  });

  it('joins the ladder from a speed that is not on it', () => {
    expect(nextSpeed(3, 'faster')).toBe(5);
    expect(nextSpeed(3, 'slower')).toBe(2);
  });

  it('covers 1/100× to 1000× in increasing order', () => {
    expect(speedLadder[0]).toBe(0.01);
    expect(speedLadder.at(-1)).toBe(1000);
    expect([...speedLadder].sort((left, right) => left - right)).toEqual(speedLadder);
  });
});

describe('fixed-width cells never wrap a line', () => {
  it('cuts with an ellipsis and pads to the width', () => {
    expect(truncate('manager1', 5)).toBe('mana…');
    expect(fit('web', 6)).toBe('web   ');
    expect(fit('a long service name', 6)).toHaveLength(6);
  });
});

describe('panes show what fits and scroll: the visible window', () => {
  it('shows everything when it fits', () => {
    expect(visibleWindow(3, 10, null)).toEqual({ start: 0, end: 3 });
  });

  it('follows the tail when nothing is selected', () => {
    expect(visibleWindow(100, 10, null)).toEqual({ start: 90, end: 100 });
  });

  it('keeps the selected row in view, centred where it can be', () => {
    const window = visibleWindow(100, 10, 42);
    expect(window.start).toBeLessThanOrEqual(42);
    expect(window.end).toBeGreaterThan(42);
    expect(window.end - window.start).toBe(10);
    expect(visibleWindow(100, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(visibleWindow(100, 10, 99)).toEqual({ start: 90, end: 100 });
  });
});
