/**
 * Failure stories (swarm.md §4.4, §5 "Leader failover timeline", §6 "Extra failure scenarios"):
 * a dead worker goes Down, a dead leader is replaced, a lost quorum makes management fail the
 * way Docker fails, and `--force-new-cluster` brings a survivor back with its workers.
 */
import { describe, expect, test } from 'vitest';
import { hostById } from '../kernel/world.js';
import { daemonErrors, rpcErrors } from './errors.js';
import { executeRequest, runUntilResponse, submitRequest } from './requests.js';
import { heal, killMachine, partition, restartMachine, wait } from './sandbox.js';
import { leaderMachine, sandboxStatus } from './status.js';
import { nodeTable, request, requestError, requestValue, sandboxFor } from './testing.js';
import type { MachineHost } from './transport.js';
import type { InitResult } from './types.js';

/** Runs one second at a time until `done`, at most `limitMs`; returns the virtual time it took. */
function timeUntil(
  sandbox: ReturnType<typeof sandboxFor>,
  done: () => boolean,
  limitMs: number,
): number | null {
  const startMs = sandbox.world.nowMs;
  for (let elapsedMs = 0; elapsedMs <= limitMs; elapsedMs += 250) {
    if (done()) return sandbox.world.nowMs - startMs;
    wait(sandbox, 250);
  }
  return null;
}

describe('a worker dies (swarm.md §4.4, §6)', () => {
  test.each([1, 2, 3, 4, 5])(
    'kill a worker → Down with "heartbeat failure" after about 15 s (seed %i)',
    (seed) => {
      const sandbox = sandboxFor(seed, '3m2w');
      killMachine(sandbox, 'worker1');
      const tookMs = timeUntil(
        sandbox,
        () => nodeTable(sandbox, 'manager1').worker1?.state === 'down',
        30_000,
      );
      expect(tookMs).not.toBeNull();
      // Down 3 periods (13.5-16.5 s) after the last heartbeat, which was up to one period before.
      expect(tookMs).toBeGreaterThanOrEqual(8000);
      expect(tookMs).toBeLessThanOrEqual(17_000);
      const worker1 = requestValue<{ status: { message: string } }>(sandbox, 'manager1', 'node.inspect', {
        ref: 'worker1',
      });
      expect(worker1.status.message).toBe('heartbeat failure');
      expect(nodeTable(sandbox, 'manager1').worker2?.state).toBe('ready');
    },
  );

  test('a restarted worker registers again with the same node ID and is Ready', () => {
    const sandbox = sandboxFor(6, '3m2w');
    const id = nodeTable(sandbox, 'manager1').worker2?.id;
    killMachine(sandbox, 'worker2');
    wait(sandbox, 20_000);
    restartMachine(sandbox, 'worker2');
    wait(sandbox, 2000);
    expect(nodeTable(sandbox, 'manager1').worker2).toMatchObject({ id, state: 'ready' });
  });
});

describe('the leader dies (swarm.md §5 leader failover timeline)', () => {
  test.each([1, 2, 3, 4, 5, 6])(
    'kill the leader of 3 → a new leader in 10-20 s, old leader Down/Unreachable (seed %i)',
    (seed) => {
      const sandbox = sandboxFor(seed, '3m2w');
      expect(leaderMachine(sandbox.world)?.id).toBe('manager1');
      killMachine(sandbox, 'manager1');
      const tookMs = timeUntil(
        sandbox,
        () => leaderMachine(sandbox.world) !== null && leaderMachine(sandbox.world)?.id !== 'manager1',
        30_000,
      );
      expect(tookMs).not.toBeNull();
      expect(tookMs).toBeGreaterThanOrEqual(9000);
      expect(tookMs).toBeLessThanOrEqual(20_500);
      const newLeader = leaderMachine(sandbox.world)?.id as string;
      expect(nodeTable(sandbox, newLeader).manager1).toMatchObject({
        state: 'unknown',
        managerStatus: 'Unreachable',
      });
      wait(sandbox, 40_000);
      const table = nodeTable(sandbox, newLeader);
      expect(table.manager1).toMatchObject({ state: 'down', managerStatus: 'Unreachable' });
      expect(table[newLeader]?.managerStatus).toBe('Leader');
      expect(table.worker1?.state).toBe('ready');
      expect(sandbox.world.violations).toEqual([]);
    },
  );

  test('the old leader restarted rejoins as a follower with its raft ID and becomes Reachable', () => {
    const sandbox = sandboxFor(7, '3m2w');
    const raftId = nodeTable(sandbox, 'manager1').manager1;
    killMachine(sandbox, 'manager1');
    wait(sandbox, 30_000);
    restartMachine(sandbox, 'manager1');
    wait(sandbox, 10_000);
    const leader = leaderMachine(sandbox.world)?.id as string;
    expect(leader).not.toBe('manager1');
    expect(nodeTable(sandbox, leader).manager1).toMatchObject({
      id: raftId?.id,
      state: 'ready',
      managerStatus: 'Reachable',
    });
    expect(sandbox.world.violations).toEqual([]);
  });
});

