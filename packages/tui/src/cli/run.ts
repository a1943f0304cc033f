/**
 * `swarmsim run FILE… [--seed S] [--seeds A..B] [--json] [--trace FILE]`: runs scenario files
 * headless and reports every step and expectation with its virtual time (docs/scenarios.md,
 * "Running scenarios"). Exit 0 when every run passed (a scenario marked `expectFailure` passes
 * when it fails as expected), 1 when one failed, 2 when a file is invalid or the usage is wrong,
 * 70 when the simulation itself broke (a bug: the run is named so it can be replayed).
 */
import { files, scenario as scenarios } from '@swarmsim/swarm-sim';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  type CliContext,
  type CliSubcommand,
  exitFailure,
  exitInternal,
  exitOk,
  exitUsage,
  printError,
} from './context.js';
import { parseSeed } from './options.js';
import { readShellFile, readText } from './read-text.js';

/** A sweep runs at most this many seeds per file. */
export const seedsPerSweepMax = 100_000;

interface RunValues {
  readonly seed?: number;
  readonly seeds?: readonly number[];
  readonly json?: boolean;
  readonly trace?: string;
}

/** `A..B` as the list of seeds A to B. */
export function parseSeedRange(text: string): number[] {
  const match = /^(\d{1,10})\.\.(\d{1,10})$/.exec(text);
  if (match === null) throw new InvalidArgumentError('write a range of seeds as A..B, e.g. 1..100.');
  const from = parseSeed(match[1] as string);
  const to = parseSeed(match[2] as string);
  if (to < from) throw new InvalidArgumentError(`the range ends before it starts (${from} > ${to}).`);
  if (to - from + 1 > seedsPerSweepMax)
    throw new InvalidArgumentError(`at most ${seedsPerSweepMax} seeds at once.`);
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}

export const runSubcommand: CliSubcommand = {
  name: 'run',
  register(program, context) {
    const command = new Command('run')
      .copyInheritedSettings(program)
      .description('Run scenario files headless; report each step and expectation (exit 1 on a failure)')
      .argument('<files...>', 'scenario files (YAML)')
      .addOption(
        new Option('--seed <seed>', 'run with this seed instead of the file’s')
          .argParser(parseSeed)
          .conflicts('seeds'),
      )
      .option(
        '--seeds <A..B>',
        'run every seed from A to B and print one line per failing run',
        parseSeedRange,
      )
      .option('--json', 'print one machine-readable report of every run (for graders)')
      .option('--trace <file>', 'write the run’s trace as JSON Lines (one file, one seed)')
      .action((paths: string[], values: RunValues) => {
        context.exitCode = runScenarios(paths, values, context);
      });
    program.addCommand(command);
  },
};

interface Outcome {
  readonly reports: scenarios.ScenarioReport[];
  readonly invalid: files.FileError[];
  /** `file --seed S: message` for runs the simulation could not finish (a bug). */
  readonly crashed: string[];
}

function readScenario(path: string): scenarios.Scenario | files.FileError[] {
  const read = readText(path);
  if (!read.ok)
    return [{ file: path, line: 0, column: 0, path: '', message: read.error.replace(`${path}: `, '') }];
  const parsed = scenarios.parseScenarioFile(read.text, path);
  return parsed.ok ? parsed.scenario : [...parsed.errors];
}

/** Runs one scenario with one seed; writes its trace when asked. */
function runOnce(
  scenario: scenarios.Scenario,
  seed: number,
  values: RunValues,
  context: CliContext,
  outcome: Outcome,
): void {
  const started = scenarios.startScenario(scenario, {
    seed,
    traceLevel: values.trace === undefined ? 'off' : 'full',
  });
  if (!started.ok) {
    outcome.invalid.push({ file: scenario.file, line: 0, column: 0, path: '', message: started.error });
    return;
  }
  try {
    scenarios.runToEnd(started.run, { readFile: readShellFile });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome.crashed.push(`${scenario.file} --seed ${seed}: ${message}`);
    return;
  }
  outcome.reports.push(scenarios.scenarioReport(started.run));
  if (values.trace !== undefined) {
    const error = context.io.writeFile(values.trace, scenarios.scenarioTraceJsonLines(started.run));
    if (error !== null)
      outcome.invalid.push({ file: values.trace, line: 0, column: 0, path: '', message: error });
  }
}

/** What a sweep prints per file: the failing runs, then how many passed and how long it took. */
function printSweep(
  context: CliContext,
  path: string,
  reports: readonly scenarios.ScenarioReport[],
  elapsedMs: number,
): void {
  for (const report of reports) {
    if (!report.passed) context.io.stdout.write(`${scenarios.formatScenarioReportLine(report)}\n`);
  }
  const summary = scenarios.summarizeReports(reports);
  context.io.stdout.write(`${path}: ${summary.passed} of ${summary.runs} seeds passed (${elapsedMs} ms)\n`);
}

function runScenarios(paths: readonly string[], values: RunValues, context: CliContext): number {
  const sweep = values.seeds !== undefined && values.seeds.length > 1;
  if (values.trace !== undefined && (paths.length > 1 || sweep)) {
    printError(context, 'error: --trace writes the trace of one run: give one file and at most one seed');
    return exitUsage;
  }
  const outcome: Outcome = { reports: [], invalid: [], crashed: [] };
  const startedMs = performance.now();
  for (const path of paths) {
    const scenario = readScenario(path);
    if (Array.isArray(scenario)) {
      outcome.invalid.push(...scenario);
      if (!values.json) printError(context, files.formatFileErrors(scenario));
      continue;
    }
    const valid = scenario as scenarios.Scenario;
    const fileStartedMs = performance.now();
    const first = outcome.reports.length;
    const seeds = values.seeds ?? [values.seed ?? valid.seed];
    for (const seed of seeds) runOnce(valid, seed, values, context, outcome);
    const reports = outcome.reports.slice(first);
    if (values.json) continue;
    if (sweep) printSweep(context, path, reports, Math.round(performance.now() - fileStartedMs));
    else for (const report of reports) context.io.stdout.write(scenarios.formatScenarioReport(report));
  }
  return finish(context, values, outcome, Math.round(performance.now() - startedMs));
}

function finish(context: CliContext, values: RunValues, outcome: Outcome, elapsedMs: number): number {
  const summary = scenarios.summarizeReports(outcome.reports);
  for (const crash of outcome.crashed) printError(context, `swarmsim run: internal error in ${crash}`);
  if (values.json) {
    context.io.stdout.write(scenarios.scenarioReportsJson(outcome.reports, outcome.invalid));
  } else {
    const invalidFiles = new Set(outcome.invalid.map((error) => error.file)).size;
    const parts = [`${summary.passed} of ${summary.runs} runs passed`];
    if (invalidFiles > 0) parts.push(`${invalidFiles} invalid file${invalidFiles === 1 ? '' : 's'}`);
    if (outcome.crashed.length > 0) parts.push(`${outcome.crashed.length} crashed`);
    context.io.stdout.write(`${parts.join(', ')} (${elapsedMs} ms)\n`);
  }
  if (outcome.crashed.length > 0) return exitInternal;
  if (outcome.invalid.length > 0) return exitUsage;
  return summary.failed > 0 ? exitFailure : exitOk;
}
