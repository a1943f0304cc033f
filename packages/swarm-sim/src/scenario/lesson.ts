/**
 * Lessons: a scenario with `mode: exercise` whose expectations become goals a student reaches by
 * typing commands. The TUI drives a `LessonSession` with two calls, `lessonRunLine` for each line
 * typed and `lessonAdvance` as virtual time passes, and draws `lessonGoals` as a live checklist.
 * Every input is recorded with its virtual time and machine, so a saved session replays exactly
 * (session-file.ts) and `gradeSession` can check it later.
 *
 * The goals, in file order:
 *   - an expect step is met when its conditions hold (`within`: at any moment, however long the
 *     student takes; `during`: continuously for that long);
 *   - a run step with `expect` is met when the student types that command (same words in any
 *     order, `${var}` standing for any word; see `lineMatchesCommand`) on its machine (`on`, if
 *     given) and the output meets the expectation.
 * Goals are met in order: only the first goal not yet met is watched, so "drain worker1" then
 * "make worker1 active again" cannot be met by the state the lesson starts in. Conditions are
 * checked after every event while time advances and after every line.
 *
 * Run steps without `expect` are not goals, but their captures still apply: when a student's line
 * matches such a step's command, its `capture` patterns are read from the line's output.
 */
import type { FileReadResult } from '../cli/docker-context.js';
import type { ShellIo } from '../cli/run-line.js';
import type { LineResult } from '../cli/types.js';
import { assert } from '../kernel/assert.js';
import { formatDuration } from '../units.js';
import type { GoalView } from '../view/types.js';
import { checkOutput, lineMatchesCommand } from './command-check.js';
import { checkConditions, describeConditions } from './conditions.js';
import type { ExpectStep, RunStep, Scenario, Step } from './format.js';
import { createTarget, driverOf, type ScenarioTarget } from './targets.js';
import { captureFrom, substitute, substituteText } from './variables.js';
import { advanceWatching } from './watch.js';

/** One line a student typed: when, on which machine (null: the lab's console), and what. */
export interface SessionInput {
  readonly atMs: number;
  readonly machine: string | null;
  readonly line: string;
  /** The terminal's width when the line ran in one (it shapes progress bars); absent otherwise. */
  readonly columns?: number;
}

/**
 * A file the shell read while running a line (`docker stack deploy -c web.yml`), with what it got:
 * files are inputs too, so a replay serves the same text even if the file changed since.
 */
export interface FileRead {
  readonly path: string;
  readonly result: FileReadResult;
}

/** What the shell says when nobody lent it a way to read files. */
export const noFileReader: FileReadResult = { ok: false, error: 'no files can be read in this shell' };

/** The checklist entry the TUI draws. */
export interface LessonGoal {
  readonly text: string;
  readonly met: boolean;
  /** Virtual time the goal was met, or null. */
  readonly metAtMs: number | null;
  readonly hint: string | null;
  /** The goal being worked on: the first not yet met. */
  readonly active: boolean;
}

interface GoalState {
  /** The step of the scenario this goal comes from. */
  readonly stepIndex: number;
  metAtMs: number | null;
  /** A `during` goal: since when its conditions have held (null: they do not hold now). */
  holdingSinceMs: number | null;
}

/** A student working through a lesson: plain data. */
export interface LessonSession {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly target: ScenarioTarget;
  /** Every line typed, in order. */
  readonly inputs: SessionInput[];
  /** Every file the shell read, in order. */
  readonly fileReads: FileRead[];
  variables: Record<string, string>;
  readonly goals: GoalState[];
}

export type CreateLessonResult =
  | { readonly ok: true; readonly session: LessonSession }
  | { readonly ok: false; readonly error: string };

/** Bounds the lines one session records. */
export const sessionInputsMax = 100_000;

function isGoal(step: Step): step is ExpectStep | (RunStep & { expect: object }) {
  return step.kind === 'expect' || (step.kind === 'run' && step.expect !== null);
}

