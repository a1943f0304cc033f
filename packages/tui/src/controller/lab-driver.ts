/**
 * The Raft lab in the app (`swarmsim --lab N`): a bare Raft cluster n1…nN, RaftScope-style. The
 * world is a `LabSession`: the lab plus the lines that acted on it, each with the virtual time and
 * the number of events run when it was typed, so a saved session replays exactly (the kernel is
 * deterministic: same seed, same inputs at the same points, same run).
 *
 * The keys' commands use the sandbox's words; the lab has its own for two of them, so `kill` is
 * the lab's `crash` and `unpause` its `resume` (and `wait` its `run`).
 */

import {
  assert,
  createLab,
  type Lab,
  type LabOptions,
  labCommand,
  labCommandHelp,
  labRuntime,
  labSandboxView,
  runUntil,
  step,
  validateLabOptions,
} from '@swarmsim/swarm-sim';
import type { CommandSpec, CompletionCandidates } from '../app/complete.js';
import type { CommandResult } from '../app/controller.js';
import type { AdvanceResult, ClockSettings, LoadResult, SaveResult, WorldDriver } from './driver.js';
import {
  checkSessionFile,
  type RecordedInput,
  replaySession,
  serializeSessionFile,
} from './session-replay.js';

export interface LabSession {
  readonly lab: Lab;
  /** Every line that acted on the lab, at its point (session-replay.ts). */
  readonly inputs: RecordedInput[];
}

/**
 * Trace events the app's lab keeps. The events pane shows the newest 200; a short trace keeps
 * snapshots small (a few hundred kilobytes), so a hundred of them fit in memory.
 */
export const labTraceEventsMax = 4_000;
/** Lines one lab session records (a student types far fewer). */
export const labInputsMax = 100_000;
/** Events run in the same millisecond after a slice was cut short (to finish that millisecond). */
const sameMillisecondStepsMax = 1_000_000;

export type CreateLabSessionResult =
  | { readonly ok: true; readonly session: LabSession }
  | { readonly ok: false; readonly error: string };

export function createLabSession(options: Partial<LabOptions>): CreateLabSessionResult {
  const created = createLab(options);
  if (!created.ok) return created;
  created.lab.world.trace.eventsMax = labTraceEventsMax;
  return { ok: true, session: { lab: created.lab, inputs: [] } };
}

/** The lab's words for the sandbox's: what the keys type, and `wait` for `run`. */
const aliases: Readonly<Record<string, string>> = { kill: 'crash', unpause: 'resume', wait: 'run' };

/** A line in the lab's words: the keys' `kill`, `unpause` and the shell's `wait` become the lab's. */
export function labLine(line: string): string {
  const trimmed = line.trim();
  const verb = /^\S+/.exec(trimmed)?.[0] ?? '';
  const alias = aliases[verb];
  return alias === undefined ? trimmed : `${alias}${trimmed.slice(verb.length)}`;
}

function fingerprint(session: LabSession): string {
  const world = session.lab.world;
  return `${world.nowMs}/${world.stats.steps}/${world.trace.nextId}/${world.sequenceNext}`;
}

/** Runs events due by `untilMs` (at most `stepsMax`); when cut short, finishes the millisecond. */
function advance(session: LabSession, untilMs: number, stepsMax: number): AdvanceResult {
  const world = session.lab.world;
  const result = runUntil(world, labRuntime, untilMs, { stepsMax });
  if (result.stoppedBy === 'time') return { steps: result.steps, reached: true };
  const rest = runUntil(world, labRuntime, world.nowMs, { stepsMax: sameMillisecondStepsMax });
  assert(rest.stoppedBy === 'time', 'one millisecond holds a bounded number of events');
  return { steps: result.steps + rest.steps, reached: false };
}

function runLine(session: LabSession, line: string): CommandResult {
  const before = fingerprint(session);
  const world = session.lab.world;
  const atMs = world.nowMs;
  const steps = world.stats.steps;
  const result = labCommand(session.lab, labLine(line));
  if (fingerprint(session) !== before && session.inputs.length < labInputsMax) {
    session.inputs.push({ atMs, steps, line: line.trim() });
  }
  const text = result.text.endsWith('\n') || result.text === '' ? result.text : `${result.text}\n`;
  return result.ok ? { stdout: text, stderr: '', exitCode: 0 } : { stdout: '', stderr: text, exitCode: 1 };
}

