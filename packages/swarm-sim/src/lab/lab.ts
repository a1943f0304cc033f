/**
 * The Raft lab: 1 to 9 Raft servers `n1`…`n9` on the kernel, replicating a key-value store,
 * with a client whose history the linearizability checker reads. Defaults follow RaftScope so
 * things happen at human speed (docs/lab.md).
 */
import {
  defaultConfig,
  type LogEntry,
  type Message,
  type UnsafeSwitch,
  validateConfig,
} from '@swarmsim/raft';
import { raftSafetyMonitor } from '../check/raft-safety.js';
import { attachMonitors, emit } from '../kernel/trace.js';
import type { TraceLevel } from '../kernel/trace-types.js';
import type { HostModel, HostRecord, Runtime, World } from '../kernel/types.js';
import { addHost, createWorld, defaultLinkSettings } from '../kernel/world.js';
import { applyKvCommand, deserializeKvStore, type KvStore, parseKvCommand } from './kv.js';
import {
  crashRaftMember,
  createRaftMember,
  type RaftHostHooks,
  type RaftMember,
  raftStep,
  raftTick,
  startRaftMember,
} from './raft-host.js';

export interface LabOptions {
  readonly seed: number;
  /** 1 to 9 servers, named n1…n9. Default 5 (RaftScope). */
  readonly nodeCount: number;
  /** Virtual milliseconds per Raft tick. Default 10. */
  readonly tickIntervalMs: number;
  /** Followers time out after [E, 2E) ticks without a leader. Default 10: 100-200 ms, as RaftScope. */
  readonly electionTimeoutTicks: number;
  /** A leader sends heartbeats every H ticks. Default 5: every 50 ms, as RaftScope. */
  readonly heartbeatIntervalTicks: number;
  /** Entries in one appendEntries message. Default 1, as RaftScope's BATCH_SIZE. */
  readonly entriesPerMessageMax: number;
  /** One-way message latency, uniform in [min, max] ms. Default 10-15, as RaftScope. */
  readonly latencyMinMs: number;
  readonly latencyMaxMs: number;
  /** Thesis §9.6 pre-vote. Default off. */
  readonly preVote: boolean;
  /** A leader that hears from no majority for an election timeout steps down. Default off. */
  readonly checkQuorum: boolean;
  /** Classic Raft bugs to switch on, for teaching; the checkers must catch them. Default none. */
  readonly unsafe: readonly UnsafeSwitch[];
  /** Default `full`. */
  readonly traceLevel: TraceLevel;
}

export const labNodeCountMax = 9;
/** Applied commands each node keeps for display (the oldest are forgotten). */
export const appliedHistoryMax = 1000;

export function defaultLabOptions(): LabOptions {
  return {
    seed: 1,
    nodeCount: 5,
    tickIntervalMs: 10,
    electionTimeoutTicks: 10,
    heartbeatIntervalTicks: 5,
    entriesPerMessageMax: 1,
    latencyMinMs: 10,
    latencyMaxMs: 15,
    preVote: false,
    checkQuorum: false,
    unsafe: [],
    traceLevel: 'full',
  };
}

export interface AppliedCommand {
  readonly index: number;
  readonly term: number;
  readonly command: string;
  readonly result: string;
}

/** A client operation waiting at the node that accepted it for its entry to be applied. */
export interface WaitingOperation {
  readonly operation: number;
  readonly command: string;
  readonly index: number;
  readonly term: number;
}

/** How a client operation ended, collected by the lab after each operation. */
export interface ClientAnswer {
  readonly operation: number;
  readonly status: 'ok' | 'fail' | 'info';
  readonly result: string;
  readonly atMs: number;
}

export interface LabHostState {
  member: RaftMember;
  /** The state machine (volatile: rebuilt from the log after a restart). */
  store: KvStore;
  applied: AppliedCommand[];
  waiting: WaitingOperation[];
  answers: ClientAnswer[];
}

/** One client operation, Jepsen-style: invoked, then ok, fail (did not happen) or info (unknown). */
export interface ClientOperation {
  readonly operation: number;
  readonly node: string;
  readonly command: string;
  readonly invokeAtMs: number;
  completeAtMs: number | null;
  status: 'pending' | 'ok' | 'fail' | 'info';
  result: string;
  /** Where the leader put the entry; null when it was refused. */
  readonly index: number | null;
  readonly term: number | null;
}

