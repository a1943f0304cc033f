/**
 * `swarmsim grade LESSON.yaml SESSION.json [--json]`: replays a student's saved session (`save
 * FILE` in the shell) on the lesson and reports which goals were met. Exit 0 only when every goal
 * was met, 1 when some were not, 2 when a file is invalid, the session belongs to another lesson,
 * or the usage is wrong.
 */
import { files, scenario as scenarios } from '@swarmsim/swarm-sim';
import { Command } from 'commander';
import {
  type CliContext,
  type CliSubcommand,
  exitFailure,
  exitOk,
  exitUsage,
  printError,
} from './context.js';
import { readText } from './read-text.js';

interface GradeValues {
  readonly json?: boolean;
}

export const gradeSubcommand: CliSubcommand = {
  name: 'grade',
  register(program, context) {
    const command = new Command('grade')
      .copyInheritedSettings(program)
      .description('Replay a saved lesson session and report the goals it met (exit 0 when all were)')
      .argument('<lesson>', 'the lesson file (YAML, mode: exercise)')
      .argument('<session>', 'the session file the shell’s `save FILE` wrote (JSON)')
      .option('--json', 'print a machine-readable report')
      .action((lesson: string, session: string, values: GradeValues) => {
        context.exitCode = grade(lesson, session, values, context);
      });
    program.addCommand(command);
  },
};

function grade(lessonPath: string, sessionPath: string, values: GradeValues, context: CliContext): number {
  const invalid = (message: string): number => {
    printError(context, message);
    return exitUsage;
  };
  const lessonText = readText(lessonPath);
  if (!lessonText.ok) return invalid(lessonText.error);
  const lesson = scenarios.parseScenarioFile(lessonText.text, lessonPath);
  if (!lesson.ok) return invalid(files.formatFileErrors(lesson.errors));
  const sessionText = readText(sessionPath);
  if (!sessionText.ok) return invalid(sessionText.error);
  const session = scenarios.parseSession(sessionText.text, sessionPath);
  if (!session.ok) return invalid(files.formatFileErrors(session.errors));
  const graded = scenarios.gradeSession(lesson.scenario, session.session, sessionPath);
  if (!graded.ok) return invalid(graded.error);
  const report = graded.report;
  context.io.stdout.write(
    values.json === true
      ? `${JSON.stringify({ formatVersion: 1, ...report }, null, 2)}\n`
      : scenarios.formatGradeReport(report),
  );
  return report.passed ? exitOk : exitFailure;
}
