/**
 * The shape of the command table: one `CommandSpec` per docker command, each with its flags as
 * data (name, shorthand, value kind, the type word and default docker's help prints, the
 * description). The parser, the help printer and the TUI's tab completion all read these.
 *
 * Flag names, type words, defaults and descriptions come from docker/cli (`--help` output and
 * `docs/reference/commandline/*.md`); value kinds say how the parser turns text into a value.
 */

/** How a flag's text becomes a value (see flag-values.ts). */
export type FlagKind =
  | 'bool'
  | 'string'
  | 'int'
  | 'uint'
  | 'uint32'
  | 'float'
  | 'duration'
  | 'bytes'
  | 'swapBytes'
  | 'decimal'
  | 'list'
  | 'stringSlice'
  | 'filter'
  | 'port'
  | 'pref'
  | 'command';

/** One `-f key=value` filter, as docker's FilterOpt stores it (key lower-cased and trimmed). */
export interface FilterEntry {
  readonly key: string;
  readonly value: string;
}

/** A published port, as docker's PortOpt builds a swarm.PortConfig. */
export interface PortConfig {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly targetPort: number;
  /** 0 when not given: the swarm picks one from 30000–32767 for ingress ports. */
  readonly publishedPort: number;
  readonly publishMode: 'ingress' | 'host';
}

/** `--placement-pref spread=node.labels.zone`. */
export interface PlacementPreference {
  readonly spread: string;
}

/** The parsed value of each flag kind. Durations are milliseconds (truncated), memory bytes,
 * CPUs nano-CPUs (docker's NanoCPUs), repeatable flags arrays in the order given. */
export interface FlagValueByKind {
  bool: boolean;
  string: string;
  int: number;
  uint: number;
  uint32: number;
  float: number;
  duration: number;
  bytes: number;
  swapBytes: number;
  decimal: number;
  list: string[];
  stringSlice: string[];
  filter: FilterEntry[];
  port: PortConfig[];
  pref: PlacementPreference[];
  command: string[];
}

export interface FlagSpec<Name extends string = string, Kind extends FlagKind = FlagKind> {
  /** The long name, without dashes. */
  readonly name: Name;
  /** One letter, or undefined. */
  readonly shorthand: string | undefined;
  readonly kind: Kind;
  /** The type word help prints after the flag (`string`, `duration`, `list`…); '' for bools. */
  readonly typeName: string;
  /** The default help prints as `(default …)`; '' when help prints none. */
  readonly defaultText: string;
  readonly description: string;
  /** Accepted words, for tab completion (the model validates them). */
  readonly values: readonly string[];
  /** Not listed in help (docker hides `--help` itself). */
  readonly hidden: boolean;
}

/** cobra positional-argument rules, as docker/cli `cli/required.go` states them. */
export type ArgsRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly count: number }
  | { readonly kind: 'min'; readonly count: number }
  | { readonly kind: 'max'; readonly count: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  /** `service scale`: at least one argument, each `SERVICE=REPLICAS`. */
  | { readonly kind: 'scale' };

/** What a positional argument names, for tab completion. */
export type ArgumentKind =
  | 'none'
  | 'node'
  | 'service'
  | 'task'
  | 'stack'
  | 'role'
  | 'address'
  | 'image'
  | 'scale';

export interface CommandSpec<Flags extends readonly FlagSpec[] = readonly FlagSpec[]> {
  /** e.g. ['service', 'create']; ['ps'] for `docker ps`. */
  readonly path: readonly string[];
  /** cobra `Use`: the name and its argument synopsis, e.g. `create [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  readonly use: string;
  /** cobra `Short`: the one-line description. */
  readonly short: string;
  /** Other names for the last word (`ls` → `list`). */
  readonly aliases: readonly string[];
  /** The `Aliases:` help line when it is not derived from `aliases` (docker ps). */
  readonly aliasesText: string | undefined;
  readonly args: ArgsRule;
  readonly argumentKind: ArgumentKind;
  /** false for `service create`: flags after IMAGE belong to the container command. */
  readonly interspersed: boolean;
  /** `swarm update` with no flags prints its help and exits 0. */
  readonly helpWhenNoFlags: boolean;
  readonly flags: Flags;
}

/** A management command (`docker service`): a name, a description, subcommands. */
export interface CommandGroupSpec {
  readonly name: string;
  readonly short: string;
}

/** The options object of a command: one optional entry per flag, keyed by long name. */
export type OptionsOf<Flags extends readonly FlagSpec[]> = {
  -readonly [F in Flags[number] as F['name']]?: FlagValueByKind[F['kind']];
};

const typeNameByKind: Readonly<Record<FlagKind, string>> = {
  bool: '',
  string: 'string',
  int: 'int',
  uint: 'uint',
  uint32: 'uint32',
  float: 'float',
  duration: 'duration',
  bytes: 'bytes',
  swapBytes: 'bytes',
  decimal: 'decimal',
  list: 'list',
  stringSlice: 'strings',
  filter: 'filter',
  port: 'port',
  pref: 'pref',
  command: 'command',
};

export interface FlagExtras {
  readonly shorthand?: string;
  readonly typeName?: string;
  readonly defaultText?: string;
  readonly values?: readonly string[];
  readonly hidden?: boolean;
}

/** Declares a flag; literal name and kind are kept so options are typed per command. */
export function flag<const Name extends string, const Kind extends FlagKind>(
  name: Name,
  kind: Kind,
  description: string,
  extras: FlagExtras = {},
): FlagSpec<Name, Kind> {
  if (extras.shorthand !== undefined && extras.shorthand.length !== 1) {
    throw new RangeError(`flag --${name}: shorthand must be one character`);
  }
  return {
    name,
    shorthand: extras.shorthand,
    kind,
    typeName: extras.typeName ?? typeNameByKind[kind],
    defaultText: extras.defaultText ?? '',
    description,
    values: extras.values ?? [],
    hidden: extras.hidden ?? false,
  };
}

export interface CommandDeclaration<Flags extends readonly FlagSpec[]> {
  readonly path: readonly string[];
  readonly use: string;
  readonly short: string;
  readonly args: ArgsRule;
  readonly flags: Flags;
  readonly aliases?: readonly string[];
  readonly aliasesText?: string;
  readonly argumentKind?: ArgumentKind;
  readonly interspersed?: boolean;
  readonly helpWhenNoFlags?: boolean;
}

/** Declares a command, filling defaults and checking that flag names and shorthands are unique. */
export function command<const Flags extends readonly FlagSpec[]>(
  declaration: CommandDeclaration<Flags>,
): CommandSpec<Flags> {
  const names = new Set<string>();
  const shorthands = new Set<string>();
  for (const spec of declaration.flags) {
    if (names.has(spec.name))
      throw new RangeError(`${declaration.path.join(' ')}: duplicate flag --${spec.name}`);
    names.add(spec.name);
    if (spec.shorthand === undefined) continue;
    if (shorthands.has(spec.shorthand)) {
      throw new RangeError(`${declaration.path.join(' ')}: duplicate shorthand -${spec.shorthand}`);
    }
    shorthands.add(spec.shorthand);
  }
  return {
    path: declaration.path,
    use: declaration.use,
    short: declaration.short,
    aliases: declaration.aliases ?? [],
    aliasesText: declaration.aliasesText,
    args: declaration.args,
    argumentKind: declaration.argumentKind ?? 'none',
    interspersed: declaration.interspersed ?? true,
    helpWhenNoFlags: declaration.helpWhenNoFlags ?? false,
    flags: declaration.flags,
  };
}
