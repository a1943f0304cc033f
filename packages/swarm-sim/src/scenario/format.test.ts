/**
 * Scenario and lesson files (sandbox.md §4.2, the scenario issue): an instructor's file either
 * reads as a typed `Scenario`, or every mistake in it is reported with file, line, column, key
 * path and, for a typo, the key that was meant.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { UnsafeSwitch } from '@swarmsim/raft';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  compileScenarioPattern,
  formatScenarioErrors,
  parseScenarioFile,
  type Scenario,
  scenarioJsonSchema,
  type scenarioUnsafeSwitches,
} from './format.js';

/** The example from the scenario issue, verbatim. */
const leaderFailure = `version: 1
title: Leader failure in a three-manager swarm
seed: 7                      # --seed overrides
preset: 3m2w                 # or \`machines: [...]\`, or \`lab: 5\` for a bare Raft cluster
steps:
  - run: docker service create --name web --replicas 4 -p 8080:80 nginx
    on: manager1             # the machine whose shell runs it (default: the current one)
    expect: { exitCode: 0, stdout: { contains: "converged" } }
    capture: { serviceId: "^([a-z0-9]{25})" }   # regex group -> \${serviceId} later
  - wait: 30s
  - run: kill manager1       # any shell line: docker or sandbox command
  - expect: { within: 30s, leader: { not: manager1 } }
  - expect: { within: 60s, service: { name: web, running: 4 } }
  - expect: { during: 20s, quorum: ok }
`;

function scenario(text: string, file = 'scenario.yml'): Scenario {
  const result = parseScenarioFile(text, file);
  if (!result.ok) expect.fail(formatScenarioErrors(result.errors));
  return result.scenario;
}

function errors(text: string, file = 'bad.yml'): string {
  const result = parseScenarioFile(text, file);
  expect(result.ok).toBe(false);
  return result.ok ? '' : formatScenarioErrors(result.errors);
}

/** A valid scenario with `steps` replaced, for error cases about one step. */
function withSteps(steps: string, cluster = 'preset: 3m2w'): string {
  return `version: 1\ntitle: t\n${cluster}\nsteps:\n${steps}`;
}