/**
 * How the lab's membership starts. Kept apart from `LabOptions` (whose keys hosts enumerate).
 * `voterCount`: n1…nV are the voters; the other nodes are spares, started with an empty
 * membership: they wait until a leader adds them (`add NODE`) and learn the configuration from
 * the log. Default: every node is a voter.
 */
export interface LabMembershipOptions {
  readonly voterCount?: number;
}

export interface Lab {
  readonly options: LabOptions;
  /** The voters the lab started with (n1…nV); the other nodes started as spares. */
  readonly initialVoters: readonly string[];
  readonly world: World<LabHostState, Message>;
  readonly client: { nextOperation: number; history: ClientOperation[] };
}

export function labNodeIds(nodeCount: number): string[] {
  return Array.from({ length: nodeCount }, (_, position) => `n${position + 1}`);
}

/** Checks options a user may have typed; returns an error sentence or null. */
export function validateLabOptions(options: LabOptions): string | null {
  const integer = (value: number) => Number.isSafeInteger(value);
  if (!integer(options.seed)) return 'seed must be an integer';
  if (!integer(options.nodeCount) || options.nodeCount < 1 || options.nodeCount > labNodeCountMax) {
    return `a lab has 1 to ${labNodeCountMax} nodes`;
  }
  if (!integer(options.tickIntervalMs) || options.tickIntervalMs < 1)
    return 'tick interval must be at least 1 ms';
  if (!integer(options.latencyMinMs) || !integer(options.latencyMaxMs) || options.latencyMinMs < 0) {
    return 'latency must be whole milliseconds >= 0';
  }
  if (options.latencyMaxMs < options.latencyMinMs) return 'latency maximum is below its minimum';
  try {
    validateConfig(raftConfigOf(options, 'n1'));
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

function raftConfigOf(options: LabOptions, id: string) {
  return defaultConfig(id, {
    electionTimeoutTicks: options.electionTimeoutTicks,
    heartbeatIntervalTicks: options.heartbeatIntervalTicks,
    entriesPerMessageMax: options.entriesPerMessageMax,
    preVote: options.preVote,
    checkQuorum: options.checkQuorum,
    unsafe: [...options.unsafe],
  });
}

export type CreateLabResult =
  | { readonly ok: true; readonly lab: Lab }
  | { readonly ok: false; readonly error: string };

/** A new lab: every node up as a follower in term 0, no leader yet. */
export function createLab(overrides: Partial<LabOptions> & LabMembershipOptions = {}): CreateLabResult {
  const { voterCount: voterCountOverride, ...optionOverrides } = overrides;
  const options: LabOptions = { ...defaultLabOptions(), ...optionOverrides };
  const error = validateLabOptions(options);
  if (error !== null) return { ok: false, error };
  const voterCount = voterCountOverride ?? options.nodeCount;
  if (!Number.isSafeInteger(voterCount) || voterCount < 1 || voterCount > options.nodeCount) {
    return { ok: false, error: `a lab of ${options.nodeCount} nodes has 1 to ${options.nodeCount} voters` };
  }
  const world = createWorld<LabHostState, Message>({
    seed: options.seed,
    traceLevel: options.traceLevel,
    linkDefaults: {
      ...defaultLinkSettings(),
      latency: { minMs: options.latencyMinMs, maxMs: options.latencyMaxMs, distribution: 'uniform' },
    },
  });
  attachMonitors(world as World, labRuntime.monitors);
  const ids = labNodeIds(options.nodeCount);
  const voters = ids.slice(0, voterCount);
  for (const id of ids) {
    const membership = { voters: voters.includes(id) ? voters : [] };
    const member = createRaftMember(raftConfigOf(options, id), membership);
    const host = addHost(
      world,
      id,
      { member, store: {}, applied: [], waiting: [], answers: [] },
      options.tickIntervalMs,
    );
    startRaftMember(world, host, labHooks);
  }
  const lab: Lab = { options, initialVoters: voters, world, client: { nextOperation: 1, history: [] } };
  return { ok: true, lab };
}

export const labHooks: RaftHostHooks<LabHostState> = {
  member: (state) => state.member,
  apply: applyEntry,
  restore(world, host, snapshot) {
    host.state.store = snapshot === null ? {} : deserializeKvStore(snapshot.data);
    const coveredIndex = snapshot?.lastIncludedIndex ?? 0;
    const unknown = host.state.waiting.filter((waiting) => waiting.index <= coveredIndex);
    if (unknown.length === 0) return;
    host.state.waiting = host.state.waiting.filter((waiting) => waiting.index > coveredIndex);
    for (const waiting of unknown) answer(world, host, waiting, 'info', 'covered by a snapshot');
  },
};

function applyEntry(
  world: World<LabHostState, Message>,
  host: HostRecord<LabHostState>,
  entry: LogEntry,
): string {
  let result = '';
  if (entry.kind === 'command') {
    const command = parseKvCommand(entry.data);
    result = typeof command === 'string' ? `error: ${command}` : applyKvCommand(host.state.store, command);
    host.state.applied.push({ index: entry.index, term: entry.term, command: entry.data, result });
    if (host.state.applied.length > appliedHistoryMax) host.state.applied.splice(0, appliedHistoryMax / 2);
  }
  const waiting = host.state.waiting.find((candidate) => candidate.index === entry.index);
  if (waiting !== undefined) {
    host.state.waiting = host.state.waiting.filter((candidate) => candidate !== waiting);
    if (waiting.term === entry.term) answer(world, host, waiting, 'ok', result);
    else answer(world, host, waiting, 'fail', `index ${entry.index} now holds a term ${entry.term} entry`);
  }
  return result;
}

/**
 * Answers operations whose entry the node applied before they were registered as waiting: a
 * leader that is its configuration's only voter commits and applies an entry inside the very
 * call that appends it.
 */
export function answerAlreadyApplied(
  world: World<LabHostState, Message>,
  host: HostRecord<LabHostState>,
): void {
  const appliedIndex = host.state.member.appliedIndex;
  const done = host.state.waiting.filter((waiting) => waiting.index <= appliedIndex);
  if (done.length === 0) return;
  host.state.waiting = host.state.waiting.filter((waiting) => waiting.index > appliedIndex);
  for (const waiting of done) {
    const applied = host.state.applied.find((each) => each.index === waiting.index);
    if (applied === undefined)
      answer(world, host, waiting, 'info', `${host.id} no longer knows what index ${waiting.index} held`);
    else if (applied.term === waiting.term) answer(world, host, waiting, 'ok', applied.result);
    else
      answer(world, host, waiting, 'fail', `index ${waiting.index} now holds a term ${applied.term} entry`);
  }
}

/** Records how an operation ended (collected into the client history by the lab) and traces it. */
function answer(
  world: World<LabHostState, Message>,
  host: HostRecord<LabHostState>,
  waiting: WaitingOperation,
  status: ClientAnswer['status'],
  result: string,
): void {
  host.state.answers.push({ operation: waiting.operation, status, result, atMs: world.nowMs });
  emit(world as World, {
    kind: 'client',
    operation: waiting.operation,
    phase: status,
    node: host.id,
    command: waiting.command,
    result,
  });
}

export const labModel: HostModel<LabHostState, Message> = {
  onTick(world, host) {
    raftTick(world, host, labHooks);
  },
  onMessage(world, host, _source, message) {
    raftStep(world, host, labHooks, message);
  },
  onCrash(world, host) {
    crashRaftMember(host.state.member);
    host.state.store = {};
    host.state.applied = [];
    for (const waiting of host.state.waiting) {
      answer(world, host, waiting, 'info', `${host.id} crashed before answering`);
    }
    host.state.waiting = [];
  },
  onRestart(world, host) {
    startRaftMember(world, host, labHooks);
  },
};

export const labRuntime: Runtime<LabHostState, Message> = { model: labModel, monitors: [raftSafetyMonitor] };

/** A deep copy of the whole lab (world, options, client): keep it to travel back in time. */
export function snapshotLab(lab: Lab): Lab {
  return structuredClone(lab);
}

/** A lab to continue from a snapshot; the snapshot stays untouched and can be restored again. */
export function restoreLab(snapshot: Lab): Lab {
  return structuredClone(snapshot);
}
