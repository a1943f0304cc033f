/**
 * The Raft safety checker: a monitor that reads the trace events a Raft host emits (role, term,
 * vote, truncate, append, snapshot, commit, apply, recover) and checks the paper's guarantees
 * (Figure 3, §5.2-5.4) after every one. It observes and never takes part: it keeps its own
 * shadow of each node's persisted log, keyed by the Raft id in the events, so it works for any
 * host that runs a node through lab/raft-host.ts (lab servers now, swarm managers later).
 *
 * Invariants (the `invariant` of a violation):
 *   electionSafety       at most one leader per term (§5.2)
 *   leaderAppendOnly     a leader never overwrites or deletes its entries (§5.3)
 *   logMatching          equal (index, term) => equal entries and equal prefixes (§5.3)
 *   leaderCompleteness   a new leader holds every entry committed before it (§5.4)
 *   stateMachineSafety   no two nodes commit or apply different entries at one index (§5.4.3)
 *   termMonotonic        a node's term never decreases
 *   applyContiguous      a node applies committed entries one after another, in index order
 *   persistence          a restarted node recovers the term, vote and log it had persisted
 *
 * Log matching in O(1) per append: a table maps each (index, term) ever appended anywhere to its
 * entry and the term of the entry before it. If every append agrees with the table, then two logs
 * holding (i, t) agree on entry i and on the term at i-1, hence (by the same rule at i-1) on the
 * entry at i-1, and so on down to index 1: that is the Log Matching property.
 *
 * Cluster epochs. `docker swarm init --force-new-cluster` rewrites a survivor's log so that it is
 * the only voter (raft `forceNewCluster`): its forced configuration entries may take the indexes,
 * in the same term, of entries a dead old leader appended and never committed, and the old
 * members, if they come back, are a cluster of their own that the new one refuses. That is not a
 * Raft bug: the operator started a new cluster from the survivor's state. The host says so with
 * a `note` event whose text is `clusterResetNote(survivor, removed)`; from then on the survivor
 * belongs to a new epoch whose tables (leaders, entries, committed and applied entries) start
 * from what the survivor itself holds, and it is never compared with the members it removed,
 * which stay in their old epoch. Every invariant is still checked in full inside each epoch.
 * A node first seen after a reset joins the newest epoch.
 */
import type { Role } from '@swarmsim/raft';
import { assert } from '../kernel/assert.js';
import type { TraceEvent } from '../kernel/trace-types.js';
import type { Monitor, MonitorFinding } from '../kernel/types.js';

export type RaftInvariant =
  | 'electionSafety'
  | 'leaderAppendOnly'
  | 'logMatching'
  | 'leaderCompleteness'
  | 'stateMachineSafety'
  | 'termMonotonic'
  | 'applyContiguous'
  | 'persistence';

/** What the checker believes one node holds: its persisted state plus commit/apply progress. */
export interface NodeShadow {
  /** The cluster epoch the node belongs to: an index into `RaftSafetyState.epochs`. */
  epoch: number;
  role: Role;
  term: number;
  votedFor: string | null;
  snapshotIndex: number;
  snapshotTerm: number;
  /** Terms of the entries after the snapshot: entry snapshotIndex + 1 + k has terms[k]. */
  terms: number[];
  /** `kind:value` of the same entries. */
  values: string[];
  commitIndex: number;
  appliedIndex: number;
}

/**
 * What the nodes of one cluster epoch are compared against. Invariant: every array has index 0
 * unused, and committedTerms/committedValues (appliedTerms/appliedValues) have equal lengths.
 */
export interface EpochTables {
  /** The leader of each term, keyed by the term in decimal. Looked up, never iterated. */
  leaderOfTerm: Record<string, string>;
  /** Every (index, term) appended anywhere, keyed `index:term`. */
  entryTable: Record<string, { value: string; previousTerm: number }>;
  /** By index (0 unused): the term and value committed there, or 0 / '' when none known yet. */
  committedTerms: number[];
  committedValues: string[];
  /**
   * By index: the lowest current term of a node that reported the entry committed, i.e. the term
   * in which it became committed. Leader Completeness binds leaders of LATER terms only: a
   * candidate of an older term can still legally win after entries commit in a newer one.
   */
  committedDuringTerms: number[];
  /** By index: the term and value applied there by the first node to apply it. */
  appliedTerms: number[];
  appliedValues: string[];
}

