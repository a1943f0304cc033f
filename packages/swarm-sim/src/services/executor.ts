/**
 * The agent's container executor (SwarmKit `agent/exec`, the Docker executor): the tasks the
 * dispatcher assigned to the node are driven towards their desired state with simulated
 * containers, and status changes go back to the dispatcher at once (`reportTaskStatus`). The
 * executor acts when the dispatcher pushes new assignments (`onAssignments`) and when a step of
 * its own ends (an agent timer at that millisecond); ticks only resend reports the dispatcher has
 * not taken in after 5 s. So a node with nothing happening costs nothing.
 *
 * - A new task is accepted at once and prepared: the image is pulled (1-3 s from the prng the
 *   first time on a machine, 100-300 ms once cached; the cache survives reboots), then the task
 *   is READY (`prepared`). It waits there while its desired state is READY (a restart delay, a
 *   stop-first update), then starts (0.5-1 s: `starting`, `started`).
 * - A running container exits when its image's failure rule says so (`setImageFailure`, a tag
 *   containing `broken`), when its command ends by itself (a bare shell image such as `alpine`
 *   with no command, `echo …`, `true`, `false`, `sleep N`), or when `containerKill` kills it: exit 0 completes the task (`finished`), anything
 *   else fails it (`task: non-zero exit (N)`). An error before STARTING would reject it.
 * - Desired SHUTDOWN or REMOVE stops the container (100-500 ms, within the stop grace period) and
 *   reports SHUTDOWN (`shutdown`). A task that is no longer assigned loses its container.
 * - Containers die with their machine. After a reboot the agent finds the tasks it ran without
 *   containers: those it was told to stop are reported SHUTDOWN, those that had started are
 *   reported FAILED (exit 255, as Docker reports containers killed by a power loss), and those
 *   still being prepared are prepared again.
 *
 * Times are exact: each step ends, and is reported, at its own millisecond. Every observed-state
 * change goes through the task lifecycle machine (`nextTaskState`).
 */
import { nextInt, type Prng } from '@swarmsim/raft';
import { newContainerId } from '../docker/identity.js';
import { assignedTasks, reportTaskStatus } from '../swarm/agent.js';
import { type AgentContext, cancelExtensionTimer, setAgentTimer } from '../swarm/extensions.js';
import type { PublishedPort, TaskObject } from '../swarm/objects.js';
import type { MachineHost } from '../swarm/transport.js';
import type { ContainerRecord, EngineState, SwarmWorld, TaskStatusUpdate } from '../swarm/types.js';
import {
  executorMemory,
  type ImageFailureRule,
  imageFailureRules,
  pulledImages,
  rememberPulledImage,
  servicesExtensionName,
} from './slots.js';
import { containerName, imageWithoutDigest } from './spec.js';
import {
  isObservedTaskState,
  nextTaskState,
  type ObservedTaskState,
  type TaskLifecycleEventType,
} from './task-lifecycle.js';

/** Pull, start and stop durations (ms), drawn uniformly from these ranges. */
export const executorTimings = {
  firstPullMs: [1000, 3000],
  cachedPullMs: [100, 300],
  startMs: [500, 1000],
  stopMs: [100, 500],
} as const;

/** An unconfirmed status report is sent again after this long. */
export const reportResendMs = 5000;
/** A tag containing this word fails 1 s after start with exit 1. */
export const brokenTagWord = 'broken';
/** Images whose default command is a shell: with no command they exit 0 at once. */
const shellImages = ['alpine', 'busybox', 'ubuntu', 'debian', 'centos', 'fedora'];

/** A task's container, with what the executor needs beyond Docker's record. */
export interface ServiceContainer extends ContainerRecord {
  readonly image: string;
  /** `docker ps` COMMAND: the entrypoint override and the arguments. */
  readonly commandLine: readonly string[];
  readonly serviceName: string;
  readonly hostPorts: readonly PublishedPort[];
  /** The task state the executor has brought the task to, and since when. */
  taskState: ObservedTaskState;
  taskStateAtMs: number;
  message: string;
  err: string;
  /** When the current pull or start ends; null outside those steps. */
  stepEndsAtMs: number | null;
  /** When the process exits by itself, and how; null: it runs until stopped. */
  exitAtMs: number | null;
  plannedExitCode: number;
  /** A stop in progress ends then. */
  stopAtMs: number | null;
  /** The task's `meta.version` when the executor last drove it (-1: never). */
  seenTaskVersion: number;
}

