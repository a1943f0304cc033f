/**
 * SwarmKit's and moby's timings and defaults (swarm.md §5, §7), in integer milliseconds, and the
 * bounds this model puts on its queues.
 */

/** Raft `TickInterval`: machines tick once a second. */
export const raftTickMs = 1000;
export const raftElectionTicks = 10;
export const raftHeartbeatTicks = 1;
/** LeaderConn: after this many ticks without a leader, calls fail at once. */
export const lostQuorumTicks = 10;
/** Transport SendTimeout: a peer whose message went unanswered this long is unreachable. */
export const raftSendTimeoutMs = 2000;

/** moby `swarmRequestTimeout`: every control request's deadline. */
export const requestTimeoutMs = 20_000;
/** moby `swarmConnectTimeout`: `docker swarm join` gives up waiting after this. */
export const joinTimeoutMs = 20_000;
/** `managerStats` (the leave refusal's node count) uses its own 5 s deadline. */
export const managerStatsTimeoutMs = 5000;
/** The leader health-checks a joining manager's advertise address for this long. */
export const joinHealthCheckMs = 5000;
/** SwarmKit raft request timeout (join, leadership transfer): 5 s + 2 × ElectionTick × tick. */
export const raftJoinTimeoutMs = 25_000;
/** Root CA fetch: tried 5 times, 2 s apart (ca.GetCertRetryInterval). */
export const rootCaAttemptsMax = 5;
export const rootCaRetryMs = 2000;
/** Our own deadline for one root CA fetch or certificate request. */
export const caCallTimeoutMs = 5000;
/** After a failed background join round, the engine tries again this much later. */
export const joinBackgroundRetryMs = 10_000;

/** Dispatcher `DefaultHeartBeatPeriod` and its jitter (uniform ± 500 ms). */
export const heartbeatPeriodMs = 5000;
export const heartbeatJitterMs = 500;
/** A node is Down after this many periods without a heartbeat. */
export const gracePeriodMultiplierNormal = 3;
/** After a leader change, nodes get this many periods to re-register before Down. */
export const gracePeriodMultiplierUnknown = 6;
/** Registrations: at most 3 within 8 s. */
export const registrationLimitCount = 3;
export const registrationWindowMs = 8000;

/** Agent: `dispatcherRPCTimeout` for register and heartbeat. */
export const dispatcherRpcTimeoutMs = 5000;
export const sessionBackoffInitialMs = 100;
export const sessionBackoffMaxMs = 8000;

/** Role manager `roleReconcileInterval`. */
export const roleReconcileIntervalMs = 5000;

/** Cluster defaults (`docker swarm init`, swarm.md §1.1). */
export const defaultTaskHistoryLimit = 5;
export const defaultSnapshotInterval = 10_000;
export const defaultLogEntriesForSlowFollowers = 500;
export const defaultNodeCertExpiryMs = 90 * 24 * 3600 * 1000;
export const swarmPort = 2377;
export const engineVersion = '27.3.1';

/** Bounds (STYLE: put a limit on everything). */
export const clientRequestsMax = 64;
export const writeQueueMax = 1000;
export const parkedCallsMax = 1000;
export const outgoingCallsMax = 10_000;
export const machinesMax = 64;
/** The most a sandbox may be given (`SandboxOptions.machinesMax`), for benchmarks at Swarm2k scale. */
export const machinesMaxLimit = 5000;
