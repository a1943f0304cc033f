/**
 * Checkers: monitors that observe and never take part.
 *
 * - `raftSafetyMonitor` (a kernel `Monitor`): attach it with `attachMonitors(world, [...])` and
 *   the kernel routes every trace event to it; it checks election safety, leader append-only,
 *   log matching, leader completeness, state machine safety, monotonic terms, contiguous applies
 *   and persistence across restarts for every node traced by lab/raft-host.ts.
 *   `checkRaftTrace(events)` runs it over a finished list of events. A host that forces a new
 *   cluster (`docker swarm init --force-new-cluster`) emits a `clusterResetNote` first: the
 *   survivor then starts a new cluster epoch, never compared with the members it removed.
 * - `checkLinearizability(history)`: Wing & Gong search over a key-value client history;
 *   `ok`, `violation` or `unknown` (step limit reached).
 * docs/checkers.md describes each invariant and what breaks it.
 */
export {
  checkLinearizability,
  type HistoryOperation,
  type LinearizabilityResult,
  linearizabilityStepsMaxDefault,
} from './linearizability.js';
export {
  checkRaftTrace,
  clusterResetNote,
  createRaftSafetyState,
  type EpochTables,
  epochsMax,
  type NodeShadow,
  observeRaftEvent,
  parseClusterResetNote,
  type RaftInvariant,
  type RaftSafetyState,
  raftSafetyMonitor,
} from './raft-safety.js';
