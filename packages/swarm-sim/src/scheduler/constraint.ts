/**
 * Placement constraints and placement preferences, parsed and matched as SwarmKit does
 * (`moby/swarmkit:manager/constraint/constraint.go`, `docker/cli:cli/command/service/opts.go`).
 *
 * - A constraint is `key == value` or `key != value`; surrounding spaces are trimmed.
 * - Keys are matched case-insensitively (`NODE.ROLE` works); label names after `node.labels.` or
 *   `engine.labels.` are case-sensitive. Values compare case-insensitively.
 * - A label the node does not have compares as `""`, so `!=` matches it.
 * - `node.ip` takes an address or a CIDR network; anything else makes every node fail.
 * - An unknown key parses fine but no node satisfies it.
 */
import { type IpBytes, type IpNetwork, ipEqual, networkContains, parseCidr, parseIpAddress } from './ip.js';
import type { PlacementPreference, SchedulerNode } from './types.js';

export type ConstraintOperator = '==' | '!=';

export interface Constraint {
  readonly key: string;
  readonly operator: ConstraintOperator;
  readonly value: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

const operators: readonly ConstraintOperator[] = ['==', '!='];
export const nodeLabelPrefix = 'node.labels.';
export const engineLabelPrefix = 'engine.labels.';

/** `^(?i)[a-z_][a-z0-9\-_.]+$`; the `u` flag folds case as Go's RE2 does (K/k, ſ/s). */
const keyPattern = /^[a-z_][a-z0-9_.-]+$/iu;
/** `^(?i)[a-z0-9:\-_\s\.\*\(\)\?\+\[\]\\\^\$\|\/]+$`, where Go's `\s` is `[\t\n\f\r ]`. */
const valuePattern = /^[a-z0-9:_\t\n\f\r .*()?+[\]\\^$|/-]+$/iu;
/** The runes Go's `unicode.IsSpace` accepts, which `strings.TrimSpace` removes. */
const goSpaceRun =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Parses `--constraint` texts; the first bad one gives SwarmKit's error text. */
export function parseConstraints(texts: readonly string[]): ParseResult<Constraint[]> {
  const constraints: Constraint[] = [];
  for (const text of texts) {
    const parsed = parseConstraint(text);
    if (!parsed.ok) return parsed;
    constraints.push(parsed.value);
  }
  return { ok: true, value: constraints };
}

export function parseConstraint(text: string): ParseResult<Constraint> {
  for (const operator of operators) {
    const position = text.indexOf(operator);
    if (position < 0) continue;
    const key = text.slice(0, position).replace(goSpaceRun, '');
    if (!keyPattern.test(key)) return { ok: false, error: `key '${key}' is invalid` };
    const value = text.slice(position + operator.length).replace(goSpaceRun, '');
    if (!valuePattern.test(value)) return { ok: false, error: `value '${value}' is invalid` };
    return { ok: true, value: { key, operator, value } };
  }
  return { ok: false, error: `constraint expected one operator from ${operators.join(', ')}` };
}

/** Parses `--placement-pref` as the Docker CLI does: exactly `spread=<descriptor>`. */
export function parsePlacementPreference(text: string): ParseResult<PlacementPreference> {
  const fields = text.split('=');
  if (fields.length !== 2) {
    return { ok: false, error: 'placement preference must be of the format "<strategy>=<arg>"' };
  }
  if (fields[0] !== 'spread') {
    return { ok: false, error: `unsupported placement preference ${fields[0]} (only spread is supported)` };
  }
  return { ok: true, value: { spread: fields[1] as string } };
}

type ConstraintKind =
  | 'id'
  | 'hostname'
  | 'ip'
  | 'role'
  | 'os'
  | 'arch'
  | 'nodeLabel'
  | 'engineLabel'
  | 'unknown';

/** A constraint prepared for matching against many nodes. Plain data. */
export interface CompiledConstraint {
  readonly kind: ConstraintKind;
  /** The label name for `nodeLabel` / `engineLabel`. */
  readonly label: string;
  readonly equal: boolean;
  readonly value: string;
  /** For `node.ip`: the address, or else the network, or neither (malformed: no node matches). */
  readonly address: IpBytes | null;
  readonly network: IpNetwork | null;
}

export function compileConstraints(constraints: readonly Constraint[]): CompiledConstraint[] {
  return constraints.map((constraint) => {
    const { kind, label } = classifyKey(constraint.key);
    const address = kind === 'ip' ? parseIpAddress(constraint.value) : null;
    const network = kind === 'ip' && address === null ? parseCidr(constraint.value) : null;
    return { kind, label, equal: constraint.operator === '==', value: constraint.value, address, network };
  });
}

/** True when the node satisfies every constraint (`constraint.NodeMatches`). */
export function nodeMatchesConstraints(constraints: readonly Constraint[], node: SchedulerNode): boolean {
  return nodeMatchesCompiled(compileConstraints(constraints), node);
}

export function nodeMatchesCompiled(
  constraints: readonly CompiledConstraint[],
  node: SchedulerNode,
): boolean {
  for (const constraint of constraints) {
    if (!matchesOne(constraint, node)) return false;
  }
  return true;
}

function matchesOne(constraint: CompiledConstraint, node: SchedulerNode): boolean {
  switch (constraint.kind) {
    case 'id':
      return matchText(constraint, node.id);
    case 'hostname':
      return matchText(constraint, node.hostname);
    case 'role':
      return matchText(constraint, node.role);
    case 'os':
      return matchText(constraint, node.platform.os);
    case 'arch':
      return matchText(constraint, node.platform.architecture);
    case 'nodeLabel':
      return matchText(constraint, labelValue(node.labels, constraint.label));
    case 'engineLabel':
      return matchText(constraint, labelValue(node.engineLabels, constraint.label));
    case 'ip':
      return matchIp(constraint, node.ip);
    case 'unknown':
      return false;
  }
}

function matchText(constraint: CompiledConstraint, actual: string): boolean {
  return equalFold(constraint.value, actual) === constraint.equal;
}

function matchIp(constraint: CompiledConstraint, nodeIp: string): boolean {
  const nodeAddress = parseIpAddress(nodeIp);
  if (constraint.address !== null) return ipEqual(constraint.address, nodeAddress) === constraint.equal;
  if (constraint.network !== null)
    return networkContains(constraint.network, nodeAddress) === constraint.equal;
  return false;
}

/** A label's value, or `""` when the node does not have it. */
export function labelValue(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] as string) : '';
}

