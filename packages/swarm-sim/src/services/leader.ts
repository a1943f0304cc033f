/**
 * The leader's orchestration pass: SwarmKit's leader-only components (swarm.md §4.1) run in order
 * over a draft of the store, and what they decide is proposed through Raft as one batch:
 *
 *   deleted services' tasks → REMOVE, replicated and global orchestrators (with the restart
 *   supervisor), job orchestrators, rolling updaters, delayed starts, constraint enforcer, allocator (NEW →
 *   PENDING), scheduler (PENDING → ASSIGNED), task reaper.
 *
 * A pass is a leader write (`services.reconcile`), queued behind the control API's writes in the
 * leader's write queue, so it sees the store exactly as of its turn. It is queued after every
 * committed store change (SwarmKit's components react to store events) and on every leader tick
 * (1 s), for what time alone moves on: restart delays, update delays and monitors. At most one
 * pass waits in the queue. Without quorum a pass cannot commit, so nothing is scheduled or
 * restarted, and the agents keep running what they run.
 *
 * SwarmKit's scheduler waits 50 ms after a commit for more (at most 1 s). The model's hooks have
 * no sub-tick timer, so a pass schedules at once what is pending when it runs; tasks committed
 * together are still placed together, grouped by (service, spec version).
 */
import type { AppliedContext, LeaderContext, WriteOutcome } from '../swarm/extensions.js';
import { enqueueWrite } from '../swarm/manager.js';
import { createDraft, draftActions, draftServices } from './draft.js';
import { reconcileGlobalJob, reconcileReplicatedJob } from './jobs.js';
import { reconcileGlobal, reconcileReplicated, removeTasksOfDeletedServices } from './orchestrators.js';
import { reapTasks } from './reaper.js';
import { startDelayedTasks } from './restart.js';
import {
  allocateTasks,
  buildSchedulerStateFromStore,
  enforceConstraints,
  observeStoreActions,
  scheduleDraft,
} from './scheduling.js';
import { existingLeaderMemory, leaderMemory } from './slots.js';
import { runUpdaters } from './updater.js';

/** The leader write that runs a pass. */
export const reconcileMethod = 'services.reconcile';

/** One orchestration pass over the leader's store. */
export function reconcilePass(context: LeaderContext): WriteOutcome {
  const leader = context.manager.leader;
  if (leader === null) return { ok: true, value: null };
  const memory = leaderMemory(leader);
  const draft = createDraft(context.store, context.nowMs, context.prng);
  removeTasksOfDeletedServices(draft);
  for (const service of draftServices(draft)) {
    reconcileReplicated(draft, service);
    reconcileGlobal(draft, service);
    reconcileReplicatedJob(draft, service);
    reconcileGlobalJob(draft, service);
  }
  const owned = runUpdaters(draft, memory);
  startDelayedTasks(draft, owned);
  memory.scheduler ??= buildSchedulerStateFromStore(context.store, context.nowMs);
  const rejected = enforceConstraints(draft, memory.scheduler);
  if (rejected > 0) draft.notes.push(`reject ${rejected} task${rejected === 1 ? '' : 's'} (constraints)`);
  allocateTasks(draft);
  const assigned = scheduleDraft(draft, memory.scheduler);
  if (assigned > 0) draft.notes.push(`schedule ${assigned} task${assigned === 1 ? '' : 's'}`);
  reapTasks(draft);
  const actions = draftActions(draft);
  if (actions.length === 0) return { ok: true, value: null };
  const label = draft.notes.length > 0 ? draft.notes.join('; ') : `update ${actions.length} task(s)`;
  return { ok: true, value: null, actions, label };
}

/** Queues a pass on this leader unless one is already waiting. */
export function queueReconcile(context: Pick<LeaderContext, 'world' | 'host' | 'manager'>): void {
  const leader = context.manager.leader;
  if (leader === null) return;
  const waiting = leader.writeQueue.some(
    (write) => write.op.kind === 'control' && write.op.method === reconcileMethod,
  );
  if (waiting) return;
  enqueueWrite(context.world, context.host, {
    op: { kind: 'control', method: reconcileMethod, params: null, callerNodeId: null },
    origin: null,
  });
}

/** After a committed batch: the scheduler's node set follows it, and the leader reacts to it. */
export function afterApplied(context: AppliedContext): void {
  if (context.manager.leader === null || context.command.kind !== 'store') return;
  const memory = existingLeaderMemory(context.manager.leader);
  if (memory?.scheduler != null)
    observeStoreActions(memory.scheduler, context.command.actions, context.world.nowMs);
  queueReconcile(context);
}
