/**
 * The swarm's replicated store: the objects SwarmKit keeps in its memory store and replicates
 * through the managers' Raft log (moby/swarmkit `api/objects.proto`, `manager/state/store`).
 *
 * Everything is plain data. Every manager holds a replica (`SwarmStore`) built by applying
 * committed `StoreAction`s in log order, so replicas that applied the same prefix are equal.
 * Field names are our own camelCase; `docker … inspect` and `--format` convert to Docker's API
 * shape (PascalCase, RFC 3339 times) at the edge, in the command-line layer.
 *
 * Times are virtual milliseconds (`…AtMs`). Maps are records keyed by id; iterate them in sorted
 * id order (or the order a command's output defines), never in insertion order.
 */
import { type SchedulerTaskState, taskStateRank } from '../scheduler/types.js';
import type { ServiceSpec } from '../stack/service-spec.js';

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';
/** `docker node ls` STATUS, lower-case as the API has it. */
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';
export type Reachability = 'unknown' | 'unreachable' | 'reachable';

/**
 * SwarmKit's task states in their numeric order (`api/types.proto`): the scheduler's table, less
 * `allocated`, which the API names but SwarmKit never sets.
 */
export type TaskState = Exclude<SchedulerTaskState, 'allocated'>;

/** SwarmKit's numeric values: an observed state only ever increases. */
export const taskStateOrder: Readonly<Record<TaskState, number>> = taskStateRank;

/** Bookkeeping every stored object carries. */
export interface ObjectMeta {
  readonly id: string;
  /** The Raft index of the action that last wrote the object (Docker's `Version.Index`). */
  version: number;
  readonly createdAtMs: number;
  updatedAtMs: number;
}

export interface RaftSettings {
  snapshotInterval: number;
  keepOldSnapshots: number;
  logEntriesForSlowFollowers: number;
  heartbeatTick: number;
  electionTick: number;
}

/** The one cluster object, named `default` (`docker swarm update`, `docker info`). */
export interface ClusterObject {
  readonly meta: ObjectMeta;
  readonly name: 'default';
  spec: {
    taskHistoryRetentionLimit: number;
    dispatcherHeartbeatPeriodMs: number;
    nodeCertExpiryMs: number;
    autolock: boolean;
    raft: RaftSettings;
  };
  /** The root CA certificate (PEM); its SHA-256 is the digest part of every join token. */
  rootCaPem: string;
  joinTokens: { worker: string; manager: string };
  /** `SWMKEY-1-…` when autolock is on. */
  unlockKey: string | null;
  /**
   * Nodes removed with `docker node rm`: their certificates are refused from then on (SwarmKit
   * `BlacklistedCertificates`), so a removed node that is still running cannot come back.
   */
  blacklistedNodeIds: string[];
  /**
   * `docker swarm init --default-addr-pool` (SwarmKit `Cluster.DefaultAddressPool`), fixed at
   * creation; empty means SwarmKit's inbuilt `10.0.0.0/8`.
   */
  defaultAddressPool: string[];
  /** `--default-addr-pool-mask-length` (`Cluster.SubnetSize`); 0 with the inbuilt pool. */
  subnetSize: number;
  /** `--data-path-port` (`Cluster.VXLANUDPPort`); 0 means the default 4789. */
  dataPathPort: number;
}

export interface NodeObject {
  readonly meta: ObjectMeta;
  spec: {
    /** `docker node update --role` / promote / demote write the desired role here. */
    desiredRole: NodeRole;
    availability: NodeAvailability;
    labels: Record<string, string>;
    /** Optional node name (`Name:` in `inspect --pretty`); empty when unset. */
    name: string;
  };
  /** The current role: set by the role manager (promote: at once; demote: after raft removal). */
  role: NodeRole;
  membership: 'accepted' | 'pending';
  description: {
    hostname: string;
    platform: { os: string; architecture: string };
    resources: { nanoCpus: number; memoryBytes: number };
    engineVersion: string;
    engineLabels: Record<string, string>;
  };
  status: {
    state: NodeState;
    /** e.g. `heartbeat failure`; empty when there is nothing to say. */
    message: string;
    /** The address the manager saw at registration. */
    addr: string;
  };
  /** Set for managers that are Raft members; null for workers and for managers not (yet) members. */
  managerStatus: {
    raftId: string;
    /** `ip:2377`. */
    addr: string;
    leader: boolean;
    reachability: Reachability;
  } | null;
}

