/**
 * The swarm model: machines, Docker engines, managers on Raft, the replicated store, the control
 * API, the dispatcher, join tokens. docs/swarm-model.md is the guide.
 *
 * Names that the view types also use (`NodeAvailability`, `TaskState`, `NodeState`) are not
 * re-exported here from objects.ts: import them from `swarm/objects.js` inside the package.
 */
export { assignedTasks, reportTaskStatus } from './agent.js';
export {
  type ControlCallBody,
  controlMethod,
  type SwarmInfoSummary,
  type SwarmInspect,
  type SwarmUpdateParams,
  type TaskListEntry,
  withManagerStatus,
} from './control.js';
export type { InfoResult } from './engine.js';
export * from './errors.js';
export * from './extensions.js';
export { machineModel, swarmRuntime } from './machine.js';
export { enqueueWrite, leaderContext, managerOf, raftIdOf, raftNodeOf, submitWrite } from './manager.js';
export {
  type ClusterObject,
  createEmptyStore,
  type NetworkObject,
  type NodeObject,
  type NodeRole,
  type ObjectMeta,
  type PublishedPort,
  type RaftSettings,
  type Reachability,
  type ServiceObject,
  type StoreAction,
  type StoreObject,
  type SwarmStore,
  type TaskObject,
  taskStateOrder,
  type UpdateState,
} from './objects.js';
export * from './requests.js';
export {
  addMachine,
  createSandbox,
  defaultCpus,
  defaultMemoryBytes,
  disconnect,
  heal,
  killMachine,
  listMachines,
  type MachineOptions,
  type MachineSummary,
  netDelay,
  netDrop,
  partition,
  pauseMachine,
  reconnect,
  recordCommand,
  restartMachine,
  type SandboxOptions,
  sandboxWaitMsMax,
  unpauseMachine,
  useMachine,
  wait,
} from './sandbox.js';
export * from './sandbox-types.js';
export * from './status.js';
export { type LogCommand, resolveNode, sortedNodes } from './store.js';
export * as swarmTiming from './timing.js';
export type * from './types.js';
export { sandboxView, type ViewOptions } from './view.js';
