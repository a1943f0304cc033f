/**
 * The snapshot ring on its own (RaftScope's time slider and fork): bounded, step back and forward
 * over what was recorded, and a fork discards the recorded future.
 */
import { describe, expect, test } from 'vitest';
import {
  type Checkpoint,
  createTimeline,
  forkTimeline,
  recordCheckpoint,
  stepBack,
  stepForward,
} from './timeline.js';

const at = (atMs: number): Checkpoint<string> => ({ atMs, fingerprint: `f${atMs}`, world: `w${atMs}` });

describe('timeline', () => {
  test('keeps at most checkpointsMax, dropping the oldest, and never the same world twice in a row', () => {
    const timeline = createTimeline(at(0), 3);
    expect(recordCheckpoint(timeline, at(0))).toBe(false);
    for (const atMs of [10, 20, 30]) recordCheckpoint(timeline, at(atMs));
    expect(timeline.checkpoints.map((checkpoint) => checkpoint.atMs)).toEqual([10, 20, 30]);
  });

  test('back and forward walk the checkpoints; the newest is live', () => {
    const timeline = createTimeline(at(0), 10);
    recordCheckpoint(timeline, at(10));
    recordCheckpoint(timeline, at(20));
    expect(stepBack(timeline)?.atMs).toBe(10);
    expect(stepBack(timeline)?.atMs).toBe(0);
    expect(stepBack(timeline)).toBeNull();
    expect(timeline.position).toBe(0);
    expect(stepForward(timeline)?.atMs).toBe(10);
    expect(stepForward(timeline)?.atMs).toBe(20);
    expect(timeline.position).toBeNull();
    expect(stepForward(timeline)).toBeNull();
  });

  test('a fork in the past discards the later checkpoints and makes the present live again', () => {
    const timeline = createTimeline(at(0), 10);
    for (const atMs of [10, 20, 30]) recordCheckpoint(timeline, at(atMs));
    stepBack(timeline);
    stepBack(timeline);
    expect(forkTimeline(timeline)).toBe(2);
    expect(timeline.checkpoints.map((checkpoint) => checkpoint.atMs)).toEqual([0, 10]);
    expect(timeline.position).toBeNull();
    expect(forkTimeline(timeline)).toBe(0);
  });

  test('recording in the past is a bug: the caller must fork first', () => {
    const timeline = createTimeline(at(0), 10);
    recordCheckpoint(timeline, at(10));
    stepBack(timeline);
    expect(() => recordCheckpoint(timeline, at(5))).toThrow(/fork the timeline first/);
  });
});
