/**
 * The VIEW of a sandbox at one moment: plain, JSON-serialisable data that the simulation builds
 * from its world and the terminal app renders. Nothing here is computed by the app: every fact
 * about the cluster (who leads, is there a quorum, which entries are committed) is decided by the
 * simulation and written into the view, so the panes can be tested on fixed snapshots and the
 * simulation's facts are tested where they are computed.
 *
 * Conventions:
 * - times are integer virtual milliseconds since the world began (`atMs`);
 * - machines are named by their hostnames (`manager1`, `worker2`; `n1`… in the Raft lab), and
 *   every reference to a machine (leader, votedFor, matchIndex, task placement) uses that name;
 * - lists are in the order the app shows them: machines sorted by name (as `docker node ls`),
 *   managers in the Raft list sorted by name, services sorted by name, events oldest first;
 * - `null` means "not applicable or not known" (a worker has no Raft term); never `undefined`,
 *   except for the optional `scenarioTitle` and `goals`.
 */

import type { EntryKind, Role } from '@swarmsim/raft';
import type { TaskState } from '../swarm/objects.js';

/** One snapshot of everything the terminal app shows. */
export interface SandboxView {
  readonly status: StatusView;
  /** One row per machine, sorted by name. */
  readonly machines: readonly MachineView[];
  /** One entry per Raft member (swarm managers, or the lab's nodes), sorted by name. */
  readonly raft: readonly RaftMemberView[];
  /** Services sorted by name, each with its tasks. Empty in the Raft lab. */
  readonly services: readonly ServiceView[];
  /** The trace, oldest first. The simulation may keep only the most recent events. */
  readonly events: readonly EventView[];
  /** Present when a lesson is loaded: the checklist the student works through. */
  readonly goals?: readonly GoalView[];
}

/** `swarm`: machines running Docker in swarm mode. `lab`: a bare Raft cluster (RaftScope-style). */
export type SandboxMode = 'swarm' | 'lab';

/** The status bar: the clock, the run, and the cluster's health in one line. */
export interface StatusView {
  /** Virtual time now, in integer milliseconds since the world began. */
  readonly atMs: number;
  /**
   * How fast virtual time runs against wall-clock time: 1 is real time, 10 is ten times faster,
   * 0.01 is a hundred times slower. Invariant: 0.01 <= speed <= 1000.
   */
  readonly speed: number;
  /** True when the clock is stopped (the student steps with `.` or the arrow keys). */
  readonly paused: boolean;
  /** The seed the world was created from: with the same commands it replays the same run. */
  readonly seed: number;
  /** The machine whose Raft member is the leader everyone else follows, or null when none is. */
  readonly leader: string | null;
  readonly quorum: QuorumView;
  readonly mode: SandboxMode;
  /** The title of the scenario or lesson being played, if any. */
  readonly scenarioTitle?: string;
  /**
   * The machine the shell prompt types into (`manager1$`), or null before any machine exists.
   * `use NAME` at the prompt changes it.
   */
  readonly shellMachine: string | null;
}

/**
 * Manager quorum as the simulation judges it. Invariant: 0 <= up <= total, and
 * ok === (up > total / 2) for a voting membership of `total` members.
 */
export interface QuorumView {
  /** Voting members that are up and reachable from a majority of the membership. */
  readonly up: number;
  /** Voting members in the Raft configuration. 0 before a swarm exists. */
  readonly total: number;
  readonly ok: boolean;
}

/** Whether the machine's process is running: `crashed` was killed, `paused` is frozen (SIGSTOP). */
export type MachinePower = 'up' | 'crashed' | 'paused';

/** `docker node ls` STATUS. */
export type NodeStatus = 'Ready' | 'Down' | 'Unknown' | 'Disconnected';
/** `docker node ls` AVAILABILITY. */
export type NodeAvailability = 'Active' | 'Pause' | 'Drain';
/** `docker node ls` MANAGER STATUS (empty for workers, so null here). */
export type ManagerStatus = 'Leader' | 'Reachable' | 'Unreachable';

/** One row of the machines pane: `docker node ls` plus what only the sandbox knows. */
export interface MachineView {
  readonly name: string;
  /** The machine's address on the simulated network, e.g. `192.168.99.100`. */
  readonly ip: string;
  readonly power: MachinePower;
  /** True when `disconnect NAME` cut every link of this machine. */
  readonly disconnected: boolean;
  /**
   * Which side of a network partition the machine is on, as a short label (`A`, `B`, …); null
   * when the network is not partitioned. Machines with equal labels can reach each other.
   */
  readonly partitionSide: string | null;
  /** The machine's role in the swarm, or null when it has not joined one (or in the lab). */
  readonly swarmRole: 'manager' | 'worker' | null;
  /** The Raft role of the machine's Raft member, or null when it has none (workers). */
  readonly raftRole: Role | null;
  /** The current term of the machine's Raft member, or null when it has none. */
  readonly raftTerm: number | null;
  /** As the leader's store records it (`docker node ls`), or null outside a swarm. */
  readonly nodeStatus: NodeStatus | null;
  readonly availability: NodeAvailability | null;
  /** null for workers, for machines outside a swarm, and in the lab. */
  readonly managerStatus: ManagerStatus | null;
  /** Tasks whose observed state is `running` on this machine. */
  readonly runningTaskCount: number;
}

