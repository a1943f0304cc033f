import { campaign as campaignNode, propose as proposeAtNode, tick as tickNode } from '../api.js';
import { assert } from '../assert.js';
import { compact as compactNode } from '../compaction.js';
import { defaultConfig, isUnsafe } from '../config.js';
import { lastLogIndex } from '../log.js';
import { proposeConfigChange as proposeConfigChangeAtNode } from '../membership.js';
import { createNode, type RaftNode, sortIds } from '../node.js';
import {
  applyPersistAction,
  emptyPersistentState,
  persistedEntriesOf,
  type WritablePersistentState,
} from '../persistence.js';
import { step } from '../step.js';
import { transferLeadership as transferLeadershipAtNode } from '../transfer.js';
import type {
  ConfigChange,
  LogEntry,
  Message,
  MessageType,
  NodeId,
  ProposeResult,
  RaftConfig,
  RaftOutput,
  Snapshot,
  TransferResult,
} from '../types.js';
import { describeEntry, describeMessage, describePersist, describeRoleChange } from './describe.js';

/**
 * A synchronous, in-memory network for tests (etcd's `network` in raft_test.go): messages wait
 * in one FIFO queue; `stabilize` delivers breadth-first until the queue is empty. Links can be
 * cut, nodes isolated, message types ignored and single messages dropped by predicate. A crashed
 * node loses everything volatile; its restart rebuilds it from the persistent state the network
 * kept by applying each output's PersistAction, exactly as a host must.
 *
 * It also watches for the safety properties the unsafe switches break, and records them in
 * `violations` instead of throwing, so a scenario can assert that a bug shows up:
 * - Election Safety: at most one leader per term;
 * - State Machine Safety: no two nodes apply different entries at one index.
 */
export interface TestNetwork {
  readonly ids: readonly NodeId[];
  readonly configs: Map<NodeId, RaftConfig>;
  /** The bootstrap configuration: what createNode gets for the initial voters. */
  readonly membership: { readonly voters: readonly NodeId[] };
  /** null while crashed. */
  readonly nodes: Map<NodeId, RaftNode | null>;
  readonly storage: Map<NodeId, WritablePersistentState>;
  readonly queue: Message[];
  /** Cut links as "a|b" with a < b. */
  readonly cuts: Set<string>;
  readonly ignoredTypes: Set<MessageType>;
  dropRules: ((message: Message) => boolean)[];
  readonly seed: number;
  restarts: number;
  /** Highest index each node has applied in its current incarnation. */
  readonly appliedIndex: Map<NodeId, number>;
  /**
   * Each node's state machine: the commands it applied, as `index:data`, in index order. A
   * snapshot serialises it as JSON; restoring one (received, or at restart) replaces it.
   */
  readonly stateMachines: Map<NodeId, string[]>;
  /** The first entry applied at each index by any node, and by whom. */
  readonly appliedAt: Map<number, { readonly by: NodeId; readonly entry: LogEntry }>;
  readonly leadersByTerm: Map<number, Set<NodeId>>;
  readonly violations: string[];
  /** Human-readable events, for golden traces and failure messages. */
  readonly trace: string[];
  traceEnabled: boolean;
}

export interface TestNetworkOptions {
  readonly ids: readonly NodeId[];
  readonly seed?: number;
  /** Applied to every node's config. */
  readonly config?: Partial<RaftConfig>;
  /** Applied after `config`, per node. */
  readonly configById?: Readonly<Record<NodeId, Partial<RaftConfig>>>;
  /** Persistent state to start a node from, as if it had run before. */
  readonly persisted?: Readonly<Record<NodeId, WritablePersistentState>>;
  /**
   * The bootstrap voters (default: every id). The other ids start with an empty configuration:
   * new nodes that wait for a leader to add them and contact them.
   */
  readonly voters?: readonly NodeId[];
}

const deliveriesMaxDefault = 100_000;

export function createTestNetwork(options: TestNetworkOptions): TestNetwork {
  const ids = sortIds(options.ids);
  const network: TestNetwork = {
    ids,
    configs: new Map(),
    membership: { voters: sortIds(options.voters ?? ids) },
    nodes: new Map(),
    storage: new Map(),
    queue: [],
    cuts: new Set(),
    ignoredTypes: new Set(),
    dropRules: [],
    seed: options.seed ?? 1,
    restarts: 0,
    appliedIndex: new Map(),
    stateMachines: new Map(),
    appliedAt: new Map(),
    leadersByTerm: new Map(),
    violations: [],
    trace: [],
    traceEnabled: true,
  };
  for (const id of ids) {
    network.configs.set(id, defaultConfig(id, { ...options.config, ...options.configById?.[id] }));
    const persisted = options.persisted?.[id];
    network.storage.set(id, persisted === undefined ? emptyPersistentState() : structuredClone(persisted));
    startNode(network, id);
  }
  return network;
}

