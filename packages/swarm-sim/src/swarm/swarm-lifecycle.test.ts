/**
 * User stories of a swarm's life, run through the model with virtual time: init, joins, the
 * store replicating to every manager, `docker info`, leaving. Facts: swarm.md §1.1-§1.8, §3, §6.
 */
import { describe, expect, test } from 'vitest';
import { parseJoinToken } from '../docker/identity.js';
import { hostById } from '../kernel/world.js';
import type { InfoResult } from './engine.js';
import { daemonErrors, rpcErrors, twoManagerWarning } from './errors.js';
import type { NodeObject } from './objects.js';
import { addMachine, killMachine, wait } from './sandbox.js';
import { nodeTable, request, requestError, requestValue, sandboxFor } from './testing.js';
import type { MachineHost } from './transport.js';
import type { InitResult } from './types.js';

const managerAddr = '192.168.99.100:2377';

function initTutorial(seed = 11) {
  const sandbox = sandboxFor(seed, 'tutorial');
  const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', {
    advertiseAddr: '192.168.99.100',
  });
  return { sandbox, init };
}

describe('docker swarm init (swarm.md §1.1, tutorial step 1)', () => {
  test('init makes a one-node swarm whose only manager is the Leader and Ready', () => {
    const { sandbox, init } = initTutorial();
    expect(init.nodeId).toMatch(/^[0-9a-z]{25}$/);
    expect(init.managerAddr).toBe(managerAddr);
    const table = nodeTable(sandbox, 'manager1');
    expect(Object.keys(table)).toEqual(['manager1']);
    expect(table.manager1).toMatchObject({
      id: init.nodeId,
      role: 'manager',
      state: 'ready',
      availability: 'active',
      managerStatus: 'Leader',
    });
    const info = requestValue<InfoResult>(sandbox, 'manager1', 'info');
    expect(info.swarm).toMatchObject({
      localNodeState: 'active',
      nodeId: init.nodeId,
      controlAvailable: true,
      nodes: 1,
      managers: 1,
    });
    expect(info.swarm.cluster?.spec.taskHistoryRetentionLimit).toBe(5);
    expect(info.swarm.remoteManagers).toEqual([{ addr: managerAddr }]);
  });

  test('both join tokens have the real format and share the root CA digest (swarm.md §3)', () => {
    const { init } = initTutorial();
    const worker = parseJoinToken(init.workerToken);
    const manager = parseJoinToken(init.managerToken);
    expect(init.workerToken).toHaveLength(85);
    expect(worker.ok && manager.ok).toBe(true);
    if (worker.ok && manager.ok) {
      expect(worker.token.rootDigestHex).toBe(manager.token.rootDigestHex);
      expect(worker.token.secret).not.toBe(manager.token.secret);
    }
  });

  test('init on a node already in a swarm is refused', () => {
    const { sandbox } = initTutorial();
    expect(requestError(sandbox, 'manager1', 'swarm.init')).toBe(daemonErrors.alreadyInSwarm.message);
  });

  test('init flags: --availability drain, --task-history-limit, --dispatcher-heartbeat', () => {
    const sandbox = sandboxFor(5, 'tutorial');
    requestValue(sandbox, 'manager1', 'swarm.init', {
      availability: 'drain',
      taskHistoryLimit: 2,
      dispatcherHeartbeatMs: 10_000,
    });
    expect(nodeTable(sandbox, 'manager1').manager1?.availability).toBe('drain');
    const info = requestValue<InfoResult>(sandbox, 'manager1', 'info');
    expect(info.swarm.cluster?.spec.taskHistoryRetentionLimit).toBe(2);
    expect(info.swarm.cluster?.spec.dispatcherHeartbeatPeriodMs).toBe(10_000);
    expect(requestError(sandbox, 'worker1', 'swarm.init', { availability: 'sleep' })).toBe(
      'invalid availability "sleep", only active, pause and drain are supported',
    );
  });
});

