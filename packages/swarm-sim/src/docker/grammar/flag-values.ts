/**
 * Turning a flag's text into its value, kind by kind, as docker's pflag values do in `Set`.
 * Each parser returns Go's error text; the flag parser wraps it as pflag does:
 * `invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax`.
 */
import { split as shellSplit } from 'shlex';
import {
  type GoParse,
  nanosecondsToMs,
  parseGoBool,
  parseGoDuration,
  parseGoFloat,
  parseGoInt,
  parseGoUint,
} from '../go-values.js';
import { parseRamInBytes } from '../humanize.js';
import type { FilterEntry, FlagKind, FlagValueByKind, PlacementPreference, PortConfig } from './spec.js';

type Parsed<T> = GoParse<T>;

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/**
 * Applies one occurrence of a flag: scalars replace the previous value, repeatable kinds append
 * (a string slice splits its text on commas first).
 */
export function applyFlagValue<K extends FlagKind>(
  kind: K,
  text: string,
  previous: FlagValueByKind[K] | undefined,
): Parsed<FlagValueByKind[K]> {
  const parsed = parseScalarOrItems(kind, text);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value)) return parsed as Parsed<FlagValueByKind[K]>;
  const before = (previous ?? []) as unknown[];
  return ok([...before, ...parsed.value] as FlagValueByKind[K]);
}

function parseScalarOrItems(kind: FlagKind, text: string): Parsed<FlagValueByKind[FlagKind]> {
  switch (kind) {
    case 'bool':
      return parseGoBool(text);
    case 'string':
      return ok(text);
    case 'int':
      return parseGoInt(text, 0, 64);
    case 'uint':
      return parseGoUint(text, 0, 64);
    case 'uint32':
      return parseGoUint(text, 0, 32);
    case 'float':
      return parseGoFloat(text);
    case 'duration': {
      const duration = parseGoDuration(text);
      return duration.ok ? ok(nanosecondsToMs(duration.value)) : duration;
    }
    case 'bytes':
      return parseMemoryBytes(text);
    case 'swapBytes':
      return text === '-1' ? ok(-1) : parseMemoryBytes(text);
    case 'decimal':
      return parseNanoCpus(text);
    case 'list':
      return ok([text]);
    case 'stringSlice':
      return ok(text === '' ? [] : splitCsv(text));
    case 'filter':
      return parseFilter(text);
    case 'port':
      return parsePortOption(text);
    case 'pref':
      return parsePlacementPreference(text);
    case 'command':
      return parseShellWords(text);
  }
}

function parseMemoryBytes(text: string): Parsed<number> {
  const size = parseRamInBytes(text);
  return size.ok ? ok(size.bytes) : fail(size.error);
}

/** docker `opts.FilterOpt.Set`: `name=value`, name lower-cased, both trimmed; '' adds nothing. */
export function parseFilter(text: string): Parsed<FilterEntry[]> {
  if (text === '') return ok([]);
  const equals = text.indexOf('=');
  if (equals < 0) return fail('bad format of filter (expected name=value)');
  return ok([{ key: text.slice(0, equals).trim().toLowerCase(), value: text.slice(equals + 1).trim() }]);
}

/** docker `opts.ParseCPUs` (NanoCPUs): a rational number of CPUs, times 1e9, which must be whole. */
export function parseNanoCpus(text: string): Parsed<number> {
  const fraction = /^([+-]?\d+)\/(\d+)$/.exec(text);
  const decimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const notRational = fail(`failed to parse ${text} as a rational number`);
  let numerator: bigint;
  let denominator: bigint;
  if (fraction !== null) {
    numerator = BigInt(fraction[1] as string) * 1_000_000_000n;
    denominator = BigInt(fraction[2] as string);
    if (denominator === 0n) return notRational;
  } else if (decimal !== null && `${decimal[2]}${decimal[3] ?? ''}`.length > 0) {
    const digits = `${decimal[2]}${decimal[3] ?? ''}`;
    const exponent = Number(decimal[4] ?? '0') - (decimal[3] ?? '').length + 9;
    if (Math.abs(exponent) > 400) return notRational;
    numerator = BigInt(digits) * (exponent > 0 ? 10n ** BigInt(exponent) : 1n);
    denominator = exponent < 0 ? 10n ** BigInt(-exponent) : 1n;
    if (decimal[1] === '-') numerator = -numerator;
  } else {
    return notRational;
  }
  if (numerator % denominator !== 0n) return fail('value is too precise');
  return ok(Number(numerator / denominator));
}

