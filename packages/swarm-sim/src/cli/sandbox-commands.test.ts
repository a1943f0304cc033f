/**
 * The sandbox commands in the shell (issue 5 §1): their help examples print what the commands
 * print, faults reach the model, `status` is one screen, and `runLine` reports the machine whose
 * shell ran each line.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { lineResultJson, runLine } from './run-line.js';
import { sandboxCommandSpecs } from './sandbox-commands.js';

function sandboxOf(preset: string, seed = 23): Sandbox {
  const created = createSandbox({ seed, preset });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

function example(name: string, index = 0): { command: string; output: string } {
  const spec = sandboxCommandSpecs.find((candidate) => candidate.name === name);
  const found = spec?.examples[index];
  if (found === undefined) throw new Error(`no example for ${name}`);
  return found;
}

describe('help examples print what the commands print', () => {
  it.each([
    ['kill', ''],
    ['restart', 'kill worker1'],
    ['disconnect', ''],
    ['reconnect', 'disconnect worker1'],
    ['pause', ''],
    ['unpause', 'pause worker1'],
    ['partition', ''],
    ['heal', 'partition manager1 | manager2'],
    ['net drop', ''],
    ['net delay', ''],
    ['wait', ''],
    ['use', ''],
    ['machine add', ''],
  ])('%s', (name, before) => {
    const sandbox = sandboxOf('3m2w');
    if (before !== '') expect(runLine(sandbox, before).exitCode).toBe(0);
    const { command, output } = example(name);
    expect(runLine(sandbox, command)).toMatchObject({ stdout: output, stderr: '', exitCode: 0 });
  });

  it('machine ls', () => {
    const sandbox = sandboxOf('tutorial');
    for (const line of ['docker swarm init', 'docker swarm join-token -q worker']) runLine(sandbox, line);
    const token = runLine(sandbox, 'docker swarm join-token -q worker').stdout.trim();
    runLine(sandbox, 'use worker1');
    runLine(sandbox, `docker swarm join --token ${token} 192.168.99.100:2377`);
    runLine(sandbox, 'kill worker1');
    expect(runLine(sandbox, example('machine ls').command).stdout).toBe(example('machine ls').output);
  });
});

describe('faults reach the swarm model', () => {
  it('a partition isolating the leader gets the majority a new leader; heal ends it', () => {
    const sandbox = sandboxOf('3m2w');
    expect(runLine(sandbox, 'partition manager1 | manager2,manager3,worker1,worker2').exitCode).toBe(0);
    runLine(sandbox, 'wait 60s');
    const status = runLine(sandbox, 'status --json');
    const parsed = JSON.parse(status.stdout) as { leader: string; quorum: { ok: boolean } };
    expect(['manager2', 'manager3']).toContain(parsed.leader);
    expect(parsed.quorum.ok).toBe(true);
    expect(runLine(sandbox, 'machine ls').stdout).toMatch(/manager1 +192\.168\.99\.100 +up +side [A-Z]/);
    runLine(sandbox, 'heal');
    expect(runLine(sandbox, 'machine ls').stdout).not.toContain('side');
  });

  it('a paused manager stops heartbeating and goes Down/Unreachable; unpause brings it back', () => {
    const sandbox = sandboxOf('3m2w');
    expect(runLine(sandbox, 'pause manager3')).toMatchObject({ stdout: 'manager3\n', exitCode: 0 });
    expect(runLine(sandbox, 'machine ls').stdout).toMatch(/manager3 +192\.168\.99\.\d+ +paused/);
    runLine(sandbox, 'wait 60s');
    const paused = runLine(sandbox, 'status').stdout;
    expect(paused).toMatch(/manager3 +\S+ +paused +ok +manager .* Down +Active +Unreachable$/m);
    expect(paused.split('\n')[0]).toMatch(/quorum 2\/3 ok$/);
    expect(runLine(sandbox, 'pause manager3')).toMatchObject({
      stderr: 'pause: machine "manager3" is already paused\n',
      exitCode: 1,
    });
    expect(runLine(sandbox, 'unpause manager3')).toMatchObject({ stdout: 'manager3\n', exitCode: 0 });
    runLine(sandbox, 'wait 60s');
    const resumed = runLine(sandbox, 'status').stdout;
    expect(resumed).toMatch(/manager3 +\S+ +up +ok +manager .* Ready +Active +Reachable$/m);
    expect(runLine(sandbox, 'unpause manager3')).toMatchObject({
      stderr: 'unpause: machine "manager3" is not paused\n',
      exitCode: 1,
    });
  });

  it('a crashed machine cannot be paused', () => {
    const sandbox = sandboxOf('3m2w');
    runLine(sandbox, 'kill worker1');
    expect(runLine(sandbox, 'pause worker1')).toMatchObject({
      stderr: 'pause: machine "worker1" is down\n',
      exitCode: 1,
    });
  });

  it('wait moves virtual time by exactly the duration', () => {
    const sandbox = sandboxOf('3m2w');
    const before = sandbox.world.nowMs;
    runLine(sandbox, 'wait 1m30s');
    expect(sandbox.world.nowMs - before).toBe(90_000);
  });

  it('status is one screen: the headline, then a row per machine', () => {
    const sandbox = sandboxOf('3m2w');
    const lines = runLine(sandbox, 'status').stdout.split('\n');
    expect(lines[0]).toMatch(/^time \S+ {3}leader manager1 \(term \d+\) {3}quorum 3\/3 ok$/);
    expect(lines[2]).toMatch(
      /^MACHINE +IP +POWER +NETWORK +SWARM +RAFT +TERM +COMMIT +STATUS +AVAILABILITY +MANAGER STATUS$/,
    );
    expect(lines[3]).toMatch(
      /^manager1 +192\.168\.99\.100 +up +ok +manager +leader +\d+ +\d+ +Ready +Active +Leader$/,
    );
    expect(lines.filter((line) => /^(manager|worker)\d/.test(line))).toHaveLength(5);
    runLine(sandbox, 'kill manager2');
    runLine(sandbox, 'kill manager3');
    runLine(sandbox, 'wait 30s');
    expect(runLine(sandbox, 'status').stdout.split('\n')[0]).toMatch(/quorum 1\/3 LOST$/);
  });
});

describe('runLine (the `swarmsim shell --json` record)', () => {
  it('reports the time the line was entered and the machine whose shell ran it', () => {
    const sandbox = sandboxOf('3m2w');
    runLine(sandbox, 'wait 2s');
    const used = runLine(sandbox, 'use worker1');
    expect(used).toMatchObject({ node: 'manager1', command: 'use worker1', exitCode: 0 });
    const listed = runLine(sandbox, 'docker node ls');
    expect(listed.node).toBe('worker1');
    expect(listed.atMs).toBe(used.atMs);
    expect(JSON.parse(lineResultJson(listed))).toEqual(listed);
  });

  it('does nothing for an empty line or a comment', () => {
    const sandbox = sandboxOf('3m2w');
    const before = sandbox.world.nowMs;
    for (const line of ['', '   ', '# kill manager1', '  # wait 10s']) {
      expect(runLine(sandbox, line)).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    }
    expect(sandbox.world.nowMs).toBe(before);
    expect(runLine(sandbox, 'docker node ls').stdout).toContain('manager1   Ready');
  });

  it('answers docker on a sandbox with no machine, and refuses control characters', () => {
    const empty = sandboxOf('empty');
    expect(runLine(empty, 'docker info').node).toBe('node1');
    expect(runLine(sandboxOf('3m2w'), 'kill\u0007 worker1')).toMatchObject({
      stderr: 'swarmsim: the line contains a control character (U+0007); type plain text\n',
      exitCode: 2,
    });
  });
});
