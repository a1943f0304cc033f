/**
 * The leader's writes: what each `WriteOp` reads from the leader's store when its turn comes,
 * and the actions (plus, for membership, the Raft configuration change) it proposes.
 */
import { generateJoinToken, newSwarmId, newUnlockKey } from '../docker/identity.js';
import { assert } from '../kernel/assert.js';
import { controlMethod } from './control.js';
import { rpcErrors, unknownMethod } from './errors.js';
import { extensionMethod, type LeaderContext, type WriteOutcome } from './extensions.js';
import { raftIdOf } from './manager.js';
import { canRemoveMember, proposeMembershipChange } from './membership.js';
import {
  type ClusterObject,
  type NetworkObject,
  type NodeObject,
  type StoreAction,
  type TaskObject,
  taskStateOrder,
} from './objects.js';
import { memberOfNode } from './store.js';
import { defaultLogEntriesForSlowFollowers, raftElectionTicks, raftHeartbeatTicks } from './timing.js';
import type { BootstrapParams, IncomingCall, NodeTaskStatus, RaftMemberInfo, WriteOp } from './types.js';

export { proposeMembershipChange };

/** A write's outcome, with the membership parts only the leader's own writes use. */
export type LeaderWriteOutcome =
  | (Extract<WriteOutcome, { ok: true }> & {
      readonly configChange?: { readonly type: 'addVoter' | 'removeVoter'; readonly node: string };
      readonly members?: readonly { readonly change: 'add' | 'remove'; readonly member: RaftMemberInfo }[];
    })
  | Extract<WriteOutcome, { ok: false }>;

export function runWrite(
  context: LeaderContext,
  op: WriteOp,
  origin: IncomingCall | null,
): LeaderWriteOutcome {
  switch (op.kind) {
    case 'control': {
      const method = controlMethod(op.method) ?? extensionMethod(op.method);
      if (method === null) return { ok: false, error: unknownMethod(op.method) };
      return method.run({ ...context, callerNodeId: op.callerNodeId }, op.params);
    }
    case 'bootstrap':
      return bootstrapCluster(context, op.params);
    case 'issueCertificate':
      return issueCertificate(context, op.token, op.availability, origin);
    case 'nodeStatus':
      return updateNodeStatus(context, op);
    case 'addMember':
      return addMember(context, op.nodeId, op.addr, op.raftId);
    case 'removeMember':
      return removeMember(context, op.nodeId, op.raftId);
    case 'setRole':
      return setRole(context, op.nodeId, op.role);
    case 'taskStatus':
      return updateTaskStatus(context, op.reports);
    case 'dropOtherMembers':
      return dropOtherMembers(context);
  }
}

function meta(id: string, nowMs: number) {
  return { id, version: 0, createdAtMs: nowMs, updatedAtMs: nowMs };
}

/** A Node object as the CA creates it (swarm.md §3): accepted, status unknown until it registers. */
export function newNodeObject(
  id: string,
  role: NodeObject['role'],
  availability: NodeObject['spec']['availability'],
  nowMs: number,
): NodeObject {
  return {
    meta: meta(id, nowMs),
    spec: { desiredRole: role, availability, labels: {}, name: '' },
    role,
    membership: 'accepted',
    description: {
      hostname: '',
      platform: { os: '', architecture: '' },
      resources: { nanoCpus: 0, memoryBytes: 0 },
      engineVersion: '',
      engineLabels: {},
    },
    status: { state: 'unknown', message: '', addr: '' },
    managerStatus: null,
  };
}

/**
 * The first subnet the allocator hands out: the first pool's base address with the pool's mask
 * length (SwarmKit's inbuilt pool gives `10.0.0.0/24`, the ingress network's usual subnet).
 */
function firstSubnet(pools: readonly string[], subnetSize: number): string {
  const pool = pools[0];
  if (pool === undefined) return '10.0.0.0/24';
  return `${pool.slice(0, pool.indexOf('/'))}/${subnetSize}`;
}

