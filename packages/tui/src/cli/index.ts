/**
 * The `swarmsim` command line: `runCli(argv, io)` runs it in-process; `nodeCliIo()` is the real
 * process's input and output. Subcommands are registered in registry.ts, one file each.
 */
export {
  type CliContext,
  type CliSubcommand,
  exitFailure,
  exitInternal,
  exitOk,
  exitUsage,
} from './context.js';
export { type CliIo, nodeCliIo, seedMax } from './io.js';
export { createProgram, programVersion, runCli } from './program.js';
export { cliSubcommands } from './registry.js';
export { type ShellBackend, type ShellValues, shellBackends } from './shell.js';
export { runShellSession, type SessionLineResult, type ShellSession } from './shell-session.js';
