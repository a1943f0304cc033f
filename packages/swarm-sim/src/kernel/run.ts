/**
 * Running a world: one queue event at a time, in (atMs, sequence) order; host lifecycle
 * (crash, restart, pause, resume); timers with lazy cancellation.
 */
import { assert } from './assert.js';
import { heapPeek, heapPop, heapPush } from './heap.js';
import { dropMessage, linkBlocked, linkState } from './network.js';
import { commitEvent, emit, routeTrace, traceRecords } from './trace.js';
import type { HostId, HostRecord, KernelResult, QueueEvent, Runtime, World } from './types.js';
import { hostById, scheduleTick } from './world.js';

/** Default bound on queue events processed by one `runUntil`. */
export const runStepsMaxDefault = 100_000_000;

export interface RunOptions {
  /** Stop after this many queue events (a bound, not a goal). Default runStepsMaxDefault. */
  readonly stepsMax?: number;
  /** Stop as soon as a monitor reports a violation. Default false. */
  readonly stopOnViolation?: boolean;
}

export interface RunResult {
  /** `time`: reached the target time. `steps`: hit stepsMax. `violation`: stopped on a violation. */
  readonly stoppedBy: 'time' | 'steps' | 'violation';
  readonly steps: number;
}

/**
 * Processes the next queue event, if any. Returns false when the queue is empty.
 * After the event, every trace event it produced is routed to the monitors.
 */
export function step<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
): boolean {
  const event = heapPop(world.queue);
  if (event === null) return false;
  assert(event.atMs >= world.nowMs, 'time never goes backwards');
  world.nowMs = event.atMs;
  world.stats.steps++;
  if (event.kind === 'deliver') handleDelivery(world, runtime, event);
  else if (event.kind === 'tick') handleTick(world, runtime, event);
  else handleTimer(world, runtime, event);
  world.causeId = 0;
  if (world.trace.pending.length > 0) routeTrace(world, runtime);
  return true;
}

/** Runs every event due at or before `untilMs`, then sets the clock to `untilMs`. */
export function runUntil<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  untilMs: number,
  options: RunOptions = {},
): RunResult {
  assert(Number.isSafeInteger(untilMs), 'untilMs is an integer');
  const stepsMax = options.stepsMax ?? runStepsMaxDefault;
  const violationsBefore = world.violations.length;
  let steps = 0;
  for (;;) {
    const next = heapPeek(world.queue);
    if (next === null || next.atMs > untilMs) break;
    if (steps >= stepsMax) return { stoppedBy: 'steps', steps };
    step(world, runtime);
    steps++;
    if (options.stopOnViolation === true && world.violations.length > violationsBefore) {
      return { stoppedBy: 'violation', steps };
    }
  }
  if (untilMs > world.nowMs) world.nowMs = untilMs;
  return { stoppedBy: 'time', steps };
}

export function runFor<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  durationMs: number,
  options: RunOptions = {},
): RunResult {
  assert(Number.isSafeInteger(durationMs) && durationMs >= 0, 'durationMs is an integer >= 0');
  return runUntil(world, runtime, world.nowMs + durationMs, options);
}

function handleDelivery<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  event: QueueEvent<Payload>,
): void {
  const target = world.hosts[event.target] as HostRecord<State>;
  const source = world.hosts[event.source] as HostRecord<State>;
  const link = linkState(world.network, event.source, event.target);
  link.inflightCount--;
  assert(link.inflightCount >= 0, 'in-flight count never negative');
  const blocked = target.up ? linkBlocked(world as World, event.source, event.target) : 'hostDown';
  if (blocked !== null) {
    dropMessage(world as World, source.id, target.id, event.payload, blocked, event.causeId);
    return;
  }
  if (target.paused) {
    hold(world, target, event);
    return;
  }
  deliver(world, runtime, target, source.id, event);
}

function deliver<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  target: HostRecord<State>,
  sourceId: HostId,
  event: QueueEvent<Payload>,
): void {
  world.stats.delivered++;
  world.causeId = event.causeId;
  if (traceRecords(world.trace, 'deliver')) {
    const id = world.trace.nextId++;
    const traced = {
      id,
      atMs: world.nowMs,
      cause: event.causeId === 0 ? null : event.causeId,
      kind: 'deliver' as const,
      from: sourceId,
      to: target.id,
      message: event.payload,
    };
    commitEvent(world.trace, traced, true, false);
    world.causeId = id;
  }
  runtime.model.onMessage(world, target, sourceId, event.payload as Payload);
}

function hold<State, Payload>(
  world: World<State, Payload>,
  target: HostRecord<State>,
  event: QueueEvent<Payload>,
): void {
  if (target.held.length >= world.heldMax) {
    if (event.kind === 'deliver') {
      const sourceId = (world.hosts[event.source] as HostRecord<State>).id;
      dropMessage(world as World, sourceId, target.id, event.payload, 'pausedInboxFull', event.causeId);
    }
    return;
  }
  target.held.push(event as QueueEvent<unknown>);
}

function handleTick<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  event: QueueEvent<Payload>,
): void {
  const host = world.hosts[event.target] as HostRecord<State>;
  if (event.incarnation !== host.incarnation || !host.up) return;
  scheduleTick(world, host, event.atMs + host.tickIntervalMs);
  if (host.paused) return;
  runtime.model.onTick(world, host);
}

function handleTimer<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  event: QueueEvent<Payload>,
): void {
  if (world.liveTimerIds[event.sequence] !== true) return;
  const host = world.hosts[event.target] as HostRecord<State>;
  if (event.incarnation !== host.incarnation || !host.up) {
    delete world.liveTimerIds[event.sequence];
    return;
  }
  if (host.paused) {
    hold(world, host, event);
    return;
  }
  delete world.liveTimerIds[event.sequence];
  world.causeId = event.causeId;
  runtime.model.onTimer?.(world, host, event.tag, event.payload);
}