/** SwarmKit `becomeLeader` on an empty store: the `default` cluster, this node, `ingress`. */
function bootstrapCluster(context: LeaderContext, params: BootstrapParams): LeaderWriteOutcome {
  const { nowMs, prng } = context;
  const cluster: ClusterObject = {
    meta: meta(params.clusterId, nowMs),
    name: 'default',
    spec: {
      taskHistoryRetentionLimit: params.taskHistoryLimit,
      dispatcherHeartbeatPeriodMs: params.dispatcherHeartbeatMs,
      nodeCertExpiryMs: params.nodeCertExpiryMs,
      autolock: params.autolock,
      raft: {
        snapshotInterval: params.snapshotInterval,
        keepOldSnapshots: params.keepOldSnapshots,
        logEntriesForSlowFollowers: defaultLogEntriesForSlowFollowers,
        heartbeatTick: raftHeartbeatTicks,
        electionTick: raftElectionTicks,
      },
    },
    rootCaPem: params.rootCaPem,
    joinTokens: {
      worker: generateJoinToken(prng, params.rootCaPem),
      manager: generateJoinToken(prng, params.rootCaPem),
    },
    unlockKey: params.autolock ? newUnlockKey(prng) : null,
    blacklistedNodeIds: [],
    defaultAddressPool: [...params.defaultAddressPool],
    subnetSize: params.subnetSize,
    dataPathPort: params.dataPathPort,
  };
  const node = newNodeObject(params.nodeId, 'manager', params.availability, nowMs);
  const ingress: NetworkObject = {
    meta: meta(newSwarmId(prng), nowMs),
    name: 'ingress',
    driver: 'overlay',
    ingress: true,
    labels: {},
    subnet: firstSubnet(params.defaultAddressPool, params.subnetSize),
  };
  const actions: StoreAction[] = [
    { kind: 'create', target: { type: 'cluster', object: cluster } },
    { kind: 'create', target: { type: 'node', object: node } },
    { kind: 'create', target: { type: 'network', object: ingress } },
  ];
  const self = raftIdOf(context.host);
  assert(self !== null, 'the bootstrapping leader has a raft ID');
  const member: RaftMemberInfo = { raftId: self, nodeId: params.nodeId, addr: params.advertiseAddr };
  return {
    ok: true,
    value: null,
    actions,
    label: 'create cluster default, node, network ingress',
    members: [{ change: 'add', member }],
  };
}

/**
 * `--force-new-cluster` (swarm.md §1.2): SwarmKit force-appends a removal for every other
 * member; here the first leadership of the new cluster writes them to the memberlist.
 */
function dropOtherMembers(context: LeaderContext): LeaderWriteOutcome {
  const self = raftIdOf(context.host);
  const members = Object.keys(context.manager.replica.members)
    .sort()
    .filter((raftId) => raftId !== self)
    .map((raftId) => ({
      change: 'remove' as const,
      member: context.manager.replica.members[raftId] as RaftMemberInfo,
    }));
  return { ok: true, value: null, members };
}

/**
 * The CA server (swarm.md §3): the whole token is compared with the manager token, then the
 * worker token; a match creates the Node object with a new ID and that role.
 */
function issueCertificate(
  context: LeaderContext,
  token: string,
  availability: NodeObject['spec']['availability'],
  origin: IncomingCall | null,
): LeaderWriteOutcome {
  const cluster = context.store.cluster;
  if (cluster === null) return { ok: false, error: rpcErrors.clusterNotFound };
  let role: NodeObject['role'] | null = null;
  if (token === cluster.joinTokens.manager) role = 'manager';
  else if (token === cluster.joinTokens.worker) role = 'worker';
  if (role === null) return { ok: false, error: rpcErrors.invalidJoinSecret };
  const nodeId = newSwarmId(context.prng);
  const node = newNodeObject(nodeId, role, availability, context.nowMs);
  node.status.addr = origin?.callerIp ?? '';
  const managers = Object.values(context.manager.replica.members)
    .map((member) => member.addr)
    .sort();
  return {
    ok: true,
    value: { nodeId, role, clusterId: cluster.meta.id, rootCaPem: cluster.rootCaPem, managers },
    actions: [{ kind: 'create', target: { type: 'node', object: node } }],
    label: `create node ${nodeId} (${role})`,
  };
}