/** The live node `id`; throws if it is crashed. */
export function nodeOf(network: TestNetwork, id: NodeId): RaftNode {
  const node = network.nodes.get(id);
  assert(node !== undefined && node !== null, `node ${id} is not running`);
  return node;
}

function startNode(network: TestNetwork, id: NodeId): void {
  const config = network.configs.get(id)!;
  const seed = network.seed * 1000 + network.ids.indexOf(id) + 100 * network.restarts;
  const persisted = network.storage.get(id)!;
  const bootstrap = network.membership.voters.includes(id) ? network.membership : { voters: [] };
  const node = createNode(config, { seed, membership: bootstrap, persisted });
  network.nodes.set(id, node);
  network.appliedIndex.set(id, node.commitIndex);
  restoreStateMachine(network, id, persisted.snapshot);
}

/**
 * Replaces `id`'s state machine by the snapshot's (empty without one). Data that this network
 * did not write (a test's hand-made snapshot) becomes a single opaque item.
 */
function restoreStateMachine(network: TestNetwork, id: NodeId, snapshot: Snapshot | null): void {
  if (snapshot === null) {
    network.stateMachines.set(id, []);
    return;
  }
  let state: unknown = null;
  try {
    state = JSON.parse(snapshot.data);
  } catch {
    state = null;
  }
  const commands =
    Array.isArray(state) && state.every((item) => typeof item === 'string') ? state : [snapshot.data];
  network.stateMachines.set(id, commands as string[]);
}

function record(network: TestNetwork, line: string): void {
  if (network.traceEnabled) network.trace.push(line);
}

/**
 * What a host does with an output: persist, then send, then apply. It also checks that the
 * persisted copy equals the node's persistent state (nothing changed without being persisted).
 */
export function handleOutput(network: TestNetwork, id: NodeId, output: RaftOutput): void {
  const node = nodeOf(network, id);
  for (const change of output.roleChanges) {
    record(network, describeRoleChange(id, change));
    if (change.to === 'leader') noteLeader(network, id, change.term);
  }
  const storage = network.storage.get(id)!;
  if (output.persist !== null) {
    for (const line of describePersist(id, output.persist)) record(network, line);
    applyPersistAction(storage, output.persist);
  }
  checkPersisted(node, storage);
  for (const message of output.messages) network.queue.push(message);
  if (output.snapshotToApply !== null) {
    network.appliedIndex.set(id, output.snapshotToApply.lastIncludedIndex);
    restoreStateMachine(network, id, output.snapshotToApply);
    record(network, `${id} applied snapshot ${output.snapshotToApply.lastIncludedIndex}`);
  }
  for (const entry of output.committed) applyEntry(network, id, entry);
}

function noteLeader(network: TestNetwork, id: NodeId, term: number): void {
  const leaders = network.leadersByTerm.get(term) ?? new Set<NodeId>();
  leaders.add(id);
  network.leadersByTerm.set(term, leaders);
  if (leaders.size > 1) {
    network.violations.push(`election safety: ${sortIds([...leaders]).join(' and ')} both lead term ${term}`);
  }
}

function applyEntry(network: TestNetwork, id: NodeId, entry: LogEntry): void {
  const expected = network.appliedIndex.get(id)! + 1;
  assert(entry.index === expected, `${id} applied ${entry.index}, expected ${expected}`);
  network.appliedIndex.set(id, entry.index);
  if (entry.kind === 'command') network.stateMachines.get(id)!.push(`${entry.index}:${entry.data}`);
  record(network, `${id} applied ${describeEntry(entry)}`);
  const first = network.appliedAt.get(entry.index);
  if (first === undefined) {
    network.appliedAt.set(entry.index, { by: id, entry });
  } else if (describeEntry(first.entry) !== describeEntry(entry)) {
    network.violations.push(
      `state machine safety: ${first.by} applied ${describeEntry(first.entry)} but ${id} applied ${describeEntry(entry)}`,
    );
  }
}

function checkPersisted(node: RaftNode, storage: WritablePersistentState): void {
  const id = node.config.id;
  assert(storage.term === node.term, `${id} term ${node.term} not persisted (disk has ${storage.term})`);
  if (!isUnsafe(node.config, 'forgetVoteOnRestart')) {
    assert(storage.votedFor === node.votedFor, `${id} vote ${node.votedFor} not persisted`);
  }
  const entries = persistedEntriesOf(node);
  assert(storage.entries.length === entries.length, `${id} log length differs from disk`);
  const last = entries.length - 1;
  if (last >= 0) assert(storage.entries[last] === entries[last], `${id} last entry differs from disk`);
  assert(storage.snapshot === node.log.snapshot, `${id} snapshot differs from disk`);
}

export function tick(network: TestNetwork, id: NodeId, count = 1): void {
  for (let round = 0; round < count; round++) handleOutput(network, id, tickNode(nodeOf(network, id)));
}

/** Ticks every running node once, in id order. */
export function tickAll(network: TestNetwork, count = 1): void {
  for (let round = 0; round < count; round++) {
    for (const id of network.ids) if (network.nodes.get(id) !== null) tick(network, id);
  }
}