export function isServiceContainer(container: ContainerRecord): container is ServiceContainer {
  return 'taskState' in container && 'image' in container;
}

export function serviceContainers(engine: EngineState): ServiceContainer[] {
  return engine.containers.filter(isServiceContainer);
}

function draw(prng: Prng, range: readonly [number, number]): number {
  return nextInt(prng, range[0], range[1] + 1);
}

/** The repository name without registry, tag or digest: `docker.io/library/alpine:3` → `alpine`. */
export function repositoryOf(image: string): string {
  const bare = imageWithoutDigest(image);
  const lastSlash = bare.lastIndexOf('/');
  const colon = bare.indexOf(':', lastSlash + 1);
  const path = colon < 0 ? bare : bare.slice(0, colon);
  return path.slice(path.lastIndexOf('/') + 1);
}

function tagOf(image: string): string {
  const bare = imageWithoutDigest(image);
  const colon = bare.indexOf(':', bare.lastIndexOf('/') + 1);
  return colon < 0 ? 'latest' : bare.slice(colon + 1);
}

/** How a container of this task ends by itself: `{afterMs, exitCode}` after it starts, or null. */
export function plannedExit(
  world: SwarmWorld,
  task: TaskObject,
): { afterMs: number; exitCode: number } | null {
  const image = imageWithoutDigest(task.spec.image);
  const rule = imageFailureRules(world).find(
    (candidate: ImageFailureRule) => imageWithoutDigest(candidate.image) === image,
  );
  if (rule !== undefined) return { afterMs: rule.afterMs, exitCode: rule.exitCode };
  if (tagOf(image).includes(brokenTagWord)) return { afterMs: 1000, exitCode: 1 };
  const words = [...task.spec.command, ...task.spec.args];
  if (words.length === 0)
    return shellImages.includes(repositoryOf(image)) ? { afterMs: 50, exitCode: 0 } : null;
  return commandExit(words);
}

/** Commands that end by themselves: `echo …`, `true`, `false`, `sleep N` (seconds). */
function commandExit(words: readonly string[]): { afterMs: number; exitCode: number } | null {
  const program = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  if (['echo', 'true', 'date', 'hostname', 'uname', 'env'].includes(program))
    return { afterMs: 50, exitCode: 0 };
  if (program === 'false') return { afterMs: 50, exitCode: 1 };
  const seconds = /^(\d{1,6})s?$/.exec(words[1] ?? '');
  if (program === 'sleep' && seconds !== null) return { afterMs: Number(seconds[1]) * 1000, exitCode: 0 };
  return null;
}

function newContainer(context: AgentContext, task: TaskObject, from: ObservedTaskState): ServiceContainer {
  const world = context.world;
  const serviceName = task.spec.name;
  return {
    id: newContainerId(world.prng),
    name: containerName(serviceName, task),
    nodeId: context.nodeId,
    taskId: task.meta.id,
    serviceId: task.serviceId,
    state: 'created',
    exitCode: null,
    createdAtMs: world.nowMs,
    startedAtMs: null,
    finishedAtMs: null,
    image: task.spec.image,
    commandLine: [...task.spec.command, ...task.spec.args],
    serviceName,
    hostPorts: task.spec.endpoint.ports
      .filter((port) => port.publishMode === 'host' && port.publishedPort !== null)
      .map((port) => ({ ...port, publishedPort: port.publishedPort ?? 0 })),
    taskState: from,
    taskStateAtMs: world.nowMs,
    message: task.status.message,
    err: '',
    stepEndsAtMs: null,
    exitAtMs: null,
    plannedExitCode: 0,
    stopAtMs: null,
    seenTaskVersion: -1,
  };
}

/** Moves the container's task state by one lifecycle event at `atMs`; false when the machine refuses. */
function step(
  container: ServiceContainer,
  event: TaskLifecycleEventType,
  atMs: number,
  message: string,
  err = '',
): boolean {
  const next = nextTaskState(container.taskState, event);
  if (next === null) return false;
  container.taskState = next;
  container.taskStateAtMs = atMs;
  container.message = message;
  container.err = err;
  return true;
}

