/**
 * The scheduler's own view of nodes and tasks: the few fields SwarmKit's scheduler reads
 * (`moby/swarmkit:manager/scheduler/{nodeinfo,filter}.go`), as plain data. The swarm model keeps
 * richer records and projects them into these shapes when it calls the scheduler.
 */

/** Observed and desired task states, named as `docker service ps` prints them. */
export type SchedulerTaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/**
 * SwarmKit's numeric task states (`api/types.proto`). Only their order matters: a task's observed
 * state never decreases, and the scheduler compares states with `<` and `>`.
 */
export const taskStateRank: Readonly<Record<SchedulerTaskState, number>> = {
  new: 0,
  pending: 64,
  allocated: 128,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832,
};

export type NodeRole = 'manager' | 'worker';
export type NodeStatusState = 'unknown' | 'down' | 'ready' | 'disconnected';
export type NodeAvailability = 'active' | 'pause' | 'drain';

/** CPU in billionths of a core and memory in bytes, as `--reserve-cpu` / `--reserve-memory` set them. */
export interface Resources {
  readonly nanoCpus: number;
  readonly memoryBytes: number;
}

export interface Platform {
  /** `linux`, `windows`; empty on the task side means "any". */
  readonly os: string;
  /** `amd64`, `arm64`, `x86_64`, `aarch64`; empty on the task side means "any". */
  readonly architecture: string;
}

/** An engine plugin as the node reports it, or as a task requires it. */
export interface PluginDescription {
  /** `Volume`, `Network` or `Log`. */
  readonly type: string;
  readonly name: string;
}

/** A port published in host mode (`--publish mode=host,...`). Ingress ports never reach the scheduler. */
export interface HostPort {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  /** 0 means "no fixed port" and is ignored, as SwarmKit does. */
  readonly publishedPort: number;
}

/** `--placement-pref spread=<descriptor>`; only `spread` exists. */
export interface PlacementPreference {
  /** `node.labels.<key>` or `engine.labels.<key>`; any other descriptor is ignored when scheduling. */
  readonly spread: string;
}

export interface SchedulerNode {
  readonly id: string;
  readonly hostname: string;
  /** The node's current role (what `node.role` constraints compare against). */
  readonly role: NodeRole;
  readonly status: NodeStatusState;
  readonly availability: NodeAvailability;
  readonly platform: Platform;
  /** The address the manager saw at registration (`Status.Addr`); `node.ip` constraints use it. */
  readonly ip: string;
  /** Node labels (`docker node update --label-add`). Keys are case-sensitive. */
  readonly labels: Readonly<Record<string, string>>;
  /** Engine labels (`dockerd --label`). Keys are case-sensitive. */
  readonly engineLabels: Readonly<Record<string, string>>;
  /** Total resources the engine reported. */
  readonly resources: Resources;
  /** Plugins the engine reported; undefined means the node reports none and passes the plugin filter. */
  readonly plugins?: readonly PluginDescription[];
}

export interface SchedulerTask {
  readonly id: string;
  readonly serviceId: string;
  /**
   * The service spec version the task was created from. Tasks of one service and one version are
   * scheduled together as a group; `null` makes the task a group of its own (slow for many tasks).
   */
  readonly specVersion: number | null;
  /** Set for global-service tasks before scheduling (preassigned), and by the scheduler for the rest. */
  readonly nodeId: string | null;
  readonly desiredState: SchedulerTaskState;
  /** The observed state. */
  readonly state: SchedulerTaskState;
  readonly reservations: Resources;
  /** Raw `--constraint` texts. For the constraint enforcer, the service's *current* constraints. */
  readonly constraints: readonly string[];
  readonly preferences: readonly PlacementPreference[];
  /** `--replicas-max-per-node`; 0 means unlimited. */
  readonly maxReplicasPerNode: number;
  readonly hostPorts: readonly HostPort[];
  /** Platforms the image supports; empty or absent means any node platform will do. */
  readonly platforms?: readonly Platform[];
  /** Volume, network and log plugins the task needs; empty or absent disables the plugin filter. */
  readonly requiredPlugins?: readonly PluginDescription[];
}

export interface Assignment {
  readonly taskId: string;
  readonly nodeId: string;
  /** The status message SwarmKit writes with the ASSIGNED state. */
  readonly message: string;
}

export interface Unschedulable {
  readonly taskId: string;
  /** The task's `Status.Err`; it stays PENDING and is retried on the next scheduling pass. */
  readonly error: string;
}

/** What one scheduling pass decided; the model writes these through the store. */
export interface SchedulingDecisions {
  readonly assignments: Assignment[];
  readonly unschedulable: Unschedulable[];
  /**
   * Pending tasks of an older service revision whose desired state is already SHUTDOWN or later,
   * and for which no node was found: SwarmKit moves them straight to observed SHUTDOWN.
   */
  readonly shutdown: string[];
}

/** Status messages SwarmKit writes (`manager/scheduler/scheduler.go`). */
export const assignedMessage = 'scheduler assigned task to node';
export const preassignedConfirmedMessage = 'scheduler confirmed task can run on preassigned node';
export const noSuitableNodeError = 'no suitable node';

/** Constraint enforcer texts (`manager/orchestrator/constraintenforcer/constraint_enforcer.go`). */
export const constraintEnforcerMessage = 'task rejected by constraint enforcer';
export const constraintEnforcerError = 'assigned node no longer meets constraints';

/**
 * Batching, which the model's event loop applies before calling `scheduleTasks`
 * (`scheduler.go` `Run`): after a store commit wait `commitDebounceGapMs` for more; each further
 * commit restarts the wait, unless `debounceLatencyMsMax` has passed since the first one.
 */
export const commitDebounceGapMs = 50;
export const debounceLatencyMsMax = 1000;

/** Faulty-node down-weighting: this many failures of one service version on a node ... */
export const faultyNodeFailuresMin = 5;
/** ... within this window (`monitorFailures`) rank the node behind every other node. */
export const faultyNodeWindowMs = 5 * 60 * 1000;