const fixedKeys: readonly (readonly [string, ConstraintKind])[] = [
  ['node.id', 'id'],
  ['node.hostname', 'hostname'],
  ['node.ip', 'ip'],
  ['node.role', 'role'],
  ['node.platform.os', 'os'],
  ['node.platform.arch', 'arch'],
];

function classifyKey(key: string): { kind: ConstraintKind; label: string } {
  for (const [name, kind] of fixedKeys) {
    if (equalFold(key, name)) return { kind, label: '' };
  }
  const spread = spreadLabel(key);
  if (spread !== null)
    return { kind: spread.source === 'node' ? 'nodeLabel' : 'engineLabel', label: spread.key };
  return { kind: 'unknown', label: '' };
}

/**
 * Splits `node.labels.K` / `engine.labels.K` (prefix case-insensitive, K non-empty and
 * case-sensitive). Used for constraint keys and for spread descriptors alike.
 */
export function spreadLabel(descriptor: string): { source: 'node' | 'engine'; key: string } | null {
  if (
    descriptor.length > nodeLabelPrefix.length &&
    equalFold(descriptor.slice(0, nodeLabelPrefix.length), nodeLabelPrefix)
  ) {
    return { source: 'node', key: descriptor.slice(nodeLabelPrefix.length) };
  }
  if (
    descriptor.length > engineLabelPrefix.length &&
    equalFold(descriptor.slice(0, engineLabelPrefix.length), engineLabelPrefix)
  ) {
    return { source: 'engine', key: descriptor.slice(engineLabelPrefix.length) };
  }
  return null;
}

/** Go's `strings.EqualFold`: equal under simple Unicode case folding, rune by rune. */
export function equalFold(left: string, right: string): boolean {
  if (left === right) return true;
  if (isAscii(left) && isAscii(right))
    return left.length === right.length && left.toLowerCase() === right.toLowerCase();
  const leftRunes = Array.from(left);
  const rightRunes = Array.from(right);
  if (leftRunes.length !== rightRunes.length) return false;
  for (let index = 0; index < leftRunes.length; index++) {
    const a = leftRunes[index] as string;
    const b = rightRunes[index] as string;
    if (a !== b && a.toLowerCase() !== b.toLowerCase() && a.toUpperCase() !== b.toUpperCase()) return false;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}
