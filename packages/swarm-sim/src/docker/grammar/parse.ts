/**
 * The docker command-line grammar: a line of text to a typed command, or to exactly what
 * docker would print instead (help, usage errors), with docker's exit codes.
 *
 * Why not commander or util.parseArgs: docker's behaviour is cobra + pflag, and the parts a
 * student sees are pflag's (`-qf x`, `--detach=false`, a value flag swallowing the next word
 * even if it starts with `-`, `--` ending flags, flags after arguments except for
 * `service create`) and cobra's (its own error texts, `--help` winning over argument errors,
 * traversal through `docker service …`). commander would need a rewrite of `--x=false`, has its
 * own error texts and help layout, and parses value flags differently; util.parseArgs refuses
 * `--name -x` as ambiguous. A direct port of pflag's loop over the command table is about 150
 * lines and matches docker exactly, so that is what this is.
 */
import { split as shellSplit } from 'shlex';
import { goQuote } from '../go-values.js';
import { type DockerCommandKey, dockerCommandGroups, dockerCommands } from './commands.js';
import { applyFlagValue } from './flag-values.js';
import {
  commandHelp,
  commandPath,
  defaultHelpWidth,
  type GroupName,
  groupHelp,
  rootHelp,
  useLine,
} from './help.js';
import type { CommandSpec, FlagSpec, FlagValueByKind, OptionsOf } from './spec.js';

/** What docker prints instead of running: text on stderr and an exit code. */
export interface CliError {
  readonly stderr: string;
  readonly exitCode: number;
}

/** The options of one command, typed from its flags in the table. */
export type DockerOptions<K extends DockerCommandKey> = OptionsOf<(typeof dockerCommands)[K]['flags']>;

export interface ParsedCommandOf<K extends DockerCommandKey> {
  /** The command's key in `dockerCommands`, e.g. 'service create'. */
  readonly key: K;
  /** Canonical path (aliases resolved), e.g. ['service', 'create']. */
  readonly path: readonly string[];
  /** Only the flags given on the line, by long name; docker's defaults are in the table. */
  readonly options: DockerOptions<K>;
  readonly args: readonly string[];
}

/** A parsed docker command; switch on `key` to get its typed options. */
export type ParsedDockerCommand = { [K in DockerCommandKey]: ParsedCommandOf<K> }[DockerCommandKey];

export type DockerParseResult =
  /** Run it. `stderr` carries pflag's deprecation notices (e.g. for `-h`), usually ''. */
  | { readonly kind: 'command'; readonly command: ParsedDockerCommand; readonly stderr: string }
  /** Docker prints text and exits 0 without running anything (help, `docker service`). */
  | { readonly kind: 'output'; readonly stdout: string; readonly stderr: string; readonly exitCode: 0 }
  | { readonly kind: 'error'; readonly error: CliError };

export interface ParseOptions {
  /** Terminal width for wrapping help (docker uses 80 when unknown). */
  readonly widthColumns?: number;
  /** `docker --version` prints `Docker version <clientVersion>, build <clientBuild>`. */
  readonly clientVersion?: string;
  readonly clientBuild?: string;
}

const flagErrorExitCode = 125;

function output(stdout: string, stderr = ''): DockerParseResult {
  return { kind: 'output', stdout, stderr, exitCode: 0 };
}

function error(stderr: string, exitCode: number): DockerParseResult {
  return { kind: 'error', error: { stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, exitCode } };
}

/** cobra FlagErrorFunc (docker/cli `cli/cobra.go`): exit 125. */
function flagError(message: string, usage: string, path: string): DockerParseResult {
  return error(
    `${message}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`,
    flagErrorExitCode,
  );
}

// ---------------------------------------------------------------------------------------------
// Tokenising

export type TokenizeResult =
  | { ok: true; words: string[] }
  | { ok: false; error: CliError; incomplete: boolean };

/**
 * Splits a line into words as a POSIX shell would (shlex), without expansions. An unterminated
 * quote is an error marked `incomplete`, so a prompt can ask for a continuation line.
 */
export function tokenizeCommandLine(line: string): TokenizeResult {
  try {
    return { ok: true, words: shellSplit(line) };
  } catch {
    const quote = unterminatedQuote(line);
    return {
      ok: false,
      incomplete: true,
      error: { stderr: `unexpected EOF while looking for matching \`${quote}'\n`, exitCode: 2 },
    };
  }
}

