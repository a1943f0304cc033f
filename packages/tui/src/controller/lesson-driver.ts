/**
 * A lesson in the app (`swarmsim --lesson FILE`): the lesson's cluster, with its goals as a
 * checklist that ticks as the student reaches them (swarm-sim's `LessonSession` decides when a
 * goal is met, and records every line for grading). The first goal not met shows its hint, and
 * `hint` at the prompt prints it (a request, not an act: it is not recorded). `save`
 * writes swarm-sim's session file, which `swarmsim grade` reads; `load` replays one.
 */

import { files, type SandboxView, scenario } from '@swarmsim/swarm-sim';
import type { CommandResult } from '../app/controller.js';
import { readShellFile } from '../cli/read-text.js';
import type { AdvanceResult, ClockSettings, LoadResult, WorldDriver } from './driver.js';
import { labLine } from './lab-driver.js';
import {
  stepTarget,
  targetCompletion,
  targetFingerprint,
  targetHelp,
  targetSteps,
  targetView,
} from './target-driver.js';

type LessonSession = scenario.LessonSession;

/**
 * Virtual time one `lessonAdvance` call may cover: goals are checked after every event within it,
 * and the controller's bound on events per slice is checked between two calls.
 */
export const lessonChunkMs = 50;

export type CreateLessonPlayResult =
  | { readonly ok: true; readonly session: LessonSession }
  | { readonly ok: false; readonly error: string };

/** Reads a lesson file and starts a session on it. */
export function createLessonPlay(
  text: string,
  fileName: string,
  seed: number | null,
): CreateLessonPlayResult {
  const parsed = scenario.parseScenarioFile(text, fileName);
  if (!parsed.ok) return { ok: false, error: scenario.formatScenarioErrors(parsed.errors) };
  const created = scenario.createLessonSession(parsed.scenario, seed ?? parsed.scenario.seed);
  return created;
}

function advance(session: LessonSession, untilMs: number, stepsMax: number): AdvanceResult {
  const stepsBefore = targetSteps(session.target);
  for (let chunk = 0; chunk < 1_000_000; chunk++) {
    const nowMs = scenario.lessonNowMs(session);
    if (nowMs >= untilMs) return { steps: targetSteps(session.target) - stepsBefore, reached: true };
    if (targetSteps(session.target) - stepsBefore >= stepsMax) break;
    scenario.lessonAdvance(session, Math.min(untilMs, nowMs + lessonChunkMs));
  }
  return { steps: targetSteps(session.target) - stepsBefore, reached: false };
}

/** `hint`: the hint of the goal being worked on, on request. */
function hintFor(session: LessonSession): CommandResult {
  const active = scenario.lessonGoals(session).find((goal) => goal.active);
  if (active === undefined)
    return { stdout: 'Every goal is met: the lesson is done.\n', stderr: '', exitCode: 0 };
  const hint = active.hint ?? 'no hint for this goal: read its text again, and look at the panes';
  return { stdout: `${active.text}\nhint: ${hint}\n`, stderr: '', exitCode: 0 };
}

function runLine(session: LessonSession, line: string): CommandResult {
  if (line.trim() === 'hint') return hintFor(session);
  const typed = session.target.kind === 'lab' ? labLine(line) : line;
  const result = scenario.lessonRunLine(session, typed, { readFile: readShellFile });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

function view(session: LessonSession, clock: ClockSettings): SandboxView {
  const base = targetView(session.target, clock);
  return {
    ...base,
    status: { ...base.status, scenarioTitle: session.scenario.title },
    goals: scenario.lessonGoalViews(session),
  };
}

/** The driver for one lesson (it needs the lesson to load a saved session of it). */
export function lessonDriver(lesson: scenario.Scenario): WorldDriver<LessonSession> {
  return {
    nowMs: (session) => scenario.lessonNowMs(session),
    fingerprint: (session) => `${targetFingerprint(session.target)}/${session.inputs.length}`,
    advance,
    stepEvent: (session) => stepTarget(session.target),
    runLine,
    view,
    completion: (session) => {
      const candidates = targetCompletion(session.target);
      return {
        ...candidates,
        commands: [{ words: ['hint'], flags: [], argument: 'none' }, ...candidates.commands],
      };
    },
    help: (session) =>
      `Lesson:\n  hint                   the hint for the goal you are working on\n\n${targetHelp(session.target)}`,
    snapshot: (session) => structuredClone(session),
    serialize: (session) => ({ ok: true, text: scenario.serializeSession(session) }),
    load: (text, fileName) => loadLesson(lesson, text, fileName),
  };
}

function loadLesson(lesson: scenario.Scenario, text: string, fileName: string): LoadResult<LessonSession> {
  const parsed = scenario.parseSession(text, fileName);
  if (!parsed.ok) return { ok: false, error: files.formatFileErrors(parsed.errors).trimEnd() };
  const graded = scenario.gradeSession(lesson, parsed.session, fileName);
  if (!graded.ok) return graded;
  return { ok: true, world: graded.session, clock: null };
}
