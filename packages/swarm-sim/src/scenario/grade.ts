/**
 * Grading a saved session: the lesson's cluster is rebuilt from the session's seed, every input
 * is replayed at its virtual time on its machine, the clock runs to the moment the session was
 * saved, and the goals are read off. Deterministic replay makes this the student's own run, not a
 * re-enactment. A session from another lesson, or one whose times do not fit a real session, is an
 * error (exit 2 in `swarmsim grade`), never a grade.
 */
import type { FileReadResult } from '../cli/docker-context.js';
import { formatDuration } from '../units.js';
import type { Scenario } from './format.js';
import {
  createLessonSession,
  type FileRead,
  type LessonGoal,
  type LessonSession,
  lessonAdvance,
  lessonGoals,
  lessonNowMs,
  lessonRunLineOn,
} from './lesson.js';
import { lessonDigest, type SessionFile } from './session-file.js';
import { driverOf } from './targets.js';

export interface GradeReport {
  readonly lesson: string;
  readonly title: string;
  readonly session: string;
  readonly seed: number;
  readonly goals: readonly LessonGoal[];
  readonly metCount: number;
  /** Every goal was met. */
  readonly passed: boolean;
  /** Things a grader should know that do not stop the grade (the lesson changed since). */
  readonly warnings: readonly string[];
  readonly endMs: number;
}

export type GradeResult =
  | { readonly ok: true; readonly report: GradeReport; readonly session: LessonSession }
  | { readonly ok: false; readonly error: string };

/** Replays `file` (read from `sessionName`) on `scenario` and reports its goals. */
export function gradeSession(scenario: Scenario, file: SessionFile, sessionName: string): GradeResult {
  if (file.lesson.title !== scenario.title) {
    return {
      ok: false,
      error: `${sessionName} was saved from the lesson "${file.lesson.title}", not "${scenario.title}" (${scenario.file})`,
    };
  }
  const created = createLessonSession(scenario, file.seed);
  if (!created.ok) return created;
  const session = created.session;
  const driver = driverOf(session.target);
  const served: number[] = [];
  for (const [index, input] of file.inputs.entries()) {
    const nowMs = lessonNowMs(session);
    if (input.atMs < nowMs) {
      return {
        ok: false,
        error: `${sessionName}: inputs[${index}] at ${input.atMs}ms comes before the replay's clock (${nowMs}ms, after the previous line ran): the session does not match this lesson or was edited`,
      };
    }
    if (input.machine !== null && !driver.hasMachine(session.target, input.machine)) {
      return {
        ok: false,
        error: `${sessionName}: inputs[${index}] ran on "${input.machine}", which this lesson's cluster does not have`,
      };
    }
    lessonAdvance(session, input.atMs);
    const columns = input.columns === undefined ? {} : { terminalWidthColumns: input.columns };
    lessonRunLineOn(session, input.line, input.machine, {
      ...columns,
      readFile: (path) => replayRead(file, served, path),
    });
  }
  if (file.endMs < lessonNowMs(session)) {
    return {
      ok: false,
      error: `${sessionName}: endMs ${file.endMs} comes before the replay's clock (${lessonNowMs(session)}ms): the session does not match this lesson or was edited`,
    };
  }
  lessonAdvance(session, file.endMs);
  const goals = lessonGoals(session);
  const metCount = goals.filter((goal) => goal.met).length;
  const warnings =
    file.lesson.digest === lessonDigest(scenario)
      ? []
      : [`the lesson changed since the session was saved: grading against the current ${scenario.file}`];
  const report: GradeReport = {
    lesson: scenario.file,
    title: scenario.title,
    session: sessionName,
    seed: file.seed,
    goals,
    metCount,
    passed: metCount === goals.length,
    warnings,
    endMs: lessonNowMs(session),
  };
  return { ok: true, report, session };
}

/**
 * The next recorded read of `path`: the shell gets what it got when the student ran the line.
 * `served` marks the reads already handed out (indexes into `file.fileReads`).
 */
function replayRead(file: SessionFile, served: number[], path: string): FileReadResult {
  const index = file.fileReads.findIndex(
    (read, position) => read.path === path && !served.includes(position),
  );
  if (index < 0) return { ok: false, error: 'the saved session holds no read of this file' };
  served.push(index);
  return (file.fileReads[index] as FileRead).result;
}

export function formatGradeReport(report: GradeReport): string {
  const lines = [`${report.lesson}: ${report.title}`, `  session ${report.session}, SEED=${report.seed}`];
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  for (const goal of report.goals) {
    const when = goal.metAtMs === null ? '' : ` (met at ${formatDuration(goal.metAtMs)})`;
    lines.push(`  [${goal.met ? 'x' : ' '}] ${goal.text}${when}`);
  }
  const verdict = report.passed ? 'PASS' : 'FAIL';
  lines.push(
    `${verdict} ${report.metCount} of ${report.goals.length} goals met (virtual ${formatDuration(report.endMs)})`,
    '',
  );
  return lines.join('\n');
}
