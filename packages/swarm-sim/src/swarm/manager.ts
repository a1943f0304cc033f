/**
 * A manager: a Raft member (hosted through lab/raft-host.ts, so the safety checkers see it),
 * the replica its committed entries build, and, while it leads, the leader's components.
 *
 * After every call into Raft, `settleManager` looks at what changed: a node that leads and has
 * applied its whole log starts leading (SwarmKit's `signalledLeadership`: dispatcher, CA, role
 * manager, the write queue); one that stopped leading fails what it had pending with `node lost
 * leader status`; one that learnt it was removed stops being a manager. Writes are serialised
 * (SwarmKit's store update lock): one in flight at a time, answered when applied.
 */
import {
  compact,
  defaultConfig as defaultRaftConfig,
  type LogEntry,
  nextInt,
  nodeStatus,
  type Message as RaftMessage,
  type RaftNode,
} from '@swarmsim/raft';
import { assert } from '../kernel/assert.js';
import { setTimer } from '../kernel/run.js';
import { emit, traceWants } from '../kernel/trace.js';
import type { HostId, World } from '../kernel/types.js';
import {
  crashRaftMember,
  createRaftMember,
  handleRaftOutput,
  type RaftHostHooks,
  raftPropose,
  raftStep,
  raftTick,
  startRaftMember,
} from '../lab/raft-host.js';
import { buildTasksByNode, noteTaskChanges } from './dispatcher.js';
import { rpcErrors } from './errors.js';
import { type LeaderContext, swarmExtensions } from './extensions.js';
import {
  applyCommand,
  createReplica,
  decodeEntryCommand,
  describeCommand,
  deserializeReplica,
  encodeCommand,
  type LogCommand,
  serializeReplica,
} from './store.js';
import {
  defaultSnapshotInterval,
  gracePeriodMultiplierUnknown,
  heartbeatJitterMs,
  raftSendTimeoutMs,
  writeQueueMax,
} from './timing.js';
import { engineOf, sendPayload as hostSend, type MachineHost, replyTo, resolveAddress } from './transport.js';
import type {
  BootstrapParams,
  IncomingCall,
  LeaderState,
  ManagerReplica,
  ManagerState,
  PendingWrite,
  SwarmError,
  SwarmWorld,
} from './types.js';
import { type LeaderWriteOutcome, proposeMembershipChange, runWrite } from './writes.js';

/**
 * The world as lab/raft-host.ts sees it: raft-host sends Raft messages as they are, and they are
 * one kind of `SwarmPayload`, so the swarm world carries them unchanged.
 */
export function raftWorld(world: SwarmWorld): World<MachineState, RaftMessage> {
  return world as unknown as World<MachineState, RaftMessage>;
}

export function managerOf(host: MachineHost): ManagerState | null {
  return host.state.engine?.manager ?? null;
}

/** The running Raft node of this machine's manager, or null. */
export function raftNodeOf(host: MachineHost): RaftNode | null {
  if (host.state.engine?.manager === null || host.state.engine === null) return null;
  return host.state.disk.swarm?.raft?.node ?? null;
}

export function raftIdOf(host: MachineHost): string | null {
  return host.state.disk.swarm?.raft?.config.id ?? null;
}

/**
 * The hooks raft-host needs, bound to this machine: its member lives on its disk, its state
 * machine is the replica, and raft IDs resolve to machines through the memberlist. Built per
 * call and never stored.
 */
export function raftHooksFor(world: SwarmWorld, host: MachineHost): RaftHostHooks<MachineState> {
  return {
    member: (state) => {
      const raft = state.disk.swarm?.raft ?? null;
      assert(raft !== null, `${host.id} has a raft member`);
      return raft;
    },
    apply: (_world, applyHost, entry) => applyEntry(world, applyHost as MachineHost, entry),
    restore: (_world, restoreHost, snapshot) => {
      const machine = restoreHost as MachineHost;
      const manager = managerOf(machine);
      if (manager !== null)
        manager.replica = snapshot === null ? createReplica() : deserializeReplica(snapshot.data);
      const disk = machine.state.disk.swarm;
      if (disk !== null && snapshot !== null) {
        disk.appliedIndexDurable = Math.max(disk.appliedIndexDurable, snapshot.lastIncludedIndex);
      }
    },
    hostOf: (raftId) => hostOfRaftId(world, host, raftId),
  };
}

