/**
 * Session files for the free sandboxes (the lab, the swarm): what the world was built from (its
 * `setup`: seed, preset or lab options), every line that acted on it, and where the clock stood.
 * The simulation is deterministic, so that is the whole session: `load` rebuilds the world from
 * the setup and replays each line at its point.
 *
 * A line's point is its virtual time AND the number of queue events run before it (`steps`):
 * `clock step` can stop the world between two events of the same millisecond, and a line typed
 * there must replay there. Replay runs events one at a time up to `steps`, then lets the clock
 * reach `atMs` with no event due (anything else means the file does not describe this world).
 *
 *     {
 *       "format": "swarmsim-lab-session",
 *       "version": 1,
 *       "setup": { "seed": 7, "nodeCount": 5, … },
 *       "inputs": [
 *         {"atMs": 2031, "steps": 1842, "line": "kill n5"}
 *       ],
 *       "endMs": 4120,
 *       "endSteps": 3317,
 *       "clock": { "speed": 0.1 }
 *     }
 */

/** What reading a file gave a line (`docker stack deploy -c FILE`): replay serves it again. */
export interface RecordedRead {
  readonly path: string;
  readonly result:
    | { readonly ok: true; readonly text: string }
    | { readonly ok: false; readonly error: string };
}

/** One line that acted on the world: when (virtual time, events run so far), what, and the files it read. */
export interface RecordedInput {
  readonly atMs: number;
  readonly steps: number;
  readonly line: string;
  readonly reads?: readonly RecordedRead[];
}

export const sessionFileVersion = 1;
/** Lines a session file may hold. */
export const sessionInputsMax = 100_000;
/** Events a replay may run (far more than a day of a large swarm). */
export const replayStepsMax = 200_000_000;

export interface SessionFileContent {
  readonly format: string;
  readonly setup: Readonly<Record<string, unknown>>;
  readonly inputs: readonly RecordedInput[];
  readonly endMs: number;
  readonly endSteps: number;
  readonly clock: { readonly speed: number };
}

/** The world's counters a replay follows. */
interface WorldPosition {
  readonly nowMs: number;
  readonly stats: { readonly steps: number };
}

export function serializeSessionFile(content: {
  readonly format: string;
  readonly setup: unknown;
  readonly inputs: readonly RecordedInput[];
  readonly world: WorldPosition;
  readonly clock: { readonly speed: number };
}): string {
  const inputs = content.inputs.map((input) => `    ${JSON.stringify(input)}`).join(',\n');
  return [
    '{',
    `  "format": ${JSON.stringify(content.format)},`,
    `  "version": ${sessionFileVersion},`,
    `  "setup": ${JSON.stringify(content.setup)},`,
    content.inputs.length === 0 ? '  "inputs": [],' : `  "inputs": [\n${inputs}\n  ],`,
    `  "endMs": ${content.world.nowMs},`,
    `  "endSteps": ${content.world.stats.steps},`,
    `  "clock": ${JSON.stringify({ speed: content.clock.speed })}`,
    '}',
    '',
  ].join('\n');
}

type Checked = ({ readonly ok: true } & SessionFileContent) | { readonly ok: false; readonly error: string };

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Reads a session file's text and checks its shape; `checkSetup` judges the setup (an error
 * sentence or null). Never throws: every problem is a sentence naming the file.
 */
export function checkSessionFile(
  text: string,
  fileName: string,
  format: string,
  checkSetup: (setup: Readonly<Record<string, unknown>>) => string | null,
): Checked {
  const refuse = (error: string): Checked => ({ ok: false, error: `${fileName}: ${error}` });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(`not valid JSON (${(error as Error).message})`);
  }
  const file = record(data);
  if (file === null || file.format !== format) {
    const seen = typeof file?.format === 'string' ? `a "${file.format}" file` : 'not a swarmsim session';
    return refuse(`${seen}; this session needs "format": "${format}"`);
  }
  if (file.version !== sessionFileVersion) {
    return refuse(
      `this swarmsim reads version ${sessionFileVersion}, the file has ${JSON.stringify(file.version ?? null)}`,
    );
  }
  const setup = record(file.setup);
  if (setup === null) return refuse('setup must be an object');
  const setupError = checkSetup(setup);
  if (setupError !== null) return refuse(`setup: ${setupError}`);
  const inputsError = checkInputs(file.inputs);
  if (inputsError !== null) return refuse(inputsError);
  const speed = record(file.clock)?.speed;
  if (typeof speed !== 'number' || !(speed >= 0.01 && speed <= 1000)) {
    return refuse('clock.speed must be a number from 0.01 to 1000');
  }
  if (!isCount(file.endMs) || !isCount(file.endSteps))
    return refuse('endMs and endSteps must be whole numbers');
  if (file.endSteps > replayStepsMax) return refuse(`endSteps is more than ${replayStepsMax} events`);
  const inputs = file.inputs as RecordedInput[];
  return { ok: true, format, setup, inputs, endMs: file.endMs, endSteps: file.endSteps, clock: { speed } };
}

