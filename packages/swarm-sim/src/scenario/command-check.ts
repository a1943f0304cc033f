/**
 * Checks on what a command printed (a run step's `expect: { exitCode, stdout, stderr }`), and the
 * rule that decides whether a line a student typed is the command a lesson's run step asks for.
 */
import type { CommandOutput } from '../cli/types.js';
import { type CommandExpectation, compileScenarioPattern, type TextMatch } from './format.js';

export interface OutputCheck {
  readonly holds: boolean;
  /** What was expected, in words: `exit code 0, stdout contains "converged"`. */
  readonly expected: string;
  /** What the command did: `exit code 1, stderr "Error response from daemon: …"`. */
  readonly seen: string;
}

function matches(match: TextMatch, text: string): boolean {
  switch (match.kind) {
    case 'contains':
      return text.includes(match.text);
    case 'equals':
      return text === match.text || text === `${match.text}\n`;
    case 'matches':
      return compileScenarioPattern(match.text).test(text);
  }
}

function describeMatch(stream: string, match: TextMatch): string {
  const verb = match.kind === 'matches' ? 'matches' : match.kind === 'equals' ? 'is' : 'contains';
  return match.kind === 'matches'
    ? `${stream} ${verb} /${match.text}/`
    : `${stream} ${verb} ${JSON.stringify(match.text)}`;
}

/** `expect` of a run step, in words. */
export function describeCommandExpectation(expectation: CommandExpectation): string {
  const parts: string[] = [];
  if (expectation.exitCode !== null) parts.push(`exit code ${expectation.exitCode}`);
  for (const match of expectation.stdout) parts.push(describeMatch('stdout', match));
  for (const match of expectation.stderr) parts.push(describeMatch('stderr', match));
  return parts.join(', ');
}

/** At most this many characters of an output go into a report. */
export const reportedOutputLengthMax = 400;

function excerpt(text: string): string {
  const trimmed = text.replace(/\n+$/, '');
  return trimmed.length <= reportedOutputLengthMax
    ? JSON.stringify(trimmed)
    : `${JSON.stringify(trimmed.slice(0, reportedOutputLengthMax))}…`;
}

export function describeOutput(output: CommandOutput): string {
  const parts = [`exit code ${output.exitCode}`];
  if (output.stdout !== '') parts.push(`stdout ${excerpt(output.stdout)}`);
  if (output.stderr !== '') parts.push(`stderr ${excerpt(output.stderr)}`);
  return parts.join(', ');
}

export function checkOutput(expectation: CommandExpectation, output: CommandOutput): OutputCheck {
  const holds =
    (expectation.exitCode === null || output.exitCode === expectation.exitCode) &&
    expectation.stdout.every((match) => matches(match, output.stdout)) &&
    expectation.stderr.every((match) => matches(match, output.stderr));
  return { holds, expected: describeCommandExpectation(expectation), seen: describeOutput(output) };
}

/** Bounds the words of one line compared by `lineMatchesCommand`. */
const lineWordsMax = 200;

/** The words of a command line, `--flag=value` split into `--flag value`, quotes removed. */
export function commandWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (
    let match = pattern.exec(line);
    match !== null && words.length < lineWordsMax;
    match = pattern.exec(line)
  ) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    const equals = word.indexOf('=');
    if (word.startsWith('--') && equals > 2) words.push(word.slice(0, equals), word.slice(equals + 1));
    else words.push(word);
  }
  return words;
}

/**
 * Whether a line a student typed is the command a run step asks for: the same words in any order
 * (`--flag=value` counts as `--flag value`; quotes do not matter), where a word of the step that
 * still holds a `${variable}` stands for any one word. So `docker node update worker1
 * --label-add zone=east` meets the step `docker node update --label-add zone=east worker1`.
 */
export function lineMatchesCommand(line: string, command: string): boolean {
  const typed = commandWords(line);
  const wanted = commandWords(command);
  if (typed.length !== wanted.length) return false;
  const remaining = [...typed];
  const wildcards = wanted.filter((word) => word.includes('${'));
  for (const word of wanted) {
    if (word.includes('${')) continue;
    const position = remaining.indexOf(word);
    if (position < 0) return false;
    remaining.splice(position, 1);
  }
  return remaining.length === wildcards.length;
}
