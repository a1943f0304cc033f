/**
 * The scenario runner on the Raft lab (the scenario issue): steps play in order on virtual time,
 * `within` reports when its conditions became true, `during` when they first broke, the Raft
 * safety checkers fail a run the moment they find a violation, `expectFailure` inverts the
 * verdict, and a run replays exactly from its seed.
 */
import { describe, expect, test } from 'vitest';
import { formatScenarioErrors, parseScenarioFile, type Scenario } from './format.js';
import { formatScenarioReport, scenarioReportsJson } from './report.js';
import {
  runNextStep,
  runScenario,
  runToEnd,
  type ScenarioReport,
  scenarioReport,
  scenarioTraceJsonLines,
  startScenario,
} from './runner.js';

function read(text: string, file = 'scenario.yaml'): Scenario {
  const parsed = parseScenarioFile(text, file);
  if (!parsed.ok) expect.fail(formatScenarioErrors(parsed.errors));
  return parsed.scenario;
}

function run(text: string, seed?: number): ScenarioReport {
  const report = runScenario(read(text), seed === undefined ? {} : { seed });
  if ('error' in report) expect.fail(report.error);
  return report;
}

const lab = (steps: string, extra = '') => `version: 1\ntitle: t\nlab: 3\n${extra}steps:\n${steps}`;

describe('expect steps watch the cluster after every event', () => {
  test('within: the report gives the virtual time the conditions became true, and the next step starts then', () => {
    const report = run(lab('  - expect: { within: 2s, leader: any }\n  - wait: 1s\n'));
    expect(report.passed).toBe(true);
    const [expectStep, wait] = report.steps;
    expect(expectStep?.metAtMs).toBeGreaterThan(0);
    // The default lab's election timeout is 100-200 ms: a leader within a few rounds.
    expect(expectStep?.metAtMs).toBeLessThan(1000);
    expect(wait?.startMs).toBe(expectStep?.metAtMs);
    expect(report.endMs).toBe((expectStep?.metAtMs ?? 0) + 1000);
  });

  test('within: true at the start is met at once, without advancing time', () => {
    const report = run(lab('  - expect: { within: 1s, quorum: ok }\n'));
    expect(report.steps[0]).toMatchObject({ outcome: 'pass', metAtMs: 0, endMs: 0 });
  });

  test('within: a deadline missed fails with what was expected, what was seen and how to reproduce it', () => {
    const report = run(
      lab('  - run: crash n1\n  - run: crash n2\n  - expect: { within: 3s, leader: any }\n'),
    );
    expect(report.passed).toBe(false);
    expect(report.failure).toMatchObject({ stepIndex: 2, line: 7, atMs: 3000, kind: 'expectation' });
    expect(report.steps[2]).toMatchObject({ outcome: 'fail', expected: 'there is a leader' });
    expect(report.steps[2]?.seen).toMatch(/^no leader \(highest term \d+\)$/);
    const text = formatScenarioReport(report);
    expect(text).toContain('expected: there is a leader');
    expect(text).toContain('reproduce with: swarmsim run scenario.yaml --seed 1');
    expect(text).toMatch(
      /^FAIL scenario\.yaml \(seed 1, virtual 3s\): failed at step 3 \(line 7\) at 3s: not true within 3s/m,
    );
  });

  test('during: holds for the whole window, and the step ends at its end', () => {
    const report = run(
      lab('  - expect: { within: 2s, leader: any }\n  - expect: { during: 3s, quorum: ok }\n'),
    );
    const during = report.steps[1];
    expect(during).toMatchObject({ outcome: 'pass', brokeAtMs: null });
    expect((during?.endMs ?? 0) - (during?.startMs ?? 0)).toBe(3000);
  });

  test('during: the first time the conditions broke is reported, to the millisecond of the event', () => {
    const report = run(
      lab(
        '  - run: timeout n1\n  - expect: { within: 1s, leader: n1 }\n  - run: crash n1\n  - expect: { during: 2s, leader: any }\n',
      ),
    );
    const crashAtMs = report.steps[2]?.startMs;
    // The leader is gone the moment it crashes: the window breaks at its first instant.
    expect(report.steps[3]).toMatchObject({ outcome: 'fail', brokeAtMs: crashAtMs });
    expect(report.failure?.message).toContain('did not hold at the start');
  });

  test('during: a condition that breaks later reports that later time (a partition deposes the leader)', () => {
    const report = run(
      lab(
        '  - run: timeout n1\n  - expect: { within: 1s, leader: n1 }\n  - run: partition n1 | n2,n3\n  - expect: { during: 5s, leader: n1 }\n',
      ),
    );
    const failure = report.steps[3];
    expect(failure?.outcome).toBe('fail');
    // n1 leads until CheckQuorum makes it step down or the majority elects a higher-term leader.
    expect(failure?.brokeAtMs).toBeGreaterThan(failure?.startMs ?? 0);
    expect(failure?.seen).toMatch(/^(no leader \(highest term \d+\)|leader n[23] \(term \d+\))$/);
  });
});

