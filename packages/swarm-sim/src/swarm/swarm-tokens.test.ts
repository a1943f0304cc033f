/**
 * Join tokens (swarm.md §1.4, §3): rotation replaces one role's secret at once, keeps the digest,
 * leaves joined nodes alone; the CA accepts exactly the current token of each role.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJoinToken } from '../docker/identity.js';
import type { SwarmInspect } from './control.js';
import { rpcErrors } from './errors.js';
import { addMachine, wait } from './sandbox.js';
import { nodeTable, request, requestError, requestValue, sandboxFor } from './testing.js';
import type { InitResult } from './types.js';

const managerAddr = '192.168.99.100:2377';

describe('docker swarm join-token --rotate (swarm.md §1.4, §3)', () => {
  test('rotation refuses the old token at once, keeps the digest, and leaves joined nodes unaffected', () => {
    const sandbox = sandboxFor(41, 'tutorial');
    const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', {
      advertiseAddr: '192.168.99.100',
    });
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr });
    requestValue(sandbox, 'manager1', 'swarm.update', { rotateWorkerToken: true });
    const rotated = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect').joinTokens;
    expect(rotated.worker).not.toBe(init.workerToken);
    expect(rotated.manager).toBe(init.managerToken);
    const oldParsed = parseJoinToken(init.workerToken);
    const newParsed = parseJoinToken(rotated.worker);
    expect(
      oldParsed.ok && newParsed.ok && oldParsed.token.rootDigestHex === newParsed.token.rootDigestHex,
    ).toBe(true);
    expect(
      requestError(sandbox, 'worker2', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr }),
    ).toBe(rpcErrors.invalidJoinSecret.message);
    expect(
      requestValue(sandbox, 'worker2', 'swarm.join', { token: rotated.worker, remoteAddr: managerAddr }),
    ).toEqual({
      role: 'worker',
    });
    wait(sandbox, 30_000);
    expect(nodeTable(sandbox, 'manager1').worker1?.state).toBe('ready');
  });

  test('the unlock key cannot be rotated without autolock', () => {
    const sandbox = sandboxFor(42, 'tutorial');
    requestValue(sandbox, 'manager1', 'swarm.init');
    expect(requestError(sandbox, 'manager1', 'swarm.update', { rotateUnlockKey: true })).toBe(
      'cannot rotate because autolock is not turned on',
    );
    expect(requestError(sandbox, 'manager1', 'swarm.unlockKey')).toBe('no unlock key is set');
  });

  test('property: after any rotations, a token is accepted iff it is the current token of its role', () => {
    const rotation = fc.constantFrom('worker', 'manager');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(rotation, { maxLength: 4 }),
        fc.nat(),
        (seed, rotations, pick) => {
          const sandbox = sandboxFor(seed, 'tutorial');
          const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', {
            advertiseAddr: '192.168.99.100',
          });
          const issued = [
            { token: init.workerToken, role: 'worker' },
            { token: init.managerToken, role: 'manager' },
          ];
          for (const role of rotations) {
            requestValue(sandbox, 'manager1', 'swarm.update', {
              [role === 'worker' ? 'rotateWorkerToken' : 'rotateManagerToken']: true,
            });
            const tokens = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect').joinTokens;
            issued.push({ token: role === 'worker' ? tokens.worker : tokens.manager, role });
          }
          const current = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect').joinTokens;
          const chosen = issued[pick % issued.length] as { token: string; role: string };
          addMachine(sandbox, 'joiner');
          const joined = request(sandbox, 'joiner', 'swarm.join', {
            token: chosen.token,
            remoteAddr: managerAddr,
          });
          const isCurrent = chosen.token === current.worker || chosen.token === current.manager;
          if (isCurrent) {
            expect(joined).toMatchObject({ ok: true, value: { role: chosen.role } });
          } else {
            expect(joined).toMatchObject({ ok: false, error: rpcErrors.invalidJoinSecret.message });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
