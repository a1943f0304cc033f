import { fc, test } from '@fast-check/vitest';
import { createPrng } from '@swarmsim/raft';
import { describe, expect, it } from 'vitest';
import {
  fakeRootCaPem,
  generateJoinToken,
  newContainerId,
  newSwarmId,
  newUnlockKey,
  parseJoinToken,
  parseUnlockKey,
  randomName,
  rootCaDigestHex,
  truncateId,
} from './identity.js';
import { nameAdjectives, nameSurnames } from './names.js';

describe('swarm IDs (swarm.md §0, swarmkit identity/randomid.go)', () => {
  it('are 25 lower-case base-36 characters and replay from the seed', () => {
    const first = createPrng(7);
    const second = createPrng(7);
    for (let count = 0; count < 200; count++) {
      const id = newSwarmId(first);
      expect(id).toMatch(/^[0-9a-z]{25}$/);
      expect(newSwarmId(second)).toBe(id);
    }
  });

  it('differ between draws', () => {
    const prng = createPrng(1);
    const ids = new Set(Array.from({ length: 500 }, () => newSwarmId(prng)));
    expect(ids.size).toBe(500);
  });

  it('truncate to 12 characters and drop an algorithm prefix, as stringid.TruncateID', () => {
    expect(truncateId('dxn1zf6l61qsb1josjja83ngz')).toBe('dxn1zf6l61qs');
    expect(truncateId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(truncateId('short')).toBe('short');
  });

  it('container IDs are 64 hex characters whose short form is never all digits', () => {
    const prng = createPrng(3);
    for (let count = 0; count < 200; count++) {
      const id = newContainerId(prng);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(truncateId(id)).not.toMatch(/^\d+$/);
    }
  });
});

describe('random service names (moby namesgenerator)', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 40 })])(
    'are adjective_surname from the lists, never boring_wozniak',
    (seed) => {
      const prng = createPrng(seed);
      for (let count = 0; count < 20; count++) {
        const name = randomName(prng);
        const [adjective, surname, extra] = name.split('_');
        expect(extra).toBeUndefined();
        expect(nameAdjectives).toContain(adjective);
        expect(nameSurnames).toContain(surname);
        expect(name).not.toBe('boring_wozniak');
      }
    },
  );

  it('the lists can form boring_wozniak, so the redraw matters', () => {
    expect(nameAdjectives).toContain('boring');
    expect(nameSurnames).toContain('wozniak');
  });
});

