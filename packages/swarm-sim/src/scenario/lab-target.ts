/**
 * The Raft lab as a scenario target: shell lines are the lab's commands (`propose n1 set x 1`,
 * `crash n3`, `partition n1,n2 | n3,n4,n5`, docs/lab.md), time advances through the kernel, and
 * the conditions read the nodes' Raft state directly. The Raft safety monitor is attached by
 * `createLab`, so every event of a scenario is checked.
 */
import type { LineResult } from '../cli/types.js';
import { heapPeek } from '../kernel/heap.js';
import { setLinkDefaults } from '../kernel/network.js';
import { runUntil } from '../kernel/run.js';
import { traceToJsonLines } from '../kernel/trace.js';
import type { HostRecord, LinkSettings, World } from '../kernel/types.js';
import { labCommand } from '../lab/command.js';
import { formatKvCommand, parseKvCommand } from '../lab/kv.js';
import { createLab, type Lab, type LabHostState, labRuntime } from '../lab/lab.js';
import { entryValue } from '../lab/raft-host.js';
import type { ClusterSetup, NetworkSettings } from './format.js';
import type {
  CommittedFacts,
  CreateTargetResult,
  LeaderFacts,
  QuorumFacts,
  TargetDriver,
  TargetOptions,
  TargetViolation,
} from './target.js';

export interface LabTarget {
  readonly kind: 'lab';
  readonly lab: Lab;
}

type LabCluster = Extract<ClusterSetup, { kind: 'lab' }>;

/**
 * A lab for a scenario. Options left out take the lab's defaults, except `checkQuorum`, which a
 * scenario turns on unless it says otherwise: scenarios teach swarm behaviour, and SwarmKit runs
 * Raft with CheckQuorum (docs/scenarios.md).
 */
export function createLabTarget(
  cluster: LabCluster,
  network: NetworkSettings,
  options: TargetOptions,
): CreateTargetResult<LabTarget> {
  const labOptions = cluster.options;
  const created = createLab({
    seed: options.seed,
    nodeCount: cluster.size,
    preVote: labOptions.preVote ?? false,
    checkQuorum: labOptions.checkQuorum ?? true,
    unsafe: [...labOptions.unsafe],
    traceLevel: options.traceLevel,
    ...(labOptions.tickMs === null ? {} : { tickIntervalMs: labOptions.tickMs }),
    ...(labOptions.electionTimeoutTicks === null
      ? {}
      : { electionTimeoutTicks: labOptions.electionTimeoutTicks }),
    ...(labOptions.heartbeatIntervalTicks === null
      ? {}
      : { heartbeatIntervalTicks: labOptions.heartbeatIntervalTicks }),
  });
  if (!created.ok) return { ok: false, error: `cannot create the lab: ${created.error}` };
  const world = created.lab.world;
  const settings = networkDefaults(world.network.defaults, network);
  if (settings !== null) {
    const result = setLinkDefaults(world as World, settings);
    if (!result.ok) return { ok: false, error: `cannot set the network: ${result.error}` };
  }
  return { ok: true, target: { kind: 'lab', lab: created.lab } };
}

/** The world's link defaults with the scenario's settings applied, or null when it sets none. */
export function networkDefaults(current: LinkSettings, network: NetworkSettings): LinkSettings | null {
  const { latency, drop, duplicate, reorder } = network;
  if (latency === null && drop === null && duplicate === null && reorder === null) return null;
  return {
    latency: latency ?? current.latency,
    drop: drop ?? current.drop,
    duplicate: duplicate ?? current.duplicate,
    reorder: reorder ?? current.reorder,
  };
}

function hostsOf(target: LabTarget): readonly HostRecord<LabHostState>[] {
  return target.lab.world.hosts;
}

function runLine(target: LabTarget, line: string): LineResult {
  const atMs = target.lab.world.nowMs;
  const result = labCommand(target.lab, line);
  const text = result.text === '' || result.text.endsWith('\n') ? result.text : `${result.text}\n`;
  return {
    atMs,
    node: null,
    command: line,
    exitCode: result.ok ? 0 : 1,
    stdout: result.ok ? text : '',
    stderr: result.ok ? '' : text,
  };
}

