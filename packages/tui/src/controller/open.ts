/**
 * Which world the app opens, from the command line's choices: the Raft lab (`--lab N`), a swarm
 * sandbox (`--preset P`, the default), a scenario played as a demo (`--scenario FILE`) or a lesson
 * (`--lesson FILE`). `prepareSandbox` builds the world (or says why it cannot) before anything
 * touches the terminal, so a bad option is an ordinary error message.
 */

import { readFileSync } from 'node:fs';
import type { UnsafeSwitch } from '@swarmsim/raft';
import { createLabSession, labDriver } from './lab-driver.js';
import { type LaunchOptions, type LaunchProcess, launchSandbox } from './launch.js';
import { createLessonPlay, lessonDriver } from './lesson-driver.js';
import { createScenarioPlay, scenarioDriver } from './scenario-driver.js';
import { createSwarmSession, swarmDriver } from './swarm-driver.js';

export interface OpenOptions {
  /** A Raft lab of this many nodes. */
  readonly lab?: number;
  /** The swarm preset (`empty`, `tutorial`, `3m2w`, `5m5w`). @default 'empty' */
  readonly preset?: string;
  readonly scenario?: string;
  readonly lesson?: string;
  /** The world's seed; a scenario or lesson file's own seed when left out there. */
  readonly seed: number | null;
  /** A seed to use when neither the options nor a file give one. */
  readonly freshSeed: number;
  /** @default 1 for a swarm, 1/10 for the lab (RaftScope-like: heartbeats every half second) */
  readonly speed?: number;
  /** Start with the clock stopped. @default false */
  readonly paused?: boolean;
  readonly preVote?: boolean;
  readonly checkQuorum?: boolean;
  readonly unsafe?: readonly UnsafeSwitch[];
}

/** The lab's default speed: a tenth of real time, so a 50 ms heartbeat shows every half second. */
export const labSpeedDefault = 0.1;

export type PreparedSandbox =
  | {
      readonly ok: true;
      /** Opens the app; resolves to the exit code (0 quit, 1 crash, 2 no terminal). */
      launch(host?: LaunchProcess): Promise<number>;
    }
  | { readonly ok: false; readonly error: string };

function prepared<World>(options: Omit<LaunchOptions<World>, 'process'>): PreparedSandbox {
  return {
    ok: true,
    launch: (host) => launchSandbox(host === undefined ? options : { ...options, process: host }),
  };
}

export function prepareSandbox(options: OpenOptions): PreparedSandbox {
  const chosen = [options.lab, options.scenario, options.lesson].filter((value) => value !== undefined);
  if (chosen.length > 1) return { ok: false, error: 'choose one of --lab, --scenario and --lesson' };
  if (options.preset !== undefined && chosen.length > 0) {
    return {
      ok: false,
      error: '--preset chooses a swarm sandbox; it does not go with --lab, --scenario or --lesson',
    };
  }
  if (options.lab !== undefined) return prepareLab(options, options.lab);
  const labFlags =
    options.preVote === true || options.checkQuorum === false || (options.unsafe?.length ?? 0) > 0;
  if (labFlags)
    return {
      ok: false,
      error: '--prevote, --no-checkquorum and --unsafe set up the Raft lab: use them with --lab',
    };
  if (options.scenario !== undefined) return prepareScenario(options, options.scenario);
  if (options.lesson !== undefined) return prepareLesson(options, options.lesson);
  const created = createSwarmSession(options.seed ?? options.freshSeed, options.preset ?? 'empty');
  if (!created.ok) return created;
  return prepared({
    driver: swarmDriver,
    world: created.session,
    speed: options.speed ?? 1,
    paused: options.paused ?? false,
  });
}

function readText(file: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    return { ok: false, error: `cannot read ${file}: ${reason}` };
  }
}

function prepareScenario(options: OpenOptions, file: string): PreparedSandbox {
  const read = readText(file);
  if (!read.ok) return read;
  const created = createScenarioPlay(read.text, file, options.seed);
  if (!created.ok) return created;
  const lab = created.play.run.target.kind === 'lab';
  return prepared({
    driver: scenarioDriver,
    world: created.play,
    speed: options.speed ?? (lab ? labSpeedDefault : 1),
    paused: options.paused ?? false,
  });
}

function prepareLesson(options: OpenOptions, file: string): PreparedSandbox {
  const read = readText(file);
  if (!read.ok) return read;
  const created = createLessonPlay(read.text, file, options.seed);
  if (!created.ok) return created;
  const lab = created.session.target.kind === 'lab';
  return prepared({
    driver: lessonDriver(created.session.scenario),
    world: created.session,
    speed: options.speed ?? (lab ? labSpeedDefault : 1),
    paused: options.paused ?? false,
  });
}

function prepareLab(options: OpenOptions, nodeCount: number): PreparedSandbox {
  const created = createLabSession({
    seed: options.seed ?? options.freshSeed,
    nodeCount,
    ...(options.preVote === undefined ? {} : { preVote: options.preVote }),
    ...(options.checkQuorum === undefined ? {} : { checkQuorum: options.checkQuorum }),
    ...(options.unsafe === undefined ? {} : { unsafe: [...options.unsafe] }),
  });
  if (!created.ok) return created;
  return prepared({
    driver: labDriver,
    world: created.session,
    speed: options.speed ?? labSpeedDefault,
    paused: options.paused ?? false,
  });
}
