/**
 * Golden transcripts: a plain-text session, as a terminal shows it, that a test replays and
 * compares. The format (testdata/*.txt):
 *
 *     # Docker's tutorial, steps 1-2 (swarm.md §6).        <- header: '#' lines before the first prompt
 *     # seed: 7                                             <- directives in the header
 *     # preset: tutorial
 *     $ use manager1                                        <- a prompt: `<machine>$ <line>`
 *     manager1$ docker swarm init --advertise-addr 192.168.99.100
 *     Swarm initialized: current node (<ID-1>~~~~~~~~~~~~~~~~~~~) is now a manager.
 *     …                                                     <- stdout, line for line
 *     worker1$ docker node ls
 *     ! Error response from daemon: This node is not a swarm manager. …   <- stderr lines start with '! '
 *     [exit 1]                                              <- a non-zero exit code
 *
 * The machine before `$` is the one whose shell ran the line (empty before any machine exists).
 * `<machine>$ # words` is a comment: the shell does nothing with it.
 *
 * Expected and actual sessions are both normalised before comparing, as issue 5 allows ("modulo
 * IDs, tokens and times"): swarm IDs become `<ID-n>` padded with `~` to their 25 characters (so
 * tables stay aligned), join tokens `<TOKEN-n>`, unlock keys `<UNLOCK-KEY-n>`, root CA digests
 * `<DIGEST-n>`, numbered in order of first appearance (the same ID keeps its number); relative
 * times (`5 seconds ago`) become `<N> <unit> ago`; absolute timestamps `<TIME>`.
 */
import type { LineResult } from './types.js';

export interface Transcript {
  /** The lines before the first prompt (`#` lines and blank lines), kept verbatim. */
  readonly header: readonly string[];
  readonly seed: number;
  /** A sandbox preset name, or null for the default. */
  readonly preset: string | null;
  /** The lines typed, in order. */
  readonly commands: readonly string[];
}

const promptPattern = /^([A-Za-z0-9-]*)\$ (.*)$/;
const transcriptLinesMax = 100_000;

export type TranscriptParse =
  | { readonly ok: true; readonly transcript: Transcript }
  | { readonly ok: false; readonly error: string };

/** Reads a transcript's header, directives and commands (the expected output is compared whole). */
export function parseTranscript(text: string): TranscriptParse {
  const lines = text.split('\n');
  if (lines.length > transcriptLinesMax) return { ok: false, error: `more than ${transcriptLinesMax} lines` };
  const header: string[] = [];
  const commands: string[] = [];
  let seed = 1;
  let preset: string | null = null;
  for (const [index, line] of lines.entries()) {
    const prompt = promptPattern.exec(line);
    if (prompt !== null) {
      commands.push(prompt[2] as string);
      continue;
    }
    if (commands.length > 0) continue;
    if (line !== '' && !line.startsWith('#')) {
      return { ok: false, error: `line ${index + 1}: before the first prompt, only # lines and blank lines` };
    }
    header.push(line);
    const directive = /^#\s*(seed|preset):\s*(\S+)\s*$/.exec(line);
    if (directive === null) continue;
    if (directive[1] === 'preset') preset = directive[2] as string;
    else if (/^\d{1,15}$/.test(directive[2] as string)) seed = Number(directive[2]);
    else return { ok: false, error: `line ${index + 1}: seed must be a whole number` };
  }
  if (commands.length === 0) return { ok: false, error: 'no command lines (`machine$ command`)' };
  return { ok: true, transcript: { header, seed, preset, commands } };
}

/** One result as the transcript shows it: prompt, stdout, `! ` stderr lines, `[exit N]`. */
export function renderResult(result: LineResult): string {
  let text = `${result.node ?? ''}$ ${result.command}\n`;
  text += result.stdout;
  if (result.stdout !== '' && !result.stdout.endsWith('\n')) text += '\n[no newline at end of stdout]\n';
  if (result.stderr !== '') {
    const stderr = result.stderr.endsWith('\n') ? result.stderr.slice(0, -1) : result.stderr;
    text += `${stderr
      .split('\n')
      .map((line) => (line === '' ? '!' : `! ${line}`))
      .join('\n')}\n`;
    if (!result.stderr.endsWith('\n')) text += '[no newline at end of stderr]\n';
  }
  if (result.exitCode !== 0) text += `[exit ${result.exitCode}]\n`;
  return text;
}

/** The whole session: header, then every result. */
export function renderTranscript(header: readonly string[], results: readonly LineResult[]): string {
  const head = header.length > 0 ? `${header.join('\n')}\n` : '';
  return head + results.map(renderResult).join('');
}

interface Masker {
  readonly pattern: RegExp;
  readonly replace: (match: string, numbering: Map<string, string>, counters: Map<string, number>) => string;
}

