/**
 * Every subcommand of `swarmsim`, in the order `--help` lists them. To add one (`run`, `grade`,
 * the default TUI launch), write one file exporting a `CliSubcommand` (context.ts) and add it
 * here: nothing else changes. The default TUI launch registers options and an action on the
 * program itself (name ''); the program enables positional options, so its `--lab` and the
 * `shell --lab` never clash.
 */
import { checkSubcommand } from './check.js';
import type { CliSubcommand } from './context.js';
import { gradeSubcommand } from './grade.js';
import { runSubcommand } from './run.js';
import { shellSubcommand } from './shell.js';
import { tuiSubcommand } from './tui.js';

export const cliSubcommands: readonly CliSubcommand[] = [
  tuiSubcommand,
  shellSubcommand,
  checkSubcommand,
  runSubcommand,
  gradeSubcommand,
];
