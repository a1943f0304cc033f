/**
 * Raft membership in a swarm (swarm.md §4.9, §5): a manager joining (health check of its
 * advertise address, a new raft ID never used before, an `addVoter` that needs quorum), removal
 * (`CanRemoveMember`), leadership transfer, and the leader's role manager that turns promote and
 * demote into Raft changes. The node side (a promoted worker joining Raft, a demoted manager
 * stopping its manager) is in agent.ts and engine.ts.
 */
import {
  type ConfigChange,
  nextUint32,
  nodeStatus,
  type Prng,
  type ProposeResult,
  proposeConfigChange,
  transferLeadership,
} from '@swarmsim/raft';
import { emit } from '../kernel/trace.js';
import { rpcErrors } from './errors.js';
import type { LeaderContext } from './extensions.js';
import {
  handleRaftOutput,
  managerOf,
  peerReachable,
  raftHooksFor,
  raftIdOf,
  raftNodeOf,
  raftWorld,
  submitWrite,
} from './manager.js';
import { memberOfNode } from './store.js';
import { joinHealthCheckMs, roleReconcileIntervalMs } from './timing.js';
import { type MachineHost, replyTo, resolveAddress, sendPayload, startCall } from './transport.js';
import type {
  IncomingCall,
  LeaderState,
  ManagerReplica,
  ManagerState,
  SwarmWorld,
  WriteOp,
} from './types.js';

/** A raft ID as SwarmKit prints one (a random uint64 in hex), never one used before. */
export function newRaftId(prng: Prng, replica: ManagerReplica): string {
  for (let attempt = 0; attempt < 64; attempt++) {
    const high = nextUint32(prng).toString(16).padStart(8, '0');
    const low = nextUint32(prng).toString(16).padStart(8, '0');
    const raftId = `${high}${low}`.replace(/^0+/, '');
    if (raftId === '' || raftId in replica.members || replica.removedRaftIds.includes(raftId)) continue;
    return raftId;
  }
  throw new Error('assertion failed: 64 raft ID collisions in a row');
}

/**
 * SwarmKit `CanRemoveMember`: the members other than `raftId` that are reachable (this manager
 * always, the others by the transport rule) must still be a majority of the current memberlist.
 */
export function canRemoveMember(
  context: Pick<LeaderContext, 'manager' | 'host' | 'nowMs'>,
  raftId: string,
): boolean {
  const members = Object.keys(context.manager.replica.members).sort();
  const self = raftIdOf(context.host);
  let reachable = 0;
  for (const member of members) {
    if (member === raftId) continue;
    if (member === self || peerReachable(context.manager, member, context.nowMs)) reachable++;
  }
  const quorum = Math.floor((members.length - 1) / 2) + 1;
  return reachable >= quorum;
}

/** Proposes a configuration change on this (leading) manager and handles Raft's output. */
export function proposeMembershipChange(
  world: SwarmWorld,
  host: MachineHost,
  change: ConfigChange,
): ProposeResult {
  const node = raftNodeOf(host);
  if (node === null) return { ok: false, reason: 'notLeader', leaderId: null };
  const before = { term: node.term, votedFor: node.votedFor };
  const { output, result } = proposeConfigChange(node, change);
  handleRaftOutput(raftWorld(world), host, raftHooksFor(world, host), output, before);
  return result;
}

/**
 * `RaftMembership.Join` on the leader (swarm.md §5): the caller must be a node the store knows
 * as a manager; its advertise address is health-checked for 5 s; then a new member is added.
 */
export function handleRaftJoin(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  call: IncomingCall,
): void {
  const manager = managerOf(host) as ManagerState;
  const body = call.body as { nodeId: string; advertiseAddr: string };
  const node = manager.replica.store.nodes[body.nodeId];
  if (node === undefined || node.spec.desiredRole !== 'manager') {
    replyTo(world, host, call, { ok: false, error: rpcErrors.workerCannotJoinRaft });
    return;
  }
  const target = resolveAddress(world, body.advertiseAddr);
  const healthCallId = startCall(
    world,
    host,
    target,
    'raft.health',
    {},
    { kind: 'healthCheck', joinCallId: call.callId },
    joinHealthCheckMs,
  );
  leader.pendingJoins.push({
    call,
    nodeId: body.nodeId,
    addr: body.advertiseAddr,
    healthCallId,
    raftId: null,
  });
}

/**
 * The joiner answered (or not) the health check. Healthy: a raft ID never used before, sent to
 * the joiner first (`raftJoinPrepare`, so it runs when the entry adding it is appended), then
 * the membership change is queued; the join call is answered when it is applied.
 */
export function finishHealthCheck(
  world: SwarmWorld,
  host: MachineHost,
  joinCallId: string,
  healthy: boolean,
): void {
  const manager = managerOf(host);
  const leader = manager?.leader ?? null;
  if (manager === null || leader === null) return;
  const join = leader.pendingJoins.find(
    (candidate) => candidate.call.callId === joinCallId && candidate.raftId === null,
  );
  if (join === undefined) return;
  if (!healthy) {
    leader.pendingJoins = leader.pendingJoins.filter((candidate) => candidate !== join);
    replyTo(world, host, join.call, { ok: false, error: rpcErrors.healthCheckFailed });
    return;
  }
  const taken = leader.pendingJoins
    .map((candidate) => candidate.raftId)
    .filter((id): id is string => id !== null);
  let raftId = newRaftId(world.prng, manager.replica);
  for (let attempt = 0; taken.includes(raftId) && attempt < 16; attempt++)
    raftId = newRaftId(world.prng, manager.replica);
  join.raftId = raftId;
  manager.peerAddrs[raftId] = join.addr;
  sendJoinPrepare(world, host, join);
  submitWrite(world, host, {
    op: { kind: 'addMember', nodeId: join.nodeId, addr: join.addr, raftId },
    origin: join.call,
  });
}

