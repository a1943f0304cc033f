/**
 * Node management stories (swarm.md §1.11, §4.9, §5): promote and demote through the role
 * manager and Raft membership, node update, node rm with every refusal, node references.
 */
import { describe, expect, test } from 'vitest';
import {
  nodeAmbiguous,
  nodeNotFound,
  removeManagerRefused,
  removeNotDownRefused,
  rpcErrors,
} from './errors.js';
import type { NodeObject } from './objects.js';
import { killMachine, wait } from './sandbox.js';
import { leaderMachine, sandboxStatus } from './status.js';
import { nodeTable, requestError, requestValue, sandboxFor } from './testing.js';

function update(
  sandbox: ReturnType<typeof sandboxFor>,
  machine: string,
  ref: string,
  spec: Record<string, unknown>,
) {
  return requestValue<NodeObject>(sandbox, machine, 'node.update', { ref, spec });
}

describe('promote and demote (swarm.md §4.9)', () => {
  test('promote: role manager at once, then the node joins Raft and is Reachable with a new raft ID', () => {
    const sandbox = sandboxFor(21, '3m2w');
    update(sandbox, 'manager1', 'worker1', { role: 'manager' });
    const right = requestValue<NodeObject>(sandbox, 'manager1', 'node.inspect', { ref: 'worker1' });
    expect(right.spec.desiredRole).toBe('manager');
    wait(sandbox, 8000);
    const table = nodeTable(sandbox, 'manager1');
    expect(table.worker1).toMatchObject({ role: 'manager', state: 'ready', managerStatus: 'Reachable' });
    expect(sandboxStatus(sandbox).quorum).toEqual({ up: 4, total: 4, ok: true });
    expect(requestValue<NodeObject[]>(sandbox, 'worker1', 'node.list')).toHaveLength(5);
  });

  test('demote a follower: its Raft member is removed, then its role is worker', () => {
    const sandbox = sandboxFor(22, '3m2w');
    update(sandbox, 'manager1', 'manager3', { role: 'worker' });
    wait(sandbox, 8000);
    const table = nodeTable(sandbox, 'manager1');
    expect(table.manager3).toMatchObject({ role: 'worker', state: 'ready', managerStatus: '' });
    expect(sandboxStatus(sandbox).quorum).toEqual({ up: 2, total: 2, ok: true });
    expect(requestError(sandbox, 'manager3', 'node.list')).toBe(
      "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
    );
  });

  test('demoting the leader transfers leadership first; the new leader removes it', () => {
    const sandbox = sandboxFor(23, '3m2w');
    update(sandbox, 'manager1', 'manager1', { role: 'worker' });
    wait(sandbox, 10_000);
    const leader = leaderMachine(sandbox.world)?.id as string;
    expect(['manager2', 'manager3']).toContain(leader);
    expect(nodeTable(sandbox, leader).manager1).toMatchObject({ role: 'worker', managerStatus: '' });
    expect(sandbox.world.violations).toEqual([]);
  });

  test('a re-promoted node gets a raft ID never used before', () => {
    const sandbox = sandboxFor(24, '3m2w');
    const first = requestValue<NodeObject>(sandbox, 'manager1', 'node.inspect', { ref: 'manager2' })
      .managerStatus?.raftId;
    update(sandbox, 'manager1', 'manager2', { role: 'worker' });
    wait(sandbox, 8000);
    update(sandbox, 'manager1', 'manager2', { role: 'manager' });
    wait(sandbox, 8000);
    const second = requestValue<NodeObject>(sandbox, 'manager1', 'node.inspect', { ref: 'manager2' })
      .managerStatus?.raftId;
    expect(first).toMatch(/^[0-9a-f]+$/);
    expect(second).toMatch(/^[0-9a-f]+$/);
    expect(second).not.toBe(first);
  });

  test('demote while another manager is down → the quorum error', () => {
    const sandbox = sandboxFor(25, '3m2w');
    killMachine(sandbox, 'manager3');
    wait(sandbox, 5000);
    expect(
      requestError(sandbox, 'manager1', 'node.update', { ref: 'manager2', spec: { role: 'worker' } }),
    ).toBe(rpcErrors.demoteLosesQuorum.message);
    expect(nodeTable(sandbox, 'manager1').manager2?.role).toBe('manager');
  });

  test('the last manager cannot be demoted', () => {
    const sandbox = sandboxFor(26, 'tutorial');
    requestValue(sandbox, 'manager1', 'swarm.init');
    expect(requestError(sandbox, 'manager1', 'node.update', { ref: 'self', spec: { role: 'worker' } })).toBe(
      rpcErrors.demoteLastManager.message,
    );
  });
});

