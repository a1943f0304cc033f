/**
 * Rolling updates and rollbacks (`moby/swarmkit manager/orchestrator/update/updater.go`,
 * swarm.md §4.7). One updater per service lives in the leader's memory (slots.ts); each pass
 * moves it on:
 *
 * 1. watch the tasks it created: one that ends (observed > RUNNING) before RUNNING, or within
 *    `monitor` of reaching it, is a failure; past `max_failure_ratio` of the dirty slots the
 *    failure action runs: pause (`update paused due to failure or early termination of task
 *    <id>`), rollback (`update rolled back due to …`, the previous spec comes back and a rollback
 *    update starts), or continue; a failure during a rollback pauses it (`rollback paused …`);
 * 2. workers (`parallelism`, 0 = every dirty slot) each take a dirty slot: a new task with desired
 *    READY; stop-first shuts the old task down and starts the new one once the old has stopped
 *    (at most a minute); start-first starts it at once and shuts the old one down when the new one
 *    runs. A worker then waits for RUNNING and sleeps `delay` before its next slot;
 * 3. after the last slot, the updater keeps watching for `monitor` (or `delay + 1s` when the
 *    delay is at least the monitor) and then completes: `update completed` / `rollback completed`.
 *
 * A paused update stays paused until the next `service update`. A spec change cancels the updater
 * in progress; a new leader restarts updates from the store, as SwarmKit does.
 */
import { nodeMatchesConstraints, parseConstraints } from '../scheduler/constraint.js';
import type { ServiceSpec, UpdateConfig } from '../stack/service-spec.js';
import type { ServiceObject, TaskObject } from '../swarm/objects.js';
import { taskStateOrder } from '../swarm/objects.js';
import {
  createTask,
  type Draft,
  draftNode,
  draftServices,
  draftServiceTasks,
  draftTask,
  mutableService,
  setDesiredState,
  wakeAt,
} from './draft.js';
import { isRunnableDesired, runnableSlots } from './orchestrators.js';
import { instanceKey, instanceTasks, oldTaskTimeoutMs } from './restart.js';
import { schedulerNodeOf } from './scheduling.js';
import type { ServicesLeaderMemory, UpdaterMemory, UpdateWorker } from './slots.js';
import { isTaskDirty } from './spec.js';
import { isTerminalTaskState } from './task-lifecycle.js';

