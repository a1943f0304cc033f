/**
 * What `docker swarm init` and `docker swarm update` set besides addresses (swarm.md §1.1, §1.6,
 * §1.8, §5): certificate expiry, snapshot interval and retained snapshots, the default address
 * pool and its mask length, the data path port; moby's refusals; and the snapshot interval
 * driving Raft compaction on every manager, so that a manager that was down while the log was
 * compacted catches up through a snapshot (§5 "SnapshotInterval", "LogEntriesForSlowFollowers").
 */
import { entryAt, type RaftNode } from '@swarmsim/raft';
import { describe, expect, test } from 'vitest';
import { hostById } from '../kernel/world.js';
import type { SwarmInspect } from './control.js';
import { rpcErrors } from './errors.js';
import { managerOf, raftNodeOf } from './manager.js';
import { addMachine, killMachine, restartMachine, wait } from './sandbox.js';
import { leaderMachine } from './status.js';
import { requestError, requestValue, sandboxFor } from './testing.js';
import { defaultLogEntriesForSlowFollowers } from './timing.js';
import type { MachineHost } from './transport.js';
import type { InitParams, InitResult } from './types.js';

function machine(sandbox: ReturnType<typeof sandboxFor>, name: string): MachineHost {
  return hostById(sandbox.world, name) as MachineHost;
}

/** A tutorial sandbox whose manager1 ran `swarm.init` with these parameters (which must succeed). */
function initOn(params: InitParams): ReturnType<typeof sandboxFor> {
  const sandbox = sandboxFor(31, 'tutorial');
  requestValue(sandbox, 'manager1', 'swarm.init', { advertiseAddr: '192.168.99.100', ...params });
  return sandbox;
}

describe('docker swarm init settings (swarm.md §1.1)', () => {
  test('certificate expiry, snapshots, address pool and data path port reach the cluster', () => {
    const sandbox = initOn({
      certExpiryMs: 48 * 3_600_000,
      snapshotInterval: 500,
      maxSnapshots: 2,
      dataPathPort: 7789,
      defaultAddrPool: ['10.20.0.0/16', '10.30.0.0/16'],
      defaultAddrPoolMaskLength: 26,
      taskHistoryLimit: 3,
    });
    const swarm = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect');
    expect(swarm.spec).toMatchObject({
      nodeCertExpiryMs: 48 * 3_600_000,
      taskHistoryRetentionLimit: 3,
      raft: { snapshotInterval: 500, keepOldSnapshots: 2 },
    });
    expect(swarm).toMatchObject({
      defaultAddrPool: ['10.20.0.0/16', '10.30.0.0/16'],
      subnetSize: 26,
      dataPathPort: 7789,
    });
    const ingress = Object.values(managerOf(machine(sandbox, 'manager1'))?.replica.store.networks ?? {});
    expect(ingress.map((network) => network.subnet)).toEqual(['10.20.0.0/26']);
  });

  test("without them, SwarmKit's defaults: 90 days, 10000 entries, 0 old snapshots, 10.0.0.0/8 by 24, port 4789", () => {
    const sandbox = initOn({ defaultAddrPoolMaskLength: 28 });
    const swarm = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect');
    expect(swarm.spec).toMatchObject({
      nodeCertExpiryMs: 90 * 24 * 3_600_000,
      raft: { snapshotInterval: 10_000, keepOldSnapshots: 0 },
    });
    // A mask length without a pool changes nothing (moby validates and uses it only with pools).
    expect(swarm).toMatchObject({ defaultAddrPool: ['10.0.0.0/8'], subnetSize: 24, dataPathPort: 4789 });
  });

  test.each([
    [{ dataPathPort: 80 }, 'Datapath port number is not in valid range (1024-49151) : 80'],
    [{ dataPathPort: 49_152 }, 'Datapath port number is not in valid range (1024-49151) : 49152'],
    [{ defaultAddrPool: ['10.0.0.0/8'], defaultAddrPoolMaskLength: 30 }, 'subnet size is out of range: 30'],
    [
      { defaultAddrPool: ['10.20.0.0/16'], defaultAddrPoolMaskLength: 8 },
      'invalid CIDR: "10.20.0.0/16". Subnet size is too small for pool: 8',
    ],
    [{ defaultAddrPool: ['10.20.0.0'] }, 'invalid base pool 10.20.0.0: invalid CIDR address: 10.20.0.0'],
  ])('%j is refused before anything is created: %s', (params, message) => {
    const sandbox = sandboxFor(32, 'tutorial');
    expect(requestError(sandbox, 'manager1', 'swarm.init', params)).toBe(message);
    expect(machine(sandbox, 'manager1').state.disk.swarm).toBeNull();
  });

  test('a certificate expiry under an hour fails the init after the swarm exists, which keeps its defaults', () => {
    const sandbox = sandboxFor(33, 'tutorial');
    const error = requestError(sandbox, 'manager1', 'swarm.init', {
      certExpiryMs: 1_800_000,
      snapshotInterval: 77,
    });
    expect(error).toBe(`error updating cluster settings: ${rpcErrors.minimumCertExpiry.message}`);
    const swarm = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect');
    expect(swarm.spec.nodeCertExpiryMs).toBe(90 * 24 * 3_600_000);
    expect(swarm.spec.raft.snapshotInterval).toBe(10_000);
  });
});

