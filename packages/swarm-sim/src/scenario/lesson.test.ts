/**
 * Lessons (the scenario issue): a `mode: exercise` file's expectations are goals a student
 * reaches by typing; the tracker checks them after every event and every line, in order; a
 * session saves as a versioned JSON of its inputs and seed, and grading replays it exactly.
 */
import { describe, expect, test } from 'vitest';
import { lineMatchesCommand } from './command-check.js';
import { formatScenarioErrors, parseScenarioFile, type Scenario } from './format.js';
import { formatGradeReport, gradeSession } from './grade.js';
import {
  createLessonSession,
  type LessonSession,
  lessonAdvance,
  lessonComplete,
  lessonGoals,
  lessonNowMs,
  lessonRunLine,
  noFileReader,
} from './lesson.js';
import { parseSession, type SessionFile, serializeSession } from './session-file.js';
import { driverOf } from './targets.js';

function read(text: string, file = 'lesson.yaml'): Scenario {
  const parsed = parseScenarioFile(text, file);
  if (!parsed.ok) expect.fail(formatScenarioErrors(parsed.errors));
  return parsed.scenario;
}

const lessonText = `version: 1
title: Commit a value
mode: exercise
lab: 3
seed: 4
steps:
  - expect: { within: 5s, leader: any }
    note: Wait for the servers to elect a leader.
  - run: inspect
    capture: { leader: "leader (n\\\\d)" }
  - run: propose \${leader} set x 1
    expect: { exitCode: 0 }
    hint: Proposals go to the leader; inspect shows which server it is.
  - expect: { within: 5s, committed: { value: set x 1, on: all } }
  - expect: { during: 2s, leader: any }
`;

function start(text = lessonText, seed?: number): LessonSession {
  const created = createLessonSession(read(text), seed);
  if (!created.ok) expect.fail(created.error);
  return created.session;
}

function leaderOf(session: LessonSession): string {
  const leader = driverOf(session.target).leader(session.target).name;
  if (leader === null) expect.fail('no leader');
  return leader;
}

/** The student's path through the lesson: wait, look, propose to the leader, wait. */
function solve(session: LessonSession): void {
  lessonAdvance(session, 1000);
  lessonRunLine(session, 'inspect');
  lessonRunLine(session, `propose ${leaderOf(session)} set x 1`);
  lessonAdvance(session, 5000);
}

describe('goals: the expectations of an exercise, reached by typing', () => {
  test('the checklist starts with the first goal active, its note as text, and hints attached', () => {
    const goals = lessonGoals(start());
    expect(goals.map((goal) => [goal.text, goal.met, goal.active])).toEqual([
      ['Wait for the servers to elect a leader.', false, true],
      [`Run \`propose \${leader} set x 1\``, false, false],
      ['"set x 1" is committed on every node', false, false],
      ['There is a leader, for 2s', false, false],
    ]);
    expect(goals[1]?.hint).toBe('Proposals go to the leader; inspect shows which server it is.');
  });

  test('an expect goal is met at the virtual time its conditions became true, checked after every event', () => {
    const session = start();
    lessonAdvance(session, 1000);
    const [leaderGoal] = lessonGoals(session);
    expect(leaderGoal?.met).toBe(true);
    expect(leaderGoal?.metAtMs).toBeGreaterThan(0);
    expect(leaderGoal?.metAtMs).toBeLessThan(1000);
  });

  test(`a run goal needs the command (after its capture fills \${leader}) and the expected output`, () => {
    const session = start();
    lessonAdvance(session, 1000);
    const leader = leaderOf(session);
    const follower = ['n1', 'n2', 'n3'].find((node) => node !== leader) as string;
    lessonRunLine(session, 'inspect');
    expect(lessonGoals(session)[1]?.text).toBe(`Run \`propose ${leader} set x 1\``);
    lessonRunLine(session, `propose ${follower} set x 1`);
    expect(lessonGoals(session)[1]?.met).toBe(false);
    lessonRunLine(session, `propose ${leader} set x 1`);
    expect(lessonGoals(session)[1]).toMatchObject({ met: true, metAtMs: 1000 });
  });

  test('a during goal is met once its conditions have held that long, and the lesson completes', () => {
    const session = start();
    solve(session);
    const goals = lessonGoals(session);
    expect(goals.every((goal) => goal.met)).toBe(true);
    const committedAtMs = goals[2]?.metAtMs ?? 0;
    expect(goals[3]?.metAtMs).toBe(committedAtMs + 2000);
    expect(lessonComplete(session)).toBe(true);
  });

  test('goals are met in order: a later goal true from the start waits for the earlier ones', () => {
    const session = start(`version: 1
title: In order
mode: exercise
lab: 3
steps:
  - run: crash n1
    expect: { exitCode: 0 }
  - expect: { within: 1s, quorum: ok }
`);
    lessonAdvance(session, 2000);
    expect(lessonGoals(session).map((goal) => goal.met)).toEqual([false, false]);
    lessonRunLine(session, 'crash n1');
    // Two of three are still up: the quorum goal is met at once, at the moment of the crash.
    expect(lessonGoals(session).map((goal) => goal.metAtMs)).toEqual([2000, 2000]);
  });

  test('a demo scenario is not a lesson', () => {
    const created = createLessonSession(read('version: 1\ntitle: t\nlab: 3\nsteps:\n  - wait: 1s\n'));
    expect(created).toEqual({
      ok: false,
      error: 'lesson.yaml is not a lesson: add mode: exercise to make its expectations goals',
    });
  });
});