type MachineState = MachineHost['state'];

/** Where a raft ID lives, noting the send for the reachability rule. Unknown IDs go nowhere. */
function hostOfRaftId(world: SwarmWorld, host: MachineHost, raftId: string): HostId {
  const manager = managerOf(host);
  if (manager === null) return `raft:${raftId}`;
  const peer = manager.transport[raftId] ?? { unansweredSinceMs: null, activeSinceMs: world.nowMs };
  if (peer.unansweredSinceMs === null) peer.unansweredSinceMs = world.nowMs;
  manager.transport[raftId] = peer;
  const addr = manager.replica.members[raftId]?.addr ?? manager.peerAddrs[raftId] ?? null;
  const target = addr === null ? null : resolveAddress(world, addr);
  return target === null ? `raft:${raftId}` : target.id;
}

/** The reachability rule (docs/swarm-model.md): unanswered for SendTimeout means unreachable. */
export function peerReachable(manager: ManagerState, raftId: string, nowMs: number): boolean {
  const since = manager.transport[raftId]?.unansweredSinceMs ?? null;
  return since === null || nowMs - since < raftSendTimeoutMs;
}

export function createManagerState(bootstrap: BootstrapParams | null): ManagerState {
  return {
    replica: createReplica(),
    ticksWithNoLeader: 0,
    parkedCalls: [],
    transport: {},
    leader: null,
    leaderEpoch: 0,
    removed: false,
    peerAddrs: {},
    bootstrap,
    forceNewCluster: false,
    forcedSpecChanges: null,
  };
}

/**
 * Starts the manager from the identity on disk: the Raft node from its persisted state (a new
 * member the first time), the replica from its snapshot and the log up to the durable applied
 * index. `raftId` and `voters` create the member when the disk has none yet.
 */
export function bootManager(
  world: SwarmWorld,
  host: MachineHost,
  creation: { raftId: string; voters: readonly string[] } | null,
  bootstrap: BootstrapParams | null,
): void {
  const disk = host.state.disk.swarm;
  assert(disk !== null, 'a manager boots from a swarm identity');
  const engine = engineOf(host);
  engine.manager = createManagerState(bootstrap);
  if (disk.raft === null) {
    assert(creation !== null, 'a new manager gets a raft ID and voters');
    disk.raft = createRaftMember(raftConfigFor(creation.raftId), { voters: [...creation.voters] });
    disk.appliedIndexDurable = 0;
  }
  startRaftMember(raftWorld(world), host, raftHooksFor(world, host));
  replayDurableEntries(engine.manager, disk.raft.persisted.entries, disk.appliedIndexDurable);
  if (engine.manager.replica.removedRaftIds.includes(disk.raft.config.id)) engine.manager.removed = true;
}

export function raftConfigFor(raftId: string) {
  // SwarmKit's defaults (swarm.md §5) are the raft package's defaults.
  return defaultRaftConfig(raftId);
}

function replayDurableEntries(
  manager: ManagerState,
  entries: readonly LogEntry[],
  durableIndex: number,
): void {
  for (const entry of entries) {
    if (entry.index > durableIndex) break;
    if (entry.index <= manager.replica.store.appliedIndex) continue;
    applyEntryToReplica(manager.replica, entry, entry.kind === 'command' ? decodeEntryCommand(entry) : null);
  }
}

/** Applies one entry to a replica; returns a label for traces. `command` is the decoded entry. */
function applyEntryToReplica(replica: ManagerReplica, entry: LogEntry, command: LogCommand | null): string {
  if (command !== null) {
    applyCommand(replica, command, entry.index);
    return describeCommand(command);
  }
  replica.store.appliedIndex = entry.index;
  if (entry.kind === 'config') return `${entry.change.type} ${entry.change.node}`;
  return entry.kind === 'noop' ? 'no-op' : 'unreadable command';
}

