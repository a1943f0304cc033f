/**
 * The sandbox shell: a line of text → a docker or sandbox command → what Docker (or the
 * sandbox) prints and its exit code. `runLine` is what `swarmsim shell` calls for every line and
 * what `swarmsim shell --json` prints one JSON object of; it never throws on bad input: every
 * mistake comes back as text on stderr and a non-zero exit code.
 *
 *   - while a command waits for input (`docker swarm unlock` asked for the key), the line is
 *     that input, not a command;
 *   - an empty line, or one starting with `#`, does nothing (exit 0);
 *   - `docker …` runs on the machine the shell is logged in to (`use NAME` switches);
 *   - anything else is a sandbox command (`kill`, `partition`, `wait`, … see sandbox-commands.ts);
 *   - an unknown word is `WORD: command not found`, exit 127, as a shell says it.
 */
import { tokenizeCommandLine } from '../docker/grammar/parse.js';
import { executeRequest } from '../swarm/requests.js';
import { recordCommand } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { runDockerArgv } from './docker-commands.js';
import type { DockerContext, DockerHost } from './docker-context.js';
import { answerPendingInput } from './docker-swarm.js';
import { sandboxCommands } from './sandbox-handlers.js';
import './services/index.js';
import { dispatchShell, unknownCommand } from './shell-table.js';
import { type CommandOutput, failed, type LineResult, success } from './types.js';

/** Longer lines are refused: nothing a student types needs more. */
export const lineLengthMax = 10_000;

/**
 * The first C0 control character other than tab, or DEL, in the line: echoing such characters
 * back would garble the terminal. -1 when there is none.
 */
function controlCharacterIndex(line: string): number {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return index;
  }
  return -1;
}

/** What the caller of `runLine` lends the shell: the user's files and the terminal (both optional). */
export type ShellIo = Pick<DockerHost, 'readFile' | 'terminalWidthColumns'>;

/** The engine of `machine`, as docker talks to it: each call takes the virtual time it takes. */
export function dockerContextOn(sandbox: Sandbox, machine: string, io: ShellIo = {}): DockerContext {
  return { call: (request) => executeRequest(sandbox, machine, request), host: { ...io, sandbox, machine } };
}

/** Runs the words of a `docker …` line on the logged-in machine. */
function runDocker(sandbox: Sandbox, words: readonly string[], io: ShellIo): CommandOutput {
  const machine = sandbox.currentMachine;
  if (machine === null) {
    return failed("docker: the shell is not logged in to any machine: add one with 'machine add NAME'");
  }
  return runDockerArgv(dockerContextOn(sandbox, machine, io), words.slice(1));
}

/** Everything `runLine` does except stamping the result. */
export function executeLine(sandbox: Sandbox, line: string, io: ShellIo = {}): CommandOutput {
  if (line.length > lineLengthMax)
    return failed(`swarmsim: line too long (${line.length} characters, at most ${lineLengthMax})`, 2);
  const control = controlCharacterIndex(line);
  if (control >= 0) {
    const codePoint = line.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    return failed(`swarmsim: the line contains a control character (U+${codePoint}); type plain text`, 2);
  }
  // A command waits for input (`docker swarm unlock` reads the key): this line is that input.
  if ((sandbox.pendingInput ?? null) !== null) return answerPendingInput(sandbox, line);
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return success;
  const tokens = tokenizeCommandLine(line);
  if (!tokens.ok) return { stdout: '', stderr: tokens.error.stderr, exitCode: tokens.error.exitCode };
  const words = tokens.words;
  if (words.length === 0) return success;
  recordCommand(sandbox, trimmed);
  if (words[0] === 'docker') return runDocker(sandbox, words, io);
  const output = dispatchShell(sandboxCommands, { sandbox }, words);
  return output ?? unknownCommand(words[0] as string);
}

/**
 * Runs one line in the shell of the machine the sandbox is logged in to. `atMs` is the virtual
 * time the line was entered; `node` the machine whose shell ran it (before any `use`).
 */
export function runLine(sandbox: Sandbox, line: string, io: ShellIo = {}): LineResult {
  const atMs = sandbox.world.nowMs;
  const node = sandbox.currentMachine;
  const output = executeLine(sandbox, line, io);
  return {
    atMs,
    node,
    command: line,
    stdout: output.stdout,
    stderr: output.stderr,
    exitCode: output.exitCode,
  };
}

/** The `swarmsim shell --json` line for a result. */
export function lineResultJson(result: LineResult): string {
  return JSON.stringify(result);
}
