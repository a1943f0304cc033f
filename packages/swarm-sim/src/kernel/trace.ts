/**
 * Emitting, bounding, routing and explaining trace events. See docs/trace.md for the format.
 *
 * Ids are given only to recorded events, so recorded ids are contiguous and an event is found
 * by arithmetic. An event that is not recorded (level `off`, or a send/deliver at level
 * `reduced`) passes its own cause on: what it causes names the nearest recorded ancestor.
 */
import { assert } from './assert.js';
import type { TraceEvent, TraceEventInput, TraceEventKind, TraceLevel } from './trace-types.js';
import type { Monitor, MonitorFinding, Runtime, TraceState, World } from './types.js';

/** Longest cause chain `explainEvent` walks. */
export const explainDepthMax = 10_000;

export function createTraceState(level: TraceLevel, eventsMax: number): TraceState {
  assert(Number.isSafeInteger(eventsMax) && eventsMax >= 2, 'eventsMax is an integer >= 2');
  return { level, events: [], nextId: 1, eventsMax, discardedCount: 0, pending: [], routing: false };
}

/** True when an event of this kind would be recorded at the trace's level. */
export function traceRecords(trace: TraceState, kind: TraceEventKind): boolean {
  if (trace.level === 'full') return true;
  if (trace.level === 'off') return false;
  return kind !== 'send' && kind !== 'deliver';
}

/** True when building an event of this kind is worth it: it is recorded or a monitor sees it. */
export function traceWants(world: World, kind: TraceEventKind): boolean {
  const trace = world.trace;
  return traceRecords(trace, kind) || (trace.routing && kind !== 'send' && kind !== 'deliver');
}

/**
 * Emits an event caused by `world.causeId` at `world.nowMs`. Returns the id to use as the cause
 * of what this event leads to: its own id if recorded, otherwise the cause it inherited.
 */
export function emit(world: World, input: TraceEventInput): number {
  const trace = world.trace;
  const record = traceRecords(trace, input.kind);
  const route = trace.routing && input.kind !== 'send' && input.kind !== 'deliver';
  if (!record && !route) return world.causeId;
  const id = record ? trace.nextId++ : 0;
  const event = { id, atMs: world.nowMs, cause: world.causeId === 0 ? null : world.causeId, ...input };
  commitEvent(trace, event as TraceEvent, record, route);
  return record ? id : world.causeId;
}

/** Stores a fully built event (the kernel's hot paths build their own objects). */
export function commitEvent(trace: TraceState, event: TraceEvent, record: boolean, route: boolean): void {
  if (record) {
    trace.events.push(event);
    if (trace.events.length > trace.eventsMax) {
      const discard = trace.events.length >> 1;
      trace.events.splice(0, discard);
      trace.discardedCount += discard;
    }
  }
  if (route) trace.pending.push(event);
}

/** Finds a recorded event by id, or null when it was never recorded or has been discarded. */
export function findEvent(events: readonly TraceEvent[], id: number): TraceEvent | null {
  if (events.length === 0 || id <= 0) return null;
  const first = events[0] as TraceEvent;
  const candidate = events[id - first.id];
  return candidate !== undefined && candidate.id === id ? candidate : null;
}

/**
 * "Why did this happen?": the event with this id, then its cause, its cause's cause, … up to
 * an event with no (recorded) cause. Empty when the id is unknown.
 */
export function explainEvent(trace: TraceState | readonly TraceEvent[], id: number): TraceEvent[] {
  const events = Array.isArray(trace) ? (trace as readonly TraceEvent[]) : (trace as TraceState).events;
  const chain: TraceEvent[] = [];
  let current = findEvent(events, id);
  while (current !== null && chain.length < explainDepthMax) {
    chain.push(current);
    current = current.cause === null ? null : findEvent(events, current.cause);
  }
  return chain;
}

/** One JSON object per line, in id order, each line ending with "\n". Byte-identical on replay. */
export function traceToJsonLines(trace: TraceState | readonly TraceEvent[]): string {
  const events = Array.isArray(trace) ? (trace as readonly TraceEvent[]) : (trace as TraceState).events;
  let text = '';
  for (const event of events) text += `${JSON.stringify(event)}\n`;
  return text;
}

/** A line a student can read: "[1234ms #57] n3 became leader in term 2 (won election)". */
export function describeTraceEvent(event: TraceEvent): string {
  return `[${event.atMs}ms #${event.id}] ${describeBody(event)}`;
}

