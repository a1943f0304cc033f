/**
 * The sandbox around the swarm: presets, machine and network operations (never a throw for a
 * bad name), determinism, time travel and saving, autolock, snapshots, status and the view.
 */
import { describe, expect, test } from 'vitest';
import { traceToJsonLines } from '../kernel/trace.js';
import { hostById } from '../kernel/world.js';
import type { InfoResult } from './engine.js';
import { daemonErrors } from './errors.js';
import {
  addMachine,
  createSandbox,
  disconnect,
  heal,
  killMachine,
  listMachines,
  netDelay,
  netDrop,
  partition,
  pauseMachine,
  reconnect,
  recordCommand,
  restartMachine,
  unpauseMachine,
  useMachine,
  wait,
} from './sandbox.js';
import type { Sandbox } from './sandbox-types.js';
import { leaderMachine, sandboxStatus, sandboxStatusJson } from './status.js';
import { nodeTable, request, requestError, requestValue, sandboxFor } from './testing.js';
import type { MachineHost } from './transport.js';
import type { InitResult } from './types.js';
import { sandboxView } from './view.js';

describe('presets', () => {
  test('empty has five fresh machines node1…node5 from 192.168.99.100, none in a swarm', () => {
    const sandbox = sandboxFor(1);
    expect(listMachines(sandbox).map((machine) => [machine.name, machine.ip])).toEqual([
      ['node1', '192.168.99.100'],
      ['node2', '192.168.99.101'],
      ['node3', '192.168.99.102'],
      ['node4', '192.168.99.103'],
      ['node5', '192.168.99.104'],
    ]);
    expect(sandbox.currentMachine).toBe('node1');
    expect(requestValue<InfoResult>(sandbox, 'node3', 'info').swarm.localNodeState).toBe('inactive');
  });

  test.each([
    ['3m2w', 3, 2],
    ['5m5w', 5, 5],
  ])('%s is a formed swarm: every node Ready, manager1 leads', (preset, managers, workers) => {
    const sandbox = sandboxFor(2, preset);
    const table = nodeTable(sandbox, 'manager1');
    expect(Object.keys(table)).toHaveLength(managers + workers);
    expect(Object.values(table).every((row) => row.state === 'ready')).toBe(true);
    expect(Object.values(table).filter((row) => row.managerStatus !== '')).toHaveLength(managers);
    expect(table.manager1?.managerStatus).toBe('Leader');
    expect(sandboxStatus(sandbox).quorum).toEqual({ up: managers, total: managers, ok: true });
  });

  test('an unknown preset or a bad seed is an error', () => {
    expect(createSandbox({ seed: 1, preset: 'huge' })).toEqual({
      ok: false,
      error: 'unknown preset huge; known presets: empty, tutorial, 3m2w, 5m5w',
    });
    expect(createSandbox({ seed: 1.5 }).ok).toBe(false);
  });
});

