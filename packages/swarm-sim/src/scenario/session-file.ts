/**
 * A student's saved session: a versioned JSON file of the inputs (each line with its virtual
 * time and machine) and the seed, plus which lesson it belongs to. The simulation is
 * deterministic, so the inputs are the whole session: replaying them on the lesson's cluster from
 * the same seed rebuilds every state the student saw. swarm-sim does no I/O: the TUI writes the
 * text `serializeSession` returns (to a temporary file, then renames it), and `swarmsim grade`
 * reads a file and hands the text to `parseSession`, which checks every field and says where and
 * why one is wrong, with the line and column in the file.
 *
 *     {
 *       "format": "swarmsim-session",
 *       "version": 1,
 *       "lesson": { "title": "Build a swarm", "file": "build.yaml", "digest": "sha256:…" },
 *       "seed": 7,
 *       "inputs": [{ "atMs": 0, "machine": "manager1", "line": "docker swarm init" }],
 *       "fileReads": [{ "path": "web.yml", "result": { "ok": true, "text": "services: …" } }],
 *       "endMs": 41250
 *     }
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { type FileError, fileError, sortFileErrors } from '../files/file-error.js';
import { parseYamlSource, yamlTextLengthMax } from '../files/yaml-source.js';
import { type ValidationContext, validateValue } from '../files/zod-errors.js';
import type { Scenario } from './format.js';
import {
  type FileRead,
  type LessonSession,
  lessonNowMs,
  type SessionInput,
  sessionInputsMax,
} from './lesson.js';

export const sessionFormat = 'swarmsim-session';
export const sessionFormatVersion = 1;
/** A line longer than this is not something a student typed. */
export const sessionLineLengthMax = 4096;

export interface SessionFile {
  readonly format: typeof sessionFormat;
  readonly version: typeof sessionFormatVersion;
  /** The lesson the session was recorded on; `digest` tells whether the lesson changed since. */
  readonly lesson: { readonly title: string; readonly file: string; readonly digest: string };
  readonly seed: number;
  readonly inputs: readonly SessionInput[];
  /** The files the shell read, in order (replay serves these, not the disk). */
  readonly fileReads: readonly FileRead[];
  /** Virtual time when the session was saved: replay runs the clock up to it. */
  readonly endMs: number;
}

export type ParseSessionResult =
  | { readonly ok: true; readonly session: SessionFile }
  | { readonly ok: false; readonly errors: readonly FileError[] };

/**
 * A fingerprint of what a lesson asks (cluster, steps, goals), leaving out where it was read from
 * and its line numbers, so moving the file or adding a comment keeps it.
 */