describe('a typed line meets a run goal when it has the same words in any order', () => {
  test.each([
    ['docker node update --label-add zone=east worker1', true],
    ['docker node update worker1 --label-add zone=east', true],
    ['docker node update --label-add=zone=east worker1', true],
    ['docker  node update "worker1" --label-add zone=east', true],
    ['docker node update --label-add zone=west worker1', false],
    ['docker node update --label-add zone=east worker1 --availability drain', false],
  ])('%s', (line, meets) => {
    expect(lineMatchesCommand(line, 'docker node update --label-add zone=east worker1')).toBe(meets);
  });

  test(`a word holding an unfilled \${variable} stands for any one word`, () => {
    expect(
      lineMatchesCommand(
        'docker swarm join --token SWMTKN-1-abc 10.0.0.1:2377',
        `docker swarm join --token \${token} 10.0.0.1:2377`,
      ),
    ).toBe(true);
    expect(
      lineMatchesCommand(
        'docker swarm join 10.0.0.1:2377',
        `docker swarm join --token \${token} 10.0.0.1:2377`,
      ),
    ).toBe(false);
  });
});

describe('sessions save as versioned JSON of their inputs and seed', () => {
  test('serialize then parse gives the inputs back, each with its virtual time and machine', () => {
    const session = start();
    solve(session);
    const text = serializeSession(session);
    const parsed = parseSession(text, 'session.json');
    if (!parsed.ok) expect.fail(JSON.stringify(parsed.errors));
    expect(parsed.session).toMatchObject({
      format: 'swarmsim-session',
      version: 1,
      lesson: { title: 'Commit a value', file: 'lesson.yaml' },
      seed: 4,
      endMs: 5000,
    });
    expect(parsed.session.inputs).toEqual([
      { atMs: 1000, machine: null, line: 'inspect' },
      { atMs: 1000, machine: null, line: `propose ${leaderOf(session)} set x 1` },
    ]);
    expect(text.endsWith('}\n')).toBe(true);
  });

  const valid = (): string => {
    const session = start();
    solve(session);
    return serializeSession(session);
  };

  function errors(text: string): string[] {
    const parsed = parseSession(text, 's.json');
    expect(parsed.ok).toBe(false);
    return parsed.ok
      ? []
      : parsed.errors.map((error) => `${error.line}:${error.column} ${error.path}: ${error.message}`);
  }

  test('a corrupt file says where and why: JSON syntax, with line and column', () => {
    const text = valid().replace('"seed": 4,', '"seed": 4');
    expect(errors(text)).toEqual([`6:3 : not valid JSON: Expected ',' or '}' after property value`]);
  });

  test('not a session file, or another format version: one clear error', () => {
    expect(errors('[1, 2]')).toEqual(['1:1 : expected a JSON object: this is not a swarmsim session file']);
    expect(errors('{"format": "compose", "version": 1}')).toEqual([
      '1:2 format: expected "format": "swarmsim-session": this is not a swarmsim session file',
    ]);
    expect(errors(valid().replace('"version": 1', '"version": 2'))).toEqual([
      '3:3 version: this swarmsim reads session format version 1, the file has version 2',
    ]);
  });

  test('bad fields are named by key path and position; inputs must be in time order', () => {
    const text = valid()
      .replace('"seed": 4', '"seed": -4')
      .replace('"atMs":1000,"machine":null,"line":"inspect"', '"atMs":1000.5,"machine":null,"line":"inspect"')
      .replace('"endMs": 5000', '"endMs": 5000, "student": "x"');
    expect(errors(text)).toEqual([
      '5:3 seed: expected at least 0, got -4',
      '7:6 inputs[0].atMs: expected an integer, got 1000.5',
      '11:18 : unknown key "student" (a session has format, version, lesson, seed, inputs, fileReads, endMs)',
    ]);
    const unordered = valid().replace(
      '"atMs":1000,"machine":null,"line":"propose',
      '"atMs":999,"machine":null,"line":"propose',
    );
    expect(errors(unordered)).toEqual([
      "8:6 inputs[1].atMs: 999 is before the previous input's 1000: inputs are in time order",
    ]);
  });
});

