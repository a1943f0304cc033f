/**
 * The campaign behind `swarmsim check`, and the lab shell language it shares with
 * `swarmsim shell --lab N` (docs/check.md):
 *
 * - `createLabShell(options, json)` and `labShellLine(shell, line)`: one line of the shell
 *   language in, one `ShellLineResult` (`{atMs, node, command, exitCode, stdout, stderr}`) out;
 * - `runCampaign(options)`: fast-check generates fault schedules (`campaignCaseArbitrary`), each
 *   runs through the shell language against a fresh lab (`runCampaignCase`) and is judged for
 *   safety, linearizability and liveness after heal; a failure is shrunk and comes back as a
 *   replayable script (`formatCampaignReport` renders the report);
 * - `unsafeSwitchNames`, `parseUnsafeSwitch`: the Raft core's unsafe switches by name.
 */
export {
  type CampaignConfig,
  type CampaignFailure,
  type CampaignOptions,
  type CampaignReport,
  type CampaignResult,
  type CaseOutcome,
  type CaseVerdict,
  campaignConfigDefaults,
  campaignRunsMax,
  campaignShell,
  livenessCommitBoundMs,
  livenessKey,
  livenessLeaderBoundMs,
  runCampaign,
  runCampaignCase,
  shellCommandHeader,
  shrinkRunsMaxDefault,
  validateCampaignOptions,
} from './campaign.js';
export {
  type CreateLabShellResult,
  clientSummary,
  createLabShell,
  type LabShell,
  labShellBanner,
  labShellDefaults,
  labShellHelp,
  labShellLine,
  labShellTrace,
  restoreLabShell,
  type ShellLineResult,
  shellExitRefused,
  shellExitUsage,
  shellExitViolation,
  snapshotLabShell,
} from './lab-shell.js';
export {
  awaitLeaderMsMax,
  campaignVotersMin,
  type Execute,
  msUntilNextLeader,
  playAction,
  resolveTarget,
} from './nemesis.js';
export { campaignOptionsText, formatCampaignReport, livenessBoundText, reproduceCommand } from './report.js';
export {
  type CampaignCase,
  campaignCaseArbitrary,
  clientKeys,
  healedDelay,
  type NodeTarget,
  type NodeVerb,
  type ScheduleAction,
  type ScheduleStep,
  scheduleStepsMax,
  stepWaitMsMax,
} from './schedule.js';
export {
  parseUnsafeSwitch,
  unsafeSwitchNames,
  unsafeSwitchSummaries,
} from './unsafe.js';
