/**
 * The leader's dispatcher (SwarmKit `manager/dispatcher`, swarm.md §4.4): agents register and
 * heartbeat; each heartbeat answers with a freshly jittered period (5 s ± 0.5 s) and resets the
 * node's expiry to 3 × that period; an expired node is written `down` (`heartbeat failure`). A
 * new leader gives every node a 6 × grace in `unknown` (manager.ts `markNodesUnknown`).
 *
 * Assignments (SwarmKit's `Assignments` stream): the registration answer carries the node's
 * tasks; afterwards, whenever a committed batch touches a node's tasks, the dispatcher pushes the
 * node its tasks at once (after the event that applied the batch), through the manager its
 * session runs through. Each push has a sequence number; a heartbeat echoes the last one the agent
 * got, and one that lags (a push lost on the way) is answered with the tasks again.
 *
 * Status updates (`UpdateTaskStatus`) are taken at once and written in batches, at most 100 ms
 * after the first one waiting (SwarmKit's dispatcher batches them the same way).
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
import { type MachineHost, machineByIp, replyTo, sendPayload } from './transport.js';
import type {
  AssignmentsPush,
  IncomingCall,
  LeaderState,
  ManagerState,
  NodeTaskStatus,
  SwarmWorld,
  TaskStatusUpdate,
} from './types.js';

/** SwarmKit's dispatcher writes status updates at most this long after the first one waiting. */
export const statusBatchMaxMs = 100;
/** … or as soon as this many wait (SwarmKit `maxBatchItems`). */
export const statusBatchItemsMax = 10_000;

/** What register and heartbeat answer: the period, the managers, the node as the store has it. */
export interface SessionReply {
  readonly sessionId: string;
  readonly periodMs: number;
  /** `ip:port` of every Raft member, sorted (SwarmKit `SessionMessage.Managers`). */
  readonly managers: readonly string[];
  readonly role: NodeObject['role'];
  readonly desiredRole: NodeObject['role'];
  /**
   * Tasks assigned to the node (SwarmKit `Assignments`): always in a registration answer; in a
   * heartbeat answer only when the agent's `assignmentsSeq` lags, else null.
   */
  readonly tasks: readonly TaskObject[] | null;
  readonly assignmentsSeq: number;
}

export interface HeartbeatBody {
  readonly nodeId: string;
  readonly sessionId: string;
  /** The sequence number of the last assignments the agent got. */
  readonly assignmentsSeq: number;
}

export interface RegisterBody {
  readonly nodeId: string;
  readonly description: NodeObject['description'];
}

function basePeriodMs(manager: ManagerState): number {
  return manager.replica.store.cluster?.spec.dispatcherHeartbeatPeriodMs ?? heartbeatPeriodMs;
}

/** The node's tasks in the leader's store, by ID (store objects are never changed in place). */
export function tasksOfNode(manager: ManagerState, leader: LeaderState, nodeId: string): TaskObject[] {
  const store = manager.replica.store;
  const ids = Object.keys(leader.dispatcher.tasksByNode[nodeId] ?? {}).sort();
  const tasks: TaskObject[] = [];
  for (const id of ids) {
    const task = store.tasks[id];
    if (task !== undefined) tasks.push(task);
  }
  return tasks;
}

/** The tasks-by-node index of a new leadership, from its store. */
export function buildTasksByNode(manager: ManagerState): Record<string, Record<string, true>> {
  const byNode: Record<string, Record<string, true>> = {};
  const tasks = manager.replica.store.tasks;
  for (const id of Object.keys(tasks)) {
    const nodeId = tasks[id]?.nodeId ?? null;
    if (nodeId === null) continue;
    byNode[nodeId] ??= {};
    (byNode[nodeId] as Record<string, true>)[id] = true;
  }
  return byNode;
}

function sessionReply(
  manager: ManagerState,
  leader: LeaderState,
  nodeId: string,
  sessionId: string,
  periodMs: number,
  agentSeq: number | null,
): SessionReply {
  const store = manager.replica.store;
  const managers = Object.values(manager.replica.members)
    .map((member) => member.addr)
    .sort();
  const seq = leader.dispatcher.nodes[nodeId]?.assignmentsSeq ?? 0;
  const tasks = agentSeq === null || agentSeq < seq ? tasksOfNode(manager, leader, nodeId) : null;
  const node = store.nodes[nodeId];
  const role = node?.role ?? 'worker';
  const desiredRole = node?.spec.desiredRole ?? 'worker';
  return { sessionId, periodMs, managers, role, desiredRole, tasks, assignmentsSeq: seq };
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
  leader.dispatcher.nodes[body.nodeId] = {
    sessionId,
    expiresAtMs: world.nowMs,
    unknown: false,
    agentHost: machineByIp(world, call.callerIp)?.id ?? null,
    viaHost: call.replyTo,
    assignmentsSeq: 1,
  };
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
  const reply = sessionReply(manager, leader, body.nodeId, sessionId, periodMs, null);
  replyTo(world, host, call, { ok: true, value: reply });
}

