/**
 * A scenario played as a demo (`swarmsim --scenario FILE`): the scenario's cluster runs on the
 * app's clock, and its steps and expectations tick off the checklist as they pass, or show why
 * they failed. swarm-sim's runner decides every outcome (`runNextStep`); the app only paces it.
 *
 * Pacing: the runner plays a step at once (a `wait 5s` runs five virtual seconds in one call). To
 * let the student watch, the next step is played AHEAD on a copy of the run, which says when the
 * step ends; the real cluster then runs to that moment on the clock, event by event as ever, and
 * there the copy takes over (with its report). The world is deterministic, so the copy is exactly
 * what the real cluster became. A line typed meanwhile changes the world: the step is played
 * ahead again from the new state.
 */

import type { GoalView, SandboxView, scenario as scenarios } from '@swarmsim/swarm-sim';
import { scenario } from '@swarmsim/swarm-sim';
import type { CommandResult } from '../app/controller.js';
import { readShellFile } from '../cli/read-text.js';
import type { AdvanceResult, ClockSettings, LoadResult, WorldDriver } from './driver.js';
import { labLine } from './lab-driver.js';
import {
  advanceTarget,
  boundTrace,
  stepTarget,
  targetCompletion,
  targetFingerprint,
  targetHelp,
  targetSteps,
  targetView,
} from './target-driver.js';

type ScenarioRun = scenarios.ScenarioRun;

/** A scenario being played: plain data (both runs can be cloned for time travel). */
export interface ScenarioPlay {
  run: ScenarioRun;
  /** The next step, already played on a copy: the run becomes the copy when the clock reaches `endMs`. */
  ahead: { readonly run: ScenarioRun; readonly endMs: number } | null;
}

export type CreateScenarioPlayResult =
  | { readonly ok: true; readonly play: ScenarioPlay }
  | { readonly ok: false; readonly error: string };

export function createScenarioPlay(
  text: string,
  fileName: string,
  seed: number | null,
): CreateScenarioPlayResult {
  const parsed = scenario.parseScenarioFile(text, fileName);
  if (!parsed.ok) return { ok: false, error: scenario.formatScenarioErrors(parsed.errors) };
  const lab = parsed.scenario.cluster.kind === 'lab';
  const started = scenario.startScenario(parsed.scenario, {
    ...(seed === null ? {} : { seed }),
    traceLevel: lab ? 'full' : 'reduced',
  });
  if (!started.ok) return started;
  boundTrace(started.run.target);
  return { ok: true, play: { run: started.run, ahead: null } };
}

const nowOf = (run: ScenarioRun) => scenario.driverOf(run.target).nowMs(run.target);

/**
 * Plays the next step on a copy. A step that takes no virtual time (most `run` steps) takes over
 * at once, and so does the one after it, until a step needs the clock or the scenario is done.
 */
function playAhead(play: ScenarioPlay): void {
  for (let count = 0; count <= play.run.scenario.steps.length; count++) {
    if (play.ahead !== null || scenario.scenarioDone(play.run)) return;
    const copy = structuredClone(play.run);
    scenario.runNextStep(copy, { readFile: readShellFile });
    const endMs = nowOf(copy);
    if (endMs > nowOf(play.run)) {
      play.ahead = { run: copy, endMs };
      return;
    }
    play.run = copy;
  }
}

function advance(play: ScenarioPlay, untilMs: number, stepsMax: number): AdvanceResult {
  let steps = 0;
  for (let round = 0; round <= scenario.stepsMax + 1; round++) {
    playAhead(play);
    const stopMs = Math.min(untilMs, play.ahead?.endMs ?? untilMs);
    const before = targetSteps(play.run.target);
    const result = advanceTarget(play.run.target, stopMs, stepsMax - steps);
    steps += targetSteps(play.run.target) - before;
    if (!result.reached) return { steps, reached: false };
    if (play.ahead !== null && nowOf(play.run) >= play.ahead.endMs) {
      play.run = play.ahead.run;
      play.ahead = null;
      continue;
    }
    if (nowOf(play.run) >= untilMs || steps >= stepsMax)
      return { steps, reached: nowOf(play.run) >= untilMs };
  }
  return { steps, reached: nowOf(play.run) >= untilMs };
}

function runLine(play: ScenarioPlay, line: string): CommandResult {
  const target = play.run.target;
  const before = targetFingerprint(target);
  const typed = target.kind === 'lab' ? labLine(line) : line;
  const result = scenario.driverOf(target).runLine(target, typed, null, { readFile: readShellFile });
  // The world changed under the step played ahead: play it again from here.
  if (targetFingerprint(target) !== before) play.ahead = null;
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

/** Every step as a line of the checklist: met when it passed; a failure says why. */
export function scenarioGoals(play: ScenarioPlay): GoalView[] {
  const { run } = play;
  return run.scenario.steps.map((step, index): GoalView => {
    const report = run.steps[index];
    if (report === undefined) {
      // Not played yet: in the words the runner will use, with the variables captured so far.
      const substituted = scenario.substitute(step, run.variables);
      const text = scenario.describeStep(substituted.ok ? substituted.value : step);
      return step.note === null ? { text, met: false } : { text, met: false, hint: step.note };
    }
    const text = report.summary;
    if (report.outcome === 'pass') return { text, met: true };
    if (report.outcome === 'skipped') return { text: `(skipped) ${text}`, met: false };
    const why =
      report.expected === null
        ? (run.failure?.message ?? '')
        : `expected ${report.expected}; saw ${report.seen}`;
    return { text: `FAILED ${text}`, met: false, hint: why };
  });
}

function title(play: ScenarioPlay): string {
  const { run } = play;
  if (!scenario.scenarioDone(run)) return run.scenario.title;
  return `${run.scenario.title}: ${scenario.scenarioReport(run).passed ? 'passed' : 'FAILED'}`;
}

function view(play: ScenarioPlay, clock: ClockSettings): SandboxView {
  const base = targetView(play.run.target, clock);
  return { ...base, status: { ...base.status, scenarioTitle: title(play) }, goals: scenarioGoals(play) };
}

export const scenarioDriver: WorldDriver<ScenarioPlay> = {
  nowMs: (play) => nowOf(play.run),
  fingerprint: (play) => `${targetFingerprint(play.run.target)}/${play.run.nextStep}`,
  advance,
  stepEvent: (play) => stepTarget(play.run.target),
  runLine,
  view,
  completion: (play) => targetCompletion(play.run.target),
  help: (play) => targetHelp(play.run.target),
  snapshot: (play) => structuredClone(play),
  serialize: () => ({
    ok: false,
    error:
      'a scenario demo is not saved: it replays from its file (swarmsim --scenario FILE --seed S); save works in the sandbox, the lab and lessons',
  }),
  load: (): LoadResult<ScenarioPlay> => ({
    ok: false,
    error: 'a scenario replays from its file: open it again with swarmsim --scenario FILE --seed S',
  }),
};
