/**
 * The swarm model's data: machines (kernel hosts) running Docker engines, what each keeps on
 * disk and what it loses on a crash, the messages machines exchange, and the requests a user's
 * commands become. Everything is plain, JSON-serialisable data; behaviour lives in the other
 * files of this folder (docs/swarm-model.md gives the reading order).
 */
import type { Message as RaftMessage } from '@swarmsim/raft';
import type { HostId, World } from '../kernel/types.js';
import type { RaftMember } from '../lab/raft-host.js';
import type { NodeAvailability, NodeObject, NodeRole, NodeState, SwarmStore, TaskObject } from './objects.js';

/** `docker info` ` Swarm:` values (moby `LocalNodeState`). */
export type LocalNodeState = 'inactive' | 'pending' | 'active' | 'error' | 'locked';

/** What `addMachine` and the presets fix for the life of a machine. */
export interface MachineHardware {
  readonly hostname: string;
  /** The machine's one address, on interface `eth0`. */
  readonly ip: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly engineLabels: Readonly<Record<string, string>>;
  readonly engineVersion: string;
  readonly os: string;
  readonly architecture: string;
}

/** The state of one kernel host: a machine with a Docker engine. */
export interface MachineState {
  readonly hardware: MachineHardware;
  /** Survives `killMachine`. */
  disk: MachineDisk;
  /** Volatile: null while the machine is down. */
  engine: EngineState | null;
  /** `disconnect` cut every link to and from this machine. */
  disconnected: boolean;
}

export interface MachineDisk {
  /** The swarm identity; null when the engine is not in a swarm. */
  swarm: SwarmDisk | null;
  /** How many times the engine has booted (1 after the first start). */
  bootCount: number;
  /** Extensions' durable data (survives a kill). Plain data only. */
  extensionState: DiskExtensionState;
}

/*
 * Typed slots for extensions' state (extensions.ts). Each extension adds its own optional field,
 * named after it, by declaration merging in its own module:
 *
 *   declare module '../swarm/types.js' {
 *     interface LeaderExtensionState { services?: ServicesLeaderMemory }
 *   }
 *
 * The slots are plain data, so snapshots, save/load and time travel carry them.
 */
/** On `LeaderState`: lives and dies with one leadership. */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging.
export interface LeaderExtensionState {}
/** On `EngineState`: volatile, gone when the machine dies. */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging.
export interface EngineExtensionState {}
/** On `MachineDisk`: durable, survives a kill. */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging.
export interface DiskExtensionState {}
/** On the world (`worldExtensionState`): sandbox-wide settings, such as image failure rules. */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging.
export interface WorldExtensionState {}

/** A Raft member as the memberlist knows it (SwarmKit `api.RaftMember`). */
export interface RaftMemberInfo {
  readonly raftId: string;
  readonly nodeId: string;
  /** `ip:port` the member advertises. */
  readonly addr: string;
}

/** What a node keeps on disk about its swarm (moby's state.json, certificates, raft WAL). */
export interface SwarmDisk {
  readonly nodeId: string;
  readonly clusterId: string;
  /** The role in the node's certificate. */
  role: NodeRole;
  /** `ip:port` this node advertises to the cluster. */
  readonly advertiseAddr: string;
  /** `ip:port` the node listens on (default `0.0.0.0:2377`). */
  readonly listenAddr: string;
  /** Managers this node knows (`ip:port`, sorted): the agent's remotes, `docker info` Manager Addresses. */
  remoteManagers: string[];
  rootCaPem: string;
  /** Autolock: the key a manager needs after a restart; null when autolock is off. */
  unlockKey: string | null;
  /**
   * Managers only: the Raft member. Its `node` and `appliedIndex` are volatile (cleared by a
   * kill); its config (the raft ID) and `persisted` (term, vote, log, snapshot) are the WAL.
   */
  raft: RaftMember | null;
  /** etcd's HardState.Commit: entries up to here are replayed into the store replica at boot. */
  appliedIndexDurable: number;
}