describe('docker swarm update settings (swarm.md §1.6)', () => {
  test("changes the spec; a certificate expiry under an hour is refused with SwarmKit's text", () => {
    const sandbox = sandboxFor(34, '3m2w');
    const before = requestValue<SwarmInspect>(sandbox, 'manager2', 'swarm.inspect');
    requestValue(sandbox, 'manager2', 'swarm.update', {
      version: before.version,
      spec: { nodeCertExpiryMs: 7 * 24 * 3_600_000, snapshotInterval: 2000, keepOldSnapshots: 1 },
    });
    const after = requestValue<SwarmInspect>(sandbox, 'manager3', 'swarm.inspect');
    expect(after.spec).toMatchObject({
      nodeCertExpiryMs: 7 * 24 * 3_600_000,
      raft: { snapshotInterval: 2000, keepOldSnapshots: 1 },
    });
    expect(
      requestError(sandbox, 'manager1', 'swarm.update', {
        version: after.version,
        spec: { nodeCertExpiryMs: 60_000 },
      }),
    ).toBe(rpcErrors.minimumCertExpiry.message);
  });

  test("--force-new-cluster merges the spec flags it is given over the survivor's cluster", () => {
    const sandbox = sandboxFor(35, '3m2w');
    killMachine(sandbox, 'manager1');
    killMachine(sandbox, 'manager2');
    requestValue(sandbox, 'manager3', 'swarm.init', { forceNewCluster: true, snapshotInterval: 321 });
    wait(sandbox, 5000);
    const swarm = requestValue<SwarmInspect>(sandbox, 'manager3', 'swarm.inspect');
    expect(swarm.spec.raft.snapshotInterval).toBe(321);
    expect(swarm.spec.taskHistoryRetentionLimit).toBe(5);
  });
});

/**
 * Three managers (manager1 leads) and a worker with snapshots every `interval` entries: set by
 * `swarm init --snapshot-interval` on an empty sandbox, or by `swarm update` on the 3m2w preset.
 */
function swarmSnapshottingEvery(interval: number, how: 'init' | 'update'): ReturnType<typeof sandboxFor> {
  if (how === 'update') {
    const sandbox = sandboxFor(36, '3m2w');
    const inspected = requestValue<SwarmInspect>(sandbox, 'manager1', 'swarm.inspect');
    requestValue(sandbox, 'manager1', 'swarm.update', {
      version: inspected.version,
      spec: { snapshotInterval: interval },
    });
    return sandbox;
  }
  const sandbox = sandboxFor(37, 'empty');
  for (const [position, name] of ['manager1', 'manager2', 'manager3', 'worker1'].entries())
    addMachine(sandbox, name, { ip: `192.168.99.${111 + position}` });
  const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', { snapshotInterval: interval });
  for (const [name, token] of [
    ['manager2', init.managerToken],
    ['manager3', init.managerToken],
    ['worker1', init.workerToken],
  ])
    requestValue(sandbox, name as string, 'swarm.join', { token, remoteAddr: '192.168.99.111:2377' });
  wait(sandbox, 10_000);
  return sandbox;
}

describe('the snapshot interval drives Raft compaction (swarm.md §5)', () => {
  test.each(['init', 'update'] as const)(
    "set by swarm %s: a manager down while the log was compacted catches up through a snapshot; its store equals the leader's",
    (how) => {
      const interval = 40;
      const sandbox = swarmSnapshottingEvery(interval, how);
      expect(leaderMachine(sandbox.world)?.id).toBe('manager1');
      killMachine(sandbox, 'manager3');
      const lagging = machine(sandbox, 'manager3').state.disk.swarm?.raft?.persisted;
      const laggingLastIndex = lagging?.entries.at(-1)?.index ?? 0;
      const writes = defaultLogEntriesForSlowFollowers + 2 * interval;
      for (let write = 0; write < writes; write++) {
        requestValue(sandbox, 'manager1', 'node.update', {
          ref: 'worker1',
          spec: { labels: { write: String(write) } },
        });
      }
      const leaderNode = raftNodeOf(machine(sandbox, 'manager1')) as RaftNode;
      const snapshotIndex = leaderNode.log.snapshot?.lastIncludedIndex ?? 0;
      // The leader snapshotted (every `interval` applied entries) and kept in memory only
      // `logEntriesForSlowFollowers` entries before the snapshot: the ones manager3 misses are gone.
      expect(snapshotIndex).toBeGreaterThan(laggingLastIndex + defaultLogEntriesForSlowFollowers);
      expect(entryAt(leaderNode, snapshotIndex - defaultLogEntriesForSlowFollowers + 1)).not.toBeNull();
      expect(entryAt(leaderNode, snapshotIndex - defaultLogEntriesForSlowFollowers)).toBeNull();
      expect(entryAt(leaderNode, laggingLastIndex + 1)).toBeNull();
      // Followers compact on their own too.
      expect(machine(sandbox, 'manager2').state.disk.swarm?.raft?.persisted.snapshot).not.toBeNull();
      const traceStart = sandbox.world.trace.nextId;
      restartMachine(sandbox, 'manager3');
      wait(sandbox, 10_000);
      const raftId = machine(sandbox, 'manager3').state.disk.swarm?.raft?.config.id;
      const installed = sandbox.world.trace.events.filter(
        (event) =>
          event.id >= traceStart && event.kind === 'snapshot' && event.node === raftId && event.installed,
      );
      expect(installed.length).toBeGreaterThan(0);
      expect(leaderMachine(sandbox.world)?.id).toBe('manager1');
      const leaderStore = managerOf(machine(sandbox, 'manager1'))?.replica.store;
      const followerStore = managerOf(machine(sandbox, 'manager3'))?.replica.store;
      expect(followerStore?.appliedIndex).toBe(leaderStore?.appliedIndex);
      expect(followerStore).toEqual(leaderStore);
      expect(sandbox.world.violations).toEqual([]);
    },
  );
});
