/**
 * Validating YAML data with zod and reporting each problem where it is written.
 *
 * Zod finds what is wrong and at which data path; this module words it for a student
 * (`expected an integer, got "three"`), suggests the intended key or value when the input
 * looks like a typo, and maps the data path back to a line and column through `YamlSource`.
 * A format (compose, scenario) chooses how unknown and missing keys are worded.
 */
import * as z from 'zod';
import { type FileError, fileError } from './file-error.js';
import { closestMatch } from './suggest.js';
import { formatPath, type PathSegment, positionAt, type YamlSource } from './yaml-source.js';

/** How a file format words the two key problems (docker/cli and our scenarios differ). */
export interface KeyWording {
  unknownKey(key: string, suggestion: string | null): string;
  missingKey(key: string): string;
}

export type ValidationResult<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly errors: readonly FileError[] };

export interface ValidationContext {
  readonly source: YamlSource;
  readonly wording: KeyWording;
}

/**
 * Validates `value` (found at `pathPrefix` in the source) against `schema`. Errors carry the
 * file, the position of the offending key (or of its parent when the key is missing), the key
 * path, and a message.
 */
export function validateValue<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  pathPrefix: readonly PathSegment[],
  context: ValidationContext,
): ValidationResult<z.output<Schema>> {
  const result = schema.safeParse(value, { error: explainIssue, reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.flatMap((issue) =>
    issueToFileErrors(issue, schema, pathPrefix, context),
  );
  return { ok: false, errors };
}

function issueToFileErrors(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  pathPrefix: readonly PathSegment[],
  context: ValidationContext,
): FileError[] {
  const { source, wording } = context;
  const localPath = issue.path.map(toSegment);
  const path = [...pathPrefix, ...localPath];
  if (issue.code === 'invalid_union') {
    const branch = closestBranch(issue.errors);
    if (branch !== null) {
      const nested = branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
      return nested.flatMap((inner) => issueToFileErrors(inner, schema, pathPrefix, context));
    }
  }
  if (issue.code === 'unrecognized_keys') {
    const known = objectKeysAt(schema, localPath);
    return issue.keys.map((key) => {
      const message = wording.unknownKey(key, closestMatch(key, known));
      return fileError(source.fileName, positionAt(source, [...path, key]), formatPath(path), message);
    });
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && path.length > 0) {
    const parent = path.slice(0, -1);
    const message = wording.missingKey(String(path[path.length - 1]));
    return [fileError(source.fileName, positionAt(source, parent), formatPath(parent), message)];
  }
  return [fileError(source.fileName, positionAt(source, path), formatPath(path), issue.message)];
}

/**
 * When a union fails, the branch whose shape the input had (a mapping for the mapping branch)
 * explains the failure best: its issues are deeper than the root, or are unknown keys. With
 * several such branches, the one with the fewest issues; with none, null (the union's own
 * message, `expected X, got Y`, is clearer).
 */
function closestBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | null {
  let best: readonly z.core.$ZodIssue[] | null = null;
  for (const branch of branches) {
    const shapeMismatch = branch.some(
      (issue) => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_union'),
    );
    if (shapeMismatch || branch.length === 0) continue;
    if (best === null || branch.length < best.length) best = branch;
  }
  return best;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

/** The per-parse error map: every built-in zod issue, worded for a student. */
export function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeType(isIntegerSchema(issue.inst) ? 'int' : issue.expected)}, got ${got}`;
    case 'invalid_value': {
      const values = issue.values.map((value) => (typeof value === 'string' ? value : String(value)));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      const suggestion = typeof issue.input === 'string' ? closestMatch(issue.input, values) : null;
      return `expected ${expected}, got ${got}${didYouMean(suggestion)}`;
    }
    case 'too_small':
      return describeBound('at least', issue.origin, issue.minimum, got);
    case 'too_big':
      return describeBound('at most', issue.origin, issue.maximum, got);
    case 'invalid_union':
      return `invalid value ${got}`;
    default:
      return undefined;
  }
}

function describeBound(bound: string, origin: string, limit: number | bigint, got: string): string {
  if (origin === 'array') return `expected ${bound} ${limit} item${limit === 1 ? '' : 's'}, got ${got}`;
  if (origin === 'string' && bound === 'at least' && limit === 1) return 'must not be empty';
  if (origin === 'string') return `expected ${bound} ${limit} characters, got ${got}`;
  return `expected ${bound} ${limit}, got ${got}`;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(suggestion: string | null): string {
  return suggestion === null ? '' : ` (did you mean "${suggestion}"?)`;
}

/** A value as an error message quotes it: `"three"`, `3`, `true`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** `z.int()` reports a string input as "expected number"; its definition knows better. */
function isIntegerSchema(schema: unknown): boolean {
  const format = (schema as { _zod?: { def?: { format?: unknown } } } | undefined)?._zod?.def?.format;
  return typeof format === 'string' && format.includes('int');
}

function describeType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'array':
    case 'tuple':
      return 'a list';
    case 'object':
    case 'record':
    case 'map':
      return 'a mapping';
    case 'null':
      return 'an empty value';
    default:
      return `a ${expected}`;
  }
}

/**
 * A union whose failure reads `expected <what>, got <value>` instead of zod's per-branch report.
 */
export function oneOf<const Options extends readonly [z.core.SomeType, ...z.core.SomeType[]]>(
  options: Options,
  expected: string,
): z.ZodUnion<Options> {
  return z.union(options, { error: (issue) => `expected ${expected}, got ${describeValue(issue.input)}` });
}

type SchemaDefinition = { readonly type: string } & Record<string, unknown>;

function definitionOf(schema: unknown): SchemaDefinition {
  return (schema as { _zod: { def: SchemaDefinition } })._zod.def;
}

/** Bounds the schema walk below; our schemas are far smaller. */
const schemaNodesMax = 10_000;

/** The keys an object schema at `path` accepts (the union of all branches), for suggestions. */
export function objectKeysAt(schema: z.core.SomeType, path: readonly PathSegment[]): string[] {
  let current: unknown[] = [schema];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const candidate of expandSchemas(current)) {
      const definition = definitionOf(candidate);
      const shape = definition.shape as Record<string, unknown> | undefined;
      if (definition.type === 'object' && typeof segment === 'string' && shape?.[segment] !== undefined) {
        next.push(shape[segment]);
      } else if (definition.type === 'array' && typeof segment === 'number') next.push(definition.element);
      else if (definition.type === 'record') next.push(definition.valueType);
    }
    current = next;
  }
  const keys: string[] = [];
  for (const candidate of expandSchemas(current)) {
    const definition = definitionOf(candidate);
    if (definition.type !== 'object') continue;
    for (const key of Object.keys(definition.shape as object)) if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Looks through wrappers (optional, default, pipe, …) and unions to the schemas underneath. */
function expandSchemas(schemas: readonly unknown[]): unknown[] {
  const pending = [...schemas];
  const expanded: unknown[] = [];
  for (let step = 0; pending.length > 0 && step < schemaNodesMax; step++) {
    const schema = pending.pop();
    const definition = definitionOf(schema);
    if (definition.innerType !== undefined) pending.push(definition.innerType);
    else if (definition.type === 'pipe') pending.push(definition.in);
    else if (definition.type === 'union') pending.push(...(definition.options as unknown[]));
    else expanded.push(schema);
  }
  return expanded;
}