/** The replicated state machine of a manager: the store and the Raft memberlist beside it. */
export interface ManagerReplica {
  store: SwarmStore;
  /** Current members by raft ID (SwarmKit `membership.Cluster`). */
  members: Record<string, RaftMemberInfo>;
  /** Raft IDs removed for good: never reused, their messages refused. Sorted. */
  removedRaftIds: string[];
}

/** What the engine process holds in memory. Gone on a crash. */
export interface EngineState {
  readonly bootedAtMs: number;
  localState: LocalNodeState;
  /** `docker info` Error: why the node is in `error` (or why the last join failed). */
  error: string;
  /** Call ids are `host:incarnation:number`. */
  nextCallNumber: number;
  manager: ManagerState | null;
  agent: AgentState | null;
  join: JoinAttempt | null;
  /** Client requests in flight on this engine. Bounded by clientRequestsMax. */
  requests: ClientRequest[];
  /** Answers not yet taken by the sandbox, by request id. */
  responses: Record<string, SwarmResponse>;
  /** RPCs this engine sent and is waiting for, by call id. */
  calls: Record<string, OutgoingCall>;
  /** Containers started for tasks (the executor's business; `leave` removes them). */
  containers: ContainerRecord[];
  /** Requests (`swarm.init`, `swarm.unlock`) answered once the agent has registered. */
  readyWaiters: string[];
  /**
   * Why the `swarm.init` waiting in `readyWaiters` fails once the swarm is up: moby applies the
   * init's spec after creating the swarm, and a spec the control API refuses leaves the swarm
   * with its defaults and the command failed (`error updating cluster settings: …`).
   */
  initError: SwarmError | null;
  /** Extensions' volatile data (gone with the engine). Plain data only. */
  extensionState: EngineExtensionState;
}

export interface ContainerRecord {
  readonly id: string;
  readonly name: string;
  /** The `com.docker.swarm.node.id` label. */
  readonly nodeId: string;
  readonly taskId: string;
  readonly serviceId: string;
  state: 'created' | 'running' | 'exited';
  exitCode: number | null;
  readonly createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}

/** A call that reached this manager and is handled (or forwarded) by it. */
export interface IncomingCall {
  readonly callId: string;
  /** Where the reply goes (this host itself for local calls). */
  readonly replyTo: HostId;
  readonly method: RpcMethod;
  readonly body: unknown;
  readonly deadlineAtMs: number;
  /** The IP the call came from, as the manager sees it (a proxy passes the original on). */
  readonly callerIp: string;
}

/** A manager's volatile runtime. */
export interface ManagerState {
  replica: ManagerReplica;
  /** Raft ticks in a row without a known leader (SwarmKit `ticksWithNoLeader`). */
  ticksWithNoLeader: number;
  /** Calls waiting for a leader to be known (LeaderConn polling each tick until their deadline). */
  parkedCalls: IncomingCall[];
  /** Per peer raft ID: the oldest raft message sent and not followed by any message back. */
  transport: Record<string, PeerTransport>;
  /** Set once this node leads and has applied its whole log (SwarmKit `signalledLeadership`). */
  leader: LeaderState | null;
  /** Increments whenever leader components start: timers of an older leadership are ignored. */
  leaderEpoch: number;
  /** True once this manager learnt it was removed from the Raft cluster. */
  removed: boolean;
  /** Learnt peer addresses (raft ID → `ip:port`) for members not yet in the replica's memberlist. */
  peerAddrs: Record<string, string>;
  /** `docker swarm init`: what the first leader writes when it starts (null afterwards). */
  bootstrap: BootstrapParams | null;
  /** `--force-new-cluster`: the first leadership drops every other member from the memberlist. */
  forceNewCluster: boolean;
  /**
   * `--force-new-cluster` with spec flags: merged into the cluster spec by the first leadership
   * (moby `initClusterSpec`: only the values given). Null when there is nothing to merge.
   */
  forcedSpecChanges: ClusterSpecChanges | null;
}