function numbered(
  kind: string,
  match: string,
  numbering: Map<string, string>,
  counters: Map<string, number>,
): string {
  const key = `${kind}:${match}`;
  const known = numbering.get(key);
  if (known !== undefined) return known;
  const next = (counters.get(kind) ?? 0) + 1;
  counters.set(kind, next);
  const label = `<${kind}-${next}>`;
  numbering.set(key, label);
  return label;
}

const swarmIdLength = 25;

const maskers: readonly Masker[] = [
  {
    pattern: /SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}/g,
    replace: (match, numbering, counters) => numbered('TOKEN', match, numbering, counters),
  },
  {
    pattern: /SWMKEY-1-[A-Za-z0-9+/]+/g,
    replace: (match, numbering, counters) => numbered('UNLOCK-KEY', match, numbering, counters),
  },
  {
    pattern: /\b[0-9a-f]{64}\b/g,
    replace: (match, numbering, counters) => numbered('DIGEST', match, numbering, counters),
  },
  {
    pattern: /(?<![0-9A-Za-z])[0-9a-z]{25}(?![0-9A-Za-z])/g,
    replace: (match, numbering, counters) =>
      numbered('ID', match, numbering, counters).padEnd(swarmIdLength, '~'),
  },
  {
    pattern: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z| \+0000 (UTC|utc))/g,
    replace: () => '<TIME>',
  },
  {
    pattern:
      /\b(\d+ (second|minute|hour|day|week|month|year)s|about an? (minute|hour)|less than a second) ago\b/gi,
    replace: (match) => {
      const unit = /(second|minute|hour|day|week|month|year)/i.exec(match)?.[1]?.toLowerCase() ?? 'second';
      return `<N> ${unit}s ago`;
    },
  },
];

export interface Normalised {
  readonly text: string;
  /** Each placeholder (`<TOKEN-1>`, `<ID-2>`, without `~` padding) and the value it stands for. */
  readonly originals: ReadonlyMap<string, string>;
}

/** Masks IDs, tokens, keys and times (see the file comment), keeping what each placeholder hides. */
export function normaliseWithOriginals(text: string): Normalised {
  const numbering = new Map<string, string>();
  const counters = new Map<string, number>();
  let normalised = text;
  for (const masker of maskers) {
    normalised = normalised.replace(masker.pattern, (match) => masker.replace(match, numbering, counters));
  }
  const originals = new Map<string, string>();
  for (const [key, label] of numbering) originals.set(label, key.slice(key.indexOf(':') + 1));
  return { text: normalised, originals };
}

/** Masks IDs, tokens, keys and times (see the file comment); numbering is per call. */
export function normaliseTranscript(text: string): string {
  return normaliseWithOriginals(text).text;
}

const placeholderPattern = /<(ID|TOKEN|UNLOCK-KEY|DIGEST)-\d+>~*/g;

/**
 * Puts the real values back into a command typed in a golden (`--token <TOKEN-1>`), using what
 * the session printed so far; an unknown placeholder stays as typed (and the command fails).
 */
export function substitutePlaceholders(command: string, originals: ReadonlyMap<string, string>): string {
  return command.replace(placeholderPattern, (match) => originals.get(match.replace(/~+$/, '')) ?? match);
}

/**
 * A line diff of expected against actual (longest common subsequence), `-` for expected lines
 * missing, `+` for actual lines added, two lines of context; null when equal.
 */
export function diffLines(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const left = expected.split('\n');
  const right = actual.split('\n');
  if (left.length * right.length > 25_000_000)
    return `--- expected (${left.length} lines)\n+++ actual (${right.length} lines)\n(too long to diff)`;
  const lengths: number[][] = Array.from({ length: left.length + 1 }, () =>
    new Array<number>(right.length + 1).fill(0),
  );
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        left[i] === right[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lengths[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const edits: { readonly mark: ' ' | '-' | '+'; readonly text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i < left.length && j < right.length && left[i] === right[j]) {
      edits.push({ mark: ' ', text: left[i] as string });
      i++;
      j++;
    } else if (
      i < left.length &&
      (j === right.length ||
        ((lengths[i + 1] as number[])[j] as number) >= ((lengths[i] as number[])[j + 1] as number))
    ) {
      edits.push({ mark: '-', text: left[i] as string });
      i++;
    } else {
      edits.push({ mark: '+', text: right[j] as string });
      j++;
    }
  }
  return formatEdits(edits);
}

function formatEdits(edits: readonly { readonly mark: ' ' | '-' | '+'; readonly text: string }[]): string {
  const context = 2;
  const shown = new Set<number>();
  edits.forEach((edit, index) => {
    if (edit.mark === ' ') return;
    for (let near = Math.max(0, index - context); near <= Math.min(edits.length - 1, index + context); near++)
      shown.add(near);
  });
  const lines = ['--- expected', '+++ actual'];
  let previous = -1;
  for (const index of [...shown].sort((a, b) => a - b)) {
    if (previous >= 0 && index > previous + 1) lines.push('@@');
    const edit = edits[index] as { mark: string; text: string };
    lines.push(`${edit.mark} ${edit.text}`);
    previous = index;
  }
  return lines.join('\n');
}