export function lessonDigest(scenario: Scenario): string {
  const { file: _file, steps, ...rest } = scenario;
  const content = { ...rest, steps: steps.map(({ line: _line, ...step }) => step) };
  return `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

export function sessionFileOf(session: LessonSession): SessionFile {
  const { scenario } = session;
  return {
    format: sessionFormat,
    version: sessionFormatVersion,
    lesson: { title: scenario.title, file: scenario.file, digest: lessonDigest(scenario) },
    seed: session.seed,
    inputs: session.inputs.map((input) => ({ ...input })),
    fileReads: structuredClone(session.fileReads),
    endMs: lessonNowMs(session),
  };
}

/** The session as the text of its file (pretty JSON, one input per line, ending in a newline). */
export function serializeSession(session: LessonSession): string {
  const file = sessionFileOf(session);
  const inputs = file.inputs.map((input) => `    ${JSON.stringify(input)}`).join(',\n');
  const reads = file.fileReads.map((read) => `    ${JSON.stringify(read)}`).join(',\n');
  const lines = [
    '{',
    `  "format": ${JSON.stringify(file.format)},`,
    `  "version": ${file.version},`,
    `  "lesson": ${JSON.stringify(file.lesson)},`,
    `  "seed": ${file.seed},`,
    file.inputs.length === 0 ? '  "inputs": [],' : `  "inputs": [\n${inputs}\n  ],`,
    file.fileReads.length === 0 ? '  "fileReads": [],' : `  "fileReads": [\n${reads}\n  ],`,
    `  "endMs": ${file.endMs}`,
    '}',
    '',
  ];
  return lines.join('\n');
}

const virtualMs = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER);

const sessionSchema = z.strictObject({
  format: z.literal(sessionFormat, {
    error: `expected "${sessionFormat}": this is not a swarmsim session file`,
  }),
  version: z.int().refine((version) => version === sessionFormatVersion, {
    error: (issue) =>
      `session format version ${JSON.stringify(issue.input)} is not one this swarmsim reads (it reads version ${sessionFormatVersion})`,
  }),
  lesson: z.strictObject({
    title: z.string().min(1),
    file: z.string(),
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  }),
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  inputs: z
    .array(
      z.strictObject({
        atMs: virtualMs(),
        machine: z.string().min(1).nullable(),
        line: z.string().max(sessionLineLengthMax),
        columns: z.int().min(1).max(10_000).optional(),
      }),
    )
    .max(sessionInputsMax),
  fileReads: z
    .array(
      z.strictObject({
        path: z.string().min(1),
        result: z.union([
          z.strictObject({ ok: z.literal(true), text: z.string().max(yamlTextLengthMax) }),
          z.strictObject({ ok: z.literal(false), error: z.string() }),
        ]),
      }),
    )
    .max(sessionInputsMax),
  endMs: virtualMs(),
});

const sessionWording: ValidationContext['wording'] = {
  unknownKey: (key) =>
    `unknown key ${JSON.stringify(key)} (a session has format, version, lesson, seed, inputs, fileReads, endMs)`,
  missingKey: (key) => `missing required key ${JSON.stringify(key)}`,
};

/** Reads a session file's text; every problem is reported with line, column and key. */
export function parseSession(text: string, fileName: string): ParseSessionResult {
  const syntax = jsonSyntaxError(text, fileName);
  if (syntax !== null) return { ok: false, errors: [syntax] };
  const parsed = parseYamlSource(text, fileName, 'yaml-1.2');
  if (!parsed.ok) return parsed;
  const source = parsed.source;
  const header = checkHeader(source.data, (path, message) =>
    fileError(fileName, source.positions.get(path) ?? { line: 1, column: 1 }, path, message),
  );
  if (header !== null) return { ok: false, errors: [header] };
  const validated = validateValue(sessionSchema, source.data, [], { source, wording: sessionWording });
  if (!validated.ok) return { ok: false, errors: sortFileErrors(validated.errors) };
  const session = validated.value as SessionFile;
  const errors = checkTimes(session, (path, message) => {
    const position = source.positions.get(path) ?? { line: 0, column: 0 };
    return fileError(fileName, position, path, message);
  });
  return errors.length === 0 ? { ok: true, session } : { ok: false, errors };
}

/**
 * A file that is not a session, or a session of another format version, gets one error that says
 * so rather than a list of every field that differs.
 */
function checkHeader(data: unknown, at: (path: string, message: string) => FileError): FileError | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return at('', 'expected a JSON object: this is not a swarmsim session file');
  }
  const { format, version } = data as { format?: unknown; version?: unknown };
  if (format !== sessionFormat) {
    return at(
      format === undefined ? '' : 'format',
      `expected "format": "${sessionFormat}": this is not a swarmsim session file`,
    );
  }
  if (version !== sessionFormatVersion) {
    const seen = version === undefined ? 'no version' : `version ${JSON.stringify(version)}`;
    return at(
      version === undefined ? '' : 'version',
      `this swarmsim reads session format version ${sessionFormatVersion}, the file has ${seen}`,
    );
  }
  return null;
}

/** Inputs are in time order and the session ends after the last one. */
function checkTimes(session: SessionFile, at: (path: string, message: string) => FileError): FileError[] {
  const errors: FileError[] = [];
  let previousMs = 0;
  session.inputs.forEach((input, index) => {
    if (input.atMs < previousMs) {
      errors.push(
        at(
          `inputs[${index}].atMs`,
          `${input.atMs} is before the previous input's ${previousMs}: inputs are in time order`,
        ),
      );
    }
    previousMs = Math.max(previousMs, input.atMs);
  });
  if (session.endMs < previousMs) {
    errors.push(at('endMs', `${session.endMs} is before the last input's time ${previousMs}`));
  }
  return errors;
}

/** JSON.parse's complaint, placed at a line and column; null when the text is valid JSON. */
function jsonSyntaxError(text: string, fileName: string): FileError | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(reason);
    const position = offset === null ? { line: 1, column: 1 } : positionOfOffset(text, Number(offset[1]));
    const message = reason.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return fileError(fileName, position, '', `not valid JSON: ${message}`);
  }
}

function positionOfOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