/** The tasks a store command creates, changes or deletes on a node (read before it is applied). */
function taskChangesOf(
  store: ManagerReplica['store'],
  command: LogCommand,
): { taskId: string; nodeId: string; deleted: boolean }[] {
  const changes: { taskId: string; nodeId: string; deleted: boolean }[] = [];
  if (command.kind !== 'store') return changes;
  for (const action of command.actions) {
    if (action.kind === 'delete') {
      const nodeId = action.type === 'task' ? (store.tasks[action.id]?.nodeId ?? null) : null;
      if (nodeId !== null) changes.push({ taskId: action.id, nodeId, deleted: true });
      continue;
    }
    if (action.target.type !== 'task' || action.target.object.nodeId === null) continue;
    changes.push({
      taskId: action.target.object.meta.id,
      nodeId: action.target.object.nodeId,
      deleted: false,
    });
  }
  return changes;
}

/** raft-host's apply hook: the replica, the durable index, the write in flight, pushes, extensions. */
function applyEntry(world: SwarmWorld, host: MachineHost, entry: LogEntry): string {
  const manager = managerOf(host);
  const disk = host.state.disk.swarm;
  if (manager === null || disk === null) return 'ignored';
  if (entry.index <= manager.replica.store.appliedIndex) return 'replayed at boot';
  const command = entry.kind === 'command' ? decodeEntryCommand(entry) : null;
  const leader = manager.leader;
  const taskChanges =
    leader !== null && command !== null ? taskChangesOf(manager.replica.store, command) : [];
  const label = applyEntryToReplica(manager.replica, entry, command);
  disk.appliedIndexDurable = Math.max(disk.appliedIndexDurable, entry.index);
  const cluster = manager.replica.store.cluster;
  disk.unlockKey = cluster?.spec.autolock ? cluster.unlockKey : null;
  if (
    entry.kind === 'config' &&
    entry.change.type === 'removeVoter' &&
    entry.change.node === raftIdOf(host)
  ) {
    manager.removed = true;
  }
  const inFlight = manager.leader?.inFlight ?? null;
  if (inFlight !== null && inFlight.index === entry.index) inFlight.applied = entry.term === inFlight.term;
  if (leader !== null && command !== null) {
    if (traceWants(world, 'note')) emit(world, { kind: 'note', node: host.id, text: `committed: ${label}` });
    noteTaskChanges(world, host, leader, taskChanges);
  }
  if (command !== null) {
    for (const extension of swarmExtensions()) {
      extension.onApplied?.({ world, host, manager, command, index: entry.index });
    }
  }
  return label;
}

/** Called every tick (1 s) on a running manager. */
export function managerTick(world: SwarmWorld, host: MachineHost): void {
  const manager = managerOf(host);
  const node = raftNodeOf(host);
  if (manager === null || node === null) return;
  raftTick(raftWorld(world), host, raftHooksFor(world, host));
  manager.ticksWithNoLeader = node.leaderId === null ? manager.ticksWithNoLeader + 1 : 0;
  settleManager(world, host);
}

/** A raft message arrived from machine `source`. */
export function managerReceiveRaft(
  world: SwarmWorld,
  host: MachineHost,
  source: MachineHost,
  message: RaftMessage,
): void {
  const manager = managerOf(host);
  const node = raftNodeOf(host);
  if (manager === null || node === null || message.to !== node.config.id) return;
  if (manager.replica.removedRaftIds.includes(message.from)) {
    // SwarmKit refuses a removed member: `raft: member was removed from the cluster`.
    hostSend(world, host, source.id, { kind: 'raftRemoved', raftId: message.from });
    return;
  }
  const previous = manager.transport[message.from];
  const wasReachable = previous !== undefined && peerReachable(manager, message.from, world.nowMs);
  manager.transport[message.from] = {
    unansweredSinceMs: null,
    activeSinceMs: wasReachable ? previous.activeSinceMs : world.nowMs,
  };
  const advertise = source.state.disk.swarm?.advertiseAddr;
  if (advertise !== undefined) manager.peerAddrs[message.from] = advertise;
  raftStep(raftWorld(world), host, raftHooksFor(world, host), message);
  settleManager(world, host);
}