describe('run steps type a line in the shell', () => {
  test('a command expectation that fails reports the exit code and output', () => {
    const report = run(lab('  - run: propose n7 set x 1\n    expect: { exitCode: 0 }\n'));
    expect(report.steps[0]).toMatchObject({
      outcome: 'fail',
      expected: 'exit code 0',
      seen: 'exit code 1, stderr "no such node: n7 (nodes are n1, n2, n3)"',
    });
  });

  test(`captures feed \${name} into later steps, and a capture that finds nothing fails its step`, () => {
    const passing = run(
      lab(
        `  - expect: { within: 2s, leader: any }\n  - run: inspect\n    capture: { leader: "leader (n\\\\d)" }\n  - run: crash \${leader}\n  - expect: { within: 2s, leader: { not: "\${leader}" } }\n`,
      ),
    );
    expect(passing.passed).toBe(true);
    const leader = /leader (n\d)/.exec(passing.steps[1]?.output?.stdout ?? '')?.[1];
    expect(passing.steps[2]?.summary).toBe(`run: crash ${leader}`);
    const failing = run(
      lab(`  - run: inspect\n    capture: { missing: "no such text (\\\\d)" }\n  - run: crash \${missing}\n`),
    );
    expect(failing.steps.map((step) => step.outcome)).toEqual(['fail', 'skipped']);
    expect(failing.steps[0]?.expected).toBe('stdout to match /no such text (\\d)/ (capture missing)');
  });

  test('the first failure stops the run: later steps are skipped and keep their place in the report', () => {
    const report = run(
      lab(
        '  - run: crash n1\n    expect: { exitCode: 1 }\n  - wait: 1s\n  - expect: { within: 1s, quorum: ok }\n',
      ),
    );
    expect(report.steps.map((step) => step.outcome)).toEqual(['fail', 'skipped', 'skipped']);
    expect(report.endMs).toBe(0);
  });
});

const figure8Unsafe = `version: 1
title: unsafe
lab: 5
expectFailure: true
options:
  checkQuorum: false
  unsafe: [commitPreviousTermByCount]
  timing: { tick: 10ms, electionTimeoutTicks: 200, heartbeatIntervalTicks: 5 }
network: { latency: 10ms }
steps:
  - run: timeout n1
  - expect: { within: 100ms, leader: n1 }
  - wait: 100ms
  - run: cut n1 n3
  - run: cut n1 n4
  - run: cut n1 n5
  - run: propose n1 set x 1
  - wait: 100ms
  - run: crash n1
  - run: timeout n5
  - expect: { within: 100ms, leader: n5 }
  - run: disconnect n5
  - run: crash n5
  - run: restart n1
  - run: uncut n1 n3
  - run: timeout n1
  - wait: 100ms
  - run: timeout n1
  - expect: { within: 100ms, leader: n1 }
  - wait: 45ms
  - run: disconnect n1
  - run: crash n1
  - run: restart n5
  - run: reconnect n5
  - run: timeout n5
  - wait: 100ms
  - run: timeout n5
  - expect: { within: 200ms, leader: n5 }
`;