describe('join tokens (swarm.md §3, swarmkit ca/config.go)', () => {
  const prng = createPrng(42);
  const rootCaPem = fakeRootCaPem(prng);
  const worker = generateJoinToken(prng, rootCaPem);
  const manager = generateJoinToken(prng, rootCaPem);

  it('are SWMTKN-1-<50 base-36 digest>-<25 base-36 secret>, 85 characters', () => {
    for (const token of [worker, manager]) {
      expect(token).toMatch(/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/);
      expect(token).toHaveLength(85);
    }
  });

  it('share the digest part and differ in the secret', () => {
    expect(worker.slice(0, 59)).toBe(manager.slice(0, 59));
    expect(worker.slice(60)).not.toBe(manager.slice(60));
  });

  it('carry the SHA-256 of the root CA PEM, which parsing gives back as 64 hex digits', () => {
    const parsed = parseJoinToken(worker);
    expect(parsed).toEqual({
      ok: true,
      token: { version: 1, fips: false, rootDigestHex: rootCaDigestHex(rootCaPem), secret: worker.slice(60) },
    });
    expect(rootCaDigestHex(rootCaPem)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('change digest when the root CA changes (CA rotation regenerates both tokens)', () => {
    const rotated = fakeRootCaPem(prng);
    expect(rotated).not.toBe(rootCaPem);
    expect(generateJoinToken(prng, rotated).slice(0, 59)).not.toBe(worker.slice(0, 59));
  });

  it('parse v2 FIPS tokens', () => {
    const digest = worker.split('-')[2] as string;
    const secret = worker.split('-')[3] as string;
    expect(parseJoinToken(`SWMTKN-2-1-${digest}-${secret}`)).toMatchObject({
      ok: true,
      token: { version: 2, fips: true },
    });
    expect(parseJoinToken(`SWMTKN-2-0-${digest}-${secret}`)).toMatchObject({
      ok: true,
      token: { fips: false },
    });
  });

  it.each([
    '',
    'SWMTKN',
    'SWMTKN-1-abc-def',
    'SWMTKX-1-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1bam-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-3-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1bam-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-1-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1ba-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-1-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1bam-bg0adlhzstyskk4gvowz467n',
    'SWMTKN-1-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1ba!-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-1-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-2-2-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1bam-bg0adlhzstyskk4gvowz467n9',
    'SWMTKN-1-x-4ibzmq5qcgzhmbqq33gp6ci2lfbm3fo8l5fg2esl9ocysm1bam-bg0adlhzstyskk4gvowz467n9',
  ])('refuse %j with "invalid join token"', (token) => {
    expect(parseJoinToken(token)).toEqual({ ok: false, error: 'invalid join token' });
  });

  /** swarm.md §3's rules written as one pattern, plus "the digest is a number below 2^256". */
  function wellFormed(token: string): boolean {
    const match = /^SWMTKN-(?:1|2-[01])-(\+?[0-9A-Za-z]+)-([^-]*)$/.exec(token);
    if (match === null) return false;
    const digest = match[1] as string;
    const secret = match[2] as string;
    if (digest.length !== 50 || secret.length !== 25) return false;
    const value = [...digest.replace('+', '').toLowerCase()].reduce(
      (sum, c) => sum * 36n + BigInt(Number.parseInt(c, 36)),
      0n,
    );
    return value < 1n << 256n;
  }

  const tokenAlphabet = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzA-+!'.split(''));
  const mutatedToken = fc
    .tuple(
      fc.integer({ min: 0, max: 84 }),
      fc.integer({ min: 0, max: 3 }),
      fc.string({ unit: tokenAlphabet, maxLength: 3 }),
    )
    .map(([at, cut, insert]) => worker.slice(0, at) + insert + worker.slice(at + cut));

  test.prop([fc.oneof(mutatedToken, fc.string({ unit: tokenAlphabet, maxLength: 90 }))], { numRuns: 400 })(
    'accept exactly the well-formed tokens: anything not well-formed is refused',
    (token) => {
      const parsed = parseJoinToken(token);
      expect(parsed.ok).toBe(wellFormed(token));
      if (!parsed.ok) expect(parsed.error).toBe('invalid join token');
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 40 })])(
    'every generated token parses back to its CA digest',
    (seed) => {
      const seeded = createPrng(seed);
      const pem = fakeRootCaPem(seeded);
      const parsed = parseJoinToken(generateJoinToken(seeded, pem));
      expect(parsed.ok && parsed.token.rootDigestHex).toBe(rootCaDigestHex(pem));
    },
  );
});

describe('root CA and unlock keys', () => {
  it('the fake root CA is a PEM certificate block with 64-column base64 lines', () => {
    const pem = fakeRootCaPem(createPrng(9));
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(pem.endsWith('\n-----END CERTIFICATE-----\n')).toBe(true);
    const body = pem.split('\n').slice(1, -2);
    for (const line of body.slice(0, -1)) expect(line).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(fakeRootCaPem(createPrng(9))).toBe(pem);
  });

  it('unlock keys are SWMKEY-1- and 43 unpadded base64 characters, and parse back', () => {
    const key = newUnlockKey(createPrng(5));
    expect(key).toMatch(/^SWMKEY-1-[A-Za-z0-9+/]{43}$/);
    const parsed = parseUnlockKey(key);
    expect(parsed.ok && parsed.keyBytes.length).toBe(32);
  });

  it.each(['', 'SWMKEY-2-abc', 'fySn8TY4w5lKcWcJPIpKufejh9hxx5KYwx6XZigx3Q4', 'SWMKEY-1-abc=', 'SWMKEY-1-a'])(
    'unlock key %j is refused with "invalid key string"',
    (key) => {
      expect(parseUnlockKey(key)).toEqual({ ok: false, error: 'invalid key string' });
    },
  );
});
