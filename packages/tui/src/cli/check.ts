/**
 * `swarmsim check`: a fast-check campaign of random fault schedules against the Raft lab
 * (docs/check.md). Exit 0 when no violation is found, 1 when one is (the shrunk counterexample is
 * printed as a `swarmsim shell` script that replays it), 2 for bad usage.
 */
import {
  campaignConfigDefaults,
  campaignRunsMax,
  formatCampaignReport,
  runCampaign,
} from '@swarmsim/swarm-sim';
import { Command } from 'commander';
import type { CliContext, CliSubcommand } from './context.js';
import { exitFailure, exitOk, exitUsage, printError, printLine } from './context.js';
import {
  addLabFlags,
  type LabFlagValues,
  listUnsafeIfAsked,
  parseSeed,
  unsafeHelpText,
  unsafeSwitchesOf,
  wholeNumber,
} from './options.js';

interface CheckValues extends LabFlagValues {
  readonly nodes: number;
  readonly runs: number;
  readonly seed?: number;
}

export const checkRunsDefault = 100;

export const checkSubcommand: CliSubcommand = {
  name: 'check',
  register(program, context) {
    const command = new Command('check')
      .description('Try random fault schedules against the Raft lab; print a replayable counterexample')
      .option(
        '--nodes <n>',
        'lab size, 1 to 9',
        wholeNumber('the node count', 1, 9),
        campaignConfigDefaults().nodeCount,
      )
      .option('--runs <r>', 'schedules to try', wholeNumber('runs', 1, campaignRunsMax), checkRunsDefault)
      .option('--seed <seed>', 'the campaign seed (default: a fresh one, printed first)', parseSeed);
    addLabFlags(command);
    command.addHelpText('after', unsafeHelpText());
    command.action((values: CheckValues) => {
      context.exitCode = runCheck(values, context);
    });
    program.addCommand(command);
  },
};

function runCheck(values: CheckValues, context: CliContext): number {
  if (listUnsafeIfAsked(context, values)) return exitOk;
  const result = runCampaign({
    nodeCount: values.nodes,
    runs: values.runs,
    seed: values.seed ?? context.io.randomSeed(),
    preVote: values.prevote === true,
    checkQuorum: values.checkquorum,
    unsafe: unsafeSwitchesOf(values),
  });
  if (!result.ok) {
    printError(context, `error: ${result.error}`);
    return exitUsage;
  }
  for (const line of formatCampaignReport(result.report)) printLine(context, line);
  return result.report.failure === null ? exitOk : exitFailure;
}