describe('valid scenarios read as typed, normalised data', () => {
  test('the issue example: preset swarm, run with capture, wait, within and during expectations', () => {
    const read = scenario(leaderFailure, 'leader.yml');
    expect(read).toMatchObject({
      file: 'leader.yml',
      title: 'Leader failure in a three-manager swarm',
      seed: 7,
    });
    expect(read.mode).toBe('demo');
    expect(read.cluster).toEqual({
      kind: 'preset',
      preset: '3m2w',
      managers: 3,
      workers: 2,
      machines: ['manager1', 'manager2', 'manager3', 'worker1', 'worker2'],
    });
    expect(read.steps.map((step) => [step.kind, step.line])).toEqual([
      ['run', 6],
      ['wait', 10],
      ['run', 11],
      ['expect', 12],
      ['expect', 13],
      ['expect', 14],
    ]);
    expect(read.steps[0]).toMatchObject({
      command: 'docker service create --name web --replicas 4 -p 8080:80 nginx',
      on: 'manager1',
      expect: { exitCode: 0, stdout: [{ kind: 'contains', text: 'converged' }], stderr: [] },
      captures: [{ name: 'serviceId', pattern: '^([a-z0-9]{25})' }],
    });
    expect(read.steps[1]).toMatchObject({ kind: 'wait', durationMs: 30_000 });
    expect(read.steps[3]).toMatchObject({
      timing: 'within',
      durationMs: 30_000,
      conditions: [{ kind: 'leader', match: 'not', node: 'manager1' }],
    });
    expect(read.steps[4]).toMatchObject({
      conditions: [{ kind: 'service', name: 'web', running: 4, desired: null, converged: null }],
    });
    expect(read.steps[5]).toMatchObject({
      timing: 'during',
      durationMs: 20_000,
      conditions: [{ kind: 'quorum', state: 'ok' }],
    });
  });

  test('a Raft lab that demonstrates Figure 8 and is expected to fail', () => {
    const read = scenario(`version: 1
title: Figure 8
description: Committing an entry from an earlier term by counting replicas loses it.
lab: 5
expectFailure: true
options:
  preVote: true
  unsafe: [commitPreviousTermByCount]
  timing: { tick: 100ms, electionTimeoutTicks: 10, heartbeatIntervalTicks: 2 }
network:
  latency: { min: 5ms, max: 20ms }
  drop: 0.05
steps:
  - expect: { within: 5s, leader: any }
  - run: propose n1 set x 1
  - expect: { within: 2s, committed: { value: set x 1, on: all } }
  - expect: { during: 10s, leader: { not: n1 } }
`);
    expect(read.expectFailure).toBe(true);
    expect(read.cluster).toEqual({
      kind: 'lab',
      size: 5,
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      options: {
        preVote: true,
        checkQuorum: null,
        unsafe: ['commitPreviousTermByCount'],
        tickMs: 100,
        electionTimeoutTicks: 10,
        heartbeatIntervalTicks: 2,
      },
    });
    expect(read.network).toEqual({
      latency: { minMs: 5, maxMs: 20, distribution: 'uniform' },
      drop: { numerator: 1, denominator: 20 },
      duplicate: null,
      reorder: null,
    });
    expect(read.steps[2]).toMatchObject({ conditions: [{ kind: 'committed', value: 'set x 1', on: 'all' }] });
  });

  test('an exercise on bare machines, with hints on its goals and captured variables', () => {
    const read = scenario(`version: 1
title: Build a swarm
mode: exercise
machines:
  - { name: m1, ip: 10.0.0.11, cpus: 2, memory: 2G, labels: { zone: east } }
  - { name: w1 }
network: { latency: 2ms }
steps:
  - run: docker swarm init --advertise-addr 10.0.0.11
    on: m1
    note: The first manager creates the swarm.
    expect: { exitCode: 0, stdout: { matches: "docker swarm join --token (\\\\S+)" } }
    capture: { token: "--token (\\\\S+)" }
  - run: docker swarm join --token \${token} 10.0.0.11:2377
    on: w1
  - expect: { within: 30s, node: { name: w1, status: ready, role: worker } }
    hint: Run docker swarm join on w1 with the worker token.
`);
    expect(read.mode).toBe('exercise');
    expect(read.cluster).toEqual({
      kind: 'machines',
      machines: [
        { name: 'm1', ip: '10.0.0.11', cpus: 2, memoryBytes: 2 * 1024 ** 3, labels: { zone: 'east' } },
        { name: 'w1', ip: null, cpus: null, memoryBytes: null, labels: {} },
      ],
    });
    expect(read.network.latency).toEqual({ minMs: 2, maxMs: 2, distribution: 'constant' });
    expect(read.steps[0]).toMatchObject({
      note: 'The first manager creates the swarm.',
      expect: { stdout: [{ kind: 'matches', text: 'docker swarm join --token (\\S+)' }] },
      captures: [{ name: 'token', pattern: '--token (\\S+)' }],
    });
    expect(read.steps[1]).toMatchObject({ command: `docker swarm join --token \${token} 10.0.0.11:2377` });
    expect(read.steps[2]).toMatchObject({
      hint: 'Run docker swarm join on w1 with the worker token.',
      conditions: [
        {
          kind: 'node',
          name: 'w1',
          status: 'ready',
          availability: null,
          role: 'worker',
          managerStatus: null,
        },
      ],
    });
  });

  test('the scenarios in docs/scenarios.md are valid', () => {
    const documentation = readFileSync(new URL('../../../../docs/scenarios.md', import.meta.url), 'utf8');
    const blocks = [...documentation.matchAll(/```yaml\n(version: 1\n[\s\S]*?)```/g)].map(
      (match) => match[1] ?? '',
    );
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) scenario(block, 'docs/scenarios.md');
  });

  test('patterns compile as the runner will use them', () => {
    expect(compileScenarioPattern('^([a-z0-9]{25})').exec('abcdefghijklmnopqrstuvwxy\n')?.[1]).toHaveLength(
      25,
    );
    expect(() => compileScenarioPattern('(')).toThrow('scenario pattern was not validated');
  });
});

