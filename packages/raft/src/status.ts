import {
  firstLogIndex,
  lastLogIndex,
  lastLogTerm,
  entryAt as logEntryAt,
  snapshotIndexOf,
  termAt,
} from './log.js';
import type { RaftNode } from './node.js';
import type { LogEntry, Membership, NodeId, Role } from './types.js';

/** The leader's view of one follower. */
export interface ProgressStatus {
  readonly id: NodeId;
  readonly matchIndex: number;
  readonly nextIndex: number;
  readonly mode: 'probe' | 'replicate' | 'snapshot';
  /** Unanswered appendEntries that carried entries. */
  readonly inflight: number;
}

/** A read-only view of a node for hosts, checkers and UIs. */
export interface NodeStatus {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly votedFor: NodeId | null;
  readonly leaderId: NodeId | null;
  readonly commitIndex: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  readonly firstLogIndex: number;
  /** The node's own entry array, not a copy: read it, never change it, and do not keep it across calls. */
  readonly entries: readonly LogEntry[];
  /** The configuration in use: the latest in the log, committed or not (thesis §4.1). */
  readonly membership: Membership;
  /** The index of the entry (or snapshot) that set `membership`; 0 when createNode's is in use. */
  readonly configIndex: number;
  /** The index of a configuration entry not committed yet, or null: no new change until it commits. */
  readonly pendingConfigIndex: number | null;
  /** Leaders: the voter leadership is being handed to, or null. */
  readonly transferTarget: NodeId | null;
  /** The latest snapshot's last index and term, 0 and 0 without one. */
  readonly snapshotIndex: number;
  readonly snapshotTerm: number;
  /** Per follower, in id order, when the node leads; empty otherwise. */
  readonly progress: readonly ProgressStatus[];
}

export function nodeStatus(node: RaftNode): NodeStatus {
  return {
    id: node.config.id,
    role: node.role,
    term: node.term,
    votedFor: node.votedFor,
    leaderId: node.leaderId,
    commitIndex: node.commitIndex,
    lastLogIndex: lastLogIndex(node.log),
    lastLogTerm: lastLogTerm(node.log),
    firstLogIndex: firstLogIndex(node.log),
    entries: node.log.entries,
    membership: node.membership,
    configIndex: node.configIndex,
    pendingConfigIndex: node.configIndex > node.commitIndex ? node.configIndex : null,
    transferTarget: node.transferTarget,
    snapshotIndex: snapshotIndexOf(node.log),
    snapshotTerm: node.log.snapshot?.lastIncludedTerm ?? 0,
    progress: node.progress.map((progress) => ({
      id: progress.id,
      matchIndex: progress.matchIndex,
      nextIndex: progress.nextIndex,
      mode: progress.mode,
      inflight: progress.inflight.length,
    })),
  };
}

/** The term of the entry at `index` (0 for index 0), or null when compacted away or absent. */
export function logTermAt(node: RaftNode, index: number): number | null {
  return termAt(node.log, index);
}

/** The entry at `index`, or null when compacted away or absent. */
export function entryAt(node: RaftNode, index: number): LogEntry | null {
  return logEntryAt(node.log, index);
}
