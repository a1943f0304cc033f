/**
 * `swarmsim run` and `swarmsim grade` as an instructor uses them (the scenario issue): reports
 * with virtual times, exit codes 0 / 1 / 2, `--seed` reproducing a failure, `--seeds` sweeps,
 * `--json` for graders, `--trace`, precise errors for broken files, and grading a saved session.
 * The subcommands run in-process on a program that registers only them, with memory streams.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { scenario as scenarios } from '@swarmsim/swarm-sim';
import { Command, CommanderError } from 'commander';
import { describe, expect, test } from 'vitest';
import type { CliContext } from './context.js';
import { gradeSubcommand } from './grade.js';
import type { CliIo } from './io.js';
import { runSubcommand } from './run.js';

const examples = fileURLToPath(new URL('../../../../examples/scenarios/', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'swarmsim-run-'));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `swarmsim ARGV` with only `run` and `grade` registered, as program.ts would. */
async function swarmsim(...argv: string[]): Promise<Ran> {
  const collect = () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    return { stream, text: () => chunks.join('') };
  };
  const stdout = collect();
  const stderr = collect();
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: stdout.stream,
    stderr: stderr.stream,
    interactive: false,
    writeFile: (path, text) => {
      writeFileSync(path, text);
      return null;
    },
    randomSeed: () => 1,
  };
  const context: CliContext = { io, exitCode: 0 };
  const program = new Command('swarmsim').exitOverride().configureOutput({
    writeOut: (text) => stdout.stream.write(text),
    writeErr: (text) => stderr.stream.write(text),
  });
  runSubcommand.register(program, context);
  gradeSubcommand.register(program, context);
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = context.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const passing = file(
  'passing.yaml',
  `version: 1
title: A leader is elected
lab: 3
steps:
  - expect: { within: 2s, leader: any }
`,
);

/** Loses its leader for a moment on some seeds only: a partitioned follower returns (no PreVote). */
const flaky = file(
  'flaky.yaml',
  `version: 1
title: The leader survives a follower's return
lab: 3
steps:
  - expect: { within: 2s, leader: any }
  - run: inspect
    capture: { leader: "leader (n\\\\d)", follower: "(n\\\\d) follower" }
  - run: disconnect \${follower}
  - wait: 500ms
  - run: reconnect \${follower}
  - expect: { during: 1s, leader: "\${leader}" }
`,
);

describe('swarmsim run FILE', () => {
  test('a passing file: each step with its virtual time, the seed first, exit 0', async () => {
    const ran = await swarmsim('run', passing);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /SEED=1\n {2}ok +\d+ms {2}step 1 +line 5 +expect within 2s: there is a leader \(true at \d+ms\)\n/,
    );
    expect(ran.stdout).toMatch(/^PASS .*passing\.yaml \(seed 1, virtual \d+ms\): every expectation held$/m);
    expect(ran.stdout).toMatch(/^1 of 1 runs passed \(\d+ ms\)$/m);
  });

  test('a failing run prints expected, seen and the reproduce line; its --seed reproduces it exactly (exit 1)', async () => {
    const sweep = await swarmsim('run', flaky, '--seeds', '1..12', '--json');
    const document = JSON.parse(sweep.stdout) as { runs: scenarios.ScenarioReport[] };
    const failing = document.runs.find((report) => !report.passed);
    expect(failing).toBeDefined();
    expect(sweep.code).toBe(1);
    const seed = String(failing?.seed);
    const again = await swarmsim('run', flaky, '--seed', seed);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`reproduce with: swarmsim run ${flaky} --seed ${seed}`);
    expect(again.stdout).toMatch(/ {9}expected: n\d is the leader\n {9}seen: {5}/);
    const json = await swarmsim('run', flaky, '--seed', seed, '--json');
    const [report] = (JSON.parse(json.stdout) as { runs: scenarios.ScenarioReport[] }).runs;
    expect(report).toEqual(failing);
  });

  test('--seeds sweeps: one line per failing run, a count per file, exit 1 if any failed', async () => {
    const ran = await swarmsim('run', passing, flaky, '--seeds', '1..12');
    expect(ran.stdout).toMatch(/passing\.yaml: 12 of 12 seeds passed \(\d+ ms\)/);
    expect(ran.stdout).toMatch(/^FAIL .*flaky\.yaml seed \d+: failed at step 6/m);
    expect(ran.stdout).toMatch(/^ {5}reproduce with: swarmsim run .*flaky\.yaml --seed \d+$/m);
    expect(ran.code).toBe(1);
  });

  test('an expectFailure scenario passes when it fails, and says so', async () => {
    const ran = await swarmsim('run', join(examples, 'lab-figure8-unsafe.yaml'));
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('(expectFailure: this scenario shows a bug and passes when it fails)');
    expect(ran.stdout).toMatch(
      /^PASS .* failed as expected at step \d+ \(line \d+\) at \d+ms: Raft safety violated: leaderCompleteness/m,
    );
  });

  test('--trace writes the run’s trace as JSON Lines', async () => {
    const trace = join(directory, 'trace.jsonl');
    const ran = await swarmsim('run', passing, '--trace', trace);
    expect(ran.code).toBe(0);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    const events = lines.map((line) => JSON.parse(line) as { id: number; kind: string; role?: string });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.some((event) => event.kind === 'role' && event.role === 'leader')).toBe(true);
  });
});

