import { assert } from './assert.js';
import { isUnsafe, validateConfig } from './config.js';
import { refreshMembership, sortIds } from './configuration.js';
import { createLog, type RaftLog, snapshotIndexOf } from './log.js';
import { createPrng, nextInt, type Prng } from './prng.js';
import type { Vote } from './quorum.js';
import type { Membership, NodeId, PersistentState, RaftConfig, Role } from './types.js';

/**
 * How the leader replicates to one follower (etcd's Progress, with paper names).
 * - probe: the leader does not know where the follower's log matches; it sends one
 *   appendEntries and waits for the answer (or the next heartbeat) before sending another.
 * - replicate: the follower is known to match up to matchIndex; the leader streams batches
 *   optimistically, advancing nextIndex as it sends, with at most inflightMessagesMax unanswered.
 */
export interface Progress {
  readonly id: NodeId;
  /** Invariant: matchIndex < nextIndex. matchIndex never decreases within a term. */
  matchIndex: number;
  nextIndex: number;
  mode: 'probe' | 'replicate' | 'snapshot';
  /** probe mode: an appendEntries was sent and not yet answered or retried. */
  probeSent: boolean;
  /**
   * snapshot mode: ticks since the snapshot went out. The leader sends nothing else to this
   * follower until it answers, and sends the snapshot again after an election timeout.
   */
  snapshotWaitedTicks: number;
  /**
   * replicate mode: the last index of each unanswered appendEntries that carried entries,
   * oldest first. Invariant: inflight.length <= inflightMessagesMax.
   */
  inflight: number[];
  /** CheckQuorum: heard from this follower since the last check. */
  recentActive: boolean;
}

/**
 * A Raft node as plain data. Functions in this package mutate it in place and return a
 * `RaftOutput`; it holds no functions, classes or cycles, so `structuredClone` snapshots it and
 * JSON saves it.
 */
export interface RaftNode {
  readonly config: RaftConfig;
  /**
   * The voters, sorted by id: the latest configuration in the log, whether committed or not
   * (thesis §4.1), else the snapshot's, else `bootstrapMembership`. May be empty: a new node
   * waits to be contacted by a leader.
   */
  membership: Membership;
  /** The index of the entry that set `membership`; the snapshot's index or 0 when none did. */
  configIndex: number;
  /** The configuration createNode was given, used while neither log nor snapshot has one. */
  readonly bootstrapMembership: Membership;
  /** The other voters, sorted by id: the order in which messages go out. */
  peers: NodeId[];
  /**
   * Voters that a configuration entry in the log removed (and no later entry added back), by id,
   * with the index of that entry: a removal counts as final once commitIndex reaches it.
   */
  removals: Removal[];
  /** The election timer's randomness. Only this node draws from it. */
  prng: Prng;

  // Persistent state (§5, Figure 2): the host must hold it durably before messages leave.
  /** Invariant: never decreases. */
  term: number;
  /** The candidate this node voted for in `term`, or null. */
  votedFor: NodeId | null;
  log: RaftLog;

  // Volatile state: lost on a crash, rebuilt by createNode.
  role: Role;
  leaderId: NodeId | null;
  /** Invariant: compactedIndex <= commitIndex <= lastLogIndex. Never decreases. */
  commitIndex: number;
  /** Ticks since the last reset: election timer for non-leaders, CheckQuorum period for leaders. */
  electionElapsedTicks: number;
  /** Leaders only: ticks since the last heartbeat. */
  heartbeatElapsedTicks: number;
  /** Drawn from prng in [electionTimeoutTicks, 2 × electionTimeoutTicks) on every role change. */
  randomizedElectionTimeoutTicks: number;
  /** (Pre-)candidates: the answers so far in the current (pre-)election, own vote included. */
  votes: Vote[];
  /** Leaders: one entry per peer, in peer order. Empty in other roles. */
  progress: Progress[];
  /** Leaders: the voter that leadership is being handed to, or null. */
  transferTarget: NodeId | null;
  /** Leaders: ticks since the transfer started; it is abandoned after an election timeout. */
  transferElapsedTicks: number;
}

/** A voter removed by the configuration entry at `index`. */
export interface Removal {
  readonly id: NodeId;
  readonly index: number;
}

