/**
 * Tasks of a node that has been Down for 24 hours move from ASSIGNED..RUNNING to ORPHANED
 * (SwarmKit's dispatcher, `defaultNodeDownPeriod`, swarm.md §4.4): nobody can ask that node
 * about them any more. The clock starts when the leader sees the node Down; a new leader starts
 * it again for every node already Down, as SwarmKit's dispatcher does when it starts.
 */
import { taskStateOrder } from '../swarm/objects.js';
import { type Draft, draftNode, draftTasksOf, stepTask, wakeAt } from './draft.js';
import type { IdSet } from './store-index.js';

/** SwarmKit `defaultNodeDownPeriod`. */
export const nodeDownPeriodMs = 24 * 60 * 60 * 1000;

/**
 * Starts or stops the Down clocks of the nodes that changed (`nodeIds`), then orphans the tasks
 * of nodes Down for the whole period. `downSinceMs` is the leader's memory of the clocks.
 */
export function orphanTasksOfDownNodes(
  draft: Draft,
  downSinceMs: Record<string, number>,
  nodeIds: IdSet,
): number {
  for (const nodeId of Object.keys(nodeIds)) {
    if (draftNode(draft, nodeId)?.status.state === 'down') downSinceMs[nodeId] ??= draft.nowMs;
    else delete downSinceMs[nodeId];
  }
  let orphaned = 0;
  for (const nodeId of Object.keys(downSinceMs).sort()) {
    const dueAtMs = (downSinceMs[nodeId] as number) + nodeDownPeriodMs;
    if (draft.nowMs < dueAtMs) {
      wakeAt(draft, dueAtMs);
      continue;
    }
    for (const task of draftTasksOf(draft, Object.keys(draft.index.tasksByNode[nodeId] ?? {}))) {
      const rank = taskStateOrder[task.status.state];
      if (rank < taskStateOrder.assigned || rank > taskStateOrder.running) continue;
      if (stepTask(draft, task.meta.id, 'ORPHANED', { message: task.status.message, err: task.status.err }))
        orphaned++;
    }
    // Done: the clock starts again only if the node comes back and goes Down again.
    delete downSinceMs[nodeId];
  }
  if (orphaned > 0)
    draft.notes.push(`orphan ${orphaned} task${orphaned === 1 ? '' : 's'} (node down for 24h)`);
  return orphaned;
}