describe('invalid files and usage exit 2 with a precise message', () => {
  test('a broken file names file, line, column and key; other files still run', async () => {
    const broken = file(
      'broken.yaml',
      'version: 1\ntitle: t\nlab: 3\nsteps:\n  - expect: { within: 2s, leader: n7 }\n  - wait: 30\n',
    );
    const ran = await swarmsim('run', broken, passing);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      `${broken}:6:5: steps[1].wait: expected a duration like 10s, 1m30s or 500ms, got 30\n`,
    );
    expect(ran.stdout).toMatch(/^1 of 1 runs passed, 1 invalid file \(\d+ ms\)$/m);
  });

  test('a missing file', async () => {
    const ran = await swarmsim('run', join(directory, 'nope.yaml'));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`${join(directory, 'nope.yaml')}: no such file or directory\n`);
  });

  test('--json lists invalid files with their positions', async () => {
    const broken = file('typo.yaml', 'version: 1\ntitel: t\nlab: 3\nsteps:\n  - wait: 1s\n');
    const ran = await swarmsim('run', broken, '--json');
    expect(ran.code).toBe(2);
    expect(JSON.parse(ran.stdout).invalid).toContainEqual({
      file: broken,
      line: 2,
      column: 1,
      path: '',
      message: 'unknown key "titel" (did you mean "title"?)',
    });
  });

  test.each([
    [['run'], /missing required argument 'files'/],
    [['run', passing, '--seeds', '5..1'], /the range ends before it starts/],
    [['run', passing, '--seed', '1', '--seeds', '1..3'], /cannot be used with option '--seeds/],
    [['run', passing, flaky, '--trace', 'x.jsonl'], /--trace writes the trace of one run/],
    [['grade', passing], /missing required argument 'session'/],
  ])('swarmsim %j', async (argv, message) => {
    const ran = await swarmsim(...argv);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
  });
});

const lesson = file(
  'lesson.yaml',
  `version: 1
title: Commit a value
mode: exercise
lab: 3
steps:
  - expect: { within: 5s, leader: any }
  - run: inspect
    capture: { leader: "leader (n\\\\d)" }
  - run: propose \${leader} set x 1
    expect: { exitCode: 0 }
  - expect: { within: 5s, committed: { value: set x 1, on: all } }
`,
);

function savedSession(solve: boolean): string {
  const parsed = scenarios.parseScenarioFile(readFileSync(lesson, 'utf8'), lesson);
  if (!parsed.ok) expect.fail('lesson');
  const created = scenarios.createLessonSession(parsed.scenario);
  if (!created.ok) expect.fail(created.error);
  const session = created.session;
  scenarios.lessonAdvance(session, 1000);
  scenarios.lessonRunLine(session, 'inspect');
  if (solve) {
    const leader = scenarios.driverOf(session.target).leader(session.target).name;
    scenarios.lessonRunLine(session, `propose ${leader} set x 1`);
  }
  scenarios.lessonAdvance(session, 3000);
  const path = join(directory, solve ? 'solved.json' : 'unsolved.json');
  writeFileSync(path, scenarios.serializeSession(session));
  return path;
}

describe('swarmsim grade LESSON SESSION', () => {
  test('a session that meets every goal: exit 0', async () => {
    const ran = await swarmsim('grade', lesson, savedSession(true));
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/\[x\] "set x 1" is committed on every node \(met at [\d.]+m?s\)/);
    expect(ran.stdout).toMatch(/^PASS 3 of 3 goals met \(virtual 3s\)$/m);
  });

  test('a session that does not: exit 1, the unmet goals unticked', async () => {
    const ran = await swarmsim('grade', lesson, savedSession(false), '--json');
    expect(ran.code).toBe(1);
    const report = JSON.parse(ran.stdout) as scenarios.GradeReport;
    expect(report.goals.map((goal) => goal.met)).toEqual([true, false, false]);
  });

  test('a corrupt session file: exit 2, with where and why', async () => {
    const corrupt = file(
      'corrupt.json',
      readFileSync(savedSession(true), 'utf8').replace('"seed": 1', '"seed": "one"'),
    );
    const ran = await swarmsim('grade', lesson, corrupt);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`${corrupt}:5:3: seed: expected an integer, got "one"\n`);
  });

  test('a session saved from another lesson: exit 2', async () => {
    const other = file(
      'other.yaml',
      readFileSync(lesson, 'utf8').replace('Commit a value', 'Another lesson'),
    );
    const ran = await swarmsim('grade', other, savedSession(true));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/was saved from the lesson "Commit a value", not "Another lesson"/);
  });
});
