/**
 * The controller: the one place that knows wall-clock time. It owns the world, advances it in
 * real time × speed, keeps snapshots for stepping back, answers the `clock`, `save` and `load`
 * commands, hands every other line to the world's driver, and publishes a view whenever the world
 * moves.
 *
 * The clock runs in SLICES: every `sliceIntervalMs` of wall time, one slice turns the wall time
 * that passed into virtual time (× speed) and runs the world that far, but never for more than
 * `sliceBudgetMs` of wall time nor `sliceStepsMax` events. Between slices the event loop is free,
 * so keys answer at once even at 1000×. When the world cannot keep up, the slice stops where it
 * got to and the virtual time it owed is dropped: the clock runs slower than asked, never behind
 * a growing debt. And when drawing a frame is slow (a large terminal), the next slice waits at
 * least as long as drawing took, so the app never spends all its time drawing.
 */

import { assert, type SandboxView } from '@swarmsim/swarm-sim';
import type { CompletionCandidates } from '../app/complete.js';
import {
  actionToCommand,
  type CommandResult,
  type SandboxAction,
  type SandboxController,
  type ViewSource,
} from '../app/controller.js';
import { formatSpeed, formatVirtualTime } from '../app/format.js';
import {
  type ControllerCommand,
  clockUsage,
  parseControllerLine,
  speedMax,
  speedMin,
} from './clock-command.js';
import type { ClockSettings, WorldDriver } from './driver.js';
import { controllerCommandSpecs, controllerHelp } from './help.js';
import { type SessionFiles, systemSessionFiles } from './session-files.js';
import {
  createTimeline,
  forkTimeline,
  newestCheckpoint,
  recordCheckpoint,
  stepBack,
  stepForward,
  type Timeline,
} from './timeline.js';
import { systemWallClock, type WallClock } from './wall-clock.js';

export interface ControllerOptions<World> {
  readonly driver: WorldDriver<World>;
  readonly world: World;
  /** @default 1 */
  readonly speed?: number;
  /** @default false */
  readonly paused?: boolean;
  /** @default systemWallClock */
  readonly wallClock?: WallClock;
  /** Wall time between two slices. @default 33 (about 30 per second) */
  readonly sliceIntervalMs?: number;
  /** Wall time one slice may spend running the world. @default 12 */
  readonly sliceBudgetMs?: number;
  /** Events one slice may run. @default 200_000 */
  readonly sliceStepsMax?: number;
  /** Events run between two looks at the wall clock. @default 2_000 */
  readonly chunkStepsMax?: number;
  /** Wall time one slice makes up for at most (after the machine slept, say). @default 250 */
  readonly elapsedMaxMs?: number;
  /** Snapshots kept for stepping back. @default 100 */
  readonly checkpointsMax?: number;
  /** Wall time between two snapshots while the clock runs. @default 1000 */
  readonly checkpointEveryMs?: number;
  /** @default the real disk */
  readonly files?: SessionFiles;
}

/** What the clock has done, for tests and the benchmark. */
export interface SliceStats {
  readonly slices: number;
  readonly steps: number;
  /** Slices that stopped before reaching their virtual target (the world could not keep up). */
  readonly behindSlices: number;
}

export interface TimelineInfo {
  readonly checkpointCount: number;
  /** null: live; else the index of the checkpoint the world stands on. */
  readonly position: number | null;
  readonly oldestMs: number;
  readonly newestMs: number;
}

/** The running sandbox: what the app talks to, plus handles for the launcher and tests. */
export interface RunningSandbox<World> extends SandboxController, ViewSource {
  /** Starts the clock's slices (if the clock is not paused). */
  start(): void;
  /** Stops the slices for good (the app is quitting). */
  stop(): void;
  /** Runs one slice now, as the timer would. */
  slice(): void;
  world(): World;
  clock(): ClockSettings;
  timeline(): TimelineInfo;
  stats(): SliceStats;
}

