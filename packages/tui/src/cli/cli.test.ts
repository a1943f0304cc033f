/**
 * The `swarmsim` command line, run in-process: argv in, standard input from a string, standard
 * output and error into strings, the exit code back (no process, no `process.exit`).
 *
 * User stories: a student drives the Raft lab from `swarmsim shell --lab N` (text and --json);
 * an instructor runs `swarmsim check` and gets a counterexample that replays in the shell; a
 * mistyped command line gets a usage line and exit 2, never a stack trace.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './program.js';

interface Captured {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
  readonly files: Map<string, string>;
}

function memoryIo(input = ''): Captured {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const sink = (append: (text: string) => void) =>
    new Writable({
      decodeStrings: false,
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const io: CliIo = {
    stdin: Readable.from([input]),
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
    interactive: false,
    writeFile(path, text) {
      if (path.startsWith('/nonexistent/')) return 'ENOENT: no such file or directory';
      files.set(path, text);
      return null;
    },
    randomSeed: () => 4242,
  };
  return { io, stdout: () => stdout, stderr: () => stderr, files };
}

async function run(argv: readonly string[], input = ''): Promise<Captured & { exitCode: number }> {
  const captured = memoryIo(input);
  const exitCode = await runCli(argv, captured.io);
  return Object.assign(captured, { exitCode });
}

const session = ['wait 400ms', 'propose n1 42', 'bogus', '# a comment', '', 'kill n2', 'inspect n2'].join(
  '\n',
);

describe('user story: swarmsim shell --lab N reads commands from standard input', () => {
  it('prints SEED= first, then each answer; a bad command gets an error on stderr and the shell goes on', async () => {
    const result = await run(['shell', '--lab', '3', '--seed', '5'], session);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout().split('\n');
    expect(lines[0]).toBe('SEED=5');
    expect(lines[1]).toMatch(/^# 3 nodes n1-n3; election timeout 100-200ms/);
    expect(lines[2]).toBe('ran 400ms, now at 400ms; leader: n1 (term 1)');
    expect(lines[3]).toBe('n1 appended "set x 42" at index 2, term 1 (operation #1)');
    expect(lines[4]).toBe('n2 crashed; its persisted term, vote and log survive');
    expect(lines[5]).toBe('time 400ms, seed 5, leader n1');
    expect(lines[6]).toMatch(/^n2 DOWN +term 1 vote n1 commit - applied 0$/);
    expect(result.stderr()).toBe('error: unknown command "bogus"; type help for the list\n');
  });

  it('draws a fresh seed when none is given, and prints it', async () => {
    const result = await run(['shell', '--lab', '3'], 'wait 1ms\n');
    expect(result.stdout().split('\n')[0]).toBe('SEED=4242');
  });

  it('--json answers each command with one JSON line {atMs, node, command, exitCode, stdout, stderr}', async () => {
    const result = await run(['shell', '--lab', '3', '--seed', '5', '--json'], session);
    expect(result.exitCode).toBe(0);
    const records = result
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.command)).toEqual([
      'wait 400ms',
      'propose n1 42',
      'bogus',
      'kill n2',
      'inspect n2',
    ]);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(['atMs', 'node', 'command', 'exitCode', 'stdout', 'stderr']);
    }
    expect(records[2]).toEqual({
      atMs: 400,
      node: null,
      command: 'bogus',
      exitCode: 2,
      stdout: '',
      stderr: 'unknown command "bogus"; type help for the list\n',
    });
    expect(JSON.parse(records[4]?.stdout as string)).toMatchObject({
      id: 'n2',
      up: false,
      term: 1,
      votedFor: 'n1',
    });
    expect(result.stdout()).not.toContain('SEED=');
  });

  it("--json inspect prints a JSON document with the lab's inspect fields", async () => {
    const result = await run(['shell', '--lab', '5', '--seed', '9', '--json'], 'wait 1s\ninspect\n');
    const inspect = JSON.parse(result.stdout().trimEnd().split('\n')[1] as string) as { stdout: string };
    const view = JSON.parse(inspect.stdout) as Record<string, unknown>;
    expect(Object.keys(view)).toEqual([
      'nowMs',
      'seed',
      'nodes',
      'leader',
      'network',
      'client',
      'violations',
    ]);
    expect(view).toMatchObject({ nowMs: 1000, seed: 9 });
    expect(view.nodes).toHaveLength(5);
  });

  it('--trace FILE writes the run as JSON Lines at the end', async () => {
    const result = await run(['shell', '--lab', '3', '--seed', '5', '--trace', 'run.jsonl'], session);
    const trace = result.files.get('run.jsonl') ?? '';
    const events = trace
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; text?: string });
    expect(events.filter((event) => event.kind === 'command').map((event) => event.text)).toEqual([
      'run 400ms',
      'propose n1 set x 42',
      'crash n2',
    ]);
    expect(events.some((event) => event.kind === 'role')).toBe(true);
  });

  it('an unwritable trace file is reported and the shell exits 1', async () => {
    const result = await run(['shell', '--lab', '3', '--trace', '/nonexistent/run.jsonl'], 'wait 1ms\n');
    expect(result.exitCode).toBe(1);
    expect(result.stderr()).toMatch(/^shell: cannot write the trace to \/nonexistent\/run.jsonl: ENOENT/);
  });

  it('lab flags --prevote, --no-checkquorum and a repeated --unsafe reach the lab', async () => {
    const argv = ['shell', '--lab', '3', '--seed', '1', '--prevote', '--no-checkquorum'];
    const unsafe = ['--unsafe', 'voteWithoutLogCheck', '--unsafe', 'forgetVoteOnRestart'];
    const result = await run([...argv, ...unsafe], '');
    expect(result.stdout().split('\n')[1]).toContain(
      'checkQuorum off, preVote on, unsafe voteWithoutLogCheck,forgetVoteOnRestart',
    );
  });
});

describe('user story: swarmsim shell --preset P drives a swarm sandbox the same way', () => {
  it('answers docker and sandbox commands as the machine the shell is logged in to', async () => {
    const input = ['machine ls', 'use worker1', 'docker node ls', '# a comment'].join('\n');
    const result = await run(['shell', '--preset', 'tutorial', '--seed', '3', '--json'], input);
    expect(result.exitCode).toBe(0);
    const records = result
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => [record.node, record.command, record.exitCode])).toEqual([
      ['manager1', 'machine ls', 0],
      ['manager1', 'use worker1', 0],
      ['worker1', 'docker node ls', 1],
    ]);
    expect(Object.keys(records[0] ?? {})).toEqual([
      'atMs',
      'node',
      'command',
      'exitCode',
      'stdout',
      'stderr',
    ]);
    expect(records[2]?.stderr).toMatch(/^Error response from daemon: This node is not a swarm manager\./);
  });

  it('prints SEED= and the machines first in text mode; refuses an unknown preset or a lab flag (exit 2)', async () => {
    const text = await run(['shell', '--preset', 'tutorial', '--seed', '3'], 'machine ls\n');
    expect(text.stdout().split('\n').slice(0, 2)).toEqual([
      'SEED=3',
      '# swarm sandbox, preset tutorial: machines manager1, worker1, worker2; logged in to manager1; type help',
    ]);
    const unknown = await run(['shell', '--preset', 'huge']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr()).toContain("error: option '--preset <preset>' argument 'huge' is invalid.");
    const labFlag = await run(['shell', '--preset', 'tutorial', '--prevote']);
    expect(labFlag.exitCode).toBe(2);
    expect(labFlag.stderr()).toBe(
      'error: --prevote, --no-checkquorum and --unsafe set up the Raft lab: use them with --lab\n',
    );
  });
});

describe('user story: swarmsim check runs a campaign and exits 0, 1 or 2', () => {
  it('passes on the safe core with a few runs: SEED= first, the bound stated, exit 0', async () => {
    const result = await run(['check', '--nodes', '3', '--runs', '6', '--seed', '3']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe('SEED=3');
    expect(lines).toContain(
      '# safety: the Raft checkers hold throughout and the client history is linearizable',
    );
    expect(lines.find((line) => line.startsWith('# liveness: '))).toContain('a leader within 3000ms');
    expect(lines.at(-1)).toBe('OK: 6 runs, no violation');
  });

  it('catches an unsafe switch, exits 1, and its script replays the same violation in the shell', async () => {
    const check = await run(['check', '--runs', '50', '--seed', '1', '--unsafe', 'forgetVoteOnRestart']);
    expect(check.exitCode).toBe(1);
    const lines = check.stdout().trimEnd().split('\n');
    const failLine = lines.find((line) => line.startsWith('FAIL: ')) ?? '';
    const violation = /(VIOLATION persistence: .*) \(at \d+ms\)$/.exec(failLine)?.[1];
    expect(violation).toBeDefined();
    expect(lines).toContain(
      'reproduce the campaign with: swarmsim check --nodes 5 --runs 50 --seed 1 --unsafe forgetVoteOnRestart',
    );
    const start = lines.findIndex((line) => line.startsWith('# swarmsim shell --lab 5 --seed '));
    const script = lines.slice(start);
    expect(script[0]).toMatch(/^# swarmsim shell --lab 5 --seed \d+ --unsafe forgetVoteOnRestart$/);
    const argv = (script[0] as string).slice('# swarmsim '.length).split(' ');
    const replay = await run(argv, `${script.join('\n')}\n`);
    expect(replay.exitCode).toBe(3);
    expect(replay.stdout().split('\n')).toContain(violation);
  });

  it('--unsafe list prints the switch names, one a line (check and shell)', async () => {
    const names =
      'commitPreviousTermByCount\nvoteWithoutLogCheck\nforgetVoteOnRestart\nconcurrentMembershipChanges\n';
    for (const argv of [
      ['check', '--unsafe', 'list'],
      ['shell', '--unsafe', 'list'],
    ]) {
      const result = await run(argv);
      expect(result.exitCode).toBe(0);
      expect(result.stdout()).toBe(names);
    }
  });
});

describe('user story: a mistyped command line gets a usage line and exit 2, never a stack trace', () => {
  it.each([
    [['check', '--bogus'], "error: unknown option '--bogus'", 'Usage: swarmsim check [options]'],
    [
      ['check', '--nodes', '12'],
      "error: option '--nodes <n>' argument '12' is invalid.",
      'Usage: swarmsim check',
    ],
    [
      ['check', '--runs', 'many'],
      "error: option '--runs <r>' argument 'many' is invalid.",
      'Usage: swarmsim check',
    ],
    [['check', '--seed'], "error: option '--seed <seed>' argument missing", 'Usage: swarmsim check'],
    [['check', '--unsafe', 'nope'], 'unknown unsafe switch "nope"', 'Usage: swarmsim check'],
    [
      ['shell', '--lab', '0'],
      "error: option '--lab <nodes>' argument '0' is invalid.",
      'Usage: swarmsim shell',
    ],
    [['shell'], 'error: shell needs --lab <nodes>', 'Usage: swarmsim shell'],
    [['check', 'extra'], 'error: too many arguments', 'Usage: swarmsim check'],
  ])('%j', async (argv, error, usage) => {
    const result = await run(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr()).toContain(error);
    expect(result.stderr()).toContain(usage);
    expect(result.stderr()).not.toMatch(/^\s+at /m);
    expect(result.stdout()).toBe('');
  });

  it('--help and --version print to stdout and exit 0', async () => {
    const help = await run(['check', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: swarmsim check \[options\]/);
    expect(help.stdout()).toContain('commitPreviousTermByCount');
    const version = await run(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout()).toBe('0.1.0\n');
  });
});