describe('the Raft safety checkers run throughout every scenario (Raft §5.4.2, Figure 8)', () => {
  test('a violation fails the step it happened in, with the invariant and its message', () => {
    const report = run(figure8Unsafe);
    expect(report.failure).toMatchObject({ kind: 'violation', stepIndex: 27 });
    expect(report.failure?.message).toBe(
      'Raft safety violated: leaderCompleteness: n5 became leader of term 4 without committed entry 2 (term 1)',
    );
    expect(report.violations.map((violation) => violation.invariant)).toContain('leaderCompleteness');
  });

  test('expectFailure: the run passes because it failed, and the report says so', () => {
    const report = run(figure8Unsafe);
    expect(report.passed).toBe(true);
    expect(report.verdict).toMatch(/^failed as expected at step 28 \(line \d+\)/);
    expect(formatScenarioReport(report)).toMatch(/^PASS scenario\.yaml \(seed 1, .*\): failed as expected/m);
  });

  test('expectFailure: a run where every expectation holds fails, saying a failure was expected', () => {
    const report = run(lab('  - expect: { within: 2s, leader: any }\n', 'expectFailure: true\n'));
    expect(report.passed).toBe(false);
    expect(report.verdict).toBe('expected a failure (expectFailure: true), but every expectation held');
  });
});

describe('the seed is the bug report: a run replays exactly', () => {
  const partition = lab(
    '  - expect: { within: 2s, leader: any }\n  - run: partition n1 | n2,n3\n  - wait: 2s\n  - run: heal\n  - expect: { during: 500ms, leader: n1 }\n',
  );

  test('a failing run reproduces with its --seed: the same report, step for step', () => {
    const failing = [1, 2, 3, 4, 5, 6, 7, 8]
      .map((seed) => run(partition, seed))
      .find((report) => !report.passed);
    expect(failing).toBeDefined();
    const again = run(partition, failing?.seed);
    expect(again).toEqual(failing);
    expect(failing?.reproduce).toBe(`swarmsim run scenario.yaml --seed ${failing?.seed}`);
  });

  test('different seeds take different paths (election timeouts are drawn from the seed)', () => {
    const times = [1, 2, 3, 4].map((seed) => run(partition, seed).steps[0]?.metAtMs);
    expect(new Set(times).size).toBeGreaterThan(1);
  });

  test('--seed overrides the file seed, and the trace level does not change the outcome', () => {
    const scenario = read(partition.replace('lab: 3', 'lab: 3\nseed: 9'));
    const fromFile = runScenario(scenario);
    const overridden = runScenario(scenario, { seed: 9, traceLevel: 'full' });
    expect(overridden).toEqual(fromFile);
    expect('seed' in fromFile && fromFile.seed).toBe(9);
  });

  test('two full traces of the same run are byte-identical', () => {
    const traces = [1, 2].map(() => {
      const started = startScenario(read(partition), { seed: 4, traceLevel: 'full' });
      if (!started.ok) expect.fail(started.error);
      runToEnd(started.run);
      return scenarioTraceJsonLines(started.run);
    });
    expect(traces[0]?.length).toBeGreaterThan(10_000);
    expect(traces[0]).toBe(traces[1]);
  });
});

describe('a run is data, played one step at a time', () => {
  test('runNextStep plays the steps in order, then returns null', () => {
    const started = startScenario(read(lab('  - wait: 1s\n  - wait: 2s\n')));
    if (!started.ok) expect.fail(started.error);
    expect(runNextStep(started.run)?.endMs).toBe(1000);
    const snapshot = structuredClone(started.run);
    expect(runNextStep(started.run)?.endMs).toBe(3000);
    expect(runNextStep(started.run)).toBeNull();
    expect(runNextStep(snapshot)?.endMs).toBe(3000);
    expect(scenarioReport(started.run).passed).toBe(true);
  });

  test('the --json document carries every run, a summary and the invalid files', () => {
    const report = run(lab('  - wait: 1s\n'));
    const error = { file: 'bad.yaml', line: 3, column: 1, path: 'lab', message: 'expected an integer' };
    const document = JSON.parse(scenarioReportsJson([report], [error]));
    expect(document).toMatchObject({
      formatVersion: 1,
      summary: { runs: 1, passed: 1, failed: 0, failures: [] },
      invalid: [error],
    });
    expect(document.runs[0]).toMatchObject({
      file: 'scenario.yaml',
      seed: 1,
      passed: true,
      steps: [{ kind: 'wait' }],
    });
  });
});
