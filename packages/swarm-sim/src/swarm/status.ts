/**
 * What the sandbox can say about itself without going through Docker: every machine's power,
 * network, swarm identity and Raft state, the leader, the quorum, and the node table as the
 * leader's store records it. `sandboxStatus` is the `status` command's data; the view (view.ts)
 * is built from the same facts.
 */
import { nodeStatus, type RaftNode, type Role } from '@swarmsim/raft';
import { linkBlocked } from '../kernel/network.js';
import type { World } from '../kernel/types.js';
import { withManagerStatus } from './control.js';
import { leaderContext, managerOf } from './manager.js';
import type { NodeObject } from './objects.js';
import type { Sandbox } from './sandbox-types.js';
import { sortedNodes } from './store.js';
import type { MachineHost } from './transport.js';
import type { LocalNodeState, SwarmWorld } from './types.js';

export interface MachineStatus {
  readonly name: string;
  readonly ip: string;
  readonly power: 'up' | 'crashed' | 'paused';
  readonly disconnected: boolean;
  /** `A`, `B`, … by partition group while the network is partitioned; null otherwise. */
  readonly partitionSide: string | null;
  /** The engine's swarm state, or null while the machine is down. */
  readonly swarmState: LocalNodeState | null;
  readonly nodeId: string | null;
  /** The role on the machine's disk (its certificate), null outside a swarm. */
  readonly role: 'manager' | 'worker' | null;
  readonly raftId: string | null;
  /** The running Raft node's role; null without one (workers, down or locked managers). */
  readonly raftRole: Role | null;
  /** The running node's term, else the persisted term of a stopped member; null without a member. */
  readonly term: number | null;
  readonly commitIndex: number | null;
  readonly lastLogIndex: number | null;
  readonly appliedIndex: number | null;
  /** The machine whose Raft member this one follows (or itself when leading). */
  readonly leaderMachine: string | null;
  /** The node as the leader's store records it (null without a leader or outside a swarm). */
  readonly nodeState: NodeObject['status']['state'] | null;
  readonly availability: NodeObject['spec']['availability'] | null;
  readonly managerStatus: 'leader' | 'reachable' | 'unreachable' | null;
}

export interface SandboxStatus {
  readonly atMs: number;
  readonly seed: number;
  readonly preset: string;
  readonly currentMachine: string | null;
  /** The machine whose manager leads (the highest term among leaders that started leading). */
  readonly leader: string | null;
  readonly leaderTerm: number | null;
  readonly quorum: { readonly up: number; readonly total: number; readonly ok: boolean };
  /** Sorted by name. */
  readonly machines: readonly MachineStatus[];
  /** Raft safety violations found so far (always 0 unless the Raft core is broken). */
  readonly violationCount: number;
}

export function runningRaftNode(host: MachineHost): RaftNode | null {
  if (!host.up || host.state.engine?.manager === null || host.state.engine === null) return null;
  return host.state.disk.swarm?.raft?.node ?? null;
}

/** The machine of each raft ID a disk holds. */
export function raftMachines(world: SwarmWorld): Record<string, string> {
  const machines: Record<string, string> = {};
  for (const host of world.hosts) {
    const raftId = host.state.disk.swarm?.raft?.config.id;
    if (raftId !== undefined) machines[raftId] = host.id;
  }
  return machines;
}

/** The leading manager: started leading, highest term. */
export function leaderMachine(world: SwarmWorld): MachineHost | null {
  let best: MachineHost | null = null;
  let bestTerm = -1;
  for (const host of world.hosts) {
    const leader = host.up ? (managerOf(host)?.leader ?? null) : null;
    if (leader !== null && leader.term > bestTerm) {
      best = host;
      bestTerm = leader.term;
    }
  }
  return best;
}

/** Nodes as the leader's store has them, with live ManagerStatus; empty without a leader. */
export function leaderNodes(world: SwarmWorld): NodeObject[] {
  const leader = leaderMachine(world);
  const manager = leader === null ? null : managerOf(leader);
  if (leader === null || manager === null) return [];
  const context = leaderContext(world, leader, manager, null);
  return sortedNodes(manager.replica.store).map((node) => withManagerStatus(context, node));
}