/**
 * Cluster spec values a command gives (`docker swarm init` and `docker swarm update` flags); an
 * absent field keeps the current value.
 */
export interface ClusterSpecChanges {
  readonly taskHistoryRetentionLimit?: number;
  readonly dispatcherHeartbeatPeriodMs?: number;
  readonly nodeCertExpiryMs?: number;
  readonly autolock?: boolean;
  readonly snapshotInterval?: number;
  readonly keepOldSnapshots?: number;
}

/** What `swarm init` asks the first leader to create (SwarmKit `becomeLeader` on an empty store). */
export interface BootstrapParams {
  readonly nodeId: string;
  readonly clusterId: string;
  readonly advertiseAddr: string;
  readonly availability: NodeAvailability;
  readonly taskHistoryLimit: number;
  readonly dispatcherHeartbeatMs: number;
  readonly autolock: boolean;
  readonly rootCaPem: string;
  /** `--cert-expiry`. */
  readonly nodeCertExpiryMs: number;
  /** `--snapshot-interval`: the Raft log entries between two snapshots. */
  readonly snapshotInterval: number;
  /** `--max-snapshots` (Raft KeepOldSnapshots). */
  readonly keepOldSnapshots: number;
  /** `--default-addr-pool` (CIDRs); empty: SwarmKit's inbuilt pool. */
  readonly defaultAddressPool: readonly string[];
  /** `--default-addr-pool-mask-length`; 0 with the inbuilt pool. */
  readonly subnetSize: number;
  /** `--data-path-port` (the VXLAN UDP port). */
  readonly dataPathPort: number;
}

/** A store write the leader runs when its turn comes (SwarmKit serialises them). */
export type WriteOp =
  | {
      readonly kind: 'control';
      readonly method: string;
      readonly params: unknown;
      readonly callerNodeId: string | null;
    }
  | { readonly kind: 'bootstrap'; readonly params: BootstrapParams }
  | { readonly kind: 'issueCertificate'; readonly token: string; readonly availability: NodeAvailability }
  | {
      readonly kind: 'nodeStatus';
      readonly nodeIds: readonly string[];
      readonly state: NodeState;
      readonly message: string;
      /** Registration: the address the dispatcher saw, and the node's description. */
      readonly addr: string | null;
      readonly description: NodeObject['description'] | null;
      /** Only change nodes whose status is still this (an expiry racing a registration). */
      readonly onlyIfState: NodeState | null;
    }
  | { readonly kind: 'addMember'; readonly nodeId: string; readonly addr: string; readonly raftId: string }
  | { readonly kind: 'removeMember'; readonly nodeId: string; readonly raftId: string }
  | { readonly kind: 'setRole'; readonly nodeId: string; readonly role: NodeRole }
  | { readonly kind: 'dropOtherMembers' }
  /** The dispatcher's batch of agents' status reports (SwarmKit writes them every 100 ms at most). */
  | { readonly kind: 'taskStatus'; readonly reports: readonly NodeTaskStatus[] };

/** One agent's `UpdateTaskStatus`: updates for tasks on its node. */
export interface NodeTaskStatus {
  readonly nodeId: string;
  readonly updates: readonly TaskStatusUpdate[];
}

export interface TaskStatusUpdate {
  readonly taskId: string;
  readonly status: TaskObject['status'];
}

/** What a manager's transport knows of one peer (SwarmKit `transport.peer`). */
export interface PeerTransport {
  /** The oldest raft message sent to the peer and not followed by any message from it. */
  unansweredSinceMs: number | null;
  /** Since when the peer has been reachable without interruption (`LongestActive`). */
  activeSinceMs: number;
}

/** A write waiting for its turn, or in flight (SwarmKit serialises store updates on the leader). */
export interface PendingWrite {
  readonly op: WriteOp;
  /** The call to answer when it is done; null for the leader's own writes. */
  readonly origin: IncomingCall | null;
}

