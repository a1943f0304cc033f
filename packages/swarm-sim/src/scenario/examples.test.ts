/**
 * Every shipped example runs with its expected outcome (the scenario issue): each scenario in
 * examples/scenarios passes on its own seed and two more (a scenario marked `expectFailure` fails
 * as expected), each lesson in examples/lessons is solvable by playing its steps, and each file
 * opens with a comment saying what it teaches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ShellIo } from '../cli/run-line.js';
import { formatScenarioErrors, parseScenarioFile, type Scenario } from './format.js';
import {
  createLessonSession,
  type LessonSession,
  lessonAdvance,
  lessonGoals,
  lessonNowMs,
  lessonRunLine,
} from './lesson.js';
import { formatScenarioReport } from './report.js';
import { runScenario } from './runner.js';
import { substituteText } from './variables.js';

const repositoryDirectory = fileURLToPath(new URL('../../../../', import.meta.url));
const examplesDirectory = `${repositoryDirectory}examples/`;

/** The shell reads files from the repository's root, as `swarmsim run` there would. */
const repositoryIo: ShellIo = {
  readFile(path) {
    try {
      return { ok: true, text: readFileSync(`${repositoryDirectory}${path}`, 'utf8') };
    } catch {
      return { ok: false, error: 'no such file or directory' };
    }
  },
};

function exampleFiles(folder: string): string[] {
  return readdirSync(`${examplesDirectory}${folder}`)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

const scenarioFiles = exampleFiles('scenarios');
const lessonFiles = exampleFiles('lessons');

function read(file: string): { text: string; scenario: Scenario } {
  const text = readFileSync(`${examplesDirectory}${file}`, 'utf8');
  const parsed = parseScenarioFile(text, `examples/${file}`);
  if (!parsed.ok) expect.fail(formatScenarioErrors(parsed.errors));
  return { text, scenario: parsed.scenario };
}

/** The file's seed and the next two: a scenario must not pass by the luck of one seed. */
const seedsPerExample = 3;

describe.each(scenarioFiles)('examples/%s', (file) => {
  test('opens with a comment saying what it teaches', () => {
    expect(read(file).text).toMatch(/^# Teaches: \S/);
  });

  test('passes on three seeds', () => {
    const { scenario } = read(file);
    for (let offset = 0; offset < seedsPerExample; offset++) {
      const report = runScenario(scenario, { seed: scenario.seed + offset, io: repositoryIo });
      if ('error' in report) expect.fail(report.error);
      if (!report.passed) expect.fail(formatScenarioReport(report));
      if (scenario.expectFailure) expect(report.failure).not.toBeNull();
    }
  });
});

describe('expected failures fail for the reason they teach', () => {
  test('Figure 8 with the unsafe switch: the safety checker catches the lost commit', () => {
    const report = runScenario(read('scenarios/lab-figure8-unsafe.yaml').scenario);
    expect('failure' in report && report.failure).toMatchObject({
      kind: 'violation',
      message:
        'Raft safety violated: leaderCompleteness: n5 became leader of term 4 without committed entry 2 (term 1)',
    });
  });

  test('without PreVote the returning server deposes the leader; with it, the same file passes', () => {
    const without = runScenario(read('scenarios/lab-no-prevote-flapping.yaml').scenario);
    expect('failure' in without && without.failure?.message).toMatch(
      /^stopped holding at .*: n\d is the leader; seen: /,
    );
    const withPreVote = runScenario(read('scenarios/lab-prevote-flapping.yaml').scenario);
    expect('passed' in withPreVote && withPreVote.passed).toBe(true);
  });
});

describe.each(lessonFiles)('examples/%s', (file) => {
  test('is an exercise whose goals have text, opening with what it teaches', () => {
    const { text, scenario } = read(file);
    expect(text).toMatch(/^# Teaches: \S/);
    expect(scenario.mode).toBe('exercise');
  });

  test('is solvable: its steps, played, meet every goal', () => {
    const report = runScenario(read(file).scenario, { io: repositoryIo });
    if ('error' in report) expect.fail(report.error);
    if (!report.passed) expect.fail(formatScenarioReport(report));
  });
});

/** Types a lesson's own commands into a lesson session, as a student following it would. */
function solveAsStudent(scenario: Scenario): LessonSession {
  const created = createLessonSession(scenario);
  if (!created.ok) expect.fail(created.error);
  const session = created.session;
  for (const step of scenario.steps) {
    if (step.kind === 'wait' || step.kind === 'expect') {
      lessonAdvance(session, lessonNowMs(session) + step.durationMs);
      continue;
    }
    const missing: string[] = [];
    const line = substituteText(step.command, session.variables, missing);
    expect(missing, `${step.command}: its variables were captured`).toEqual([]);
    if (step.on !== null)
      lessonRunLine(session, `use ${substituteText(step.on, session.variables, missing)}`);
    lessonRunLine(session, line, repositoryIo);
  }
  return session;
}

describe.each(lessonFiles)('examples/%s, typed by a student', (file) => {
  test('typing its commands meets every goal, in order', () => {
    const session = solveAsStudent(read(file).scenario);
    const unmet = lessonGoals(session).filter((goal) => !goal.met);
    expect(unmet).toEqual([]);
  });
});

test('the library has at least a dozen scenarios', () => {
  expect(scenarioFiles.length).toBeGreaterThanOrEqual(12);
});