function wantsStop(task: TaskObject): boolean {
  return task.desiredState === 'shutdown' || task.desiredState === 'remove';
}

/** The agent's tick: only reports the dispatcher has not taken in for 5 s are due then. */
export function executorTick(context: AgentContext): void {
  const engine = context.host.state.engine;
  if (engine === null) return;
  const resendAtMs = executorMemory(engine).resendAtMs;
  if (resendAtMs !== null && context.world.nowMs >= resendAtMs) driveNode(context, true);
}

/**
 * The dispatcher pushed new assignments: the executor acts on them at once, on the tasks that
 * changed (every task when the whole list is new).
 */
export function executorAssignments(context: AgentContext, changedTaskIds: readonly string[] | null): void {
  const engine = context.host.state.engine;
  if (engine === null) return;
  if (changedTaskIds === null) driveNode(context, true);
  else driveChanged(context, engine, changedTaskIds);
}

/** Drives the tasks a push changed (a deleted one loses its container). */
function driveChanged(context: AgentContext, engine: EngineState, taskIds: readonly string[]): void {
  const tasks = assignedTasks(context.host);
  const memory = executorMemory(engine);
  const updates: TaskStatusUpdate[] = [];
  let nextStepMs: number | null = null;
  for (const taskId of taskIds) {
    const task = findTask(tasks, taskId);
    const position = engine.containers.findIndex(
      (container) => isServiceContainer(container) && container.taskId === taskId,
    );
    if (task === null) {
      if (position >= 0) engine.containers.splice(position, 1);
      delete memory.reports[taskId];
      continue;
    }
    const byTask = new Map<string, ServiceContainer>();
    if (position >= 0) byTask.set(taskId, engine.containers[position] as ServiceContainer);
    const update = driveTask(context, engine, byTask, task);
    if (update !== null) updates.push(update);
    const container = byTask.get(taskId);
    if (container === undefined) continue;
    nextStepMs = earliestAfter(context.world.nowMs, nextStepMs, container.stepEndsAtMs);
    nextStepMs = earliestAfter(context.world.nowMs, nextStepMs, container.stopAtMs);
    nextStepMs = earliestAfter(context.world.nowMs, nextStepMs, container.exitAtMs);
  }
  sendReports(context, engine, updates);
  armWake(context, engine, nextStepMs);
}

/** Sends status updates and remembers them, to resend what the dispatcher has not taken in after 5 s. */
function sendReports(context: AgentContext, engine: EngineState, updates: readonly TaskStatusUpdate[]): void {
  if (updates.length === 0 || !reportTaskStatus(context.world, context.host, updates)) return;
  const memory = executorMemory(engine);
  const nowMs = context.world.nowMs;
  for (const update of updates) memory.reports[update.taskId] = { state: update.status.state, atMs: nowMs };
  const resendAtMs = nowMs + reportResendMs;
  memory.resendAtMs = memory.resendAtMs === null ? resendAtMs : Math.min(memory.resendAtMs, resendAtMs);
}

/** The executor's own timer: a container step (pull, start, stop, exit) ends now. */
export function executorTimer(context: AgentContext): void {
  const engine = context.host.state.engine;
  if (engine === null) return;
  executorMemory(engine).wakeTimer = null;
  driveDue(context, engine);
}

/** A step is due on this container (its pull, start, stop or exit time has come). */
function stepDue(container: ServiceContainer, nowMs: number): boolean {
  return (
    (container.stepEndsAtMs !== null && container.stepEndsAtMs <= nowMs) ||
    (container.stopAtMs !== null && container.stopAtMs <= nowMs) ||
    (container.exitAtMs !== null && container.exitAtMs <= nowMs)
  );
}

