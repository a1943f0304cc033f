/**
 * Inspecting a lab: every node (up or not, role, term, vote, commit index, log with each entry's
 * index, term and kind, applied commands), the network and the client, as a JSON-able object a
 * TUI pane can draw and a test can compare; plus a text rendering for the shell.
 */
import type { EntryKind, LogEntry, Role } from '@swarmsim/raft';
import type { HostRecord, LinkSettings } from '../kernel/types.js';
import type { AppliedCommand, ClientOperation, Lab, LabHostState } from './lab.js';
import { entryValue, type RaftMember } from './raft-host.js';

export interface LogEntryView {
  readonly index: number;
  readonly term: number;
  readonly kind: EntryKind;
  /** The command, '' for a no-op, "addVoter n4" for a configuration change. */
  readonly value: string;
  readonly committed: boolean;
}

export interface NodeView {
  readonly id: string;
  readonly up: boolean;
  readonly paused: boolean;
  /** null while down. */
  readonly role: Role | null;
  /** The persisted term and vote (known even while down). */
  readonly term: number;
  readonly votedFor: string | null;
  readonly leaderId: string | null;
  /**
   * The voters this node uses: the latest configuration entry in its log (committed or not,
   * thesis §4.1), else its snapshot's, else the one it started with ([] for a spare not yet added).
   */
  readonly voters: readonly string[];
  /** null while down (volatile). */
  readonly commitIndex: number | null;
  readonly appliedIndex: number;
  /** The persisted log after its snapshot. */
  readonly snapshotIndex: number;
  readonly log: readonly LogEntryView[];
  readonly store: Readonly<Record<string, string>>;
  readonly applied: readonly AppliedCommand[];
}

export interface LabView {
  readonly nowMs: number;
  readonly seed: number;
  readonly nodes: readonly NodeView[];
  /** The up leader with the highest term, if any. */
  readonly leader: string | null;
  readonly network: {
    readonly defaults: LinkSettings;
    /** Groups while partitioned (the default group 0 first, if it has members), else null. */
    readonly partition: readonly (readonly string[])[] | null;
    /** One-way cut links, "n1→n2", in host order. */
    readonly cutLinks: readonly string[];
  };
  readonly client: readonly ClientOperation[];
  readonly violations: readonly {
    readonly atMs: number;
    readonly invariant: string;
    readonly message: string;
  }[];
}

function nodeView(host: HostRecord<LabHostState>): NodeView {
  const member = host.state.member;
  const node = host.up ? member.node : null;
  const persisted = member.persisted;
  const commitIndex = node?.commitIndex ?? null;
  const sortedStore: Record<string, string> = {};
  for (const key of Object.keys(host.state.store).sort()) sortedStore[key] = host.state.store[key] as string;
  return {
    id: host.id,
    up: host.up,
    paused: host.paused,
    role: node?.role ?? null,
    term: persisted.term,
    votedFor: persisted.votedFor,
    leaderId: node?.leaderId ?? null,
    voters: votersOf(host.state.member),
    commitIndex,
    appliedIndex: member.appliedIndex,
    snapshotIndex: persisted.snapshot?.lastIncludedIndex ?? 0,
    log: persisted.entries.map((entry) => ({
      index: entry.index,
      term: entry.term,
      kind: entry.kind,
      value: entryValue(entry),
      committed: commitIndex !== null && entry.index <= commitIndex,
    })),
    store: sortedStore,
    applied: [...host.state.applied],
  };
}

/** The configuration a member uses, read from what it persisted (what it restarts with). */
export function votersOf(member: RaftMember): string[] {
  const persisted = member.persisted;
  for (let position = persisted.entries.length - 1; position >= 0; position--) {
    const entry = persisted.entries[position] as LogEntry;
    if (entry.kind === 'config') return [...entry.voters];
  }
  return [...(persisted.snapshot?.membership ?? member.initialMembership).voters];
}

/** The live leader with the highest term, or null. */
export function labLeader(lab: Lab): string | null {
  let leader: { id: string; term: number } | null = null;
  for (const host of lab.world.hosts) {
    const node = host.up ? host.state.member.node : null;
    if (node === null || node.role !== 'leader') continue;
    if (leader === null || node.term > leader.term) leader = { id: host.id, term: node.term };
  }
  return leader?.id ?? null;
}

export function labInspect(lab: Lab): LabView {
  const world = lab.world;
  const nodes = world.hosts.map(nodeView);
  let leader: NodeView | null = null;
  for (const node of nodes) {
    if (node.role === 'leader' && (leader === null || node.term > leader.term)) leader = node;
  }
  const cutLinks: string[] = [];
  world.network.links.forEach((row, source) => {
    row.forEach((link, target) => {
      if (link?.cut === true) cutLinks.push(`${world.hosts[source]?.id}→${world.hosts[target]?.id}`);
    });
  });
  let partition: string[][] | null = null;
  if (world.network.partitioned) {
    const groups = new Map<number, string[]>();
    for (const host of world.hosts)
      groups.set(host.partitionGroup, [...(groups.get(host.partitionGroup) ?? []), host.id]);
    partition = [...groups.entries()].sort((left, right) => left[0] - right[0]).map((entry) => entry[1]);
  }
  return {
    nowMs: world.nowMs,
    seed: world.seed,
    nodes,
    leader: leader?.id ?? null,
    network: { defaults: structuredClone(world.network.defaults), partition, cutLinks },
    client: lab.client.history.map((operation) => ({ ...operation })),
    violations: world.violations.flatMap((event) =>
      event.kind === 'violation'
        ? [{ atMs: event.atMs, invariant: event.invariant, message: event.message }]
        : [],
    ),
  };
}

/** " voters n1,n2,n3" when a node's configuration is not every node of the lab ("-": a spare). */
function votersText(node: NodeView, nodeCount: number): string {
  if (node.voters.length === nodeCount) return '';
  return ` voters ${node.voters.length === 0 ? '-' : node.voters.join(',')}`;
}

/**
 * A compact text rendering for the shell: one line per node, then its log; a node's voters when
 * they are not all `nodeCount` nodes of the lab (pass it when `view` holds only some nodes).
 */
export function formatLabView(view: LabView, nodeCount: number = view.nodes.length): string {
  const lines = [`time ${view.nowMs}ms, seed ${view.seed}, leader ${view.leader ?? 'none'}`];
  for (const node of view.nodes) {
    const state = !node.up ? 'DOWN' : node.paused ? `${node.role} (paused)` : (node.role ?? '');
    const commit = node.commitIndex === null ? '-' : String(node.commitIndex);
    lines.push(
      `${node.id} ${state.padEnd(12)} term ${node.term} vote ${node.votedFor ?? '-'} commit ${commit} applied ${node.appliedIndex}` +
        votersText(node, nodeCount),
    );
    const log = node.log.map(
      (entry) => `${entry.index}:${entry.term}${entry.kind === 'noop' ? '' : ` ${entry.value}`}`,
    );
    lines.push(`   log [${log.join(' | ')}]`);
  }
  if (view.network.partition !== null) {
    lines.push(`partition ${view.network.partition.map((group) => group.join(',')).join(' | ')}`);
  }
  if (view.network.cutLinks.length > 0) lines.push(`cut ${view.network.cutLinks.join(' ')}`);
  for (const violation of view.violations)
    lines.push(`VIOLATION ${violation.invariant}: ${violation.message}`);
  return lines.join('\n');
}