/** A new session on the lesson's cluster, built from `seed` (the file's seed when left out). */
export function createLessonSession(scenario: Scenario, seed: number = scenario.seed): CreateLessonResult {
  if (scenario.mode !== 'exercise') {
    return {
      ok: false,
      error: `${scenario.file} is not a lesson: add mode: exercise to make its expectations goals`,
    };
  }
  const created = createTarget(scenario, { seed, traceLevel: 'reduced' });
  if (!created.ok) return { ok: false, error: `${scenario.file}: ${created.error}` };
  const goals = scenario.steps
    .filter(isGoal)
    .map((step) => ({ stepIndex: step.index, metAtMs: null, holdingSinceMs: null }));
  const session: LessonSession = {
    scenario,
    seed,
    target: created.target,
    inputs: [],
    fileReads: [],
    variables: {},
    goals,
  };
  settleGoals(session);
  return { ok: true, session };
}

export function lessonNowMs(session: LessonSession): number {
  return driverOf(session.target).nowMs(session.target);
}

/**
 * Runs a line the student typed on the current machine, records it (and any file the shell read
 * for it), and updates the goals. `io` is what the TUI's shell lends: the user's files and the
 * terminal width.
 */
export function lessonRunLine(session: LessonSession, line: string, io: ShellIo = {}): LineResult {
  return lessonRunLineOn(session, line, driverOf(session.target).currentMachine(session.target), io);
}

/** Runs a line on `machine` (null: the current one); replaying a saved session uses this. */
export function lessonRunLineOn(
  session: LessonSession,
  line: string,
  machine: string | null,
  io: ShellIo = {},
): LineResult {
  assert(session.inputs.length < sessionInputsMax, 'a session records at most sessionInputsMax lines');
  const driver = driverOf(session.target);
  const atMs = driver.nowMs(session.target);
  const output = driver.runLine(session.target, line, machine, recordingIo(session, io));
  const ranOn = output.node ?? machine;
  const columns = io.terminalWidthColumns ?? null;
  session.inputs.push(
    columns === null ? { atMs, machine: ranOn, line } : { atMs, machine: ranOn, line, columns },
  );
  applyCaptures(session, line, ranOn, output);
  const active = activeGoal(session);
  if (active !== null) {
    const step = session.scenario.steps[active.stepIndex] as Step;
    if (step.kind === 'run' && runGoalMet(session, step, line, ranOn, output)) {
      active.metAtMs = driver.nowMs(session.target);
    }
  }
  settleGoals(session);
  return output;
}

/** The shell's io with every file read recorded in the session. */
function recordingIo(session: LessonSession, io: ShellIo): ShellIo {
  const reader = io.readFile;
  const readFile = (path: string): FileReadResult => {
    const result = reader === undefined ? noFileReader : reader(path);
    session.fileReads.push({ path, result: structuredClone(result) });
    return result;
  };
  const columns = io.terminalWidthColumns ?? null;
  return columns === null ? { readFile } : { readFile, terminalWidthColumns: columns };
}

/** Lets virtual time pass up to `untilMs`, checking the active goal after every event. */
export function lessonAdvance(session: LessonSession, untilMs: number): void {
  const driver = driverOf(session.target);
  if (untilMs <= driver.nowMs(session.target)) return;
  for (let rounds = 0; rounds <= session.goals.length; rounds++) {
    const outcome = advanceWatching(
      driver,
      session.target,
      untilMs,
      (nowMs) => watchActiveGoal(session, nowMs),
      {
        stopOnViolation: false,
      },
    );
    if (outcome.stoppedBy === 'time') return;
    settleGoals(session);
  }
  assert(false, 'each round but the last meets a goal');
}

/** The checklist: every goal in file order, with the active one marked. */
export function lessonGoals(session: LessonSession): LessonGoal[] {
  const active = activeGoal(session);
  return session.goals.map((goal) => {
    const step = session.scenario.steps[goal.stepIndex] as ExpectStep | RunStep;
    return {
      text: goalText(step, session.variables),
      met: goal.metAtMs !== null,
      metAtMs: goal.metAtMs,
      hint: step.hint,
      active: goal === active,
    };
  });
}

/** The checklist as the TUI's goals pane takes it (`SandboxView.goals`). */
export function lessonGoalViews(session: LessonSession): GoalView[] {
  return lessonGoals(session).map((goal) =>
    goal.hint === null
      ? { text: goal.text, met: goal.met }
      : { text: goal.text, met: goal.met, hint: goal.hint },
  );
}