/** The assigned task with this ID (the dispatcher sends them in ID order), or null. */
function findTask(tasks: readonly TaskObject[], taskId: string): TaskObject | null {
  let low = 0;
  let high = tasks.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const id = (tasks[middle] as TaskObject).meta.id;
    if (id === taskId) return tasks[middle] as TaskObject;
    if (id < taskId) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

/**
 * On the executor's timer: only containers whose step is due can have moved (the others change
 * when the dispatcher pushes, and then every task is driven), so only they are looked at.
 */
function driveDue(context: AgentContext, engine: EngineState): void {
  const nowMs = context.world.nowMs;
  const tasks = assignedTasks(context.host);
  const updates: TaskStatusUpdate[] = [];
  let nextStepMs: number | null = null;
  for (const container of engine.containers) {
    if (!isServiceContainer(container)) continue;
    const task = stepDue(container, nowMs) ? findTask(tasks, container.taskId) : null;
    if (task !== null) {
      advance(context, container, task);
      const update = statusToReport(context, engine, container, task);
      if (update !== null) updates.push(update);
    }
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.stepEndsAtMs);
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.stopAtMs);
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.exitAtMs);
  }
  sendReports(context, engine, updates);
  armWake(context, engine, nextStepMs);
}

/**
 * Drives every task assigned to the node as far as now allows, reports what changed, and sets
 * the timer for the next step that ends (pull, start, stop, planned exit).
 */
export function driveNode(context: AgentContext, everyTask = false): void {
  const engine = context.host.state.engine;
  if (engine === null) return;
  // The dispatcher sends a node's tasks in ID order.
  const tasks = assignedTasks(context.host);
  const byTask = new Map<string, ServiceContainer>();
  for (const container of engine.containers)
    if (isServiceContainer(container)) byTask.set(container.taskId, container);
  let kept = 0;
  for (const task of tasks) if (byTask.has(task.meta.id)) kept++;
  if (kept < byTask.size) {
    const assigned = new Set(tasks.map((task) => task.meta.id));
    engine.containers = engine.containers.filter(
      (container) => !isServiceContainer(container) || assigned.has(container.taskId),
    );
    for (const taskId of [...byTask.keys()]) if (!assigned.has(taskId)) byTask.delete(taskId);
  }
  const updates: TaskStatusUpdate[] = [];
  const nowMs = context.world.nowMs;
  for (const task of tasks) {
    // A task the dispatcher has not changed, with no step due, is where the executor left it.
    const container = byTask.get(task.meta.id);
    const unchanged = container !== undefined && container.seenTaskVersion === task.meta.version;
    if (!everyTask && unchanged && !stepDue(container, nowMs)) continue;
    const update = driveTask(context, engine, byTask, task);
    if (update !== null) updates.push(update);
  }
  const memory = executorMemory(engine);
  for (const taskId in memory.reports) if (findTask(tasks, taskId) === null) delete memory.reports[taskId];
  if (updates.length > 0 && reportTaskStatus(context.world, context.host, updates)) {
    for (const update of updates)
      memory.reports[update.taskId] = { state: update.status.state, atMs: context.world.nowMs };
  }
  scheduleNextLook(context, engine, tasks, byTask);
}

/** The next step's timer, and when unconfirmed reports are due to be sent again. */
function scheduleNextLook(
  context: AgentContext,
  engine: EngineState,
  tasks: readonly TaskObject[],
  byTask: ReadonlyMap<string, ServiceContainer>,
): void {
  const nowMs = context.world.nowMs;
  const memory = executorMemory(engine);
  let nextStepMs: number | null = null;
  let resendAtMs: number | null = null;
  for (const task of tasks) {
    const container = byTask.get(task.meta.id);
    if (container === undefined) continue;
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.stepEndsAtMs);
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.stopAtMs);
    nextStepMs = earliestAfter(nowMs, nextStepMs, container.exitAtMs);
    if (container.taskState === task.status.state) continue;
    const sentAtMs = memory.reports[task.meta.id]?.atMs ?? nowMs;
    if (resendAtMs === null || sentAtMs + reportResendMs < resendAtMs) resendAtMs = sentAtMs + reportResendMs;
  }
  memory.resendAtMs = resendAtMs;
  armWake(context, engine, nextStepMs);
}

/** Sets the executor's timer for `nextStepMs`, unless it is set for that time or earlier already. */
function armWake(context: AgentContext, engine: EngineState, nextStepMs: number | null): void {
  if (nextStepMs === null) return;
  const nowMs = context.world.nowMs;
  const memory = executorMemory(engine);
  const armed = memory.wakeTimer;
  if (armed !== null && armed.atMs <= nextStepMs && armed.atMs > nowMs) return;
  if (armed !== null) cancelExtensionTimer(context.world, armed.id);
  const id = setAgentTimer(context.world, context.host, servicesExtensionName, nextStepMs - nowMs, null);
  memory.wakeTimer = { id, atMs: nextStepMs };
}

