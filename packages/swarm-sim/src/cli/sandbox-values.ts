/**
 * Values typed after sandbox commands: machine names, addresses, sizes, probabilities, latency
 * ranges and durations. Each parser returns the value or the sentence the student reads.
 */
import { parseRamInBytes } from '../docker/humanize.js';
import type { Ratio } from '../kernel/types.js';
import { parseDuration } from '../units.js';

export type ValueParse<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

function ok<T>(value: T): ValueParse<T> {
  return { ok: true, value };
}

function bad<T>(error: string): ValueParse<T> {
  return { ok: false, error };
}

const hostnamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A hostname label: letters, digits and dashes, 1 to 63 characters, no dash at either end. */
export function parseMachineName(text: string): ValueParse<string> {
  if (hostnamePattern.test(text)) return ok(text);
  return bad(
    `invalid machine name "${text}": use letters, digits and dashes (at most 63), starting with a letter or digit`,
  );
}

/** A dotted-quad IPv4 address. */
export function parseIpv4(text: string): ValueParse<string> {
  const parts = text.split('.');
  const valid =
    parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
  return valid ? ok(text) : bad(`invalid IP address "${text}"`);
}

export const cpusMax = 256;

export function parseCpus(text: string): ValueParse<number> {
  const value = /^[1-9]\d{0,2}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(value) && value <= cpusMax) return ok(value);
  return bad(`invalid --cpus "${text}": a whole number from 1 to ${cpusMax}`);
}

/** Memory as docker's flags read it (`512m`, `2g`, `2GiB`), at least 4 MiB. */
export function parseMemoryBytes(text: string): ValueParse<number> {
  const parsed = parseRamInBytes(text);
  if (!parsed.ok) return bad(`invalid --memory "${text}": ${parsed.error}`);
  if (parsed.bytes < 4 * 1024 * 1024) return bad(`invalid --memory "${text}": at least 4m`);
  if (parsed.bytes > 2 ** 50) return bad(`invalid --memory "${text}": at most 1p`);
  return ok(parsed.bytes);
}

const probabilityDenominator = 1_000_000;

/** `30%`, `0.3`, `0`, `1`, `12.5%`: a ratio over one million. */
export function parseProbability(text: string): ValueParse<Ratio> {
  const error = `invalid probability "${text}": write a percentage such as 30% or a fraction from 0 to 1`;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const fraction = /^(\d+(?:\.\d+)?)$/.exec(text);
  const value =
    percent !== null ? Number(percent[1]) / 100 : fraction !== null ? Number(fraction[1]) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) return bad(error);
  return ok({ numerator: Math.round(value * probabilityDenominator), denominator: probabilityDenominator });
}

/** How a ratio reads back: `30%`, `12.5%`, `0%`. */
export function formatRatio(ratio: Ratio): string {
  const percent = (ratio.numerator * 100) / ratio.denominator;
  return `${Number(percent.toFixed(4))}%`;
}

export const delayMsMax = 3_600_000;

/** `10ms-200ms`, `5-50` (milliseconds), `1s-2s`. */
export function parseDelayRange(text: string): ValueParse<{ minMs: number; maxMs: number }> {
  const error = `invalid range "${text}": write MIN-MAX such as 10ms-200ms or 5-50`;
  const dash = text.indexOf('-');
  if (dash <= 0 || dash === text.length - 1) return bad(error);
  const minMs = parseDelayBound(text.slice(0, dash));
  const maxMs = parseDelayBound(text.slice(dash + 1));
  if (minMs === null || maxMs === null) return bad(error);
  if (maxMs < minMs)
    return bad(`the maximum ${text.slice(dash + 1)} is below the minimum ${text.slice(0, dash)}`);
  if (maxMs > delayMsMax) return bad(`invalid range "${text}": at most 1h`);
  return ok({ minMs, maxMs });
}

function parseDelayBound(text: string): number | null {
  if (/^\d{1,8}$/.test(text)) return Number(text);
  return parseDuration(text);
}

/** The longest single `wait`: a day of virtual time. */
export const waitDurationMsMax = 24 * 3_600_000;

export function parseWaitDuration(text: string): ValueParse<number> {
  const durationMs = /^[0-9.]+(ms|s|m|h)([0-9.]+(ms|s|m|h))*$|^0$/.test(text) ? parseDuration(text) : null;
  if (durationMs === null)
    return bad(`invalid duration "${text}": write a duration such as 500ms, 20s or 1m30s`);
  if (durationMs > waitDurationMsMax) return bad(`${text} is longer than the 24h a single wait may take`);
  return ok(durationMs);
}

/**
 * `A,B | C,D,E` arrives as words (`A,B`, `|`, `C,D,E`, or `A,B|C,D,E` in one word): the groups,
 * each a list of names. Empty groups and a single group are errors.
 */
export function parseMachineGroups(words: readonly string[]): ValueParse<string[][]> {
  const groups = words
    .join(' ')
    .split('|')
    .map((group) =>
      group
        .split(/[\s,]+/)
        .map((name) => name.trim())
        .filter((name) => name.length > 0),
    );
  if (groups.some((group) => group.length === 0)) {
    return bad(
      groups.length < 2
        ? 'a partition needs at least two groups, separated by |'
        : 'empty group (two | in a row, or a | at either end)',
    );
  }
  if (groups.length < 2) return bad('a partition needs at least two groups, separated by |');
  const seen = new Set<string>();
  for (const name of groups.flat()) {
    if (seen.has(name)) return bad(`machine "${name}" is in two groups`);
    seen.add(name);
  }
  return ok(groups);
}
