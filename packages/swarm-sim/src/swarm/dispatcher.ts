/**
 * The leader's dispatcher (SwarmKit `manager/dispatcher`, swarm.md §4.4): agents register and
 * heartbeat; each heartbeat answers with a freshly jittered period (5 s ± 0.5 s) and resets the
 * node's expiry to 3 × that period; an expired node is written `down` (`heartbeat failure`). A
 * new leader gives every node a 6 × grace in `unknown` (manager.ts `markNodesUnknown`).
 */
import { newSwarmId } from '../docker/identity.js';
import { setTimer } from '../kernel/run.js';
import { nodeNotFound, nodeRemovedFromSwarm, registrationRateLimited, rpcErrors } from './errors.js';
import { jitteredPeriodMs, managerOf, submitWrite } from './manager.js';
import type { NodeObject, TaskObject } from './objects.js';
import {
  gracePeriodMultiplierNormal,
  heartbeatPeriodMs,
  registrationLimitCount,
  registrationWindowMs,
} from './timing.js';
import { type MachineHost, replyTo } from './transport.js';
import type { IncomingCall, LeaderState, ManagerState, SwarmWorld, TaskStatusUpdate } from './types.js';

/** What register and heartbeat answer: the period, the managers, the node as the store has it. */
export interface SessionReply {
  readonly sessionId: string;
  readonly periodMs: number;
  /** `ip:port` of every Raft member, sorted (SwarmKit `SessionMessage.Managers`). */
  readonly managers: readonly string[];
  readonly role: NodeObject['role'];
  readonly desiredRole: NodeObject['role'];
  /** Tasks assigned to the node (SwarmKit `Assignments`). */
  readonly tasks: readonly TaskObject[];
}

export interface RegisterBody {
  readonly nodeId: string;
  readonly description: NodeObject['description'];
}

function basePeriodMs(manager: ManagerState): number {
  return manager.replica.store.cluster?.spec.dispatcherHeartbeatPeriodMs ?? heartbeatPeriodMs;
}

function sessionReply(
  manager: ManagerState,
  nodeId: string,
  sessionId: string,
  periodMs: number,
): SessionReply {
  const store = manager.replica.store;
  const managers = Object.values(manager.replica.members)
    .map((member) => member.addr)
    .sort();
  const tasks = Object.keys(store.tasks)
    .sort()
    .map((id) => store.tasks[id] as TaskObject)
    .filter((task) => task.nodeId === nodeId);
  const node = store.nodes[nodeId];
  const role = node?.role ?? 'worker';
  const desiredRole = node?.spec.desiredRole ?? 'worker';
  return { sessionId, periodMs, managers, role, desiredRole, tasks: structuredClone(tasks) };
}

/** Sets the node's expiry to `multiplier` × a jittered period from now. Returns the period. */
function armExpiry(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  manager: ManagerState,
  nodeId: string,
): number {
  const periodMs = jitteredPeriodMs(world, basePeriodMs(manager));
  const graceMs = gracePeriodMultiplierNormal * periodMs;
  const expiresAtMs = world.nowMs + graceMs;
  const entry = leader.dispatcher.nodes[nodeId];
  if (entry !== undefined) {
    entry.expiresAtMs = expiresAtMs;
    entry.unknown = false;
  }
  setTimer(world, host, graceMs, 'heartbeatExpiry', {
    kind: 'timer',
    timer: { type: 'heartbeatExpiry', epoch: leader.epoch, nodeId, expiresAtMs },
  });
  return periodMs;
}

/**
 * `Session` registration: the node must exist and not be removed; at most 3 registrations in 8 s;
 * a new session; the node is written `ready` with the address the dispatcher saw.
 */
