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
 * longer sweep (about 20 s). The last two schedules start with three voters and two empty nodes
 * and add membership changes, leadership transfers and compaction to the faults.
 */
import { describe, expect, it } from 'vitest';
import { entryAt, lastLogIndex, termAt } from './log.js';
import { createPrng, nextChance, nextInt, type Prng } from './prng.js';
import {
  compact,
  crash,
  createTestNetwork,
  cut,
  deliverAt,
  heal,
  leaders,
  propose,
  proposeConfigChange,
  restart,
  stabilize,
  type TestNetwork,
  tick,
  tickAll,
  transferLeadership,
} from './testing/network.js';
import type { NodeId, RaftConfig } from './types.js';

const stepsPerRun = 2500;

function runningIds(network: TestNetwork): NodeId[] {
  return network.ids.filter((id) => network.nodes.get(id) !== null);
}

function pick<T>(prng: Prng, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[nextInt(prng, 0, items.length)];
}

/**
 * A membership change (add a non-voter of the pool or remove a voter, as the proposing node
 * sees its configuration), a leadership transfer, or a compaction at the applied index.
 */
function randomClusterAction(network: TestNetwork, prng: Prng): void {
  const id = pick(prng, runningIds(network));
  if (id === undefined) return;
  const node = network.nodes.get(id)!;
  const roll = nextInt(prng, 0, 3);
  if (roll === 0) {
    const voters = node.membership.voters;
    const outsiders = network.ids.filter((other) => !voters.includes(other));
    const add = outsiders.length > 0 && (voters.length <= 2 || nextChance(prng, 1, 2));
    const target = add ? pick(prng, outsiders)! : pick(prng, voters);
    if (target !== undefined)
      proposeConfigChange(network, id, { type: add ? 'addVoter' : 'removeVoter', node: target });
  } else if (roll === 1) {
    const target = pick(prng, node.peers);
    if (target !== undefined) transferLeadership(network, id, target);
  } else {
    compact(network, id);
  }
}

/** One random fault or protocol event. */
function randomAction(
  network: TestNetwork,
  prng: Prng,
  proposals: { count: number },
  clusterActions: boolean,
): void {
  if (clusterActions && nextChance(prng, 1, 40)) {
    randomClusterAction(network, prng);
    return;
  }
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
      const from = Math.max(left.log.compactedIndex, right.log.compactedIndex) + 1;
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

/**
 * Whether one node leads and every voter of its configuration follows it in its term and has
 * committed its whole log. A voter still campaigning (say, told to by a leadership transfer that
 * was then abandoned) may yet win and overwrite what the leader has not committed.
 */
function converged(network: TestNetwork): boolean {
  const current = leaders(network);
  if (current.length !== 1) return false;
  const leader = network.nodes.get(current[0]!)!;
  const leaderLastIndex = lastLogIndex(leader.log);
  return leader.membership.voters.every((id) => {
    const voter = network.nodes.get(id)!;
    const follows = voter === leader || (voter.role === 'follower' && voter.leaderId === leader.config.id);
    return follows && voter.term === leader.term && voter.commitIndex === leaderLastIndex;
  });
}

function converge(network: TestNetwork, seed: number): void {
  for (let round = 0; round < 300 && !converged(network); round++) {
    tickAll(network);
    stabilize(network);
  }
  expect(converged(network), `seed ${seed}: no convergence after heal\n${describeNodes(network)}`).toBe(true);
}

function describeNodes(network: TestNetwork): string {
  return network.ids
    .map((id) => {
      const node = network.nodes.get(id)!;
      return (
        `${id} ${node.role} term=${node.term} leader=${node.leaderId ?? '-'} voters=${node.membership.voters.join(',')}` +
        ` commit=${node.commitIndex} last=${lastLogIndex(node.log)} config=${node.configIndex}` +
        ` progress=${node.progress.map((p) => `${p.id}:${p.matchIndex}/${p.nextIndex}/${p.mode}`).join(' ')}`
      );
    })
    .join('\n');
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
  // A leadership transfer may still be running: it ends within an election timeout.
  let result = propose(network, leaders(network)[0]!, 'after heal');
  for (let round = 0; round < 100 && !result.ok; round++) {
    tickAll(network);
    stabilize(network);
    converge(network, seed);
    result = propose(network, leaders(network)[0]!, 'after heal');
  }
  expect(result.ok, `seed ${seed}: ${JSON.stringify(result)}`).toBe(true);
  stabilize(network);
  converge(network, seed);
  const index = result.ok ? result.index : 0;
  const voters = network.nodes.get(leaders(network)[0]!)!.membership.voters;
  for (const id of voters) {
    const node = network.nodes.get(id)!;
    expect(node.commitIndex, `seed ${seed}: ${id} did not commit`).toBeGreaterThanOrEqual(index);
    expect(entryAt(node.log, index), `seed ${seed}: ${id} lost the proposal`).toMatchObject({
      data: 'after heal',
    });
  }
}

interface Schedule {
  readonly size: number;
  readonly config: Partial<RaftConfig>;
  /** Bootstrap voters; the other nodes start empty. With them, cluster actions run too. */
  readonly voters?: number;
  readonly name: string;
}

function runSchedule(seed: number, schedule: Schedule): TestNetwork {
  const ids = Array.from({ length: schedule.size }, (_, position) => `n${position + 1}`);
  const voters = ids.slice(0, schedule.voters ?? schedule.size);
  const network = createTestNetwork({ ids, seed, config: schedule.config, voters });
  network.traceEnabled = false;
  const prng = createPrng(seed);
  const proposals = { count: 0 };
  const clusterActions = schedule.voters !== undefined;
  for (let action = 0; action < stepsPerRun; action++) {
    randomAction(network, prng, proposals, clusterActions);
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
    {
      name: '5 nodes, 3 voters, membership changes, transfers and compaction',
      size: 5,
      voters: 3,
      config: { logEntriesForSlowFollowers: 3 },
    },
    {
      name: '5 nodes, 3 voters, membership changes, PreVote on, CheckQuorum off',
      size: 5,
      voters: 3,
      config: { preVote: true, checkQuorum: false, logEntriesForSlowFollowers: 0, entriesPerMessageMax: 2 },
    },
  ])(
    '$name: no violation over many seeds, and a leader commits after heal',
    (schedule) => {
      const firstSeed = Number(process.env.FUZZ_FROM ?? 1);
      const lastSeed = Number(process.env.FUZZ_SEEDS ?? 40);
      let committedTotal = 0;
      let configChangesCommitted = 0;
      let snapshotsTaken = 0;
      for (let seed = firstSeed; seed <= lastSeed; seed++) {
        const network = runSchedule(seed, schedule);
        committedTotal += network.appliedAt.size;
        for (const { entry } of network.appliedAt.values())
          if (entry.kind === 'config') configChangesCommitted++;
        for (const node of network.nodes.values()) if (node?.log.snapshot) snapshotsTaken++;
      }
      // The schedules are not vacuous: entries do get committed under faults.
      expect(committedTotal).toBeGreaterThan((lastSeed - firstSeed + 1) * 3);
      if (schedule.voters !== undefined) {
        expect(configChangesCommitted).toBeGreaterThan(lastSeed - firstSeed + 1);
        expect(snapshotsTaken).toBeGreaterThan(lastSeed - firstSeed + 1);
      }
    },
    600_000,
  ); // Long sweeps (FUZZ_SEEDS=5000) need more than the default 5 s.
});
