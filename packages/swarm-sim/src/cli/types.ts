/**
 * The shapes the sandbox shell works in: what a command prints and how it exits, and the JSON
 * line `swarmsim shell --json` writes for every line typed.
 */

/** What one command prints and how it exits, as a terminal would show it. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 on success; Docker's 1 for daemon errors, 125 for flag errors; 2 for sandbox usage errors. */
  readonly exitCode: number;
}

/** One line run in the shell: the record `swarmsim shell --json` prints, one JSON object a line. */
export interface LineResult extends CommandOutput {
  /** Virtual time when the line was entered, in integer milliseconds since the world began. */
  readonly atMs: number;
  /** The machine whose shell ran the line (before `use`, the one logged in to), or null if none. */
  readonly node: string | null;
  /** The line as typed. */
  readonly command: string;
}

export const success: CommandOutput = { stdout: '', stderr: '', exitCode: 0 };

export function printed(stdout: string): CommandOutput {
  return { stdout, stderr: '', exitCode: 0 };
}

/** A failure: `stderr` gets a trailing newline if it lacks one. */
export function failed(stderr: string, exitCode = 1): CommandOutput {
  return { stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, exitCode };
}

/** Joins outputs of commands that ran one after the other; the last exit code wins unless non-zero earlier. */
export function concatOutputs(outputs: readonly CommandOutput[]): CommandOutput {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const output of outputs) {
    stdout += output.stdout;
    stderr += output.stderr;
    if (output.exitCode !== 0) exitCode = output.exitCode;
  }
  return { stdout, stderr, exitCode };
}
