/**
 * The wall clock, the only one in swarmsim: the controller reads it to turn real time into
 * virtual time, and schedules its slices on it. Passed in, so tests drive a fake one and never
 * wait for real time to pass.
 */

export interface WallClock {
  /** Milliseconds since some fixed moment, fractional, never decreasing. */
  now(): number;
  /** Calls `callback` after about `delayMs`; returns the function that cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

/** Real time: `performance.now()` and `setTimeout`. The timer does not keep the process alive. */
export const systemWallClock: WallClock = {
  now: () => performance.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when told: for tests. `advance` runs what falls due, in order. */
export interface ManualWallClock extends WallClock {
  advance(milliseconds: number): void;
  /** Callbacks scheduled and not yet run or cancelled. */
  pendingCount(): number;
}

export function createManualWallClock(startMs = 0): ManualWallClock {
  let nowMs = startMs;
  let nextId = 1;
  const timers = new Map<number, { atMs: number; callback: () => void }>();
  const dueTimer = (limitMs: number) => {
    let due: [number, { atMs: number; callback: () => void }] | null = null;
    for (const entry of timers) {
      if (entry[1].atMs <= limitMs && (due === null || entry[1].atMs < due[1].atMs)) due = entry;
    }
    return due;
  };
  return {
    now: () => nowMs,
    schedule(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { atMs: nowMs + Math.max(0, delayMs), callback });
      return () => timers.delete(id);
    },
    advance(milliseconds) {
      const untilMs = nowMs + milliseconds;
      for (let fired = 0; fired < 1_000_000; fired++) {
        const due = dueTimer(untilMs);
        if (due === null) break;
        timers.delete(due[0]);
        nowMs = Math.max(nowMs, due[1].atMs);
        due[1].callback();
      }
      nowMs = untilMs;
    },
    pendingCount: () => timers.size,
  };
}
