/**
 * The restart supervisor (`moby/swarmkit manager/orchestrator/restart/restart.go`, swarm.md §4.5):
 * whether a stopped task is replaced (restart policy, max attempts within a window), the
 * replacement itself (same slot, or same node for a global service, desired READY), and the
 * delayed start that later sets it RUNNING.
 *
 * SwarmKit keeps the restart history and the delay timers in the leader's memory. Here they are
 * derived from the store when a pass looks at the task (a pass is due when the first of them
 * ends: `wakeAt`), which survives a leader change the way SwarmKit's `taskinit.CheckTasks`
 * recovers them:
 * - restarts of an instance = its tasks of the same spec version but the first (the reaper keeps
 *   `max_attempts + 1` of them, so the count is exact when it matters);
 * - a replacement starts when `createdAt + delay` has passed and its predecessor has stopped, is
 *   on a Down or deleted node, or a minute has gone by (`TaskTimeout`). The delay is the restart
 *   delay, 0 when the old node is drained, 0 for a rolling update's replacement.
 */
import type { ServiceObject, TaskObject } from '../swarm/objects.js';
import {
  createTask,
  type Draft,
  draftNode,
  draftServiceTasks,
  draftTasksOf,
  setDesiredState,
  wakeAt,
} from './draft.js';
import { isTaskDirty } from './spec.js';
import { isTerminalTaskState } from './task-lifecycle.js';

/** SwarmKit `defaultOldTaskTimeout`: a replacement waits at most this long for its predecessor to stop. */
export const oldTaskTimeoutMs = 60_000;

/** The instance a task belongs to: its slot (replicated) or its node (global). */
export function instanceKey(task: Pick<TaskObject, 'slot' | 'nodeId'>): string {
  return task.slot > 0 ? `slot:${task.slot}` : `node:${task.nodeId ?? ''}`;
}

function byCreation(left: TaskObject, right: TaskObject): number {
  return left.meta.createdAtMs - right.meta.createdAtMs || (left.meta.id < right.meta.id ? -1 : 1);
}

/** The service's tasks in one instance, oldest first. */
export function instanceTasks(draft: Draft, serviceId: string, key: string): TaskObject[] {
  return draftServiceTasks(draft, serviceId)
    .filter((task) => instanceKey(task) === key)
    .sort(byCreation);
}

/** `Supervisor.ShouldRestart`: the restart policy's answer for a task that stopped (or is being stopped). */
export function shouldRestart(draft: Draft, task: TaskObject): boolean {
  const policy = task.spec.restartPolicy;
  if (policy.condition === 'none') return false;
  if (policy.condition === 'on-failure' && task.status.state === 'complete') return false;
  if (policy.maxAttempts === 0) return true;
  const sameVersion = instanceTasks(draft, task.serviceId, instanceKey(task)).filter(
    (candidate) => candidate.specVersion === task.specVersion,
  );
  const endedAtMs = isTerminalTaskState(task.status.state) ? task.status.timestampMs : draft.nowMs;
  const restarts = sameVersion.slice(1).filter((candidate) => {
    if (policy.windowMs === 0) return true;
    const atMs = candidate.meta.createdAtMs;
    return atMs > endedAtMs - policy.windowMs && atMs <= endedAtMs;
  });
  return restarts.length < policy.maxAttempts;
}

/**
 * `Supervisor.Restart`: the old task is told to shut down and, if the policy says so, a new task
 * takes its instance with desired READY (the delayed start sets RUNNING). Returns the new task.
 */
export function restartTask(draft: Draft, service: ServiceObject, task: TaskObject): TaskObject | null {
  const live =
    task.desiredState === 'running' || task.desiredState === 'ready' || task.desiredState === 'complete';
  if (!live) return null;
  setDesiredState(draft, task.meta.id, 'shutdown');
  if (!shouldRestart(draft, task)) return null;
  const placement = task.slot > 0 ? { slot: task.slot, nodeId: null } : { slot: 0, nodeId: task.nodeId };
  const replacement = createTask(draft, service, placement, 'ready');
  draft.notes.push(`restart ${service.spec.name}.${task.slot > 0 ? task.slot : task.nodeId}`);
  return replacement;
}

/** The task a replacement took over from: the newest older task of its instance, or null. */
export function predecessorOf(draft: Draft, task: TaskObject): TaskObject | null {
  const tasks = instanceTasks(draft, task.serviceId, instanceKey(task));
  const position = tasks.findIndex((candidate) => candidate.meta.id === task.meta.id);
  return position > 0 ? (tasks[position - 1] as TaskObject) : null;
}

/** Jobs run their tasks to completion: their tasks' desired state is COMPLETE, not RUNNING. */
export function isJob(service: ServiceObject): boolean {
  return service.spec.mode.kind === 'replicated-job' || service.spec.mode.kind === 'global-job';
}

/** When a READY task may be set RUNNING (`DelayStart`), given what the store shows now. */
export function delayedStartDue(draft: Draft, service: ServiceObject, task: TaskObject): boolean {
  const old = predecessorOf(draft, task);
  const oldNode = old === null ? null : draftNode(draft, old.nodeId);
  const updating =
    old !== null &&
    old.specVersion !== task.specVersion &&
    isTaskDirty({ ...service, spec: task.spec, specVersion: task.specVersion }, old, null);
  const drained = oldNode !== null && oldNode.spec.availability === 'drain';
  const delayMs = updating || drained ? 0 : task.spec.restartPolicy.delayMs;
  if (draft.nowMs < task.meta.createdAtMs + delayMs) {
    wakeAt(draft, task.meta.createdAtMs + delayMs);
    return false;
  }
  const oldGone = old === null || oldNode === null || oldNode.status.state === 'down';
  const oldStopped = oldGone || isTerminalTaskState((old as TaskObject).status.state);
  if (oldStopped || draft.nowMs >= task.meta.createdAtMs + oldTaskTimeoutMs) return true;
  wakeAt(draft, task.meta.createdAtMs + oldTaskTimeoutMs);
  return false;
}

/**
 * Sets RUNNING every READY task whose delayed start is due, except those a rolling update's
 * worker owns (`ownedTaskIds`), which the updater starts itself.
 */
export function startDelayedTasks(draft: Draft, ownedTaskIds: ReadonlySet<string>): number {
  let count = 0;
  const candidates = [
    ...Object.keys(draft.index.readyTaskIds),
    ...draft.createdTaskIds,
    ...draft.changedTaskIds,
  ];
  for (const task of draftTasksOf(draft, candidates)) {
    if (task.desiredState !== 'ready' || ownedTaskIds.has(task.meta.id)) continue;
    const service = draft.services[task.serviceId];
    if (service === undefined) continue;
    if (!delayedStartDue(draft, service, task)) continue;
    setDesiredState(draft, task.meta.id, isJob(service) ? 'complete' : 'running');
    count++;
  }
  return count;
}