describe('machine and network operations never throw on a bad name', () => {
  test('every operation names the missing machine', () => {
    const sandbox = sandboxFor(3);
    const missing = { ok: false, error: 'no such machine: ghost' };
    expect(useMachine(sandbox, 'ghost')).toEqual(missing);
    expect(killMachine(sandbox, 'ghost')).toEqual(missing);
    expect(restartMachine(sandbox, 'ghost')).toEqual(missing);
    expect(pauseMachine(sandbox, 'ghost')).toEqual(missing);
    expect(unpauseMachine(sandbox, 'ghost')).toEqual(missing);
    expect(disconnect(sandbox, 'ghost')).toEqual(missing);
    expect(reconnect(sandbox, 'ghost')).toEqual(missing);
    expect(partition(sandbox, [['node1'], ['ghost']])).toEqual(missing);
    expect(request(sandbox, 'ghost', 'info')).toMatchObject({ ok: false, error: 'no such machine: ghost' });
    expect(addMachine(sandbox, 'Bad Name').ok).toBe(false);
    expect(addMachine(sandbox, 'node1')).toEqual({ ok: false, error: 'machine node1 already exists' });
    expect(addMachine(sandbox, 'node6', { ip: '192.168.99.100' })).toEqual({
      ok: false,
      error: 'IP address 192.168.99.100 is already in use',
    });
    expect(killMachine(sandbox, 'node1')).toEqual({ ok: true, value: null });
    expect(killMachine(sandbox, 'node1')).toEqual({ ok: false, error: 'node1 is already down' });
    expect(wait(sandbox, -1).ok).toBe(false);
    expect(netDrop(sandbox, { numerator: 3, denominator: 2 }).ok).toBe(false);
    expect(netDelay(sandbox, 10, 5).ok).toBe(false);
  });

  test('addMachine picks the next free address; useMachine switches the shell', () => {
    const sandbox = sandboxFor(4, 'tutorial');
    const added = addMachine(sandbox, 'worker3', { cpus: 4, engineLabels: { disk: 'ssd' } });
    expect(added).toMatchObject({
      ok: true,
      value: { ip: '192.168.99.103', cpus: 4, engineLabels: { disk: 'ssd' } },
    });
    expect(useMachine(sandbox, 'worker3')).toEqual({ ok: true, value: null });
    expect(sandboxView(sandbox).status.shellMachine).toBe('worker3');
  });

  test('a disconnected worker goes Down and comes back Ready when reconnected', () => {
    const sandbox = sandboxFor(5, '3m2w');
    disconnect(sandbox, 'worker2');
    wait(sandbox, 20_000);
    expect(nodeTable(sandbox, 'manager1').worker2?.state).toBe('down');
    expect(sandboxView(sandbox).machines.find((machine) => machine.name === 'worker2')?.disconnected).toBe(
      true,
    );
    reconnect(sandbox, 'worker2');
    wait(sandbox, 10_000);
    expect(nodeTable(sandbox, 'manager1').worker2?.state).toBe('ready');
  });

  test('a minority partition loses its leader; the majority elects one; heal reunites them', () => {
    const sandbox = sandboxFor(6, '3m2w');
    partition(sandbox, [['manager1'], ['manager2', 'manager3', 'worker1', 'worker2']]);
    wait(sandbox, 30_000);
    const leader = leaderMachine(sandbox.world)?.id;
    expect(['manager2', 'manager3']).toContain(leader);
    expect(
      sandboxStatus(sandbox).machines.find((machine) => machine.name === 'manager1')?.partitionSide,
    ).toBe('A');
    heal(sandbox);
    wait(sandbox, 10_000);
    expect(nodeTable(sandbox, leader as string).manager1?.managerStatus).toBe('Reachable');
    expect(sandbox.world.violations).toEqual([]);
  });

  test('a paused manager is Unreachable, then Reachable once unpaused', () => {
    const sandbox = sandboxFor(7, '3m2w');
    pauseMachine(sandbox, 'manager3');
    wait(sandbox, 5000);
    expect(nodeTable(sandbox, 'manager1').manager3?.managerStatus).toBe('Unreachable');
    unpauseMachine(sandbox, 'manager3');
    wait(sandbox, 3000);
    expect(nodeTable(sandbox, 'manager1').manager3?.managerStatus).toBe('Reachable');
  });

  test('with 20% of messages dropped the swarm still answers and stays safe', () => {
    const sandbox = sandboxFor(8, '3m2w');
    netDrop(sandbox, { numerator: 1, denominator: 5 });
    netDelay(sandbox, 5, 40);
    wait(sandbox, 60_000);
    const response = request(sandbox, 'manager2', 'node.list');
    expect(
      response.ok || response.error === 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    ).toBe(true);
    expect(sandbox.world.violations).toEqual([]);
  });
});