describe('docker swarm join (swarm.md §1.3, tutorial step 2)', () => {
  test('workers join and become Ready, with an empty MANAGER STATUS', () => {
    const { sandbox, init } = initTutorial();
    for (const worker of ['worker1', 'worker2']) {
      const joined = requestValue<{ role: string }>(sandbox, worker, 'swarm.join', {
        token: init.workerToken,
        remoteAddr: managerAddr,
      });
      expect(joined.role).toBe('worker');
    }
    const table = nodeTable(sandbox, 'manager1');
    expect(Object.keys(table)).toEqual(['manager1', 'worker1', 'worker2']);
    expect(table.worker1).toMatchObject({ role: 'worker', state: 'ready', managerStatus: '' });
    expect(table.worker2?.state).toBe('ready');
    expect(table.worker1?.id).not.toBe(table.worker2?.id);
  });

  test('a worker cannot run manager commands', () => {
    const { sandbox, init } = initTutorial();
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr });
    expect(requestError(sandbox, 'worker1', 'node.list')).toBe(daemonErrors.workerNotManager.message);
    expect(requestError(sandbox, 'worker2', 'node.list')).toBe(daemonErrors.notSwarmManager.message);
  });

  test('a manager joins (3 managers) and every manager applies the same store', () => {
    const { sandbox, init } = initTutorial();
    addMachine(sandbox, 'manager2');
    addMachine(sandbox, 'manager3');
    for (const manager of ['manager2', 'manager3']) {
      const joined = requestValue<{ role: string }>(sandbox, manager, 'swarm.join', {
        token: init.managerToken,
        remoteAddr: managerAddr,
      });
      expect(joined.role).toBe('manager');
    }
    wait(sandbox, 3000);
    const table = nodeTable(sandbox, 'manager3');
    expect(table.manager1?.managerStatus).toBe('Leader');
    expect(table.manager2?.managerStatus).toBe('Reachable');
    expect(table.manager3?.managerStatus).toBe('Reachable');
    const stores = ['manager1', 'manager2', 'manager3'].map((name) => {
      const host = hostById(sandbox.world, name) as MachineHost;
      return JSON.stringify(host.state.engine?.manager?.replica);
    });
    expect(stores[1]).toBe(stores[0]);
    expect(stores[2]).toBe(stores[0]);
    const raftIds = Object.values(requestValue<NodeObject[]>(sandbox, 'manager1', 'node.list')).map(
      (node) => node.managerStatus?.raftId,
    );
    expect(new Set(raftIds).size).toBe(3);
  });

  test('join errors: already in a swarm, malformed token, unknown secret, unreachable manager', () => {
    const { sandbox, init } = initTutorial();
    expect(
      requestError(sandbox, 'manager1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr }),
    ).toBe(daemonErrors.alreadyInSwarm.message);
    expect(
      requestError(sandbox, 'worker1', 'swarm.join', { token: 'SWMTKN-1-abc-def', remoteAddr: managerAddr }),
    ).toBe('invalid join token');
    const forged = `${init.workerToken.slice(0, 60)}${'0'.repeat(25)}`;
    expect(requestError(sandbox, 'worker1', 'swarm.join', { token: forged, remoteAddr: managerAddr })).toBe(
      rpcErrors.invalidJoinSecret.message,
    );
    const before = sandbox.world.nowMs;
    const timeout = request(sandbox, 'worker2', 'swarm.join', {
      token: init.workerToken,
      remoteAddr: '192.168.99.200:2377',
    });
    expect(timeout).toMatchObject({ ok: false, error: daemonErrors.joinTimeout.message });
    expect(sandbox.world.nowMs - before).toBe(20_000);
    expect(requestValue<InfoResult>(sandbox, 'worker2', 'info').swarm.localNodeState).toBe('pending');
  });

  test('a token whose digest is not the remote root CA fails with the fingerprint error', () => {
    const { sandbox, init } = initTutorial();
    const other = requestValue<InitResult>(sandbox, 'worker2', 'swarm.init');
    const parsed = parseJoinToken(other.workerToken);
    const error = requestError(sandbox, 'worker1', 'swarm.join', {
      token: other.workerToken,
      remoteAddr: managerAddr,
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(error).toBe(`remote CA does not match fingerprint. Expected: ${parsed.token.rootDigestHex}`);
    expect(init.workerToken).not.toBe(other.workerToken);
  });

  test('each join gets a new node ID; the old entry stays until node rm (swarm.md §1.3)', () => {
    const { sandbox, init } = initTutorial();
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr });
    const first = nodeTable(sandbox, 'manager1').worker1?.id;
    requestValue(sandbox, 'worker1', 'swarm.leave');
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr });
    wait(sandbox, 20_000);
    const nodes = requestValue<NodeObject[]>(sandbox, 'manager1', 'node.list').filter(
      (node) => node.description.hostname === 'worker1',
    );
    expect(nodes).toHaveLength(2);
    const old = nodes.find((node) => node.meta.id === first);
    expect(old?.status).toMatchObject({ state: 'down', message: 'heartbeat failure' });
    expect(nodes.find((node) => node.meta.id !== first)?.status.state).toBe('ready');
  });
});

