/**
 * Random schedules on the in-memory network, every switch off: messages are delivered out of
 * order, dropped and duplicated; nodes tick at different rates, crash, restart from their
 * persisted state and get cut off. Safety must hold at every step (the network's checkers and
 * the core's own assertions), and once the faults stop, the cluster must elect one leader and
 * commit a new entry everywhere (liveness after heal).
 *
 * Replay a failure: the failing seed is in the assertion message; rerun just it with
 *   FUZZ_FROM=N FUZZ_SEEDS=N npx vitest run --project raft packages/raft/src/safety-fuzz.test.ts
 * and set `network.traceEnabled = true` in runSchedule to print the trace. FUZZ_SEEDS=1000 runs a
 * longer sweep (about 10 s).
 */
import { describe, expect, it } from 'vitest';
import { entryAt, lastLogIndex, termAt } from './log.js';
import { createPrng, nextChance, nextInt, type Prng } from './prng.js';
import {
  crash,
  createTestNetwork,
  cut,
  deliverAt,
  heal,
  leaders,
  propose,
  restart,
  stabilize,
  type TestNetwork,
  tick,
  tickAll,
} from './testing/network.js';
import type { NodeId, RaftConfig } from './types.js';

const stepsPerRun = 2500;

function runningIds(network: TestNetwork): NodeId[] {
  return network.ids.filter((id) => network.nodes.get(id) !== null);
}

function pick<T>(prng: Prng, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[nextInt(prng, 0, items.length)];
}

/** One random fault or protocol event. */
function randomAction(network: TestNetwork, prng: Prng, proposals: { count: number }): void {
  const roll = nextInt(prng, 0, 1000);
  const running = runningIds(network);
  const queue = network.queue;
  if (roll < 450) {
    if (queue.length > 0) deliverAt(network, nextChance(prng, 3, 4) ? 0 : nextInt(prng, 0, queue.length));
  } else if (roll < 500) {
    if (queue.length > 0) queue.splice(nextInt(prng, 0, queue.length), 1);
  } else if (roll < 530) {
    const message = pick(prng, queue);
    if (message !== undefined) queue.push(message);
  } else if (roll < 880) {
    const id = pick(prng, running);
    if (id !== undefined) tick(network, id);
  } else if (roll < 950) {
    const id = pick(prng, running);
    if (id !== undefined) propose(network, id, `c${proposals.count++}`);
  } else if (roll < 965) {
    if (running.length > network.ids.length - 2) crash(network, pick(prng, running)!);
  } else if (roll < 985) {
    const down = network.ids.filter((id) => network.nodes.get(id) === null);
    const id = pick(prng, down);
    if (id !== undefined) restart(network, id);
  } else if (roll < 993) {
    cut(network, pick(prng, network.ids)!, pick(prng, network.ids)!);
  } else {
    heal(network);
  }
}

/** LogInv from etcd's TLA+ spec: the committed prefixes of any two nodes agree. */
function checkCommittedPrefixes(network: TestNetwork): void {
  const running = runningIds(network).map((id) => network.nodes.get(id)!);
  for (const left of running) {
    for (const right of running) {
      const upTo = Math.min(left.commitIndex, right.commitIndex);
      const from = Math.max(left.log.snapshotIndex, right.log.snapshotIndex) + 1;
      for (let index = from; index <= upTo; index++) {
        if (termAt(left.log, index) !== termAt(right.log, index)) {
          network.violations.push(
            `log matching: ${left.config.id} and ${right.config.id} differ at ${index}`,
          );
          return;
        }
      }
    }
  }
}

/** Whether one node leads and every node has committed the leader's whole log. */
function converged(network: TestNetwork): boolean {
  const current = leaders(network);
  if (current.length !== 1) return false;
  const leaderLastIndex = lastLogIndex(network.nodes.get(current[0]!)!.log);
  return network.ids.every((id) => network.nodes.get(id)!.commitIndex === leaderLastIndex);
}

function converge(network: TestNetwork, seed: number): void {
  for (let round = 0; round < 300 && !converged(network); round++) {
    tickAll(network);
    stabilize(network);
  }
  expect(converged(network), `seed ${seed}: no convergence after heal`).toBe(true);
}

/**
 * Heals everything and restarts every node; the cluster must converge (one leader, its whole log
 * committed everywhere) within a bounded number of rounds, and a proposal made then must be
 * committed on every node once it converges again (a timer may still fire and re-elect).
 */
function checkLiveness(network: TestNetwork, seed: number): void {
  heal(network);
  for (const id of network.ids) if (network.nodes.get(id) === null) restart(network, id);
  converge(network, seed);
  const result = propose(network, leaders(network)[0]!, 'after heal');
  expect(result.ok, `seed ${seed}`).toBe(true);
  stabilize(network);
  converge(network, seed);
  const index = result.ok ? result.index : 0;
  for (const id of network.ids) {
    const node = network.nodes.get(id)!;
    expect(node.commitIndex, `seed ${seed}: ${id} did not commit`).toBeGreaterThanOrEqual(index);
    expect(entryAt(node.log, index), `seed ${seed}: ${id} lost the proposal`).toMatchObject({
      data: 'after heal',
    });
  }
}

function runSchedule(seed: number, size: number, config: Partial<RaftConfig>): TestNetwork {
  const ids = Array.from({ length: size }, (_, position) => `n${position + 1}`);
  const network = createTestNetwork({ ids, seed, config });
  network.traceEnabled = false;
  const prng = createPrng(seed);
  const proposals = { count: 0 };
  for (let action = 0; action < stepsPerRun; action++) {
    randomAction(network, prng, proposals);
    if (action % 50 === 0) checkCommittedPrefixes(network);
    if (network.violations.length > 0) break;
  }
  checkCommittedPrefixes(network);
  expect(network.violations, `seed ${seed}`).toEqual([]);
  checkLiveness(network, seed);
  expect(network.violations, `seed ${seed}`).toEqual([]);
  return network;
}

describe('safety under random faults, every unsafe switch off', () => {
  it.each([
    { name: '3 nodes, defaults', size: 3, config: {} },
    {
      name: '5 nodes, small batches and window',
      size: 5,
      config: { entriesPerMessageMax: 2, inflightMessagesMax: 2 },
    },
    { name: '5 nodes, PreVote on, CheckQuorum off', size: 5, config: { preVote: true, checkQuorum: false } },
    {
      name: '4 nodes, PreVote and CheckQuorum',
      size: 4,
      config: { preVote: true, heartbeatIntervalTicks: 3 },
    },
  ])('$name: no violation over many seeds, and a leader commits after heal', ({ size, config }) => {
    const firstSeed = Number(process.env.FUZZ_FROM ?? 1);
    const lastSeed = Number(process.env.FUZZ_SEEDS ?? 40);
    let committedTotal = 0;
    for (let seed = firstSeed; seed <= lastSeed; seed++) {
      const network = runSchedule(seed, size, config);
      committedTotal += network.appliedAt.size;
    }
    // The schedules are not vacuous: entries do get committed under faults.
    expect(committedTotal).toBeGreaterThan((lastSeed - firstSeed + 1) * 3);
  });
});