/** Go `encoding/csv` for one record, as pflag's string slices read their text. */
function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field === '') quoted = true;
    else if (character === ',') {
      fields.push(field);
      field = '';
    } else field += character;
  }
  fields.push(field);
  return fields;
}

/** docker `placementPrefOpts.Set`: `spread=<descriptor>` only. */
export function parsePlacementPreference(text: string): Parsed<PlacementPreference[]> {
  const equals = text.indexOf('=');
  const strategy = equals < 0 ? '' : text.slice(0, equals);
  if (equals < 0 || strategy === '') {
    return fail('placement preference must be of the format "<strategy>=<arg>"');
  }
  if (strategy !== 'spread')
    return fail(`unsupported placement preference ${strategy} (only spread is supported)`);
  return ok([{ spread: text.slice(equals + 1) }]);
}

/** docker `ShlexOpt.Set`: the text split into words as a shell would. */
function parseShellWords(text: string): Parsed<string[]> {
  try {
    return ok(shellSplit(text));
  } catch {
    return fail('EOF found when expecting closing quote');
  }
}

const longPortSyntax = /\w+=\w+(,\w+=\w+)*/;

/**
 * docker `opts.PortOpt.Set`: the long syntax `published=8080,target=80[,protocol=udp][,mode=host]`
 * (any text containing `word=word`), else the short syntax `[published:]target[/protocol]`
 * with optional equal-length ranges (`8080-8081:80-81`).
 */
export function parsePortOption(text: string): Parsed<PortConfig[]> {
  return longPortSyntax.test(text) ? parseLongPort(text) : parseShortPort(text);
}

function parseLongPort(text: string): Parsed<PortConfig[]> {
  let protocol: PortConfig['protocol'] = 'tcp';
  let publishMode: PortConfig['publishMode'] = 'ingress';
  let targetPort = 0;
  let publishedPort = 0;
  for (const field of splitCsv(text)) {
    const lowered = field.toLowerCase();
    const equals = lowered.indexOf('=');
    if (equals <= 0) return fail(`invalid field ${field}`);
    const key = lowered.slice(0, equals);
    const value = lowered.slice(equals + 1);
    if (key === 'protocol') {
      if (value !== 'tcp' && value !== 'udp' && value !== 'sctp')
        return fail(`invalid protocol value ${value}`);
      protocol = value;
    } else if (key === 'mode') {
      if (value !== 'ingress' && value !== 'host') return fail(`invalid publish mode value ${value}`);
      publishMode = value;
    } else if (key === 'target' || key === 'published') {
      const port = parseGoUint(value, 10, 32);
      if (!port.ok) return port;
      if (port.value > 0xffff) return fail(`strconv.ParseUint: parsing "${value}": value out of range`);
      if (key === 'target') targetPort = port.value;
      else publishedPort = port.value;
    } else {
      return fail(`invalid field key ${key}`);
    }
  }
  if (targetPort === 0) return fail('missing mandatory field "target"');
  return ok([{ protocol, targetPort, publishedPort, publishMode }]);
}

function parseShortPort(text: string): Parsed<PortConfig[]> {
  const slash = text.lastIndexOf('/');
  const protocolText = slash >= 0 ? text.slice(slash + 1).toLowerCase() : 'tcp';
  const portsText = slash >= 0 ? text.slice(0, slash) : text;
  if (protocolText !== 'tcp' && protocolText !== 'udp' && protocolText !== 'sctp') {
    return fail(`invalid proto: ${protocolText}`);
  }
  const parts = portsText.split(':');
  if (parts.length > 2) return fail('hostip is not supported');
  const containerText = parts[parts.length - 1] as string;
  const hostText = parts.length === 2 ? (parts[0] as string) : '';
  const container = parsePortRange(containerText);
  if (container === null) return fail(`invalid containerPort: ${containerText}`);
  const host = hostText === '' ? null : parsePortRange(hostText);
  if (hostText !== '' && host === null) return fail(`invalid hostPort: ${hostText}`);
  const count = container.end - container.start + 1;
  if (host !== null && host.end - host.start + 1 !== count) {
    return fail(`invalid ranges specified for container and host Ports: ${containerText} and ${hostText}`);
  }
  const configs: PortConfig[] = [];
  for (let offset = 0; offset < count; offset++) {
    configs.push({
      protocol: protocolText,
      targetPort: container.start + offset,
      publishedPort: host === null ? 0 : host.start + offset,
      publishMode: 'ingress',
    });
  }
  return ok(configs);
}

function parsePortRange(text: string): { start: number; end: number } | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (match === null) return null;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start > 0xffff || end > 0xffff || end < start) return null;
  return { start, end };
}