function checkInputs(inputs: unknown): string | null {
  if (!Array.isArray(inputs) || inputs.length > sessionInputsMax) {
    return `inputs must be a list of at most ${sessionInputsMax} lines`;
  }
  for (const [index, input] of inputs.entries()) {
    const entry = record(input);
    if (entry === null || !isCount(entry.atMs) || !isCount(entry.steps) || typeof entry.line !== 'string') {
      return `inputs[${index}] must be {"atMs": N, "steps": N, "line": "..."}`;
    }
    if (entry.reads !== undefined && !validReads(entry.reads)) {
      return `inputs[${index}].reads must be a list of {"path": "...", "result": {"ok": true, "text": "..."} or {"ok": false, "error": "..."}}`;
    }
  }
  return null;
}

function validReads(reads: unknown): boolean {
  if (!Array.isArray(reads)) return false;
  return reads.every((read) => {
    const entry = record(read);
    const result = record(entry?.result);
    if (entry === null || typeof entry.path !== 'string' || result === null) return false;
    return result.ok === true
      ? typeof result.text === 'string'
      : result.ok === false && typeof result.error === 'string';
  });
}

/** A file reader that gives back, in order, what the recorded line read. */
export function replayReader(reads: readonly RecordedRead[] = []): (path: string) => RecordedRead['result'] {
  const served = new Set<number>();
  return (path) => {
    const index = reads.findIndex((read, position) => read.path === path && !served.has(position));
    if (index < 0) return { ok: false, error: 'the saved session holds no read of this file' };
    served.add(index);
    return (reads[index] as RecordedRead).result;
  };
}

/** How a replay moves the rebuilt world. */
export interface ReplayHooks {
  world(): WorldPosition;
  /** Runs the next queued event; false when none is queued. */
  step(): boolean;
  /** Lets the clock reach `atMs` running no event (an event due by then makes it stop short). */
  runUntil(atMs: number): void;
  runLine(input: RecordedInput): unknown;
}

/** Runs the world to exactly `steps` events, then to `atMs`; null when it could, else why not. */
function replayTo(hooks: ReplayHooks, atMs: number, steps: number): string | null {
  for (let guard = 0; hooks.world().stats.steps < steps && guard <= replayStepsMax; guard++) {
    if (!hooks.step()) return `the run ended after ${hooks.world().stats.steps} events, before ${steps}`;
  }
  if (hooks.world().stats.steps !== steps || hooks.world().nowMs > atMs) {
    return `event ${steps} comes at ${hooks.world().nowMs}ms, not by ${atMs}ms: the file does not replay`;
  }
  if (hooks.world().nowMs < atMs) hooks.runUntil(atMs);
  if (hooks.world().stats.steps !== steps || hooks.world().nowMs !== atMs) {
    return `the file says nothing happened until ${atMs}ms, but events were due: the file does not replay`;
  }
  return null;
}

/** Replays every line at its point, then runs to the end; null when the file replayed. */
export function replaySession(file: SessionFileContent, hooks: ReplayHooks): string | null {
  for (const [index, input] of file.inputs.entries()) {
    const problem = replayTo(hooks, input.atMs, input.steps);
    if (problem !== null) return `inputs[${index}]: ${problem}`;
    hooks.runLine(input);
  }
  return replayTo(hooks, file.endMs, file.endSteps);
}
