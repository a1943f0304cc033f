export { campaign, propose, tick } from './api.js';
export { assert, maybe } from './assert.js';
export { compact } from './compaction.js';
export { defaultConfig, isUnsafe, validateConfig } from './config.js';
export type { RaftLog } from './log.js';
export { forceNewCluster, proposeConfigChange } from './membership.js';
export { type CreateNodeOptions, createNode, type Progress, type RaftNode, sortIds } from './node.js';
export {
  applyPersistAction,
  emptyPersistentState,
  persistedEntriesOf,
  persistentStateOf,
  type WritablePersistentState,
} from './persistence.js';
export * from './prng.js';
export { majoritySize, quorumMatchIndex, type Vote, type VoteResult, voteResult } from './quorum.js';
export {
  assertLegalRoleTransition,
  isLegalRoleTransition,
  type RoleTransitionTable,
  roleMachine,
  roleTransitions,
} from './role-machine.js';
export { entryAt, logTermAt, type NodeStatus, nodeStatus, type ProgressStatus } from './status.js';
export { step } from './step.js';
export { transferLeadership } from './transfer.js';
export type * from './types.js';