function updateNodeStatus(
  context: LeaderContext,
  op: Extract<WriteOp, { kind: 'nodeStatus' }>,
): LeaderWriteOutcome {
  const actions: StoreAction[] = [];
  const names: string[] = [];
  for (const nodeId of op.nodeIds) {
    const current = context.store.nodes[nodeId];
    if (current === undefined) continue;
    if (op.onlyIfState !== null && current.status.state !== op.onlyIfState) continue;
    const node = structuredClone(current);
    node.status = { state: op.state, message: op.message, addr: op.addr ?? node.status.addr };
    if (op.description !== null) node.description = structuredClone(op.description);
    node.meta.updatedAtMs = context.nowMs;
    actions.push({ kind: 'update', target: { type: 'node', object: node } });
    names.push(node.description.hostname === '' ? nodeId : node.description.hostname);
  }
  const detail = op.message === '' ? '' : ` (${op.message})`;
  return { ok: true, value: null, actions, label: `node ${names.join(', ')} ${op.state}${detail}` };
}

function addMember(context: LeaderContext, nodeId: string, addr: string, raftId: string): LeaderWriteOutcome {
  const replica = context.manager.replica;
  const existing = memberOfNode(replica, nodeId);
  if (existing !== null && existing.addr === addr) {
    return { ok: true, value: { raftId: existing.raftId, members: Object.values(replica.members) } };
  }
  const member: RaftMemberInfo = { raftId, nodeId, addr };
  context.manager.peerAddrs[raftId] = addr;
  const members = [...Object.values(replica.members), member].sort((left, right) =>
    left.raftId < right.raftId ? -1 : 1,
  );
  return {
    ok: true,
    value: { raftId, members },
    configChange: { type: 'addVoter', node: raftId },
    members: [{ change: 'add', member }],
  };
}

function removeMember(context: LeaderContext, nodeId: string, raftId: string): LeaderWriteOutcome {
  const member = context.manager.replica.members[raftId];
  if (member === undefined || member.nodeId !== nodeId) return { ok: true, value: null };
  if (!canRemoveMember(context, raftId)) return { ok: false, error: rpcErrors.demoteLosesQuorum };
  return {
    ok: true,
    value: null,
    configChange: { type: 'removeVoter', node: raftId },
    members: [{ change: 'remove', member }],
  };
}

function setRole(context: LeaderContext, nodeId: string, role: NodeObject['role']): LeaderWriteOutcome {
  const current = context.store.nodes[nodeId];
  if (current === undefined || current.role === role) return { ok: true, value: null };
  const node = structuredClone(current);
  node.role = role;
  node.meta.updatedAtMs = context.nowMs;
  const name = node.description.hostname === '' ? nodeId : node.description.hostname;
  return {
    ok: true,
    value: null,
    actions: [{ kind: 'update', target: { type: 'node', object: node } }],
    label: `node ${name} role ${role}`,
  };
}

/**
 * The dispatcher's batch of status reports: each update applies to a task of the reporting node
 * and never lowers its state; the newest of several updates to one task wins.
 */
function updateTaskStatus(context: LeaderContext, reports: readonly NodeTaskStatus[]): LeaderWriteOutcome {
  const changed = new Map<string, TaskObject>();
  for (const report of reports) {
    for (const update of report.updates) {
      const current = changed.get(update.taskId) ?? context.store.tasks[update.taskId];
      if (current === undefined || current.nodeId !== report.nodeId) continue;
      if (taskRank(update.status.state) < taskRank(current.status.state)) continue;
      // Store objects are never changed in place: a shallow copy shares the task's spec.
      const task: TaskObject = {
        ...current,
        meta: { ...current.meta, updatedAtMs: context.nowMs },
        status: update.status,
      };
      changed.set(update.taskId, task);
    }
  }
  const actions: StoreAction[] = [...changed.keys()].sort().map(
    (taskId): StoreAction => ({
      kind: 'update',
      target: { type: 'task', object: changed.get(taskId) as TaskObject },
    }),
  );
  return { ok: true, value: null, actions, label: `update ${actions.length} task status(es)` };
}

function taskRank(state: TaskObject['status']['state']): number {
  const rank = taskStateOrder[state];
  assert(rank !== undefined, 'a known task state');
  return rank;
}
