/**
 * The value syntaxes of a compose file, parsed as docker/cli parses them: sizes (`512M`),
 * CPU counts (`0.5`) and the short port syntax (`8080:80/udp`).
 * Each parser returns the value or an error message; none throws.
 */

import type { Parsed } from '../files/values.js';

const sizeUnits: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * `512M`, `1.5g`, `2GiB`, `100` (bytes) in binary units, as go-units `RAMInBytes` reads them
 * (the compose loader's `UnitBytes`). Fractions of a byte are dropped, as Go's int64 conversion does.
 */
export function parseMemoryBytes(text: string): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(text);
  if (match === null) return { ok: false, message: `invalid size: '${text}'` };
  const unit = sizeUnits[(match[2] ?? '').toLowerCase()] as number;
  const bytes = Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) return { ok: false, message: `invalid size: '${text}'` };
  return { ok: true, value: bytes };
}

/**
 * A CPU count as nano-CPUs (`0.5` → 500000000), as docker/cli `opts.ParseCPUs` computes it:
 * exact decimal arithmetic, and an error when the result is not a whole number of nano-CPUs.
 */
export function parseNanoCpus(text: string): Parsed<number> {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return { ok: false, message: `failed to parse ${text} as a rational number` };
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 9) return { ok: false, message: 'value is too precise' };
  const nanoCpus = Number(match[1]) * 1_000_000_000 + Number(fraction.padEnd(9, '0'));
  if (!Number.isSafeInteger(nanoCpus))
    return { ok: false, message: `failed to parse ${text} as a rational number` };
  return { ok: true, value: nanoCpus };
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';
const portProtocols: readonly PortProtocol[] = ['tcp', 'udp', 'sctp'];
export type PortPublishMode = 'ingress' | 'host';

export interface ComposePort {
  /** The port inside the container. 1–65535. */
  readonly target: number;
  /** The port published on the swarm; null lets the swarm pick one (30000–32767). */
  readonly published: number | null;
  readonly protocol: PortProtocol;
  /** `ingress`: through the routing mesh on every node; `host`: only on nodes running a task. */
  readonly mode: PortPublishMode;
}

/** A range in the short syntax expands to this many ports at most. */
export const portRangeLengthMax = 1000;

/**
 * The short syntax `[ip:][published[-end]:]target[-end][/protocol]`, as docker/cli reads it
 * (go-connections `nat.ParsePortSpec`): `80`, `8080:80`, `8080:80/udp`, `127.0.0.1:8080:80`,
 * `8000-8001:80-81`. Swarm ignores a host IP. Short-syntax ports publish in ingress mode.
 */
export function parsePortShortSyntax(text: string): Parsed<ComposePort[]> {
  const slash = text.lastIndexOf('/');
  const protocolText = slash < 0 ? 'tcp' : text.slice(slash + 1).toLowerCase();
  const protocol = portProtocols.find((name) => name === protocolText);
  if (protocol === undefined) return { ok: false, message: `invalid proto: ${protocolText}` };
  const parts = (slash < 0 ? text : text.slice(0, slash)).split(':');
  if (parts.length > 3) return { ok: false, message: `invalid port format: ${text}` };
  const targetText = parts[parts.length - 1] as string;
  const publishedText = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
  const targets = parsePortRange(targetText);
  if (targets === null) return { ok: false, message: `invalid containerPort: ${targetText}` };
  const published = publishedText === '' ? null : parsePortRange(publishedText);
  if (publishedText !== '' && published === null)
    return { ok: false, message: `invalid hostPort: ${publishedText}` };
  if (published !== null && published.length !== targets.length) {
    return {
      ok: false,
      message: `invalid ranges specified for container and host Ports: ${targetText} and ${publishedText}`,
    };
  }
  const ports = targets.map((target, index) => ({
    target,
    published: published === null ? null : (published[index] as number),
    protocol,
    mode: 'ingress' as const,
  }));
  return { ok: true, value: ports };
}

/** `80` → [80]; `8000-8002` → [8000, 8001, 8002]; null when malformed or out of 1–65535. */
function parsePortRange(text: string): number[] | null {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (match === null) return null;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first < 1 || last > 65535 || last < first || last - first >= portRangeLengthMax) return null;
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}