export function campaign(network: TestNetwork, id: NodeId): void {
  handleOutput(network, id, campaignNode(nodeOf(network, id)));
}

export function propose(network: TestNetwork, id: NodeId, data: string): ProposeResult {
  const { output, result } = proposeAtNode(nodeOf(network, id), data);
  handleOutput(network, id, output);
  return result;
}

export function proposeConfigChange(network: TestNetwork, id: NodeId, change: ConfigChange): ProposeResult {
  const { output, result } = proposeConfigChangeAtNode(nodeOf(network, id), change);
  handleOutput(network, id, output);
  return result;
}

export function transferLeadership(network: TestNetwork, id: NodeId, target: NodeId): TransferResult {
  const { output, result } = transferLeadershipAtNode(nodeOf(network, id), target);
  handleOutput(network, id, output);
  return result;
}

/**
 * What a host does to compact: hands `id` its state machine as of `appliedIndex` (default: all
 * it applied). Commands carry their index, so the state at an earlier index is a prefix.
 */
export function compact(network: TestNetwork, id: NodeId, appliedIndex?: number): void {
  const upTo = appliedIndex ?? network.appliedIndex.get(id)!;
  assert(upTo <= network.appliedIndex.get(id)!, `${id} has not applied ${upTo}`);
  const state = network.stateMachines.get(id)!.filter((command) => Number.parseInt(command, 10) <= upTo);
  handleOutput(network, id, compactNode(nodeOf(network, id), upTo, JSON.stringify(state)));
}

function linkKey(a: NodeId, b: NodeId): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Why `message` would be lost now, or null when it gets through. */
function dropReason(network: TestNetwork, message: Message): string | null {
  if (network.nodes.get(message.to) === null) return `${message.to} is down`;
  if (network.cuts.has(linkKey(message.from, message.to))) return 'link cut';
  if (network.ignoredTypes.has(message.type)) return `${message.type} ignored`;
  if (network.dropRules.some((rule) => rule(message))) return 'dropped by rule';
  return null;
}

/** Delivers the message at `position` in the queue (0 = oldest). Returns false when the queue is empty. */
export function deliverAt(network: TestNetwork, position = 0): boolean {
  const [message] = network.queue.splice(position, 1);
  if (message === undefined) return false;
  const reason = dropReason(network, message);
  if (reason !== null) {
    record(network, `dropped ${describeMessage(message)} (${reason})`);
    return true;
  }
  record(network, describeMessage(message));
  handleOutput(network, message.to, step(nodeOf(network, message.to), message));
  return true;
}

/** Delivers breadth-first until no message is left. Asserts it ends within `deliveriesMax`. */
export function stabilize(network: TestNetwork, deliveriesMax = deliveriesMaxDefault): void {
  for (let delivered = 0; delivered < deliveriesMax; delivered++) {
    if (!deliverAt(network, 0)) return;
  }
  assert(false, `network did not settle within ${deliveriesMax} deliveries`);
}

export function cut(network: TestNetwork, a: NodeId, b: NodeId): void {
  network.cuts.add(linkKey(a, b));
}

/** Cuts every link between `side` and the other nodes. */
export function isolate(network: TestNetwork, ...side: NodeId[]): void {
  for (const a of side) {
    for (const b of network.ids) if (!side.includes(b)) cut(network, a, b);
  }
}

/** Restores every link and stops ignoring and dropping messages. */
export function heal(network: TestNetwork): void {
  network.cuts.clear();
  network.ignoredTypes.clear();
  network.dropRules = [];
}

export function ignore(network: TestNetwork, type: MessageType): void {
  network.ignoredTypes.add(type);
}

/** Drops every future message matching `rule` until `heal`. */
export function dropWhere(network: TestNetwork, rule: (message: Message) => boolean): void {
  network.dropRules.push(rule);
}

/** Stops `id`: its volatile state and the messages queued for it are gone; its disk stays. */
export function crash(network: TestNetwork, id: NodeId): void {
  nodeOf(network, id);
  network.nodes.set(id, null);
  for (let position = network.queue.length - 1; position >= 0; position--) {
    if (network.queue[position]!.to === id) network.queue.splice(position, 1);
  }
  record(network, `${id} crashed`);
}

/** Starts `id` again from its persisted state. */
export function restart(network: TestNetwork, id: NodeId): void {
  assert(network.nodes.get(id) === null, `${id} is running`);
  network.restarts++;
  startNode(network, id);
  const node = nodeOf(network, id);
  record(
    network,
    `${id} restarted at term ${node.term} votedFor=${node.votedFor ?? '-'} lastIndex=${lastLogIndex(node.log)}`,
  );
}

/** The ids of running nodes that believe they lead, in id order. */
export function leaders(network: TestNetwork): NodeId[] {
  return network.ids.filter((id) => network.nodes.get(id)?.role === 'leader');
}