const machineVerbs = [
  'timeout',
  'crash',
  'kill',
  'restart',
  'pause',
  'resume',
  'unpause',
  'disconnect',
  'reconnect',
];

const labCommandSpecs: readonly CommandSpec[] = [
  { words: ['propose'], flags: [], argument: 'machine' },
  ...machineVerbs.map((word): CommandSpec => ({ words: [word], flags: [], argument: 'machine' })),
  { words: ['partition'], flags: [], argument: 'machineGroups' },
  { words: ['cut'], flags: [], argument: 'machine' },
  { words: ['uncut'], flags: [], argument: 'machine' },
  ...['heal', 'drop', 'duplicate', 'reorder', 'delay', 'run', 'wait', 'inspect'].map(
    (word): CommandSpec => ({ words: [word], flags: [], argument: 'none' }),
  ),
];

/** What the prompt completes in a lab: its commands and its node names. */
export function labCompletion(lab: Lab): CompletionCandidates {
  return { commands: labCommandSpecs, machines: lab.world.hosts.map((host) => host.id), services: [] };
}

export const labHelp = [
  'Raft lab commands:',
  ...labCommandHelp.split('\n').map((line) => `  ${line}`),
  '  kill NODE = crash NODE, unpause NODE = resume NODE, wait DURATION = run DURATION',
  '',
].join('\n');

export const labDriver: WorldDriver<LabSession> = {
  nowMs: (session) => session.lab.world.nowMs,
  fingerprint,
  advance,
  stepEvent: (session) => step(session.lab.world, labRuntime),
  runLine,
  view: (session, clock) => labSandboxView(session.lab, clock),
  completion: (session) => labCompletion(session.lab),
  help: () => labHelp,
  snapshot: (session) => structuredClone(session),
  serialize: serializeLabSession,
  load: loadLabSession,
};

// ——— Session files ———

export const labSessionFormat = 'swarmsim-lab-session';

export function serializeLabSession(session: LabSession, clock: ClockSettings): SaveResult {
  const text = serializeSessionFile({
    format: labSessionFormat,
    setup: session.lab.options,
    inputs: session.inputs,
    world: session.lab.world,
    clock,
  });
  return { ok: true, text };
}

/** Reads a lab session file and replays it; any problem is a sentence, never an exception. */
export function loadLabSession(text: string, fileName: string): LoadResult<LabSession> {
  const file = checkSessionFile(text, fileName, labSessionFormat, checkOptions);
  if (!file.ok) return file;
  const created = createLabSession(file.setup as unknown as LabOptions);
  if (!created.ok) return { ok: false, error: `${fileName}: setup: ${created.error}` };
  const session = created.session;
  const world = session.lab.world;
  const replayed = replaySession(file, {
    world: () => world,
    step: () => step(world, labRuntime),
    runUntil: (atMs) => runUntil(world, labRuntime, atMs, { stepsMax: 0 }),
    runLine: (input) => runLine(session, input.line),
  });
  if (replayed !== null) return { ok: false, error: `${fileName}: ${replayed}` };
  return { ok: true, world: session, clock: { speed: file.clock.speed, paused: true } };
}

const optionTypes: Readonly<Record<keyof LabOptions, 'number' | 'boolean' | 'list' | 'string'>> = {
  seed: 'number',
  nodeCount: 'number',
  tickIntervalMs: 'number',
  electionTimeoutTicks: 'number',
  heartbeatIntervalTicks: 'number',
  entriesPerMessageMax: 'number',
  latencyMinMs: 'number',
  latencyMaxMs: 'number',
  preVote: 'boolean',
  checkQuorum: 'boolean',
  unsafe: 'list',
  traceLevel: 'string',
};

/** The lab's options as a file holds them: every one present, of its type, and valid together. */
function checkOptions(options: Readonly<Record<string, unknown>>): string | null {
  for (const [key, type] of Object.entries(optionTypes)) {
    const value = options[key];
    const fits =
      type === 'list'
        ? Array.isArray(value) && value.every((item) => typeof item === 'string')
        : typeof value === type;
    if (!fits) return `${key} must be ${type === 'list' ? 'a list of names' : `a ${type}`}`;
  }
  const unknown = Object.keys(options).find((key) => !(key in optionTypes));
  if (unknown !== undefined) return `unknown option "${unknown}"`;
  if (!['full', 'reduced', 'off'].includes(options.traceLevel as string))
    return 'traceLevel must be full, reduced or off';
  return validateLabOptions(options as unknown as LabOptions);
}
