/**
 * How a docker command talks to the engine: one `call` per Engine API request, each taking the
 * virtual time the swarm model says it takes, answered with a value or Docker's error. A command
 * makes the same requests, in the same order, as docker/cli does (promote inspects the node,
 * then updates it), so a failure halfway prints what docker prints halfway.
 */

import type { DockerCommandKey } from '../docker/grammar/commands.js';
import type { ParsedCommandOf } from '../docker/grammar/parse.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import type { SwarmRequest, SwarmResponse } from '../swarm/types.js';
import type { CommandOutput } from './types.js';

export interface DockerContext {
  /** Sends one request to the logged-in machine's engine and runs the world until it answers. */
  call(request: SwarmRequest): SwarmResponse;
  /** What docker does beside Engine API requests (see `DockerHost`); absent: requests only. */
  readonly host?: DockerHost;
}

/** A file read from the user's disk: its text, or why not (`no such file or directory`). */
export type FileReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/**
 * The shell's side of a docker command: the sandbox and the logged-in machine (`docker ps` asks
 * its engine directly; the progress display waits between polls), the user's files (`stack
 * deploy -c FILE`; swarm-sim does no I/O, so the caller of `runLine` supplies the reader), and
 * the terminal width when the output goes to a terminal (null: not a terminal, as in goldens).
 */
export interface DockerHost {
  readonly sandbox: Sandbox;
  readonly machine: string;
  readonly readFile?: (path: string) => FileReadResult;
  readonly terminalWidthColumns?: number | null;
}

/** Runs one parsed docker command. */
export type DockerHandler<K extends DockerCommandKey> = (
  context: DockerContext,
  command: ParsedCommandOf<K>,
) => CommandOutput;

/** How docker/cli prints a failed request: daemon errors get `Error response from daemon: `. */
export function responseErrorText(response: Extract<SwarmResponse, { ok: false }>): string {
  return response.fromDaemon ? `Error response from daemon: ${response.error}` : response.error;
}

/** A command that printed `stdout` and then failed: docker/cli returns the error from RunE, exit 1. */
export function failAfter(stdout: string, message: string, exitCode = 1): CommandOutput {
  return { stdout, stderr: message.endsWith('\n') ? message : `${message}\n`, exitCode };
}

/** A command that printed `stdout` and then got an error response. */
export function failAfterResponse(
  stdout: string,
  response: Extract<SwarmResponse, { ok: false }>,
): CommandOutput {
  return failAfter(stdout, responseErrorText(response));
}

/** Narrows a response's value to what the caller knows the method returns. */
export function responseValue<T>(response: Extract<SwarmResponse, { ok: true }>): T {
  return response.value as T;
}
