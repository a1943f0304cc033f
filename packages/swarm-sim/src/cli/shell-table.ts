/**
 * The dispatcher shape every sandbox shell shares: a command table as DATA (name, usage,
 * description, arguments, flags, examples) that the TUI reads for tab completion and help, and a
 * generic dispatch that turns words into a parsed command or a usage error, then runs the
 * command's handler on a context. The swarm shell (sandbox commands) and the Raft lab shell
 * (`swarmsim shell --lab`) are two tables over two contexts.
 *
 * Usage errors read like Docker's (`cli/required.go`), exit 2 as a shell builtin's do:
 *
 *     kill: 'kill' requires exactly 1 argument
 *
 *     Usage:  kill MACHINE
 *
 *     Run 'help kill' for more information
 */
import { type CommandOutput, failed } from './types.js';

/** What an argument names, for tab completion and for the checks a handler makes. */
export type ShellValueKind =
  /** An existing machine's name. */
  | 'machine'
  /** A name for a new machine (a hostname). */
  | 'newMachine'
  /** Machine names separated by commas, groups separated by `|`. */
  | 'machineGroups'
  /** A Go-style duration: `500ms`, `20s`, `1m30s`. */
  | 'duration'
  /** A probability: `30%` or `0.3`. */
  | 'probability'
  /** A latency range `MIN-MAX`, durations or whole milliseconds: `10ms-200ms`, `5-50`. */
  | 'delayRange'
  /** An IPv4 address. */
  | 'ip'
  /** A positive whole number. */
  | 'count'
  /** A memory size: `512m`, `2g`, `2GiB`. */
  | 'size'
  /** A command name (for `help`). */
  | 'command'
  /** Free text. */
  | 'text';

export interface ShellArgumentSpec {
  /** The placeholder usage prints, e.g. `MACHINE`. */
  readonly name: string;
  readonly kind: ShellValueKind;
  readonly description: string;
  /** May be left out (only trailing arguments may be optional). */
  readonly optional: boolean;
  /** Takes every remaining word (only the last argument may repeat). */
  readonly repeated: boolean;
}

export interface ShellFlagSpec {
  /** Long name without dashes: `ip` for `--ip`. */
  readonly name: string;
  /** The placeholder after the flag (`IP`), or null for a boolean flag. */
  readonly valueName: string | null;
  readonly kind: ShellValueKind;
  readonly description: string;
  /** The default help prints, or '' for none. */
  readonly defaultText: string;
}

export interface ShellExample {
  readonly command: string;
  /** What it prints (stdout), for the help text and docs/commands.md. */
  readonly output: string;
}

export interface ShellCommandSpec {
  /** One or two words: `kill`, `machine add`, `net drop`. */
  readonly name: string;
  /** The synopsis after the name: `NAME [--ip IP] [--cpus N] [--memory SIZE]`. */
  readonly synopsis: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** A paragraph, for `help NAME`. */
  readonly description: string;
  readonly args: readonly ShellArgumentSpec[];
  readonly flags: readonly ShellFlagSpec[];
  readonly examples: readonly ShellExample[];
  /** Errors a student can meet, as printed (with placeholders in angle brackets). */
  readonly errors: readonly string[];
}