/** The leader's work in progress. Only the leader has one. */
export interface LeaderState {
  readonly epoch: number;
  readonly sinceMs: number;
  readonly term: number;
  /** Writes not yet proposed, oldest first. Bounded by writeQueueMax. */
  writeQueue: PendingWrite[];
  /** The write proposed and not yet applied: its entry's index and term and the value to reply. */
  inFlight: { write: PendingWrite; index: number; term: number; value: unknown; applied: boolean } | null;
  dispatcher: DispatcherState;
  /** Manager joins waiting for the health check of the joiner's advertise address. */
  pendingJoins: PendingJoin[];
  /** Role changes that failed (quorum, transfer) wait until then, by node ID (retry every 5 s). */
  roleRetryAtMs: Record<string, number>;
  /** A leadership transfer in progress (demoting the leader). */
  transfer: { targetRaftId: string; startedAtMs: number } | null;
  /** Extensions' data for this leadership (gone when it ends). Plain data only. */
  extensionState: LeaderExtensionState;
}

export interface PendingJoin {
  readonly call: IncomingCall;
  readonly nodeId: string;
  readonly addr: string;
  readonly healthCallId: string;
  /** Chosen once the health check passed; the joiner is told it (`raftJoinPrepare`) until it is a member. */
  raftId: string | null;
}

export interface DispatcherNode {
  /** null while the node is only being waited for (the Unknown grace after a leader change). */
  sessionId: string | null;
  expiresAtMs: number;
  /** True during the 6× grace after a leader change. */
  unknown: boolean;
  /** The machine the session runs from, and the manager it goes through (where pushes go). */
  agentHost: HostId | null;
  viaHost: HostId | null;
  /** Increments whenever the node's assignments change; the agent echoes the last one it got. */
  assignmentsSeq: number;
}

export interface DispatcherState {
  /** Nodes with a session or a grace period, by node ID. */
  nodes: Record<string, DispatcherNode>;
  /** Registration times within the last registrationWindowMs, by node ID (rate limit). */
  registrations: Record<string, number[]>;
  /** Task IDs by node ID, as the leader's store has them (kept from each committed batch). */
  tasksByNode: Record<string, Record<string, true>>;
  /** Per node, the tasks that changed since the last push (pushed after the current event). */
  pushTaskIds: Record<string, Record<string, true>>;
  /** Status reports waiting for the next batch write, oldest first (at most 100 ms). */
  statusReports: NodeTaskStatus[];
  /** True while the batch write's timer is set. */
  statusFlushArmed: boolean;
}

/** The agent: every swarm node runs one (managers too). */
export interface AgentState {
  phase: 'waiting' | 'registering' | 'ready';
  sessionId: string | null;
  /** The manager address the session goes through, or `local` for the node's own manager. */
  managerAddr: string | null;
  /** SwarmKit: initialSessionFailureBackoff + 2 × backoff, capped at maxSessionFailureBackoff. */
  backoffMs: number;
  /** The period the dispatcher last asked for. */
  periodMs: number;
  /** Timers of an older generation are ignored (a new session, a stop). */
  generation: number;
  /** The address that failed last, avoided when choosing the next manager. */
  lastFailedAddr: string | null;
  registeredAtMs: number | null;
  /**
   * The role the node should act on, from the dispatcher's last answer: `manager` when the store
   * has role and desired role manager, `worker` when role is worker; null while a demotion is
   * under way (role manager, desired worker: SwarmKit waits for the role to change).
   */
  reportedRole: NodeRole | null;
  lastError: string;
  /** The tasks the dispatcher last sent for this node (the executor's input). */
  assignedTasks: TaskObject[];
  /** The dispatcher's sequence number of `assignedTasks` (heartbeats echo it). */
  assignmentsSeq: number;
}

