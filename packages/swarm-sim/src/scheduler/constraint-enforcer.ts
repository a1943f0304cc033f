/**
 * The constraint enforcer's check
 * (`moby/swarmkit:manager/orchestrator/constraintenforcer/constraint_enforcer.go`): on every
 * Active node, tasks with desired state ASSIGNED..COMPLETE that have not finished must still
 * satisfy their service's placement constraints and fit the node's resources. The model sets the
 * tasks returned here to observed REJECTED with `constraintEnforcerMessage` and
 * `constraintEnforcerError`; the orchestrator then replaces them.
 *
 * Resources are re-added from the node's total in task id order (SwarmKit walks the store's
 * task-by-node index, which is id order); a task that does not fit is rejected and does not count.
 * Pause and Drain nodes are skipped: Pause leaves tasks alone, Drain has the orchestrator stop them.
 */
import {
  type CompiledConstraint,
  compileConstraints,
  nodeMatchesCompiled,
  parseConstraints,
} from './constraint.js';
import { isActiveDesiredState, type NodeInfo, type SchedulerState } from './node-info.js';
import { taskStateRank } from './types.js';

export interface ConstraintViolation {
  readonly taskId: string;
  readonly nodeId: string;
  readonly reason: 'constraints' | 'resources';
}

/**
 * Tasks that no longer fit their node. `currentConstraintsByService` gives each service's current
 * `--constraint` list; SwarmKit prefers it to the task's own copy, which an update that only
 * changed constraints leaves stale. Services missing from it fall back to the task's constraints.
 */
export function checkConstraintEnforcer(
  state: SchedulerState,
  currentConstraintsByService: Readonly<Record<string, readonly string[]>> = {},
): ConstraintViolation[] {
  const violations: ConstraintViolation[] = [];
  const compiledByText = new Map<string, readonly CompiledConstraint[] | null>();
  for (const nodeId of state.nodeIds) {
    const info = state.nodes[nodeId] as NodeInfo;
    if (info.node.availability !== 'active') continue;
    checkNode(info, currentConstraintsByService, compiledByText, violations);
  }
  return violations;
}

function checkNode(
  info: NodeInfo,
  currentConstraintsByService: Readonly<Record<string, readonly string[]>>,
  compiledByText: Map<string, readonly CompiledConstraint[] | null>,
  violations: ConstraintViolation[],
): void {
  let availableNanoCpus = info.node.resources.nanoCpus;
  let availableMemoryBytes = info.node.resources.memoryBytes;
  const taskIds = Object.keys(info.tasks).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  for (const taskId of taskIds) {
    const entry = info.tasks[taskId];
    if (entry === undefined) continue;
    const desiredRank = taskStateRank[entry.desiredState];
    if (desiredRank < taskStateRank.assigned || !isActiveDesiredState(entry.desiredState)) continue;
    if (taskStateRank[entry.state] > taskStateRank.running) continue;
    const constraintTexts = Object.hasOwn(currentConstraintsByService, entry.serviceId)
      ? (currentConstraintsByService[entry.serviceId] as readonly string[])
      : entry.constraints;
    const compiled = compiledFor(constraintTexts, compiledByText);
    if (compiled !== null && !nodeMatchesCompiled(compiled, info.node)) {
      violations.push({ taskId, nodeId: info.node.id, reason: 'constraints' });
      continue;
    }
    const { nanoCpus, memoryBytes } = entry.reservations;
    if (nanoCpus === 0 && memoryBytes === 0) continue;
    if (memoryBytes > availableMemoryBytes || nanoCpus > availableNanoCpus) {
      violations.push({ taskId, nodeId: info.node.id, reason: 'resources' });
      continue;
    }
    availableMemoryBytes -= memoryBytes;
    availableNanoCpus -= nanoCpus;
  }
}

/** Null when there is nothing to check: no constraints, or constraints that do not parse (Go ignores the error). */
function compiledFor(
  texts: readonly string[],
  cache: Map<string, readonly CompiledConstraint[] | null>,
): readonly CompiledConstraint[] | null {
  if (texts.length === 0) return null;
  const cacheKey = texts.join('\u0000');
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const parsed = parseConstraints(texts);
  const compiled = parsed.ok ? compileConstraints(parsed.value) : null;
  cache.set(cacheKey, compiled);
  return compiled;
}