/**
 * Sets a one-shot timer for `host` after `delayMs`; returns its id. A crash cancels it; a pause
 * holds it until resume. The events its handler emits are caused by what set it.
 */
export function setTimer<State, Payload>(
  world: World<State, Payload>,
  host: HostRecord<State>,
  delayMs: number,
  tag: string,
  data: Payload | null = null,
): number {
  assert(Number.isSafeInteger(delayMs) && delayMs >= 0, 'delayMs is an integer >= 0');
  assert(world.queue.length < world.queueLengthMax, 'event queue within queueLengthMax');
  const sequence = world.sequenceNext++;
  world.liveTimerIds[sequence] = true;
  heapPush(world.queue, {
    atMs: world.nowMs + delayMs,
    sequence,
    kind: 'timer',
    target: host.index,
    source: -1,
    payload: data,
    tag,
    causeId: world.causeId,
    incarnation: host.incarnation,
    sentAtMs: world.nowMs,
  });
  return sequence;
}

/**
 * Cancels a timer lazily: it stays queued and is skipped when due. Cancelling a timer that has
 * fired (or was never set) does nothing.
 */
export function cancelTimer(world: World<unknown, unknown>, timerId: number): void {
  assert(Number.isSafeInteger(timerId) && timerId > 0, 'timerId is a timer id');
  delete world.liveTimerIds[timerId];
}

function hostOrError<State>(world: World<State, unknown>, id: HostId): HostRecord<State> | string {
  const host = hostById(world, id);
  return host === null ? `no such node: ${id}` : host;
}

/**
 * Crashes a host: its volatile state is gone (the model's `onCrash` drops it, keeping what is
 * persisted), its ticks and timers are cancelled, held messages are lost, and messages arriving
 * while it is down are dropped (`hostDown`).
 */
export function crashHost<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  id: HostId,
): KernelResult {
  const host = hostOrError(world, id);
  if (typeof host === 'string') return { ok: false, error: host };
  if (!host.up) return { ok: false, error: `${id} is already down` };
  underFault(world, runtime, 'crash', id, () => {
    host.up = false;
    host.paused = false;
    host.incarnation++;
    for (const event of host.held) {
      if (event.kind === 'timer') delete world.liveTimerIds[event.sequence];
      if (event.kind !== 'deliver') continue;
      const sourceId = (world.hosts[event.source] as HostRecord<State>).id;
      dropMessage(world as World, sourceId, id, event.payload, 'hostDown', event.causeId);
    }
    host.held = [];
    runtime.model.onCrash(world, host);
  });
  return { ok: true };
}

/**
 * Records a fault and runs `apply` with the fault as the cause of everything it emits, then
 * routes the new trace events to the monitors.
 */
function underFault<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  fault: 'crash' | 'restart',
  id: HostId,
  apply: () => void,
): void {
  const causeId = emit(world as World, { kind: 'fault', fault, node: id, detail: `${fault} ${id}` });
  const saved = world.causeId;
  world.causeId = causeId;
  apply();
  world.causeId = saved;
  routeTrace(world, runtime);
}

/** Restarts a crashed host from its persisted state; it ticks again from the next period. */
export function restartHost<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  id: HostId,
): KernelResult {
  const host = hostOrError(world, id);
  if (typeof host === 'string') return { ok: false, error: host };
  if (host.up) return { ok: false, error: `${id} is already up` };
  underFault(world, runtime, 'restart', id, () => {
    host.up = true;
    if (host.tickIntervalMs > 0) scheduleTick(world, host, world.nowMs + host.tickIntervalMs);
    runtime.model.onRestart(world, host);
  });
  return { ok: true };
}

/**
 * Pauses a host (like `docker pause`): it keeps its state but does not tick; messages and
 * timers for it wait, in arrival order, in a bounded held queue until resume.
 */
export function pauseHost(world: World<unknown, unknown>, id: HostId): KernelResult {
  const host = hostOrError(world, id);
  if (typeof host === 'string') return { ok: false, error: host };
  if (!host.up) return { ok: false, error: `${id} is down` };
  if (host.paused) return { ok: false, error: `${id} is already paused` };
  host.paused = true;
  emit(world, { kind: 'fault', fault: 'pause', node: id, detail: `pause ${id}` });
  return { ok: true };
}

/** Resumes a paused host: it handles everything held for it, in order, at the current time. */
export function resumeHost<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
  id: HostId,
): KernelResult {
  const host = hostOrError(world, id);
  if (typeof host === 'string') return { ok: false, error: host };
  if (!host.paused) return { ok: false, error: `${id} is not paused` };
  const causeId = emit(world as World, { kind: 'fault', fault: 'resume', node: id, detail: `resume ${id}` });
  const saved = world.causeId;
  host.paused = false;
  const held = host.held as QueueEvent<Payload>[];
  host.held = [];
  for (const event of held) {
    // A crash inside a handler (impossible today) would end the replay of held events.
    if (!host.up || host.paused) break;
    world.causeId = causeId;
    if (event.kind === 'deliver') {
      deliver(world, runtime, host, (world.hosts[event.source] as HostRecord<State>).id, event);
    } else if (world.liveTimerIds[event.sequence] === true) {
      delete world.liveTimerIds[event.sequence];
      world.causeId = event.causeId;
      runtime.model.onTimer?.(world, host, event.tag, event.payload);
    }
  }
  world.causeId = saved;
  routeTrace(world, runtime);
  return { ok: true };
}