export interface PublishedPort {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly targetPort: number;
  readonly publishedPort: number;
  readonly publishMode: 'ingress' | 'host';
}

export type UpdateState =
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed';

export interface ServiceObject {
  readonly meta: ObjectMeta;
  spec: ServiceSpec;
  /** The spec before the last update, for `docker service rollback`. */
  previousSpec: ServiceSpec | null;
  /** Increments on every spec change; tasks remember the version they were created from. */
  specVersion: number;
  /** Ports as allocated (published ports filled in from 30000-32767 when the spec left them out). */
  endpointPorts: PublishedPort[];
  updateStatus: {
    state: UpdateState;
    startedAtMs: number;
    completedAtMs: number | null;
    message: string;
  } | null;
}

export interface TaskObject {
  readonly meta: ObjectMeta;
  readonly serviceId: string;
  /** 1..N for replicated services; 0 for global ones (which are keyed by node). */
  readonly slot: number;
  /** Set by the scheduler (replicated) or at creation (global). */
  nodeId: string | null;
  /** The service spec version this task runs. */
  readonly specVersion: number;
  /** The spec the task was created from (image, command, resources, …). */
  readonly spec: ServiceSpec;
  /** Written only by managers: running, ready, shutdown, remove, complete. */
  desiredState: TaskState;
  status: {
    state: TaskState;
    /** When `state` was entered: `CURRENT STATE` prints "Running 5 seconds ago" from it. */
    timestampMs: number;
    /** SwarmKit's status message: `created`, `pending task scheduling`, `started`, … */
    message: string;
    /** The ERROR column: `no suitable node (…)`, `task: non-zero exit (1)`, … Empty when none. */
    err: string;
    exitCode: number | null;
    containerId: string | null;
    /** Host-mode published ports, as `service ps` PORTS shows them. */
    ports: PublishedPort[];
  };
}

export interface NetworkObject {
  readonly meta: ObjectMeta;
  readonly name: string;
  readonly driver: 'overlay';
  readonly ingress: boolean;
  readonly labels: Record<string, string>;
  readonly subnet: string;
}

export interface SwarmStore {
  cluster: ClusterObject | null;
  nodes: Record<string, NodeObject>;
  services: Record<string, ServiceObject>;
  tasks: Record<string, TaskObject>;
  networks: Record<string, NetworkObject>;
  /** The Raft index of the last action applied. Invariant: never decreases. */
  appliedIndex: number;
}

export type StoreObject =
  | { readonly type: 'cluster'; readonly object: ClusterObject }
  | { readonly type: 'node'; readonly object: NodeObject }
  | { readonly type: 'service'; readonly object: ServiceObject }
  | { readonly type: 'task'; readonly object: TaskObject }
  | { readonly type: 'network'; readonly object: NetworkObject };

/**
 * One write, as it travels through the Raft log (serialised with JSON.stringify into a command
 * entry's `data`). A proposal carries a batch of actions applied atomically, as SwarmKit's
 * `store.Batch` does.
 */
export type StoreAction =
  | { readonly kind: 'create'; readonly target: StoreObject }
  | { readonly kind: 'update'; readonly target: StoreObject }
  | { readonly kind: 'delete'; readonly type: StoreObject['type']; readonly id: string };

export function createEmptyStore(): SwarmStore {
  return { cluster: null, nodes: {}, services: {}, tasks: {}, networks: {}, appliedIndex: 0 };
}
