/**
 * The Raft lab as the terminal app shows it: `labSandboxView(lab)` derives a `SandboxView`
 * (view/types.ts) from the lab's world, so the panes draw a bare Raft cluster the way they draw a
 * swarm. Every fact the panes show is decided here, where it can be tested: who leads, whether a
 * majority of voters is up and connected, which entries each member has committed, and the trace
 * in plain words with each event's cause.
 *
 * The derivation only reads the lab. It never creates link records or anything else in the world,
 * so deriving a view cannot change a run.
 */
import { type LogEntry, majoritySize, type Role } from '@swarmsim/raft';
import type { TraceEvent } from '../kernel/trace-types.js';
import type { HostRecord, World } from '../kernel/types.js';
import type {
  EventKind,
  EventView,
  MachineView,
  RaftLogEntryView,
  RaftMemberView,
  SandboxView,
  StatusView,
} from '../view/types.js';
import type { Lab, LabHostState } from './lab.js';

export interface LabSandboxViewOptions {
  /** The clock as the controller runs it (the lab itself has no speed). Default 1. */
  readonly speed?: number;
  /** Default false. */
  readonly paused?: boolean;
  /** Events kept in the view, newest last. Default 200. */
  readonly eventsMax?: number;
  /** Log entries kept per member, newest last. Default 40. */
  readonly logTailMax?: number;
}

/** How far back the events list looks through the trace for events worth showing. */
const eventScanMax = 20_000;
/** How many hidden ancestors a cause may be walked through to reach a shown event. */
const causeHopsMax = 32;

/** The lab as the terminal app draws it. Pure: the same lab gives the same view. */
export function labSandboxView(lab: Lab, options: LabSandboxViewOptions = {}): SandboxView {
  const world = lab.world;
  const voters = labVoters(lab);
  const machines = world.hosts.map((host) => machineView(world, host)).sort(byName);
  const raft = world.hosts.map((host) => raftMemberView(host, options.logTailMax ?? 40)).sort(byName);
  const status: StatusView = {
    atMs: world.nowMs,
    speed: options.speed ?? 1,
    paused: options.paused ?? false,
    seed: world.seed,
    leader: labLeader(lab),
    quorum: labQuorum(lab, voters),
    mode: 'lab',
    shellMachine: null,
  };
  return { status, machines, raft, services: [], events: labEvents(lab, options.eventsMax ?? 200) };
}

function byName<Item extends { readonly name: string }>(left: Item, right: Item): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

/** A member takes part only when its host is up and not frozen. */
function live(host: HostRecord<LabHostState>): boolean {
  return host.up && !host.paused;
}

/**
 * The leader everyone else follows: the live leader with the highest term. A deposed leader cut
 * off in a minority may still believe it leads; its term is lower than the new leader's.
 */
export function labLeader(lab: Lab): string | null {
  let leader: { name: string; term: number } | null = null;
  for (const host of lab.world.hosts) {
    const node = host.state.member.node;
    if (!live(host) || node === null || node.role !== 'leader') continue;
    if (leader === null || node.term > leader.term) leader = { name: host.id, term: node.term };
  }
  return leader?.name ?? null;
}

/**
 * The voting membership: the live node with the highest (term, configuration index) knows the
 * newest configuration; with every node down, the first node's persisted start configuration.
 */
export function labVoters(lab: Lab): readonly string[] {
  let best: { term: number; configIndex: number; voters: readonly string[] } | null = null;
  for (const host of lab.world.hosts) {
    const node = host.state.member.node;
    if (node === null || !host.up) continue;
    const newer =
      best === null ||
      node.term > best.term ||
      (node.term === best.term && node.configIndex > best.configIndex);
    if (newer) best = { term: node.term, configIndex: node.configIndex, voters: node.membership.voters };
  }
  if (best !== null) return best.voters;
  return lab.world.hosts[0]?.state.member.initialMembership.voters ?? [];
}

/** True when messages flow both ways between the two hosts (no cut, same partition side). */
function connected(world: World<LabHostState>, left: number, right: number): boolean {
  if (left === right) return true;
  const hosts = world.hosts;
  if (world.network.partitioned && hosts[left]?.partitionGroup !== hosts[right]?.partitionGroup) return false;
  const links = world.network.links;
  return links[left]?.[right]?.cut !== true && links[right]?.[left]?.cut !== true;
}

/**
 * Voters that are live and can talk (both ways) with a majority of the voters, themselves
 * included: the members that could form or keep a quorum. ok when they are a majority.
 */
export function labQuorum(lab: Lab, voters: readonly string[]): SandboxView['status']['quorum'] {
  const world = lab.world;
  const total = voters.length;
  if (total === 0) return { up: 0, total: 0, ok: false };
  const majority = majoritySize(total);
  const liveVoters = voters
    .map((name) => world.hostIndexById[name])
    .filter(
      (index): index is number => index !== undefined && live(world.hosts[index] as HostRecord<LabHostState>),
    );
  const up = liveVoters.filter(
    (index) => liveVoters.filter((other) => connected(world, index, other)).length >= majority,
  ).length;
  return { up, total, ok: up >= majority };
}

