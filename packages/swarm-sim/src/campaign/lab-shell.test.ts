/**
 * The lab shell language: every command of `swarmsim shell --lab N` does what its line says,
 * answers `{atMs, node, command, exitCode, stdout, stderr}`, and a bad line gets a clear error
 * and a non-zero exit code while the session goes on.
 */
import { describe, expect, it } from 'vitest';
import { hostById } from '../kernel/world.js';
import type { LabView, NodeView } from '../lab/view.js';
import {
  createLabShell,
  type LabShell,
  labShellBanner,
  labShellLine,
  type ShellLineResult,
} from './lab-shell.js';

function shellOf(options: Parameters<typeof createLabShell>[0] = {}, json = false): LabShell {
  const created = createLabShell({ seed: 5, nodeCount: 3, ...options }, json);
  if (!created.ok) throw new Error(created.error);
  return created.shell;
}

function run(shell: LabShell, line: string): ShellLineResult {
  const result = labShellLine(shell, line);
  if (result === null) throw new Error(`"${line}" got no answer`);
  return result;
}

/** Runs until a leader exists and returns it. */
function leaderOf(shell: LabShell): string {
  run(shell, 'wait 400ms');
  const view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
  if (view.leader === null) throw new Error('no leader after 400ms');
  return view.leader;
}

function shellAsJson(shell: LabShell): LabShell {
  return { lab: shell.lab, json: true };
}