function describeBody(event: TraceEvent): string {
  switch (event.kind) {
    case 'send':
      return `${event.from} sent ${messageName(event.message)} to ${event.to}${event.duplicate ? ' (duplicate)' : ''}`;
    case 'deliver':
      return `${event.to} received ${messageName(event.message)} from ${event.from}`;
    case 'drop':
      return `${messageName(event.message)} ${event.from}→${event.to} dropped (${event.reason})`;
    case 'fault':
      return `fault: ${event.detail}`;
    case 'command':
      return `command: ${event.text}`;
    case 'role':
      return `${event.node} became ${event.role} in term ${event.term} (${event.reason})`;
    case 'term':
      return `${event.node} moved to term ${event.term} (from ${event.previousTerm})`;
    case 'vote':
      return `${event.node} voted for ${event.votedFor ?? 'nobody'} in term ${event.term}`;
    case 'append':
      return `${event.node} appended entry ${event.index} (term ${event.term}, ${entryText(event.entryKind, event.value)})`;
    case 'truncate':
      return `${event.node} discarded its log from index ${event.fromIndex}`;
    case 'commit':
      return `${event.node} committed up to index ${event.index} (term ${event.term})`;
    case 'apply':
      return `${event.node} applied entry ${event.index} (${entryText(event.entryKind, event.value)}) -> ${event.result}`;
    case 'snapshot':
      return `${event.node} ${event.installed ? 'installed' : 'took'} a snapshot up to index ${event.index}`;
    case 'recover':
      return `${event.node} recovered term ${event.term}, vote ${event.votedFor ?? 'none'}, log up to ${event.lastIndex}`;
    case 'client':
      return `client ${event.phase} #${event.operation} at ${event.node}: ${event.command}${event.result === '' ? '' : ` -> ${event.result}`}`;
    case 'violation':
      return `VIOLATION ${event.invariant}: ${event.message}`;
    case 'note':
      return event.node === null ? event.text : `${event.node}: ${event.text}`;
  }
}

function entryText(entryKind: string, value: string): string {
  return entryKind === 'command' ? value : value === '' ? entryKind : `${entryKind} ${value}`;
}

function messageName(message: unknown): string {
  if (typeof message === 'object' && message !== null && 'type' in message) {
    const type = (message as { type: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return 'message';
}

/** Most events routed to monitors in one drain (violations may add more while draining). */
const routeBatchMax = 1_000_000;

/** Prepares the world's monitor states and turns routing on. Call once, before running. */
export function attachMonitors(world: World, monitors: readonly Monitor[]): void {
  for (const monitor of monitors) {
    if (!(monitor.name in world.monitorStates)) world.monitorStates[monitor.name] = monitor.create();
  }
  world.trace.routing = monitors.length > 0;
}

/**
 * Hands every pending event to every monitor, in order. Findings become `violation` events
 * (caused by the event that broke the invariant) and are kept in `world.violations`.
 */
export function routeTrace<State, Payload>(
  world: World<State, Payload>,
  runtime: Runtime<State, Payload>,
): void {
  const trace = world.trace;
  if (trace.pending.length === 0) return;
  const savedCauseId = world.causeId;
  let position = 0;
  for (; position < trace.pending.length; position++) {
    assert(position < routeBatchMax, 'routeTrace: too many events in one drain');
    const event = trace.pending[position] as TraceEvent;
    if (event.kind === 'violation') continue;
    for (const monitor of runtime.monitors) {
      const findings = monitor.observe(world.monitorStates[monitor.name], event, world as World);
      if (findings !== null && findings.length > 0) reportFindings(world as World, event, findings);
    }
  }
  trace.pending.length = 0;
  world.causeId = savedCauseId;
}

function reportFindings(world: World, event: TraceEvent, findings: readonly MonitorFinding[]): void {
  for (const finding of findings) {
    world.causeId = event.id === 0 ? (event.cause ?? 0) : event.id;
    const before = world.trace.nextId;
    const id = emit(world, {
      kind: 'violation',
      invariant: finding.invariant,
      node: finding.node,
      message: finding.message,
    });
    const recorded = world.trace.nextId > before;
    world.violations.push({
      id: recorded ? id : 0,
      atMs: world.nowMs,
      cause: world.causeId === 0 ? null : world.causeId,
      kind: 'violation',
      invariant: finding.invariant,
      node: finding.node,
      message: finding.message,
    });
  }
}
