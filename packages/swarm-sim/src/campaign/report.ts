/**
 * The campaign's report as text: what `swarmsim check` prints. The seed comes first (STYLE 7:
 * the seed is the bug report), then the options derived from it, the bound, and the verdict; a
 * failure ends with the shrunk schedule as a shell script and how to reproduce both.
 */
import {
  type CampaignOptions,
  type CampaignReport,
  livenessCommitBoundMs,
  livenessLeaderBoundMs,
} from './campaign.js';
import { healedDelay } from './schedule.js';

/** The liveness bound, in one sentence (docs/check.md says the same). */
export function livenessBoundText(): string {
  return (
    `after the faults heal (network healed, no loss or duplication, latency ${healedDelay.minMs}-${healedDelay.maxMs}ms, ` +
    `every node resumed and restarted) a leader within ${livenessLeaderBoundMs}ms, ` +
    `and a write to it acknowledged and committed on every voter within ${livenessCommitBoundMs}ms more`
  );
}

/** The options line that follows SEED=. */
export function campaignOptionsText(options: CampaignOptions): string {
  const unsafe = options.unsafe.length === 0 ? 'none' : options.unsafe.join(',');
  return (
    `# check: ${options.runs} random fault schedules against a ${options.nodeCount}-node lab; ` +
    `checkQuorum ${options.checkQuorum ? 'on' : 'off'}, preVote ${options.preVote ? 'on' : 'off'}, unsafe ${unsafe}`
  );
}

/** The full report, one string per line. */
export function formatCampaignReport(report: CampaignReport): string[] {
  const options = report.options;
  const lines = [
    `SEED=${options.seed}`,
    campaignOptionsText(options),
    '# safety: the Raft checkers hold throughout and the client history is linearizable',
    `# liveness: ${livenessBoundText()}`,
  ];
  const counts = Object.entries(report.commandCounts)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([verb, count]) => `${verb} ${count}`)
    .join(', ');
  lines.push(`# commands run: ${counts === '' ? 'none' : counts}`);
  if (report.linearizabilityUnknownCount > 0) {
    lines.push(`# ${report.linearizabilityUnknownCount} histories too large to check for linearizability`);
  }
  const failure = report.failure;
  if (failure === null) {
    lines.push(`OK: ${report.runs} runs, no violation`);
    return lines;
  }
  lines.push(
    `FAIL: run ${failure.runNumber} of ${options.runs} broke ${failure.verdict.property} ` +
      `(shrunk ${failure.shrinkCount} times): ${failure.verdict.message} (at ${failure.verdict.atMs}ms)`,
    `reproduce the campaign with: ${reproduceCommand(options)}`,
    'replay the counterexample: save the lines below to a file and pipe it into the shell its first line names',
    '',
    ...failure.script,
  );
  return lines;
}

/** `swarmsim check …` with every option that differs from the defaults. */
export function reproduceCommand(options: CampaignOptions): string {
  const flags = [`--nodes ${options.nodeCount}`, `--runs ${options.runs}`, `--seed ${options.seed}`];
  for (const name of options.unsafe) flags.push(`--unsafe ${name}`);
  if (options.preVote) flags.push('--prevote');
  if (!options.checkQuorum) flags.push('--no-checkquorum');
  return `swarmsim check ${flags.join(' ')}`;
}