/** A fixed session: form, kill the leader, wait, promote, drain, restart. */
function busySession(seed: number): Sandbox {
  const sandbox = sandboxFor(seed, '3m2w');
  recordCommand(sandbox, 'kill manager1');
  killMachine(sandbox, 'manager1');
  wait(sandbox, 25_000);
  const leader = leaderMachine(sandbox.world)?.id as string;
  recordCommand(sandbox, 'docker node promote worker1');
  request(sandbox, leader, 'node.update', { ref: 'worker1', spec: { role: 'manager' } });
  request(sandbox, leader, 'node.update', { ref: 'worker2', spec: { availability: 'drain' } });
  wait(sandbox, 10_000);
  restartMachine(sandbox, 'manager1');
  wait(sandbox, 20_000);
  return sandbox;
}

function storeOf(sandbox: Sandbox, machine: string): string {
  return JSON.stringify(
    (hostById(sandbox.world, machine) as MachineHost).state.engine?.manager?.replica.store,
  );
}

describe('determinism and time travel', () => {
  test('same seed + same operations → the same store and the same trace, byte for byte', () => {
    const first = busySession(99);
    const second = busySession(99);
    expect(storeOf(second, 'manager2')).toBe(storeOf(first, 'manager2'));
    expect(traceToJsonLines(second.world.trace)).toBe(traceToJsonLines(first.world.trace));
    expect(second.world.nowMs).toBe(first.world.nowMs);
    const other = busySession(100);
    expect(traceToJsonLines(other.world.trace)).not.toBe(traceToJsonLines(first.world.trace));
  });

  test('a snapshot (structuredClone) or a JSON save replays exactly the same future', () => {
    const sandbox = sandboxFor(50, '3m2w');
    const cloned = structuredClone(sandbox);
    const saved = JSON.parse(JSON.stringify(sandbox)) as Sandbox;
    for (const copy of [sandbox, cloned, saved]) {
      killMachine(copy, 'manager2');
      wait(copy, 30_000);
      request(copy, 'manager1', 'node.update', { ref: 'worker1', spec: { labels: { a: 'b' } } });
    }
    expect(traceToJsonLines(cloned.world.trace)).toBe(traceToJsonLines(sandbox.world.trace));
    expect(traceToJsonLines(saved.world.trace)).toBe(traceToJsonLines(sandbox.world.trace));
  });

  test('a recorded command is the cause of the fault it leads to', () => {
    const sandbox = sandboxFor(51, 'tutorial');
    const commandId = recordCommand(sandbox, 'kill worker1');
    killMachine(sandbox, 'worker1');
    const fault = sandbox.world.trace.events.find(
      (event) => event.kind === 'fault' && event.node === 'worker1',
    );
    expect(fault?.cause).toBe(commandId);
  });
});

describe('autolock (swarm.md §1.7)', () => {
  test('an autolocked manager restarts locked, refuses commands, and unlocks with its key', () => {
    const sandbox = sandboxFor(60, 'tutorial');
    const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', { autolock: true });
    expect(init.unlockKey).toMatch(/^SWMKEY-1-/);
    expect(requestValue(sandbox, 'manager1', 'swarm.unlockKey')).toEqual({ unlockKey: init.unlockKey });
    killMachine(sandbox, 'manager1');
    restartMachine(sandbox, 'manager1');
    expect(requestValue<InfoResult>(sandbox, 'manager1', 'info').swarm.localNodeState).toBe('locked');
    expect(requestError(sandbox, 'manager1', 'node.list')).toBe(daemonErrors.swarmLocked.message);
    expect(requestError(sandbox, 'manager1', 'swarm.leave')).toBe(daemonErrors.leaveLocked.message);
    expect(requestError(sandbox, 'manager1', 'swarm.unlock', { key: 'SWMKEY-1-AAAA' })).toBe(
      'swarm could not be unlocked: invalid key provided',
    );
    expect(requestValue(sandbox, 'manager1', 'swarm.unlock', { key: init.unlockKey })).toEqual({});
    expect(nodeTable(sandbox, 'manager1').manager1).toMatchObject({
      state: 'ready',
      managerStatus: 'Leader',
    });
    expect(requestError(sandbox, 'manager1', 'swarm.unlock', { key: init.unlockKey })).toBe(
      'swarm is not locked',
    );
  });
});

