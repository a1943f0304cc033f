/**
 * Running a Raft node on a kernel host: the host side of the Ready contract
 * (packages/raft/src/types.ts), shared by the Raft lab and, later, the swarm managers.
 *
 * For every call into the node the host:
 *   1. traces the role changes (first, so checkers know a node's role when its log changes);
 *   2. persists `output.persist` into its durable copy and traces term, vote, truncate, append
 *      and snapshot events (what the node now holds durably);
 *   3. only then sends `output.messages` through the kernel network;
 *   4. applies `output.snapshotToApply`, then `output.committed`, tracing commit and apply.
 * The trace events are what the Raft checkers (src/check) observe: they need nothing else, so
 * any host that runs a node through these functions is checked.
 */
import {
  applyPersistAction,
  type ConfigChange,
  campaign,
  createNode,
  emptyPersistentState,
  type LogEntry,
  type Membership,
  type Message,
  nextUint32,
  type ProposeResult,
  propose,
  proposeConfigChange,
  type RaftConfig,
  type RaftNode,
  type RaftOutput,
  type Snapshot,
  step as stepRaft,
  tick as tickRaft,
  type WritablePersistentState,
} from '@swarmsim/raft';
import { assert } from '../kernel/assert.js';
import { send } from '../kernel/network.js';
import { emit, traceWants } from '../kernel/trace.js';
import type { HostId, HostRecord, World } from '../kernel/types.js';

/** A Raft member's part of a host's state: plain data. */
export interface RaftMember {
  readonly config: RaftConfig;
  /** The membership the member started with (until config entries and snapshots say otherwise). */
  readonly initialMembership: Membership;
  /** The live node, or null while the host is down. */
  node: RaftNode | null;
  /** The host's durable copy of the node's persistent state. Survives crashes. */
  persisted: WritablePersistentState;
  /** The last log index applied to the state machine. Volatile: reset on restart. */
  appliedIndex: number;
}

/**
 * What the host model supplies: where its member lives in the host state, and its state
 * machine. Plain functions, passed per call, never stored in the world.
 */
export interface RaftHostHooks<State> {
  member(state: State): RaftMember;
  /** Applies a committed entry to the state machine; returns the result a client is told. */
  apply(world: World<State, Message>, host: HostRecord<State>, entry: LogEntry): string;
  /** Replaces the state machine by a snapshot's data (null: the empty state machine). */
  restore(world: World<State, Message>, host: HostRecord<State>, snapshot: Snapshot | null): void;
  /** The host a Raft id lives on. Default: the same name. */
  hostOf?(nodeId: string): HostId;
}

/** A member that has never run. Call `startRaftMember` once the host exists. */
export function createRaftMember(config: RaftConfig, membership: Membership): RaftMember {
  return {
    config,
    initialMembership: membership,
    node: null,
    persisted: emptyPersistentState(),
    appliedIndex: 0,
  };
}

/**
 * (Re)starts the node from the persisted state: a brand-new node the first time, a restart
 * after a crash. Its election timer's seed comes from the world's prng.
 */
export function startRaftMember<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
): void {
  const member = hooks.member(host.state);
  assert(member.node === null, 'start a member that is not running');
  const persisted = structuredClone(member.persisted);
  const membership = persisted.snapshot?.membership ?? member.initialMembership;
  const node = createNode(member.config, { seed: nextUint32(world.prng), membership, persisted });
  member.node = node;
  hooks.restore(world, host, persisted.snapshot);
  member.appliedIndex = persisted.snapshot?.lastIncludedIndex ?? 0;
  const lastEntry = persisted.entries.at(-1);
  if (!traceWants(world as World, 'recover')) return;
  emit(world as World, {
    kind: 'recover',
    node: member.config.id,
    term: node.term,
    votedFor: node.votedFor,
    lastIndex: lastEntry?.index ?? persisted.snapshot?.lastIncludedIndex ?? 0,
    lastTerm: lastEntry?.term ?? persisted.snapshot?.lastIncludedTerm ?? 0,
    appliedIndex: member.appliedIndex,
  });
}

/** The host crashed: the node and everything volatile are gone; `persisted` stays. */
export function crashRaftMember(member: RaftMember): void {
  member.node = null;
  member.appliedIndex = 0;
}

export function raftTick<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
): void {
  driveRaft(world, host, hooks, (node) => ({ output: tickRaft(node), result: null }));
}

export function raftStep<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  message: Message,
): void {
  driveRaft(world, host, hooks, (node) => ({ output: stepRaft(node, message), result: null }));
}

/** Forces an election timeout now (RaftScope's "time out"). */
export function raftCampaign<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
): void {
  driveRaft(world, host, hooks, (node) => ({ output: campaign(node), result: null }));
}

export function raftPropose<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  data: string,
): ProposeResult {
  return driveRaft(world, host, hooks, (node) => propose(node, data));
}