function unterminatedQuote(line: string): string {
  let open: string | null = null;
  for (let index = 0; index < line.length; index++) {
    const character = line.charAt(index);
    if (open === null && character === '\\') index++;
    else if (open === null && (character === '"' || character === "'")) open = character;
    else if (open === '"' && character === '\\') index++;
    else if (character === open) open = null;
  }
  return open ?? '"';
}

/** Parses a whole line that starts with `docker`. */
export function parseDockerLine(line: string, options: ParseOptions = {}): DockerParseResult {
  const tokens = tokenizeCommandLine(line);
  if (!tokens.ok) return { kind: 'error', error: tokens.error };
  if (tokens.words[0] !== 'docker') {
    return error(`${tokens.words[0] ?? ''}: not a docker command line`, 127);
  }
  return parseDockerArgv(tokens.words.slice(1), options);
}

// ---------------------------------------------------------------------------------------------
// Traversal: docker → group → command

/** Parses the words after `docker`. */
export function parseDockerArgv(argv: readonly string[], options: ParseOptions = {}): DockerParseResult {
  const width = options.widthColumns ?? defaultHelpWidth;
  const name = argv[0];
  const rest = argv.slice(1);
  if (name === undefined) return output('', rootHelp());
  if (name.startsWith('-') && name !== '-') return parseRootFlag(name, options);
  if (name === 'help') return helpCommand(rest, width);
  if (Object.hasOwn(dockerCommandGroups, name)) return parseGroup(name as GroupName, rest, width);
  if (name === 'info' || name === 'ps') return parseCommand(dockerCommands[name] as CommandSpec, rest, width);
  return error(`docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information`, 1);
}

/**
 * docker's global flags come before the command. The sandbox has no daemon to point at, so only
 * `--help` and `--version` exist; anything else is an unknown flag of `docker` itself.
 */
function parseRootFlag(word: string, options: ParseOptions): DockerParseResult {
  if (word === '--help' || word === '-h') {
    return output(rootHelp(), word === '-h' ? 'Flag shorthand -h has been deprecated, use --help\n' : '');
  }
  if (word === '--version' || word === '-v') {
    return output(
      `Docker version ${options.clientVersion ?? '27.3.1'}, build ${options.clientBuild ?? 'ce12230'}\n`,
    );
  }
  const message = word.startsWith('--')
    ? `unknown flag: ${word.split('=')[0]}`
    : unknownShorthand(word.slice(1));
  return flagError(message, 'docker [OPTIONS] COMMAND [ARG...]', 'docker');
}

function unknownShorthand(shorthands: string): string {
  return `unknown shorthand flag: '${shorthands.charAt(0)}' in -${shorthands}`;
}

/** `docker help [COMMAND...]`. */
function helpCommand(words: readonly string[], width: number): DockerParseResult {
  if (words.length === 0) return output(rootHelp());
  const [first, second] = words;
  if (first !== undefined && Object.hasOwn(dockerCommandGroups, first)) {
    if (second === undefined) return output(groupHelp(first as GroupName));
    const spec = findSubcommand(first as GroupName, second);
    if (spec !== undefined && words.length === 2) return output(commandHelp(spec, width));
  } else if ((first === 'info' || first === 'ps') && words.length === 1) {
    return output(commandHelp(dockerCommands[first] as CommandSpec, width));
  }
  return error(`unknown help topic: ${words.join(' ')}`, 1);
}

function findSubcommand(group: GroupName, name: string): CommandSpec | undefined {
  for (const key of Object.keys(dockerCommands) as DockerCommandKey[]) {
    const spec = dockerCommands[key] as CommandSpec;
    if (spec.path.length !== 2 || spec.path[0] !== group) continue;
    if (spec.path[1] === name || spec.aliases.includes(name)) return spec;
  }
  return undefined;
}

/**
 * cobra `Traverse` through `docker <group>`: flags before the subcommand belong to the group
 * (only `--help` exists there); no subcommand prints the group's help on stderr and exits 0;
 * an unknown word is `docker: unknown command: docker <group> <word>` (cli.NoArgs).
 */