export interface RaftSafetyState {
  nodes: Record<string, NodeShadow>;
  /** Epoch 0 is the first cluster; each `--force-new-cluster` adds one. Bounded by epochsMax. */
  epochs: EpochTables[];
}

/** At most this many cluster epochs (force-new-cluster resets) in one run. */
export const epochsMax = 1000;

function emptyTables(): EpochTables {
  return {
    leaderOfTerm: {},
    entryTable: {},
    committedTerms: [0],
    committedValues: [''],
    committedDuringTerms: [0],
    appliedTerms: [0],
    appliedValues: [''],
  };
}

export function createRaftSafetyState(): RaftSafetyState {
  return { nodes: {}, epochs: [emptyTables()] };
}

function newShadow(epoch: number): NodeShadow {
  return {
    epoch,
    role: 'follower',
    term: 0,
    votedFor: null,
    snapshotIndex: 0,
    snapshotTerm: 0,
    terms: [],
    values: [],
    commitIndex: 0,
    appliedIndex: 0,
  };
}

function shadowOf(state: RaftSafetyState, node: string): NodeShadow {
  let shadow = state.nodes[node];
  if (shadow === undefined) {
    shadow = newShadow(state.epochs.length - 1);
    state.nodes[node] = shadow;
  }
  return shadow;
}

function tablesOf(state: RaftSafetyState, shadow: NodeShadow): EpochTables {
  const tables = state.epochs[shadow.epoch];
  assert(tables !== undefined, `raft safety: epoch ${shadow.epoch} exists`);
  return tables;
}

function lastIndexOf(shadow: NodeShadow): number {
  return shadow.snapshotIndex + shadow.terms.length;
}

/** The term at `index` in the shadow log: 0 at index 0, null when compacted or absent. */
function termAt(shadow: NodeShadow, index: number): number | null {
  if (index === 0) return 0;
  if (index === shadow.snapshotIndex) return shadow.snapshotTerm;
  if (index < shadow.snapshotIndex) return null;
  return shadow.terms[index - shadow.snapshotIndex - 1] ?? null;
}

function valueAt(shadow: NodeShadow, index: number): string | null {
  return index <= shadow.snapshotIndex ? null : (shadow.values[index - shadow.snapshotIndex - 1] ?? null);
}

function finding(invariant: RaftInvariant, node: string, message: string): MonitorFinding {
  return { invariant, node, message };
}

