/**
 * The swarm sandbox in the app (`swarmsim`, `--preset P`): machines running Docker in swarm mode.
 * The world is a `SwarmSession`: the sandbox plus the lines that acted on it, each with its
 * virtual time and the number of events run when it was typed, so a saved session replays exactly
 * from the preset and the seed. Lines go to the same shell as `swarmsim shell` (`runLine`).
 */

import {
  assert,
  createSandbox,
  docker,
  runLine,
  runUntil,
  type Sandbox,
  sandboxCommandSpecs,
  sandboxView,
  step,
  swarmRuntime,
} from '@swarmsim/swarm-sim';
import type { ArgumentKind, CommandSpec } from '../app/complete.js';
import type { CommandResult } from '../app/controller.js';
import { readShellFile } from '../cli/read-text.js';
import type { AdvanceResult, ClockSettings, LoadResult, WorldDriver } from './driver.js';
import {
  checkSessionFile,
  type RecordedInput,
  type RecordedRead,
  replayReader,
  replaySession,
  serializeSessionFile,
} from './session-replay.js';

export interface SwarmSession {
  readonly sandbox: Sandbox;
  readonly inputs: RecordedInput[];
}

/** Trace events the app's sandbox keeps (the events pane shows the newest few hundred). */
export const swarmTraceEventsMax = 4_000;
/** Lines one session records (a student types far fewer). */
export const swarmInputsMax = 100_000;
const sameMillisecondStepsMax = 1_000_000;

export type CreateSwarmSessionResult =
  | { readonly ok: true; readonly session: SwarmSession }
  | { readonly ok: false; readonly error: string };

export function createSwarmSession(seed: number, preset: string): CreateSwarmSessionResult {
  const created = createSandbox({ seed, preset: preset as Sandbox['preset'] });
  if (!created.ok) return created;
  created.value.world.trace.eventsMax = swarmTraceEventsMax;
  return { ok: true, session: { sandbox: created.value, inputs: [] } };
}

function fingerprint(session: SwarmSession): string {
  const { world } = session.sandbox;
  return `${world.nowMs}/${world.stats.steps}/${world.trace.nextId}/${world.sequenceNext}/${session.sandbox.currentMachine}`;
}

function advance(session: SwarmSession, untilMs: number, stepsMax: number): AdvanceResult {
  const world = session.sandbox.world;
  const result = runUntil(world, swarmRuntime, untilMs, { stepsMax });
  if (result.stoppedBy === 'time') return { steps: result.steps, reached: true };
  const rest = runUntil(world, swarmRuntime, world.nowMs, { stepsMax: sameMillisecondStepsMax });
  assert(rest.stoppedBy === 'time', 'one millisecond holds a bounded number of events');
  return { steps: result.steps + rest.steps, reached: false };
}

/**
 * Runs a line in the swarm's shell. Files it reads (`docker stack deploy -c FILE`) come from
 * `readFile` (the disk, or a saved session's record) and are recorded with the line, so a saved
 * session replays what the student's files said then.
 */
function runSwarmLine(
  session: SwarmSession,
  line: string,
  readFile: (path: string) => RecordedRead['result'] = readShellFile,
): CommandResult {
  const before = fingerprint(session);
  const world = session.sandbox.world;
  const atMs = world.nowMs;
  const steps = world.stats.steps;
  const reads: RecordedRead[] = [];
  const recordingReader = (path: string) => {
    const result = readFile(path);
    reads.push({ path, result: structuredClone(result) });
    return result;
  };
  const result = runLine(session.sandbox, line, { readFile: recordingReader });
  if (fingerprint(session) !== before && session.inputs.length < swarmInputsMax) {
    session.inputs.push(reads.length === 0 ? { atMs, steps, line } : { atMs, steps, line, reads });
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

const dockerArgumentKinds: Readonly<Partial<Record<docker.ArgumentKind, ArgumentKind>>> = {
  node: 'machine',
  service: 'service',
};

/** The docker commands and the sandbox's own, as the prompt completes them. */
export const swarmCommandSpecs: readonly CommandSpec[] = [
  ...Object.values(docker.dockerCommands).flatMap((spec): CommandSpec[] => {
    const flags = spec.flags
      .filter((flag) => !flag.hidden)
      .flatMap((flag) => [`--${flag.name}`, ...(flag.shorthand === undefined ? [] : [`-${flag.shorthand}`])]);
    const argument = dockerArgumentKinds[spec.argumentKind] ?? 'none';
    const last = spec.path.at(-1) as string;
    return [spec.path, ...spec.aliases.map((alias) => [...spec.path.slice(0, -1), alias])]
      .filter((path, index) => index === 0 || path.at(-1) !== last)
      .map((path) => ({ words: ['docker', ...path], flags, argument }));
  }),
  ...sandboxCommandSpecs.map((spec): CommandSpec => {
    const kind = spec.args[0]?.kind;
    return {
      words: spec.name.split(' '),
      flags: spec.flags.map((flag) => `--${flag.name}`),
      argument: kind === 'machine' ? 'machine' : kind === 'machineGroups' ? 'machineGroups' : 'none',
    };
  }),
];

export const swarmSessionFormat = 'swarmsim-swarm-session';

/** The shell's own `help` (run on a copy: every line the shell runs is traced). */
export function swarmHelp(sandbox: Sandbox): string {
  return runLine(structuredClone(sandbox), 'help').stdout;
}

export const swarmDriver: WorldDriver<SwarmSession> = {
  nowMs: (session) => session.sandbox.world.nowMs,
  fingerprint,
  advance,
  stepEvent: (session) => step(session.sandbox.world, swarmRuntime),
  runLine: (session, line) => runSwarmLine(session, line),
  view: (session, clock) => sandboxView(session.sandbox, clock),
  completion: (session) => {
    const view = sandboxView(session.sandbox, { eventsMax: 0 });
    return {
      commands: swarmCommandSpecs,
      machines: view.machines.map((machine) => machine.name),
      services: view.services.map((service) => service.name),
    };
  },
  help: (session) => swarmHelp(session.sandbox),
  snapshot: (session) => structuredClone(session),
  serialize: (session, clock: ClockSettings) => ({
    ok: true,
    text: serializeSessionFile({
      format: swarmSessionFormat,
      setup: { seed: session.sandbox.seed, preset: session.sandbox.preset },
      inputs: session.inputs,
      world: session.sandbox.world,
      clock,
    }),
  }),
  load: loadSwarmSession,
};

function loadSwarmSession(text: string, fileName: string): LoadResult<SwarmSession> {
  const file = checkSessionFile(text, fileName, swarmSessionFormat, (setup) => {
    if (typeof setup.seed !== 'number' || typeof setup.preset !== 'string')
      return 'setup needs a seed and a preset';
    return null;
  });
  if (!file.ok) return file;
  const created = createSwarmSession(file.setup.seed as number, file.setup.preset as string);
  if (!created.ok) return { ok: false, error: `${fileName}: ${created.error}` };
  const session = created.session;
  const replayed = replaySession(file, {
    world: () => session.sandbox.world,
    step: () => step(session.sandbox.world, swarmRuntime),
    runUntil: (atMs) => runUntil(session.sandbox.world, swarmRuntime, atMs, { stepsMax: 0 }),
    runLine: (input) => runSwarmLine(session, input.line, replayReader(input.reads)),
  });
  if (replayed !== null) return { ok: false, error: `${fileName}: ${replayed}` };
  return { ok: true, world: session, clock: { speed: file.clock.speed, paused: true } };
}
