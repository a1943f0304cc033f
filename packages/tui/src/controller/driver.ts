/**
 * What the controller needs from a world it runs. The controller owns the clock, the snapshots
 * and the files; a driver knows one kind of world (the Raft lab, the swarm sandbox, a lesson, a
 * scenario) and answers with plain functions over plain data, the way the kernel keeps a
 * `Runtime` beside a `World`. A driver never reads the wall clock: the controller tells it how
 * far to run in virtual time.
 */

import type { SandboxView } from '@swarmsim/swarm-sim';
import type { CompletionCandidates } from '../app/complete.js';
import type { CommandResult } from '../app/controller.js';

/** How far one `advance` got. */
export interface AdvanceResult {
  /** Queue events processed. */
  readonly steps: number;
  /** True when every event due by the target ran and the clock stands at the target. */
  readonly reached: boolean;
}

/** The clock as the controller runs it; a view shows it in the status bar. */
export interface ClockSettings {
  /** Virtual ms per wall-clock ms. Invariant: speedMin <= speed <= speedMax. */
  readonly speed: number;
  readonly paused: boolean;
}

export type SaveResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** The result of reading a saved session: the world to continue from, or why the file is refused. */
export type LoadResult<World> =
  | { readonly ok: true; readonly world: World; readonly clock: ClockSettings | null }
  | { readonly ok: false; readonly error: string };

/**
 * One kind of world, as plain functions. `World` is plain data: `snapshot` copies it and the
 * copy can be run again from the same point (time travel), so nothing may keep a reference into
 * a world between calls.
 */
export interface WorldDriver<World> {
  nowMs(world: World): number;
  /**
   * Changes whenever the world changes (an event ran, a command acted): two equal fingerprints
   * mean the same world. It decides when a snapshot is worth keeping and when a line acted.
   */
  fingerprint(world: World): string;
  /**
   * Runs the events due at or before `untilMs`, at most `stepsMax` of them, then sets the clock
   * to `untilMs` if they all ran. When cut short, the world stands between two milliseconds,
   * never in the middle of one (the events of the last millisecond reached all ran).
   */
  advance(world: World, untilMs: number, stepsMax: number): AdvanceResult;
  /** Runs the next queued event, whenever it is due; false when nothing is queued. */
  stepEvent(world: World): boolean;
  /** One line typed at the prompt (not `clock`, `save`, `load`: those are the controller's). */
  runLine(world: World, line: string): CommandResult;
  /** The world as the app draws it, with the clock's settings in the status bar. */
  view(world: World, clock: ClockSettings): SandboxView;
  /** The words the prompt completes for this world. */
  completion(world: World): CompletionCandidates;
  /** What `help` prints about this world's own commands. */
  help(world: World): string;
  /** A deep copy: the copy runs on independently (time travel restores from one). */
  snapshot(world: World): World;
  /** The text of a file that `load` turns back into this session, or why this world cannot be saved. */
  serialize(world: World, clock: ClockSettings): SaveResult;
  /** Reads a file `serialize` wrote; refuses anything else with a sentence. */
  load(text: string, fileName: string): LoadResult<World>;
}
