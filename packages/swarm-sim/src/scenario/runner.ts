/**
 * The scenario runner: plays a scenario's steps in order against a target built from its seed,
 * headless, and reports each step with its virtual time. Run steps type a shell line; wait steps
 * let time pass; expect steps watch the cluster after every event, `within` until the conditions
 * hold (the time they became true is reported, and the next step starts then), `during` for the
 * whole window (the first time they broke is reported). The Raft safety checkers watch every event
 * of every step: a violation fails the scenario at once.
 *
 * The first failure stops the run (later steps build on earlier ones) and the rest are skipped.
 * A scenario with `expectFailure: true` passes when it fails, and its report says how.
 *
 * A run is plain data (`ScenarioRun`), advanced one step at a time by `runNextStep`, so the TUI
 * can play a demo step by step; `runScenario` does it all and returns the report.
 */
import type { ShellIo } from '../cli/run-line.js';
import { assert } from '../kernel/assert.js';
import type { TraceLevel } from '../kernel/trace-types.js';
import { formatDuration } from '../units.js';
import { checkOutput, describeOutput } from './command-check.js';
import { checkConditions, describeConditions } from './conditions.js';
import type { ExpectStep, RunStep, Scenario, Step } from './format.js';
import type { TargetViolation } from './target.js';
import { createTarget, driverOf, type ScenarioTarget } from './targets.js';
import { captureFrom, substitute } from './variables.js';
import { advanceWatching } from './watch.js';

export interface RunScenarioOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Default `off`: nothing is recorded (the checkers still see every event); `full` for `--trace`. */
  readonly traceLevel?: TraceLevel;
  /** What the shell may borrow from the caller: files (`docker stack deploy -c FILE`). Default none. */
  readonly io?: ShellIo;
}

export type StepOutcome = 'pass' | 'fail' | 'skipped';

export interface StepReport {
  /** 0-based position in the file's `steps`. */
  readonly index: number;
  /** The line the step starts on. */
  readonly line: number;
  readonly kind: Step['kind'];
  /** The step in words: `run on manager1: kill manager1`, `expect within 30s: there is a leader`. */
  readonly summary: string;
  readonly outcome: StepOutcome;
  /** Virtual time when the step started and ended. */
  readonly startMs: number;
  readonly endMs: number;
  /** `within`: when the conditions became true. */
  readonly metAtMs: number | null;
  /** `during`: when the conditions first broke. */
  readonly brokeAtMs: number | null;
  /** For a failure: what the step expected, and what the cluster or command showed. */
  readonly expected: string | null;
  readonly seen: string | null;
  /** A run step's output. */
  readonly output: { readonly exitCode: number; readonly stdout: string; readonly stderr: string } | null;
}

export interface ScenarioFailure {
  /** The step that failed (or during which a checker found a violation). */
  readonly stepIndex: number;
  readonly line: number;
  readonly atMs: number;
  readonly kind: 'expectation' | 'violation';
  readonly message: string;
}

/** A scenario being played: plain data. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly target: ScenarioTarget;
  variables: Record<string, string>;
  /** The next step to play; `scenario.steps.length` when done. */
  nextStep: number;
  readonly steps: StepReport[];
  failure: ScenarioFailure | null;
}

export interface ScenarioReport {
  readonly file: string;
  readonly title: string;
  readonly seed: number;
  readonly mode: Scenario['mode'];
  readonly expectFailure: boolean;
  /** The verdict: every expectation held, or (expectFailure) one failed as expected. */
  readonly passed: boolean;
  /** The first failure, whether or not it was expected. */
  readonly failure: ScenarioFailure | null;
  /** Why the verdict is what it is, in one sentence. */
  readonly verdict: string;
  readonly steps: readonly StepReport[];
  readonly violations: readonly TargetViolation[];
  readonly endMs: number;
  /** The command that replays this run exactly. */
  readonly reproduce: string;
}

export type StartResult =
  | { readonly ok: true; readonly run: ScenarioRun }
  | { readonly ok: false; readonly error: string };

export function startScenario(scenario: Scenario, options: RunScenarioOptions = {}): StartResult {
  const seed = options.seed ?? scenario.seed;
  const created = createTarget(scenario, { seed, traceLevel: options.traceLevel ?? 'off' });
  if (!created.ok) return { ok: false, error: `${scenario.file}: ${created.error}` };
  return {
    ok: true,
    run: { scenario, seed, target: created.target, variables: {}, nextStep: 0, steps: [], failure: null },
  };
}

