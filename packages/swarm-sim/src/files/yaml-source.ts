/**
 * A YAML file read for validation: its data as plain JavaScript, plus where every key and list
 * item starts, so an error found in the data can name the line and column it came from.
 *
 * Two dialects:
 * - `docker` reads compose files as docker/cli does (gopkg.in/yaml.v2, YAML 1.1): `yes`, `on`,
 *   `y` are booleans and `0755` is octal, but `22:22` stays a string and dates stay strings
 *   (yaml.v2 has no base-60 numbers and keeps timestamps as strings when decoding into `any`).
 * - `yaml-1.2` reads scenario files with the YAML 1.2 core schema, so `on: manager1` is a string
 *   key, not the boolean `true`.
 * Both accept anchors, aliases and `<<` merge keys.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { assert } from '../kernel/assert.js';
import { type FileError, type FilePosition, fileError } from './file-error.js';

export type PathSegment = string | number;

export type YamlDialect = 'docker' | 'yaml-1.2';

export interface NonStringKey {
  /** The path of the mapping that holds the key. */
  readonly parentPath: readonly PathSegment[];
  /** The key as YAML read it, rendered as Go's `%#v` would (`true`, `1`, `<nil>`). */
  readonly rendered: string;
  readonly position: FilePosition;
}

export interface YamlSource {
  readonly fileName: string;
  /** The document as plain data (null for an empty document). */
  readonly data: unknown;
  /** Where each key (mapping entries) or item (list entries) starts, by `formatPath` of its path. */
  readonly positions: ReadonlyMap<string, FilePosition>;
  /** Keys that YAML read as something other than a string (`y:` and `on:` in YAML 1.1, `1:`). */
  readonly nonStringKeys: readonly NonStringKey[];
}

export type YamlSourceResult =
  | { readonly ok: true; readonly source: YamlSource }
  | { readonly ok: false; readonly errors: readonly FileError[] };

/** Files are small by nature; a bigger one is a mistake (or an attack), not a lesson. */
export const yamlTextLengthMax = 1_000_000;
/** Aliases expand when converted to data; this bounds the expansion (a "billion laughs" file). */
const aliasCountMax = 100;
/** Bounds the position index walk. A 1 MB file cannot hold more nodes than this. */
const indexedNodesMax = 1_000_000;

const start: FilePosition = { line: 1, column: 1 };

export function parseYamlSource(text: string, fileName: string, dialect: YamlDialect): YamlSourceResult {
  if (text.length > yamlTextLengthMax) {
    const message = `file is too large: ${text.length} characters (at most ${yamlTextLengthMax})`;
    return { ok: false, errors: [fileError(fileName, start, '', message)] };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    logLevel: 'error',
    merge: true,
    uniqueKeys: true,
    ...(dialect === 'docker' ? dockerYamlOptions : { version: '1.2' as const }),
  });
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((error) => syntaxError(fileName, error)) };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: aliasCountMax });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [fileError(fileName, start, '', `invalid YAML: ${reason}`)] };
  }
  const { positions, nonStringKeys } = indexPositions(document.contents, lineCounter);
  assert(positions.has(''), 'the root has a position');
  return { ok: true, source: { fileName, data, positions, nonStringKeys } };
}

const dockerYamlOptions = {
  version: '1.1' as const,
  // yaml.v2 reads neither base-60 numbers (`22:22`) nor, into `any`, timestamps: drop both tags.
  customTags: (tags: readonly unknown[]) =>
    tags.filter((tag) => {
      const described = tag as { tag?: string; format?: string };
      return described.format !== 'TIME' && described.tag !== 'tag:yaml.org,2002:timestamp';
    }) as never,
};

function syntaxError(
  fileName: string,
  error: { message: string; linePos?: [{ line: number; col: number }] | [unknown, unknown] },
): FileError {
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const reason = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  const position = error.linePos?.[0] as { line: number; col: number } | undefined;
  const at = position === undefined ? start : { line: position.line, column: position.col };
  return fileError(fileName, at, '', `invalid YAML: ${reason}`);
}

/**
 * The position recorded for `path`, or for its nearest ancestor that has one (a missing key is
 * reported where its parent is written). The root's position is the document's first node.
 */
export function positionAt(source: YamlSource, path: readonly PathSegment[]): FilePosition {
  for (let length = path.length; length >= 0; length--) {
    const position = source.positions.get(formatPath(path.slice(0, length)));
    if (position !== undefined) return position;
  }
  return start;
}

/**
 * A key path as users read it: `services.web.deploy.replicas`, `steps[2].expect`. Keys that are
 * not plain words are quoted (`labels["com.example.tier"]`) so that every path reads one way.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

interface PendingNode {
  readonly node: unknown;
  readonly path: readonly PathSegment[];
}

function indexPositions(
  root: unknown,
  lineCounter: LineCounter,
): { positions: Map<string, FilePosition>; nonStringKeys: NonStringKey[] } {
  const positions = new Map<string, FilePosition>();
  const nonStringKeys: NonStringKey[] = [];
  positions.set('', nodePosition(root, lineCounter) ?? start);
  const pending: PendingNode[] = [{ node: root, path: [] }];
  for (let visited = 0; pending.length > 0 && visited < indexedNodesMax; visited++) {
    const { node, path } = pending.pop() as PendingNode;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        // `<<` merge keys read as a symbol: their entries are not written under this mapping.
        if (isScalar(key) && typeof key.value === 'symbol') continue;
        const position = nodePosition(key, lineCounter) ?? nodePosition(pair.value, lineCounter) ?? start;
        const keyValue = isScalar(key) ? key.value : key;
        if (typeof keyValue !== 'string') {
          nonStringKeys.push({ parentPath: path, rendered: renderKey(keyValue), position });
        }
        const childPath = [...path, keyText(keyValue)];
        positions.set(formatPath(childPath), position);
        pending.push({ node: pair.value, path: childPath });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const childPath = [...path, index];
        positions.set(formatPath(childPath), nodePosition(item, lineCounter) ?? start);
        pending.push({ node: item, path: childPath });
      });
    }
  }
  return { positions, nonStringKeys };
}

function nodePosition(node: unknown, lineCounter: LineCounter): FilePosition | null {
  const range = (node as Node | null)?.range;
  if (range === undefined || range === null) return null;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

/** The key as `toJS` writes it into the data (so data paths and indexed paths agree). */
function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return String((value as { toString(): string }).toString());
  return String(value);
}

function renderKey(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return 'a mapping or list';
  return String(value);
}
