/**
 * The replicated and global orchestrators (`moby/swarmkit manager/orchestrator/{replicated,
 * global}`, swarm.md §4.5-§4.6), one reconcile per service per pass:
 *
 * - replicated: tasks carry slots 1..N. Tasks that ended, or whose node became invalid (deleted,
 *   Down, drained), are restarted by policy; then the runnable slots are counted and the service
 *   scaled: up into the lowest free slots, down by giving desired REMOVE to the slots that balance
 *   the nodes best (not-running ones first, then the n-th copy on a node, highest n first);
 * - global: one runnable task per eligible node (exists, not Down, not drained, satisfies the
 *   constraints), created with its node preset; tasks on nodes that stop being eligible are shut
 *   down with no replacement; paused nodes are left alone; tasks of deleted nodes are deleted;
 * - a deleted service's tasks all get desired REMOVE (`SetServiceTasksRemove`).
 */
import { nodeMatchesConstraints, parseConstraints } from '../scheduler/constraint.js';
import type { NodeObject, ServiceObject, TaskObject } from '../swarm/objects.js';
import {
  createTask,
  type Draft,
  deleteTask,
  draftNode,
  draftServiceTasks,
  setDesiredState,
} from './draft.js';
import { delayedStartDue, restartTask, shouldRestart } from './restart.js';
import { schedulerNodeOf } from './scheduling.js';
import { isTerminalTaskState } from './task-lifecycle.js';

/** `orchestrator.InvalidNode`: deleted, Down or drained. */
export function nodeIsInvalid(node: NodeObject | null): boolean {
  return node === null || node.status.state === 'down' || node.spec.availability === 'drain';
}

/** Desired RUNNING or READY: the task is meant to run (SwarmKit's `DesiredState <= RUNNING`). */
export function isRunnableDesired(task: TaskObject): boolean {
  return task.desiredState === 'running' || task.desiredState === 'ready';
}

function serviceTasks(draft: Draft, serviceId: string): TaskObject[] {
  return draftServiceTasks(draft, serviceId);
}

/** Every task of a service that no longer exists gets desired REMOVE. */
export function removeTasksOfDeletedServices(draft: Draft): void {
  for (const serviceId of Object.keys(draft.index.tasksByService).sort()) {
    if (draft.services[serviceId] !== undefined) continue;
    for (const task of draftServiceTasks(draft, serviceId)) {
      if (task.desiredState !== 'remove') setDesiredState(draft, task.meta.id, 'remove');
    }
  }
}

/**
 * Restarts the service's tasks that ended or sit on an invalid node. A replacement that fails
 * while its own delayed start is still pending waits for it first, as SwarmKit's `waitRestart`.
 */
function restartStoppedTasks(
  draft: Draft,
  service: ServiceObject,
  invalid: (task: TaskObject) => boolean,
): void {
  for (const task of serviceTasks(draft, service.meta.id)) {
    if (!isRunnableDesired(task)) continue;
    const ended = isTerminalTaskState(task.status.state);
    if (!ended && !invalid(task)) continue;
    if (ended && task.desiredState === 'ready' && !delayedStartDue(draft, service, task)) continue;
    restartTask(draft, service, task);
  }
}

/** Runnable tasks by slot: desired <= RUNNING, or the newest task when it should not be restarted. */
export function runnableSlots(draft: Draft, service: ServiceObject): Map<number, TaskObject[]> {
  const bySlot = new Map<number, TaskObject[]>();
  for (const task of serviceTasks(draft, service.meta.id)) {
    if (task.slot <= 0) continue;
    const slot = bySlot.get(task.slot) ?? [];
    slot.push(task);
    bySlot.set(task.slot, slot);
  }
  const rollingBack = service.updateStatus?.state === 'rollback_started';
  const runnable = new Map<number, TaskObject[]>();
  for (const slotNumber of [...bySlot.keys()].sort((left, right) => left - right)) {
    const tasks = bySlot.get(slotNumber) as TaskObject[];
    const live = tasks.filter(isRunnableDesired);
    if (live.length > 0) {
      runnable.set(slotNumber, live);
      continue;
    }
    if (rollingBack) continue;
    const newest = [...tasks].sort((left, right) => left.meta.createdAtMs - right.meta.createdAtMs).at(-1);
    if (newest !== undefined && newest.desiredState !== 'remove' && !shouldRestart(draft, newest)) {
      runnable.set(slotNumber, [newest]);
    }
  }
  return runnable;
}

