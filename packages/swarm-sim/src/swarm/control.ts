/**
 * The control API on the leader (SwarmKit `manager/controlapi`, moby `daemon/cluster`): nodes,
 * the cluster object, tasks, and the two composite reads the daemon makes for `docker info` and
 * the leave refusal. Reads answer from the leader's store at once; writes are queued (manager.ts)
 * and answered when applied. Extensions add methods (extensions.ts).
 */

import { generateJoinToken, newUnlockKey, rootCaDigestHex } from '../docker/identity.js';
import {
  daemonErrors,
  invalidArgument,
  invalidAvailability,
  invalidRole,
  removeManagerRefused,
  removeNotDownRefused,
  rpcErrors,
  unknownMethod,
} from './errors.js';
import { type ControlMethod, extensionMethod, type LeaderContext, type WriteOutcome } from './extensions.js';
import { leaderContext, managerOf, peerReachable, raftIdOf, submitWrite } from './manager.js';
import { canRemoveMember as canRemove } from './membership.js';
import {
  type ClusterObject,
  type NodeObject,
  type StoreAction,
  type TaskObject,
  taskStateOrder,
} from './objects.js';
import { memberOfNode, resolveNode, sortedNodes } from './store.js';
import { type MachineHost, replyTo } from './transport.js';
import type { IncomingCall, SwarmWorld } from './types.js';

/** The body of a `control` call: a method of this table or of an extension. */
export interface ControlCallBody {
  readonly method: string;
  readonly params: unknown;
  /** The caller's node ID, for `self`; null outside a swarm. */
  readonly callerNodeId: string | null;
}

/** On the leader: run a read now, or queue a write. */
export function handleControlCall(world: SwarmWorld, host: MachineHost, call: IncomingCall): void {
  const manager = managerOf(host);
  if (manager === null || manager.leader === null) return;
  const body = call.body as ControlCallBody;
  const method = controlMethod(body.method) ?? extensionMethod(body.method);
  if (method === null) {
    replyTo(world, host, call, { ok: false, error: unknownMethod(body.method) });
    return;
  }
  if (!method.write) {
    const context = { ...leaderContext(world, host, manager, call), callerNodeId: body.callerNodeId };
    const outcome = method.run(context, body.params ?? {});
    replyTo(
      world,
      host,
      call,
      outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: outcome.error },
    );
    return;
  }
  submitWrite(world, host, {
    op: { kind: 'control', method: body.method, params: body.params ?? {}, callerNodeId: body.callerNodeId },
    origin: call,
  });
}

/**
 * A node as the control API returns it: ManagerStatus computed now from the memberlist, as
 * SwarmKit's `GetNode`/`ListNodes` do (Leader for the leader's raft ID, else Reachable or
 * Unreachable by the transport rule; null when the node is not a member).
 */
export function withManagerStatus(context: LeaderContext, node: NodeObject): NodeObject {
  const copy = structuredClone(node);
  const member = memberOfNode(context.manager.replica, node.meta.id);
  if (member === null) {
    copy.managerStatus = null;
    return copy;
  }
  const self = raftIdOf(context.host);
  const reachable = member.raftId === self || peerReachable(context.manager, member.raftId, context.nowMs);
  copy.managerStatus = {
    raftId: member.raftId,
    addr: member.addr,
    leader: member.raftId === self,
    reachability: reachable ? 'reachable' : 'unreachable',
  };
  return copy;
}

function ok(value: unknown, actions?: readonly StoreAction[], label?: string): WriteOutcome {
  if (actions === undefined) return { ok: true, value };
  return label === undefined ? { ok: true, value, actions } : { ok: true, value, actions, label };
}

const listNodes: ControlMethod = {
  write: false,
  run: (context) => ok(sortedNodes(context.store).map((node) => withManagerStatus(context, node))),
};

const inspectNode: ControlMethod = {
  write: false,
  run(context, params) {
    const resolved = resolveNode(
      context.store,
      String((params as { ref?: unknown }).ref ?? ''),
      context.callerNodeId,
    );
    return resolved.ok ? ok(withManagerStatus(context, resolved.node)) : resolved;
  },
};

interface NodeUpdateParams {
  readonly ref: string;
  readonly version?: number;
  readonly spec: {
    readonly role?: string;
    readonly availability?: string;
    readonly labels?: Record<string, string>;
    readonly name?: string;
  };
}

