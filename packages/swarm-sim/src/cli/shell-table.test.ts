/**
 * The sandbox command table and its dispatcher (issue 5 §1): usage errors read like Docker's
 * (cli/required.go) and exit 2; the table is data the TUI can read.
 */
import { describe, expect, it } from 'vitest';
import { machineAddSpec, partitionSpec, sandboxCommandSpecs, statusSpec } from './sandbox-commands.js';
import {
  dispatchShell,
  lookupShellCommand,
  parseShellWords,
  type ShellCommand,
  unknownCommand,
  usageLine,
} from './shell-table.js';

describe('the sandbox command table is data', () => {
  it('names every command once, with a usage line, a summary, and an example', () => {
    const names = sandboxCommandSpecs.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of sandboxCommandSpecs) {
      expect(spec.summary.length).toBeGreaterThan(0);
      expect(spec.examples.length).toBeGreaterThan(0);
      expect(usageLine(spec).startsWith(spec.name)).toBe(true);
    }
    expect(names).toEqual(
      expect.arrayContaining([
        'machine add',
        'machine ls',
        'use',
        'kill',
        'restart',
        'disconnect',
        'reconnect',
        'partition',
        'heal',
        'net drop',
        'net delay',
        'wait',
        'status',
        'help',
      ]),
    );
  });

  it('survives a JSON round trip (no functions in the specs)', () => {
    expect(JSON.parse(JSON.stringify(sandboxCommandSpecs))).toEqual(sandboxCommandSpecs);
  });
});

describe('finding a command', () => {
  it('prefers two-word names, then one word, then reports the group', () => {
    expect(lookupShellCommand(sandboxCommandSpecs, ['machine', 'add', 'x'])).toMatchObject({
      kind: 'found',
      rest: ['x'],
    });
    expect(lookupShellCommand(sandboxCommandSpecs, ['kill', 'x'])).toMatchObject({
      kind: 'found',
      rest: ['x'],
    });
    expect(lookupShellCommand(sandboxCommandSpecs, ['machine', 'frob'])).toMatchObject({
      kind: 'group',
      group: 'machine',
    });
    expect(lookupShellCommand(sandboxCommandSpecs, ['frob'])).toEqual({ kind: 'none' });
  });
});

describe('parsing the words of a command', () => {
  it('reads --flag value, --flag=value and boolean flags', () => {
    expect(parseShellWords(machineAddSpec, ['w3', '--ip', '10.0.0.3', '--cpus=4'])).toEqual({
      spec: machineAddSpec,
      args: ['w3'],
      flags: { ip: '10.0.0.3', cpus: '4' },
    });
    expect(parseShellWords(statusSpec, ['--json'])).toMatchObject({ flags: { json: true } });
  });

  it('refuses a missing argument with the usage line, exit 2', () => {
    expect(parseShellWords(machineAddSpec, [])).toEqual({
      stdout: '',
      stderr:
        "machine add: 'machine add' requires exactly 1 argument\n\nUsage:  machine add NAME [--ip IP] [--cpus N] [--memory SIZE]\n\nRun 'help machine add' for more information\n",
      exitCode: 2,
    });
  });

  it('refuses unknown flags, missing flag values, and extra arguments', () => {
    expect(parseShellWords(machineAddSpec, ['w3', '--disk', '1'])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('unknown flag: --disk'),
    });
    expect(parseShellWords(machineAddSpec, ['w3', '--ip'])).toMatchObject({
      stderr: expect.stringContaining('flag needs an argument: --ip'),
    });
    expect(parseShellWords(statusSpec, ['now'])).toMatchObject({
      stderr: expect.stringContaining("'status' accepts no arguments"),
    });
    expect(parseShellWords(statusSpec, ['--json=yes'])).toMatchObject({
      stderr: expect.stringContaining('flag --json takes no value'),
    });
  });

  it('passes the partition groups through as words, | included', () => {
    expect(parseShellWords(partitionSpec, ['a,b', '|', 'c'])).toMatchObject({ args: ['a,b', '|', 'c'] });
    expect(parseShellWords(partitionSpec, [])).toMatchObject({
      stderr: expect.stringContaining("'partition' requires at least 1 argument"),
    });
  });
});

describe('dispatching on a context', () => {
  const echo: ShellCommand<string[]> = {
    spec: {
      ...statusSpec,
      name: 'echo',
      synopsis: '[WORDS...]',
      args: [
        {
          ...statusSpec.args[0],
          name: 'WORDS',
          kind: 'text',
          description: 'words',
          optional: true,
          repeated: true,
        },
      ],
      flags: [],
    },
    run(context, command) {
      context.push(command.args.join(' '));
      return { stdout: `${command.args.join(' ')}\n`, stderr: '', exitCode: 0 };
    },
  };

  it('runs the handler with the parsed words, or returns null for a word it does not know', () => {
    const seen: string[] = [];
    expect(dispatchShell([echo], seen, ['echo', 'a', 'b'])).toEqual({
      stdout: 'a b\n',
      stderr: '',
      exitCode: 0,
    });
    expect(seen).toEqual(['a b']);
    expect(dispatchShell([echo], seen, ['nope'])).toBeNull();
  });

  it('names an unknown command as a shell does, exit 127', () => {
    expect(unknownCommand('frob')).toEqual({
      stdout: '',
      stderr: "frob: command not found\nRun 'help' to list the docker and sandbox commands.\n",
      exitCode: 127,
    });
    // Found by the shell's property test: a line starting with "" named nothing.
    expect(unknownCommand('').stderr.startsWith("'': command not found\n")).toBe(true);
  });
});