export function reconcileReplicated(draft: Draft, service: ServiceObject): void {
  if (service.spec.mode.kind !== 'replicated') return;
  restartStoppedTasks(
    draft,
    service,
    (task) => task.nodeId !== null && nodeIsInvalid(draftNode(draft, task.nodeId)),
  );
  const slots = runnableSlots(draft, service);
  const wanted = service.spec.mode.replicas;
  if (wanted > slots.size) {
    let slotNumber = 0;
    const created: number[] = [];
    for (let added = 0; added < wanted - slots.size; added++) {
      do slotNumber++;
      while (slots.has(slotNumber));
      createTask(draft, service, { slot: slotNumber, nodeId: null }, 'running');
      created.push(slotNumber);
    }
    draft.notes.push(`create ${service.spec.name}.${created.join(',')}`);
  } else if (wanted < slots.size) {
    const victims = scaleDownVictims([...slots.values()], wanted);
    for (const slot of victims) for (const task of slot) setDesiredState(draft, task.meta.id, 'remove');
    draft.notes.push(
      `scale down ${service.spec.name}: remove slot ${victims.map((slot) => slot[0]?.slot).join(',')}`,
    );
  }
}

/**
 * SwarmKit's scale-down order: slots with a running task first; then each single-task slot on a
 * node is numbered as the n-th copy there; slots are kept by that number, lowest first, and
 * slots that are not on a node go last. Everything past `keep` is a victim.
 */
export function scaleDownVictims(slots: readonly TaskObject[][], keep: number): TaskObject[][] {
  const running = (slot: readonly TaskObject[]) => slot.some((task) => task.status.state === 'running');
  const byRunning = [...slots].sort((left, right) => Number(running(right)) - Number(running(left)));
  const copiesByNode = new Map<string, number>();
  const indexed = byRunning.map((slot, order) => {
    const only = slot.length === 1 ? slot[0] : undefined;
    if (only === undefined || only.nodeId === null) return { slot, index: -1, order };
    const index = (copiesByNode.get(only.nodeId) ?? 0) + 1;
    copiesByNode.set(only.nodeId, index);
    return { slot, index, order };
  });
  indexed.sort((left, right) => {
    if (left.index < 0 !== right.index < 0) return left.index < 0 ? 1 : -1;
    return left.index - right.index || left.order - right.order;
  });
  return indexed.slice(keep).map((entry) => entry.slot);
}

/** A global service's node: exists, not Down, not drained, satisfies the service's constraints. */
export function nodeEligibleForGlobal(node: NodeObject | null, service: ServiceObject): boolean {
  return globalEligibility(service)(node);
}

/** `nodeEligibleForGlobal` for one service, its constraints parsed once. */
export function globalEligibility(service: ServiceObject): (node: NodeObject | null) => boolean {
  const parsed = parseConstraints(service.spec.placement.constraints);
  return (node) => {
    if (nodeIsInvalid(node) || !parsed.ok) return false;
    return (
      parsed.value.length === 0 || nodeMatchesConstraints(parsed.value, schedulerNodeOf(node as NodeObject))
    );
  };
}

/** A service's tasks grouped by node ID (tasks without a node left out). */
export function tasksByNode(tasks: readonly TaskObject[]): Map<string, TaskObject[]> {
  const byNode = new Map<string, TaskObject[]>();
  for (const task of tasks) {
    if (task.nodeId === null) continue;
    const onNode = byNode.get(task.nodeId);
    if (onNode === undefined) byNode.set(task.nodeId, [task]);
    else onNode.push(task);
  }
  return byNode;
}

export function reconcileGlobal(draft: Draft, service: ServiceObject): void {
  if (service.spec.mode.kind !== 'global') return;
  for (const task of serviceTasks(draft, service.meta.id)) {
    if (task.nodeId !== null && draftNode(draft, task.nodeId) === null) deleteTask(draft, task.meta.id);
  }
  const eligible = globalEligibility(service);
  const ineligible = (task: TaskObject) => {
    const node = draftNode(draft, task.nodeId);
    return node?.spec.availability !== 'pause' && !eligible(node);
  };
  for (const task of serviceTasks(draft, service.meta.id)) {
    if (isRunnableDesired(task) && ineligible(task)) setDesiredState(draft, task.meta.id, 'shutdown');
  }
  restartStoppedTasks(draft, service, () => false);
  const added: string[] = [];
  const byNode = tasksByNode(serviceTasks(draft, service.meta.id));
  for (const nodeId of Object.keys(draft.store.nodes).sort()) {
    const node = draft.store.nodes[nodeId] as NodeObject;
    if (node.spec.availability === 'pause' || !eligible(node)) continue;
    const onNode = byNode.get(nodeId) ?? [];
    if (onNode.some(isRunnableDesired)) continue;
    const newest = onNode.sort((left, right) => left.meta.createdAtMs - right.meta.createdAtMs).at(-1);
    if (newest !== undefined && isTerminalTaskState(newest.status.state) && !shouldRestart(draft, newest))
      continue;
    createTask(draft, service, { slot: 0, nodeId }, 'running');
    added.push(node.description.hostname || nodeId);
  }
  if (added.length > 0) draft.notes.push(`create ${service.spec.name} on ${added.join(',')}`);
}
