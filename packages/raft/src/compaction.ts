import { assert } from './assert.js';
import { configurationAt } from './configuration.js';
import { compactLog, snapshotIndexOf, termAt } from './log.js';
import type { RaftNode } from './node.js';
import { beginOutput, finishOutput } from './output.js';
import type { RaftOutput, Snapshot } from './types.js';

/**
 * Log compaction (§7): the host has applied every entry up to `appliedIndex` and hands over its
 * state machine serialised as `data`. The node records a snapshot at that index, carrying the
 * configuration in force there, and discards the entries up to
 * `appliedIndex - logEntriesForSlowFollowers` (SwarmKit keeps 500), so a follower a little
 * behind still gets entries instead of the whole snapshot; a follower further behind gets the
 * snapshot (installSnapshot).
 *
 * The output's `persist.snapshot` carries the snapshot: the host keeps it and drops the
 * persisted entries it covers (`applyPersistAction` does). `snapshotToApply` stays null: the
 * host's state machine already is the snapshot. A snapshot no newer than the current one
 * changes nothing. `appliedIndex` above commitIndex is a host bug and fails an assertion.
 */
export function compact(node: RaftNode, appliedIndex: number, data: string): RaftOutput {
  assert(Number.isSafeInteger(appliedIndex), `appliedIndex must be an integer, got ${appliedIndex}`);
  assert(
    appliedIndex <= node.commitIndex,
    `compact at ${appliedIndex}, beyond commitIndex ${node.commitIndex}: only applied entries can be compacted`,
  );
  const out = beginOutput(node);
  if (appliedIndex <= snapshotIndexOf(node.log)) return finishOutput(node, out);
  const lastIncludedTerm = termAt(node.log, appliedIndex);
  assert(lastIncludedTerm !== null, `entry ${appliedIndex} is not in the log`);
  const snapshot: Snapshot = {
    lastIncludedIndex: appliedIndex,
    lastIncludedTerm,
    membership: configurationAt(node, appliedIndex).membership,
    data,
  };
  compactLog(node.log, snapshot, appliedIndex - node.config.logEntriesForSlowFollowers);
  // The entry that set the configuration may be gone; the snapshot now records it.
  if (node.configIndex <= node.log.compactedIndex) node.configIndex = appliedIndex;
  out.snapshot = snapshot;
  return finishOutput(node, out);
}