/** Checks one event against the state and updates it; returns what it found broken. */
export function observeRaftEvent(state: RaftSafetyState, event: TraceEvent): MonitorFinding[] | null {
  switch (event.kind) {
    case 'role':
      return observeRole(state, event.node, event.role, event.term);
    case 'term': {
      const shadow = shadowOf(state, event.node);
      const broken =
        event.term < shadow.term
          ? [
              finding(
                'termMonotonic',
                event.node,
                `${event.node}'s term went from ${shadow.term} back to ${event.term}`,
              ),
            ]
          : null;
      shadow.term = event.term;
      shadow.votedFor = null;
      return broken;
    }
    case 'vote':
      shadowOf(state, event.node).votedFor = event.votedFor;
      return null;
    case 'truncate':
      return observeTruncate(state, event.node, event.fromIndex);
    case 'append':
      return observeAppend(state, event.node, event.index, event.term, `${event.entryKind}:${event.value}`);
    case 'snapshot':
      observeSnapshot(shadowOf(state, event.node), event.index, event.term, event.installed);
      return null;
    case 'commit':
      return observeCommit(state, event.node, event.index);
    case 'apply':
      return observeApply(state, event.node, event.index, event.term, `${event.entryKind}:${event.value}`);
    case 'recover':
      return observeRecover(state, event);
    case 'note': {
      const reset = parseClusterResetNote(event.text);
      if (reset !== null) observeClusterReset(state, reset.survivor);
      return null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Cluster epochs (see the file comment)

const clusterResetPattern = /^raft: (\S+) forces a new cluster epoch \(removed: ([^()]*)\)$/;

/**
 * The `note` text a host emits, before the forced entries, when `survivor` rewrites its log to be
 * the only voter (`docker swarm init --force-new-cluster`); `removed` are the voters it drops.
 */
export function clusterResetNote(survivor: string, removed: readonly string[]): string {
  assert(!/\s/.test(survivor), 'a raft id has no spaces');
  return `raft: ${survivor} forces a new cluster epoch (removed: ${removed.length === 0 ? 'none' : removed.join(', ')})`;
}

/** The survivor and removed members of a `clusterResetNote` text, or null for any other text. */
export function parseClusterResetNote(text: string): { survivor: string; removed: string[] } | null {
  if (!text.startsWith('raft: ')) return null;
  const match = clusterResetPattern.exec(text);
  if (match === null) return null;
  const list = match[2] as string;
  return { survivor: match[1] as string, removed: list === 'none' ? [] : list.split(', ') };
}

/**
 * `survivor` starts a new epoch. Its tables start from what the survivor holds: the (index,
 * term) of every entry in its log, the entries committed and applied up to its own commit and
 * apply indexes (the old epoch's, which the survivor was checked against), no leaders yet. The
 * members it removed keep their old epoch and are compared only with each other from now on.
 */
function observeClusterReset(state: RaftSafetyState, survivor: string): void {
  assert(state.epochs.length < epochsMax, `at most ${epochsMax} cluster epochs`);
  const known = state.nodes[survivor];
  const old = known === undefined ? emptyTables() : tablesOf(state, known);
  const shadow = shadowOf(state, survivor);
  const tables = emptyTables();
  for (let position = 0; position < shadow.terms.length; position++) {
    const index = shadow.snapshotIndex + 1 + position;
    const previousTerm = termAt(shadow, index - 1);
    if (previousTerm === null) continue;
    tables.entryTable[`${index}:${shadow.terms[position]}`] = {
      value: shadow.values[position] as string,
      previousTerm,
    };
  }
  const committedEnd = Math.min(shadow.commitIndex + 1, old.committedTerms.length);
  tables.committedTerms = old.committedTerms.slice(0, committedEnd);
  tables.committedValues = old.committedValues.slice(0, committedEnd);
  tables.committedDuringTerms = old.committedDuringTerms.slice(0, committedEnd);
  const appliedEnd = Math.min(shadow.appliedIndex + 1, old.appliedTerms.length);
  tables.appliedTerms = old.appliedTerms.slice(0, appliedEnd);
  tables.appliedValues = old.appliedValues.slice(0, appliedEnd);
  state.epochs.push(tables);
  shadow.epoch = state.epochs.length - 1;
}

function observeRole(
  state: RaftSafetyState,
  node: string,
  role: Role,
  term: number,
): MonitorFinding[] | null {
  const shadow = shadowOf(state, node);
  shadow.role = role;
  if (role !== 'leader') return null;
  const tables = tablesOf(state, shadow);
  const findings: MonitorFinding[] = [];
  const key = String(term);
  const existing = tables.leaderOfTerm[key];
  if (existing !== undefined && existing !== node) {
    findings.push(
      finding('electionSafety', node, `${node} and ${existing} were both elected leader of term ${term}`),
    );
  } else {
    tables.leaderOfTerm[key] = node;
  }
  const missing = firstMissingCommitted(state, shadow, term);
  if (missing !== null) {
    findings.push(
      finding(
        'leaderCompleteness',
        node,
        `${node} became leader of term ${term} without committed entry ${missing} (term ${tables.committedTerms[missing]})`,
      ),
    );
  }
  return findings.length > 0 ? findings : null;
}

/**
 * The first entry committed in a term before `leaderTerm` that the shadow log lacks, or null.
 * O(committed entries).
 */
function firstMissingCommitted(
  state: RaftSafetyState,
  shadow: NodeShadow,
  leaderTerm: number,
): number | null {
  const tables = tablesOf(state, shadow);
  for (let index = shadow.snapshotIndex + 1; index < tables.committedTerms.length; index++) {
    const committedTerm = tables.committedTerms[index] as number;
    if (committedTerm === 0) continue;
    if ((tables.committedDuringTerms[index] as number) >= leaderTerm) continue;
    if (termAt(shadow, index) !== committedTerm) return index;
  }
  return null;
}

function observeTruncate(state: RaftSafetyState, node: string, fromIndex: number): MonitorFinding[] | null {
  const shadow = shadowOf(state, node);
  const lastIndex = lastIndexOf(shadow);
  const broken =
    shadow.role === 'leader' && fromIndex <= lastIndex
      ? [
          finding(
            'leaderAppendOnly',
            node,
            `${node}, leader of term ${shadow.term}, discarded its entries from ${fromIndex}`,
          ),
        ]
      : null;
  const keep = Math.max(0, fromIndex - shadow.snapshotIndex - 1);
  if (keep < shadow.terms.length) {
    shadow.terms.length = keep;
    shadow.values.length = keep;
  }
  return broken;
}

function observeAppend(
  state: RaftSafetyState,
  node: string,
  index: number,
  term: number,
  value: string,
): MonitorFinding[] | null {
  const shadow = shadowOf(state, node);
  const tables = tablesOf(state, shadow);
  const findings: MonitorFinding[] = [];
  const lastIndex = lastIndexOf(shadow);
  if (index <= lastIndex && shadow.role === 'leader') {
    findings.push(
      finding('leaderAppendOnly', node, `${node}, leader of term ${shadow.term}, overwrote entry ${index}`),
    );
  }
  if (index > lastIndex + 1) {
    findings.push(
      finding('logMatching', node, `${node} appended entry ${index} after entry ${lastIndex}: a gap`),
    );
  }
  const previousTerm = termAt(shadow, index - 1);
  const key = `${index}:${term}`;
  const known = tables.entryTable[key];
  if (known === undefined) {
    if (previousTerm !== null) tables.entryTable[key] = { value, previousTerm };
  } else if (known.value !== value) {
    findings.push(
      finding(
        'logMatching',
        node,
        `${node} has "${value}" at index ${index} term ${term}; another log has "${known.value}"`,
      ),
    );
  } else if (previousTerm !== null && known.previousTerm !== previousTerm) {
    findings.push(
      finding(
        'logMatching',
        node,
        `${node}'s entry ${index} (term ${term}) follows a term ${previousTerm} entry; in another log it follows term ${known.previousTerm}`,
      ),
    );
  }
  const position = index - shadow.snapshotIndex - 1;
  if (position >= 0) {
    shadow.terms.length = Math.min(shadow.terms.length, position);
    shadow.values.length = shadow.terms.length;
    shadow.terms.push(term);
    shadow.values.push(value);
  }
  return findings.length > 0 ? findings : null;
}

function observeSnapshot(shadow: NodeShadow, index: number, term: number, installed: boolean): void {
  const keepSuffix = termAt(shadow, index) === term && index <= lastIndexOf(shadow);
  const dropped = Math.max(0, index - shadow.snapshotIndex);
  if (keepSuffix) {
    shadow.terms.splice(0, dropped);
    shadow.values.splice(0, dropped);
  } else {
    shadow.terms = [];
    shadow.values = [];
  }
  shadow.snapshotIndex = index;
  shadow.snapshotTerm = term;
  if (shadow.commitIndex < index) shadow.commitIndex = index;
  if (installed) shadow.appliedIndex = index;
}

function observeCommit(state: RaftSafetyState, node: string, index: number): MonitorFinding[] | null {
  const shadow = shadowOf(state, node);
  const tables = tablesOf(state, shadow);
  const findings: MonitorFinding[] = [];
  for (let position = shadow.commitIndex + 1; position <= index; position++) {
    const term = termAt(shadow, position);
    const value = valueAt(shadow, position);
    if (term === null || value === null) continue;
    while (tables.committedTerms.length <= position) {
      tables.committedTerms.push(0);
      tables.committedValues.push('');
      tables.committedDuringTerms.push(0);
    }
    const knownTerm = tables.committedTerms[position] as number;
    if (knownTerm === 0) {
      tables.committedTerms[position] = term;
      tables.committedValues[position] = value;
      tables.committedDuringTerms[position] = shadow.term;
      continue;
    }
    if (shadow.term < (tables.committedDuringTerms[position] as number)) {
      tables.committedDuringTerms[position] = shadow.term;
    }
    if (knownTerm !== term || tables.committedValues[position] !== value) {
      findings.push(
        finding(
          'stateMachineSafety',
          node,
          `${node} committed "${value}" (term ${term}) at index ${position}, where "${tables.committedValues[position]}" (term ${knownTerm}) was committed`,
        ),
      );
    }
  }
  if (index > shadow.commitIndex) shadow.commitIndex = index;
  return findings.length > 0 ? findings : null;
}

function observeApply(
  state: RaftSafetyState,
  node: string,
  index: number,
  term: number,
  value: string,
): MonitorFinding[] | null {
  const shadow = shadowOf(state, node);
  const tables = tablesOf(state, shadow);
  const findings: MonitorFinding[] = [];
  if (index !== shadow.appliedIndex + 1) {
    findings.push(
      finding(
        'applyContiguous',
        node,
        `${node} applied entry ${index} right after entry ${shadow.appliedIndex}`,
      ),
    );
  }
  if (index > shadow.commitIndex) {
    findings.push(
      finding(
        'applyContiguous',
        node,
        `${node} applied entry ${index} before committing it (commit ${shadow.commitIndex})`,
      ),
    );
  }
  while (tables.appliedTerms.length <= index) {
    tables.appliedTerms.push(0);
    tables.appliedValues.push('');
  }
  const knownTerm = tables.appliedTerms[index] as number;
  if (knownTerm === 0) {
    tables.appliedTerms[index] = term;
    tables.appliedValues[index] = value;
  } else if (knownTerm !== term || tables.appliedValues[index] !== value) {
    findings.push(
      finding(
        'stateMachineSafety',
        node,
        `${node} applied "${value}" (term ${term}) at index ${index}, where another node applied "${tables.appliedValues[index]}" (term ${knownTerm})`,
      ),
    );
  }
  shadow.appliedIndex = index;
  return findings.length > 0 ? findings : null;
}

function observeRecover(
  state: RaftSafetyState,
  event: Extract<TraceEvent, { kind: 'recover' }>,
): MonitorFinding[] | null {
  const known = state.nodes[event.node];
  const shadow = shadowOf(state, event.node);
  const findings: MonitorFinding[] = [];
  const lastIndex = lastIndexOf(shadow);
  const lastTerm = termAt(shadow, lastIndex) ?? 0;
  const had = `term ${shadow.term}, vote ${shadow.votedFor ?? 'none'}, log up to ${lastIndex} (term ${lastTerm})`;
  const got = `term ${event.term}, vote ${event.votedFor ?? 'none'}, log up to ${event.lastIndex} (term ${event.lastTerm})`;
  const same =
    shadow.term === event.term &&
    shadow.votedFor === event.votedFor &&
    lastIndex === event.lastIndex &&
    lastTerm === event.lastTerm;
  if (known !== undefined && !same) {
    findings.push(
      finding('persistence', event.node, `${event.node} restarted with ${got}, but had persisted ${had}`),
    );
  }
  if (known === undefined) {
    shadow.term = event.term;
    shadow.votedFor = event.votedFor;
  }
  shadow.role = 'follower';
  shadow.commitIndex = shadow.snapshotIndex;
  shadow.appliedIndex = event.appliedIndex;
  return findings.length > 0 ? findings : null;
}

/** The Raft safety checker as a kernel monitor. */
export const raftSafetyMonitor: Monitor<RaftSafetyState> = {
  name: 'raftSafety',
  create: createRaftSafetyState,
  observe: (state, event) => observeRaftEvent(state, event),
};

/** Runs the checker over a finished list of events (hand-built histories, saved traces). */
export function checkRaftTrace(events: readonly TraceEvent[]): MonitorFinding[] {
  const state = createRaftSafetyState();
  const findings: MonitorFinding[] = [];
  for (const event of events) {
    const found = observeRaftEvent(state, event);
    if (found !== null) findings.push(...found);
  }
  return findings;
}
