/**
 * A machine as a kernel host model: what it does on each tick (1 s, the Raft tick), for each
 * message and timer, and when it is killed or restarted. It routes; the behaviour lives in the
 * files it calls. The swarm runtime attaches the Raft safety checker to every manager.
 */
import { raftSafetyMonitor } from '../check/raft-safety.js';
import type { HostModel, Runtime } from '../kernel/types.js';
import { crashRaftMember } from '../lab/raft-host.js';
import {
  agentAssignmentsPushed,
  agentConnect,
  agentHeartbeatAnswered,
  agentRegistered,
  agentTick,
  sendHeartbeat,
} from './agent.js';
import { flushTaskStatus, forwardAssignments, handleHeartbeatExpiry, pushAssignments } from './dispatcher.js';
import {
  bootEngine,
  certificateAnswered,
  clientCallAnswered,
  infoAnswered,
  joinRetryDue,
  leaveRemovedManager,
  leaveStatsAnswered,
  prepareRaftJoin,
  raftJoinAnswered,
  requestDeadlinePassed,
  rootCaAnswered,
} from './engine.js';
import { rpcErrors } from './errors.js';
import { extensionNamed, swarmExtensions } from './extensions.js';
import {
  leaderContext,
  managerOf,
  managerReceiveRaft,
  managerTick,
  raftIdOf,
  settleManager,
} from './manager.js';
import { finishHealthCheck, reconcileRoles, tendPendingJoins } from './membership.js';
import { handleIncomingCall, retryParkedCalls } from './proxy.js';
import { type MachineHost, replyTo, takeCall } from './transport.js';
import type { CallPurpose, MachineState, RpcResult, SwarmPayload, SwarmWorld, TimerData } from './types.js';

function onTick(world: SwarmWorld, host: MachineHost): void {
  if (host.state.engine === null) return;
  managerTick(world, host);
  retryParkedCalls(world, host);
  const manager = managerOf(host);
  if (manager?.removed === true) leaveRemovedManager(world, host);
  const leader = managerOf(host)?.leader ?? null;
  if (manager !== null && leader !== null) {
    tendPendingJoins(world, host, manager, leader);
    reconcileRoles(world, host, manager, leader);
    for (const extension of swarmExtensions())
      extension.leaderTick?.(leaderContext(world, host, manager, null));
    settleManager(world, host);
  }
  agentTick(world, host);
}

function onMessage(world: SwarmWorld, host: MachineHost, sourceId: string, payload: SwarmPayload): void {
  if (host.state.engine === null) return;
  if (!('kind' in payload)) {
    const source = world.hosts[world.hostIndexById[sourceId] ?? -1] as MachineHost | undefined;
    if (source !== undefined) managerReceiveRaft(world, host, source, payload);
    return;
  }
  switch (payload.kind) {
    case 'raftRemoved':
      if (payload.raftId === raftIdOf(host)) leaveRemovedManager(world, host);
      return;
    case 'raftJoinPrepare':
      prepareRaftJoin(world, host, payload.nodeId, payload.raftId);
      return;
    case 'assignments':
      if (payload.push.agentHost === host.id) agentAssignmentsPushed(world, host, payload.push);
      else forwardAssignments(world, host, payload.push);
      return;
    case 'call':
      handleIncomingCall(world, host, payload);
      return;
    case 'reply': {
      const purpose = takeCall(host, payload.callId);
      if (purpose !== null) handleAnswer(world, host, purpose, payload.result);
      return;
    }
    case 'timer':
      onTimer(world, host, 'timer', payload);
      return;
  }
}