export function scenarioDone(run: ScenarioRun): boolean {
  return run.nextStep >= run.scenario.steps.length;
}

/**
 * Plays the next step; returns its report, or null when the run is over. `io` lends the shell
 * the caller's files; it is used for this step only (a run holds no functions).
 */
export function runNextStep(run: ScenarioRun, io: ShellIo = {}): StepReport | null {
  if (scenarioDone(run)) return null;
  const step = run.scenario.steps[run.nextStep] as Step;
  run.nextStep++;
  const report = run.failure === null ? playStep(run, step, io) : skipped(run, step);
  run.steps.push(report);
  return report;
}

/** Plays every remaining step. */
export function runToEnd(run: ScenarioRun, io: ShellIo = {}): void {
  for (let count = 0; count <= run.scenario.steps.length && runNextStep(run, io) !== null; count++);
}

/** The run's trace as JSON Lines (empty unless it was started with `traceLevel: 'full'` or `reduced`). */
export function scenarioTraceJsonLines(run: ScenarioRun): string {
  return driverOf(run.target).traceJsonLines(run.target);
}

/** Plays every step and returns the report. */
export function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): ScenarioReport | { readonly error: string } {
  const started = startScenario(scenario, options);
  if (!started.ok) return { error: started.error };
  runToEnd(started.run, options.io ?? {});
  return scenarioReport(started.run);
}

export function scenarioReport(run: ScenarioRun): ScenarioReport {
  const driver = driverOf(run.target);
  const { scenario, failure } = run;
  const passed = scenario.expectFailure ? failure !== null : failure === null;
  return {
    file: scenario.file,
    title: scenario.title,
    seed: run.seed,
    mode: scenario.mode,
    expectFailure: scenario.expectFailure,
    passed,
    failure,
    verdict: verdictOf(scenario, failure),
    steps: [...run.steps],
    violations: [...driver.violations(run.target)],
    endMs: driver.nowMs(run.target),
    reproduce: `swarmsim run ${scenario.file} --seed ${run.seed}`,
  };
}

function verdictOf(scenario: Scenario, failure: ScenarioFailure | null): string {
  const where =
    failure === null
      ? ''
      : `step ${failure.stepIndex + 1} (line ${failure.line}) at ${formatTime(failure.atMs)}`;
  if (!scenario.expectFailure)
    return failure === null ? 'every expectation held' : `failed at ${where}: ${failure.message}`;
  return failure === null
    ? 'expected a failure (expectFailure: true), but every expectation held'
    : `failed as expected at ${where}: ${failure.message}`;
}

/** Virtual time as reports print it: `12.345s`, `0s`. */
export function formatTime(atMs: number): string {
  return formatDuration(atMs);
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'run':
      return step.on === null ? `run: ${step.command}` : `run on ${step.on}: ${step.command}`;
    case 'wait':
      return `wait ${formatDuration(step.durationMs)}`;
    case 'expect':
      return `expect ${step.timing} ${formatDuration(step.durationMs)}: ${describeConditions(step.conditions)}`;
  }
}

function skipped(run: ScenarioRun, step: Step): StepReport {
  const atMs = driverOf(run.target).nowMs(run.target);
  return blankReport(step, describeStep(step), atMs, 'skipped');
}

function blankReport(step: Step, summary: string, startMs: number, outcome: StepOutcome): StepReport {
  return {
    index: step.index,
    line: step.line,
    kind: step.kind,
    summary,
    outcome,
    startMs,
    endMs: startMs,
    metAtMs: null,
    brokeAtMs: null,
    expected: null,
    seen: null,
    output: null,
  };
}

function playStep(run: ScenarioRun, original: Step, io: ShellIo): StepReport {
  const substituted = substitute(original, run.variables);
  assert(substituted.ok, 'a failed capture stops the run before a step uses it');
  const step = substituted.value;
  switch (step.kind) {
    case 'run':
      return playRun(run, step, io);
    case 'wait':
      return playWait(run, step);
    case 'expect':
      return playExpect(run, step);
  }
}

function fail(run: ScenarioRun, report: StepReport, atMs: number, message: string): StepReport {
  run.failure = { stepIndex: report.index, line: report.line, atMs, kind: 'expectation', message };
  return { ...report, outcome: 'fail' };
}