function leader(target: LabTarget): LeaderFacts {
  let name: string | null = null;
  let leaderTerm = -1;
  let highestTerm = 0;
  for (const host of hostsOf(target)) {
    const node = host.up ? host.state.member.node : null;
    highestTerm = Math.max(highestTerm, host.state.member.persisted.term);
    if (node?.role === 'leader' && node.term > leaderTerm) {
      name = host.id;
      leaderTerm = node.term;
    }
  }
  return { name, term: name === null ? highestTerm : leaderTerm };
}

/** Two live nodes are connected when messages flow both ways between them. */
function connected(world: Lab['world'], left: number, right: number): boolean {
  const hosts = world.hosts;
  if (world.network.partitioned && hosts[left]?.partitionGroup !== hosts[right]?.partitionGroup) return false;
  const links = world.network.links;
  return links[left]?.[right]?.cut !== true && links[right]?.[left]?.cut !== true;
}

/**
 * Quorum: a majority of the nodes are up, not paused, and can all reach one another. Without
 * one-way cuts that is the largest partition group of live nodes; with cuts, the largest group
 * is found by trying every subset (at most 2^9 for a lab of nine).
 */
function quorum(target: LabTarget): QuorumFacts {
  const world = target.lab.world;
  const live = world.hosts.filter((host) => host.up && !host.paused).map((host) => host.index);
  const majority = Math.floor(world.hosts.length / 2) + 1;
  const largest = anyCut(world, live) ? largestCliqueSize(world, live) : largestGroupSize(world, live);
  const detail = `${largest} of ${world.hosts.length} nodes up and connected (a majority is ${majority})`;
  return { ok: largest >= majority, detail };
}

function anyCut(world: Lab['world'], live: readonly number[]): boolean {
  return live.some((left) => live.some((right) => world.network.links[left]?.[right]?.cut === true));
}

function largestGroupSize(world: Lab['world'], live: readonly number[]): number {
  if (!world.network.partitioned) return live.length;
  const sizes = new Map<number, number>();
  for (const index of live) {
    const group = world.hosts[index]?.partitionGroup ?? 0;
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  return Math.max(0, ...sizes.values());
}

function largestCliqueSize(world: Lab['world'], live: readonly number[]): number {
  let largest = 0;
  for (let subset = (1 << live.length) - 1; subset > 0; subset--) {
    const members = live.filter((_, position) => (subset & (1 << position)) !== 0);
    if (members.length <= largest) continue;
    const together = members.every((left, position) =>
      members.slice(position + 1).every((right) => connected(world, left, right)),
    );
    if (together) largest = members.length;
  }
  return largest;
}

/** The nodes whose committed log (or applied history) holds `value`. */
function committed(target: LabTarget, value: string): CommittedFacts {
  const parsed = parseKvCommand(value);
  const wanted = typeof parsed === 'string' ? value.trim() : formatKvCommand(parsed);
  const nodes: string[] = [];
  for (const host of hostsOf(target)) {
    const node = host.up ? host.state.member.node : null;
    if (node === null) continue;
    const inLog = host.state.member.persisted.entries.some(
      (entry) => entry.kind === 'command' && entry.index <= node.commitIndex && entryValue(entry) === wanted,
    );
    if (inLog || host.state.applied.some((applied) => applied.command === wanted)) nodes.push(host.id);
  }
  return { nodes, total: hostsOf(target).length };
}

function violations(target: LabTarget): TargetViolation[] {
  return target.lab.world.violations.flatMap((event) =>
    event.kind === 'violation'
      ? [{ atMs: event.atMs, invariant: event.invariant, message: event.message }]
      : [],
  );
}

export const labDriver: TargetDriver<LabTarget> = {
  runLine: (target, line) => runLine(target, line),
  nowMs: (target) => target.lab.world.nowMs,
  nextEventAtMs: (target) => heapPeek(target.lab.world.queue)?.atMs ?? null,
  advanceTo(target, untilMs) {
    runUntil(target.lab.world, labRuntime, untilMs);
  },
  currentMachine: () => null,
  hasMachine: (target, name) => hostsOf(target).some((host) => host.id === name),
  leader,
  quorum,
  node: () => null,
  service: () => null,
  committed,
  violations,
  violationCount: (target) => target.lab.world.violations.length,
  traceJsonLines: (target) => traceToJsonLines(target.lab.world.trace),
};
