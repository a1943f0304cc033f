/**
 * The agent every swarm node runs (SwarmKit `agent/agent.go`, `agent/session.go`, swarm.md
 * §4.1): a session with the dispatcher through a manager (its own manager when it has one,
 * otherwise one of its remotes, proxied to the leader), heartbeats at the period the dispatcher
 * asks for, and on any failure (error, or no answer in 5 s) a new session after a random delay
 * below a backoff that grows 100 ms + 2 × backoff up to 8 s.
 *
 * The dispatcher's answers carry the node's role: a worker the store calls a manager joins Raft
 * (promotion), a manager the store calls a worker stops its manager (demotion), engine.ts does
 * both. They also carry the node's tasks, for the executor hook (extensions.ts `agentTick`).
 */
import { nextInt } from '@swarmsim/raft';
import { setTimer } from '../kernel/run.js';
import type { RegisterBody, SessionReply } from './dispatcher.js';
import { demoteLocally, engineAgentRegistered, promoteLocally } from './engine.js';
import { swarmExtensions } from './extensions.js';
import type { TaskObject } from './objects.js';
import { dispatcherRpcTimeoutMs, sessionBackoffInitialMs, sessionBackoffMaxMs } from './timing.js';
import { dropCalls, engineOf, type MachineHost, resolveAddress, startCall } from './transport.js';
import type { AgentState, AssignmentsPush, RpcResult, SwarmWorld, TaskStatusUpdate } from './types.js';

function newAgentState(generation: number): AgentState {
  return {
    phase: 'waiting',
    sessionId: null,
    managerAddr: null,
    backoffMs: 0,
    periodMs: 0,
    generation,
    lastFailedAddr: null,
    registeredAtMs: null,
    reportedRole: null,
    lastError: '',
    assignedTasks: [],
    assignmentsSeq: 0,
  };
}

/** Starts (or restarts) the agent: a session is opened after this event. */
export function startAgent(world: SwarmWorld, host: MachineHost): void {
  const engine = engineOf(host);
  const generation = (engine.agent?.generation ?? 0) + 1;
  stopAgent(host);
  engine.agent = newAgentState(generation);
  scheduleConnect(world, host, 0);
}

/** Ends the agent's session without telling anyone (SwarmKit sends no leave RPC). */
export function stopAgent(host: MachineHost): void {
  const engine = engineOf(host);
  engine.agent = null;
  dropCalls(host, (purpose) => purpose.kind === 'agentRegister' || purpose.kind === 'agentHeartbeat');
}

function scheduleConnect(world: SwarmWorld, host: MachineHost, delayMs: number): void {
  const agent = engineOf(host).agent;
  if (agent === null) return;
  setTimer(world, host, delayMs, 'agentConnect', {
    kind: 'timer',
    timer: { type: 'agentConnect', generation: agent.generation },
  });
}

/** The manager the session goes through: the node's own, else a remote (avoiding the last failure). */
function chooseManager(
  world: SwarmWorld,
  host: MachineHost,
  agent: AgentState,
): { addr: string; target: MachineHost | null } {
  if (engineOf(host).manager !== null) return { addr: 'local', target: host };
  const remotes = host.state.disk.swarm?.remoteManagers ?? [];
  const preferred = remotes.filter((addr) => addr !== agent.lastFailedAddr);
  const candidates = preferred.length > 0 ? preferred : remotes;
  if (candidates.length === 0) return { addr: '', target: null };
  const addr = candidates[nextInt(world.prng, 0, candidates.length)] as string;
  return { addr, target: resolveAddress(world, addr) };
}

export function agentConnect(world: SwarmWorld, host: MachineHost, generation: number): void {
  const agent = engineOf(host).agent;
  const disk = host.state.disk.swarm;
  if (agent === null || agent.generation !== generation || agent.phase !== 'waiting' || disk === null) return;
  const chosen = chooseManager(world, host, agent);
  agent.managerAddr = chosen.addr;
  agent.phase = 'registering';
  const hardware = host.state.hardware;
  const body: RegisterBody = {
    nodeId: disk.nodeId,
    description: {
      hostname: hardware.hostname,
      platform: { os: hardware.os, architecture: hardware.architecture },
      resources: { nanoCpus: hardware.cpus * 1_000_000_000, memoryBytes: hardware.memoryBytes },
      engineVersion: hardware.engineVersion,
      engineLabels: { ...hardware.engineLabels },
    },
  };
  startCall(
    world,
    host,
    chosen.target,
    'dispatcher.register',
    body,
    { kind: 'agentRegister', generation },
    dispatcherRpcTimeoutMs,
  );
}

/** The answer to a registration (or its deadline). */
export function agentRegistered(
  world: SwarmWorld,
  host: MachineHost,
  generation: number,
  result: RpcResult,
): void {
  const agent = engineOf(host).agent;
  if (agent === null || agent.generation !== generation || agent.phase !== 'registering') return;
  if (!result.ok) {
    sessionFailed(world, host, agent, result.error.message);
    return;
  }
  const reply = result.value as SessionReply;
  agent.phase = 'ready';
  agent.sessionId = reply.sessionId;
  agent.backoffMs = 0;
  agent.registeredAtMs = world.nowMs;
  absorbReply(world, host, agent, reply);
  engineAgentRegistered(world, host);
  // SwarmKit heartbeats right after registering, then every period.
  sendHeartbeat(world, host, generation);
  reactToRole(world, host, agent);
}

