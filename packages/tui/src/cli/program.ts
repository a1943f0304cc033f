/**
 * The `swarmsim` program: commander 14, built fresh for each run so tests can run it in-process
 * with their own standard input and output (`runCli(argv, io)`; nothing here calls
 * `process.exit`).
 *
 * Exit codes: what the subcommand sets (0 by default); 2 for any usage error commander finds
 * (unknown option or command, bad or missing value), printed as "error: …" then a usage line,
 * never a stack trace; 70 when something throws (a bug), printed as one line.
 */
import { Command, CommanderError } from 'commander';
import { type CliContext, exitInternal, exitOk, exitUsage } from './context.js';
import type { CliIo } from './io.js';
import { cliSubcommands } from './registry.js';

export const programVersion = '0.1.0';

/** The program with every registered subcommand; actions report through `context.exitCode`. */
export function createProgram(context: CliContext): Command {
  const io = context.io;
  const program = new Command('swarmsim')
    .description('A terminal sandbox for Docker swarm and Raft: build a cluster, break it, watch it recover.')
    .version(programVersion, '-v, --version')
    .enablePositionalOptions();
  for (const subcommand of cliSubcommands) subcommand.register(program, context);
  // Subcommands built with `new Command` and `addCommand` inherit nothing, so every command in
  // the tree gets the same output, exit handling and usage line here, once all are registered.
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
  };
  const pending: Command[] = [program];
  for (let visited = 0; visited < commandsMax && pending.length > 0; visited++) {
    const command = pending.shift() as Command;
    command.exitOverride().configureOutput(output);
    command.showHelpAfterError(
      `Usage: ${commandPath(command)} ${command.usage()}   (${commandPath(command)} --help)`,
    );
    pending.push(...command.commands);
  }
  return program;
}

/** A bound on the command tree's size. */
const commandsMax = 1000;

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

/** Runs the program on `argv` (without the node and script paths); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context: CliContext = { io, exitCode: exitOk };
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitOk : exitUsage;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`swarmsim: internal error: ${message}\n`);
    return exitInternal;
  }
}
