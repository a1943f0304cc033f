/**
 * Identifiers and secrets as swarmkit and the engine make them, drawn from the world's prng so
 * that a seed replays byte for byte: swarm object IDs, container IDs, random service names,
 * join tokens (with the root CA digest they carry) and autolock unlock keys.
 */
import { createHash } from 'node:crypto';
import { nextBytes, nextInt, type Prng } from '@swarmsim/raft';
import { nameAdjectives, nameSurnames } from './names.js';

/** swarmkit `identity.NewID`: 17 random bytes, top bit set, base 36, characters [1, 26). */
export const swarmIdLength = 25;
/** docker `stringid.TruncateID` keeps 12 characters. */
export const shortIdLength = 12;

const swarmIdEntropyBytes = 17;

/** A node, service, task or network ID: 25 lower-case base-36 characters. */
export function newSwarmId(prng: Prng): string {
  const bytes = nextBytes(prng, swarmIdEntropyBytes);
  bytes[0] = (bytes[0] as number) | 0x80;
  const id = bytesToBigInt(bytes)
    .toString(36)
    .slice(1, swarmIdLength + 1);
  assert(id.length === swarmIdLength, 'a swarm ID has 25 characters');
  return id;
}

/** docker `stringid.TruncateID`: drop an `algorithm:` prefix, keep the first 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(':');
  const bare = colon >= 0 ? id.slice(colon + 1) : id;
  return bare.length > shortIdLength ? bare.slice(0, shortIdLength) : bare;
}

const containerIdAttemptsMax = 16;

/**
 * docker `stringid.GenerateRandomID`: 32 random bytes as 64 hex characters, drawn again when
 * the 12-character short form would read as a plain number.
 */
export function newContainerId(prng: Prng): string {
  let id = '';
  for (let attempt = 0; attempt < containerIdAttemptsMax; attempt++) {
    id = Buffer.from(nextBytes(prng, 32)).toString('hex');
    if (!/^\d+$/.test(truncateId(id))) return id;
  }
  return id;
}

/**
 * moby `namesgenerator.GetRandomName(0)`: `adjective_surname`, drawn again for
 * `boring_wozniak` ("Steve Wozniak is not boring").
 */
export function randomName(prng: Prng): string {
  for (let attempt = 0; attempt < 16; attempt++) {
    const adjective = nameAdjectives[nextInt(prng, 0, nameAdjectives.length)] as string;
    const surname = nameSurnames[nextInt(prng, 0, nameSurnames.length)] as string;
    const name = `${adjective}_${surname}`;
    if (name !== 'boring_wozniak') return name;
  }
  return 'admiring_agnesi';
}

// ---------------------------------------------------------------------------------------------
// Join tokens (moby/swarmkit ca/config.go GenerateJoinToken / ParseJoinToken)

/** ceil(log36(2^256)): the digest part of a token is zero-padded to this length. */
export const joinTokenDigestLength = 50;
/** 16 random bytes in base 36, zero-padded to this length. */
export const joinTokenSecretLength = 25;
const joinTokenSecretBytes = 16;
const invalidJoinToken = 'invalid join token';

/** SHA-256 of the root CA certificate bytes (the PEM bundle), as 64 lower-case hex digits. */
export function rootCaDigestHex(rootCaPem: string): string {
  return createHash('sha256').update(rootCaPem, 'utf8').digest('hex');
}

/**
 * `SWMTKN-1-<digest>-<secret>`: the root CA's SHA-256 in base 36 padded to 50, then 16 prng
 * bytes in base 36 padded to 25. Worker and manager tokens of one swarm share the digest.
 */
export function generateJoinToken(prng: Prng, rootCaPem: string): string {
  const digest = BigInt(`0x${rootCaDigestHex(rootCaPem)}`)
    .toString(36)
    .padStart(joinTokenDigestLength, '0');
  const secret = bytesToBigInt(nextBytes(prng, joinTokenSecretBytes))
    .toString(36)
    .padStart(joinTokenSecretLength, '0');
  const token = `SWMTKN-1-${digest}-${secret}`;
  assert(token.length === 85, 'a v1 join token has 85 characters');
  return token;
}

