/**
 * Reports as a person reads them (`swarmsim run`) and as a grader reads them (`--json`). The text
 * names the seed first (TigerBeetle's rule: the seed is the bug report), then every step with its
 * outcome and virtual time, and for a failure what was expected, what was seen, and the command
 * that replays it.
 */
import type { FileError } from '../files/file-error.js';
import { formatDuration } from '../units.js';
import type { ScenarioReport, StepReport } from './runner.js';

/** The version of the `--json` report's shape; bump it when a field changes meaning. */
export const scenarioReportFormatVersion = 1;

const outcomeWord: Record<StepReport['outcome'], string> = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' };

/** When a step's result was decided: when its conditions became true or broke, or when it ended. */
function decidedAtMs(step: StepReport): number {
  return step.metAtMs ?? step.brokeAtMs ?? step.endMs;
}

function stepLines(report: ScenarioReport, step: StepReport): string[] {
  const time = formatDuration(decidedAtMs(step)).padStart(8);
  const position = `step ${step.index + 1}`.padEnd(8);
  const lines = [
    `  ${outcomeWord[step.outcome]} ${time}  ${position} line ${String(step.line).padEnd(4)} ${step.summary}`,
  ];
  if (step.kind === 'expect' && step.metAtMs !== null && step.outcome === 'pass') {
    lines[0] += ` (true at ${formatDuration(step.metAtMs)})`;
  }
  if (step.outcome !== 'fail') return lines;
  if (step.expected !== null) lines.push(`         expected: ${step.expected}`);
  if (step.seen !== null) lines.push(`         seen:     ${step.seen}`);
  lines.push(`         reproduce with: ${report.reproduce}`);
  return lines;
}

/** The report of one run, as `swarmsim run` prints it. */
export function formatScenarioReport(report: ScenarioReport): string {
  const header = `${report.file}: ${report.title}`;
  const seed = `  SEED=${report.seed}${report.expectFailure ? '  (expectFailure: this scenario shows a bug and passes when it fails)' : ''}`;
  const steps = report.steps.flatMap((step) => stepLines(report, step));
  const verdict = `${report.passed ? 'PASS' : 'FAIL'} ${report.file} (seed ${report.seed}, virtual ${formatDuration(report.endMs)}): ${report.verdict}`;
  return [header, seed, ...steps, verdict, ''].join('\n');
}

/** One line per run, for a sweep over many seeds. */
export function formatScenarioReportLine(report: ScenarioReport): string {
  const word = report.passed ? 'PASS' : 'FAIL';
  const line = `${word} ${report.file} seed ${report.seed}: ${report.verdict}`;
  return report.passed ? line : `${line}\n     reproduce with: ${report.reproduce}`;
}

export interface SweepSummary {
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  /** Runs that failed, as `reproduce` commands. */
  readonly failures: readonly string[];
}

export function summarizeReports(reports: readonly ScenarioReport[]): SweepSummary {
  const failed = reports.filter((report) => !report.passed);
  return {
    runs: reports.length,
    passed: reports.length - failed.length,
    failed: failed.length,
    failures: failed.map((report) => report.reproduce),
  };
}

/**
 * The `--json` document: a summary, every run's report, and the errors of files that could not be
 * read (each with file, line, column, path and message).
 */
export function scenarioReportsJson(
  reports: readonly ScenarioReport[],
  invalid: readonly FileError[] = [],
): string {
  const document = {
    formatVersion: scenarioReportFormatVersion,
    summary: summarizeReports(reports),
    runs: reports,
    invalid,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