export interface CreateNodeOptions {
  /** Seeds the node's election-timer prng. */
  readonly seed: number;
  /**
   * The configuration to start with while neither the persisted snapshot nor the persisted log
   * holds one (a configuration entry in the log always wins). Empty for a node that joins an
   * existing cluster: it waits until a leader contacts it.
   */
  readonly membership: Membership;
  /** What the host kept durably from an earlier run: a restart. Absent for a brand-new node. */
  readonly persisted?: PersistentState;
}

/**
 * A node starting as a follower. With `persisted` it is a restart: term, vote, log and snapshot
 * come back, and everything volatile (role, leader, commitIndex, progress) starts fresh, as the
 * TLA+ spec's Restart action says. The node copies what it is given and never aliases it.
 */
export function createNode(config: RaftConfig, options: CreateNodeOptions): RaftNode {
  validateConfig(config);
  const voters = sortIds(options.membership.voters);
  for (let position = 1; position < voters.length; position++) {
    assert(voters[position] !== voters[position - 1], `duplicate voter ${voters[position]}`);
  }
  const persisted = options.persisted;
  const log = createLog(persisted?.snapshot ?? null, persisted?.entries ?? []);
  const forgetVote = isUnsafe(config, 'forgetVoteOnRestart');
  const prng = createPrng(options.seed);
  const node: RaftNode = {
    config,
    membership: { voters },
    configIndex: 0,
    bootstrapMembership: { voters },
    peers: voters.filter((voter) => voter !== config.id),
    removals: [],
    prng,
    term: persisted?.term ?? 0,
    votedFor: forgetVote ? null : (persisted?.votedFor ?? null),
    log,
    role: 'follower',
    leaderId: null,
    commitIndex: snapshotIndexOf(log),
    electionElapsedTicks: 0,
    heartbeatElapsedTicks: 0,
    randomizedElectionTimeoutTicks: 0,
    votes: [],
    progress: [],
    transferTarget: null,
    transferElapsedTicks: 0,
  };
  refreshMembership(node, 0);
  resetElectionTimer(node);
  return node;
}

/** Zeroes the timers and draws a new randomized election timeout in [ET, 2·ET). */
export function resetElectionTimer(node: RaftNode): void {
  const timeoutTicks = node.config.electionTimeoutTicks;
  node.electionElapsedTicks = 0;
  node.heartbeatElapsedTicks = 0;
  node.randomizedElectionTimeoutTicks = nextInt(node.prng, timeoutTicks, 2 * timeoutTicks);
}

/** Whether this node is a voter in its own (latest) configuration: it counts in its majorities. */
export function isPromotable(node: RaftNode): boolean {
  return node.membership.voters.includes(node.config.id);
}

/**
 * Whether this node may campaign: a voter, or a voter whose removal is the latest configuration
 * entry in its log and not known to be committed. Thesis §4.2.2: until Cnew commits, "it may be
 * the case that only a server from Cold can be elected leader" (the removed leader may be the
 * only server holding Cnew, and the others, still using Cold, need its vote, which the §5.4.1
 * log check denies them). It campaigns in its latest configuration without counting itself, as
 * a leader removing itself leads, and steps down once the removal commits. An earlier removal
 * is committed: a leader appends a configuration entry only after the previous one committed.
 */
export function mayCampaign(node: RaftNode): boolean {
  if (isPromotable(node)) return true;
  if (node.configIndex <= node.commitIndex) return false;
  return node.removals.some((removal) => removal.id === node.config.id && removal.index === node.configIndex);
}

/** Whether the voter `id` was removed by a configuration entry that this node knows is committed. */
export function isRemovalCommitted(node: RaftNode, id: NodeId): boolean {
  return node.removals.some((removal) => removal.id === id && removal.index <= node.commitIndex);
}

/** Whether `id` is a voter in the node's current configuration. */
export function isVoter(node: RaftNode, id: NodeId): boolean {
  return node.membership.voters.includes(id);
}

/** The leader's replication state for `peer`, or undefined when `peer` is not a voter. */
export function findProgress(node: RaftNode, peer: NodeId): Progress | undefined {
  for (const progress of node.progress) {
    if (progress.id === peer) return progress;
  }
  return undefined;
}

export { sortIds };
