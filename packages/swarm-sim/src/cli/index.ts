/**
 * The sandbox shell (docs/commands.md): a line of text → a docker or sandbox command → Docker's
 * exact stdout, stderr and exit code. `runLine(sandbox, line)` is the entry point; the command
 * tables are data for the TUI's help and tab completion; the golden runner replays transcripts.
 */

export {
  registerDockerCommand,
  runDockerArgv,
  supportedDockerCommands,
  unsupportedDockerCommand,
} from './docker-commands.js';
export {
  type DockerContext,
  type DockerHandler,
  failAfter,
  failAfterResponse,
  responseErrorText,
} from './docker-context.js';
export { infoToApi, serverSection, swarmSection } from './docker-info.js';
export { initText, joinCommandText, unlockKeyText } from './docker-swarm.js';
export { goJsonIndent, goTimeString, rfc3339, sortedRecord, virtualEpochMs } from './go-format.js';
export { type GoldenOutcome, type GoldenRun, goldenRewriteRequested, runGolden } from './golden.js';
export { helpOverview, runHelp, sandboxCommandHelp } from './help.js';
export {
  defaultNodeTableFormat,
  formatNodeList,
  inspectJson,
  inspectWithTemplate,
  lookupNode,
  nodeListRow,
  nodeMatchesFilter,
  nodeToApi,
  parseNodeFilter,
  prettyNode,
  sortNodesForList,
} from './node-format.js';
export { dockerContextOn, executeLine, lineLengthMax, lineResultJson, runLine } from './run-line.js';
export {
  disconnectSpec,
  healSpec,
  helpSpec,
  killSpec,
  machineAddSpec,
  machineListSpec,
  netDelaySpec,
  netDropSpec,
  partitionSpec,
  reconnectSpec,
  restartSpec,
  sandboxCommandSpecs,
  statusSpec,
  useSpec,
  waitSpec,
} from './sandbox-commands.js';
export {
  formatStatus,
  noSuchMachine,
  type ShellSession,
  sandboxCommands,
  statusHeadline,
} from './sandbox-handlers.js';
export {
  delayMsMax,
  formatRatio,
  parseCpus,
  parseDelayRange,
  parseIpv4,
  parseMachineGroups,
  parseMachineName,
  parseMemoryBytes,
  parseProbability,
  parseWaitDuration,
  type ValueParse,
  waitDurationMsMax,
} from './sandbox-values.js';
export {
  argument,
  checkShellArgumentCount,
  dispatchShell,
  groupUsageError,
  lookupShellCommand,
  type ParsedShellCommand,
  parseShellWords,
  type ShellArgumentSpec,
  type ShellCommand,
  type ShellCommandSpec,
  type ShellExample,
  type ShellFlagSpec,
  type ShellLookup,
  type ShellValueKind,
  shellFlag,
  shellUsageError,
  unknownCommand,
  usageLine,
} from './shell-table.js';
export {
  diffLines,
  type Normalised,
  normaliseTranscript,
  normaliseWithOriginals,
  parseTranscript,
  renderResult,
  renderTranscript,
  substitutePlaceholders,
  type Transcript,
  type TranscriptParse,
} from './transcript.js';
export { type CommandOutput, concatOutputs, failed, type LineResult, printed, success } from './types.js';
