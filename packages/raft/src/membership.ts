import { proposalRefusal } from './api.js';
import { isUnsafe } from './config.js';
import { refreshMembership, sortIds } from './configuration.js';
import { appendToLog, lastLogIndex, termAt } from './log.js';
import type { RaftNode } from './node.js';
import { beginOutput, finishOutput, noteLogWrite } from './output.js';
import { advanceCommitIndex, broadcastAppend } from './replication.js';
import type {
  ConfigChange,
  LogEntry,
  Membership,
  NodeId,
  PersistentState,
  ProposeResult,
  RaftOutput,
} from './types.js';

type ConfigEntry = Extract<LogEntry, { kind: 'config' }>;

/**
 * Membership change, one voter at a time (thesis §4.1). The leader appends a configuration
 * entry holding the whole new configuration, and every node uses it as soon as it is in its
 * log (see configuration.ts). Any two majorities of configurations that differ by one voter
 * overlap, so at most one leader per term can be elected whichever of the two each node uses.
 *
 * The leader refuses with `changeInProgress`:
 * - while its latest configuration entry is not committed: a second change would let two
 *   configurations two voters apart coexist, whose majorities can be disjoint (switch
 *   `concurrentMembershipChanges` drops this check to show it);
 * - until it has committed an entry of its own term (its no-op): the fix to the single-server
 *   change bug Ongaro reported on raft-dev in 2015, which etcd applies through
 *   pendingConfIndex.
 * It refuses with `invalidChange` an add of a voter, a removal of a non-voter and the removal
 * of the last voter. Removing the leader works: it keeps leading without counting itself, and
 * steps down once the change commits. Removing the target of a leadership transfer abandons
 * the transfer. A node added with an empty log catches up through the usual replication (or a
 * snapshot) and counts in the majority from the moment the entry is appended.
 */
export function proposeConfigChange(
  node: RaftNode,
  change: ConfigChange,
): { output: RaftOutput; result: ProposeResult } {
  const out = beginOutput(node);
  const refused = configChangeRefusal(node, change);
  if (refused !== null) return { output: finishOutput(node, out), result: refused };
  const voters =
    change.type === 'addVoter'
      ? sortIds([...node.membership.voters, change.node])
      : node.membership.voters.filter((voter) => voter !== change.node);
  const entry: ConfigEntry = {
    index: lastLogIndex(node.log) + 1,
    term: node.term,
    kind: 'config',
    change: { type: change.type, node: change.node },
    voters,
  };
  appendToLog(node.log, [entry]);
  noteLogWrite(out, entry.index, false);
  refreshMembership(node, entry.index);
  broadcastAppend(node, out, false);
  advanceCommitIndex(node, out);
  return { output: finishOutput(node, out), result: { ok: true, index: entry.index, term: entry.term } };
}

function configChangeRefusal(node: RaftNode, change: ConfigChange): ProposeResult | null {
  const invalid = (detail: string): ProposeResult => ({
    ok: false,
    reason: 'invalidChange',
    leaderId: node.leaderId,
    detail,
  });
  if (change.type !== 'addVoter' && change.type !== 'removeVoter') {
    return invalid(`unknown change type "${String(change.type)}"`);
  }
  if (typeof change.node !== 'string' || change.node.length === 0) return invalid('the change names no node');
  // Removing the target of a leadership transfer is allowed, and ends the transfer (setMembership).
  const removingTransferTarget = change.type === 'removeVoter' && change.node === node.transferTarget;
  const refused = proposalRefusal(node);
  if (refused !== null && !(removingTransferTarget && refused.reason === 'transferInProgress'))
    return refused;
  const pending = pendingChangeDetail(node);
  if (pending !== null) {
    return { ok: false, reason: 'changeInProgress', leaderId: node.leaderId, detail: pending };
  }
  const voters = node.membership.voters;
  if (change.type === 'addVoter' && voters.includes(change.node)) {
    return invalid(`${change.node} is already a voter`);
  }
  if (change.type === 'removeVoter' && !voters.includes(change.node)) {
    return invalid(`${change.node} is not a voter`);
  }
  if (change.type === 'removeVoter' && voters.length === 1) {
    return invalid(`${change.node} is the last voter`);
  }
  return null;
}

/** Why a leader must wait before appending another configuration entry, or null. */
function pendingChangeDetail(node: RaftNode): string | null {
  if (termAt(node.log, node.commitIndex) !== node.term) {
    return `${node.config.id} has not committed an entry of its term ${node.term} yet`;
  }
  if (isUnsafe(node.config, 'concurrentMembershipChanges')) return null;
  if (node.configIndex > node.commitIndex) {
    return `the configuration change at index ${node.configIndex} has not committed yet`;
  }
  return null;
}

/**
 * `docker swarm init --force-new-cluster` on a surviving manager: rewrites its persisted state
 * so that, restarted with `createNode`, it is the only voter of its cluster and elects itself.
 *
 * What SwarmKit does (manager/state/raft/storage.go, loadAndStart): discard the uncommitted
 * WAL entries, then force-append ConfChange entries removing every other member (and adding
 * itself if missing), at the current term, and mark them committed. Our persistent state has
 * no commit index (commitIndex is volatile, as in the paper), so nothing is discarded: the whole
 * log is kept and the forced entries go after it. Entries that the old cluster never committed
 * therefore commit in the new one, once the restarted node elects itself and commits its no-op.
 * That loses nothing the old cluster may have committed, which discarding could not promise
 * without knowing the commit index.
 *
 * The forced entries are configuration entries at the current term (at least 1): an `addVoter`
 * for self when the last known configuration lacks it, then a `removeVoter` for each other
 * voter in id order, each holding the configuration after it, the last one `[selfId]`. When the
 * disk holds no configuration at all (a cluster bootstrapped from createNode's membership),
 * one entry `addVoter selfId` with voters `[selfId]` does it. Term and vote are kept (the term
 * becomes 1 if it was 0). The snapshot is kept.
 */
export function forceNewCluster(persisted: PersistentState, selfId: NodeId): PersistentState {
  const entries = persisted.entries.slice();
  const term = Math.max(persisted.term, 1);
  const known = lastKnownMembership(persisted);
  let voters = known === null ? [] : sortIds(known.voters);
  let index = entries.at(-1)?.index ?? persisted.snapshot?.lastIncludedIndex ?? 0;
  const force = (change: ConfigChange, next: NodeId[]): void => {
    index++;
    voters = next;
    entries.push({ index, term, kind: 'config', change, voters: next });
  };
  if (!voters.includes(selfId)) force({ type: 'addVoter', node: selfId }, sortIds([...voters, selfId]));
  const others = voters.filter((id) => id !== selfId);
  for (const voter of others)
    force(
      { type: 'removeVoter', node: voter },
      voters.filter((id) => id !== voter),
    );
  return {
    term,
    votedFor: term === persisted.term ? persisted.votedFor : null,
    entries,
    snapshot: persisted.snapshot,
  };
}

function lastKnownMembership(persisted: PersistentState): Membership | null {
  for (let position = persisted.entries.length - 1; position >= 0; position--) {
    const entry = persisted.entries[position]!;
    if (entry.kind === 'config') return { voters: entry.voters };
  }
  return persisted.snapshot?.membership ?? null;
}