export function sendHeartbeat(world: SwarmWorld, host: MachineHost, generation: number): void {
  const agent = engineOf(host).agent;
  const disk = host.state.disk.swarm;
  if (agent === null || agent.generation !== generation || agent.phase !== 'ready' || disk === null) return;
  const target = agent.managerAddr === 'local' ? host : resolveAddress(world, agent.managerAddr ?? '');
  const body = { nodeId: disk.nodeId, sessionId: agent.sessionId, assignmentsSeq: agent.assignmentsSeq };
  startCall(
    world,
    host,
    target,
    'dispatcher.heartbeat',
    body,
    { kind: 'agentHeartbeat', generation },
    dispatcherRpcTimeoutMs,
  );
}

export function agentHeartbeatAnswered(
  world: SwarmWorld,
  host: MachineHost,
  generation: number,
  result: RpcResult,
): void {
  const agent = engineOf(host).agent;
  if (agent === null || agent.generation !== generation || agent.phase !== 'ready') return;
  if (!result.ok) {
    sessionFailed(world, host, agent, result.error.message);
    return;
  }
  const reply = result.value as SessionReply;
  absorbReply(world, host, agent, reply);
  setTimer(world, host, reply.periodMs, 'agentHeartbeat', {
    kind: 'timer',
    timer: { type: 'agentHeartbeat', generation },
  });
  reactToRole(world, host, agent);
}

function absorbReply(world: SwarmWorld, host: MachineHost, agent: AgentState, reply: SessionReply): void {
  agent.periodMs = reply.periodMs;
  agent.reportedRole = reply.role === 'manager' && reply.desiredRole === 'manager' ? 'manager' : reply.role;
  if (reply.role === 'manager' && reply.desiredRole === 'worker') agent.reportedRole = null;
  const disk = host.state.disk.swarm;
  if (disk !== null && reply.managers.length > 0) disk.remoteManagers = [...reply.managers];
  if (reply.tasks !== null) takeAssignments(world, host, agent, reply.tasks, reply.assignmentsSeq, null);
}

/**
 * New assignments: the tasks replace the agent's (store objects are shared, never changed in
 * place), and the extensions hear of it at once.
 */
function takeAssignments(
  world: SwarmWorld,
  host: MachineHost,
  agent: AgentState,
  tasks: readonly TaskObject[],
  seq: number,
  changedTaskIds: readonly string[] | null,
): void {
  // A push that follows the last one the agent took says what changed; otherwise all may have.
  const changed = changedTaskIds !== null && seq === agent.assignmentsSeq + 1 ? changedTaskIds : null;
  agent.assignedTasks = [...tasks];
  agent.assignmentsSeq = seq;
  const nodeId = host.state.disk.swarm?.nodeId;
  if (nodeId === undefined) return;
  for (const extension of swarmExtensions()) extension.onAssignments?.({ world, host, nodeId }, changed);
}

/** The dispatcher's push: taken if it belongs to this session and is newer than what the agent has. */
export function agentAssignmentsPushed(world: SwarmWorld, host: MachineHost, push: AssignmentsPush): void {
  const agent = host.state.engine?.agent ?? null;
  if (agent === null || agent.phase !== 'ready' || agent.sessionId !== push.sessionId) return;
  if (host.state.disk.swarm?.nodeId !== push.nodeId || push.seq <= agent.assignmentsSeq) return;
  takeAssignments(world, host, agent, push.tasks, push.seq, push.changedTaskIds);
}

/** Promotion and demotion as the node sees them (its certificate's role follows the store's). */
function reactToRole(world: SwarmWorld, host: MachineHost, agent: AgentState): void {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  if (agent.reportedRole === 'manager' && engine.manager === null && engine.join === null)
    promoteLocally(world, host);
  else if (agent.reportedRole === 'worker' && (engine.manager !== null || disk?.role === 'manager'))
    demoteLocally(world, host);
}

/** SwarmKit: backoff = 100 ms + 2 × backoff (max 8 s); the next session starts after rand(backoff). */
function sessionFailed(world: SwarmWorld, host: MachineHost, agent: AgentState, error: string): void {
  agent.lastError = error;
  agent.lastFailedAddr = agent.managerAddr === 'local' ? null : agent.managerAddr;
  agent.phase = 'waiting';
  agent.sessionId = null;
  agent.generation++;
  agent.backoffMs = Math.min(sessionBackoffMaxMs, sessionBackoffInitialMs + 2 * agent.backoffMs);
  scheduleConnect(world, host, nextInt(world.prng, 0, agent.backoffMs));
}

/** The agent's turn each tick: the executor hook, while the session is up. */
export function agentTick(world: SwarmWorld, host: MachineHost): void {
  const agent = host.state.engine?.agent ?? null;
  const disk = host.state.disk.swarm;
  if (agent === null || agent.phase !== 'ready' || disk === null) return;
  for (const extension of swarmExtensions()) extension.agentTick?.({ world, host, nodeId: disk.nodeId });
}

/** The tasks the dispatcher last sent for this node (empty without a session). */
export function assignedTasks(host: MachineHost): readonly TaskObject[] {
  return host.state.engine?.agent?.assignedTasks ?? [];
}

/** Sends task status updates to the dispatcher (SwarmKit `UpdateTaskStatus`). False without a session. */
export function reportTaskStatus(
  world: SwarmWorld,
  host: MachineHost,
  updates: readonly TaskStatusUpdate[],
): boolean {
  const agent = host.state.engine?.agent ?? null;
  const disk = host.state.disk.swarm;
  if (agent === null || agent.phase !== 'ready' || disk === null || updates.length === 0) return false;
  const target = agent.managerAddr === 'local' ? host : resolveAddress(world, agent.managerAddr ?? '');
  const body = { nodeId: disk.nodeId, sessionId: agent.sessionId, updates };
  startCall(
    world,
    host,
    target,
    'dispatcher.updateTaskStatus',
    body,
    { kind: 'agentTaskStatus' },
    dispatcherRpcTimeoutMs,
  );
  return true;
}