describe('user story: a student drives the Raft lab from a shell, one line at a time', () => {
  it('answers with the time the line was entered, the node it acts on, the line, and exit 0', () => {
    const shell = shellOf();
    expect(run(shell, '  wait 300ms  ')).toEqual({
      atMs: 0,
      node: null,
      command: 'wait 300ms',
      exitCode: 0,
      stdout: 'ran 300ms, now at 300ms; leader: n1 (term 1)\n',
      stderr: '',
    });
    expect(run(shell, 'timeout n2')).toMatchObject({ atMs: 300, node: 'n2', exitCode: 0 });
  });

  it('ignores comments and blank lines: they get no answer', () => {
    const shell = shellOf();
    expect(labShellLine(shell, '# swarmsim shell --lab 3 --seed 5')).toBeNull();
    expect(labShellLine(shell, '   ')).toBeNull();
  });

  it('propose NODE VALUE writes VALUE to key x at the leader; other nodes refuse with a hint (exit 1)', () => {
    const shell = shellOf();
    const leader = leaderOf(shell);
    expect(run(shell, `propose ${leader} 42`).stdout).toMatch(/appended "set x 42" at index 2/);
    const follower = leader === 'n1' ? 'n2' : 'n1';
    const refused = run(shell, `propose ${follower} set y 7`);
    expect(refused).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: `${follower} is not the leader; try ${leader}\n`,
    });
    run(shell, 'wait 100ms');
    const view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
    expect(view.nodes.map((node) => node.store.x)).toEqual(['42', '42', '42']);
  });

  it('kill, restart, disconnect, reconnect, partition, heal and cut change the lab', () => {
    const shell = shellOf({ nodeCount: 5 });
    const world = shell.lab.world;
    expect(run(shell, 'kill n2').exitCode).toBe(0);
    expect(hostById(world, 'n2')?.up).toBe(false);
    expect(run(shell, 'kill n2')).toMatchObject({ exitCode: 1, stderr: 'n2 is already down\n' });
    expect(run(shell, 'restart n2').exitCode).toBe(0);
    expect(hostById(world, 'n2')?.up).toBe(true);
    run(shell, 'disconnect n3');
    let view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
    expect(view.network.cutLinks).toContain('n3→n1');
    run(shell, 'reconnect n3');
    expect(run(shell, 'partition n1,n2 | n3,n4,n5').stdout).toBe('partitioned: n1,n2 | n3,n4,n5\n');
    view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
    expect(view.network.partition).toEqual([
      ['n1', 'n2'],
      ['n3', 'n4', 'n5'],
    ]);
    run(shell, 'heal');
    run(shell, 'cut n4 n5');
    view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
    expect(view.network.partition).toBeNull();
    expect(view.network.cutLinks).toEqual(['n4→n5']);
  });

  it('net drop, net duplicate and net delay set every link; net delay reads 10ms-26ms', () => {
    const shell = shellOf();
    run(shell, 'net drop 5%');
    run(shell, 'net duplicate 1/20');
    expect(run(shell, 'net delay 10ms-26ms').stdout).toBe(
      'network: delay 10-26ms, drop 5%, duplicate 5%, reorder 0%\n',
    );
    expect(shell.lab.world.network.defaults.latency).toMatchObject({ minMs: 10, maxMs: 26 });
    expect(shell.lab.world.network.defaults.drop).toEqual({ numerator: 5, denominator: 100 });
  });

  it('wait reads Go durations (500ms, 3s) and advances virtual time by exactly that', () => {
    const shell = shellOf();
    run(shell, 'wait 500ms');
    run(shell, 'wait 3s');
    expect(shell.lab.world.nowMs).toBe(3500);
  });

  it('inspect prints the lab as text, or in JSON the lab inspect fields; inspect NODE one node', () => {
    const shell = shellOf();
    run(shell, 'wait 300ms');
    const text = run(shell, 'inspect').stdout;
    expect(text.split('\n')[0]).toBe('time 300ms, seed 5, leader n1');
    expect(text).toMatch(/client: 0 operations .* linearizable: ok/);
    const json = shellAsJson(shell);
    const view = JSON.parse(run(json, 'inspect').stdout) as LabView;
    expect(Object.keys(view)).toEqual([
      'nowMs',
      'seed',
      'nodes',
      'leader',
      'network',
      'client',
      'violations',
    ]);
    const node = JSON.parse(run(json, 'inspect n2').stdout) as NodeView;
    expect(node).toMatchObject({ id: 'n2', up: true, role: 'follower', term: 1 });
    expect(run(json, 'inspect n2').node).toBe('n2');
    expect(run(json, 'inspect n7')).toMatchObject({
      exitCode: 1,
      stderr: 'no such node: n7 (nodes are n1, n2, n3)\n',
    });
  });

  it('help lists every command of the language', () => {
    const help = run(shellOf(), 'help').stdout;
    for (const verb of [
      'propose',
      'timeout',
      'kill',
      'restart',
      'disconnect',
      'partition',
      'heal',
      'cut',
      'add',
      'remove',
    ]) {
      expect(help).toContain(verb);
    }
    for (const phrase of ['net drop', 'net delay', 'net duplicate', 'wait DURATION', 'inspect [NODE]']) {
      expect(help).toContain(phrase);
    }
  });

  it.each([
    ['bogus', 'unknown command "bogus"; type help for the list'],
    ['kill', 'kill takes one node, e.g. kill n1'],
    ['wait soon', 'wait takes one duration, e.g. wait 500ms or wait 3s'],
    ['net drop lots', 'cannot read "lots" as a probability: write 10%, 2.5% or 1/20'],
    ['net delay fast', 'cannot read "fast" as a delay: write 10ms-26ms, 10-26 or 20ms'],
    [
      'net jitter 5',
      'unknown network setting "jitter"; net drop P, net duplicate P, net reorder P or net delay MIN-MAX',
    ],
    ['propose n1', 'propose takes a node and a value, e.g. propose n1 42'],
    ['propose n1 put x 1', 'propose: unknown command "put"; commands are: set KEY VALUE, del KEY, get KEY'],
    ['partition n1,n2', 'a partition needs at least two groups separated by |, e.g. "n1,n2 | n3,n4,n5"'],
    ['heal now', 'heal takes no arguments'],
    ['add', 'add takes a node and optionally where to propose it: add n4 or add n4 at n1'],
    ['remove n1 n2', 'remove takes a node and optionally where to propose it: remove n4 or remove n4 at n1'],
  ])('a bad line "%s" exits 2 with a clear error, and the shell goes on', (line, error) => {
    const shell = shellOf();
    expect(run(shell, line)).toMatchObject({ exitCode: 2, stdout: '', stderr: `${error}\n` });
    expect(run(shell, 'wait 10ms').exitCode).toBe(0);
  });

  it('a line during which a checker finds a violation exits 3 and names it (forgetVoteOnRestart, §5.2)', () => {
    const shell = shellOf({ unsafe: ['forgetVoteOnRestart'] });
    const leader = leaderOf(shell);
    const voter = leader === 'n1' ? 'n2' : 'n1';
    run(shell, `kill ${voter}`);
    const restarted = run(shell, `restart ${voter}`);
    expect(restarted.exitCode).toBe(3);
    expect(restarted.stdout).toMatch(
      new RegExp(`^VIOLATION persistence: ${voter} restarted with term 1, vote none`, 'm'),
    );
  });

  it('add and remove change the membership at the leader (thesis §4.1); refusals exit 1', () => {
    const shell = shellOf({ nodeCount: 5, voterCount: 3 });
    expect(labShellBanner(shell)[1]).toMatch(/^# 5 nodes n1-n5 \(voters n1-n3, spares n4-n5\); /);
    const leader = leaderOf(shell);
    const added = run(shell, 'add n4');
    expect(added).toMatchObject({ node: 'n4', command: 'add n4', exitCode: 0, stderr: '' });
    expect(added.stdout).toBe(
      `${leader} appended "addVoter n4" at index 2, term 1; voters now n1,n2,n3,n4\n`,
    );
    expect(run(shell, 'add n5')).toMatchObject({ node: 'n5', exitCode: 1, stdout: '' });
    run(shell, 'wait 300ms');
    const follower = leader === 'n1' ? 'n2' : 'n1';
    expect(run(shell, `remove n4 at ${follower}`)).toMatchObject({
      exitCode: 1,
      stderr: `${follower} is not the leader; try ${leader}\n`,
    });
    expect(run(shell, 'remove n4')).toMatchObject({ exitCode: 0 });
    run(shell, 'wait 300ms');
    const view = JSON.parse(run(shellAsJson(shell), 'inspect').stdout) as LabView;
    expect(view.nodes.find((node) => node.id === leader)?.voters).toEqual(['n1', 'n2', 'n3']);
    expect(run(shell, 'inspect n5').stdout.split('\n')[1]).toMatch(/^n5 follower .* voters -$/);
    expect(run(shell, `inspect ${leader}`).stdout.split('\n')[1]).toMatch(/ voters n1,n2,n3$/);
  });

  it('the banner starts with the seed, then the options derived from it (STYLE 7)', () => {
    const banner = labShellBanner(shellOf({ unsafe: ['voteWithoutLogCheck'] }));
    expect(banner[0]).toBe('SEED=5');
    expect(banner[1]).toContain('election timeout 100-200ms, heartbeat 50ms, latency 10-15ms');
    expect(banner[1]).toContain('checkQuorum on, preVote off, unsafe voteWithoutLogCheck');
  });
});
