/**
 * The Raft lab: a cluster of 1 to 9 Raft servers n1…n9 on the kernel, replicating a key-value
 * store, with a client. Create one with `createLab(options)`; act on it with the `lab…`
 * operations (each returns `{ok, text}` and never throws) or one text line at a time with
 * `labCommand(lab, line)`; look at it with `labInspect(lab)`. docs/lab.md has the defaults.
 *
 * raft-host.ts is the reusable part: run any Raft node on a kernel host (the swarm managers
 * will), with tracing that the Raft checkers understand.
 */
export { labCommand, labCommandHelp, parseMembershipArguments, parseRatio } from './command.js';
export {
  applyKvCommand,
  deserializeKvStore,
  formatKvCommand,
  type KvCommand,
  type KvStore,
  parseKvCommand,
  serializeKvStore,
} from './kv.js';
export {
  type AppliedCommand,
  appliedHistoryMax,
  type ClientAnswer,
  type ClientOperation,
  type CreateLabResult,
  createLab,
  defaultLabOptions,
  type Lab,
  type LabHostState,
  type LabMembershipOptions,
  type LabOptions,
  labHooks,
  labModel,
  labNodeCountMax,
  labNodeIds,
  labRuntime,
  restoreLab,
  snapshotLab,
  validateLabOptions,
  type WaitingOperation,
} from './lab.js';
export {
  type LabNetworkChange,
  type LabResult,
  labAddVoter,
  labChangeMembership,
  labCrash,
  labCut,
  labDisconnect,
  labHeal,
  labNetwork,
  labPartition,
  labPause,
  labPropose,
  labReconnect,
  labRemoveVoter,
  labRestart,
  labResume,
  labRun,
  labRunDurationMaxMs,
  labTimeout,
  labUncut,
  type ProposeLabResult,
  parsePartition,
} from './operations.js';
export {
  crashRaftMember,
  createRaftMember,
  entryValue,
  handleRaftOutput,
  type RaftHostHooks,
  type RaftMember,
  raftCampaign,
  raftPropose,
  raftProposeConfigChange,
  raftStep,
  raftTick,
  startRaftMember,
} from './raft-host.js';
export { type LabSandboxViewOptions, labSandboxView } from './sandbox-view.js';
export {
  formatLabView,
  type LabView,
  type LogEntryView,
  labInspect,
  labLeader,
  type NodeView,
  votersOf,
} from './view.js';