/** The earlier of `current` and `candidate`, counting only times after `nowMs`. */
function earliestAfter(nowMs: number, current: number | null, candidate: number | null): number | null {
  if (candidate === null || candidate <= nowMs) return current;
  return current === null || candidate < current ? candidate : current;
}

/** Advances one task's container and returns the status to report, or null when there is nothing new. */
function driveTask(
  context: AgentContext,
  engine: EngineState,
  byTask: Map<string, ServiceContainer>,
  task: TaskObject,
): TaskStatusUpdate | null {
  const observed = task.status.state;
  if (!isObservedTaskState(observed)) return null;
  let container = byTask.get(task.meta.id) ?? null;
  if (container === null) {
    if (nextTaskState(observed, 'SHUT_DOWN') === null) return null;
    container = adoptTask(context, task);
    if (container === null) return null;
    engine.containers.push(container);
    byTask.set(task.meta.id, container);
  }
  advance(context, container, task);
  container.seenTaskVersion = task.meta.version;
  return statusToReport(context, engine, container, task);
}

/**
 * A live task with no container: new work (ASSIGNED), or what a reboot left behind. Returns the
 * container that will carry it on, or null when there is nothing to carry on.
 */
function adoptTask(context: AgentContext, task: TaskObject): ServiceContainer | null {
  const observed = task.status.state as ObservedTaskState;
  if (observed === 'new' || observed === 'pending') return null;
  const container = newContainer(context, task, observed === 'preparing' ? 'accepted' : observed);
  const started = observed === 'starting' || observed === 'running';
  if (wantsStop(task)) {
    step(container, 'SHUT_DOWN', context.world.nowMs, 'shutdown');
    container.state = 'exited';
  } else if (started) {
    step(container, 'FAILED', context.world.nowMs, task.status.message, 'task: non-zero exit (255)');
    container.state = 'exited';
    container.exitCode = 255;
  }
  return container;
}

/** Drives the container as far as `now` allows (bounded: the main line has 7 steps). */
function advance(context: AgentContext, container: ServiceContainer, task: TaskObject): void {
  const nowMs = context.world.nowMs;
  for (let guard = 0; guard < 12; guard++) {
    if (wantsStop(task) && !stopContainer(context, container)) return;
    if (wantsStop(task)) continue;
    if (!moveAlong(context, container, task, nowMs)) return;
  }
}

/** Handles a stop request; true when it changed something this step. */
function stopContainer(context: AgentContext, container: ServiceContainer): boolean {
  const nowMs = context.world.nowMs;
  if (nextTaskState(container.taskState, 'SHUT_DOWN') === null) return false;
  if (container.state !== 'running') {
    container.state = 'exited';
    return step(container, 'SHUT_DOWN', nowMs, 'shutdown');
  }
  if (container.stopAtMs === null)
    container.stopAtMs = nowMs + draw(context.world.prng, executorTimings.stopMs);
  if (nowMs < container.stopAtMs) return false;
  container.state = 'exited';
  container.exitCode = 0;
  container.finishedAtMs = container.stopAtMs;
  return step(container, 'SHUT_DOWN', container.stopAtMs, 'shutdown');
}

