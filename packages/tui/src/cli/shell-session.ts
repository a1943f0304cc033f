/**
 * The shell's read-answer loop, whatever runs behind it: a Raft lab (`--lab N`, shell-lab.ts)
 * or a swarm sandbox (`--preset P`, shell-swarm.ts). A backend answers one line at a time.
 *
 * Text mode prints the banner (SEED=… first), then each answer's stdout and stderr; a prompt is
 * shown when a person is typing. `--json` prints one JSON object a line per command:
 * {"atMs","node","command","exitCode","stdout","stderr"}. Comments and blank lines get no answer.
 */
import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';

/** One answered line, the shape of `swarmsim shell --json` records. */
export interface SessionLineResult {
  readonly atMs: number;
  readonly node: string | null;
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ShellSession {
  /** Printed first in text mode: `SEED=…`, then the options derived from it. */
  readonly banner: readonly string[];
  /** The prompt to show now (the swarm's names the machine the shell is logged in to). */
  prompt(): string;
  /** Answers one line; null for a comment or a blank line. Never throws on bad input. */
  runLine(line: string): SessionLineResult | null;
  /** The run's trace as JSON Lines, for `--trace FILE`. */
  traceJsonLines(): string;
}

export interface SessionOptions {
  readonly json: boolean;
  readonly traceFile: string | null;
}

/** An exit code of a line that means "a safety checker found a violation". */
export const lineExitViolation = 3;
/** Lines read in one session, at most (a bound, not a goal: a day of typing). */
export const sessionLinesMax = 1_000_000;

/**
 * Reads standard input to its end, answering each line. Returns the process exit code: 0, or 3
 * when some line reported a violation (a replayed counterexample fails visibly), or 1 when the
 * trace could not be written.
 */
export async function runShellSession(
  session: ShellSession,
  io: CliIo,
  options: SessionOptions,
): Promise<number> {
  if (!options.json) for (const line of session.banner) io.stdout.write(`${line}\n`);
  const reader = createInterface({
    input: io.stdin,
    crlfDelay: Number.POSITIVE_INFINITY,
    ...(io.interactive ? { output: io.stdout, terminal: true } : { terminal: false }),
  });
  const prompt = () => {
    if (!io.interactive) return;
    reader.setPrompt(session.prompt());
    reader.prompt();
  };
  // Ctrl-C at the prompt ends the session as Ctrl-D does (the trace is still written).
  reader.on('SIGINT', () => reader.close());
  prompt();
  let sawViolation = false;
  let count = 0;
  for await (const line of reader) {
    if (++count > sessionLinesMax) {
      io.stderr.write(`shell: stopped after ${sessionLinesMax} lines\n`);
      break;
    }
    const result = session.runLine(line);
    if (result !== null) {
      if (result.exitCode === lineExitViolation) sawViolation = true;
      writeResult(io, result, options.json);
    }
    prompt();
  }
  reader.close();
  if (options.traceFile !== null) {
    const error = io.writeFile(options.traceFile, session.traceJsonLines());
    if (error !== null) {
      io.stderr.write(`shell: cannot write the trace to ${options.traceFile}: ${error}\n`);
      return 1;
    }
  }
  return sawViolation ? lineExitViolation : 0;
}

function writeResult(io: CliIo, result: SessionLineResult, json: boolean): void {
  if (json) {
    const record = {
      atMs: result.atMs,
      node: result.node,
      command: result.command,
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
    };
    io.stdout.write(`${JSON.stringify(record)}\n`);
    return;
  }
  if (result.stdout !== '') io.stdout.write(result.stdout);
  if (result.stderr !== '') io.stderr.write(`error: ${result.stderr}`);
}
