/**
 * Go's value parsers as docker's flags use them (strconv.ParseInt / ParseUint / ParseFloat /
 * ParseBool, time.ParseDuration), with Go's error texts, so that
 * `invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax`
 * reads exactly as Docker prints it.
 */

export type GoParse<T> = { ok: true; value: T } | { ok: false; error: string };

function syntaxError(functionName: string, text: string): { ok: false; error: string } {
  return { ok: false, error: `strconv.${functionName}: parsing ${goQuote(text)}: invalid syntax` };
}

function rangeError(functionName: string, text: string): { ok: false; error: string } {
  return { ok: false, error: `strconv.${functionName}: parsing ${goQuote(text)}: value out of range` };
}

/** Go's `%q` for the ASCII strings that reach error messages. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Reads the digits of an unsigned integer in `base` (0 = Go literal syntax: `0x`, `0o`, `0b`,
 * a leading `0` for octal, and `_` separators). Returns null on a syntax error.
 */
function parseUnsignedDigits(text: string, base: 0 | 10): bigint | null {
  if (text.length === 0) return null;
  let digits = text;
  let radix = 10;
  if (base === 0) {
    const prefix = digits.slice(0, 2).toLowerCase();
    if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
      radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
      digits = digits.slice(2);
      if (digits.startsWith('_')) digits = digits.slice(1);
    } else if (digits.length > 1 && digits.startsWith('0')) {
      radix = 8;
      digits = digits.slice(1);
      if (digits.startsWith('_')) digits = digits.slice(1);
    }
    if (digits.includes('__') || digits.endsWith('_') || digits.startsWith('_')) return null;
    digits = digits.replaceAll('_', '');
  }
  if (digits.length === 0) return null;
  let value = 0n;
  for (const character of digits.toLowerCase()) {
    const digit = Number.parseInt(character, 36);
    if (Number.isNaN(digit) || digit >= radix) return null;
    value = value * BigInt(radix) + BigInt(digit);
  }
  return value;
}

/** strconv.ParseUint(text, base, bitSize). */
export function parseGoUint(text: string, base: 0 | 10, bitSize: 32 | 64): GoParse<number> {
  const value = parseUnsignedDigits(text, base);
  if (value === null) return syntaxError('ParseUint', text);
  if (value >= 1n << BigInt(bitSize)) return rangeError('ParseUint', text);
  return { ok: true, value: Number(value) };
}

/** strconv.ParseInt(text, base, bitSize): an optional sign, then ParseUint's syntax. */
export function parseGoInt(text: string, base: 0 | 10, bitSize: 32 | 64): GoParse<number> {
  const negative = text.startsWith('-');
  const unsigned = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  const magnitude = parseUnsignedDigits(unsigned, base);
  if (magnitude === null) return syntaxError('ParseInt', text);
  const limit = 1n << BigInt(bitSize - 1);
  if (negative ? magnitude > limit : magnitude >= limit) return rangeError('ParseInt', text);
  return { ok: true, value: Number(negative ? -magnitude : magnitude) };
}

const floatPattern = /^[+-]?(\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/;
const specialFloatPattern = /^([+-]?)(inf|infinity|nan)$/i;

/** strconv.ParseFloat(text, 64) for decimal notation, `inf`, `infinity` and `nan`. */
export function parseGoFloat(text: string): GoParse<number> {
  const special = specialFloatPattern.exec(text);
  if (special !== null) {
    if ((special[2] as string).toLowerCase() === 'nan') return { ok: true, value: Number.NaN };
    return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  }
  if (!floatPattern.test(text) || text.includes('_')) return syntaxError('ParseFloat', text);
  const value = Number(text);
  if (!Number.isFinite(value)) return rangeError('ParseFloat', text);
  return { ok: true, value };
}

const trueTexts = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const falseTexts = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
export function parseGoBool(text: string): GoParse<boolean> {
  if (trueTexts.has(text)) return { ok: true, value: true };
  if (falseTexts.has(text)) return { ok: true, value: false };
  return syntaxError('ParseBool', text);
}

const nanosecondsPerUnit: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const durationMaxNanoseconds = (1n << 63n) - 1n;
const durationTermPattern = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

/**
 * time.ParseDuration: a signed sequence of decimal numbers with units (`300ms`, `-1.5h`,
 * `2h45m`); `0` alone needs no unit. Returns nanoseconds.
 */
export function parseGoDuration(text: string): GoParse<bigint> {
  const invalid = { ok: false as const, error: `time: invalid duration ${goQuote(text)}` };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, value: 0n };
  if (rest === '') return invalid;
  let total = 0n;
  for (let termCount = 0; rest.length > 0; termCount++) {
    if (termCount > 64) return invalid;
    const match = durationTermPattern.exec(rest) as RegExpExecArray;
    const [whole, integerDigits = '', fractionDigits, unit = ''] = match;
    if (integerDigits === '' && (fractionDigits ?? '') === '') return invalid;
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(text)}` };
    const unitNanoseconds = nanosecondsPerUnit[unit];
    if (unitNanoseconds === undefined) {
      return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    }
    total += termNanoseconds(integerDigits, fractionDigits ?? '', unitNanoseconds);
    if (total > durationMaxNanoseconds + (negative ? 1n : 0n)) return invalid;
    rest = rest.slice(whole.length);
  }
  return { ok: true, value: negative ? -total : total };
}

function termNanoseconds(integerDigits: string, fractionDigits: string, unitNanoseconds: bigint): bigint {
  const integerPart = integerDigits === '' ? 0n : BigInt(integerDigits);
  let value = integerPart * unitNanoseconds;
  if (fractionDigits !== '') {
    const scale = 10n ** BigInt(fractionDigits.length);
    value += (BigInt(fractionDigits) * unitNanoseconds) / scale;
  }
  return value;
}

/** Nanoseconds to whole milliseconds, truncated toward zero (the sandbox's clock unit). */
export function nanosecondsToMs(nanoseconds: bigint): number {
  return Number(nanoseconds / 1_000_000n);
}
