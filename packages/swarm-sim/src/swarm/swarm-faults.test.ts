/**
 * Random fault schedules on a formed swarm (STYLE practice 8): safety always (the Raft checker
 * sees every manager), liveness after healing: once every machine is back and the network whole,
 * there is a leader, every node is Ready and every manager Reachable.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  heal,
  killMachine,
  netDrop,
  partition,
  pauseMachine,
  restartMachine,
  unpauseMachine,
  wait,
} from './sandbox.js';
import type { Sandbox } from './sandbox-types.js';
import { leaderMachine } from './status.js';
import { nodeTable, sandboxFor } from './testing.js';

const machines = ['manager1', 'manager2', 'manager3', 'worker1', 'worker2'] as const;

type Fault =
  | { readonly kind: 'kill' | 'restart' | 'pause' | 'unpause'; readonly machine: (typeof machines)[number] }
  | { readonly kind: 'partition'; readonly side: readonly (typeof machines)[number][] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'drop'; readonly percent: number }
  | { readonly kind: 'wait'; readonly durationMs: number };

const machineArbitrary = fc.constantFrom(...machines);
const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom('kill', 'restart', 'pause', 'unpause'), machine: machineArbitrary }),
  fc.record({
    kind: fc.constant('partition'),
    side: fc.subarray([...machines], { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('heal') }),
  fc.record({ kind: fc.constant('drop'), percent: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('wait'), durationMs: fc.integer({ min: 100, max: 30_000 }) }),
) as fc.Arbitrary<Fault>;

function apply(sandbox: Sandbox, fault: Fault): void {
  switch (fault.kind) {
    case 'kill':
      killMachine(sandbox, fault.machine);
      return;
    case 'restart':
      restartMachine(sandbox, fault.machine);
      return;
    case 'pause':
      pauseMachine(sandbox, fault.machine);
      return;
    case 'unpause':
      unpauseMachine(sandbox, fault.machine);
      return;
    case 'partition':
      partition(sandbox, [fault.side]);
      return;
    case 'heal':
      heal(sandbox);
      return;
    case 'drop':
      netDrop(sandbox, { numerator: fault.percent, denominator: 100 });
      return;
    case 'wait':
      wait(sandbox, fault.durationMs);
      return;
  }
}

/** Everything back: machines up and thawed, the network whole. */
function recover(sandbox: Sandbox): void {
  heal(sandbox);
  netDrop(sandbox, { numerator: 0, denominator: 1 });
  for (const machine of machines) {
    restartMachine(sandbox, machine);
    unpauseMachine(sandbox, machine);
  }
}

describe('random fault schedules (safety always, liveness after heal)', () => {
  test('no Raft violation ever; after recovery a leader, every node Ready, every manager Reachable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(faultArbitrary, { maxLength: 8 }),
        (seed, faults) => {
          const sandbox = sandboxFor(seed, '3m2w');
          for (const fault of faults) apply(sandbox, fault);
          expect(sandbox.world.violations).toEqual([]);
          recover(sandbox);
          wait(sandbox, 90_000);
          const leader = leaderMachine(sandbox.world);
          expect(leader).not.toBeNull();
          const table = nodeTable(sandbox, leader?.id as string);
          for (const machine of machines) expect(table[machine]?.state).toBe('ready');
          for (const manager of ['manager1', 'manager2', 'manager3']) {
            expect(['Leader', 'Reachable']).toContain(table[manager]?.managerStatus);
          }
          expect(sandbox.world.violations).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