function parseGroup(group: GroupName, words: readonly string[], width: number): DockerParseResult {
  const groupUsage = `docker ${group}`;
  const groupFlags: string[] = [];
  let index = 0;
  while (index < words.length && (words[index] as string).startsWith('-') && words[index] !== '-') {
    groupFlags.push(words[index] as string);
    index++;
  }
  const name = words[index];
  const spec = name === undefined ? undefined : findSubcommand(group, name);
  const helpOnly = groupFlags.every((word) => word === '--help' || word === '-h' || word === '--help=true');
  if (spec !== undefined) {
    if (!helpOnly) return error(groupFlagMessage(groupFlags), 1);
    const leafWords = words.slice(index + 1);
    return parseCommand(spec, groupFlags.length > 0 ? ['--help', ...leafWords] : leafWords, width);
  }
  if (!helpOnly) return flagError(groupFlagMessage(groupFlags), groupUsage, groupUsage);
  if (groupFlags.length > 0) return output(groupHelp(group));
  if (name === undefined) return output('', groupHelp(group));
  return error(
    `docker: unknown command: docker ${group} ${name}\n\nUsage:  ${groupUsage}\n\nRun '${groupUsage} --help' for more information`,
    1,
  );
}

function groupFlagMessage(groupFlags: readonly string[]): string {
  const bad = groupFlags.find((word) => !(word === '--help' || word === '-h')) as string;
  return bad.startsWith('--') ? `unknown flag: ${bad.split('=')[0]}` : unknownShorthand(bad.slice(1));
}

// ---------------------------------------------------------------------------------------------
// One command: pflag's parse loop, then cobra's help and argument checks

/** cobra's persistent `--help`, whose `-h` shorthand docker marks deprecated ("use --help"). */
const helpFlag: FlagSpec = {
  name: 'help',
  shorthand: 'h',
  kind: 'bool',
  typeName: '',
  defaultText: '',
  description: 'Print usage',
  values: [],
  hidden: true,
};

interface FlagParseState {
  readonly spec: CommandSpec;
  readonly values: Record<string, unknown>;
  readonly positionals: string[];
  help: boolean;
  notices: string;
  setCount: number;
}

type FlagParse = { ok: true; state: FlagParseState } | { ok: false; error: string };

function parseCommand(spec: CommandSpec, words: readonly string[], width: number): DockerParseResult {
  const parsed = parseFlags(spec, words);
  if (!parsed.ok) return flagError(parsed.error, useLine(spec), commandPath(spec));
  const state = parsed.state;
  if (state.help) return output(commandHelp(spec, width), state.notices);
  const argumentError = checkArguments(spec, state.positionals);
  if (argumentError !== null) return error(argumentError, 1);
  if (spec.helpWhenNoFlags && state.setCount === 0) return output(commandHelp(spec, width), state.notices);
  const command = {
    key: spec.path.join(' '),
    path: spec.path,
    options: state.values,
    args: state.positionals,
  } as unknown as ParsedDockerCommand;
  return { kind: 'command', command, stderr: state.notices };
}

/** pflag `FlagSet.parseArgs`, interspersed unless the command says otherwise. */
function parseFlags(spec: CommandSpec, words: readonly string[]): FlagParse {
  const state: FlagParseState = { spec, values: {}, positionals: [], help: false, notices: '', setCount: 0 };
  const pending = [...words];
  while (pending.length > 0) {
    const word = pending.shift() as string;
    if (word.length < 2 || !word.startsWith('-')) {
      state.positionals.push(word);
      if (!spec.interspersed) state.positionals.push(...pending.splice(0));
      continue;
    }
    if (word === '--') {
      state.positionals.push(...pending.splice(0));
      break;
    }
    const failure = word.startsWith('--')
      ? parseLongFlag(state, word, pending)
      : parseShortFlags(state, word, pending);
    if (failure !== null) return { ok: false, error: failure };
  }
  return { ok: true, state };
}

function lookupLong(spec: CommandSpec, name: string): FlagSpec | undefined {
  if (name === 'help') return helpFlag;
  return spec.flags.find((candidate) => candidate.name === name);
}

function lookupShort(spec: CommandSpec, shorthand: string): FlagSpec | undefined {
  if (shorthand === 'h') return helpFlag;
  return spec.flags.find((candidate) => candidate.shorthand === shorthand);
}

/** pflag `parseLongArg`: `--name`, `--name=value`, `--name value`. */
function parseLongFlag(state: FlagParseState, word: string, pending: string[]): string | null {
  const body = word.slice(2);
  if (body.length === 0 || body.startsWith('-') || body.startsWith('=')) return `bad flag syntax: ${word}`;
  const equals = body.indexOf('=');
  const name = equals < 0 ? body : body.slice(0, equals);
  const spec = lookupLong(state.spec, name);
  if (spec === undefined) return `unknown flag: --${name}`;
  let text: string;
  if (equals >= 0) text = body.slice(equals + 1);
  else if (spec.kind === 'bool') text = 'true';
  else if (pending.length > 0) text = pending.shift() as string;
  else return `flag needs an argument: ${word}`;
  return setFlag(state, spec, text);
}

