/**
 * `help` and `help COMMAND`: the list of docker and sandbox commands, and per-command help as
 * clear as Docker's (`Usage:`, a description, arguments, options, examples, errors). Docker
 * commands answer with docker's own `--help` text (`help docker node ls`).
 */
import { type DockerCommandKey, dockerCommands } from '../docker/grammar/commands.js';
import { useLine } from '../docker/grammar/help.js';
import { parseDockerArgv } from '../docker/grammar/parse.js';
import type { CommandSpec } from '../docker/grammar/spec.js';
import {
  lookupShellCommand,
  type ShellArgumentSpec,
  type ShellCommandSpec,
  type ShellFlagSpec,
  usageLine,
} from './shell-table.js';
import { type CommandOutput, failed, printed } from './types.js';

function alignedRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`).join('\n');
}

/** `help`: both command lists. */
export function helpOverview(
  sandboxSpecs: readonly ShellCommandSpec[],
  dockerKeys: readonly DockerCommandKey[],
): string {
  const dockerRows = dockerKeys.map((key): [string, string] => {
    const spec = dockerCommands[key] as CommandSpec;
    return [useLine(spec).replace(' [OPTIONS]', ''), spec.short];
  });
  const sandboxRows = sandboxSpecs.map((spec): [string, string] => [usageLine(spec), spec.summary]);
  return (
    'Docker commands (they run on the machine the shell is logged in to):\n' +
    `${alignedRows(dockerRows)}\n\n` +
    'Sandbox commands (what you would do with your hands in a real lab):\n' +
    `${alignedRows(sandboxRows)}\n\n` +
    "Run 'help COMMAND' for one command, e.g. 'help kill' or 'help docker node ls'.\n"
  );
}

function argumentRows(args: readonly ShellArgumentSpec[]): [string, string][] {
  return args.map((arg) => [arg.name, arg.description + (arg.optional ? ' (optional)' : '')]);
}

function flagRows(flags: readonly ShellFlagSpec[]): [string, string][] {
  return flags.map((flag) => {
    const left = flag.valueName === null ? `--${flag.name}` : `--${flag.name} ${flag.valueName}`;
    const right =
      flag.defaultText === '' ? flag.description : `${flag.description} (default ${flag.defaultText})`;
    return [left, right];
  });
}

/** `help kill`: usage, description, arguments, options, examples, the errors you can meet. */
export function sandboxCommandHelp(spec: ShellCommandSpec): string {
  let text = `Usage:  ${usageLine(spec)}\n\n${spec.description}\n`;
  if (spec.args.length > 0) text += `\nArguments:\n${alignedRows(argumentRows(spec.args))}\n`;
  if (spec.flags.length > 0) text += `\nOptions:\n${alignedRows(flagRows(spec.flags))}\n`;
  if (spec.examples.length > 0) {
    text += '\nExample:\n';
    for (const example of spec.examples) {
      text += `  $ ${example.command}\n`;
      for (const line of example.output.split('\n').filter((line) => line !== '')) text += `  ${line}\n`;
    }
  }
  if (spec.errors.length > 0) text += `\nErrors:\n${spec.errors.map((error) => `  ${error}`).join('\n')}\n`;
  return text;
}

/** `help WORDS...`: a sandbox command, a sandbox group, or `docker …` (docker's own help). */
export function runHelp(
  sandboxSpecs: readonly ShellCommandSpec[],
  dockerKeys: readonly DockerCommandKey[],
  words: readonly string[],
): CommandOutput {
  if (words.length === 0) return printed(helpOverview(sandboxSpecs, dockerKeys));
  if (words[0] === 'docker') {
    const parsed = parseDockerArgv([...words.slice(1), '--help']);
    if (parsed.kind === 'output') return printed(parsed.stdout === '' ? parsed.stderr : parsed.stdout);
    return failed(`help: no such command "${words.join(' ')}"`);
  }
  const lookup = lookupShellCommand(sandboxSpecs, words);
  if (lookup.kind === 'found' && lookup.rest.length === 0) return printed(sandboxCommandHelp(lookup.spec));
  if (lookup.kind === 'group' && words.length === 1) {
    const rows = lookup.specs.map((spec): [string, string] => [usageLine(spec), spec.summary]);
    return printed(
      `Commands:\n${alignedRows(rows)}\n\nRun 'help ${lookup.group} COMMAND' for one of them.\n`,
    );
  }
  return failed(`help: no such command "${words.join(' ')}"`);
}