/** Runnable tasks of a service by instance key (`slot:N`, or `node:ID` for global services). */
export function updatableSlots(draft: Draft, service: ServiceObject): Map<string, TaskObject[]> {
  const slots = new Map<string, TaskObject[]>();
  if (service.spec.mode.kind === 'replicated') {
    for (const [slotNumber, tasks] of runnableSlots(draft, service)) slots.set(`slot:${slotNumber}`, tasks);
    return slots;
  }
  for (const task of draftServiceTasks(draft, service.meta.id)) {
    if (!isRunnableDesired(task)) continue;
    const key = instanceKey(task);
    slots.set(key, [...(slots.get(key) ?? []), task]);
  }
  return new Map([...slots.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

function dirtyTask(draft: Draft, service: ServiceObject, task: TaskObject): boolean {
  const node = draftNode(draft, task.nodeId);
  const stillFits =
    node === null
      ? null
      : (spec: ServiceSpec) => {
          const parsed = parseConstraints(spec.placement.constraints);
          return parsed.ok && nodeMatchesConstraints(parsed.value, schedulerNodeOf(node));
        };
  return isTaskDirty(service, task, stillFits);
}

function slotIsDirty(draft: Draft, service: ServiceObject, slot: readonly TaskObject[]): boolean {
  return slot.length > 1 || (slot.length === 1 && dirtyTask(draft, service, slot[0] as TaskObject));
}

function configOf(service: ServiceObject, rollback: boolean): UpdateConfig {
  return rollback ? service.spec.rollbackConfig : service.spec.updateConfig;
}

/**
 * Runs one step of every update in progress, and starts one for each of `serviceIds` (the
 * services that changed) whose tasks are out of date; returns the READY tasks the workers own.
 */
export function runUpdaters(
  draft: Draft,
  memory: ServicesLeaderMemory,
  serviceIds: ReadonlySet<string>,
): Set<string> {
  const owned = new Set<string>();
  for (const serviceId of Object.keys(memory.updates).sort()) {
    const update = memory.updates[serviceId] as UpdaterMemory;
    const service = draft.services[serviceId];
    if (service === undefined || service.specVersion !== update.specVersion) delete memory.updates[serviceId];
  }
  for (const service of draftServices(draft)) {
    if (service.spec.mode.kind !== 'replicated' && service.spec.mode.kind !== 'global') continue;
    if (memory.updates[service.meta.id] === undefined && !serviceIds.has(service.meta.id)) continue;
    const state = service.updateStatus?.state;
    if (state === 'paused' || state === 'rollback_paused') {
      delete memory.updates[service.meta.id];
      continue;
    }
    const update = memory.updates[service.meta.id] ?? startUpdate(draft, service);
    if (update === null) continue;
    memory.updates[service.meta.id] = update;
    if (!stepUpdate(draft, service, update)) {
      delete memory.updates[service.meta.id];
      continue;
    }
    for (const worker of update.workers) owned.add(worker.taskId);
  }
  return owned;
}

/** `Updater.Run`'s start: the dirty slots, or completion when there are none. */
function startUpdate(draft: Draft, service: ServiceObject): UpdaterMemory | null {
  const slots = updatableSlots(draft, service);
  const dirty = [...slots.entries()]
    .filter(([, slot]) => slotIsDirty(draft, service, slot))
    .map(([key]) => key);
  const state = service.updateStatus?.state ?? null;
  if (dirty.length === 0) {
    if (state === 'updating' || state === 'rollback_started') completeUpdate(draft, service);
    return null;
  }
  if (state === null) {
    mutableService(draft, service.meta.id).updateStatus = {
      state: 'updating',
      startedAtMs: draft.nowMs,
      completedAtMs: null,
      message: 'update in progress',
    };
  }
  draft.notes.push(`${state === 'rollback_started' ? 'roll back' : 'update'} ${service.spec.name}`);
  return {
    serviceId: service.meta.id,
    specVersion: service.specVersion,
    rollback: state === 'rollback_started',
    queue: dirty,
    dirtySlotCount: dirty.length,
    workers: [],
    updatedTasks: {},
    failedTaskIds: [],
    monitorUntilMs: null,
  };
}

function completeUpdate(draft: Draft, service: ServiceObject): void {
  const rollback = service.updateStatus?.state === 'rollback_started';
  const current = service.updateStatus;
  mutableService(draft, service.meta.id).updateStatus = {
    state: rollback ? 'rollback_completed' : 'completed',
    startedAtMs: current?.startedAtMs ?? draft.nowMs,
    completedAtMs: draft.nowMs,
    message: rollback ? 'rollback completed' : 'update completed',
  };
  draft.notes.push(`${rollback ? 'rollback' : 'update'} of ${service.spec.name} completed`);
}

/** One step of an update in progress. False when it is over (completed, paused, rolled back). */
function stepUpdate(draft: Draft, service: ServiceObject, update: UpdaterMemory): boolean {
  const config = configOf(service, update.rollback);
  if (watchFailures(draft, service, update, config)) return false;
  for (const worker of update.workers) advanceWorker(draft, service, worker, config);
  update.workers = update.workers.filter(
    (worker) => !(worker.phase === 'delay' && draft.nowMs >= worker.delayUntilMs),
  );
  for (const worker of update.workers) if (worker.phase === 'delay') wakeAt(draft, worker.delayUntilMs);
  const parallelism = config.parallelism === 0 ? update.dirtySlotCount : config.parallelism;
  while (update.workers.length < parallelism && update.queue.length > 0) {
    const key = update.queue.shift() as string;
    const worker = takeSlot(draft, service, update, key, config);
    if (worker !== null) update.workers.push(worker);
  }
  if (update.queue.length > 0 || update.workers.length > 0) return true;
  if (update.monitorUntilMs === null) {
    const periodMs = config.delayMs >= config.monitorMs ? config.delayMs + 1000 : config.monitorMs;
    update.monitorUntilMs = draft.nowMs + periodMs;
  }
  if (draft.nowMs < update.monitorUntilMs) {
    wakeAt(draft, update.monitorUntilMs);
    return true;
  }
  completeUpdate(draft, service);
  return false;
}

/** `failureTriggersAction`. True when the failure action stopped the update. */
function watchFailures(
  draft: Draft,
  service: ServiceObject,
  update: UpdaterMemory,
  config: UpdateConfig,
): boolean {
  for (const taskId of Object.keys(update.updatedTasks).sort()) {
    const task = draftTask(draft, taskId);
    if (task === undefined) continue;
    const reachedRunning = taskStateOrder[task.status.state] >= taskStateOrder.running;
    if (update.updatedTasks[taskId] === null && reachedRunning)
      update.updatedTasks[taskId] = task.status.timestampMs;
    if (config.failureAction === 'continue' || !isTerminalTaskState(task.status.state)) continue;
    if (update.failedTaskIds.includes(taskId)) continue;
    const startedAtMs = update.updatedTasks[taskId] ?? null;
    const early = startedAtMs === null || task.status.timestampMs - startedAtMs <= config.monitorMs;
    if (!early) continue;
    update.failedTaskIds.push(taskId);
    const ratio = config.maxFailureRatio;
    if (update.failedTaskIds.length * ratio.denominator <= ratio.numerator * update.dirtySlotCount) continue;
    failureAction(draft, service, update, config, taskId);
    return true;
  }
  return false;
}

function failureAction(
  draft: Draft,
  service: ServiceObject,
  update: UpdaterMemory,
  config: UpdateConfig,
  taskId: string,
): void {
  const status = service.updateStatus;
  const startedAtMs = status?.startedAtMs ?? draft.nowMs;
  const mutable = mutableService(draft, service.meta.id);
  if (config.failureAction === 'rollback' && !update.rollback && service.previousSpec !== null) {
    mutable.spec = service.previousSpec;
    mutable.previousSpec = null;
    mutable.specVersion = service.specVersion + 1;
    mutable.updateStatus = {
      state: 'rollback_started',
      startedAtMs,
      completedAtMs: null,
      message: `update rolled back due to failure or early termination of task ${taskId}`,
    };
    draft.notes.push(`roll back ${service.spec.name}`);
    return;
  }
  const verb = config.failureAction === 'rollback' ? 'rollback' : 'update';
  mutable.updateStatus = {
    state: update.rollback ? 'rollback_paused' : 'paused',
    startedAtMs,
    completedAtMs: null,
    message: `${verb} paused due to failure or early termination of task ${taskId}`,
  };
  draft.notes.push(`pause ${update.rollback ? 'rollback' : 'update'} of ${service.spec.name}`);
}

/** The other tasks of the worker's instance that have not stopped yet. */
function unstoppedPredecessors(
  draft: Draft,
  service: ServiceObject,
  key: string,
  taskId: string,
): TaskObject[] {
  return instanceTasks(draft, service.meta.id, key).filter(
    (task) => task.meta.id !== taskId && !isTerminalTaskState(task.status.state),
  );
}

/**
 * A worker's slot: start the new task once the old one has stopped or its node is Down or gone
 * (at most a minute, `DelayStart`), wait for RUNNING (start-first then shuts the old one down),
 * then sleep `delay`.
 */
function advanceWorker(
  draft: Draft,
  service: ServiceObject,
  worker: UpdateWorker,
  config: UpdateConfig,
): void {
  if (worker.phase !== 'waiting') return;
  const task = draftTask(draft, worker.taskId);
  if (task === undefined || !isRunnableDesired(task)) {
    worker.phase = 'delay';
    worker.delayUntilMs = draft.nowMs;
    return;
  }
  const others = unstoppedPredecessors(draft, service, worker.slotKey, worker.taskId);
  if (task.desiredState === 'ready') {
    const nodeGone = (old: TaskObject) => {
      const node = draftNode(draft, old.nodeId);
      return node === null || node.status.state === 'down';
    };
    const waiting = others.filter((old) => !isRunnableDesired(old) && !nodeGone(old));
    if (waiting.length === 0 || draft.nowMs >= task.meta.createdAtMs + oldTaskTimeoutMs) {
      setDesiredState(draft, task.meta.id, 'running');
    } else wakeAt(draft, task.meta.createdAtMs + oldTaskTimeoutMs);
  }
  if (taskStateOrder[task.status.state] < taskStateOrder.running) return;
  if (config.order === 'start-first' && task.status.state === 'running') {
    for (const old of others) if (isRunnableDesired(old)) setDesiredState(draft, old.meta.id, 'shutdown');
  }
  worker.phase = 'delay';
  worker.delayUntilMs = draft.nowMs + config.delayMs;
}

/** A worker takes a slot (`worker` / `updateTask` / `useExistingTask`); null when the slot is clean by now. */
function takeSlot(
  draft: Draft,
  service: ServiceObject,
  update: UpdaterMemory,
  key: string,
  config: UpdateConfig,
): UpdateWorker | null {
  const slot = updatableSlots(draft, service).get(key);
  if (slot === undefined || !slotIsDirty(draft, service, slot)) return null;
  const clean = slot.find((task) => !dirtyTask(draft, service, task));
  if (clean !== undefined) {
    for (const old of slot) if (old !== clean) setDesiredState(draft, old.meta.id, 'shutdown');
    return { slotKey: key, taskId: clean.meta.id, phase: 'waiting', delayUntilMs: 0 };
  }
  const first = slot[0] as TaskObject;
  const placement = first.slot > 0 ? { slot: first.slot, nodeId: null } : { slot: 0, nodeId: first.nodeId };
  const startFirst = config.order === 'start-first';
  const created = createTask(draft, service, placement, startFirst ? 'running' : 'ready');
  update.updatedTasks[created.meta.id] = null;
  if (!startFirst) for (const old of slot) setDesiredState(draft, old.meta.id, 'shutdown');
  return { slotKey: key, taskId: created.meta.id, phase: 'waiting', delayUntilMs: 0 };
}