/**
 * Looks at the Raft node after a call into it: starts or stops leading, runs the write queue,
 * and leaves the cluster when removed.
 */
export function settleManager(world: SwarmWorld, host: MachineHost): void {
  const manager = managerOf(host);
  const node = raftNodeOf(host);
  if (manager === null || node === null) return;
  if (manager.leader !== null && (node.role !== 'leader' || node.term !== manager.leader.term)) {
    stopLeading(world, host, manager);
  }
  if (manager.leader === null && node.role === 'leader' && !manager.removed) {
    const status = nodeStatus(node);
    const applied = host.state.disk.swarm?.raft?.appliedIndex ?? 0;
    if (applied >= status.lastLogIndex) startLeading(world, host, manager, node);
  }
  if (manager.leader !== null) processWrites(world, host, manager);
  maybeSnapshot(world, host, manager);
}

/**
 * SwarmKit snapshots every `SnapshotInterval` (10000) applied entries and keeps 500 entries
 * after it for slow followers (`LogEntriesForSlowFollowers`, the raft config).
 */
function maybeSnapshot(world: SwarmWorld, host: MachineHost, manager: ManagerState): void {
  const raft = host.state.disk.swarm?.raft ?? null;
  const node = raft?.node ?? null;
  if (raft === null || node === null) return;
  const interval = manager.replica.store.cluster?.spec.raft.snapshotInterval ?? defaultSnapshotInterval;
  const snapshotIndex = raft.persisted.snapshot?.lastIncludedIndex ?? 0;
  const appliedIndex = manager.replica.store.appliedIndex;
  if (interval <= 0 || appliedIndex - snapshotIndex < interval || appliedIndex > node.commitIndex) return;
  const before = { term: node.term, votedFor: node.votedFor };
  const output = compact(node, appliedIndex, serializeReplica(manager.replica));
  handleRaftOutput(raftWorld(world), host, raftHooksFor(world, host), output, before);
}

function startLeading(world: SwarmWorld, host: MachineHost, manager: ManagerState, node: RaftNode): void {
  manager.leaderEpoch++;
  const leader: LeaderState = {
    epoch: manager.leaderEpoch,
    sinceMs: world.nowMs,
    term: node.term,
    writeQueue: [],
    inFlight: null,
    dispatcher: {
      nodes: {},
      registrations: {},
      tasksByNode: buildTasksByNode(manager),
      pushTaskIds: {},
      statusReports: [],
      statusFlushArmed: false,
    },
    pendingJoins: [],
    roleRetryAtMs: {},
    transfer: null,
    extensionState: {},
  };
  manager.leader = leader;
  emit(world, {
    kind: 'note',
    node: host.id,
    text: `${host.id} leads (term ${node.term}): dispatcher, CA and role manager started`,
  });
  if (manager.bootstrap !== null && manager.replica.store.cluster === null) {
    leader.writeQueue.push({ op: { kind: 'bootstrap', params: manager.bootstrap }, origin: null });
  }
  manager.bootstrap = null;
  if (manager.forceNewCluster) {
    leader.writeQueue.push({ op: { kind: 'dropOtherMembers' }, origin: null });
    manager.forceNewCluster = false;
  }
  if (manager.forcedSpecChanges !== null) {
    const params = { spec: manager.forcedSpecChanges };
    leader.writeQueue.push({
      op: { kind: 'control', method: 'swarm.update', params, callerNodeId: null },
      origin: null,
    });
    manager.forcedSpecChanges = null;
  }
  markNodesUnknown(world, host, manager, leader);
}

/**
 * SwarmKit's dispatcher start: every node not already Down becomes Unknown and gets a 6× grace
 * to register (swarm.md §4.4).
 */
