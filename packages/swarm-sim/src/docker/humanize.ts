/**
 * The small text helpers docker/cli uses to print values for people: go-units durations and
 * sizes, PrettyPrint, the task CURRENT STATE column, Ellipsis, natural sort order.
 */
import { displayWidth } from './tabwriter.js';

const secondMs = 1000;
const minuteMs = 60 * secondMs;
const hourMs = 60 * minuteMs;

/**
 * go-units `HumanDuration`. Thresholds are go-units' own (duration.go): whole seconds and
 * minutes are truncated, hours are rounded (`int(d.Hours() + 0.5)`), then days below 48 h
 * are hours, below 14 days days, below 60 days weeks, below 2 × 365 days months.
 */
export function humanDuration(durationMs: number): string {
  assertFinite(durationMs, 'durationMs');
  const seconds = Math.trunc(durationMs / secondMs);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(durationMs / minuteMs);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(durationMs / hourMs + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(durationMs / hourMs) / 24 / 365)} years`;
}

/**
 * docker/cli `formatter.PrettyPrint` (capitalizeFirst): first byte upper-case, the rest
 * lower-case; a one-character string is lower-cased; `null` prints `None`.
 */
export function prettyPrint(value: string | null): string {
  if (value === null) return 'None';
  if (value.length === 0) return value;
  if (value.length === 1) return value.toLowerCase();
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/**
 * The task table's CURRENT STATE cell (docker/cli `task/formatter.go`):
 * `<PrettyPrint(state)> <lower-cased HumanDuration(now - timestamp)> ago`,
 * e.g. `Running 2 minutes ago`, `Running less than a second ago`.
 */
export function taskCurrentState(state: string, sinceStatusMs: number): string {
  return `${prettyPrint(state)} ${humanDuration(sinceStatusMs).toLowerCase()} ago`;
}

/**
 * docker/cli `formatter.Ellipsis`: cut a string to `maxDisplayWidth` terminal columns, the last
 * one being `…` when something was cut.
 */
export function ellipsis(text: string, maxDisplayWidth: number): string {
  if (maxDisplayWidth <= 0) return '';
  const characters = [...text];
  if (maxDisplayWidth === 1) return characters[0] ?? '';
  if (displayWidth(text) <= maxDisplayWidth) return text;
  let kept = '';
  let keptWidth = 0;
  for (const character of characters) {
    const width = displayWidth(character);
    if (keptWidth + width > maxDisplayWidth - 1) break;
    kept += character;
    keptWidth += width;
  }
  return `${kept}…`;
}

/** The task ERROR cell: `Status.Err` cut to 30 columns (unless `noTrunc`) and quoted. */
export function taskErrorCell(error: string, noTrunc = false): string {
  const text = noTrunc ? error : ellipsis(error, 30);
  return text.length > 0 ? `"${text}"` : '';
}

const binaryAbbreviations = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;
const decimalAbbreviations = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

/** go-units `BytesSize`: `%.4g` of the size in powers of 1024, e.g. `1.954GiB`, `512MiB`, `0B`. */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 1024, binaryAbbreviations);
}

/** go-units `HumanSize`: `%.4g` of the size in powers of 1000, e.g. `2.746MB`. */
export function humanSize(bytes: number): string {
  return customSize(bytes, 1000, decimalAbbreviations);
}

function customSize(size: number, base: number, abbreviations: readonly string[]): string {
  assertFinite(size, 'size');
  let scaled = size;
  let unitIndex = 0;
  while (scaled >= base && unitIndex < abbreviations.length - 1) {
    scaled /= base;
    unitIndex++;
  }
  return `${formatGoG(scaled, 4)}${abbreviations[unitIndex]}`;
}

/**
 * Go's `%.<precision>g`: `precision` significant digits, rounded half to even on exact ties as
 * strconv does (JavaScript rounds ties up), exponent form when the exponent is below -4 or at
 * least `precision`, trailing zeros removed.
 */
export function formatGoG(value: number, precision: number): string {
  assertFinite(value, 'value');
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = roundSignificant(Math.abs(value), precision);
  if (exponent < -4 || exponent >= precision) {
    const mantissa = stripTrailingZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  let fixed: string;
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    fixed = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  } else {
    fixed = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return sign + stripTrailingZeros(fixed);
}

/** The first `precision` significant decimal digits of a positive double and its exponent. */
function roundSignificant(value: number, precision: number): { digits: string; exponent: number } {
  // 100 significant digits are exact for every tie a double can produce at these precisions.
  const [mantissaText, exponentText] = value.toExponential(99).split('e') as [string, string];
  const allDigits = mantissaText.replace('.', '');
  let exponent = Number(exponentText);
  const kept = allDigits.slice(0, precision);
  const rest = allDigits.slice(precision);
  const tie = /^50*$/.test(rest);
  const roundUp = rest.charAt(0) > '5' || (rest.charAt(0) === '5' && (!tie || Number(kept.at(-1)) % 2 === 1));
  let digits = kept;
  if (roundUp) {
    const incremented = (BigInt(kept) + 1n).toString();
    if (incremented.length > kept.length) {
      exponent++;
      digits = incremented.slice(0, precision);
    } else {
      digits = incremented.padStart(kept.length, '0');
    }
  }
  return { digits, exponent };
}

function stripTrailingZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\.?0+$/, '');
}

const binaryMultipliers: Readonly<Record<string, number>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};
const sizePattern = /^(\d+(\.\d+)*) ?([kmgtp])?i?b?$/i;

export type ParsedSize = { ok: true; bytes: number } | { ok: false; error: string };

/**
 * go-units `RAMInBytes`, as docker's memory flags parse `512m`, `1g`, `1.5GiB`, `100`:
 * units are binary and case-insensitive, the `b` (and `i`) optional; the result is truncated
 * to whole bytes. Errors carry go-units' / strconv's text.
 */
export function parseRamInBytes(text: string): ParsedSize {
  const match = sizePattern.exec(text);
  if (match === null) return { ok: false, error: `invalid size: '${text}'` };
  const numberText = match[1] as string;
  if ((numberText.match(/\./g) ?? []).length > 1) {
    return { ok: false, error: `strconv.ParseFloat: parsing "${numberText}": invalid syntax` };
  }
  const unit = (match[3] ?? '').toLowerCase();
  const bytes = Math.trunc(Number(numberText) * (binaryMultipliers[unit] ?? 1));
  return { ok: true, bytes };
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9';
}

/**
 * fvbommel/sortorder `NaturalLess`, which docker uses to sort hostnames, service and task names:
 * digit runs compare numerically (`.2` < `.10`), ties broken by fewer leading zeros; other
 * characters compare bytewise (UTF-16 units here; equal for ASCII).
 */
export function naturalLess(left: string, right: string): boolean {
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const leftDigit = isDigit(left.charAt(leftIndex));
    const rightDigit = isDigit(right.charAt(rightIndex));
    if (leftDigit !== rightDigit) return leftDigit;
    if (!leftDigit) {
      if (left.charAt(leftIndex) !== right.charAt(rightIndex)) {
        return left.charAt(leftIndex) < right.charAt(rightIndex);
      }
      leftIndex++;
      rightIndex++;
      continue;
    }
    const leftNumber = readNumber(left, leftIndex);
    const rightNumber = readNumber(right, rightIndex);
    if (leftNumber.digits.length !== rightNumber.digits.length) {
      return leftNumber.digits.length < rightNumber.digits.length;
    }
    if (leftNumber.digits !== rightNumber.digits) return leftNumber.digits < rightNumber.digits;
    // Go compares the absolute indexes: everything before them compared equal, so they line up.
    if (leftNumber.nonZeroStart !== rightNumber.nonZeroStart) {
      return leftNumber.nonZeroStart < rightNumber.nonZeroStart;
    }
    leftIndex = leftNumber.end;
    rightIndex = rightNumber.end;
  }
  return left.length < right.length;
}

function readNumber(text: string, start: number): { digits: string; nonZeroStart: number; end: number } {
  let nonZeroStart = start;
  while (nonZeroStart < text.length && text.charAt(nonZeroStart) === '0') nonZeroStart++;
  let end = nonZeroStart;
  while (end < text.length && isDigit(text.charAt(end))) end++;
  return { digits: text.slice(nonZeroStart, end), nonZeroStart, end };
}

/** A comparator for `Array.prototype.sort` built on `naturalLess`. */
export function naturalCompare(left: string, right: string): number {
  if (naturalLess(left, right)) return -1;
  if (naturalLess(right, left)) return 1;
  return 0;
}

function assertFinite(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
}