/** A command whose words parsed against its spec. Flags are keyed by long name. */
export interface ParsedShellCommand {
  readonly spec: ShellCommandSpec;
  readonly args: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

/** A table entry: the spec (data) and the handler that runs it on a context. */
export interface ShellCommand<Context> {
  readonly spec: ShellCommandSpec;
  run(context: Context, command: ParsedShellCommand): CommandOutput;
}

/** Declares an argument; optional and repeated default to false. */
export function argument(
  name: string,
  kind: ShellValueKind,
  description: string,
  extras: { optional?: boolean; repeated?: boolean } = {},
): ShellArgumentSpec {
  return { name, kind, description, optional: extras.optional ?? false, repeated: extras.repeated ?? false };
}

/** Declares a flag; `valueName` null makes it boolean. */
export function shellFlag(
  name: string,
  valueName: string | null,
  kind: ShellValueKind,
  description: string,
  defaultText = '',
): ShellFlagSpec {
  return { name, valueName, kind, description, defaultText };
}

/** `Usage:  kill MACHINE`'s right-hand side. */
export function usageLine(spec: ShellCommandSpec): string {
  return spec.synopsis === '' ? spec.name : `${spec.name} ${spec.synopsis}`;
}

/** A usage error: the message, the usage line, the pointer to help. Exit 2. */
export function shellUsageError(spec: ShellCommandSpec, message: string): CommandOutput {
  return failed(
    `${spec.name}: ${message}\n\nUsage:  ${usageLine(spec)}\n\nRun 'help ${spec.name}' for more information`,
    2,
  );
}

export type ShellLookup =
  | { readonly kind: 'found'; readonly spec: ShellCommandSpec; readonly rest: readonly string[] }
  /** The first word names a group (`machine`, `net`) but the second names none of its commands. */
  | { readonly kind: 'group'; readonly group: string; readonly specs: readonly ShellCommandSpec[] }
  | { readonly kind: 'none' };

/** Finds the command the words start with: two-word names first, then one-word names. */
export function lookupShellCommand(
  specs: readonly ShellCommandSpec[],
  words: readonly string[],
): ShellLookup {
  const [first, second] = words;
  if (first === undefined) return { kind: 'none' };
  if (second !== undefined) {
    const twoWords = specs.find((spec) => spec.name === `${first} ${second}`);
    if (twoWords !== undefined) return { kind: 'found', spec: twoWords, rest: words.slice(2) };
  }
  const oneWord = specs.find((spec) => spec.name === first);
  if (oneWord !== undefined) return { kind: 'found', spec: oneWord, rest: words.slice(1) };
  const group = specs.filter((spec) => spec.name.startsWith(`${first} `));
  if (group.length > 0) return { kind: 'group', group: first, specs: group };
  return { kind: 'none' };
}

/** The error for `machine` alone or `machine frobnicate`: the group's commands, exit 2. */
export function groupUsageError(
  group: string,
  specs: readonly ShellCommandSpec[],
  word: string | undefined,
): CommandOutput {
  const message = word === undefined ? `'${group}' needs a command` : `unknown command "${group} ${word}"`;
  const width = Math.max(...specs.map((spec) => usageLine(spec).length));
  const rows = specs.map((spec) => `  ${usageLine(spec).padEnd(width)}   ${spec.summary}`).join('\n');
  return failed(`${group}: ${message}\n\nCommands:\n${rows}\n\nRun 'help ${group}' for more information`, 2);
}

/** Reads `--name value`, `--name=value` and boolean `--name`; `--` ends flags. */
export function parseShellWords(
  spec: ShellCommandSpec,
  words: readonly string[],
): ParsedShellCommand | CommandOutput {
  const args: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === '--') {
      args.push(...words.slice(index + 1));
      break;
    }
    if (!word.startsWith('--') || word.length === 2) {
      if (word.startsWith('-') && word.length > 1 && spec.flags.length > 0 && !/^-\d/.test(word)) {
        return shellUsageError(spec, `unknown shorthand flag: '${word.charAt(1)}' in ${word}`);
      }
      args.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals < 0 ? word.slice(2) : word.slice(2, equals);
    const flagSpec = spec.flags.find((candidate) => candidate.name === name);
    if (flagSpec === undefined) return shellUsageError(spec, `unknown flag: --${name}`);
    if (flagSpec.valueName === null) {
      if (equals >= 0) return shellUsageError(spec, `flag --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    if (equals >= 0) {
      flags[name] = word.slice(equals + 1);
      continue;
    }
    const value = words[index + 1];
    if (value === undefined) return shellUsageError(spec, `flag needs an argument: --${name}`);
    flags[name] = value;
    index++;
  }
  const countError = checkShellArgumentCount(spec, args.length);
  if (countError !== null) return shellUsageError(spec, countError);
  return { spec, args, flags };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** null when `count` arguments fit the spec, else Docker-style wording. */
export function checkShellArgumentCount(spec: ShellCommandSpec, count: number): string | null {
  const required = spec.args.filter((arg) => !arg.optional).length;
  const repeated = spec.args.some((arg) => arg.repeated);
  const maximum = repeated ? Number.POSITIVE_INFINITY : spec.args.length;
  if (count >= required && count <= maximum) return null;
  const name = `'${spec.name}'`;
  if (maximum === 0) return `${name} accepts no arguments`;
  if (required === maximum) return `${name} requires exactly ${plural(required, 'argument')}`;
  if (count < required) return `${name} requires at least ${plural(required, 'argument')}`;
  return `${name} accepts at most ${plural(maximum, 'argument')}`;
}

/**
 * Runs the words on the table: null when the first word is no command of this table (the caller
 * tries docker, then reports an unknown command), else the handler's output or a usage error.
 */
export function dispatchShell<Context>(
  commands: readonly ShellCommand<Context>[],
  context: Context,
  words: readonly string[],
): CommandOutput | null {
  const lookup = lookupShellCommand(
    commands.map((command) => command.spec),
    words,
  );
  if (lookup.kind === 'none') return null;
  if (lookup.kind === 'group') return groupUsageError(lookup.group, lookup.specs, words[1]);
  const parsed = parseShellWords(lookup.spec, lookup.rest);
  if (!('spec' in parsed)) return parsed;
  const command = commands.find((candidate) => candidate.spec === lookup.spec) as ShellCommand<Context>;
  return command.run(context, parsed);
}

/**
 * `foo: command not found`, as a shell says it, with a pointer to `help`. Exit 127. An empty word
 * (a line starting with `""`) is shown quoted, `'': command not found`, so the message names it.
 */
export function unknownCommand(word: string): CommandOutput {
  const shown = word === '' ? "''" : word;
  return failed(`${shown}: command not found\nRun 'help' to list the docker and sandbox commands.`, 127);
}
