/**
 * Time travel: a bounded ring of checkpoints (deep copies of the world) and where the student
 * stands among them. RaftScope's model: step back and forward over what was recorded; acting in
 * the past forks the timeline, discarding the recorded future (it no longer happened).
 *
 * `position === null` means "live": the world is the newest state, possibly ahead of the newest
 * checkpoint. `position === i` means the world is exactly checkpoint i, restored from the past.
 * Invariant: position === null || 0 <= position < checkpoints.length - 1 (standing on the newest
 * checkpoint is being live).
 *
 * The functions here change the timeline in place and never copy worlds: the controller does
 * the copying, so a checkpoint is never handed out to be run (restore copies it again).
 */

import { assert } from '@swarmsim/swarm-sim';

export interface Checkpoint<World> {
  readonly atMs: number;
  readonly fingerprint: string;
  /** A private copy: never run, only copied again to restore. */
  readonly world: World;
}

export interface Timeline<World> {
  readonly checkpoints: Checkpoint<World>[];
  position: number | null;
  /** Invariant: checkpoints.length <= checkpointsMax, and checkpointsMax >= 2. */
  readonly checkpointsMax: number;
}

export function createTimeline<World>(first: Checkpoint<World>, checkpointsMax: number): Timeline<World> {
  assert(
    Number.isSafeInteger(checkpointsMax) && checkpointsMax >= 2,
    'a timeline keeps two checkpoints or more',
  );
  return { checkpoints: [first], position: null, checkpointsMax };
}

export function newestCheckpoint<World>(timeline: Timeline<World>): Checkpoint<World> {
  const newest = timeline.checkpoints.at(-1);
  assert(newest !== undefined, 'a timeline always holds a checkpoint');
  return newest;
}

/**
 * Keeps a checkpoint of the live world, unless the newest one already is that world. The oldest
 * checkpoint goes when the ring is full. Only when live: in the past, fork first.
 */
export function recordCheckpoint<World>(timeline: Timeline<World>, checkpoint: Checkpoint<World>): boolean {
  assert(timeline.position === null, 'record only when live: fork the timeline first');
  if (newestCheckpoint(timeline).fingerprint === checkpoint.fingerprint) return false;
  timeline.checkpoints.push(checkpoint);
  if (timeline.checkpoints.length > timeline.checkpointsMax) timeline.checkpoints.shift();
  return true;
}

/**
 * Acting in the past: the checkpoints after the current position did not happen any more.
 * Returns how many were discarded (0 when live).
 */
export function forkTimeline<World>(timeline: Timeline<World>): number {
  if (timeline.position === null) return 0;
  const discarded = timeline.checkpoints.length - (timeline.position + 1);
  timeline.checkpoints.splice(timeline.position + 1);
  timeline.position = null;
  return discarded;
}

/**
 * The checkpoint one step back, or null when there is none older. When live, the caller first
 * records the live world (so `forward` can come back to it); the step back then lands on the
 * checkpoint before the newest.
 */
export function stepBack<World>(timeline: Timeline<World>): Checkpoint<World> | null {
  const from = timeline.position ?? timeline.checkpoints.length - 1;
  if (from <= 0) return null;
  timeline.position = from - 1;
  return timeline.checkpoints[from - 1] as Checkpoint<World>;
}

/** The checkpoint one step forward, or null when live (there is no recorded future). */
export function stepForward<World>(timeline: Timeline<World>): Checkpoint<World> | null {
  if (timeline.position === null) return null;
  const target = timeline.position + 1;
  timeline.position = target >= timeline.checkpoints.length - 1 ? null : target;
  return timeline.checkpoints[target] as Checkpoint<World>;
}
