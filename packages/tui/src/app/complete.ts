/**
 * Tab completion for the prompt, as a pure function of the line, the cursor and what can be
 * completed. Like bash: one match completes the word (and adds a space), several matches extend
 * the word to their longest common prefix and are listed, none leaves the line alone.
 */

/**
 * What the positional arguments of a command name: a machine, machines in comma-separated
 * groups (`partition manager1,worker1 | manager2`), a service, or free text.
 */
export type ArgumentKind = 'machine' | 'machineGroups' | 'service' | 'none';

/** One command the prompt knows, e.g. `docker service scale` or the sandbox's `kill`. */
export interface CommandSpec {
  /** The words naming the command: `['docker', 'service', 'scale']`, `['kill']`. */
  readonly words: readonly string[];
  /** Its flags, long and short: `['--replicas', '--name', '-d']`. */
  readonly flags: readonly string[];
  /** What its positional arguments are; `none` when they are free text (an image, a number). */
  readonly argument: ArgumentKind;
}

/** Everything the prompt can complete, as the controller reports it now. */
export interface CompletionCandidates {
  readonly commands: readonly CommandSpec[];
  readonly machines: readonly string[];
  readonly services: readonly string[];
}

export interface Completion {
  /** The line after completion (unchanged when nothing, or nothing more, could be completed). */
  readonly line: string;
  /** The cursor after completion: at the end of the completed word. */
  readonly cursor: number;
  /** Every candidate for the word at the cursor, sorted; two or more means the word is ambiguous. */
  readonly matches: readonly string[];
}

/**
 * Completes the word that ends at `cursor` in `line`. The word is what lies between the last
 * space before the cursor and the cursor; text after the cursor is kept. Words inside quotes and
 * `key=value` words are not completed.
 */
export function complete(line: string, cursor: number, candidates: CompletionCandidates): Completion {
  const at = Math.min(Math.max(0, Math.trunc(cursor)), line.length);
  const before = line.slice(0, at);
  const after = line.slice(at);
  const wordStart = before.search(/\S*$/);
  const prefix = before.slice(wordStart);
  const unchanged: Completion = { line, cursor: at, matches: [] };
  if (/["'=\\]/.test(prefix)) return unchanged;
  const previousWords = before
    .slice(0, wordStart)
    .split(/\s+/)
    .filter((word) => word !== '');
  if (previousWords.some((word) => /["']/.test(word))) return unchanged;

  const matches = candidatesFor(previousWords, prefix, candidates)
    .filter((candidate) => candidate.startsWith(prefix))
    .sort();
  const unique = [...new Set(matches)];
  if (unique.length === 0) return unchanged;
  if (unique.length === 1) {
    const word = unique[0] as string;
    // A space ends the word, unless something already follows the cursor.
    const completed = `${before.slice(0, wordStart)}${word}${after === '' ? ' ' : ''}`;
    return { line: completed + after, cursor: completed.length, matches: unique };
  }
  const common = longestCommonPrefix(unique);
  const completed = `${before.slice(0, wordStart)}${common.length > prefix.length ? common : prefix}`;
  return { line: completed + after, cursor: completed.length, matches: unique };
}

/** The words that may stand at the cursor, given the words before it. */
function candidatesFor(
  previousWords: readonly string[],
  prefix: string,
  candidates: CompletionCandidates,
): string[] {
  const words: string[] = [];
  // A command's next word, while the words so far are the start of that command's name.
  for (const command of candidates.commands) {
    if (command.words.length > previousWords.length && startsWith(command.words, previousWords)) {
      words.push(command.words[previousWords.length] as string);
    }
  }
  // Flags or arguments of the longest command whose whole name has been typed.
  const command = longestTypedCommand(previousWords, candidates.commands);
  if (command === null) return words;
  if (prefix.startsWith('-')) return [...words, ...command.flags];
  if (command.argument === 'machine') return [...words, ...candidates.machines];
  if (command.argument === 'machineGroups') {
    // Complete the name after the last comma; the names before it stay as typed.
    const head = prefix.slice(0, prefix.lastIndexOf(',') + 1);
    return [...words, ...candidates.machines.map((machine) => head + machine)];
  }
  if (command.argument === 'service') return [...words, ...candidates.services];
  return words;
}

function longestTypedCommand(
  previousWords: readonly string[],
  commands: readonly CommandSpec[],
): CommandSpec | null {
  let best: CommandSpec | null = null;
  for (const command of commands) {
    if (command.words.length === 0 || !startsWith(previousWords, command.words)) continue;
    if (best === null || command.words.length > best.words.length) best = command;
  }
  return best;
}

function startsWith(words: readonly string[], start: readonly string[]): boolean {
  if (start.length > words.length) return false;
  return start.every((word, index) => words[index] === word);
}

function longestCommonPrefix(words: readonly string[]): string {
  let common = words[0] ?? '';
  for (const word of words) {
    let length = 0;
    while (length < common.length && length < word.length && common[length] === word[length]) length++;
    common = common.slice(0, length);
  }
  return common;
}
