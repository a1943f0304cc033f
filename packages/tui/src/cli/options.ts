/**
 * Option parsers shared by subcommands. Each throws commander's `InvalidArgumentError` with a
 * sentence, which the program turns into "error: option … is invalid. <sentence>", a usage line
 * and exit code 2.
 */
import type { UnsafeSwitch } from '@swarmsim/raft';
import { parseUnsafeSwitch, unsafeSwitchNames, unsafeSwitchSummaries } from '@swarmsim/swarm-sim';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CliContext } from './context.js';
import { printLine } from './context.js';
import { seedMax } from './io.js';

/** A whole number in [minimum, maximum], as typed. */
export function wholeNumber(name: string, minimum: number, maximum: number): (value: string) => number {
  return (value) => {
    const number = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
      throw new InvalidArgumentError(`${name} is a whole number from ${minimum} to ${maximum}.`);
    }
    return number;
  };
}

export const parseSeed = wholeNumber('the seed', 0, seedMax);

/** `--unsafe NAME`, repeatable; `list` is kept as a request to list the names. */
function collectUnsafe(value: string, previous: readonly string[]): string[] {
  if (value !== 'list') {
    const parsed = parseUnsafeSwitch(value);
    if (parsed !== value) throw new InvalidArgumentError(`${parsed}.`);
  }
  return [...previous, value];
}

/** The lab's flags, for `shell --lab` and `check`: `--prevote`, `--no-checkquorum`, `--unsafe`. */
export function addLabFlags(command: Command): Command {
  return command
    .option('--prevote', 'run the thesis §9.6 pre-vote phase (SwarmKit: off)')
    .option('--no-checkquorum', 'leaders do not step down without a majority (SwarmKit: on)')
    .addOption(
      new Option('--unsafe <name>', 're-create a classic Raft bug; repeatable; "list" prints the names')
        .argParser(collectUnsafe)
        .default([], 'none'),
    );
}

export interface LabFlagValues {
  readonly prevote?: boolean;
  readonly checkquorum: boolean;
  readonly unsafe: readonly string[];
}

/** When `--unsafe list` was given: prints the names, one a line, and returns true. */
export function listUnsafeIfAsked(context: CliContext, values: LabFlagValues): boolean {
  if (!values.unsafe.includes('list')) return false;
  for (const name of unsafeSwitchNames) printLine(context, name);
  return true;
}

/** The unsafe switches by name, for `--help`. */
export function unsafeHelpText(): string {
  const lines = unsafeSwitchNames.map((name) => `  ${name.padEnd(28)} ${unsafeSwitchSummaries[name]}`);
  return `\nUnsafe switches:\n${lines.join('\n')}\n`;
}

/** The switches named (without `list`), in their canonical order, each once. */
export function unsafeSwitchesOf(values: LabFlagValues): UnsafeSwitch[] {
  return unsafeSwitchNames.filter((name) => values.unsafe.includes(name));
}