/** SwarmKit `UpdateNode` with moby's conversion of role and availability strings. */
const updateNode: ControlMethod = {
  write: true,
  run(context, raw) {
    const params = raw as NodeUpdateParams;
    const resolved = resolveNode(context.store, String(params.ref ?? ''), context.callerNodeId);
    if (!resolved.ok) return resolved;
    const current = resolved.node;
    const spec = params.spec ?? {};
    if (spec.role !== undefined && spec.role !== 'manager' && spec.role !== 'worker')
      return { ok: false, error: invalidRole(spec.role) };
    const availability = spec.availability;
    if (
      availability !== undefined &&
      availability !== 'active' &&
      availability !== 'pause' &&
      availability !== 'drain'
    ) {
      return { ok: false, error: invalidAvailability(availability) };
    }
    if (params.version !== undefined && params.version !== current.meta.version)
      return { ok: false, error: rpcErrors.updateOutOfSequence };
    if (current.spec.desiredRole === 'manager' && spec.role === 'worker') {
      const refusal = demotionRefusal(context, current);
      if (refusal !== null) return refusal;
    }
    const node = structuredClone(current);
    if (spec.role !== undefined) node.spec.desiredRole = spec.role;
    if (availability !== undefined) node.spec.availability = availability;
    if (spec.labels !== undefined) node.spec.labels = { ...spec.labels };
    if (spec.name !== undefined) node.spec.name = spec.name;
    node.meta.updatedAtMs = context.nowMs;
    const name = node.description.hostname === '' ? node.meta.id : node.description.hostname;
    return ok(
      withManagerStatus(context, node),
      [{ kind: 'update', target: { type: 'node', object: node } }],
      `update node ${name}`,
    );
  },
};

/** The demotion sanity checks of SwarmKit `UpdateNode` (swarm.md §1.11). */
function demotionRefusal(context: LeaderContext, node: NodeObject): WriteOutcome | null {
  const managers = sortedNodes(context.store).filter((candidate) => candidate.role === 'manager');
  if (managers.length === 1 && managers[0]?.meta.id === node.meta.id)
    return { ok: false, error: rpcErrors.demoteLastManager };
  const member = memberOfNode(context.manager.replica, node.meta.id);
  if (member === null) return { ok: false, error: rpcErrors.managerNotInMemberlist };
  if (!canRemove(context, member.raftId)) return { ok: false, error: rpcErrors.demoteLosesQuorum };
  return null;
}

/** SwarmKit `RemoveNode`: refusals, certificate blacklist, orphaned tasks, delete. */
const removeNode: ControlMethod = {
  write: true,
  run(context, raw) {
    const params = raw as { ref?: unknown; force?: unknown };
    const resolved = resolveNode(context.store, String(params.ref ?? ''), context.callerNodeId);
    if (!resolved.ok) return resolved;
    const node = resolved.node;
    const id = node.meta.id;
    if (node.spec.desiredRole === 'manager' && memberOfNode(context.manager.replica, id) !== null) {
      return { ok: false, error: removeManagerRefused(id) };
    }
    if (params.force !== true && node.status.state === 'ready')
      return { ok: false, error: removeNotDownRefused(id) };
    const cluster = context.store.cluster;
    if (cluster === null) return { ok: false, error: rpcErrors.clusterNotFound };
    const actions: StoreAction[] = [];
    const updatedCluster = structuredClone(cluster);
    if (!updatedCluster.blacklistedNodeIds.includes(id)) updatedCluster.blacklistedNodeIds.push(id);
    updatedCluster.blacklistedNodeIds.sort();
    actions.push({ kind: 'update', target: { type: 'cluster', object: updatedCluster } });
    for (const task of orphanedTasks(context, id))
      actions.push({ kind: 'update', target: { type: 'task', object: task } });
    actions.push({ kind: 'delete', type: 'node', id });
    const name = node.description.hostname === '' ? id : node.description.hostname;
    return ok({}, actions, `remove node ${name}`);
  },
};