/** Proposes a membership change (one voter added or removed; thesis §4.1) at this node. */
export function raftProposeConfigChange<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  change: ConfigChange,
): ProposeResult {
  return driveRaft(world, host, hooks, (node) => proposeConfigChange(node, change));
}

/** One call into the running node, its output handled in the contract's order. */
function driveRaft<State, Result>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  call: (node: RaftNode) => { readonly output: RaftOutput; readonly result: Result },
): Result {
  const node = runningNode(hooks.member(host.state));
  const before = hardStateOf(node);
  const { output, result } = call(node);
  handleRaftOutput(world, host, hooks, output, before);
  return result;
}

interface HardState {
  readonly term: number;
  readonly votedFor: string | null;
}

function hardStateOf(node: RaftNode): HardState {
  return { term: node.term, votedFor: node.votedFor };
}

function runningNode(member: RaftMember): RaftNode {
  assert(member.node !== null, `raft member ${member.config.id} is running`);
  return member.node;
}

/** Handles one output in the contract's order; `before` is the hard state before the call. */
export function handleRaftOutput<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  output: RaftOutput,
  before: HardState,
): void {
  const member = hooks.member(host.state);
  const node = runningNode(member);
  const id = member.config.id;
  for (const change of output.roleChanges) {
    emit(world as World, {
      kind: 'role',
      node: id,
      term: change.term,
      role: change.to,
      previousRole: change.from,
      reason: change.reason,
    });
  }
  if (node.term !== before.term) {
    emit(world as World, { kind: 'term', node: id, term: node.term, previousTerm: before.term });
  }
  if (node.votedFor !== null && (node.votedFor !== before.votedFor || node.term !== before.term)) {
    emit(world as World, { kind: 'vote', node: id, term: node.term, votedFor: node.votedFor });
  }
  if (output.persist !== null) persist(world, member, output);
  for (const message of output.messages) {
    send(world, host, hooks.hostOf === undefined ? message.to : hooks.hostOf(message.to), message);
  }
  if (output.snapshotToApply !== null) {
    hooks.restore(world, host, output.snapshotToApply);
    member.appliedIndex = output.snapshotToApply.lastIncludedIndex;
  }
  if (output.committed.length > 0) applyCommitted(world, host, hooks, output.committed);
}

function persist<State>(world: World<State, Message>, member: RaftMember, output: RaftOutput): void {
  const action = output.persist;
  assert(action !== null, 'persist has an action');
  const id = member.config.id;
  const snapshotIndexBefore = member.persisted.snapshot?.lastIncludedIndex ?? 0;
  const lastIndexBefore = snapshotIndexBefore + member.persisted.entries.length;
  applyPersistAction(member.persisted, action);
  if (!traceWants(world as World, 'append')) return;
  if (action.snapshot !== null) {
    emit(world as World, {
      kind: 'snapshot',
      node: id,
      index: action.snapshot.lastIncludedIndex,
      term: action.snapshot.lastIncludedTerm,
      installed: output.snapshotToApply !== null,
    });
  }
  // Appended entries rewrite everything from their first index: a truncation, said or not.
  const firstAppended = action.appendedEntries[0]?.index ?? null;
  let truncateFrom = action.truncateFromIndex;
  if (firstAppended !== null && (truncateFrom === null || firstAppended < truncateFrom))
    truncateFrom = firstAppended;
  const floor = Math.max(snapshotIndexBefore, action.snapshot?.lastIncludedIndex ?? 0);
  if (truncateFrom !== null && truncateFrom <= lastIndexBefore && truncateFrom > floor) {
    emit(world as World, { kind: 'truncate', node: id, fromIndex: truncateFrom });
  }
  for (const entry of action.appendedEntries) {
    emit(world as World, {
      kind: 'append',
      node: id,
      index: entry.index,
      term: entry.term,
      entryKind: entry.kind,
      value: entryValue(entry),
    });
  }
}

function applyCommitted<State>(
  world: World<State, Message>,
  host: HostRecord<State>,
  hooks: RaftHostHooks<State>,
  committed: readonly LogEntry[],
): void {
  const member = hooks.member(host.state);
  const id = member.config.id;
  const last = committed[committed.length - 1] as LogEntry;
  emit(world as World, { kind: 'commit', node: id, index: last.index, term: last.term });
  for (const entry of committed) {
    const result = hooks.apply(world, host, entry);
    member.appliedIndex = entry.index;
    emit(world as World, {
      kind: 'apply',
      node: id,
      index: entry.index,
      term: entry.term,
      entryKind: entry.kind,
      value: entryValue(entry),
      result,
    });
  }
}

/** The text a trace shows for an entry: the command, '' for a no-op, "addVoter n4" for a config change. */
export function entryValue(entry: LogEntry): string {
  if (entry.kind === 'command') return entry.data;
  if (entry.kind === 'config') return `${entry.change.type} ${entry.change.node}`;
  return '';
}