/** A reply arrived, or a call's deadline passed (then `result` is DeadlineExceeded). */
function handleAnswer(world: SwarmWorld, host: MachineHost, purpose: CallPurpose, result: RpcResult): void {
  switch (purpose.kind) {
    case 'client':
      if (!infoAnswered(world, host, purpose.requestId, result))
        clientCallAnswered(world, host, purpose.requestId, result);
      return;
    case 'forward':
      replyTo(world, host, purpose.original, result);
      return;
    case 'agentRegister':
      agentRegistered(world, host, purpose.generation, result);
      return;
    case 'agentHeartbeat':
      agentHeartbeatAnswered(world, host, purpose.generation, result);
      return;
    case 'agentTaskStatus':
      return;
    case 'joinRootCa':
      rootCaAnswered(world, host, result);
      return;
    case 'joinCertificate':
      certificateAnswered(world, host, result);
      return;
    case 'joinRaft':
      raftJoinAnswered(world, host, result);
      return;
    case 'healthCheck':
      finishHealthCheck(world, host, purpose.joinCallId, result.ok);
      return;
    case 'leaveStats':
      leaveStatsAnswered(world, host, purpose.requestId, result);
      return;
  }
}

function onTimer(world: SwarmWorld, host: MachineHost, _tag: string, data: SwarmPayload | null): void {
  if (host.state.engine === null || data === null || !('kind' in data) || data.kind !== 'timer') return;
  const timer = data.timer;
  switch (timer.type) {
    case 'local':
      onMessage(world, host, host.id, timer.payload);
      return;
    case 'callDeadline': {
      const purpose = takeCall(host, timer.callId);
      if (purpose !== null && purpose.kind !== 'forward') {
        handleAnswer(world, host, purpose, { ok: false, error: rpcErrors.deadlineExceeded });
      }
      return;
    }
    case 'requestDeadline':
      requestDeadlinePassed(world, host, timer.requestId);
      return;
    case 'heartbeatExpiry':
      handleHeartbeatExpiry(world, host, timer);
      return;
    case 'agentConnect':
      agentConnect(world, host, timer.generation);
      return;
    case 'agentHeartbeat':
      sendHeartbeat(world, host, timer.generation);
      return;
    case 'joinRetry':
      joinRetryDue(world, host);
      return;
    case 'assignmentsPush':
      pushAssignments(world, host, timer.epoch);
      return;
    case 'statusFlush':
      flushTaskStatus(world, host, timer.epoch);
      return;
    case 'extension':
      extensionTimerDue(world, host, timer);
      return;
  }
}

/** An extension's timer: on the leader that set it (same leadership), or on a running agent. */
function extensionTimerDue(
  world: SwarmWorld,
  host: MachineHost,
  timer: Extract<TimerData, { type: 'extension' }>,
): void {
  const extension = extensionNamed(timer.extension);
  if (extension === null) return;
  if (timer.scope === 'agent') {
    const nodeId = host.state.disk.swarm?.nodeId;
    if (host.state.engine?.agent == null || nodeId === undefined) return;
    extension.onAgentTimer?.({ world, host, nodeId }, timer.data);
    return;
  }
  const manager = managerOf(host);
  if (manager === null || manager.leader === null || manager.leader.epoch !== timer.epoch) return;
  extension.onLeaderTimer?.(leaderContext(world, host, manager, null), timer.data);
  settleManager(world, host);
}

function onCrash(_world: SwarmWorld, host: MachineHost): void {
  const raft = host.state.disk.swarm?.raft ?? null;
  if (raft !== null) crashRaftMember(raft);
  host.state.engine = null;
}

function onRestart(world: SwarmWorld, host: MachineHost): void {
  host.state.disk.bootCount++;
  bootEngine(world, host);
}

export const machineModel: HostModel<MachineState, SwarmPayload> = {
  onTick,
  onMessage: (world, host, source, payload) => onMessage(world, host, source, payload),
  onTimer: (world, host, tag, data) => onTimer(world, host, tag, data),
  onCrash,
  onRestart,
};

/** The swarm's runtime: the machine model and the Raft safety checker over every manager. */
export const swarmRuntime: Runtime<MachineState, SwarmPayload> = {
  model: machineModel,
  monitors: [raftSafetyMonitor],
};
