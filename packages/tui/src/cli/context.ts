/**
 * The registry's contract. A subcommand is one file exporting a `CliSubcommand`; `registry.ts`
 * lists them. `register` adds the subcommand to the program (or, for the default TUI launch,
 * options and an action on the program itself) and reports its exit code through `context`.
 */
import type { Command } from 'commander';
import type { CliIo } from './io.js';

export interface CliContext {
  readonly io: CliIo;
  /** What the process exits with; the action sets it. 0 unless set. */
  exitCode: number;
}

export interface CliSubcommand {
  /** The subcommand's name, or '' for options and an action on the program itself. */
  readonly name: string;
  register(program: Command, context: CliContext): void;
}

/** Exit codes shared by every subcommand. */
export const exitOk = 0;
/** A run found what it looked for (`check`: a violation). */
export const exitFailure = 1;
/** Bad usage: unknown option, bad value, missing argument. */
export const exitUsage = 2;
/** A bug: something threw. The message is printed; no stack trace. */
export const exitInternal = 70;

/** Prints to standard output, adding the newline. */
export function printLine(context: CliContext, text: string): void {
  context.io.stdout.write(`${text}\n`);
}

/** Prints to standard error, adding the newline. */
export function printError(context: CliContext, text: string): void {
  context.io.stderr.write(`${text}\n`);
}