export interface ParsedJoinToken {
  /** 1, or 2 for FIPS-aware clusters. */
  readonly version: 1 | 2;
  readonly fips: boolean;
  /** The root CA digest the token pins, as 64 lower-case hex digits. */
  readonly rootDigestHex: string;
  readonly secret: string;
}

export type JoinTokenParse = { ok: true; token: ParsedJoinToken } | { ok: false; error: string };

/**
 * swarmkit `ParseJoinToken`. Split on `-`; `SWMTKN`; v1 has 4 parts, v2 has 5 with a `0|1`
 * FIPS flag; digest exactly 50 characters and a base-36 number below 2^256; secret exactly 25
 * characters (its alphabet is not checked here: a wrong secret is refused later, by the CA,
 * with InvalidArgument). Any failure: `invalid join token`.
 */
export function parseJoinToken(token: string): JoinTokenParse {
  const parts = token.split('-');
  if (parts.length < 4 || parts[0] !== 'SWMTKN') return { ok: false, error: invalidJoinToken };
  let version: 1 | 2;
  let fips = false;
  if (parts[1] === '1' && parts.length === 4) {
    version = 1;
  } else if (parts[1] === '2' && parts.length === 5 && (parts[2] === '0' || parts[2] === '1')) {
    version = 2;
    fips = parts[2] === '1';
  } else {
    return { ok: false, error: invalidJoinToken };
  }
  const secret = parts[parts.length - 1] as string;
  const digestText = parts[parts.length - 2] as string;
  if (digestText.length !== joinTokenDigestLength || secret.length !== joinTokenSecretLength) {
    return { ok: false, error: invalidJoinToken };
  }
  const digest = parseBase36(digestText);
  if (digest === null || digest >= 1n << 256n) return { ok: false, error: invalidJoinToken };
  const rootDigestHex = digest.toString(16).padStart(64, '0');
  return { ok: true, token: { version, fips, rootDigestHex, secret } };
}

/** Go `big.Int.SetString(text, 36)`: optional `+`, digits and letters of either case. */
function parseBase36(text: string): bigint | null {
  const unsigned = text.startsWith('+') ? text.slice(1) : text;
  if (!/^[0-9a-zA-Z]+$/.test(unsigned)) return null;
  let value = 0n;
  for (const character of unsigned.toLowerCase())
    value = value * 36n + BigInt(Number.parseInt(character, 36));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Root CA and unlock keys

const pemLineLength = 64;

/**
 * A deterministic stand-in for the swarm's root CA certificate: a PEM block around prng bytes.
 * It is never parsed as X.509; it exists so that tokens carry a real SHA-256 digest that a
 * joining node can compare, and so that a CA rotation changes that digest.
 */
export function fakeRootCaPem(prng: Prng): string {
  const body = Buffer.from(nextBytes(prng, 384)).toString('base64');
  const lines: string[] = [];
  for (let offset = 0; offset < body.length; offset += pemLineLength) {
    lines.push(body.slice(offset, offset + pemLineLength));
  }
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const unlockKeyPrefix = 'SWMKEY-1-';
const unlockKeyBytes = 32;

/** swarmkit `encryption.HumanReadableKey`: `SWMKEY-1-` + unpadded base64 of 32 random bytes. */
export function newUnlockKey(prng: Prng): string {
  return unlockKeyPrefix + Buffer.from(nextBytes(prng, unlockKeyBytes)).toString('base64').replace(/=+$/, '');
}

export type UnlockKeyParse = { ok: true; keyBytes: Uint8Array } | { ok: false; error: string };

/**
 * swarmkit `ParseHumanReadableKey`: the prefix, then unpadded standard base64; otherwise
 * `invalid key string`. (A well-formed key that does not decrypt the manager's data is the
 * daemon's `swarm could not be unlocked: invalid key provided`.)
 */
export function parseUnlockKey(key: string): UnlockKeyParse {
  const invalid: UnlockKeyParse = { ok: false, error: 'invalid key string' };
  if (!key.startsWith(unlockKeyPrefix)) return invalid;
  const body = key.slice(unlockKeyPrefix.length);
  if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1) return invalid;
  return { ok: true, keyBytes: new Uint8Array(Buffer.from(body, 'base64')) };
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
