/**
 * The contract between a Raft node and its host. Everything here is plain, JSON-serialisable
 * data: a node can be snapshotted with `structuredClone`, saved, and restored.
 *
 * The host drives a node with three kinds of input and acts on one kind of output:
 *   tick(node)            on a fixed period (the host decides what one tick is in time);
 *   step(node, message)   for each message the network delivers to it;
 *   propose(node, data)   for client commands, and proposeConfigChange, transferLeadership
 *                         and compact for membership, leadership and log compaction;
 * each returns a `RaftOutput` that the host must handle in order:
 *   1. persist `output.persist` (hard state, truncation, appended entries, snapshot);
 *   2. only then send `output.messages` (they may depend on what was just persisted);
 *   3. apply `output.snapshotToApply`, then `output.committed`, in order;
 *   4. observe `output.roleChanges` (for traces and views).
 */

/** A node's identity. The lab uses `n1`…`n9`; the swarm uses raft member ids. */
export type NodeId = string;

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/**
 * Classic Raft bugs, re-created for teaching. Each is off unless listed in `RaftConfig.unsafe`.
 * Every switch is documented in packages/raft/README.md with what it breaks, and the
 * property checkers in swarm-sim must catch each one.
 */
export type UnsafeSwitch =
  /** Figure 8: commit an entry of an earlier term by counting replicas (§5.4.2). */
  | 'commitPreviousTermByCount'
  /** Grant votes without the election restriction's up-to-date log check (§5.4.1). */
  | 'voteWithoutLogCheck'
  /** votedFor is not persisted: a restarted node can vote twice in one term (§5.2). */
  | 'forgetVoteOnRestart'
  /** Allow a second membership change before the first commits (thesis §4.1). */
  | 'concurrentMembershipChanges';

export interface RaftConfig {
  readonly id: NodeId;
  /** Followers wait a random number of ticks in [electionTimeoutTicks, 2 × electionTimeoutTicks). */
  readonly electionTimeoutTicks: number;
  /** A leader sends heartbeats every heartbeatIntervalTicks. Invariant: < electionTimeoutTicks. */
  readonly heartbeatIntervalTicks: number;
  /** A leader that has not heard from a majority for an election timeout steps down. SwarmKit: true. */
  readonly checkQuorum: boolean;
  /** Thesis §9.6 pre-vote phase. SwarmKit: false. */
  readonly preVote: boolean;
  /** At most this many entries in one appendEntries message. */
  readonly entriesPerMessageMax: number;
  /** At most this many unacknowledged appendEntries messages in flight to one follower. SwarmKit: 256. */
  readonly inflightMessagesMax: number;
  /** Entries kept after a compaction point for slow followers. SwarmKit: 500. */
  readonly logEntriesForSlowFollowers: number;
  /** Classic bugs switched on, for teaching. Empty by default. */
  readonly unsafe: readonly UnsafeSwitch[];
}

export type LogEntry =
  | { readonly index: number; readonly term: number; readonly kind: 'command'; readonly data: string }
  | { readonly index: number; readonly term: number; readonly kind: 'noop' }
  | {
      readonly index: number;
      readonly term: number;
      readonly kind: 'config';
      readonly change: ConfigChange;
      /**
       * The whole configuration once `change` is made, sorted by id. A configuration entry is
       * self-contained, so a node that joins with an empty membership learns every voter from
       * the log alone (thesis §4.1: "the configuration is stored as a special entry").
       */
      readonly voters: readonly NodeId[];
    };

export type EntryKind = LogEntry['kind'];

/** One voter at a time (thesis §4.1). */
export interface ConfigChange {
  readonly type: 'addVoter' | 'removeVoter';
  readonly node: NodeId;
}

/** The membership configuration: the voters, sorted by id. */
export interface Membership {
  readonly voters: readonly NodeId[];
}

/** A state-machine snapshot with the log position and membership it covers. */
export interface Snapshot {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly membership: Membership;
  /** The host's state machine, serialised by the host. Opaque to Raft. */
  readonly data: string;
}

/** What survives a crash. The host keeps its own copy by applying `PersistAction`s. */
export interface PersistentState {
  readonly term: number;
  readonly votedFor: NodeId | null;
  /** Entries after the snapshot, in index order. */
  readonly entries: readonly LogEntry[];
  readonly snapshot: Snapshot | null;
}

/**
 * A change the host must make durable before sending the output's messages. Apply it in this
 * order: keep `snapshot` (dropping the entries it covers), discard from `truncateFromIndex`,
 * append `appendedEntries`, record `hardState`. `applyPersistAction` does exactly that.
 */
