/**
 * IP addresses and CIDR networks for `node.ip` constraints, with Go's rules (`net.ParseIP`,
 * `net.ParseCIDR`, `IPNet.Contains`, which since Go 1.22 parse through `net/netip`):
 * - IPv4 is exactly four decimal fields of 0-255 without leading zeros;
 * - IPv6 has at most four hex digits per field, one `::`, and may end in dotted IPv4;
 * - an IPv4 address equals its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`);
 * - a network whose masked address is IPv4-mapped behaves as an IPv4 network, and an IPv6
 *   network never contains an IPv4 address.
 */

/** Sixteen bytes; IPv4 addresses are stored IPv4-mapped. */
export type IpBytes = readonly number[];

export interface IpNetwork {
  /** The masked network address (16 bytes). */
  readonly address: IpBytes;
  readonly prefixBits: number;
  /** True when the network holds IPv4 addresses (its prefix counts from bit 96). */
  readonly ipv4: boolean;
}

const v4MappedPrefix: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an IPv4 or IPv6 address; null when Go's `net.ParseIP` would return nil. */
export function parseIpAddress(text: string): IpBytes | null {
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '.') return parseIpv4(text);
    if (character === ':') return parseIpv6(text);
    if (character === '%') return null;
  }
  return null;
}

/** Parses `address/prefix`; null when Go's `net.ParseCIDR` would fail. */
export function parseCidr(text: string): IpNetwork | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpAddress(text.slice(0, slash));
  if (address === null) return null;
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]+$/.test(prefixText)) return null;
  const isDottedIpv4 = !text.slice(0, slash).includes(':');
  const prefixBits = Number(prefixText);
  const bitLength = isDottedIpv4 ? 32 : 128;
  if (prefixBits > bitLength) return null;
  const prefixBits128 = isDottedIpv4 ? 96 + prefixBits : prefixBits;
  const masked = maskBytes(address, prefixBits128);
  const ipv4 = isIpv4Mapped(masked);
  return { address: masked, prefixBits: ipv4 ? Math.max(0, prefixBits128 - 96) : prefixBits128, ipv4 };
}

export function ipEqual(left: IpBytes | null, right: IpBytes | null): boolean {
  if (left === null || right === null) return false;
  for (let index = 0; index < 16; index++) if (left[index] !== right[index]) return false;
  return true;
}

export function networkContains(network: IpNetwork, address: IpBytes | null): boolean {
  if (address === null) return false;
  if (isIpv4Mapped(address) !== network.ipv4) return false;
  const prefixBits128 = network.ipv4 ? 96 + network.prefixBits : network.prefixBits;
  return ipEqual(maskBytes(address, prefixBits128), network.address);
}

function isIpv4Mapped(bytes: IpBytes): boolean {
  for (let index = 0; index < 12; index++) if (bytes[index] !== v4MappedPrefix[index]) return false;
  return true;
}

function maskBytes(bytes: IpBytes, prefixBits: number): number[] {
  const masked: number[] = [];
  for (let index = 0; index < 16; index++) {
    const bitsHere = Math.min(8, Math.max(0, prefixBits - index * 8));
    const mask = bitsHere === 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
    masked.push((bytes[index] as number) & mask);
  }
  return masked;
}

function parseIpv4(text: string): IpBytes | null {
  const fields = parseIpv4Fields(text);
  return fields === null ? null : [...v4MappedPrefix, ...fields];
}

/** Go's `parseIPv4Fields`: four fields, each 0-255, no leading zeros, no empty fields. */
function parseIpv4Fields(text: string): number[] | null {
  const fields: number[] = [];
  let value = 0;
  let digitCount = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (digitCount === 1 && value === 0) return null;
      value = value * 10 + (code - 48);
      digitCount++;
      if (value > 255) return null;
    } else if (code === 46) {
      if (index === 0 || index === text.length - 1 || text[index - 1] === '.') return null;
      if (fields.length === 3) return null;
      fields.push(value);
      value = 0;
      digitCount = 0;
    } else {
      return null;
    }
  }
  if (fields.length !== 3) return null;
  fields.push(value);
  return fields;
}

/** Go's `netip.parseIPv6` without zones (`net.ParseIP` rejects them). */
function parseIpv6(text: string): IpBytes | null {
  if (text.includes('%')) return null;
  const bytes = new Array<number>(16).fill(0);
  let rest = text;
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest.length === 0) return bytes;
  }
  let filled = 0;
  while (filled < 16) {
    const hex = /^[0-9a-fA-F]*/.exec(rest)?.[0] ?? '';
    if (hex.length > 4 || hex.length === 0) return null;
    if (rest[hex.length] === '.') {
      if ((ellipsis < 0 && filled !== 12) || filled + 4 > 16) return null;
      const fields = parseIpv4Fields(rest);
      if (fields === null) return null;
      bytes.splice(filled, 4, ...fields);
      filled += 4;
      rest = '';
      break;
    }
    const group = Number.parseInt(hex, 16);
    bytes[filled] = group >> 8;
    bytes[filled + 1] = group & 0xff;
    filled += 2;
    rest = rest.slice(hex.length);
    if (rest.length === 0) break;
    if (rest[0] !== ':' || rest.length === 1) return null;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = filled;
      rest = rest.slice(1);
      if (rest.length === 0) break;
    }
  }
  if (rest.length !== 0) return null;
  return expandEllipsis(bytes, filled, ellipsis);
}

function expandEllipsis(bytes: number[], filled: number, ellipsis: number): IpBytes | null {
  if (filled === 16) return ellipsis >= 0 ? null : bytes;
  if (ellipsis < 0) return null;
  const gap = 16 - filled;
  for (let index = filled - 1; index >= ellipsis; index--) bytes[index + gap] = bytes[index] as number;
  for (let index = ellipsis; index < ellipsis + gap; index++) bytes[index] = 0;
  return bytes;
}