/** `docker swarm join` in progress (and continuing in the background after its timeout). */
export interface JoinAttempt {
  /** The client request waiting for it, or null once it answered (timeout) or for a promotion. */
  requestId: string | null;
  readonly token: string;
  readonly rootDigestHex: string;
  readonly remoteAddr: string;
  readonly advertiseAddr: string;
  readonly listenAddr: string;
  readonly availability: NodeAvailability;
  phase: 'rootCa' | 'certificate' | 'raftJoin' | 'registering' | 'waitingRetry';
  /** Failed root CA fetches so far (5 tries, 2 s apart). */
  caAttempts: number;
  readonly startedAtMs: number;
  /** True for a promoted worker joining Raft (no token, no CA step). */
  readonly promotion: boolean;
}

/** Why this engine sent a call; tells the reply handler what to do. */
export type CallPurpose =
  | { readonly kind: 'client'; readonly requestId: string }
  | { readonly kind: 'forward'; readonly original: IncomingCall }
  | { readonly kind: 'agentRegister'; readonly generation: number }
  | { readonly kind: 'agentHeartbeat'; readonly generation: number }
  | { readonly kind: 'agentTaskStatus' }
  | { readonly kind: 'joinRootCa' }
  | { readonly kind: 'joinCertificate' }
  | { readonly kind: 'joinRaft' }
  | { readonly kind: 'healthCheck'; readonly joinCallId: string }
  | { readonly kind: 'leaveStats'; readonly requestId: string };

export interface OutgoingCall {
  readonly callId: string;
  readonly purpose: CallPurpose;
  readonly deadlineAtMs: number;
}

export type RpcMethod =
  | 'control'
  | 'dispatcher.register'
  | 'dispatcher.heartbeat'
  | 'dispatcher.updateTaskStatus'
  | 'ca.rootCa'
  | 'ca.issueCertificate'
  | 'raft.join'
  | 'raft.health';

export type RpcResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SwarmError };

/** A daemon error: Docker's text and the HTTP status the API gives it. */
export interface SwarmError {
  readonly message: string;
  readonly status: number;
}

/** What machines send each other, and what timers carry. */
export type SwarmPayload =
  /** A Raft message, sent as is by lab/raft-host.ts (it has `type`, the others have `kind`). */
  | RaftMessage
  /** A manager refuses raft messages from a removed member (`raft: member was removed from the cluster`). */
  | { readonly kind: 'raftRemoved'; readonly raftId: string }
  /**
   * The leader tells a joining manager its raft ID before proposing it, so that the new member
   * runs and can acknowledge the configuration entry that makes it a voter (in this Raft, a
   * configuration counts from the moment it is appended).
   */
  | { readonly kind: 'raftJoinPrepare'; readonly nodeId: string; readonly raftId: string }
  | {
      readonly kind: 'call';
      readonly callId: string;
      readonly replyTo: HostId;
      readonly method: RpcMethod;
      readonly body: unknown;
      readonly deadlineAtMs: number;
      readonly callerIp: string;
    }
  | { readonly kind: 'reply'; readonly callId: string; readonly result: RpcResult }
  /**
   * The dispatcher's `Assignments` stream: every task of the node, pushed when they change. It
   * goes to the manager the agent's session runs through, which passes it on to the agent.
   */
  | { readonly kind: 'assignments'; readonly push: AssignmentsPush }
  | { readonly kind: 'timer'; readonly timer: TimerData };

export interface AssignmentsPush {
  readonly agentHost: HostId;
  readonly nodeId: string;
  readonly sessionId: string;
  readonly seq: number;
  readonly tasks: readonly TaskObject[];
  /** The tasks created, changed or deleted since the previous push, sorted. */
  readonly changedTaskIds: readonly string[];
}

