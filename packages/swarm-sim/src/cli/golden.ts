/**
 * The golden transcript runner (transcript.ts has the format): replay a session on a fresh
 * sandbox and compare what it prints, normalised, with the file. Placeholders typed in commands
 * (`docker swarm join --token <TOKEN-1> …`) are replaced by the values the session printed under
 * those names, so a golden can use a token or an ID it was shown.
 *
 * Rewrite mode (`SWARMSIM_GOLDEN_REWRITE=1`) writes the actual session back into the file, with
 * etcd's rule: read the diff first and accept only changes you understand.
 */
import { createSandbox } from '../swarm/sandbox.js';
import { runLine, type ShellIo } from './run-line.js';
import {
  diffLines,
  normaliseTranscript,
  normaliseWithOriginals,
  parseTranscript,
  renderTranscript,
  substitutePlaceholders,
} from './transcript.js';
import type { LineResult } from './types.js';

export interface GoldenOutcome {
  /** The session as it ran, normalised: what the file should hold. */
  readonly actual: string;
  /** The file's text, normalised. */
  readonly expected: string;
  /** A line diff, or null when they match. */
  readonly diff: string | null;
}

export type GoldenRun =
  | { readonly ok: true; readonly outcome: GoldenOutcome }
  | { readonly ok: false; readonly error: string };

/** Replays a golden file's session and compares; `io` lends the shell files (`stack deploy -c`). */
export function runGolden(fileText: string, io: ShellIo = {}): GoldenRun {
  const parsed = parseTranscript(fileText);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { header, seed, preset, commands } = parsed.transcript;
  const created = createSandbox({ seed, ...(preset !== null && { preset }) });
  if (!created.ok) return { ok: false, error: created.error };
  const sandbox = created.value;
  const results: LineResult[] = [];
  for (const command of commands) {
    const { originals } = normaliseWithOriginals(renderTranscript(header, results));
    results.push(runLine(sandbox, substitutePlaceholders(command, originals), io));
  }
  const actual = normaliseTranscript(renderTranscript(header, results));
  const expected = normaliseTranscript(fileText);
  return { ok: true, outcome: { actual, expected, diff: diffLines(expected, actual) } };
}

/** True when the environment asks goldens to be rewritten. */
export function goldenRewriteRequested(environment: Readonly<Record<string, string | undefined>>): boolean {
  return environment.SWARMSIM_GOLDEN_REWRITE === '1';
}
