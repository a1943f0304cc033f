/**
 * `docker swarm init --force-new-cluster` starts a new cluster epoch (swarm.md §1.2, §5 "Recovery
 * from quorum loss"): the survivor's forced configuration may diverge from a dead old leader's
 * uncommitted entries, and the Raft safety monitor must not compare the two clusters, while it
 * still checks everything inside each of them (docs/swarm-model.md, "Cluster epochs").
 */
import { describe, expect, test } from 'vitest';
import { hostById } from '../kernel/world.js';
import { raftNodeOf } from './manager.js';
import { submitRequest } from './requests.js';
import { disconnect, killMachine, reconnect, restartMachine, wait } from './sandbox.js';
import { leaderMachine } from './status.js';
import { nodeTable, requestValue, sandboxFor } from './testing.js';
import type { MachineHost } from './transport.js';

function host(sandbox: ReturnType<typeof sandboxFor>, name: string): MachineHost {
  return hostById(sandbox.world, name) as MachineHost;
}

function lastIndexAndTerm(machine: MachineHost): { index: number; term: number } {
  const raft = machine.state.disk.swarm?.raft ?? null;
  const last = raft?.persisted.entries.at(-1);
  return { index: last?.index ?? 0, term: last?.term ?? 0 };
}

describe('a force-new-cluster starts a new cluster epoch (swarm.md §1.2)', () => {
  test.each([21, 22, 23])(
    'quorum lost with the old leader holding extra uncommitted entries, then --force-new-cluster on a survivor: no violation (seed %i)',
    (seed) => {
      const sandbox = sandboxFor(seed, '3m2w');
      expect(leaderMachine(sandbox.world)?.id).toBe('manager1');
      // manager2 dies; manager3 is cut off: the leader keeps quorum for an election timeout at
      // most, long enough to append a write nobody else sees.
      killMachine(sandbox, 'manager2');
      disconnect(sandbox, 'manager3');
      const survivorBefore = lastIndexAndTerm(host(sandbox, 'manager3'));
      submitRequest(sandbox, 'manager1', {
        method: 'node.update',
        params: { ref: 'worker1', spec: { labels: { zone: 'lost' } } },
      });
      wait(sandbox, 1000);
      const leaderLog = lastIndexAndTerm(host(sandbox, 'manager1'));
      expect(leaderLog.index).toBeGreaterThan(survivorBefore.index);
      expect(leaderLog.term).toBe(survivorBefore.term);
      killMachine(sandbox, 'manager1');
      reconnect(sandbox, 'manager3');
      // Still in the old leader's term: the forced configuration entries take the indexes the
      // dead leader used for its uncommitted write, in the same term.
      expect(raftNodeOf(host(sandbox, 'manager3'))?.term).toBe(leaderLog.term);
      requestValue(sandbox, 'manager3', 'swarm.init', { forceNewCluster: true });
      wait(sandbox, 40_000);
      expect(nodeTable(sandbox, 'manager3').manager3).toMatchObject({
        state: 'ready',
        managerStatus: 'Leader',
      });
      expect(nodeTable(sandbox, 'manager3').worker1?.state).toBe('ready');
      expect(sandbox.world.violations).toEqual([]);
      // The old members come back: a cluster of their own, which the new one refuses.
      restartMachine(sandbox, 'manager1');
      restartMachine(sandbox, 'manager2');
      wait(sandbox, 60_000);
      expect(sandbox.world.violations).toEqual([]);
      expect(nodeTable(sandbox, 'manager3').manager3?.managerStatus).toBe('Leader');
    },
  );
});