describe('quorum lost (swarm.md §2, §6 "2 of 3 managers die")', () => {
  test('kill 2 of 3 → DeadlineExceeded after 20 s, then at once the no-leader message; workers unchanged', () => {
    const sandbox = sandboxFor(8, '3m2w');
    const workersBefore = ['worker1', 'worker2'].map((name) => {
      const host = hostById(sandbox.world, name) as MachineHost;
      return JSON.stringify([host.state.engine?.localState, host.state.disk]);
    });
    killMachine(sandbox, 'manager1');
    killMachine(sandbox, 'manager2');
    const startMs = sandbox.world.nowMs;
    expect(requestError(sandbox, 'manager3', 'node.list')).toBe(rpcErrors.deadlineExceeded.message);
    expect(sandbox.world.nowMs - startMs).toBe(20_000);
    wait(sandbox, 12_000);
    const fastMs = sandbox.world.nowMs;
    expect(requestError(sandbox, 'manager3', 'node.list')).toBe(rpcErrors.noLeader.message);
    expect(sandbox.world.nowMs - fastMs).toBeLessThan(10);
    expect(
      requestError(sandbox, 'manager3', 'node.update', { ref: 'worker1', spec: { availability: 'drain' } }),
    ).toBe(rpcErrors.noLeader.message);
    const workersAfter = ['worker1', 'worker2'].map((name) => {
      const host = hostById(sandbox.world, name) as MachineHost;
      return JSON.stringify([host.state.engine?.localState, host.state.disk]);
    });
    expect(workersAfter).toEqual(workersBefore);
    expect(sandboxStatus(sandbox).quorum).toEqual({ up: 1, total: 3, ok: false });
  });

  test('a leader cut off from its followers answers reads but a write fails (lost leadership at step-down)', () => {
    const sandbox = sandboxFor(9, '3m2w');
    partition(sandbox, [
      ['manager1', 'worker1'],
      ['manager2', 'manager3', 'worker2'],
    ]);
    wait(sandbox, 100);
    expect(request(sandbox, 'manager1', 'node.list').ok).toBe(true);
    const write = request(sandbox, 'manager1', 'node.update', {
      ref: 'worker1',
      spec: { labels: { zone: 'a' } },
    });
    expect(write.ok).toBe(false);
    if (!write.ok)
      expect([rpcErrors.lostLeadership.message, rpcErrors.deadlineExceeded.message]).toContain(write.error);
    heal(sandbox);
    wait(sandbox, 30_000);
    const leader = leaderMachine(sandbox.world)?.id as string;
    expect(nodeTable(sandbox, leader).manager1?.managerStatus).toBe('Reachable');
    expect(sandbox.world.violations).toEqual([]);
  });

  test('a write pending when leadership is lost is answered "node lost leader status"', () => {
    const sandbox = sandboxFor(10, '3m2w');
    killMachine(sandbox, 'manager2');
    killMachine(sandbox, 'manager3');
    const submitted = submitRequest(sandbox, 'manager1', {
      method: 'node.update',
      params: { ref: 'worker1', spec: { availability: 'pause' } },
    });
    expect(submitted.ok).toBe(true);
    if (!submitted.ok) return;
    const response = runUntilResponse(sandbox, submitted.requestId, 30_000);
    expect(response).toMatchObject({ ok: false, error: rpcErrors.lostLeadership.message });
  });
});

describe('docker swarm init --force-new-cluster (swarm.md §1.2)', () => {
  test('the survivor of 2 dead managers recovers, keeping workers; the dead managers lose MANAGER STATUS', () => {
    const sandbox = sandboxFor(12, '3m2w');
    const before = nodeTable(sandbox, 'manager1');
    killMachine(sandbox, 'manager1');
    killMachine(sandbox, 'manager2');
    wait(sandbox, 15_000);
    const init = requestValue<InitResult>(sandbox, 'manager3', 'swarm.init', { forceNewCluster: true });
    expect(init.nodeId).toBe(before.manager3?.id);
    wait(sandbox, 40_000);
    const table = nodeTable(sandbox, 'manager3');
    expect(table.manager3).toMatchObject({ state: 'ready', managerStatus: 'Leader' });
    expect(table.worker1).toMatchObject({ id: before.worker1?.id, state: 'ready' });
    expect(table.worker2).toMatchObject({ id: before.worker2?.id, state: 'ready' });
    expect(table.manager1).toMatchObject({ state: 'down', managerStatus: '' });
    expect(sandboxStatus(sandbox).quorum).toEqual({ up: 1, total: 1, ok: true });
    const worker = requestValue<InitResult>(sandbox, 'manager3', 'swarm.inspect') as unknown as {
      joinTokens: { worker: string };
    };
    expect(worker.joinTokens.worker).toBe(init.workerToken);
  });

  test('--force-new-cluster on a worker is refused', () => {
    const sandbox = sandboxFor(13, '3m2w');
    expect(requestError(sandbox, 'worker1', 'swarm.init', { forceNewCluster: true })).toBe(
      daemonErrors.workerNotManager.message,
    );
  });
});

describe('requests on a killed machine', () => {
  test('the CLI cannot reach a dead daemon', () => {
    const sandbox = sandboxFor(14, 'tutorial');
    killMachine(sandbox, 'worker1');
    expect(executeRequest(sandbox, 'worker1', { method: 'info' })).toMatchObject({
      ok: false,
      fromDaemon: false,
      error: daemonErrors.daemonDown.message,
    });
  });
});