/** One Raft member: its persistent state, its commit point and the tail of its log. */
export interface RaftMemberView {
  /** The machine the member runs on. */
  readonly name: string;
  /** False when the machine is crashed or paused: the member's state is what it last persisted. */
  readonly up: boolean;
  readonly term: number;
  readonly role: Role;
  /** The member this one voted for in `term`, or null. */
  readonly votedFor: string | null;
  /** Invariant: commitIndex <= lastIndex. */
  readonly commitIndex: number;
  /** Index of the member's last log entry (0 for an empty log). */
  readonly lastIndex: number;
  /**
   * The last entries of the log, in index order, ending at `lastIndex`. The simulation decides
   * how many (the app shows what fits). Entries before `logTail[0].index` exist but are omitted
   * (or compacted into a snapshot).
   */
  readonly logTail: readonly RaftLogEntryView[];
  /**
   * The leader's view of each follower's replication progress (Raft §5.3: matchIndex and
   * nextIndex), sorted by follower name. Empty unless `role === 'leader'`.
   */
  readonly progress: readonly FollowerProgressView[];
}

export interface RaftLogEntryView {
  readonly index: number;
  readonly term: number;
  readonly kind: EntryKind;
  /** A few words a student can read: `create service web`, `no-op`, `add voter manager3`. */
  readonly label: string;
  /** True when index <= this member's commitIndex. */
  readonly committed: boolean;
}

export interface FollowerProgressView {
  readonly name: string;
  /** Highest index the leader knows is replicated on this follower (0 when none). */
  readonly matchIndex: number;
  /** Index of the next entry the leader will send to this follower. */
  readonly nextIndex: number;
}

/** `docker service ls` MODE. */
export type ServiceMode = 'replicated' | 'global' | 'replicated job' | 'global job';

/** One service: a row of the services grid. */
export interface ServiceView {
  readonly name: string;
  readonly mode: ServiceMode;
  /** e.g. `nginx:latest`. */
  readonly image: string;
  /** Tasks whose observed state is running (REPLICAS left of the slash, as `docker service ls`). */
  readonly runningCount: number;
  /** REPLICAS right of the slash. */
  readonly desiredCount: number;
  /**
   * The tasks worth showing in the grid: the current task of every slot, plus recently ended
   * ones if the simulation chooses. Sorted by name.
   */
  readonly tasks: readonly TaskView[];
}

/** Observed task states, SwarmKit's order (`api/types.proto`), lower-cased. */
export type { TaskState };

export interface TaskView {
  /** `<service>.<slot>` for replicated services, `<service>.<machine>` for global ones. */
  readonly name: string;
  /** The machine the task is assigned to, or null while it waits for the scheduler. */
  readonly machine: string | null;
  readonly state: TaskState;
  /** What the manager wants it to become: `running`, `ready`, `shutdown`, `remove`, `complete`. */
  readonly desiredState: TaskState;
}

/** What part of the world an event comes from; the events pane filters on it. */
export type EventKind =
  /** A fault injected or healed: kill, restart, pause, disconnect, partition, heal. */
  | 'fault'
  /** A message dropped, delayed or delivered across a link of note. */
  | 'network'
  /** Elections, votes, terms, appends, commits. */
  | 'raft'
  /** Swarm objects: nodes joining, leaving, changing status; services created or updated. */
  | 'swarm'
  /** Task lifecycle: scheduled, started, failed, shut down. */
  | 'task'
  /** A command typed at the prompt or run by a scenario, with its exit code. */
  | 'command'
  /** Scenario and lesson progress: steps, expectations met or failed. */
  | 'scenario';

/** One line of the trace, in plain words. */
export interface EventView {
  /** Unique and increasing with time; equal to the trace's sequence number. */
  readonly id: number;
  readonly atMs: number;
  readonly kind: EventKind;
  /** The machine the event happened on, or null for cluster-wide events. */
  readonly machine: string | null;
  /** A sentence a student can read: `manager2 became leader for term 3 with votes from manager3`. */
  readonly text: string;
  /**
   * The id of the event that led to this one (`election timeout` → `became candidate`), or null
   * for a root cause (a command, a fault, a timer). Invariant: causeId < id. The cause may be
   * older than the oldest event kept in `events`.
   */
  readonly causeId: number | null;
}

/** One item of a lesson's checklist. */
export interface GoalView {
  readonly text: string;
  readonly met: boolean;
  /** A nudge shown while the goal is not met. */
  readonly hint?: string;
}