describe('snapshots and restarts (swarm.md §5)', () => {
  test('with a small snapshot interval the log is compacted, and a restarted manager recovers the store', () => {
    const sandbox = sandboxFor(70, '3m2w');
    requestValue(sandbox, 'manager1', 'swarm.update', { spec: { snapshotInterval: 10 } });
    for (let round = 0; round < 15; round++) {
      requestValue(sandbox, 'manager1', 'node.update', {
        ref: 'worker1',
        spec: { labels: { round: String(round) } },
      });
    }
    wait(sandbox, 2000);
    const manager2 = hostById(sandbox.world, 'manager2') as MachineHost;
    expect(manager2.state.disk.swarm?.raft?.persisted.snapshot).not.toBeNull();
    const before = storeOf(sandbox, 'manager2');
    killMachine(sandbox, 'manager2');
    restartMachine(sandbox, 'manager2');
    expect(storeOf(sandbox, 'manager2')).toBe(before);
    wait(sandbox, 5000);
    expect(storeOf(sandbox, 'manager2')).toBe(storeOf(sandbox, 'manager1'));
    expect(sandbox.world.violations).toEqual([]);
  });
});

describe('status and view', () => {
  test('status reports every machine with its Raft state; the JSON document parses', () => {
    const sandbox = sandboxFor(80, '3m2w');
    killMachine(sandbox, 'worker2');
    const status = sandboxStatus(sandbox);
    expect(status.leader).toBe('manager1');
    const manager1 = status.machines.find((machine) => machine.name === 'manager1');
    expect(manager1).toMatchObject({
      role: 'manager',
      raftRole: 'leader',
      power: 'up',
      nodeState: 'ready',
      managerStatus: 'leader',
    });
    expect(manager1?.commitIndex).toBe(manager1?.lastLogIndex);
    expect(status.machines.find((machine) => machine.name === 'worker2')).toMatchObject({
      power: 'crashed',
      swarmState: null,
    });
    expect(JSON.parse(sandboxStatusJson(sandbox))).toEqual(JSON.parse(JSON.stringify(status)));
  });

  test('the view names machines, Raft members and events the way the app shows them', () => {
    const sandbox = sandboxFor(81, '3m2w');
    killMachine(sandbox, 'manager1');
    wait(sandbox, 30_000);
    const view = sandboxView(sandbox, { speed: 10 });
    expect(view.status).toMatchObject({ mode: 'swarm', speed: 10, quorum: { up: 2, total: 3, ok: true } });
    expect(view.machines.map((machine) => machine.name)).toEqual([
      'manager1',
      'manager2',
      'manager3',
      'worker1',
      'worker2',
    ]);
    expect(view.machines[0]).toMatchObject({
      power: 'crashed',
      swarmRole: 'manager',
      managerStatus: 'Unreachable',
    });
    expect(view.raft.map((member) => member.name)).toEqual(['manager1', 'manager2', 'manager3']);
    const leader = view.raft.find((member) => member.role === 'leader');
    expect(leader?.name).toBe(view.status.leader);
    expect(leader?.progress.map((progress) => progress.name)).toEqual(
      ['manager1', 'manager2', 'manager3'].filter((name) => name !== leader?.name),
    );
    expect(leader?.logTail.at(-1)?.committed).toBe(true);
    expect(view.events.some((event) => event.kind === 'raft' && event.text.includes('became leader'))).toBe(
      true,
    );
    expect(view.events.some((event) => event.kind === 'fault' && event.machine === 'manager1')).toBe(true);
  });
});
