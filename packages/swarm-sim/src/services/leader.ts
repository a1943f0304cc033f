/**
 * The leader's orchestration pass: SwarmKit's leader-only components (swarm.md §4.1) run in order
 * over a draft of the store, and what they decide is proposed through Raft as one batch:
 *
 *   deleted services' tasks → REMOVE, replicated and global orchestrators (with the restart
 *   supervisor), job orchestrators, rolling updaters, delayed starts, constraint enforcer, orphaning
 *   (nodes Down for 24 h), allocator (NEW → PENDING), scheduler (PENDING → ASSIGNED), task reaper.
 *
 * A pass is a leader write (`services.reconcile`), queued behind the control API's writes in the
 * leader's write queue, so it sees the store exactly as of its turn. It looks only at what changed
 * since the last pass (store-index.ts keeps the indices and the dirty services and nodes, fed by
 * every committed batch), so its cost follows the change, not the size of the swarm.
 *
 * When a pass runs (SwarmKit's scheduler batching, `scheduler.go` `Run`, swarm.md §4.3): after a
 * committed batch the leader waits 50 ms for more; each further commit restarts the wait, unless
 * 1 s has passed since the first, and then the pass runs. A pass also runs when a step it left
 * waiting falls due (a restart delay, an update delay or monitor, a minute for an old task to
 * stop, 24 h of a node Down): leader timers (`setLeaderTimer`) end them on time. A new leader runs
 * a pass on its first tick. At most one pass waits in the queue. Without quorum a pass cannot
 * commit: nothing is scheduled, restarted or updated, and the agents keep running what they run.
 */
import { commitDebounceGapMs, debounceLatencyMsMax } from '../scheduler/index.js';
import {
  type AppliedContext,
  cancelExtensionTimer,
  type LeaderContext,
  setLeaderTimer,
  type WriteOutcome,
} from '../swarm/extensions.js';
import { enqueueWrite } from '../swarm/manager.js';
import { createDraft, draftActions, draftServices } from './draft.js';
import { reconcileGlobalJob, reconcileReplicatedJob } from './jobs.js';
import { reconcileGlobal, reconcileReplicated, removeTasksOfDeletedServices } from './orchestrators.js';
import { orphanTasksOfDownNodes } from './orphans.js';
import { reapTasks } from './reaper.js';
import { startDelayedTasks } from './restart.js';
import {
  allocateTasks,
  buildSchedulerStateFromStore,
  enforceConstraints,
  observeStoreActions,
  scheduleDraft,
} from './scheduling.js';
import {
  existingLeaderMemory,
  type ServicesLeaderMemory,
  servicesExtensionName,
  setLeaderMemory,
} from './slots.js';
import { buildStoreIndex, createDirtySet, type DirtySet, fileActions, instanceOf } from './store-index.js';
import { runUpdaters } from './updater.js';

/** The leader write that runs a pass. */
export const reconcileMethod = 'services.reconcile';

/** What the services' leader timers carry. */
export type LeaderTimerData = { readonly kind: 'pass' } | { readonly kind: 'wake' };

/**
 * The leader's memory, built from the store the first time a leadership asks (SwarmKit's
 * components rebuild theirs when a manager becomes leader): everything is dirty at first.
 */
function leaderMemory(
  leader: NonNullable<LeaderContext['manager']['leader']>,
  store: LeaderContext['store'],
  nowMs: number,
): ServicesLeaderMemory {
  const existing = existingLeaderMemory(leader);
  if (existing !== null) return existing;
  const memory: ServicesLeaderMemory = {
    updates: {},
    scheduler: buildSchedulerStateFromStore(store, nowMs),
    index: buildStoreIndex(store),
    dirty: createDirtySet(true),
    debounceSinceMs: null,
    passTimer: null,
    wakeTimer: null,
    downSinceMs: {},
  };
  setLeaderMemory(leader, memory);
  return memory;
}

/** The services a pass looks at: the dirty ones, those with a replacement waiting, those updating. */
function servicesToVisit(
  memory: ServicesLeaderMemory,
  dirty: DirtySet,
  serviceIds: readonly string[],
): Set<string> {
  if (dirty.everything) return new Set(serviceIds);
  const visit = new Set(Object.keys(dirty.serviceIds));
  const index = memory.index;
  // A replacement that failed while waiting for its delayed start is restarted once it is due.
  for (const taskId of Object.keys(index.readyTaskIds)) {
    const home = index.taskHomes[taskId];
    if (home?.ended === true) visit.add(home.serviceId);
  }
  for (const serviceId of Object.keys(memory.updates)) visit.add(serviceId);
  return visit;
}