export interface PersistAction {
  /** Present when term or votedFor changed. */
  readonly hardState: { readonly term: number; readonly votedFor: NodeId | null } | null;
  /** Discard persisted entries with index >= truncateFromIndex before appending. */
  readonly truncateFromIndex: number | null;
  readonly appendedEntries: readonly LogEntry[];
  /** A new snapshot; persisted entries up to its lastIncludedIndex may be discarded. */
  readonly snapshot: Snapshot | null;
}

interface MessageBase {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

export type Message =
  | (MessageBase & {
      readonly type: 'requestVote';
      readonly lastLogIndex: number;
      readonly lastLogTerm: number;
      /** A pre-vote asks "would you vote for me at `term`?" without changing anyone's term. */
      readonly preVote: boolean;
      /** Sent because of a leadership transfer: bypasses leader stickiness. */
      readonly transfer: boolean;
    })
  | (MessageBase & {
      readonly type: 'requestVoteResponse';
      readonly granted: boolean;
      readonly preVote: boolean;
      /**
       * Set on the rejection of a request whose term was stale: the term that request asked
       * about. The candidate adopts `term` if it is newer, and never counts this answer as a
       * vote in an election it starts later (absent on every other answer).
       */
      readonly staleRequestTerm?: number;
    })
  | (MessageBase & {
      readonly type: 'appendEntries';
      readonly prevLogIndex: number;
      readonly prevLogTerm: number;
      readonly entries: readonly LogEntry[];
      readonly leaderCommit: number;
    })
  | (MessageBase & {
      readonly type: 'appendEntriesResponse';
      readonly success: boolean;
      /** On success: the index of the last entry the follower now matches. */
      readonly matchIndex: number;
      /**
       * On rejection: where the leader should back up to (by term, not one entry at a time).
       * conflictTerm is the follower's term at the rejected prevLogIndex and conflictIndex the
       * first index the follower holds with that term; when the follower's log is too short,
       * conflictTerm is 0 and conflictIndex is its lastLogIndex + 1. Both are 0 on success.
       */
      readonly conflictIndex: number;
      readonly conflictTerm: number;
      /** On rejection: the prevLogIndex that failed, so the leader can ignore stale rejections. 0 on success. */
      readonly rejectedIndex: number;
    })
  | (MessageBase & { readonly type: 'installSnapshot'; readonly snapshot: Snapshot })
  | (MessageBase & { readonly type: 'installSnapshotResponse'; readonly matchIndex: number })
  | (MessageBase & { readonly type: 'timeoutNow' });

export type MessageType = Message['type'];

/**
 * The events of the role lifecycle (`roleMachine` in role-machine.ts), the single source of
 * truth for which role changes are legal.
 */
export type RoleEvent =
  /** The election timer fired, or the host forced it (`campaign`). */
  | 'TIMEOUT'
  /** The leader asked this node to campaign at once (leadership transfer). */
  | 'TIMEOUT_NOW'
  | 'PRE_VOTE_WON'
  | 'PRE_VOTE_LOST'
  | 'WON_ELECTION'
  | 'LOST_ELECTION'
  /** A message carried a higher term. */
  | 'HIGHER_TERM'
  /** A leader's own removal from the configuration committed (thesis §4.2.2). */
  | 'REMOVED'
  /** A candidate heard from the leader of its own term. */
  | 'LEADER_DISCOVERED'
  /** CheckQuorum: a leader heard from no majority for an election timeout. */
  | 'QUORUM_LOST';

/**
 * One call to becomeFollower/becomePreCandidate/becomeCandidate/becomeLeader. `from` may equal
 * `to`: a follower that adopts a higher term, or a candidate that starts a new election.
 */
export interface RoleChange {
  readonly from: Role;
  readonly to: Role;
  readonly event: RoleEvent;
  readonly term: number;
  /** Why, in a few words a student can read: "election timeout", "higher term from n3", … */
  readonly reason: string;
}

/** What the host must do after one call into the node, in this order. */
export interface RaftOutput {
  readonly persist: PersistAction | null;
  readonly messages: readonly Message[];
  /** Set when a snapshot was received: the host replaces its state machine with it first. */
  readonly snapshotToApply: Snapshot | null;
  /** Entries newly committed, in index order, to apply to the state machine. */
  readonly committed: readonly LogEntry[];
  readonly roleChanges: readonly RoleChange[];
}

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | {
      readonly ok: false;
      readonly reason: 'notLeader' | 'transferInProgress' | 'changeInProgress' | 'removed' | 'invalidChange';
      /** The leader this node knows of, so a client can retry there. */
      readonly leaderId: NodeId | null;
      /** A sentence for the user, when the reason alone does not say enough. */
      readonly detail?: string;
    };

/** The answer to `transferLeadership`. */
export type TransferResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