export type TimerData =
  /** A call or reply to this same host, delivered after the current event (no network). */
  | { readonly type: 'local'; readonly payload: SwarmPayload }
  | { readonly type: 'callDeadline'; readonly callId: string }
  | { readonly type: 'requestDeadline'; readonly requestId: string }
  | {
      readonly type: 'heartbeatExpiry';
      readonly epoch: number;
      readonly nodeId: string;
      readonly expiresAtMs: number;
    }
  | { readonly type: 'agentConnect'; readonly generation: number }
  | { readonly type: 'agentHeartbeat'; readonly generation: number }
  | { readonly type: 'joinRetry' }
  /** The dispatcher's push of changed assignments, and its status batch write. */
  | { readonly type: 'assignmentsPush'; readonly epoch: number }
  | { readonly type: 'statusFlush'; readonly epoch: number }
  /**
   * An extension's timer (extensions.ts): on the leader (only for the same leadership) or on the
   * agent (only while it runs). `data` is the extension's, plain data.
   */
  | {
      readonly type: 'extension';
      readonly extension: string;
      readonly scope: 'leader' | 'agent';
      readonly epoch: number;
      readonly data: unknown;
    };

/**
 * A command typed at a machine, as a request to its engine, shaped like the Engine API
 * (docs/swarm-model.md lists the methods and their params). Extensions add control methods.
 */
export interface SwarmRequest {
  readonly method: string;
  readonly params?: unknown;
}

/**
 * `docker swarm init` (moby `InitRequest`). Spec values (task history, heartbeat, certificate
 * expiry, snapshots) are merged over SwarmKit's defaults when given; the address pool and the
 * data path port are fixed when the cluster is created.
 */
export interface InitParams {
  /** `<ip|interface>[:port]`; default: the machine's address. */
  readonly advertiseAddr?: string;
  /** Default `0.0.0.0:2377`. */
  readonly listenAddr?: string;
  readonly availability?: string;
  readonly taskHistoryLimit?: number;
  readonly dispatcherHeartbeatMs?: number;
  /** `--cert-expiry`; below one hour the init fails after creating the swarm, as moby's does. */
  readonly certExpiryMs?: number;
  /** `--snapshot-interval`; 0 keeps the default 10000. */
  readonly snapshotInterval?: number;
  /** `--max-snapshots`. */
  readonly maxSnapshots?: number;
  /** `--data-path-port`; 0 is the default 4789, otherwise 1024-49151. */
  readonly dataPathPort?: number;
  /** `--default-addr-pool`: CIDRs. */
  readonly defaultAddrPool?: readonly string[];
  /** `--default-addr-pool-mask-length`; default 24, at most 29. */
  readonly defaultAddrPoolMaskLength?: number;
  readonly autolock?: boolean;
  readonly forceNewCluster?: boolean;
}

export interface JoinParams {
  readonly token: string;
  /** `HOST:PORT` of a manager; the port defaults to 2377. */
  readonly remoteAddr: string;
  readonly advertiseAddr?: string;
  readonly listenAddr?: string;
  readonly availability?: string;
}

export interface InitResult {
  readonly nodeId: string;
  readonly workerToken: string;
  readonly managerToken: string;
  /** `ManagerStatus.Addr` of the new manager: what the join command line shows. */
  readonly managerAddr: string;
  readonly unlockKey: string | null;
}

export interface JoinResult {
  readonly role: NodeRole;
}

/** A client request in flight on an engine. */
export interface ClientRequest {
  readonly requestId: string;
  readonly request: SwarmRequest;
  readonly issuedAtMs: number;
  readonly deadlineAtMs: number;
}

export type SwarmResponse<Value = unknown> =
  | { readonly ok: true; readonly value: Value; readonly atMs: number }
  | {
      readonly ok: false;
      /** Docker's text, without `Error response from daemon: `. */
      readonly error: string;
      readonly status: number;
      /** False when the CLI never reached a daemon (it prints the error without the prefix). */
      readonly fromDaemon: boolean;
      readonly atMs: number;
    };

/** A node as `node.list` / `node.inspect` return it: the store object, ManagerStatus filled in live. */
export type NodeInfo = NodeObject;

/** The kernel world of a sandbox, with the extensions' world-wide slot (created on first use). */
export type SwarmWorld = World<MachineState, SwarmPayload> & { extensionState?: WorldExtensionState };