function markNodesUnknown(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  leader: LeaderState,
): void {
  const store = manager.replica.store;
  const nodeIds = Object.keys(store.nodes)
    .sort()
    .filter((id) => store.nodes[id]?.status.state !== 'down');
  if (nodeIds.length === 0) return;
  const periodMs = store.cluster?.spec.dispatcherHeartbeatPeriodMs ?? 5000;
  for (const nodeId of nodeIds) {
    const graceMs = gracePeriodMultiplierUnknown * jitteredPeriodMs(world, periodMs);
    const expiresAtMs = world.nowMs + graceMs;
    leader.dispatcher.nodes[nodeId] = {
      sessionId: null,
      expiresAtMs,
      unknown: true,
      agentHost: null,
      viaHost: null,
      assignmentsSeq: 0,
    };
    setTimer(world, host, graceMs, 'heartbeatExpiry', {
      kind: 'timer',
      timer: { type: 'heartbeatExpiry', epoch: leader.epoch, nodeId, expiresAtMs },
    });
  }
  const message = 'Node moved to "unknown" state due to leadership change in cluster';
  enqueueWrite(world, host, {
    op: {
      kind: 'nodeStatus',
      nodeIds,
      state: 'unknown',
      message,
      addr: null,
      description: null,
      onlyIfState: null,
    },
    origin: null,
  });
}

/** The dispatcher's period chooser: the base period ± 500 ms, uniform. */
export function jitteredPeriodMs(world: SwarmWorld, periodMs: number): number {
  return nextInt(world.prng, periodMs - heartbeatJitterMs, periodMs + heartbeatJitterMs + 1);
}

function stopLeading(world: SwarmWorld, host: MachineHost, manager: ManagerState): void {
  const leader = manager.leader;
  assert(leader !== null, 'stop leading only while leading');
  manager.leader = null;
  const failed: PendingWrite[] = [
    ...(leader.inFlight === null ? [] : [leader.inFlight.write]),
    ...leader.writeQueue,
  ];
  for (const write of failed) {
    if (write.origin !== null)
      replyTo(world, host, write.origin, { ok: false, error: rpcErrors.lostLeadership });
  }
  for (const join of leader.pendingJoins) {
    // Joins past their health check have a write queued, which has just been failed.
    if (join.raftId === null) replyTo(world, host, join.call, { ok: false, error: rpcErrors.lostLeadership });
  }
  emit(world, {
    kind: 'note',
    node: host.id,
    text: `${host.id} stopped leading: pending writes fail (node lost leader status)`,
  });
}

/** Queues a write on the leader. The caller must have checked that this manager leads. */
export function enqueueWrite(world: SwarmWorld, host: MachineHost, write: PendingWrite): void {
  const leader = managerOf(host)?.leader ?? null;
  assert(leader !== null, 'writes are queued on the leader');
  if (leader.writeQueue.length >= writeQueueMax) {
    if (write.origin !== null)
      replyTo(world, host, write.origin, { ok: false, error: rpcErrors.deadlineExceeded });
    return;
  }
  leader.writeQueue.push(write);
}

/** Queues a write and runs the queue at once (what callers outside a Raft call use). */
export function submitWrite(world: SwarmWorld, host: MachineHost, write: PendingWrite): void {
  enqueueWrite(world, host, write);
  const manager = managerOf(host);
  if (manager !== null && manager.leader !== null) processWrites(world, host, manager);
}

function processWrites(world: SwarmWorld, host: MachineHost, manager: ManagerState): void {
  for (let guard = 0; guard <= writeQueueMax; guard++) {
    const leader = manager.leader;
    if (leader === null) return;
    const inFlight = leader.inFlight;
    if (inFlight !== null) {
      if (!inFlight.applied) return;
      leader.inFlight = null;
      if (inFlight.write.origin !== null)
        replyTo(world, host, inFlight.write.origin, { ok: true, value: inFlight.value });
    }
    const write = leader.writeQueue.shift();
    if (write === undefined) return;
    if (write.origin !== null && write.origin.deadlineAtMs <= world.nowMs) continue;
    const outcome = runWrite(leaderContext(world, host, manager, write.origin), write.op, write.origin);
    proposeOutcome(world, host, manager, write, outcome);
  }
}