/** A checker found a violation during the step: the step fails with it. */
function violated(run: ScenarioRun, report: StepReport, violationsBefore: number): StepReport {
  const driver = driverOf(run.target);
  const found = driver.violations(run.target)[violationsBefore];
  assert(found !== undefined, 'a new violation exists');
  const message = `Raft safety violated: ${found.invariant}: ${found.message}`;
  run.failure = { stepIndex: report.index, line: report.line, atMs: found.atMs, kind: 'violation', message };
  return {
    ...report,
    outcome: 'fail',
    endMs: driver.nowMs(run.target),
    expected: 'no Raft safety violation',
    seen: `${found.invariant} at ${formatTime(found.atMs)}: ${found.message}`,
  };
}

function playRun(run: ScenarioRun, step: RunStep, io: ShellIo): StepReport {
  const driver = driverOf(run.target);
  const target = run.target;
  const startMs = driver.nowMs(target);
  const violationsBefore = driver.violationCount(target);
  const output = driver.runLine(target, step.command, step.on, io);
  const report: StepReport = {
    ...blankReport(step, describeStep(step), startMs, 'pass'),
    endMs: driver.nowMs(target),
    output: { exitCode: output.exitCode, stdout: output.stdout, stderr: output.stderr },
  };
  if (driver.violationCount(target) > violationsBefore) return violated(run, report, violationsBefore);
  if (step.expect !== null) {
    const check = checkOutput(step.expect, output);
    if (!check.holds) {
      const failed = { ...report, expected: check.expected, seen: check.seen };
      return fail(run, failed, report.endMs, `expected ${check.expected}; got ${check.seen}`);
    }
  }
  const capture = captureFrom(step.captures, output.stdout);
  run.variables = { ...run.variables, ...capture.captured };
  const missed = capture.unmatched[0];
  if (missed !== undefined) {
    const expected = `stdout to match /${missed.pattern}/ (capture ${missed.name})`;
    const seen = describeOutput(output);
    return fail(run, { ...report, expected, seen }, report.endMs, `expected ${expected}; got ${seen}`);
  }
  return report;
}

function playWait(run: ScenarioRun, step: Extract<Step, { kind: 'wait' }>): StepReport {
  const driver = driverOf(run.target);
  const startMs = driver.nowMs(run.target);
  const violationsBefore = driver.violationCount(run.target);
  const outcome = advanceWatching(driver, run.target, startMs + step.durationMs, () => false);
  const report = { ...blankReport(step, describeStep(step), startMs, 'pass'), endMs: outcome.atMs };
  return outcome.stoppedBy === 'violation' ? violated(run, report, violationsBefore) : report;
}

function playExpect(run: ScenarioRun, step: ExpectStep): StepReport {
  const driver = driverOf(run.target);
  const target = run.target;
  const startMs = driver.nowMs(target);
  const violationsBefore = driver.violationCount(target);
  const base = blankReport(step, describeStep(step), startMs, 'pass');
  const expected = describeConditions(step.conditions);
  let last = checkConditions(driver, target, step.conditions);
  if (step.timing === 'within') {
    if (last.holds) return { ...base, metAtMs: startMs };
    const outcome = advanceWatching(driver, target, startMs + step.durationMs, () => {
      last = checkConditions(driver, target, step.conditions);
      return last.holds;
    });
    const report = { ...base, endMs: outcome.atMs };
    if (outcome.stoppedBy === 'violation') return violated(run, report, violationsBefore);
    if (outcome.stoppedBy === 'watcher') return { ...report, metAtMs: outcome.atMs };
    const message = `not true within ${formatDuration(step.durationMs)}: ${expected}; at ${formatTime(outcome.atMs)}: ${last.seen}`;
    return fail(run, { ...report, expected, seen: last.seen }, outcome.atMs, message);
  }
  if (!last.holds) {
    const message = `did not hold at the start (${formatTime(startMs)}): ${expected}; seen: ${last.seen}`;
    return fail(run, { ...base, brokeAtMs: startMs, expected, seen: last.seen }, startMs, message);
  }
  const outcome = advanceWatching(driver, target, startMs + step.durationMs, () => {
    last = checkConditions(driver, target, step.conditions);
    return !last.holds;
  });
  const report = { ...base, endMs: outcome.atMs };
  if (outcome.stoppedBy === 'violation') return violated(run, report, violationsBefore);
  if (outcome.stoppedBy === 'time') return report;
  const message = `stopped holding at ${formatTime(outcome.atMs)}, ${formatDuration(outcome.atMs - startMs)} into ${formatDuration(step.durationMs)}: ${expected}; seen: ${last.seen}`;
  return fail(run, { ...report, brokeAtMs: outcome.atMs, expected, seen: last.seen }, outcome.atMs, message);
}