function orphanedTasks(context: LeaderContext, nodeId: string): TaskObject[] {
  const orphaned: TaskObject[] = [];
  for (const taskId of Object.keys(context.store.tasks).sort()) {
    const task = context.store.tasks[taskId] as TaskObject;
    if (task.nodeId !== nodeId || taskIsFinished(task)) continue;
    const copy = structuredClone(task);
    copy.status = {
      ...copy.status,
      state: 'orphaned',
      timestampMs: context.nowMs,
      message: 'Task belonged to a node that has been deleted',
    };
    copy.meta.updatedAtMs = context.nowMs;
    orphaned.push(copy);
  }
  return orphaned;
}

function taskIsFinished(task: TaskObject): boolean {
  return taskStateOrder[task.status.state] >= taskStateOrder.complete;
}

/** What `swarm.inspect` returns (Docker's `swarm.Swarm`, camelCase). */
export interface SwarmInspect {
  readonly id: string;
  readonly version: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly spec: ClusterObject['spec'];
  readonly joinTokens: { readonly worker: string; readonly manager: string };
  /** SHA-256 of the root CA, hex. */
  readonly rootCaDigest: string;
}

const inspectSwarm: ControlMethod = {
  write: false,
  run(context) {
    const cluster = context.store.cluster;
    if (cluster === null) return { ok: false, error: rpcErrors.clusterNotFound };
    const value: SwarmInspect = {
      id: cluster.meta.id,
      version: cluster.meta.version,
      createdAtMs: cluster.meta.createdAtMs,
      updatedAtMs: cluster.meta.updatedAtMs,
      spec: structuredClone(cluster.spec),
      joinTokens: { ...cluster.joinTokens },
      rootCaDigest: rootCaDigestHex(cluster.rootCaPem),
    };
    return ok(value);
  },
};

export interface SwarmUpdateParams {
  readonly version?: number;
  readonly spec?: {
    readonly taskHistoryRetentionLimit?: number;
    readonly dispatcherHeartbeatPeriodMs?: number;
    readonly nodeCertExpiryMs?: number;
    readonly autolock?: boolean;
    readonly snapshotInterval?: number;
    readonly keepOldSnapshots?: number;
  };
  readonly rotateWorkerToken?: boolean;
  readonly rotateManagerToken?: boolean;
  readonly rotateUnlockKey?: boolean;
}

/** SwarmKit `UpdateCluster`: spec changes, token rotation (same digest, new secret), autolock. */
const updateSwarm: ControlMethod = {
  write: true,
  run(context, raw) {
    const params = raw as SwarmUpdateParams;
    const current = context.store.cluster;
    if (current === null) return { ok: false, error: rpcErrors.clusterNotFound };
    if (params.version !== undefined && params.version !== current.meta.version)
      return { ok: false, error: rpcErrors.updateOutOfSequence };
    const cluster = structuredClone(current);
    const spec = params.spec ?? {};
    const invalid = applyClusterSpec(cluster, spec);
    if (invalid !== null) return { ok: false, error: invalidArgument(invalid) };
    if (spec.autolock === true && cluster.unlockKey === null) cluster.unlockKey = newUnlockKey(context.prng);
    if (spec.autolock === false) cluster.unlockKey = null;
    if (params.rotateUnlockKey === true) {
      if (!cluster.spec.autolock) return { ok: false, error: daemonErrors.cannotRotateUnlockKey };
      cluster.unlockKey = newUnlockKey(context.prng);
    }
    if (params.rotateWorkerToken === true)
      cluster.joinTokens.worker = generateJoinToken(context.prng, cluster.rootCaPem);
    if (params.rotateManagerToken === true)
      cluster.joinTokens.manager = generateJoinToken(context.prng, cluster.rootCaPem);
    cluster.meta.updatedAtMs = context.nowMs;
    return ok(
      {},
      [{ kind: 'update', target: { type: 'cluster', object: cluster } }],
      'update cluster default',
    );
  },
};