/** pflag `parseShortArg`: a cluster such as `-qf x`, `-fvalue`, `-f=value`. */
function parseShortFlags(state: FlagParseState, word: string, pending: string[]): string | null {
  let shorthands = word.slice(1);
  while (shorthands.length > 0) {
    const letter = shorthands.charAt(0);
    const spec = lookupShort(state.spec, letter);
    if (spec === undefined) return unknownShorthand(shorthands);
    let text: string;
    let remaining = shorthands.slice(1);
    if (shorthands.length > 2 && shorthands.charAt(1) === '=') {
      text = shorthands.slice(2);
      remaining = '';
    } else if (spec.kind === 'bool') {
      text = 'true';
    } else if (shorthands.length > 1) {
      text = shorthands.slice(1);
      remaining = '';
    } else if (pending.length > 0) {
      text = pending.shift() as string;
    } else {
      return `flag needs an argument: '${letter}' in -${shorthands}`;
    }
    if (spec === helpFlag) state.notices += 'Flag shorthand -h has been deprecated, use --help\n';
    const failure = setFlag(state, spec, text);
    if (failure !== null) return failure;
    shorthands = remaining;
  }
  return null;
}

/** pflag `FlagSet.Set`: parse the value, or `invalid argument "x" for "-f, --flag" flag: …`. */
function setFlag(state: FlagParseState, spec: FlagSpec, text: string): string | null {
  const previous = state.values[spec.name] as FlagValueByKind[typeof spec.kind] | undefined;
  const parsed = applyFlagValue(spec.kind, text, previous);
  if (!parsed.ok) {
    const shown =
      spec.shorthand === undefined || spec === helpFlag
        ? `--${spec.name}`
        : `-${spec.shorthand}, --${spec.name}`;
    return `invalid argument ${goQuote(text)} for ${goQuote(shown)} flag: ${parsed.error}`;
  }
  if (spec === helpFlag) {
    state.help = parsed.value as boolean;
    return null;
  }
  if (!Object.hasOwn(state.values, spec.name)) state.setCount++;
  state.values[spec.name] = parsed.value;
  return null;
}

function plural(count: number): string {
  return count === 1 ? 'argument' : 'arguments';
}

/** docker/cli `cli/required.go` (and `service scale`'s scaleArgs); null when the count fits. */
export function checkArguments(spec: CommandSpec, args: readonly string[]): string | null {
  const path = commandPath(spec);
  const usage = useLine(spec);
  const rule = spec.args;
  const count = args.length;
  switch (rule.kind) {
    case 'any':
      return null;
    case 'none':
      if (count === 0) return null;
      return `docker: '${path}' accepts no arguments\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`;
    case 'exact':
      if (count === rule.count) return null;
      return `docker: '${path}' requires ${rule.count} ${plural(rule.count)}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`;
    case 'min':
      if (count >= rule.count) return null;
      return `docker: '${path}' requires at least ${rule.count} ${plural(rule.count)}\n\nUsage:  ${usage}\n\nSee '${path} --help' for more information`;
    case 'max':
      if (count <= rule.count) return null;
      // "SRun" is docker/cli's own text (cli/required.go RequiresMaxArgs), kept as printed.
      return `docker: '${path}' requires at most ${rule.count} ${plural(rule.count)}\n\nUsage:  ${usage}\n\nSRun '${path} --help' for more information`;
    case 'range':
      if (count >= rule.min && count <= rule.max) return null;
      return `docker: '${path}' requires at least ${rule.min} and at most ${rule.max} ${plural(rule.max)}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`;
    case 'scale':
      return checkScaleArguments(spec, args);
  }
}

function checkScaleArguments(spec: CommandSpec, args: readonly string[]): string | null {
  const atLeastOne = checkArguments({ ...spec, args: { kind: 'min', count: 1 } }, args);
  if (atLeastOne !== null) return atLeastOne;
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals > 0 && equals < arg.length - 1) continue;
    return `invalid scale specifier '${arg}'.\nSee '${commandPath(spec)} --help'.\n\nUsage:  ${useLine(spec)}\n\n${spec.short}`;
  }
  return null;
}
