/**
 * The Docker CLI kit: pure building blocks for Docker-faithful output and parsing. Nothing here
 * knows about the simulation: tables, humanized values, identifiers and tokens, `--format`
 * templates, and the command-line grammar with its help and error texts.
 */

export {
  type GoParse,
  goQuote,
  nanosecondsToMs,
  parseGoBool,
  parseGoDuration,
  parseGoFloat,
  parseGoInt,
  parseGoUint,
} from './go-values.js';
export {
  type DockerCommandKey,
  dockerCommandGroups,
  dockerCommands,
  formatHelpText,
  inspectFormatHelpText,
} from './grammar/commands.js';
export {
  applyFlagValue,
  parseFilter,
  parseNanoCpus,
  parsePlacementPreference,
  parsePortOption,
} from './grammar/flag-values.js';
export {
  commandHelp,
  commandPath,
  defaultHelpWidth,
  flagUsages,
  type GroupName,
  groupCommands,
  groupHelp,
  rootHelp,
  useLine,
} from './grammar/help.js';
export {
  type CliError,
  checkArguments,
  type DockerOptions,
  type DockerParseResult,
  type ParsedCommandOf,
  type ParsedDockerCommand,
  type ParseOptions,
  parseDockerArgv,
  parseDockerLine,
  type TokenizeResult,
  tokenizeCommandLine,
} from './grammar/parse.js';
export type {
  ArgsRule,
  ArgumentKind,
  CommandGroupSpec,
  CommandSpec,
  FilterEntry,
  FlagKind,
  FlagSpec,
  FlagValueByKind,
  OptionsOf,
  PlacementPreference,
  PortConfig,
} from './grammar/spec.js';
export {
  bytesSize,
  ellipsis,
  formatGoG,
  humanDuration,
  humanSize,
  naturalCompare,
  naturalLess,
  type ParsedSize,
  parseRamInBytes,
  prettyPrint,
  taskCurrentState,
  taskErrorCell,
} from './humanize.js';
export {
  fakeRootCaPem,
  generateJoinToken,
  type JoinTokenParse,
  joinTokenDigestLength,
  joinTokenSecretLength,
  newContainerId,
  newSwarmId,
  newUnlockKey,
  type ParsedJoinToken,
  parseJoinToken,
  parseUnlockKey,
  randomName,
  rootCaDigestHex,
  shortIdLength,
  swarmIdLength,
  truncateId,
  type UnlockKeyParse,
} from './identity.js';
export { nameAdjectives, nameSurnames } from './names.js';
export {
  displayWidth,
  dockerTabwriterOptions,
  formatTable,
  type TabwriterOptions,
  tabwrite,
} from './tabwriter.js';
export {
  type CompiledTemplate,
  compileTemplate,
  defaultHeader,
  executeTemplate,
  type FormatOptions,
  formatRows,
  goJson,
  printValue,
  resolveListFormat,
  type TemplateOptions,
  type TemplateResult,
} from './template.js';