/** One step along the main line or a planned exit; false when the container has to wait. */
function moveAlong(
  context: AgentContext,
  container: ServiceContainer,
  task: TaskObject,
  nowMs: number,
): boolean {
  const world = context.world;
  const at = container.taskStateAtMs;
  switch (container.taskState) {
    case 'assigned':
      return step(container, 'ACCEPTED', nowMs, 'accepted');
    case 'accepted': {
      const disk = context.host.state.disk;
      const cached = pulledImages(disk).includes(imageWithoutDigest(task.spec.image));
      container.stepEndsAtMs =
        at + draw(world.prng, cached ? executorTimings.cachedPullMs : executorTimings.firstPullMs);
      return step(container, 'PREPARING', at, 'preparing');
    }
    case 'preparing': {
      if (container.stepEndsAtMs === null || nowMs < container.stepEndsAtMs) return false;
      rememberPulledImage(context.host.state.disk, imageWithoutDigest(task.spec.image));
      return step(container, 'PREPARED', container.stepEndsAtMs, 'prepared');
    }
    case 'ready': {
      if (task.desiredState !== 'running' && task.desiredState !== 'complete') return false;
      // The executor starts the container when it learns the task may run (now), not before.
      const startAt = Math.max(at, nowMs);
      container.stepEndsAtMs = startAt + draw(world.prng, executorTimings.startMs);
      return step(container, 'STARTING', startAt, 'starting');
    }
    case 'starting':
      return startContainer(world, container, task, nowMs);
    case 'running':
      return exitIfDue(container, nowMs);
    default:
      return false;
  }
}

function startContainer(
  world: SwarmWorld,
  container: ServiceContainer,
  task: TaskObject,
  nowMs: number,
): boolean {
  if (container.stepEndsAtMs === null || nowMs < container.stepEndsAtMs) return false;
  const startedAtMs = container.stepEndsAtMs;
  container.state = 'running';
  container.startedAtMs = startedAtMs;
  container.stepEndsAtMs = null;
  const exit = plannedExit(world, task);
  if (exit !== null && container.exitAtMs === null) {
    container.exitAtMs = startedAtMs + exit.afterMs;
    container.plannedExitCode = exit.exitCode;
  }
  return step(container, 'STARTED', startedAtMs, 'started');
}

function exitIfDue(container: ServiceContainer, nowMs: number): boolean {
  if (container.exitAtMs === null || nowMs < container.exitAtMs) return false;
  const code = container.plannedExitCode;
  container.state = 'exited';
  container.exitCode = code;
  container.finishedAtMs = container.exitAtMs;
  if (code === 0) return step(container, 'EXITED', container.exitAtMs, 'finished');
  return step(container, 'FAILED', container.exitAtMs, container.message, `task: non-zero exit (${code})`);
}

/** The status to send: when the executor is ahead of what the dispatcher recorded, and not sent just now. */
function statusToReport(
  context: AgentContext,
  engine: EngineState,
  container: ServiceContainer,
  task: TaskObject,
): TaskStatusUpdate | null {
  if (container.taskState === task.status.state) return null;
  const last = executorMemory(engine).reports[task.meta.id];
  const nowMs = context.world.nowMs;
  if (last !== undefined && last.state === container.taskState && nowMs - last.atMs < reportResendMs)
    return null;
  const running = container.state === 'running' || container.taskState === 'running';
  return {
    taskId: task.meta.id,
    status: {
      state: container.taskState,
      timestampMs: container.taskStateAtMs,
      message: container.message,
      err: container.err,
      exitCode: container.exitCode,
      containerId: container.id,
      ports: running ? [...container.hostPorts] : [],
    },
  };
}

/** Has the executor look at its node at once (after this event): something changed outside it. */
export function wakeExecutor(world: SwarmWorld, host: MachineHost): void {
  const engine = host.state.engine;
  if (engine === null) return;
  const memory = executorMemory(engine);
  if (memory.wakeTimer !== null) cancelExtensionTimer(world, memory.wakeTimer.id);
  const id = setAgentTimer(world, host, servicesExtensionName, 0, null);
  memory.wakeTimer = { id, atMs: world.nowMs };
}

/**
 * `containerKill`: the container of `taskId` on this engine exits now with `exitCode`. The
 * executor reports it when it next looks (`wakeExecutor`). False when the engine runs no such
 * container.
 */
export function killContainer(engine: EngineState, taskId: string, exitCode: number, nowMs: number): boolean {
  const container = serviceContainers(engine).find((candidate) => candidate.taskId === taskId);
  if (container === undefined || container.state === 'exited') return false;
  if (container.state === 'running') {
    container.exitAtMs = nowMs;
    container.plannedExitCode = exitCode;
    return true;
  }
  container.state = 'exited';
  container.exitCode = exitCode;
  container.finishedAtMs = nowMs;
  const event = container.taskState === 'starting' ? 'FAILED' : 'REJECTED';
  return step(container, event, nowMs, container.message, `task: non-zero exit (${exitCode})`);
}