/** The partition side of each host as a letter, lowest group first; null when not partitioned. */
function partitionSide(world: World<LabHostState>, host: HostRecord<LabHostState>): string | null {
  if (!world.network.partitioned) return null;
  const groups = [...new Set(world.hosts.map((each) => each.partitionGroup))].sort((a, b) => a - b);
  return String.fromCharCode(65 + groups.indexOf(host.partitionGroup));
}

/** Every link to and from the host is cut (what `disconnect NODE` does). */
function disconnected(world: World<LabHostState>, host: HostRecord<LabHostState>): boolean {
  const others = world.hosts.filter((other) => other.index !== host.index);
  if (others.length === 0) return false;
  const links = world.network.links;
  return others.every(
    (other) =>
      links[host.index]?.[other.index]?.cut === true && links[other.index]?.[host.index]?.cut === true,
  );
}

function machineView(world: World<LabHostState>, host: HostRecord<LabHostState>): MachineView {
  const node = host.up ? host.state.member.node : null;
  return {
    name: host.id,
    // The lab's nodes are named, not addressed: the kernel gives them no IP.
    ip: '',
    power: !host.up ? 'crashed' : host.paused ? 'paused' : 'up',
    disconnected: disconnected(world, host),
    partitionSide: partitionSide(world, host),
    swarmRole: null,
    raftRole: node?.role ?? null,
    raftTerm: host.state.member.persisted.term,
    nodeStatus: null,
    availability: null,
    managerStatus: null,
    runningTaskCount: 0,
  };
}

/** The words a student reads for a log entry: `set x 1`, `no-op`, `add voter n4`. */
function entryLabel(entry: LogEntry): string {
  if (entry.kind === 'command') return entry.data;
  if (entry.kind === 'noop') return 'no-op';
  return `${entry.change.type === 'addVoter' ? 'add' : 'remove'} voter ${entry.change.node}`;
}

function raftMemberView(host: HostRecord<LabHostState>, logTailMax: number): RaftMemberView {
  const member = host.state.member;
  const persisted = member.persisted;
  const node = host.up ? member.node : null;
  const snapshotIndex = persisted.snapshot?.lastIncludedIndex ?? 0;
  const lastIndex = persisted.entries.at(-1)?.index ?? snapshotIndex;
  // A down member has lost its commit index; what its snapshot covers is committed for sure.
  const commitIndex = Math.min(node?.commitIndex ?? snapshotIndex, lastIndex);
  const logTail: RaftLogEntryView[] = persisted.entries.slice(-Math.max(0, logTailMax)).map((entry) => ({
    index: entry.index,
    term: entry.term,
    kind: entry.kind,
    label: entryLabel(entry),
    committed: entry.index <= commitIndex,
  }));
  const role: Role = node?.role ?? 'follower';
  const progress =
    role === 'leader' && node !== null
      ? node.progress
          .map((each) => ({ name: each.id, matchIndex: each.matchIndex, nextIndex: each.nextIndex }))
          .sort(byName)
      : [];
  return {
    name: host.id,
    up: live(host),
    term: persisted.term,
    role,
    votedFor: persisted.votedFor,
    commitIndex,
    lastIndex,
    logTail,
    progress,
  };
}

/**
 * The trace, newest `eventsMax` events worth reading, oldest first. Deliveries and term changes
 * are left out: a delivery repeats its send, and a term change comes with the role or vote event
 * that caused it. An event whose cause is left out names the nearest shown ancestor instead, so
 * "why?" still walks back to a command, a fault or a timer.
 */
export function labEvents(lab: Lab, eventsMax: number): EventView[] {
  const events = lab.world.trace.events;
  const firstId = events[0]?.id ?? 0;
  const byId = (id: number): TraceEvent | undefined => events[id - firstId];
  const shown: EventView[] = [];
  const scanFrom = Math.max(0, events.length - eventScanMax);
  for (let position = events.length - 1; position >= scanFrom && shown.length < eventsMax; position--) {
    const event = events[position] as TraceEvent;
    const kind = eventKind(event);
    if (kind === null) continue;
    shown.push({
      id: event.id,
      atMs: event.atMs,
      kind,
      machine: eventMachine(event),
      text: eventText(event),
      causeId: shownCause(event.cause, byId),
    });
  }
  return shown.reverse();
}

function shownCause(cause: number | null, byId: (id: number) => TraceEvent | undefined): number | null {
  let current = cause;
  for (let hops = 0; current !== null && hops < causeHopsMax; hops++) {
    const event = byId(current);
    // Older than the kept trace: name it anyway; the pane says the cause is no longer shown.
    if (event === undefined || event.id !== current) return current;
    if (eventKind(event) !== null) return current;
    current = event.cause;
  }
  return current;
}

/** Which filter an event belongs to, or null when the events pane leaves it out. */
export function eventKind(event: TraceEvent): EventKind | null {
  switch (event.kind) {
    case 'deliver':
    case 'term':
      return null;
    case 'send':
    case 'drop':
      return 'network';
    case 'fault':
      return 'fault';
    case 'command':
    case 'client':
      return 'command';
    default:
      return 'raft';
  }
}

