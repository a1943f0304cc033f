/**
 * The swarm scheduler: SwarmKit's placement rules as pure functions over plain data.
 * Start at docs/scheduling.md.
 */
export {
  type CompiledConstraint,
  type Constraint,
  type ConstraintOperator,
  compileConstraints,
  equalFold,
  labelValue,
  nodeMatchesCompiled,
  nodeMatchesConstraints,
  type ParseResult,
  parseConstraint,
  parseConstraints,
  parsePlacementPreference,
  spreadLabel,
} from './constraint.js';
export { type ConstraintViolation, checkConstraintEnforcer } from './constraint-enforcer.js';
export {
  checkFilter,
  createPipeline,
  explainFilter,
  explainPipeline,
  type FilterName,
  type FilterPipeline,
  filterOrder,
  platformMatches,
  processNode,
} from './filters.js';
export { type IpBytes, type IpNetwork, ipEqual, networkContains, parseCidr, parseIpAddress } from './ip.js';
export {
  activeTaskCountOf,
  buildSchedulerState,
  createSchedulerState,
  forgetTask,
  type NodeInfo,
  type NodeTaskEntry,
  nodeInfoOf,
  observeTask,
  recentFailureCount,
  removeNode,
  type SchedulerState,
  upsertNode,
} from './node-info.js';
export { type ScheduleOptions, scheduleTasks } from './scheduler.js';
export * from './types.js';
