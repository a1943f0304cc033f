/**
 * Services and tasks on the swarm model: the control methods behind `docker service …`, the task
 * lifecycle machine, the leader's orchestration (orchestrators, scheduler bridge, restart
 * supervisor, updater, constraint enforcer, reaper), the agent's executor, and the routing mesh.
 * Importing this module registers the extension. Start at docs/services.md.
 */
import { registerServices } from './register.js';

registerServices();

export { type ContainerEntry, containerKill, listContainers, setImageFailure } from './containers.js';
export type {
  ServiceCreateParams,
  ServiceCreateResult,
  ServiceRefParams,
  ServiceScaleParams,
  ServiceUpdateParams,
} from './control.js';
export { serviceErrors } from './errors.js';
export { brokenTagWord, executorTimings, type ServiceContainer, serviceContainers } from './executor.js';
export { reconcileMethod } from './leader.js';
export { containerLogLines, type LogLine, type ServiceLogsParams } from './logs.js';
export {
  type CurlOptions,
  type CurlResult,
  curl,
  type LatencySummary,
  type LoadOptions,
  type LoadReport,
  load,
} from './mesh.js';
export { nodeDownPeriodMs } from './orphans.js';
export {
  listServices,
  listTasks,
  nodeDisplayName,
  resolveService,
  type ServiceListEntry,
  type ServiceListFilters,
  type TaskEntry,
  type TaskListFilters,
  type TaskListParams,
  type TaskListResult,
} from './queries.js';
export { registerServices, serviceControlMethods, servicesExtensionName } from './register.js';
export {
  containerName,
  dynamicPortEnd,
  dynamicPortStart,
  forceUpdateOf,
  imageWithoutDigest,
  pinnedImage,
  taskName,
  validateServiceSpec,
} from './spec.js';
export {
  isTerminalTaskState,
  nextTaskState,
  type ObservedTaskState,
  observedTaskStates,
  type TaskLifecycleEventType,
  taskLifecycleEventTypes,
  taskLifecycleMachine,
  taskLifecycleMermaid,
} from './task-lifecycle.js';