/**
 * Quorum as the simulation judges it: the voters of the latest configuration any running
 * manager holds, and how many of them are up, unpaused and in one group that can all reach
 * each other (the largest such group).
 */
export function quorumOf(world: SwarmWorld): { up: number; total: number; ok: boolean } {
  const machines = raftMachines(world);
  let voters: readonly string[] = [];
  let term = -1;
  for (const host of world.hosts) {
    const node = runningRaftNode(host);
    if (node !== null && node.term > term && node.membership.voters.length > 0) {
      voters = node.membership.voters;
      term = node.term;
    }
  }
  const live = voters
    .map((raftId) => machines[raftId])
    .filter((name): name is string => name !== undefined)
    .map((name) => world.hosts[world.hostIndexById[name] as number] as MachineHost)
    .filter((host) => host.up && !host.paused && runningRaftNode(host) !== null);
  let up = 0;
  for (const host of live) {
    const group = live.filter((other) => other === host || connected(world, host, other));
    up = Math.max(up, group.length);
  }
  return { up, total: voters.length, ok: voters.length > 0 && up * 2 > voters.length };
}

function connected(world: SwarmWorld, left: MachineHost, right: MachineHost): boolean {
  return (
    linkBlocked(world as World, left.index, right.index) === null &&
    linkBlocked(world as World, right.index, left.index) === null
  );
}

function partitionSide(world: SwarmWorld, host: MachineHost): string | null {
  if (!world.network.partitioned) return null;
  const groups = [...new Set(world.hosts.map((candidate) => candidate.partitionGroup))].sort((a, b) => a - b);
  return String.fromCharCode(65 + groups.indexOf(host.partitionGroup));
}

function machineStatus(
  world: SwarmWorld,
  host: MachineHost,
  nodes: readonly NodeObject[],
  machines: Record<string, string>,
): MachineStatus {
  const disk = host.state.disk.swarm;
  const raft = disk?.raft ?? null;
  const node = runningRaftNode(host);
  const status = node === null ? null : nodeStatus(node);
  const stored = disk === null ? undefined : nodes.find((candidate) => candidate.meta.id === disk.nodeId);
  const managerStatus = stored?.managerStatus ?? null;
  return {
    name: host.id,
    ip: host.state.hardware.ip,
    power: !host.up ? 'crashed' : host.paused ? 'paused' : 'up',
    disconnected: host.state.disconnected,
    partitionSide: partitionSide(world, host),
    swarmState: host.up ? (host.state.engine?.localState ?? null) : null,
    nodeId: disk?.nodeId ?? null,
    role: disk?.role ?? null,
    raftId: raft?.config.id ?? null,
    raftRole: status?.role ?? null,
    term: status?.term ?? raft?.persisted.term ?? null,
    commitIndex: status?.commitIndex ?? null,
    lastLogIndex: status?.lastLogIndex ?? null,
    appliedIndex: node === null ? null : (raft?.appliedIndex ?? null),
    leaderMachine: status?.leaderId === null || status === null ? null : (machines[status.leaderId] ?? null),
    nodeState: stored?.status.state ?? null,
    availability: stored?.spec.availability ?? null,
    managerStatus:
      managerStatus === null
        ? null
        : managerStatus.leader
          ? 'leader'
          : managerStatus.reachability === 'reachable'
            ? 'reachable'
            : 'unreachable',
  };
}

export function sandboxStatus(sandbox: Sandbox): SandboxStatus {
  const world = sandbox.world;
  const leader = leaderMachine(world);
  const nodes = leaderNodes(world);
  const machines = raftMachines(world);
  const hosts = [...world.hosts].sort((left, right) =>
    left.id < right.id ? -1 : left.id > right.id ? 1 : 0,
  );
  return {
    atMs: world.nowMs,
    seed: sandbox.seed,
    preset: sandbox.preset,
    currentMachine: sandbox.currentMachine,
    leader: leader?.id ?? null,
    leaderTerm: leader === null ? null : (managerOf(leader)?.leader?.term ?? null),
    quorum: quorumOf(world),
    machines: hosts.map((host) => machineStatus(world, host, nodes, machines)),
    violationCount: world.violations.length,
  };
}

/** The `status --json` document. */
export function sandboxStatusJson(sandbox: Sandbox): string {
  return `${JSON.stringify(sandboxStatus(sandbox), null, 2)}\n`;
}
