/**
 * Value syntaxes shared by the file formats: durations (`10s`, `1m30s`, `500ms`, integer
 * milliseconds inside) and ratios (`0.25`, an integer fraction inside, because simulation
 * state holds no floats).
 */
import * as z from 'zod';
import { assert } from '../kernel/assert.js';
import { parseDuration } from '../units.js';
import { describeValue } from './zod-errors.js';

export type Parsed<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly message: string };

/** A fraction of integers. Invariant: 0 <= numerator, 0 < denominator; reduced. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** Go's duration syntax restricted to the units the sandbox needs (as Docker's flags read it). */
export const durationPattern = /^(?:0|(?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/;

function durationMessage(input: unknown): string {
  return `expected a duration like 10s, 1m30s or 500ms, got ${describeValue(input)}`;
}

/** A duration written as text (`30s`), parsed to integer milliseconds. */
export function durationMsSchema(): z.ZodPipe<z.ZodString, z.ZodTransform<number, string>> {
  return z
    .string({ error: (issue) => durationMessage(issue.input) })
    .regex(durationPattern, { error: (issue) => durationMessage(issue.input) })
    .meta({ description: 'A duration: 500ms, 10s, 1m30s, 2h.' })
    .transform((text, context) => {
      const durationMs = parseDuration(text);
      if (durationMs !== null) return durationMs;
      context.issues.push({ code: 'custom', input: text, message: durationMessage(text) });
      return z.NEVER;
    });
}

/** `0.25` → 1/4. At most six decimals; the result is reduced. */
export function ratioFromDecimal(value: number): Parsed<Ratio> {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (match === null) return { ok: false, message: `expected at most 6 decimals, got ${text}` };
  const decimals = match[2] ?? '';
  const denominator = 10 ** decimals.length;
  const numerator = Number(match[1]) * denominator + Number(decimals === '' ? '0' : decimals);
  const divisor = greatestCommonDivisor(numerator, denominator);
  assert(divisor > 0 && Number.isSafeInteger(numerator), 'a ratio of safe integers');
  return { ok: true, value: { numerator: numerator / divisor, denominator: denominator / divisor } };
}

/** A number in [0, 1] (`0.1`), as a reduced integer ratio. */
export function ratioSchema(): z.ZodPipe<z.ZodNumber, z.ZodTransform<Ratio, number>> {
  return z
    .number()
    .min(0)
    .max(1)
    .meta({ description: 'A fraction between 0 and 1, at most 6 decimals: 0.05.' })
    .transform((value, context) => {
      const ratio = ratioFromDecimal(value);
      if (ratio.ok) return ratio.value;
      context.issues.push({ code: 'custom', input: value, message: ratio.message });
      return z.NEVER;
    });
}

function greatestCommonDivisor(left: number, right: number): number {
  // Euclid's algorithm takes O(log) steps; the bound only documents that.
  for (let step = 0; step < 100 && right !== 0; step++) [left, right] = [right, left % right];
  return left === 0 ? 1 : left;
}