describe('joining through a follower (swarm.md §4.1 raft proxy)', () => {
  test('a worker joining at the address of a follower is proxied to the leader and becomes Ready', () => {
    const sandbox = sandboxFor(15, '3m2w');
    addMachine(sandbox, 'worker3');
    const tokens = requestValue<{ joinTokens: { worker: string } }>(
      sandbox,
      'manager1',
      'swarm.inspect',
    ).joinTokens;
    expect(
      requestValue(sandbox, 'worker3', 'swarm.join', {
        token: tokens.worker,
        remoteAddr: '192.168.99.102:2377',
      }),
    ).toEqual({
      role: 'worker',
    });
    expect(nodeTable(sandbox, 'manager2').worker3?.state).toBe('ready');
  });

  test('a manager whose advertise address the leader cannot reach fails the 5 s health check', () => {
    const { sandbox, init } = initTutorial();
    const startMs = sandbox.world.nowMs;
    const error = requestError(sandbox, 'worker1', 'swarm.join', {
      token: init.managerToken,
      remoteAddr: managerAddr,
      advertiseAddr: '10.9.9.9',
    });
    expect(error).toBe(rpcErrors.healthCheckFailed.message);
    expect(sandbox.world.nowMs - startMs).toBeGreaterThanOrEqual(5000);
    expect(requestValue<InfoResult>(sandbox, 'worker1', 'info').swarm.localNodeState).toBe('inactive');
    expect(requestValue<InfoResult>(sandbox, 'manager1', 'info').swarm.managers).toBe(1);
  });
});

describe('docker info (swarm.md §1.8)', () => {
  test('exactly two managers adds the two-manager warning', () => {
    const { sandbox, init } = initTutorial();
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.managerToken, remoteAddr: managerAddr });
    const info = requestValue<InfoResult>(sandbox, 'manager1', 'info');
    expect(info.swarm.managers).toBe(2);
    expect(info.warnings).toEqual([twoManagerWarning]);
    expect(requestValue<InfoResult>(sandbox, 'worker2', 'info').swarm.localNodeState).toBe('inactive');
  });
});

describe('docker swarm leave (swarm.md §1.5)', () => {
  test('a worker leaves at once; its node goes Down by heartbeat expiry', () => {
    const { sandbox, init } = initTutorial();
    requestValue(sandbox, 'worker1', 'swarm.join', { token: init.workerToken, remoteAddr: managerAddr });
    expect(requestValue(sandbox, 'worker1', 'swarm.leave')).toEqual({});
    expect(requestError(sandbox, 'worker1', 'swarm.leave')).toBe('This node is not part of a swarm');
    expect(nodeTable(sandbox, 'manager1').worker1?.state).toBe('ready');
    wait(sandbox, 17_000);
    expect(nodeTable(sandbox, 'manager1').worker1?.state).toBe('down');
  });

  test('the last manager is refused without --force, with the exact text', () => {
    const { sandbox } = initTutorial();
    expect(requestError(sandbox, 'manager1', 'swarm.leave')).toBe(
      'You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. ',
    );
    expect(requestValue(sandbox, 'manager1', 'swarm.leave', { force: true })).toEqual({});
    expect(requestValue<InfoResult>(sandbox, 'manager1', 'info').swarm.localNodeState).toBe('inactive');
  });

  test('a manager is always refused without --force; the quorum sentence appears when leaving would lose it', () => {
    const sandbox = sandboxFor(4, '3m2w');
    const prefix = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
    const suffix =
      'The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.';
    expect(requestError(sandbox, 'manager2', 'swarm.leave')).toBe(prefix + suffix);
    killMachine(sandbox, 'manager3');
    wait(sandbox, 4000);
    expect(requestError(sandbox, 'manager2', 'swarm.leave')).toBe(
      `${prefix}Removing this node leaves 1 managers out of 3. Without a Raft quorum your swarm will be inaccessible. ${suffix}`,
    );
  });
});