export function leaderContext(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  origin: IncomingCall | null,
): LeaderContext {
  const callerNodeId = origin === null ? null : callerNodeIdOf(origin);
  return {
    world,
    host,
    manager,
    store: manager.replica.store,
    nowMs: world.nowMs,
    callerNodeId,
    prng: world.prng,
  };
}

function callerNodeIdOf(call: IncomingCall): string | null {
  const body = call.body as { callerNodeId?: unknown } | null;
  return body !== null && typeof body === 'object' && typeof body.callerNodeId === 'string'
    ? body.callerNodeId
    : null;
}

/** Proposes what a write produced, or answers at once when there is nothing to commit. */
function proposeOutcome(
  world: SwarmWorld,
  host: MachineHost,
  manager: ManagerState,
  write: PendingWrite,
  outcome: LeaderWriteOutcome,
): void {
  const leader = manager.leader;
  const node = raftNodeOf(host);
  assert(leader !== null && node !== null, 'proposals come from a running leader');
  if (!outcome.ok) {
    if (write.origin !== null) replyTo(world, host, write.origin, { ok: false, error: outcome.error });
    return;
  }
  const commands: LogCommand[] = [];
  if (outcome.actions !== undefined && outcome.actions.length > 0) {
    commands.push({ kind: 'store', label: outcome.label ?? 'update store', actions: outcome.actions });
  }
  for (const change of outcome.members ?? [])
    commands.push({ kind: 'member', change: change.change, member: change.member });
  const configEntries = outcome.configChange === undefined ? 0 : 1;
  if (commands.length === 0 && configEntries === 0) {
    if (write.origin !== null) replyTo(world, host, write.origin, { ok: true, value: outcome.value });
    return;
  }
  const expectedIndex = nodeStatus(node).lastLogIndex + configEntries + commands.length;
  leader.inFlight = { write, index: expectedIndex, term: node.term, value: outcome.value, applied: false };
  const refusal = proposeAll(world, host, outcome, commands);
  if (refusal !== null) {
    leader.inFlight = null;
    if (write.origin !== null) replyTo(world, host, write.origin, { ok: false, error: refusal });
  }
}

/** The configuration change first (it may be refused), then the commands. */
function proposeAll(
  world: SwarmWorld,
  host: MachineHost,
  outcome: Extract<LeaderWriteOutcome, { ok: true }>,
  commands: readonly LogCommand[],
): SwarmError | null {
  if (outcome.configChange !== undefined) {
    const result = proposeMembershipChange(world, host, outcome.configChange);
    if (!result.ok)
      return result.reason === 'changeInProgress'
        ? rpcErrors.membershipChangeInProgress
        : rpcErrors.lostLeadership;
  }
  for (const command of commands) {
    const result = raftPropose(raftWorld(world), host, raftHooksFor(world, host), encodeCommand(command));
    if (!result.ok) return rpcErrors.lostLeadership;
  }
  return null;
}

/**
 * Stops the manager runtime (kept on disk unless `wipe`): leader components fail their work,
 * the Raft node stops. Used by leave, demotion and removal.
 */
export function stopManager(world: SwarmWorld, host: MachineHost, wipeRaft: boolean): void {
  const engine = engineOf(host);
  const manager = engine.manager;
  if (manager !== null && manager.leader !== null) stopLeading(world, host, manager);
  engine.manager = null;
  const disk = host.state.disk.swarm;
  if (disk?.raft !== null && disk?.raft !== undefined) {
    crashRaftMember(disk.raft);
    if (wipeRaft) {
      disk.raft = null;
      disk.appliedIndexDurable = 0;
    }
  }
}

/** Re-export for the engine: handling a Raft output outside the usual calls (force-new-cluster). */
export { handleRaftOutput };