function eventMachine(event: TraceEvent): string | null {
  switch (event.kind) {
    case 'send':
    case 'deliver':
    case 'drop':
      return event.from;
    case 'command':
      return null;
    default:
      return event.node;
  }
}

/** An event in plain words. */
export function eventText(event: TraceEvent): string {
  switch (event.kind) {
    case 'send':
      return `${event.from} → ${event.to} ${messageText(event.message)}${event.duplicate ? ' (duplicate)' : ''}`;
    case 'deliver':
      return `${event.to} received ${messageText(event.message)} from ${event.from}`;
    case 'drop':
      return `${event.from} → ${event.to} ${messageText(event.message)} lost (${dropReasonText[event.reason] ?? event.reason})`;
    case 'fault':
      return event.detail;
    case 'command':
      return `command: ${event.text}`;
    case 'role':
      return roleText(event.node, event.role, event.previousRole, event.term, event.reason);
    case 'term':
      return `${event.node} moved to term ${event.term}`;
    case 'vote':
      return `${event.node} voted for ${event.votedFor ?? 'nobody'} in term ${event.term}`;
    case 'append':
      return `${event.node} appended #${event.index} (term ${event.term}): ${valueText(event.entryKind, event.value)}`;
    case 'truncate':
      return `${event.node} discarded its log from #${event.fromIndex} (it conflicted with the leader's)`;
    case 'commit':
      return `${event.node} committed up to #${event.index}`;
    case 'apply':
      return `${event.node} applied #${event.index}: ${valueText(event.entryKind, event.value)}${event.result === '' ? '' : ` → ${event.result}`}`;
    default:
      return otherEventText(event);
  }
}

function otherEventText(event: TraceEvent): string {
  switch (event.kind) {
    case 'snapshot':
      return `${event.node} ${event.installed ? 'installed the leader’s snapshot' : 'compacted its log'} up to #${event.index}`;
    case 'recover':
      return `${event.node} started: term ${event.term}, vote ${event.votedFor ?? 'none'}, log up to #${event.lastIndex}`;
    case 'client':
      return clientText(event.phase, event.operation, event.node, event.command, event.result);
    case 'violation':
      return `VIOLATION ${event.invariant}: ${event.message}`;
    case 'note':
      return event.text;
    default:
      return event.kind;
  }
}

const dropReasonText: Readonly<Record<string, string>> = {
  random: 'random loss',
  partition: 'partition',
  cut: 'link cut',
  linkFull: 'link full',
  hostDown: 'receiver down',
  pausedInboxFull: 'paused receiver’s inbox full',
  unknownHost: 'no such node',
};

function roleText(node: string, role: Role, previousRole: Role, term: number, reason: string): string {
  const roleName = role === 'preCandidate' ? 'pre-candidate' : role;
  if (role === previousRole) return `${node} stays ${roleName}, now in term ${term} (${reason})`;
  return `${node} became ${roleName} for term ${term} (${reason})`;
}

function valueText(entryKind: string, value: string): string {
  if (entryKind === 'noop') return 'no-op';
  return value;
}

function clientText(phase: string, operation: number, node: string, command: string, result: string): string {
  if (phase === 'invoke') return `client #${operation} sent "${command}" to ${node}`;
  const outcome = phase === 'ok' ? 'done' : phase === 'fail' ? 'failed' : 'outcome unknown';
  return `client #${operation} "${command}" ${outcome}${result === '' ? '' : `: ${result}`}`;
}

/** A Raft message in a few words: `heartbeat (commit 3)`, `vote granted`, `append #4-#5`. */
export function messageText(message: unknown): string {
  if (typeof message !== 'object' || message === null || !('type' in message)) return 'message';
  const raft = message as { type: string; term?: number } & Record<string, unknown>;
  const term = `t${raft.term ?? '?'}`;
  switch (raft.type) {
    case 'requestVote':
      return `${raft.preVote === true ? 'pre-vote request' : 'vote request'} ${term}`;
    case 'requestVoteResponse':
      return `${raft.preVote === true ? 'pre-vote' : 'vote'} ${raft.granted === true ? 'granted' : 'refused'} ${term}`;
    case 'appendEntries': {
      const entries = (raft.entries as readonly { index: number }[] | undefined) ?? [];
      if (entries.length === 0) return `heartbeat ${term} (commit ${raft.leaderCommit})`;
      const first = entries[0]?.index;
      const last = entries.at(-1)?.index;
      return `append #${first}${first === last ? '' : `-#${last}`} ${term} (commit ${raft.leaderCommit})`;
    }
    case 'appendEntriesResponse':
      return raft.success === true
        ? `append ok ${term}, match #${raft.matchIndex}`
        : `append refused ${term} at #${raft.rejectedIndex}`;
    case 'installSnapshot':
      return `snapshot ${term}`;
    case 'installSnapshotResponse':
      return `snapshot ok ${term}, match #${raft.matchIndex}`;
    case 'timeoutNow':
      return `timeout-now ${term}`;
    default:
      return raft.type;
  }
}
