/**
 * The task reaper (`moby/swarmkit manager/orchestrator/taskreaper/task_reaper.go`, swarm.md §4.8):
 *
 * - tasks with desired REMOVE (scale-down, `service rm`) are deleted once they were never
 *   assigned (observed < ASSIGNED) or have stopped (observed >= COMPLETE);
 * - per instance (a replicated slot, or a global service's node) at most `TaskHistoryRetentionLimit`
 *   tasks are kept, the current one included (`max_attempts + 1` instead when the restart policy
 *   caps attempts, so the restart history can be rebuilt). Only tasks that are past RUNNING both
 *   in desired and in observed state are history; the oldest go first (by status timestamp). A
 *   negative limit keeps everything.
 */
import type { TaskObject } from '../swarm/objects.js';
import { taskStateOrder } from '../swarm/objects.js';
import { defaultTaskHistoryLimit } from '../swarm/timing.js';
import { type Draft, deleteTask, draftTasksOf } from './draft.js';
import { instanceOf } from './store-index.js';

/** The live tasks of each instance to look at (all of them when `instances` is null). */
function instanceGroups(draft: Draft, instances: ReadonlySet<string> | null): Map<string, TaskObject[]> {
  const createdByInstance = new Map<string, string[]>();
  for (const id of draft.createdTaskIds) {
    const created = draft.taskChanges.get(id);
    if (created == null) continue;
    const key = instanceOf(created);
    createdByInstance.set(key, [...(createdByInstance.get(key) ?? []), id]);
  }
  const groups = new Map<string, TaskObject[]>();
  const keys =
    instances ?? new Set([...Object.keys(draft.index.tasksByInstance), ...createdByInstance.keys()]);
  for (const key of keys) {
    const ids = [
      ...Object.keys(draft.index.tasksByInstance[key] ?? {}),
      ...(createdByInstance.get(key) ?? []),
    ];
    groups.set(key, draftTasksOf(draft, ids));
  }
  return groups;
}

function byStatusTime(left: TaskObject, right: TaskObject): number {
  return (
    left.status.timestampMs - right.status.timestampMs ||
    left.meta.createdAtMs - right.meta.createdAtMs ||
    (left.meta.id < right.meta.id ? -1 : 1)
  );
}

/**
 * Deletes what the reaper would, looking at the tasks with desired REMOVE and at `instances`
 * (`instanceOf`: those whose tasks changed; null: every instance); returns how many tasks went.
 */
export function reapTasks(draft: Draft, instances: ReadonlySet<string> | null): number {
  let deleted = 0;
  const removing = [
    ...Object.keys(draft.index.removeTaskIds),
    ...draft.createdTaskIds,
    ...draft.changedTaskIds,
  ];
  for (const task of draftTasksOf(draft, removing)) {
    if (task.desiredState !== 'remove') continue;
    const rank = taskStateOrder[task.status.state];
    if (rank < taskStateOrder.assigned || rank >= taskStateOrder.complete) {
      deleteTask(draft, task.meta.id);
      deleted++;
    }
  }
  const clusterLimit = draft.store.cluster?.spec.taskHistoryRetentionLimit ?? defaultTaskHistoryLimit;
  const groups = instanceGroups(draft, instances);
  for (const key of [...groups.keys()].sort()) {
    const tasks = (groups.get(key) as TaskObject[]).sort(byStatusTime);
    if (tasks.length === 0) continue;
    const service = draft.services[(tasks[0] as TaskObject).serviceId];
    const maxAttempts = service?.spec.restartPolicy.maxAttempts ?? 0;
    const limit = maxAttempts > 0 ? maxAttempts + 1 : clusterLimit;
    if (limit < 0) continue;
    let kept = tasks.length;
    for (const task of tasks) {
      if (kept <= limit) break;
      const past = (state: TaskObject['desiredState']) => taskStateOrder[state] > taskStateOrder.running;
      if (!past(task.desiredState) || !past(task.status.state)) continue;
      deleteTask(draft, task.meta.id);
      deleted++;
      kept--;
    }
  }
  if (deleted > 0) draft.notes.push(`reap ${deleted} task${deleted === 1 ? '' : 's'}`);
  return deleted;
}
