/**
 * Jobs (`--mode replicated-job|global-job`, SwarmKit `manager/orchestrator/jobs`): tasks run to
 * completion, so their desired state is COMPLETE. A replicated job runs `totalCompletions` tasks,
 * at most `maxConcurrent` at a time, each in its own slot; a global job runs one task on every
 * eligible node. A task that fails is restarted by the restart policy (a completed one never is,
 * and an instance whose policy gave up counts as done);
 * a task on a node that becomes invalid is replaced. A spec change starts a new run of the job:
 * tasks of the old spec version that are still going are shut down.
 */
import type { NodeObject, ServiceObject, TaskObject } from '../swarm/objects.js';
import { createTask, type Draft, draftNode, draftServiceTasks, setDesiredState } from './draft.js';
import { globalEligibility, nodeIsInvalid, tasksByNode } from './orchestrators.js';
import { delayedStartDue, restartTask, shouldRestart } from './restart.js';
import { isTerminalTaskState } from './task-lifecycle.js';

function jobTasks(draft: Draft, service: ServiceObject): TaskObject[] {
  const all = draftServiceTasks(draft, service.meta.id);
  for (const task of all) {
    const going = task.desiredState === 'complete' || task.desiredState === 'ready';
    if (task.specVersion !== service.specVersion && going) setDesiredState(draft, task.meta.id, 'shutdown');
  }
  return all.filter((task) => task.specVersion === service.specVersion);
}

/** Completed, or failed for good (the restart policy gives up): the instance needs no new task. */
function isDone(draft: Draft, task: TaskObject): boolean {
  if (task.status.state === 'complete') return true;
  return isTerminalTaskState(task.status.state) && !shouldRestart(draft, task);
}

/** The newest task of each instance (slot, or node for a global job). */
function newestByInstance(
  tasks: readonly TaskObject[],
  key: (task: TaskObject) => string,
): Map<string, TaskObject> {
  const newest = new Map<string, TaskObject>();
  for (const task of tasks) {
    const current = newest.get(key(task));
    if (current === undefined || task.meta.createdAtMs >= current.meta.createdAtMs)
      newest.set(key(task), task);
  }
  return newest;
}

function isGoing(task: TaskObject): boolean {
  return (
    (task.desiredState === 'complete' || task.desiredState === 'ready') &&
    !isTerminalTaskState(task.status.state)
  );
}

/** Failed tasks and tasks on invalid nodes are restarted by policy; completed ones are done. */
function restartJobTasks(draft: Draft, service: ServiceObject, tasks: readonly TaskObject[]): void {
  for (const task of tasks) {
    if (task.desiredState !== 'complete' && task.desiredState !== 'ready') continue;
    const ended = isTerminalTaskState(task.status.state);
    if (task.status.state === 'complete') continue;
    const invalid = task.nodeId !== null && nodeIsInvalid(draftNode(draft, task.nodeId));
    if (!ended && !invalid) continue;
    if (ended && task.desiredState === 'ready' && !delayedStartDue(draft, service, task)) continue;
    restartTask(draft, service, task);
  }
}

export function reconcileReplicatedJob(draft: Draft, service: ServiceObject): void {
  const mode = service.spec.mode;
  if (mode.kind !== 'replicated-job') return;
  restartJobTasks(draft, service, jobTasks(draft, service));
  const tasks = jobTasks(draft, service);
  const newest = newestByInstance(tasks, (task) => String(task.slot));
  const completed = new Set(
    [...newest.values()].filter((task) => isDone(draft, task)).map((task) => task.slot),
  );
  const going = new Set(tasks.filter(isGoing).map((task) => task.slot));
  const remaining = Math.max(0, mode.totalCompletions - completed.size);
  const toCreate = Math.min(mode.maxConcurrent, remaining) - going.size;
  const created: number[] = [];
  let slot = 0;
  for (let added = 0; added < toCreate; added++) {
    do slot++;
    while (completed.has(slot) || going.has(slot));
    createTask(draft, service, { slot, nodeId: null }, 'complete');
    created.push(slot);
  }
  if (created.length > 0) draft.notes.push(`run ${service.spec.name}.${created.join(',')}`);
}

export function reconcileGlobalJob(draft: Draft, service: ServiceObject): void {
  if (service.spec.mode.kind !== 'global-job') return;
  restartJobTasks(draft, service, jobTasks(draft, service));
  const byNode = tasksByNode(jobTasks(draft, service));
  const eligible = globalEligibility(service);
  for (const nodeId of Object.keys(draft.store.nodes).sort()) {
    const node = draft.store.nodes[nodeId] as NodeObject;
    if (!eligible(node)) continue;
    const onNode = byNode.get(nodeId) ?? [];
    const newest = newestByInstance(onNode, () => nodeId).get(nodeId);
    if (onNode.some(isGoing) || (newest !== undefined && isDone(draft, newest))) continue;
    createTask(draft, service, { slot: 0, nodeId }, 'complete');
  }
}
