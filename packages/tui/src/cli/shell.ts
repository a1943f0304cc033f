/**
 * `swarmsim shell`: read commands line by line, answer each. What answers is a backend, chosen
 * by its flag: `--lab N` (shell-lab.ts) or `--preset P` (shell-swarm.ts). Another backend is one
 * file exporting a `ShellBackend`, added to `shellBackends` below.
 */
import { Command } from 'commander';
import type { CliContext, CliSubcommand } from './context.js';
import { exitUsage, printError } from './context.js';
import { type LabFlagValues, listUnsafeIfAsked, parseSeed, unsafeHelpText } from './options.js';
import { labShellBackend } from './shell-lab.js';
import { runShellSession, type ShellSession } from './shell-session.js';
import { swarmShellBackend } from './shell-swarm.js';

/** The options every shell has. */
export interface ShellValues {
  readonly seed?: number;
  readonly json?: boolean;
  readonly trace?: string;
}

export interface ShellBackend {
  /** Its selecting flag as shown in messages, e.g. `--lab <nodes>`. */
  readonly flag: string;
  /** Adds its options (the selecting flag first) to the `shell` command. */
  addOptions(command: Command): void;
  /** True when the parsed options select this backend. */
  chosen(values: ShellValues): boolean;
  /** The session, or an error sentence (exit 2). */
  create(values: ShellValues, seed: number, context: CliContext): ShellSession | string;
}

export const shellBackends: readonly ShellBackend[] = [labShellBackend, swarmShellBackend];

export const shellSubcommand: CliSubcommand = {
  name: 'shell',
  register(program, context) {
    const command = new Command('shell')
      .description('Read commands line by line from standard input and answer each')
      .option('--seed <seed>', 'the run seed (default: a fresh one, printed first)', parseSeed)
      .option('--json', 'answer each command with one JSON line')
      .option('--trace <file>', 'write the JSON Lines trace to FILE at the end');
    for (const backend of shellBackends) backend.addOptions(command);
    command.addHelpText('after', unsafeHelpText());
    command.action(async (values: ShellValues & LabFlagValues) => {
      context.exitCode = await runShell(values, context);
    });
    program.addCommand(command);
  },
};

async function runShell(values: ShellValues & LabFlagValues, context: CliContext): Promise<number> {
  if (listUnsafeIfAsked(context, values)) return 0;
  const chosen = shellBackends.filter((backend) => backend.chosen(values));
  const choices = shellBackends.map((backend) => backend.flag).join(' or ');
  if (chosen.length !== 1) {
    printError(context, `error: shell needs ${chosen.length === 0 ? '' : 'exactly one of '}${choices}`);
    printError(context, `Usage: swarmsim shell (${choices}) [options]   (swarmsim shell --help)`);
    return exitUsage;
  }
  const backend = chosen[0] as ShellBackend;
  const seed = values.seed ?? context.io.randomSeed();
  const session = backend.create(values, seed, context);
  if (typeof session === 'string') {
    printError(context, `error: ${session}`);
    return exitUsage;
  }
  return runShellSession(session, context.io, {
    json: values.json === true,
    traceFile: values.trace ?? null,
  });
}
