/**
 * The trace: typed events, each with an integer `id`, its virtual time `atMs` and `cause`, the
 * id of the event that caused it (null when nothing traced did). docs/trace.md documents every
 * kind and field with an example line of the JSON Lines export.
 */
import type { EntryKind, Role } from '@swarmsim/raft';

/**
 * `full`: everything. `reduced`: everything except `send` and `deliver` (the bulk of a busy
 * trace). `off`: nothing is recorded (monitors still see every event).
 */
export type TraceLevel = 'full' | 'reduced' | 'off';

export type DropReason =
  /** The link drew its drop probability. */
  | 'random'
  /** Sender and receiver are in different partition groups (checked at send and at delivery). */
  | 'partition'
  /** The one-way link sender → receiver is cut (checked at send and at delivery). */
  | 'cut'
  /** The link already carried inflightPerLinkMax messages. */
  | 'linkFull'
  /** The receiver was down when the message arrived. */
  | 'hostDown'
  /** The receiver was paused and its held queue was full. */
  | 'pausedInboxFull'
  /** No host has the receiver's id. */
  | 'unknownHost';

export type FaultKind =
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'partition'
  | 'heal'
  | 'cut'
  | 'uncut'
  | 'network';

interface TraceEventBase {
  readonly id: number;
  readonly atMs: number;
  readonly cause: number | null;
}

/** A message left `from` for `to`; it is due at `deliverAtMs` (unless dropped on the way). */
export interface SendTraceEvent extends TraceEventBase {
  readonly kind: 'send';
  readonly from: string;
  readonly to: string;
  readonly deliverAtMs: number;
  /** True for the extra copy made by the duplicate probability. */
  readonly duplicate: boolean;
  readonly message: unknown;
}

export interface DeliverTraceEvent extends TraceEventBase {
  readonly kind: 'deliver';
  readonly from: string;
  readonly to: string;
  readonly message: unknown;
}

export interface DropTraceEvent extends TraceEventBase {
  readonly kind: 'drop';
  readonly from: string;
  readonly to: string;
  readonly reason: DropReason;
  readonly message: unknown;
}

export interface FaultTraceEvent extends TraceEventBase {
  readonly kind: 'fault';
  readonly fault: FaultKind;
  /** The host concerned, or null for network-wide faults. */
  readonly node: string | null;
  /** A sentence: "partition n1,n2 | n3,n4,n5", "drop 1/10 on all links". */
  readonly detail: string;
}

/** A command typed by a user or a scenario, e.g. "propose n1 set x 1". */
export interface CommandTraceEvent extends TraceEventBase {
  readonly kind: 'command';
  readonly text: string;
}

export interface RoleTraceEvent extends TraceEventBase {
  readonly kind: 'role';
  readonly node: string;
  readonly term: number;
  readonly role: Role;
  readonly previousRole: Role;
  readonly reason: string;
}

/** A node's persisted term changed. */
export interface TermTraceEvent extends TraceEventBase {
  readonly kind: 'term';
  readonly node: string;
  readonly term: number;
  readonly previousTerm: number;
}

/** A node persisted its vote (votedFor) for its current term. */
export interface VoteTraceEvent extends TraceEventBase {
  readonly kind: 'vote';
  readonly node: string;
  readonly term: number;
  readonly votedFor: string | null;
}

/** A node persisted a log entry. `value`: the command text, '' for a no-op, "addVoter n4" for config. */
export interface AppendTraceEvent extends TraceEventBase {
  readonly kind: 'append';
  readonly node: string;
  readonly index: number;
  readonly term: number;
  readonly entryKind: EntryKind;
  readonly value: string;
}

/** A node discarded its persisted entries from `fromIndex` on (a conflicting suffix). */
export interface TruncateTraceEvent extends TraceEventBase {
  readonly kind: 'truncate';
  readonly node: string;
  readonly fromIndex: number;
}

/** A node learnt that its log is committed up to `index` (whose entry has `term`). */
export interface CommitTraceEvent extends TraceEventBase {
  readonly kind: 'commit';
  readonly node: string;
  readonly index: number;
  readonly term: number;
}

/** A node applied a committed entry to its state machine. `result`: what a client is told. */
export interface ApplyTraceEvent extends TraceEventBase {
  readonly kind: 'apply';
  readonly node: string;
  readonly index: number;
  readonly term: number;
  readonly entryKind: EntryKind;
  readonly value: string;
  readonly result: string;
}

/** A node persisted a snapshot covering the log up to `index` (compaction or installSnapshot). */
export interface SnapshotTraceEvent extends TraceEventBase {
  readonly kind: 'snapshot';
  readonly node: string;
  readonly index: number;
  readonly term: number;
  /** True when the snapshot also replaced the state machine (installSnapshot from a leader). */
  readonly installed: boolean;
}

/**
 * A node restarted and recovered this persisted state; its state machine was restored from its
 * snapshot, so it has applied up to `appliedIndex` (0 without a snapshot).
 */
export interface RecoverTraceEvent extends TraceEventBase {
  readonly kind: 'recover';
  readonly node: string;
  readonly term: number;
  readonly votedFor: string | null;
  readonly lastIndex: number;
  readonly lastTerm: number;
  readonly appliedIndex: number;
}

/** One step of a client operation, for the linearizability checker (invoke, then ok/fail/info). */
export interface ClientTraceEvent extends TraceEventBase {
  readonly kind: 'client';
  /** The operation's id, shared by its invoke and its completion. */
  readonly operation: number;
  readonly phase: 'invoke' | 'ok' | 'fail' | 'info';
  readonly node: string;
  /** The command, e.g. "set x 1", "get x". */
  readonly command: string;
  /** For ok: the result ("ok", the value read, "nil"); for fail/info: why. '' for invoke. */
  readonly result: string;
}

/** A monitor found an invariant broken. `cause` is the event that broke it. */
export interface ViolationTraceEvent extends TraceEventBase {
  readonly kind: 'violation';
  readonly invariant: string;
  readonly node: string | null;
  readonly message: string;
}

/** Free text from a model, for facts without a kind of their own. */
export interface NoteTraceEvent extends TraceEventBase {
  readonly kind: 'note';
  readonly node: string | null;
  readonly text: string;
}

export type TraceEvent =
  | SendTraceEvent
  | DeliverTraceEvent
  | DropTraceEvent
  | FaultTraceEvent
  | CommandTraceEvent
  | RoleTraceEvent
  | TermTraceEvent
  | VoteTraceEvent
  | AppendTraceEvent
  | TruncateTraceEvent
  | CommitTraceEvent
  | ApplyTraceEvent
  | SnapshotTraceEvent
  | RecoverTraceEvent
  | ClientTraceEvent
  | ViolationTraceEvent
  | NoteTraceEvent;

export type TraceEventKind = TraceEvent['kind'];

/** An event as a model builds it: the kernel adds id, atMs and cause. */
export type TraceEventInput = DistributiveOmit<TraceEvent>;

type DistributiveOmit<Event> = Event extends unknown ? Omit<Event, 'id' | 'atMs' | 'cause'> : never;