function sendJoinPrepare(
  world: SwarmWorld,
  host: MachineHost,
  join: LeaderState['pendingJoins'][number],
): void {
  const target = resolveAddress(world, join.addr);
  if (target === null || join.raftId === null) return;
  sendPayload(world, host, target.id, { kind: 'raftJoinPrepare', nodeId: join.nodeId, raftId: join.raftId });
}

/** Each leader tick: joins that became members are done; the others are told their raft ID again. */
export function tendPendingJoins(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  leader: LeaderState,
): void {
  leader.pendingJoins = leader.pendingJoins.filter(
    (join) => join.raftId === null || manager.replica.members[join.raftId] === undefined,
  );
  for (const join of leader.pendingJoins) {
    if (join.raftId === null) continue;
    if (join.call.deadlineAtMs <= world.nowMs) continue;
    sendJoinPrepare(world, host, join);
  }
  leader.pendingJoins = leader.pendingJoins.filter((join) => join.call.deadlineAtMs > world.nowMs);
}

/**
 * The role manager (SwarmKit `role_manager.go`), run by the leader every tick: promotions set
 * `role = manager` at once; demotions remove the Raft member first (the leader transfers
 * leadership instead when it is the one demoted), then set `role = worker`; members whose node
 * was deleted are evicted. A change that cannot be made now is retried 5 s later.
 */
export function reconcileRoles(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  leader: LeaderState,
): void {
  const store = manager.replica.store;
  for (const nodeId of Object.keys(store.nodes).sort()) {
    const node = store.nodes[nodeId];
    if (node === undefined || node.role === node.spec.desiredRole) continue;
    if ((leader.roleRetryAtMs[nodeId] ?? 0) > world.nowMs || roleWritePending(leader, nodeId)) continue;
    if (node.spec.desiredRole === 'manager') {
      submitWrite(world, host, { op: { kind: 'setRole', nodeId, role: 'manager' }, origin: null });
      continue;
    }
    demote(world, host, manager, leader, nodeId);
  }
  for (const raftId of Object.keys(manager.replica.members).sort()) {
    const member = manager.replica.members[raftId];
    if (member === undefined || member.nodeId in store.nodes || roleWritePending(leader, member.nodeId))
      continue;
    if ((leader.roleRetryAtMs[member.nodeId] ?? 0) > world.nowMs || raftId === raftIdOf(host)) continue;
    if (!canRemoveMember({ manager, host, nowMs: world.nowMs }, raftId)) {
      leader.roleRetryAtMs[member.nodeId] = world.nowMs + roleReconcileIntervalMs;
      continue;
    }
    submitWrite(world, host, { op: { kind: 'removeMember', nodeId: member.nodeId, raftId }, origin: null });
  }
}

function demote(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  leader: LeaderState,
  nodeId: string,
): void {
  const member = memberOfNode(manager.replica, nodeId);
  const retryAtMs = world.nowMs + roleReconcileIntervalMs;
  if (member !== null) {
    if (!canRemoveMember({ manager, host, nowMs: world.nowMs }, member.raftId)) {
      leader.roleRetryAtMs[nodeId] = retryAtMs;
      return;
    }
    if (member.raftId === raftIdOf(host)) {
      leader.roleRetryAtMs[nodeId] = retryAtMs;
      transferLeadershipAway(world, host, manager, leader);
      return;
    }
    submitWrite(world, host, { op: { kind: 'removeMember', nodeId, raftId: member.raftId }, origin: null });
  }
  submitWrite(world, host, { op: { kind: 'setRole', nodeId, role: 'worker' }, origin: null });
}

function roleWritePending(leader: LeaderState, nodeId: string): boolean {
  const isRoleWrite = (op: WriteOp) =>
    (op.kind === 'setRole' || op.kind === 'removeMember') && op.nodeId === nodeId;
  if (leader.inFlight !== null && isRoleWrite(leader.inFlight.write.op)) return true;
  return leader.writeQueue.some((write) => isRoleWrite(write.op));
}

/**
 * SwarmKit `transferLeadership`: to the peer that has been reachable the longest (ties: the
 * lowest raft ID). The new leader's role manager then removes this member.
 */
function transferLeadershipAway(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  leader: LeaderState,
): void {
  const node = raftNodeOf(host);
  if (node === null || leader.transfer !== null) return;
  const self = node.config.id;
  let target: string | null = null;
  let targetSinceMs = Number.POSITIVE_INFINITY;
  for (const voter of nodeStatus(node).membership.voters) {
    if (voter === self || !peerReachable(manager, voter, world.nowMs)) continue;
    const sinceMs = manager.transport[voter]?.activeSinceMs ?? world.nowMs;
    if (sinceMs < targetSinceMs) {
      target = voter;
      targetSinceMs = sinceMs;
    }
  }
  if (target === null) return;
  leader.transfer = { targetRaftId: target, startedAtMs: world.nowMs };
  emit(world, {
    kind: 'note',
    node: host.id,
    text: `${host.id} is demoted: transferring leadership to ${target}`,
  });
  const before = { term: node.term, votedFor: node.votedFor };
  const { output } = transferLeadership(node, target);
  handleRaftOutput(raftWorld(world), host, raftHooksFor(world, host), output, before);
}