function applyClusterSpec(
  cluster: ClusterObject,
  spec: NonNullable<SwarmUpdateParams['spec']>,
): string | null {
  const whole = (value: number | undefined) =>
    value === undefined || (Number.isSafeInteger(value) && value >= 0);
  if (!whole(spec.taskHistoryRetentionLimit) && spec.taskHistoryRetentionLimit !== -1)
    return 'invalid task history retention limit';
  if (!whole(spec.dispatcherHeartbeatPeriodMs) || spec.dispatcherHeartbeatPeriodMs === 0)
    return 'invalid dispatcher heartbeat period';
  if (!whole(spec.snapshotInterval) || !whole(spec.keepOldSnapshots) || !whole(spec.nodeCertExpiryMs))
    return 'invalid raft settings';
  if (spec.taskHistoryRetentionLimit !== undefined)
    cluster.spec.taskHistoryRetentionLimit = spec.taskHistoryRetentionLimit;
  if (spec.dispatcherHeartbeatPeriodMs !== undefined)
    cluster.spec.dispatcherHeartbeatPeriodMs = spec.dispatcherHeartbeatPeriodMs;
  if (spec.nodeCertExpiryMs !== undefined) cluster.spec.nodeCertExpiryMs = spec.nodeCertExpiryMs;
  if (spec.autolock !== undefined) cluster.spec.autolock = spec.autolock;
  if (spec.snapshotInterval !== undefined) cluster.spec.raft.snapshotInterval = spec.snapshotInterval;
  if (spec.keepOldSnapshots !== undefined) cluster.spec.raft.keepOldSnapshots = spec.keepOldSnapshots;
  return null;
}

const unlockKey: ControlMethod = {
  write: false,
  run(context) {
    const cluster = context.store.cluster;
    if (cluster === null || !cluster.spec.autolock || cluster.unlockKey === null)
      return { ok: false, error: daemonErrors.noUnlockKey };
    return ok({ unlockKey: cluster.unlockKey });
  },
};

const listTasks: ControlMethod = {
  write: false,
  run(context, raw) {
    const params = (raw ?? {}) as { nodeIds?: readonly string[]; serviceIds?: readonly string[] };
    const tasks = Object.keys(context.store.tasks)
      .sort()
      .map((id) => context.store.tasks[id] as TaskObject)
      .filter(
        (task) =>
          params.nodeIds === undefined || (task.nodeId !== null && params.nodeIds.includes(task.nodeId)),
      )
      .filter((task) => params.serviceIds === undefined || params.serviceIds.includes(task.serviceId));
    return ok(structuredClone(tasks));
  },
};

/** What `docker info` asks a manager for (moby `Cluster.Info`: inspect + ListNodes). */
export interface SwarmInfoSummary {
  readonly cluster: SwarmInspect;
  readonly nodeCount: number;
  /** Nodes with a ManagerStatus (Raft members). */
  readonly managerCount: number;
}

const infoSummary: ControlMethod = {
  write: false,
  run(context) {
    const inspected = inspectSwarm.run(context, {});
    if (!inspected.ok) return inspected;
    const nodes = sortedNodes(context.store).map((node) => withManagerStatus(context, node));
    const summary: SwarmInfoSummary = {
      cluster: inspected.value as SwarmInspect,
      nodeCount: nodes.length,
      managerCount: nodes.filter((node) => node.managerStatus !== null).length,
    };
    return ok(summary);
  },
};

/** moby `managerStats`: reachable and unreachable managers, and whether the caller is reachable. */
const leaveStats: ControlMethod = {
  write: false,
  run(context) {
    let reachable = 0;
    let unreachable = 0;
    let active = false;
    for (const node of sortedNodes(context.store).map((candidate) => withManagerStatus(context, candidate))) {
      if (node.managerStatus === null) continue;
      if (node.managerStatus.reachability === 'reachable') {
        reachable++;
        if (node.meta.id === context.callerNodeId) active = true;
      }
      if (node.managerStatus.reachability === 'unreachable') unreachable++;
    }
    return ok({ active, reachable, unreachable });
  },
};

const methods: Readonly<Record<string, ControlMethod>> = {
  'node.list': listNodes,
  'node.inspect': inspectNode,
  'node.update': updateNode,
  'node.remove': removeNode,
  'swarm.inspect': inspectSwarm,
  'swarm.update': updateSwarm,
  'swarm.unlockKey': unlockKey,
  'task.list': listTasks,
  'info.swarm': infoSummary,
  'leave.stats': leaveStats,
};

/** The built-in control method with this name, or null. */
export function controlMethod(method: string): ControlMethod | null {
  return Object.hasOwn(methods, method) ? (methods[method] as ControlMethod) : null;
}

/** Method names the engine sends to the control API (anything else must be an extension's). */
export function isControlMethod(method: string): boolean {
  return controlMethod(method) !== null || extensionMethod(method) !== null;
}
