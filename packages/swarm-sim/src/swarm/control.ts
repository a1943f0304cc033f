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
import {
  type FilterPair,
  type NodeFilter,
  nodeMatchesFilter,
  resolveTaskFilter,
  taskMatchesFilter,
} from './list-filters.js';
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
import type { ClusterSpecChanges, IncomingCall, SwarmError, SwarmWorld } from './types.js';

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

/** SwarmKit `ListNodes`: the daemon sends the parsed filter (list-filters.ts); none lists all. */
const listNodes: ControlMethod = {
  write: false,
  run(context, raw) {
    const filter = (raw as { filter?: NodeFilter } | null)?.filter ?? null;
    const nodes = sortedNodes(context.store).filter(
      (node) => filter === null || nodeMatchesFilter(node, filter),
    );
    return ok(nodes.map((node) => withManagerStatus(context, node)));
  },
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
  /** The pools, or SwarmKit's inbuilt `10.0.0.0/8` for display when none were given. */
  readonly defaultAddrPool: readonly string[];
  /** 24 with the inbuilt pool. */
  readonly subnetSize: number;
  /** 4789 unless `--data-path-port` said otherwise. */
  readonly dataPathPort: number;
}

/** SwarmKit `redactClusters`: the defaults shown when the cluster object has none. */
const inbuiltDefaultAddressPool = '10.0.0.0/8';
const inbuiltSubnetSize = 24;
const defaultVxlanPort = 4789;

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
      defaultAddrPool:
        cluster.defaultAddressPool.length === 0
          ? [inbuiltDefaultAddressPool]
          : [...cluster.defaultAddressPool],
      subnetSize: cluster.defaultAddressPool.length === 0 ? inbuiltSubnetSize : cluster.subnetSize,
      dataPathPort: cluster.dataPathPort === 0 ? defaultVxlanPort : cluster.dataPathPort,
    };
    return ok(value);
  },
};

export interface SwarmUpdateParams {
  readonly version?: number;
  readonly spec?: ClusterSpecChanges;
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
    const invalid = clusterSpecRefusal(spec);
    if (invalid !== null) return { ok: false, error: invalid };
    applyClusterSpec(cluster, spec);
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

/** SwarmKit `MinNodeCertExpiration`. */
const minNodeCertExpiryMs = 3_600_000;

/**
 * SwarmKit `validateClusterSpec` (certificate expiry at least an hour, no negative heartbeat
 * period), then our own checks on values no CLI flag can produce.
 */
export function clusterSpecRefusal(spec: ClusterSpecChanges): SwarmError | null {
  if (spec.nodeCertExpiryMs !== undefined && spec.nodeCertExpiryMs < minNodeCertExpiryMs)
    return rpcErrors.minimumCertExpiry;
  if (spec.dispatcherHeartbeatPeriodMs !== undefined && spec.dispatcherHeartbeatPeriodMs < 0)
    return rpcErrors.negativeHeartbeatPeriod;
  const whole = (value: number | undefined) =>
    value === undefined || (Number.isSafeInteger(value) && value >= 0);
  if (!whole(spec.taskHistoryRetentionLimit) && spec.taskHistoryRetentionLimit !== -1)
    return invalidArgument('invalid task history retention limit');
  if (!whole(spec.dispatcherHeartbeatPeriodMs) || spec.dispatcherHeartbeatPeriodMs === 0)
    return invalidArgument('invalid dispatcher heartbeat period');
  if (!whole(spec.snapshotInterval) || !whole(spec.keepOldSnapshots) || !whole(spec.nodeCertExpiryMs))
    return invalidArgument('invalid raft settings');
  return null;
}

/** Writes the given spec values into a cluster copy. Check them with `clusterSpecRefusal` first. */
export function applyClusterSpec(cluster: ClusterObject, spec: ClusterSpecChanges): void {
  if (spec.taskHistoryRetentionLimit !== undefined)
    cluster.spec.taskHistoryRetentionLimit = spec.taskHistoryRetentionLimit;
  if (spec.dispatcherHeartbeatPeriodMs !== undefined)
    cluster.spec.dispatcherHeartbeatPeriodMs = spec.dispatcherHeartbeatPeriodMs;
  if (spec.nodeCertExpiryMs !== undefined) cluster.spec.nodeCertExpiryMs = spec.nodeCertExpiryMs;
  if (spec.autolock !== undefined) cluster.spec.autolock = spec.autolock;
  if (spec.snapshotInterval !== undefined) cluster.spec.raft.snapshotInterval = spec.snapshotInterval;
  if (spec.keepOldSnapshots !== undefined) cluster.spec.raft.keepOldSnapshots = spec.keepOldSnapshots;
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

/** A task as `task.list` returns it: with the names docker/cli's ID resolver would print. */
export interface TaskListEntry {
  readonly task: TaskObject;
  /** The service's name, or its ID when the service is gone. */
  readonly serviceName: string;
  /** The node's spec name, else its hostname, else the raw node ID; '' when unassigned. */
  readonly nodeName: string;
}

function nodeDisplayName(context: LeaderContext, nodeId: string | null): string {
  if (nodeId === null) return '';
  const node = Object.hasOwn(context.store.nodes, nodeId) ? context.store.nodes[nodeId] : undefined;
  if (node === undefined) return nodeId;
  if (node.spec.name !== '') return node.spec.name;
  return node.description.hostname !== '' ? node.description.hostname : nodeId;
}

/** SwarmKit `ListTasks` behind moby `GetTasks` (`docker node ps`): filters as list-filters.ts says. */
const listTasks: ControlMethod = {
  write: false,
  run(context, raw) {
    const pairs = (raw as { filters?: readonly FilterPair[] } | null)?.filters ?? [];
    const resolved = resolveTaskFilter(context.store, pairs, context.callerNodeId);
    if (!resolved.ok) return resolved;
    const entries: TaskListEntry[] = [];
    for (const id of Object.keys(context.store.tasks).sort()) {
      const task = context.store.tasks[id] as TaskObject;
      if (!taskMatchesFilter(context.store, task, resolved.filter)) continue;
      const service = Object.hasOwn(context.store.services, task.serviceId)
        ? context.store.services[task.serviceId]
        : undefined;
      entries.push({
        task: structuredClone(task),
        serviceName: service?.spec.name ?? task.serviceId,
        nodeName: nodeDisplayName(context, task.nodeId),
      });
    }
    return ok(entries);
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