describe('docker node update (swarm.md §1.11)', () => {
  test('availability and labels are written; bad values give moby texts', () => {
    const sandbox = sandboxFor(27, '3m2w');
    const drained = update(sandbox, 'manager2', 'worker1', {
      availability: 'drain',
      labels: { zone: 'east' },
    });
    expect(drained.spec).toMatchObject({ availability: 'drain', labels: { zone: 'east' } });
    expect(nodeTable(sandbox, 'manager3').worker1?.availability).toBe('drain');
    expect(
      requestError(sandbox, 'manager1', 'node.update', { ref: 'worker1', spec: { availability: 'sleep' } }),
    ).toBe('invalid Availability: "sleep"');
    expect(requestError(sandbox, 'manager1', 'node.update', { ref: 'worker1', spec: { role: 'boss' } })).toBe(
      'invalid Role: "boss"',
    );
    expect(requestError(sandbox, 'manager1', 'node.update', { ref: 'worker1', version: 1, spec: {} })).toBe(
      rpcErrors.updateOutOfSequence.message,
    );
  });
});

describe('docker node rm (swarm.md §1.11)', () => {
  test('rm of a Ready node → not-down error; --force removes it', () => {
    const sandbox = sandboxFor(28, '3m2w');
    const id = nodeTable(sandbox, 'manager1').worker2?.id as string;
    expect(requestError(sandbox, 'manager1', 'node.remove', { ref: 'worker2' })).toBe(
      removeNotDownRefused(id).message,
    );
    expect(requestValue(sandbox, 'manager1', 'node.remove', { ref: 'worker2', force: true })).toEqual({});
    expect(nodeTable(sandbox, 'manager1').worker2).toBeUndefined();
    wait(sandbox, 20_000);
    expect(nodeTable(sandbox, 'manager1').worker2).toBeUndefined();
  });

  test('a Down node is removed without --force', () => {
    const sandbox = sandboxFor(29, '3m2w');
    killMachine(sandbox, 'worker1');
    wait(sandbox, 20_000);
    expect(requestValue(sandbox, 'manager1', 'node.remove', { ref: 'worker1' })).toEqual({});
  });

  test('a manager is refused, even with --force, with its node ID', () => {
    const sandbox = sandboxFor(30, '3m2w');
    const id = nodeTable(sandbox, 'manager1').manager2?.id as string;
    expect(requestError(sandbox, 'manager1', 'node.remove', { ref: 'manager2', force: true })).toBe(
      removeManagerRefused(id).message,
    );
  });

  test('references: unknown name, ambiguous prefix, unique prefix, hostname, self', () => {
    const sandbox = sandboxFor(31, '3m2w');
    const nodes = requestValue<NodeObject[]>(sandbox, 'manager1', 'node.list');
    expect(requestError(sandbox, 'manager1', 'node.inspect', { ref: 'nope' })).toBe(
      nodeNotFound('nope').message,
    );
    const worker1 = nodes.find((node) => node.description.hostname === 'worker1') as NodeObject;
    const prefix = worker1.meta.id.slice(0, 6);
    expect(requestValue<NodeObject>(sandbox, 'manager1', 'node.inspect', { ref: prefix }).meta.id).toBe(
      worker1.meta.id,
    );
    const self = requestValue<NodeObject>(sandbox, 'manager2', 'node.inspect', { ref: 'self' });
    expect(self.description.hostname).toBe('manager2');
    const firstLetters = new Map<string, number>();
    for (const node of nodes)
      firstLetters.set(node.meta.id[0] as string, (firstLetters.get(node.meta.id[0] as string) ?? 0) + 1);
    const shared = [...firstLetters.entries()].find(([, count]) => count > 1);
    if (shared !== undefined) {
      expect(requestError(sandbox, 'manager1', 'node.inspect', { ref: shared[0] })).toBe(
        nodeAmbiguous(shared[0], shared[1]).message,
      );
    }
  });
});