/** One orchestration pass over the leader's store. */
export function reconcilePass(context: LeaderContext): WriteOutcome {
  const leader = context.manager.leader;
  if (leader === null) return { ok: true, value: null };
  const memory = leaderMemory(leader, context.store, context.nowMs);
  const dirty = memory.dirty;
  memory.dirty = createDirtySet(false);
  const index = memory.index;
  const draft = createDraft(context.store, index, context.nowMs, context.prng);
  const visit = servicesToVisit(memory, dirty, [
    ...Object.keys(context.store.services),
    ...Object.keys(index.tasksByService),
  ]);
  removeTasksOfDeletedServices(draft);
  for (const service of draftServices(draft)) {
    if (!visit.has(service.meta.id)) continue;
    reconcileReplicated(draft, service);
    reconcileGlobal(draft, service);
    reconcileReplicatedJob(draft, service);
    reconcileGlobalJob(draft, service);
  }
  const owned = runUpdaters(
    draft,
    memory,
    dirty.everything ? visit : new Set(Object.keys(dirty.specServiceIds)),
  );
  startDelayedTasks(draft, owned);
  const nodeIds = dirty.everything
    ? Object.fromEntries(memory.scheduler.nodeIds.map((id) => [id, true as const]))
    : dirty.nodeIds;
  const rejected = enforceConstraints(draft, memory.scheduler, Object.keys(nodeIds).sort());
  if (rejected > 0) draft.notes.push(`reject ${rejected} task${rejected === 1 ? '' : 's'} (constraints)`);
  orphanTasksOfDownNodes(draft, memory.downSinceMs, nodeIds);
  allocateTasks(draft);
  const assigned = scheduleDraft(draft, memory.scheduler);
  if (assigned > 0) draft.notes.push(`schedule ${assigned} task${assigned === 1 ? '' : 's'}`);
  const instances = new Set(Object.keys(dirty.instanceKeys));
  for (const id of [...draft.createdTaskIds, ...draft.changedTaskIds]) {
    const task = draft.taskChanges.get(id);
    if (task != null) instances.add(instanceOf(task));
  }
  reapTasks(draft, dirty.everything ? null : instances);
  if (draft.wakeAtMs !== null) armTimer(context, memory, 'wake', draft.wakeAtMs);
  const actions = draftActions(draft);
  if (actions.length === 0) return { ok: true, value: null };
  const label = draft.notes.length > 0 ? draft.notes.join('; ') : `update ${actions.length} task(s)`;
  return { ok: true, value: null, actions, label };
}

/**
 * Arms the pass or wake timer at `atMs`, unless one is armed for earlier (a later one is moved).
 * `pass` timers are the scheduler's batching; `wake` timers end waiting steps on time.
 */
function armTimer(
  context: Pick<LeaderContext, 'world' | 'host'>,
  memory: ServicesLeaderMemory,
  kind: LeaderTimerData['kind'],
  atMs: number,
): void {
  const armed = kind === 'pass' ? memory.passTimer : memory.wakeTimer;
  if (armed !== null && armed.atMs <= atMs && armed.atMs >= context.world.nowMs) return;
  if (armed !== null) cancelExtensionTimer(context.world, armed.id);
  const data: LeaderTimerData = { kind };
  const id = setLeaderTimer(
    context.world,
    context.host,
    servicesExtensionName,
    atMs - context.world.nowMs,
    data,
  );
  if (kind === 'pass') memory.passTimer = { id, atMs };
  else memory.wakeTimer = { id, atMs };
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

/**
 * After a committed batch, on the leader: the scheduler's node set and the indices follow it,
 * and a pass is due once the batching wait is over (50 ms after the last commit, at most 1 s
 * after the first).
 */
export function afterApplied(context: AppliedContext): void {
  const leader = context.manager.leader;
  if (leader === null || context.command.kind !== 'store') return;
  const memory = existingLeaderMemory(leader);
  if (memory === null) {
    queueReconcile(context);
    return;
  }
  const index = memory.index;
  const nowMs = context.world.nowMs;
  observeStoreActions(
    memory.scheduler,
    context.command.actions,
    nowMs,
    (taskId) => index.taskHomes[taskId]?.nodeId || null,
  );
  fileActions(index, memory.dirty, context.command.actions);
  if (memory.debounceSinceMs !== null && nowMs - memory.debounceSinceMs >= debounceLatencyMsMax) {
    if (memory.passTimer !== null) cancelExtensionTimer(context.world, memory.passTimer.id);
    memory.passTimer = null;
    memory.debounceSinceMs = null;
    queueReconcile(context);
    return;
  }
  memory.debounceSinceMs ??= nowMs;
  if (memory.passTimer !== null) cancelExtensionTimer(context.world, memory.passTimer.id);
  memory.passTimer = null;
  armTimer(context, memory, 'pass', nowMs + commitDebounceGapMs);
}

/** A services leader timer fired: the batching wait is over, or a waiting step is due. */
export function onLeaderTimer(context: LeaderContext, data: unknown): void {
  const leader = context.manager.leader;
  const memory = leader === null ? null : existingLeaderMemory(leader);
  if (memory === null) return;
  const kind = (data as LeaderTimerData | null)?.kind;
  if (kind === 'pass') {
    memory.passTimer = null;
    memory.debounceSinceMs = null;
  } else memory.wakeTimer = null;
  queueReconcile(context);
}

/** Every tick: a new leadership runs its first pass (which builds the leader's memory). */
export function leaderTick(context: LeaderContext): void {
  const leader = context.manager.leader;
  if (leader !== null && existingLeaderMemory(leader) === null) queueReconcile(context);
}
