/**
 * List filters where Docker checks and applies them (swarm.md §1.9, §1.11): the daemon refuses a
 * bad key or value before any call leaves for the leader (moby `newListNodesFilters`,
 * `newListTasksFilters`), so the refusal comes at once even without a leader; the leader keeps
 * what matches (SwarmKit `ListNodes`, `ListTasks`).
 */
import { describe, expect, test } from 'vitest';
import type { TaskListEntry } from './control.js';
import { daemonErrors, rpcErrors } from './errors.js';
import type { NodeObject } from './objects.js';
import { killMachine, wait } from './sandbox.js';
import { request, requestError, requestValue, sandboxFor } from './testing.js';

const filters = (...pairs: [string, string][]) => ({
  filters: pairs.map(([key, value]) => ({ key, value })),
});

function hostnames(nodes: readonly NodeObject[]): string[] {
  return nodes.map((node) => node.description.hostname).sort();
}

describe('node.list filters (swarm.md §1.9)', () => {
  test('the leader keeps what every filter matches; values of one key are alternatives', () => {
    const sandbox = sandboxFor(41, '3m2w');
    const list = (...pairs: [string, string][]) =>
      hostnames(requestValue<NodeObject[]>(sandbox, 'manager2', 'node.list', filters(...pairs)));
    expect(list(['role', 'worker'])).toEqual(['worker1', 'worker2']);
    expect(list(['role', 'MANAGER'], ['name', 'manager1'])).toEqual(['manager1']);
    expect(list(['name', 'worker1'], ['name', 'manager3'])).toEqual(['manager3', 'worker1']);
    expect(list(['membership', 'pending'])).toEqual([]);
    requestValue(sandbox, 'manager1', 'node.update', { ref: 'worker2', spec: { labels: { zone: 'a' } } });
    expect(list(['node.label', 'zone'])).toEqual(['worker2']);
    expect(list(['node.label', 'zone=b'])).toEqual([]);
    expect(list(['node.label', 'zone='])).toEqual(['worker2']);
  });

  test.each([
    [['colour', 'red'], "invalid filter 'colour'"],
    [['role', 'boss'], "Invalid role filter: 'boss'"],
    [['membership', 'maybe'], "Invalid membership filter: 'maybe'"],
  ] as const)('%j is refused by the daemon at once, even without a leader: %s', (pair, message) => {
    const sandbox = sandboxFor(42, '3m2w');
    killMachine(sandbox, 'manager1');
    killMachine(sandbox, 'manager2');
    wait(sandbox, 40_000);
    expect(requestError(sandbox, 'manager3', 'node.list')).toBe(rpcErrors.noLeader.message);
    const startMs = sandbox.world.nowMs;
    expect(requestError(sandbox, 'manager3', 'node.list', filters([pair[0], pair[1]]))).toBe(message);
    expect(sandbox.world.nowMs - startMs).toBeLessThan(10);
    // The manager gate comes first (moby checks errNoManager before the filters).
    expect(requestError(sandbox, 'worker1', 'node.list', filters([pair[0], pair[1]]))).toBe(
      daemonErrors.workerNotManager.message,
    );
  });
});

describe('task.list filters (swarm.md §1.11 node ps)', () => {
  test('an unknown key is refused by the daemon; node references must resolve; desired states are checked', () => {
    const sandbox = sandboxFor(43, '3m2w');
    expect(requestError(sandbox, 'manager1', 'task.list', filters(['colour', 'red']))).toBe(
      "invalid filter 'colour'",
    );
    expect(requestError(sandbox, 'manager1', 'task.list', filters(['node', 'nowhere']))).toBe(
      'node nowhere not found',
    );
    expect(requestError(sandbox, 'manager1', 'task.list', filters(['service', 'web']))).toBe(
      'service web not found',
    );
    expect(
      requestError(
        sandbox,
        'manager1',
        'task.list',
        filters(['node', 'worker1'], ['desired-state', 'sleeping']),
      ),
    ).toBe("Invalid desired-state filter: 'sleeping'");
    const none = request(
      sandbox,
      'manager1',
      'task.list',
      filters(['node', 'self'], ['desired-state', 'Running']),
    );
    expect(none).toMatchObject({ ok: true, value: [] as TaskListEntry[] });
  });
});
