/**
 * The hook points services and tasks are built on (extensions.ts): a registered control method
 * is proxied to the leader like the built-in ones, its writes commit through Raft to every
 * replica, `leaderTick` runs only on the leader, `agentTick` on every node with a session.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { hostById } from '../kernel/world.js';
import { rpcErrors } from './errors.js';
import {
  registerSwarmExtension,
  setAgentTimer,
  setLeaderTimer,
  unregisterSwarmExtension,
} from './extensions.js';
import type { NetworkObject } from './objects.js';
import { killMachine, restartMachine, wait } from './sandbox.js';
import { requestError, requestValue, sandboxFor } from './testing.js';
import type { MachineHost } from './transport.js';

const leaderTicks: string[] = [];
const agentTicks = new Set<string>();

function registerTestExtension(): void {
  registerSwarmExtension({
    name: 'test-networks',
    controlMethods: {
      'network.create': {
        write: true,
        run(context, params) {
          const name = String((params as { name?: unknown }).name ?? '');
          const exists = Object.values(context.store.networks).some((network) => network.name === name);
          if (exists)
            return { ok: false, error: { message: `network with name ${name} already exists`, status: 409 } };
          const network: NetworkObject = {
            meta: { id: `net-${name}`, version: 0, createdAtMs: context.nowMs, updatedAtMs: context.nowMs },
            name,
            driver: 'overlay',
            ingress: false,
            labels: {},
            subnet: '10.0.1.0/24',
          };
          return {
            ok: true,
            value: { id: network.meta.id },
            actions: [{ kind: 'create', target: { type: 'network', object: network } }],
          };
        },
      },
      'network.names': {
        write: false,
        run: (context) => ({
          ok: true,
          value: Object.values(context.store.networks)
            .map((network) => network.name)
            .sort(),
        }),
      },
    },
    leaderTick: (context) => {
      leaderTicks.push(context.host.id);
    },
    agentTick: (context) => {
      agentTicks.add(context.host.id);
    },
  });
}

afterEach(() => {
  unregisterSwarmExtension('test-networks');
  leaderTicks.length = 0;
  agentTicks.clear();
});

describe('extension control methods (docs/swarm-model.md "Hook points")', () => {
  test('a write from a follower is proxied, committed, and applied on every manager', () => {
    registerTestExtension();
    const sandbox = sandboxFor(90, '3m2w');
    expect(requestValue(sandbox, 'manager3', 'network.create', { name: 'web' })).toEqual({ id: 'net-web' });
    expect(requestError(sandbox, 'manager2', 'network.create', { name: 'web' })).toBe(
      'network with name web already exists',
    );
    wait(sandbox, 2000);
    for (const manager of ['manager1', 'manager2', 'manager3']) {
      const host = hostById(sandbox.world, manager) as MachineHost;
      const names = Object.values(host.state.engine?.manager?.replica.store.networks ?? {}).map(
        (network) => network.name,
      );
      expect(names.sort()).toEqual(['ingress', 'web']);
    }
    expect(requestValue(sandbox, 'manager2', 'network.names')).toEqual(['ingress', 'web']);
    expect(requestError(sandbox, 'worker1', 'network.names')).toContain('Worker nodes can');
  });

  test('without quorum an extension write fails like a built-in one', () => {
    registerTestExtension();
    const sandbox = sandboxFor(91, '3m2w');
    killMachine(sandbox, 'manager1');
    killMachine(sandbox, 'manager2');
    expect(requestError(sandbox, 'manager3', 'network.create', { name: 'db' })).toBe(
      rpcErrors.deadlineExceeded.message,
    );
  });

  test('leaderTick runs on the leader only; agentTick on every node with a session', () => {
    const sandbox = sandboxFor(92, '3m2w');
    registerTestExtension();
    wait(sandbox, 5000);
    expect(new Set(leaderTicks)).toEqual(new Set(['manager1']));
    expect(leaderTicks.length).toBeGreaterThanOrEqual(4);
    expect([...agentTicks].sort()).toEqual(['manager1', 'manager2', 'manager3', 'worker1', 'worker2']);
  });

  test('an unknown method is refused by the engine', () => {
    const sandbox = sandboxFor(93, '3m2w');
    expect(requestError(sandbox, 'manager1', 'network.create', { name: 'x' })).toBe(
      'unknown request network.create',
    );
  });
});

describe('extension timers (setLeaderTimer, setAgentTimer)', () => {
  test('they fire at the exact millisecond; a leader timer dies with its leadership', () => {
    const sandbox = sandboxFor(95, '3m2w');
    const fired: string[] = [];
    let armed = false;
    registerSwarmExtension({
      name: 'test-timers',
      leaderTick: (context) => {
        if (armed) return;
        armed = true;
        const setAtMs = context.nowMs;
        setLeaderTimer(context.world, context.host, 'test-timers', 1234, { setAtMs, late: false });
        setLeaderTimer(context.world, context.host, 'test-timers', 20_000, { setAtMs, late: true });
        for (const host of context.world.hosts) {
          if (host.state.engine?.agent != null)
            setAgentTimer(context.world, host, 'test-timers', 77, setAtMs);
        }
      },
      onLeaderTimer: (context, data) => {
        const { setAtMs, late } = data as { setAtMs: number; late: boolean };
        fired.push(`leader ${context.host.id} +${context.nowMs - setAtMs}${late ? ' late' : ''}`);
      },
      onAgentTimer: (context, data) => {
        fired.push(`agent ${context.host.id} +${context.world.nowMs - (data as number)}`);
      },
    });
    try {
      wait(sandbox, 2000);
      expect(fired.sort()).toEqual([
        'agent manager1 +77',
        'agent manager2 +77',
        'agent manager3 +77',
        'agent worker1 +77',
        'agent worker2 +77',
        'leader manager1 +1234',
      ]);
      // The leader dies: its 20 s timer does not fire anywhere, even once it is back.
      killMachine(sandbox, 'manager1');
      wait(sandbox, 2000);
      restartMachine(sandbox, 'manager1');
      wait(sandbox, 30_000);
      expect(fired.filter((entry) => entry.endsWith('late'))).toEqual([]);
    } finally {
      unregisterSwarmExtension('test-timers');
    }
  });
});

describe('addresses and paused machines', () => {
  test('--advertise-addr and --listen-addr are checked as moby does', () => {
    const sandbox = sandboxFor(94, 'tutorial');
    expect(requestError(sandbox, 'manager1', 'swarm.init', { advertiseAddr: 'wlan9' })).toBe(
      'advertise address must be a non-zero IP address or network interface (with optional port number)',
    );
    expect(requestError(sandbox, 'manager1', 'swarm.init', { listenAddr: 'nowhere:x' })).toBe(
      'listen address must be an IP address or network interface (with optional port number)',
    );
    const init = requestValue<{ managerAddr: string }>(sandbox, 'manager1', 'swarm.init', {
      advertiseAddr: 'eth0:2400',
      listenAddr: '0.0.0.0:2400',
    });
    expect(init.managerAddr).toBe('192.168.99.100:2400');
    expect(requestValue<unknown[]>(sandbox, 'manager1', 'task.list', { nodeIds: ['x'] })).toEqual([]);
  });
});