describe('grading replays a saved session exactly', () => {
  function graded(text: string, scenario = read(lessonText)) {
    const parsed = parseSession(text, 'session.json');
    if (!parsed.ok) expect.fail(JSON.stringify(parsed.errors));
    return gradeSession(scenario, parsed.session, 'session.json');
  }

  test('a session that meets every goal passes, with the same times the student saw', () => {
    const session = start();
    solve(session);
    const result = graded(serializeSession(session));
    if (!result.ok) expect.fail(result.error);
    expect(result.report.passed).toBe(true);
    expect(result.report.goals).toEqual(lessonGoals(session));
    expect(serializeSession(result.session)).toBe(serializeSession(session));
    expect(formatGradeReport(result.report)).toMatch(/^PASS 4 of 4 goals met \(virtual 5s\)$/m);
  });

  test('a session that stops early fails, listing the goals not met', () => {
    const session = start();
    lessonAdvance(session, 1000);
    lessonRunLine(session, 'inspect');
    const result = graded(serializeSession(session));
    if (!result.ok) expect.fail(result.error);
    expect(result.report.passed).toBe(false);
    expect(result.report.metCount).toBe(1);
    const text = formatGradeReport(result.report);
    expect(text).toContain('[ ] Run `propose ');
    expect(text).toMatch(/^FAIL 1 of 4 goals met/m);
  });

  test('a session from another lesson is refused; a changed lesson is graded with a warning', () => {
    const session = start();
    solve(session);
    const text = serializeSession(session);
    const other = read(lessonText.replace('title: Commit a value', 'title: Something else'));
    expect(graded(text, other)).toEqual({
      ok: false,
      error: 'session.json was saved from the lesson "Commit a value", not "Something else" (lesson.yaml)',
    });
    const changed = read(lessonText.replace('during: 2s', 'during: 1s'));
    const result = graded(text, changed);
    if (!result.ok) expect.fail(result.error);
    expect(result.report.warnings).toEqual([
      'the lesson changed since the session was saved: grading against the current lesson.yaml',
    ]);
  });

  test('a session whose times do not fit the replay is refused, not graded', () => {
    const session = start();
    solve(session);
    const file = JSON.parse(serializeSession(session)) as SessionFile;
    const edited = { ...file, endMs: 10 };
    const parsed = parseSession(JSON.stringify(edited), 'session.json');
    expect(parsed.ok).toBe(false);
    const early: SessionFile = { ...file, inputs: [{ atMs: 0, machine: 'n9', line: 'inspect' }] };
    const result = gradeSession(read(lessonText), early, 'session.json');
    expect(result).toEqual({
      ok: false,
      error: 'session.json: inputs[0] ran on "n9", which this lesson\'s cluster does not have',
    });
  });
});

describe('files the shell reads are inputs too', () => {
  const stackLesson = `version: 1
title: Deploy a stack
mode: exercise
preset: 1m1w
steps:
  - run: docker stack deploy -c web.yml shop
    expect: { exitCode: 0 }
  - expect: { within: 1m, service: { name: shop_web, running: 2, converged: true } }
`;
  const compose = (replicas: number) =>
    `services:\n  web:\n    image: nginx\n    deploy:\n      replicas: ${replicas}\n`;

  test('a session records what the shell read, and grading serves that, not the disk', () => {
    const disk = new Map([['web.yml', compose(2)]]);
    const io = {
      readFile: (path: string) => {
        const text = disk.get(path);
        return text === undefined
          ? { ok: false as const, error: 'no such file or directory' }
          : { ok: true as const, text };
      },
    };
    const session = start(stackLesson);
    lessonRunLine(session, 'docker stack deploy -c missing.yml shop', io);
    lessonRunLine(session, 'docker stack deploy -c web.yml shop', io);
    lessonAdvance(session, lessonNowMs(session) + 60_000);
    expect(lessonComplete(session)).toBe(true);
    expect(session.fileReads).toEqual([
      { path: 'missing.yml', result: { ok: false, error: 'no such file or directory' } },
      { path: 'web.yml', result: { ok: true, text: compose(2) } },
    ]);
    // The student's file changes after the save: the grade does not.
    disk.set('web.yml', compose(5));
    const parsed = parseSession(serializeSession(session), 'session.json');
    if (!parsed.ok) expect.fail(JSON.stringify(parsed.errors));
    const graded = gradeSession(read(stackLesson), parsed.session, 'session.json');
    if (!graded.ok) expect.fail(graded.error);
    expect(graded.report.passed).toBe(true);
    expect(serializeSession(graded.session)).toBe(serializeSession(session));
  });

  test('without a reader the shell says so, and the session records that answer', () => {
    const session = start(stackLesson);
    const output = lessonRunLine(session, 'docker stack deploy -c web.yml shop');
    expect(output.stderr).toBe('open web.yml: no files can be read in this shell\n');
    expect(session.fileReads).toEqual([{ path: 'web.yml', result: noFileReader }]);
  });
});
