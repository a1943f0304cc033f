/**
 * Advancing virtual time while watching: the clock moves from one queued instant to the next,
 * and after each instant the watcher looks at the cluster. A condition is therefore seen the
 * moment an event makes it true (or false), never later, and the time reported is exact.
 * Between two instants nothing changes, so nothing is missed.
 */
import { assert } from '../kernel/assert.js';
import { type TargetDriver, targetAdvanceStepsMax } from './target.js';

export type WatchOutcome =
  /** The watcher asked to stop at `atMs`. */
  | { readonly stoppedBy: 'watcher'; readonly atMs: number }
  /** A checker reported a violation at `atMs`. */
  | { readonly stoppedBy: 'violation'; readonly atMs: number }
  /** The clock reached the end of the window. */
  | { readonly stoppedBy: 'time'; readonly atMs: number };

/**
 * Runs the target up to `untilMs`, calling `watcher(nowMs)` after every instant at which events
 * ran (and once at `untilMs`); stops early when it returns true or (unless told otherwise) when
 * a checker reports a new violation.
 * The watcher is not called for the starting instant: callers look before they advance.
 */
export function advanceWatching<Target>(
  driver: TargetDriver<Target>,
  target: Target,
  untilMs: number,
  watcher: (nowMs: number) => boolean,
  options: { readonly stopOnViolation: boolean } = { stopOnViolation: true },
): WatchOutcome {
  assert(untilMs >= driver.nowMs(target), 'a window ends after it starts');
  const violationsBefore = driver.violationCount(target);
  for (let instants = 0; instants < targetAdvanceStepsMax; instants++) {
    const next = driver.nextEventAtMs(target);
    const atMs = next === null || next > untilMs ? untilMs : Math.max(next, driver.nowMs(target));
    driver.advanceTo(target, atMs);
    if (options.stopOnViolation && driver.violationCount(target) > violationsBefore)
      return { stoppedBy: 'violation', atMs };
    if (watcher(atMs)) return { stoppedBy: 'watcher', atMs };
    if (atMs >= untilMs) return { stoppedBy: 'time', atMs };
  }
  assert(false, 'a window runs at most targetAdvanceStepsMax instants');
}
