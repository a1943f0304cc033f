/**
 * `${name}` variables: a run step's `capture` saves part of its stdout, and later steps use it in
 * any text (commands, machine names, expected output, conditions). The reader has already checked
 * that every reference names an earlier capture; at run time a capture can still find nothing, and
 * then the steps that use it cannot run.
 */
import { assert } from '../kernel/assert.js';
import { type Capture, compileScenarioPattern } from './format.js';

/** Variables by name, as plain data. */
export type Variables = Readonly<Record<string, string>>;

export type Substituted<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly missing: readonly string[] };

const referencePattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Bounds the walk over one step's values (as the reader does). */
const valuesMax = 10_000;

/** Replaces `${name}` in one text; names without a value are listed in `missing`. */
export function substituteText(text: string, variables: Variables, missing: string[]): string {
  return text.replace(referencePattern, (whole, name: string) => {
    if (Object.hasOwn(variables, name)) return variables[name] as string;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
}

/**
 * A copy of `value` (a step, or part of one: plain data) with every `${name}` in its strings
 * replaced. Keys are kept as they are; `capture` patterns are not substituted.
 */
export function substitute<Value>(value: Value, variables: Variables): Substituted<Value> {
  const missing: string[] = [];
  let visited = 0;
  const walk = (current: unknown, key: string | null): unknown => {
    visited++;
    assert(visited <= valuesMax, 'a step has at most valuesMax values');
    if (typeof current === 'string') return substituteText(current, variables, missing);
    if (typeof current !== 'object' || current === null || key === 'captures') return current;
    if (Array.isArray(current)) return current.map((item) => walk(item, null));
    return Object.fromEntries(Object.entries(current).map(([name, child]) => [name, walk(child, name)]));
  };
  const result = walk(value, null) as Value;
  return missing.length === 0 ? { ok: true, value: result } : { ok: false, missing };
}

export interface CaptureResult {
  /** The variables captured (name → value). */
  readonly captured: Record<string, string>;
  /** Captures whose pattern matched nothing. */
  readonly unmatched: readonly Capture[];
}

/** Applies a run step's captures to its stdout: group 1, or the whole match without a group. */
export function captureFrom(captures: readonly Capture[], stdout: string): CaptureResult {
  const captured: Record<string, string> = {};
  const unmatched: Capture[] = [];
  for (const capture of captures) {
    const match = compileScenarioPattern(capture.pattern).exec(stdout);
    if (match === null) unmatched.push(capture);
    else captured[capture.name] = match[1] ?? match[0];
  }
  return { captured, unmatched };
}