describe('broken scenarios: exact message and position', () => {
  test('bad YAML gives the YAML parser position', () => {
    expect(errors('version: 1\ntitle: Leader: down\n')).toBe(
      'bad.yml:2:8: invalid YAML: Nested mappings are not allowed in compact mappings',
    );
    expect(errors('version: 1\ntitle: t\nsteps:\n\t- wait: 1s\n')).toBe(
      'bad.yml:4:1: invalid YAML: Tabs are not allowed as indentation',
    );
  });

  test('missing required keys and an empty step list', () => {
    expect(errors('version: 1\npreset: 3m2w\nsteps: []\n')).toBe(
      'bad.yml:1:1: missing required key "title"\nbad.yml:3:1: steps: expected at least 1 item, got a list',
    );
  });

  test('wrong types name the expected type and the value found', () => {
    expect(errors('version: 2\ntitle: [a]\nseed: seven\npreset: 3m2w\nsteps:\n  - wait: 30\n')).toBe(
      [
        'bad.yml:1:1: version: expected 1, got 2',
        'bad.yml:2:1: title: expected a string, got a list',
        'bad.yml:3:1: seed: expected an integer, got "seven"',
        'bad.yml:6:5: steps[0].wait: expected a duration like 10s, 1m30s or 500ms, got 30',
      ].join('\n'),
    );
  });

  test('unknown keys suggest the key that was meant, at every level', () => {
    const text = withSteps(
      '  - rn: docker node ls\n  - run: docker node ls\n    expect: { exitcode: 0 }\n  - expect: { within: 5s, sevice: { name: web } }\n',
    );
    expect(errors(`${text}titel: x\n`)).toBe(
      [
        'bad.yml:5:5: steps[0]: unknown key "rn" (did you mean "run"?)',
        'bad.yml:7:15: steps[1].expect: unknown key "exitcode" (did you mean "exitCode"?)',
        'bad.yml:8:27: steps[2].expect: unknown key "sevice" (did you mean "service"?)',
        'bad.yml:9:1: unknown key "titel" (did you mean "title"?)',
      ].join('\n'),
    );
  });

  test('unknown values suggest the value that was meant', () => {
    expect(errors(withSteps('  - expect: { within: 5s, node: { name: w1, status: Ready } }\n'))).toBe(
      'bad.yml:5:45: steps[0].expect.node.status: expected one of ready, down, unknown, disconnected, got "Ready" (did you mean "ready"?)',
    );
  });

  test('a duration needs a unit and must be above zero', () => {
    expect(errors(withSteps('  - wait: 10 s\n  - expect: { within: 0s, quorum: ok }\n'))).toBe(
      'bad.yml:5:5: steps[0].wait: expected a duration like 10s, 1m30s or 500ms, got "10 s"\n' +
        'bad.yml:6:15: steps[1].expect.within: expected a duration above 0 and at most 24h',
    );
  });

  test('a step does exactly one of run, wait or expect', () => {
    expect(errors(withSteps('  - wait: 5s\n    expect: { within: 5s, quorum: ok }\n  - note: hello\n'))).toBe(
      'bad.yml:5:5: steps[0]: a step does one thing: wait and expect cannot be combined\n' +
        'bad.yml:7:5: steps[1]: a step needs one of run, wait or expect',
    );
  });

  test('an expectation needs within or during (not both) and a condition', () => {
    const steps =
      '  - expect: { quorum: ok }\n  - expect: { within: 5s, during: 5s, quorum: ok }\n  - expect: { within: 5s }\n';
    expect(errors(withSteps(steps))).toBe(
      [
        'bad.yml:5:5: steps[0].expect: add within (the conditions become true by then) or during (they hold throughout)',
        'bad.yml:6:27: steps[1].expect.during: use within or during, not both',
        'bad.yml:7:5: steps[2].expect: add a condition: leader, quorum, node, service, committed',
      ].join('\n'),
    );
  });

  test(`\${var} must name a capture made by an earlier step`, () => {
    const steps = [
      `  - run: docker service ps \${serviceId}`,
      '  - run: docker service create --name web nginx',
      '    capture: { serviceID: "^(\\\\w+)" }',
      `  - run: docker service ps \${serviceId}`,
      `  - run: docker service rm \${ web }`,
      '',
    ].join('\n');
    expect(errors(withSteps(steps))).toBe(
      [
        `bad.yml:5:5: steps[0].run: unknown variable \${serviceId}: no earlier step captures "serviceId"`,
        `bad.yml:8:5: steps[2].run: unknown variable \${serviceId}: no earlier step captures "serviceId" (did you mean "serviceID"?)`,
        `bad.yml:9:5: steps[3].run: "\${" starts a variable: write \${name}, where an earlier step captures name`,
      ].join('\n'),
    );
  });

  test('regular expressions must compile, stay short and avoid nested quantifiers', () => {
    const steps = [
      '  - run: docker node ls',
      '    capture: { id: "([a-z]+" }',
      '  - run: docker node ls',
      '    expect: { stdout: { matches: "(a+)+$" } }',
      `  - run: docker node ls\n    capture: { long: "${'a'.repeat(201)}" }`,
      '',
    ].join('\n');
    expect(errors(withSteps(steps))).toBe(
      [
        'bad.yml:6:16: steps[0].capture.id: invalid regular expression: /([a-z]+/: Unterminated group',
        'bad.yml:8:25: steps[1].expect.stdout.matches: a quantified group that holds a quantifier, such as (a+)+, can take exponential time: simplify it',
        'bad.yml:10:16: steps[2].capture.long: a regular expression is at most 200 characters, this one has 201',
      ].join('\n'),
    );
  });

  test('a lab has no services or nodes to check, and its nodes are n1…nN', () => {
    const steps = [
      '  - expect: { within: 5s, service: { name: web, running: 1 } }',
      '  - expect: { within: 5s, node: { name: n1, status: down } }',
      '  - expect: { within: 5s, leader: manager1 }',
      '  - expect: { within: 5s, leader: { not: n7 } }',
      '',
    ].join('\n');
    expect(errors(withSteps(steps, 'lab: 5'))).toBe(
      [
        'bad.yml:5:27: steps[0].expect.service: the service condition needs a swarm; this scenario is a Raft lab (lab: 5)',
        'bad.yml:6:27: steps[1].expect.node: the node condition needs a swarm; this scenario is a Raft lab (lab: 5)',
        'bad.yml:7:27: steps[2].expect.leader: unknown node "manager1": the lab\'s nodes are n1 to n5',
        'bad.yml:8:37: steps[3].expect.leader.not: unknown node "n7": the lab\'s nodes are n1 to n5 (did you mean "n1"?)',
      ].join('\n'),
    );
  });

  test('a swarm has no committed values to check', () => {
    expect(errors(withSteps('  - expect: { within: 5s, committed: { value: x } }\n'))).toBe(
      'bad.yml:5:27: steps[0].expect.committed: the committed condition needs a Raft lab (lab: N); this scenario runs a swarm',
    );
  });

  test('exactly one cluster; lab options only with a lab', () => {
    expect(errors('version: 1\ntitle: t\nsteps:\n  - wait: 1s\n')).toBe(
      'bad.yml:1:1: choose a cluster: add preset (a formed swarm), machines (bare machines) or lab (a Raft cluster)',
    );
    expect(errors('version: 1\ntitle: t\npreset: 3m2w\nlab: 3\nsteps:\n  - wait: 1s\n')).toBe(
      'bad.yml:4:1: lab: choose one cluster: preset and lab cannot be combined',
    );
    expect(
      errors('version: 1\ntitle: t\npreset: 3m2w\noptions: { preVote: true }\nsteps:\n  - wait: 1s\n'),
    ).toBe('bad.yml:4:1: options: options are Raft lab settings: use them with lab');
  });

  test('presets, machines and lab options are checked', () => {
    const text = `version: 1
title: t
machines:
  - { name: m1, ip: 10.0.0.300 }
  - { name: m1, memory: lots }
  - { name: Web_1 }
options: { unsafe: [commitByCount], timing: { electionTimeoutTicks: 2, heartbeatIntervalTicks: 2 } }
steps:
  - wait: 1s
`;
    expect(errors(text)).toBe(
      [
        'bad.yml:4:17: machines[0].ip: expected an IPv4 address such as 10.0.0.5, got "10.0.0.300"',
        "bad.yml:5:17: machines[1].memory: invalid size: 'lots'",
        'bad.yml:6:7: machines[2].name: a machine name is lower-case letters, digits and -, starting with a letter (at most 32)',
        'bad.yml:7:21: options.unsafe[0]: expected one of commitPreviousTermByCount, voteWithoutLogCheck, forgetVoteOnRestart, concurrentMembershipChanges, got "commitByCount"',
      ].join('\n'),
    );
    expect(errors(withSteps('  - wait: 1s\n', 'preset: 9m2w'))).toBe(
      'bad.yml:3:1: preset: a preset has at most 7 managers',
    );
    expect(errors(withSteps('  - wait: 1s\n', 'preset: three'))).toBe(
      'bad.yml:3:1: preset: expected a preset such as 3m2w (3 managers, 2 workers), got "three"',
    );
  });

  test('hints belong to goals, and an exercise needs a goal', () => {
    const text =
      'version: 1\ntitle: t\nmode: exercise\npreset: 1m0w\nsteps:\n  - run: docker node ls\n    hint: try it\n';
    expect(errors(text)).toBe(
      'bad.yml:3:1: mode: an exercise needs at least one goal: an expect step, or a run step with expect\n' +
        'bad.yml:7:5: steps[0].hint: a hint belongs to a goal: add expect to this step',
    );
  });

  test('keys are text: YAML 1.2 reads `on:` as a string, but not `1:`', () => {
    expect(scenario(withSteps('  - run: docker node ls\n    on: manager1\n')).steps[0]).toMatchObject({
      on: 'manager1',
    });
    expect(errors(withSteps('  - run: docker node ls\n    1: x\n'))).toBe(
      'bad.yml:6:5: steps[0]: expected a text key, got 1\nbad.yml:6:5: steps[0]: unknown key "1"',
    );
  });
});

describe('the published JSON Schema', () => {
  test('scenario/schema.json is generated from the zod schema and up to date', () => {
    // Regenerate with: UPDATE_SCENARIO_SCHEMA=1 npx vitest run --project swarm-sim src/scenario
    const path = new URL('./schema.json', import.meta.url);
    const generated = scenarioJsonSchema();
    if (process.env.UPDATE_SCENARIO_SCHEMA === '1')
      writeFileSync(path, `${JSON.stringify(generated, null, 2)}\n`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(generated);
  });

  test('the schema describes every step kind and rejects unknown top-level keys', () => {
    const generated = scenarioJsonSchema() as {
      additionalProperties: boolean;
      required: string[];
      properties: { steps: { items: { anyOf: { title: string }[] } } };
    };
    expect(generated.additionalProperties).toBe(false);
    expect(generated.required).toEqual(['version', 'title', 'steps']);
    expect(generated.properties.steps.items.anyOf.map((step) => step.title)).toEqual([
      'Run a command',
      'Let time pass',
      'Expect',
    ]);
  });

  test('the lab accepts every unsafe switch packages/raft defines', () => {
    expectTypeOf<Exclude<UnsafeSwitch, (typeof scenarioUnsafeSwitches)[number]>>().toBeNever();
  });
});
