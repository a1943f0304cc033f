/**
 * The raft proxy every manager wraps its gRPC servers in (SwarmKit `manager/manager.go`,
 * `raft.go` `LeaderConn`; swarm.md §4.1, §5): a call reaching a manager is handled there when
 * it leads, forwarded to the leader it knows otherwise. With no leader known, a manager that has
 * gone more than 10 ticks without one fails the call at once (`The swarm does not have a
 * leader…`); before that it polls every tick until the call's deadline.
 */
import { handleControlCall } from './control.js';
import { handleHeartbeat, handleRegister, handleTaskStatus } from './dispatcher.js';
import { rpcErrors } from './errors.js';
import { managerOf, raftNodeOf, submitWrite } from './manager.js';
import { handleRaftJoin } from './membership.js';
import { lostQuorumTicks, parkedCallsMax } from './timing.js';
import { forwardCall, type MachineHost, replyTo, resolveAddress } from './transport.js';
import type { IncomingCall, LeaderState, ManagerState, SwarmWorld } from './types.js';

/** A call arrived at this machine. Machines that do not listen on the swarm port drop it. */
export function handleIncomingCall(world: SwarmWorld, host: MachineHost, call: IncomingCall): void {
  const engine = host.state.engine;
  if (engine === null) return;
  if (call.method === 'raft.health') {
    // The joiner serves Raft before it asks to join; a running manager serves it too.
    if (engine.manager !== null || engine.join?.phase === 'raftJoin')
      replyTo(world, host, call, { ok: true, value: {} });
    return;
  }
  if (engine.manager === null || raftNodeOf(host) === null || engine.localState === 'locked') return;
  routeCall(world, host, call);
}

/** LeaderConn: handle here, forward to the leader, fail at once, or wait for a leader. */
function routeCall(world: SwarmWorld, host: MachineHost, call: IncomingCall): void {
  const manager = managerOf(host) as ManagerState;
  const node = raftNodeOf(host);
  if (node === null) return;
  if (node.role === 'leader') {
    if (manager.leader !== null) handleAtLeader(world, host, manager.leader, call);
    else park(world, host, manager, call);
    return;
  }
  if (node.leaderId !== null) {
    const target = leaderHost(world, manager, node.leaderId);
    if (target !== null && target.id !== host.id) forwardCall(world, host, target, call);
    else park(world, host, manager, call);
    return;
  }
  if (manager.ticksWithNoLeader > lostQuorumTicks) {
    replyTo(world, host, call, { ok: false, error: rpcErrors.noLeader });
    return;
  }
  park(world, host, manager, call);
}

function leaderHost(world: SwarmWorld, manager: ManagerState, raftId: string): MachineHost | null {
  const addr = manager.replica.members[raftId]?.addr ?? manager.peerAddrs[raftId] ?? null;
  return addr === null ? null : resolveAddress(world, addr);
}

function park(world: SwarmWorld, host: MachineHost, manager: ManagerState, call: IncomingCall): void {
  if (manager.parkedCalls.length >= parkedCallsMax) {
    replyTo(world, host, call, { ok: false, error: rpcErrors.deadlineExceeded });
    return;
  }
  manager.parkedCalls.push(call);
}

/** Each tick: parked calls go to a leader now known, or wait on until their deadline. */
export function retryParkedCalls(world: SwarmWorld, host: MachineHost): void {
  const manager = managerOf(host);
  const node = raftNodeOf(host);
  if (manager === null || node === null || manager.parkedCalls.length === 0) return;
  const parked = manager.parkedCalls;
  manager.parkedCalls = [];
  for (const call of parked) {
    if (call.deadlineAtMs <= world.nowMs) continue;
    const leaderKnown = node.role === 'leader' ? manager.leader !== null : node.leaderId !== null;
    if (leaderKnown) routeCall(world, host, call);
    else manager.parkedCalls.push(call);
  }
}

function handleAtLeader(world: SwarmWorld, host: MachineHost, leader: LeaderState, call: IncomingCall): void {
  const manager = managerOf(host) as ManagerState;
  switch (call.method) {
    case 'control':
      handleControlCall(world, host, call);
      return;
    case 'dispatcher.register':
      handleRegister(world, host, leader, call);
      return;
    case 'dispatcher.heartbeat':
      handleHeartbeat(world, host, leader, call);
      return;
    case 'dispatcher.updateTaskStatus':
      handleTaskStatus(world, host, leader, call);
      return;
    case 'ca.rootCa': {
      const cluster = manager.replica.store.cluster;
      if (cluster === null) replyTo(world, host, call, { ok: false, error: rpcErrors.clusterNotFound });
      else replyTo(world, host, call, { ok: true, value: { rootCaPem: cluster.rootCaPem } });
      return;
    }
    case 'ca.issueCertificate': {
      const body = call.body as { token: string; availability: 'active' | 'pause' | 'drain' };
      submitWrite(world, host, {
        op: { kind: 'issueCertificate', token: body.token, availability: body.availability },
        origin: call,
      });
      return;
    }
    case 'raft.join':
      handleRaftJoin(world, host, leader, call);
      return;
    case 'raft.health':
      return;
  }
}