export function handleRegister(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  call: IncomingCall,
): void {
  const manager = managerOf(host) as ManagerState;
  const body = call.body as RegisterBody;
  const store = manager.replica.store;
  if (store.cluster?.blacklistedNodeIds.includes(body.nodeId) === true) {
    replyTo(world, host, call, { ok: false, error: nodeRemovedFromSwarm(body.nodeId) });
    return;
  }
  if (store.nodes[body.nodeId] === undefined) {
    replyTo(world, host, call, { ok: false, error: nodeNotFound(body.nodeId) });
    return;
  }
  const recent = (leader.dispatcher.registrations[body.nodeId] ?? []).filter(
    (atMs) => world.nowMs - atMs < registrationWindowMs,
  );
  if (recent.length >= registrationLimitCount) {
    leader.dispatcher.registrations[body.nodeId] = recent;
    replyTo(world, host, call, { ok: false, error: registrationRateLimited(body.nodeId) });
    return;
  }
  recent.push(world.nowMs);
  leader.dispatcher.registrations[body.nodeId] = recent;
  const sessionId = newSwarmId(world.prng);
  leader.dispatcher.nodes[body.nodeId] = { sessionId, expiresAtMs: world.nowMs, unknown: false };
  const periodMs = armExpiry(world, host, leader, manager, body.nodeId);
  submitWrite(world, host, {
    op: {
      kind: 'nodeStatus',
      nodeIds: [body.nodeId],
      state: 'ready',
      message: '',
      addr: call.callerIp,
      description: body.description,
      onlyIfState: null,
    },
    origin: null,
  });
  replyTo(world, host, call, { ok: true, value: sessionReply(manager, body.nodeId, sessionId, periodMs) });
}

/** A heartbeat: unknown session → NotFound (the agent registers again); else a new period. */
export function handleHeartbeat(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  call: IncomingCall,
): void {
  const manager = managerOf(host) as ManagerState;
  const body = call.body as { nodeId: string; sessionId: string };
  const entry = leader.dispatcher.nodes[body.nodeId];
  if (entry === undefined || entry.sessionId === null) {
    replyTo(world, host, call, { ok: false, error: rpcErrors.nodeNotRegistered });
    return;
  }
  if (entry.sessionId !== body.sessionId) {
    replyTo(world, host, call, { ok: false, error: rpcErrors.sessionInvalid });
    return;
  }
  const periodMs = armExpiry(world, host, leader, manager, body.nodeId);
  replyTo(world, host, call, {
    ok: true,
    value: sessionReply(manager, body.nodeId, body.sessionId, periodMs),
  });
}

/** `UpdateTaskStatus` from an agent with a valid session. */
export function handleTaskStatus(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  call: IncomingCall,
): void {
  const body = call.body as { nodeId: string; sessionId: string; updates: readonly TaskStatusUpdate[] };
  const entry = leader.dispatcher.nodes[body.nodeId];
  if (entry === undefined || entry.sessionId !== body.sessionId) {
    replyTo(world, host, call, { ok: false, error: rpcErrors.sessionInvalid });
    return;
  }
  submitWrite(world, host, {
    op: { kind: 'taskStatus', nodeId: body.nodeId, updates: body.updates },
    origin: call,
  });
}

/** The expiry timer fired: if nothing renewed it since, the node is down. */
export function handleHeartbeatExpiry(
  world: SwarmWorld,
  host: MachineHost,
  timer: { epoch: number; nodeId: string; expiresAtMs: number },
): void {
  const manager = managerOf(host);
  const leader = manager?.leader ?? null;
  if (leader === null || leader.epoch !== timer.epoch) return;
  const entry = leader.dispatcher.nodes[timer.nodeId];
  if (entry === undefined || entry.expiresAtMs !== timer.expiresAtMs) return;
  delete leader.dispatcher.nodes[timer.nodeId];
  const message = entry.unknown ? 'heartbeat failure for node in "unknown" state' : 'heartbeat failure';
  submitWrite(world, host, {
    op: {
      kind: 'nodeStatus',
      nodeIds: [timer.nodeId],
      state: 'down',
      message,
      addr: null,
      description: null,
      onlyIfState: null,
    },
    origin: null,
  });
}