export function lessonComplete(session: LessonSession): boolean {
  return session.goals.every((goal) => goal.metAtMs !== null);
}

/** A goal in words: the step's `note` when it has one, else the command or the conditions. */
export function goalText(step: ExpectStep | RunStep, variables: Readonly<Record<string, string>>): string {
  const missing: string[] = [];
  if (step.note !== null) return substituteText(step.note, variables, missing);
  if (step.kind === 'run') {
    const command = substituteText(step.command, variables, missing);
    return step.on === null
      ? `Run \`${command}\``
      : `Run \`${command}\` on ${substituteText(step.on, variables, missing)}`;
  }
  const conditions = substitute(step.conditions, variables);
  const text = describeConditions(conditions.ok ? conditions.value : step.conditions);
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return step.timing === 'during' ? `${sentence}, for ${formatDuration(step.durationMs)}` : sentence;
}

function activeGoal(session: LessonSession): GoalState | null {
  return session.goals.find((goal) => goal.metAtMs === null) ?? null;
}

function runGoalMet(
  session: LessonSession,
  step: RunStep,
  line: string,
  machine: string | null,
  output: LineResult,
): boolean {
  return commandApplies(session, step, line, machine) && outputMeets(session, step, output);
}

/** The line is the step's command, typed on the step's machine (when it names one). */
function commandApplies(
  session: LessonSession,
  step: RunStep,
  line: string,
  machine: string | null,
): boolean {
  const missing: string[] = [];
  const command = substituteText(step.command, session.variables, missing);
  if (!lineMatchesCommand(line, command)) return false;
  return step.on === null || substituteText(step.on, session.variables, []) === machine;
}

function applyCaptures(
  session: LessonSession,
  line: string,
  machine: string | null,
  output: LineResult,
): void {
  for (const step of session.scenario.steps) {
    if (step.kind !== 'run' || step.captures.length === 0) continue;
    if (!commandApplies(session, step, line, machine)) continue;
    if (step.expect !== null && !outputMeets(session, step, output)) continue;
    session.variables = { ...session.variables, ...captureFrom(step.captures, output.stdout).captured };
  }
}

/** The output meets the step's `expect` (a step without one accepts any output). */
function outputMeets(session: LessonSession, step: RunStep, output: LineResult): boolean {
  if (step.expect === null) return true;
  const expectation = substitute(step.expect, session.variables);
  return expectation.ok && checkOutput(expectation.value, output).holds;
}

/**
 * Marks the active goal met while it is an expect goal that holds now (a `within` goal) or has
 * held long enough (a `during` goal), moving on to the next each time.
 */
function settleGoals(session: LessonSession): void {
  const nowMs = lessonNowMs(session);
  for (let count = 0; count < session.goals.length; count++) {
    const before = activeGoal(session);
    if (before === null || !watchActiveGoal(session, nowMs)) return;
    assert(before.metAtMs !== null, 'a watched goal that stops the watch is met');
  }
}

/** Looks at the active goal at `nowMs`; returns true when it has just been met. */
function watchActiveGoal(session: LessonSession, nowMs: number): boolean {
  const goal = activeGoal(session);
  if (goal === null) return false;
  const step = session.scenario.steps[goal.stepIndex] as Step;
  if (step.kind !== 'expect') return false;
  const conditions = substitute(step.conditions, session.variables);
  if (!conditions.ok) return false;
  const driver = driverOf(session.target);
  if (
    step.timing === 'during' &&
    goal.holdingSinceMs !== null &&
    nowMs >= goal.holdingSinceMs + step.durationMs
  ) {
    goal.metAtMs = goal.holdingSinceMs + step.durationMs;
    return true;
  }
  const holds = checkConditions(driver, session.target, conditions.value).holds;
  if (step.timing === 'within') {
    if (holds) goal.metAtMs = nowMs;
    return holds;
  }
  if (!holds) goal.holdingSinceMs = null;
  else if (goal.holdingSinceMs === null) goal.holdingSinceMs = nowMs;
  return false;
}