/** A heartbeat: unknown session → NotFound (the agent registers again); else a new period. */
export function handleHeartbeat(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  call: IncomingCall,
): void {
  const manager = managerOf(host) as ManagerState;
  const body = call.body as HeartbeatBody;
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
  const agentSeq = typeof body.assignmentsSeq === 'number' ? body.assignmentsSeq : 0;
  replyTo(world, host, call, {
    ok: true,
    value: sessionReply(manager, leader, body.nodeId, body.sessionId, periodMs, agentSeq),
  });
}

/**
 * `UpdateTaskStatus` from an agent with a valid session: taken at once (the answer does not wait
 * for the write), written with the others at most 100 ms later.
 */
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
  const dispatcher = leader.dispatcher;
  dispatcher.statusReports.push({ nodeId: body.nodeId, updates: body.updates });
  replyTo(world, host, call, { ok: true, value: null });
  if (dispatcher.statusReports.length >= statusBatchItemsMax) {
    flushTaskStatus(world, host, leader.epoch);
    return;
  }
  if (dispatcher.statusFlushArmed) return;
  dispatcher.statusFlushArmed = true;
  setTimer(world, host, statusBatchMaxMs, 'statusFlush', {
    kind: 'timer',
    timer: { type: 'statusFlush', epoch: leader.epoch },
  });
}

/** Writes the status reports waiting, as one batch. */
export function flushTaskStatus(world: SwarmWorld, host: MachineHost, epoch: number): void {
  const leader = managerOf(host)?.leader ?? null;
  if (leader === null || leader.epoch !== epoch) return;
  const reports: NodeTaskStatus[] = leader.dispatcher.statusReports;
  leader.dispatcher.statusReports = [];
  leader.dispatcher.statusFlushArmed = false;
  if (reports.length === 0) return;
  submitWrite(world, host, { op: { kind: 'taskStatus', reports }, origin: null });
}

/**
 * On the leader, after it applied a committed batch: the tasks-by-node index follows, and the
 * nodes whose tasks changed are pushed their assignments after the current event. `changes` are
 * the tasks the batch created, changed or deleted, with their node (manager.ts reads them before
 * applying the batch, while deleted tasks are still in the store).
 */
export function noteTaskChanges(
  world: SwarmWorld,
  host: MachineHost,
  leader: LeaderState,
  changes: readonly { readonly taskId: string; readonly nodeId: string; readonly deleted: boolean }[],
): void {
  if (changes.length === 0) return;
  const dispatcher = leader.dispatcher;
  let armed = false;
  for (const _ in dispatcher.pushTaskIds) {
    armed = true;
    break;
  }
  for (const change of changes) {
    const onNode = dispatcher.tasksByNode[change.nodeId] ?? {};
    if (change.deleted) delete onNode[change.taskId];
    else onNode[change.taskId] = true;
    dispatcher.tasksByNode[change.nodeId] = onNode;
    const changed = dispatcher.pushTaskIds[change.nodeId] ?? {};
    changed[change.taskId] = true;
    dispatcher.pushTaskIds[change.nodeId] = changed;
  }
  if (armed) return;
  setTimer(world, host, 0, 'assignmentsPush', {
    kind: 'timer',
    timer: { type: 'assignmentsPush', epoch: leader.epoch },
  });
}

/** Pushes every node whose tasks changed its assignments, through its session's manager. */
export function pushAssignments(world: SwarmWorld, host: MachineHost, epoch: number): void {
  const manager = managerOf(host);
  const leader = manager?.leader ?? null;
  if (manager === null || leader === null || leader.epoch !== epoch) return;
  const pushTaskIds = leader.dispatcher.pushTaskIds;
  leader.dispatcher.pushTaskIds = {};
  for (const nodeId of Object.keys(pushTaskIds).sort()) {
    const entry = leader.dispatcher.nodes[nodeId];
    if (entry === undefined || entry.sessionId === null || entry.agentHost === null) continue;
    entry.assignmentsSeq++;
    const push: AssignmentsPush = {
      agentHost: entry.agentHost,
      nodeId,
      sessionId: entry.sessionId,
      seq: entry.assignmentsSeq,
      tasks: tasksOfNode(manager, leader, nodeId),
      changedTaskIds: Object.keys(pushTaskIds[nodeId] ?? {}).sort(),
    };
    const via = entry.viaHost === null || entry.viaHost === host.id ? entry.agentHost : entry.viaHost;
    sendPayload(world, host, via, { kind: 'assignments', push });
  }
}

/** A manager the session runs through passes a push on to the agent's machine. */
export function forwardAssignments(world: SwarmWorld, host: MachineHost, push: AssignmentsPush): void {
  sendPayload(world, host, push.agentHost, { kind: 'assignments', push });
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