interface State<World> {
  world: World;
  speed: number;
  paused: boolean;
  /** Virtual milliseconds owed but not yet run (less than one). */
  carryMs: number;
  lastSliceAtMs: number;
  /** When the next slice is due (wall ms): a slice that starts later was kept waiting. */
  sliceDueAtMs: number;
  /** Whether the last slice published a view (which the app then drew). */
  publishedInLastSlice: boolean;
  /** Moving average of how long drawing a view keeps the event loop busy (wall ms). */
  drawingCostMs: number;
  lastCheckpointAtMs: number;
  cancelSlice: (() => void) | null;
  stopped: boolean;
  timeline: Timeline<World>;
  version: number;
  cachedView: { readonly version: number; readonly view: SandboxView } | null;
  stats: { slices: number; steps: number; behindSlices: number };
}

interface Settings<World> {
  readonly driver: WorldDriver<World>;
  readonly wallClock: WallClock;
  readonly files: SessionFiles;
  readonly sliceIntervalMs: number;
  readonly sliceBudgetMs: number;
  readonly sliceStepsMax: number;
  readonly chunkStepsMax: number;
  readonly elapsedMaxMs: number;
  readonly checkpointEveryMs: number;
}

const ok = (stdout: string): CommandResult => ({
  stdout: stdout.endsWith('\n') ? stdout : `${stdout}\n`,
  stderr: '',
  exitCode: 0,
});
const fail = (stderr: string, exitCode = 1): CommandResult => ({
  stdout: '',
  stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`,
  exitCode,
});

export function createSandboxController<World>(options: ControllerOptions<World>): RunningSandbox<World> {
  const speed = options.speed ?? 1;
  assert(speed >= speedMin && speed <= speedMax, 'the starting speed is within the clock’s range');
  const settings: Settings<World> = {
    driver: options.driver,
    wallClock: options.wallClock ?? systemWallClock,
    files: options.files ?? systemSessionFiles,
    sliceIntervalMs: options.sliceIntervalMs ?? 33,
    sliceBudgetMs: options.sliceBudgetMs ?? 12,
    sliceStepsMax: options.sliceStepsMax ?? 200_000,
    chunkStepsMax: options.chunkStepsMax ?? 2_000,
    elapsedMaxMs: options.elapsedMaxMs ?? 250,
    checkpointEveryMs: options.checkpointEveryMs ?? 1000,
  };
  const nowMs = settings.wallClock.now();
  const state: State<World> = {
    world: options.world,
    speed,
    paused: options.paused ?? false,
    carryMs: 0,
    lastSliceAtMs: nowMs,
    sliceDueAtMs: nowMs,
    publishedInLastSlice: false,
    drawingCostMs: 0,
    lastCheckpointAtMs: nowMs,
    cancelSlice: null,
    stopped: false,
    timeline: createTimeline(checkpointOf(settings, options.world), options.checkpointsMax ?? 100),
    version: 0,
    cachedView: null,
    stats: { slices: 0, steps: 0, behindSlices: 0 },
  };
  const listeners = new Set<() => void>();
  const publish = () => {
    state.version++;
    for (const listener of [...listeners]) listener();
  };
  const context: Context<World> = { settings, state, publish };
  const runCommand = (line: string) => runControllerLine(context, line);
  return {
    getView: () => currentView(context),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    runCommand,
    dispatch: (action: SandboxAction) => runCommand(actionToCommand(action)),
    completionCandidates: () => completionCandidates(context),
    quit: () => stopClock(context, true),
    start() {
      state.lastSliceAtMs = settings.wallClock.now();
      scheduleSlice(context);
    },
    stop: () => stopClock(context, true),
    slice: () => runSlice(context),
    world: () => state.world,
    clock: () => ({ speed: state.speed, paused: state.paused }),
    timeline: () => timelineInfo(state.timeline),
    stats: () => ({ ...state.stats }),
  };
}

interface Context<World> {
  readonly settings: Settings<World>;
  readonly state: State<World>;
  readonly publish: () => void;
}

function checkpointOf<World>(settings: Settings<World>, world: World) {
  const driver = settings.driver;
  return { atMs: driver.nowMs(world), fingerprint: driver.fingerprint(world), world: driver.snapshot(world) };
}

function timelineInfo<World>(timeline: Timeline<World>): TimelineInfo {
  return {
    checkpointCount: timeline.checkpoints.length,
    position: timeline.position,
    oldestMs: timeline.checkpoints[0]?.atMs ?? 0,
    newestMs: newestCheckpoint(timeline).atMs,
  };
}

function currentView<World>({ settings, state }: Context<World>): SandboxView {
  if (state.cachedView?.version !== state.version) {
    const view = settings.driver.view(state.world, { speed: state.speed, paused: state.paused });
    state.cachedView = { version: state.version, view };
  }
  return state.cachedView.view;
}

function completionCandidates<World>({ settings, state }: Context<World>): CompletionCandidates {
  const candidates = settings.driver.completion(state.world);
  return { ...candidates, commands: [...controllerCommandSpecs, ...candidates.commands] };
}

// ——— The clock's slices ———

function scheduleSlice<World>(context: Context<World>, delayMs = context.settings.sliceIntervalMs): void {
  const { state, settings } = context;
  if (state.stopped || state.paused || state.cancelSlice !== null) return;
  state.sliceDueAtMs = settings.wallClock.now() + delayMs;
  state.cancelSlice = settings.wallClock.schedule(() => {
    state.cancelSlice = null;
    runSlice(context);
  }, delayMs);
}

/**
 * How long the event loop was busy after the last slice published (drawing the new view, mostly):
 * the slice timer fired that much later than it was due. A moving average, so one slow frame
 * does not halve the frame rate.
 */
function noteDrawingCost<World>(state: State<World>, startedAtMs: number): void {
  if (!state.publishedInLastSlice) return;
  const lateMs = Math.max(0, startedAtMs - state.sliceDueAtMs);
  state.drawingCostMs = 0.7 * state.drawingCostMs + 0.3 * lateMs;
}

function stopClock<World>(context: Context<World>, forGood: boolean): void {
  const { state } = context;
  state.cancelSlice?.();
  state.cancelSlice = null;
  if (forGood) state.stopped = true;
}

/** One slice: run the world for the wall time that passed × speed, within the slice's bounds. */
function runSlice<World>(context: Context<World>): void {
  const { state, settings } = context;
  if (state.paused || state.stopped) return;
  const startedAtMs = settings.wallClock.now();
  noteDrawingCost(state, startedAtMs);
  const elapsedMs = Math.min(Math.max(0, startedAtMs - state.lastSliceAtMs), settings.elapsedMaxMs);
  state.lastSliceAtMs = startedAtMs;
  state.carryMs += elapsedMs * state.speed;
  const durationMs = Math.floor(state.carryMs);
  state.carryMs -= durationMs;
  state.stats.slices++;
  state.publishedInLastSlice = durationMs > 0 && runBounded(context, durationMs, startedAtMs);
  if (state.publishedInLastSlice) context.publish();
  if (startedAtMs - state.lastCheckpointAtMs >= settings.checkpointEveryMs) {
    // A snapshot of a large world takes tens of milliseconds: in its own turn of the event loop,
    // so the keys that arrived meanwhile are read first.
    state.lastCheckpointAtMs = startedAtMs;
    settings.wallClock.schedule(() => {
      if (!state.stopped) keepCheckpoint(context);
    }, 0);
  }
  const spentMs = settings.wallClock.now() - startedAtMs;
  // Leave the event loop at least as long idle as drawing takes, so keys are read between frames
  // even when a large terminal makes every frame slow.
  scheduleSlice(context, Math.max(1, settings.sliceIntervalMs - spentMs, Math.round(state.drawingCostMs)));
}

/**
 * Runs the world `durationMs` further, in chunks, looking at the wall clock between chunks.
 * Returns whether the world changed.
 */
function runBounded<World>(context: Context<World>, durationMs: number, startedAtMs: number): boolean {
  const { state, settings } = context;
  const driver = settings.driver;
  const before = driver.fingerprint(state.world);
  const targetMs = driver.nowMs(state.world) + durationMs;
  let steps = 0;
  let reached = false;
  const chunksMax = Math.ceil(settings.sliceStepsMax / settings.chunkStepsMax) + 1;
  for (let chunk = 0; chunk < chunksMax && !reached; chunk++) {
    const stepsMax = Math.min(settings.chunkStepsMax, settings.sliceStepsMax - steps);
    if (stepsMax <= 0) break;
    const result = driver.advance(state.world, targetMs, stepsMax);
    steps += result.steps;
    reached = result.reached;
    if (settings.wallClock.now() - startedAtMs >= settings.sliceBudgetMs) break;
  }
  state.stats.steps += steps;
  if (!reached) {
    // The world could not keep up: drop what is owed rather than fall further behind.
    state.stats.behindSlices++;
    state.carryMs = 0;
  }
  return driver.fingerprint(state.world) !== before;
}

/** Keeps a snapshot of the live world, unless the newest one is already this world. */
function keepCheckpoint<World>({ settings, state }: Context<World>): void {
  if (state.timeline.position !== null) return;
  const driver = settings.driver;
  if (newestCheckpoint(state.timeline).fingerprint === driver.fingerprint(state.world)) return;
  recordCheckpoint(state.timeline, checkpointOf(settings, state.world));
}

// ——— Commands ———

function runControllerLine<World>(
  context: Context<World>,
  line: string,
): CommandResult | Promise<CommandResult> {
  const parsed = parseControllerLine(line);
  if (parsed.kind === 'error') return fail(parsed.message, 2);
  if (parsed.kind === 'controller') return runCommandOf(context, parsed.command);
  const words = line.trim().split(/\s+/);
  if (words[0] === 'help' && words.length === 1) {
    return ok(`${controllerHelp}\n${context.settings.driver.help(context.state.world)}`);
  }
  return runWorldLine(context, line);
}

function runCommandOf<World>(
  context: Context<World>,
  command: ControllerCommand,
): CommandResult | Promise<CommandResult> {
  const { state } = context;
  switch (command.kind) {
    case 'clockStatus':
      return ok(clockStatusText(context));
    case 'pause':
      if (state.paused) return ok(`the clock is already paused at ${formatVirtualTime(nowOf(context))}`);
      setPaused(context, true);
      return ok(`clock paused at ${formatVirtualTime(nowOf(context))}`);
    case 'resume':
      return resume(context);
    case 'speed':
      state.speed = command.speed;
      context.publish();
      return ok(`clock speed ${formatSpeed(command.speed)}`);
    case 'step':
      return stepOneEvent(context);
    case 'back':
      return goBack(context);
    case 'forward':
      return goForward(context);
    case 'save':
      return save(context, command.file);
    case 'load':
      return load(context, command.file);
  }
}

function nowOf<World>({ settings, state }: Context<World>): number {
  return settings.driver.nowMs(state.world);
}

function setPaused<World>(context: Context<World>, paused: boolean): void {
  const { state, settings } = context;
  if (state.paused === paused) return;
  state.paused = paused;
  if (paused) {
    stopClock(context, false);
  } else {
    state.lastSliceAtMs = settings.wallClock.now();
    state.carryMs = 0;
    scheduleSlice(context);
  }
  context.publish();
}

function clockStatusText<World>(context: Context<World>): string {
  const { state } = context;
  const info = timelineInfo(state.timeline);
  const where =
    info.position === null
      ? 'live'
      : `in the past (snapshot ${info.position + 1} of ${info.checkpointCount})`;
  return [
    `clock ${state.paused ? 'paused' : 'running'} at ${formatSpeed(state.speed)}, virtual time ${formatVirtualTime(nowOf(context))}, ${where}`,
    `${info.checkpointCount} snapshots kept, from ${formatVirtualTime(info.oldestMs)} to ${formatVirtualTime(info.newestMs)}`,
    `usage: ${clockUsage}`,
  ].join('\n');
}

/** Acting in the past discards the recorded future; says so when it did. */
function forkNote<World>(context: Context<World>): string {
  const atMs = nowOf(context);
  const discarded = forkTimeline(context.state.timeline);
  if (discarded === 0) return '';
  return `\n(timeline forked at ${formatVirtualTime(atMs)}: ${discarded} later snapshot${discarded === 1 ? '' : 's'} discarded)`;
}

function resume<World>(context: Context<World>): CommandResult {
  if (!context.state.paused) return ok(`the clock is already running at ${formatSpeed(context.state.speed)}`);
  const note = forkNote(context);
  setPaused(context, false);
  return ok(`clock running at ${formatSpeed(context.state.speed)}${note}`);
}

function stepOneEvent<World>(context: Context<World>): CommandResult {
  const { state, settings } = context;
  setPaused(context, true);
  const note = forkNote(context);
  keepCheckpoint(context);
  const stepped = settings.driver.stepEvent(state.world);
  if (!stepped) return ok(`nothing is waiting to happen at ${formatVirtualTime(nowOf(context))}${note}`);
  state.stats.steps++;
  context.publish();
  return ok(`ran one event, at ${formatVirtualTime(nowOf(context))}${note}`);
}

function goBack<World>(context: Context<World>): CommandResult {
  const { state, settings } = context;
  setPaused(context, true);
  keepCheckpoint(context);
  const checkpoint = stepBack(state.timeline);
  if (checkpoint === null) {
    const oldest = formatVirtualTime(timelineInfo(state.timeline).oldestMs);
    return fail(`clock back: no older snapshot is kept (the oldest is at ${oldest})`);
  }
  state.world = settings.driver.snapshot(checkpoint.world);
  context.publish();
  const info = timelineInfo(state.timeline);
  return ok(
    `back to ${formatVirtualTime(checkpoint.atMs)} (snapshot ${(info.position ?? 0) + 1} of ${info.checkpointCount})`,
  );
}

function goForward<World>(context: Context<World>): CommandResult {
  const { state, settings } = context;
  setPaused(context, true);
  const checkpoint = stepForward(state.timeline);
  if (checkpoint === null) {
    const stepped = stepOneEvent(context);
    return { ...stepped, stdout: `no recorded future: ${stepped.stdout}` };
  }
  state.world = settings.driver.snapshot(checkpoint.world);
  context.publish();
  const live = state.timeline.position === null ? ' (the newest snapshot: live again)' : '';
  return ok(`forward to ${formatVirtualTime(checkpoint.atMs)}${live}`);
}

/**
 * A line for the world. Before it acts, the world as it was is kept as a snapshot (so `clock
 * back` undoes the line); acting in the past forks the timeline.
 */
function runWorldLine<World>(context: Context<World>, line: string): CommandResult {
  const { state, settings } = context;
  const driver = settings.driver;
  const before = driver.fingerprint(state.world);
  const live = state.timeline.position === null;
  const kept =
    live && newestCheckpoint(state.timeline).fingerprint !== before
      ? checkpointOf(settings, state.world)
      : null;
  const result = driver.runLine(state.world, line);
  if (driver.fingerprint(state.world) === before) return result;
  let note = '';
  if (live) {
    if (kept !== null) recordCheckpoint(state.timeline, kept);
  } else {
    const discarded = forkTimeline(state.timeline);
    note = `(you acted in the past: the timeline forked at ${formatVirtualTime(kept?.atMs ?? newestCheckpoint(state.timeline).atMs)}, ${discarded} later snapshot${discarded === 1 ? '' : 's'} discarded)\n`;
  }
  context.publish();
  return note === '' ? result : { ...result, stdout: `${result.stdout}${note}` };
}

async function save<World>(context: Context<World>, file: string): Promise<CommandResult> {
  const { state, settings } = context;
  const serialized = settings.driver.serialize(state.world, { speed: state.speed, paused: state.paused });
  if (!serialized.ok) return fail(`save: ${serialized.error}`);
  const error = await settings.files.write(file, serialized.text);
  if (error !== null) return fail(`save: ${error}`);
  return ok(`saved the session to ${file} (virtual time ${formatVirtualTime(nowOf(context))})`);
}

async function load<World>(context: Context<World>, file: string): Promise<CommandResult> {
  const { state, settings } = context;
  const read = await settings.files.read(file);
  if (!read.ok) return fail(`load: ${read.error}; the session is unchanged`);
  const loaded = settings.driver.load(read.text, file);
  if (!loaded.ok) return fail(`load: ${loaded.error}\nthe session is unchanged`);
  setPaused(context, true);
  state.world = loaded.world;
  if (loaded.clock !== null) state.speed = loaded.clock.speed;
  state.timeline = createTimeline(checkpointOf(settings, loaded.world), state.timeline.checkpointsMax);
  context.publish();
  return ok(
    `loaded ${file}: virtual time ${formatVirtualTime(nowOf(context))}, clock paused (space resumes)`,
  );
}
