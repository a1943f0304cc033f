/**
 * # The kernel: a deterministic discrete-event world
 *
 * A `World` is plain data: virtual time (`nowMs`, integer milliseconds), an event queue (a
 * binary heap over an array ordered by (atMs, sequence)), one seeded `prng`, hosts, a network
 * and a trace. Nothing in it is a class or a closure, so `snapshotWorld` (structuredClone) is
 * time travel and the same seed plus the same inputs gives a byte-identical trace.
 *
 * Behaviour comes from a `Runtime`, kept beside the world (never inside it):
 *   - `model: HostModel<State, Payload>`: plain functions the kernel calls for a host:
 *     `onTick(world, host)` every `host.tickIntervalMs`, `onMessage(world, host, source,
 *     payload)`, `onTimer(world, host, tag, data)`, `onCrash(world, host)` (drop volatile state,
 *     keep persisted), `onRestart(world, host)`. They change `host.state` in place and act
 *     through `send(world, host, targetId, payload)`, `setTimer(world, host, delayMs, tag,
 *     data)`, `cancelTimer(world, id)` and `emit(world, event)`; they read time from
 *     `world.nowMs` and randomness from `world.prng` only.
 *   - `monitors: Monitor[]`: observers. The harness (not the model) hands them every trace event
 *     after each queue event and after each operation; findings become `violation` events and
 *     are kept in `world.violations`. Call `attachMonitors(world, monitors)` once.
 *
 * Typical use:
 *   const world = createWorld<MyState, MyMessage>({ seed: 42 });
 *   addHost(world, 'n1', initialState, 10);            // ticks every 10 ms
 *   attachMonitors(world, runtime.monitors);
 *   runFor(world, runtime, 1000);                      // one virtual second
 *   partitionNetwork(world, [['n1'], ['n2', 'n3']]);   // faults at run time
 *   crashHost(world, runtime, 'n2'); restartHost(world, runtime, 'n2');
 *   const saved = snapshotWorld(world);                // travel back with restoreWorld(saved)
 *   traceToJsonLines(world.trace); explainEvent(world.trace, id);
 *
 * Rules a model can rely on:
 *   - Events at the same `atMs` run in the order they were scheduled.
 *   - Links are FIFO unless a message draws `reorder`. Partitions and cuts drop at send and at
 *     delivery. Each directed link carries at most `inflightPerLinkMax` messages.
 *   - A crashed host gets nothing (messages to it drop with `hostDown`), its ticks and timers
 *     are cancelled; `onRestart` rebuilds it. A paused host keeps its state, does not tick, and
 *     its messages and timers are held (bounded by `heldMax`) and handled in order on resume.
 *   - Payloads are treated as immutable once sent (the trace keeps a reference to them).
 *
 * docs/kernel.md says the same at more length; docs/trace.md documents every trace event.
 */
export { assert, maybe } from './assert.js';
export { heapIsValid, heapPeek, heapPop, heapPush } from './heap.js';
export {
  cutLink,
  describeLinkSettings,
  healNetwork,
  linkBlocked,
  linkState,
  partitionNetwork,
  restoreLink,
  sampleLatencyMs,
  send,
  setLinkDefaults,
  setLinkSettings,
  validateLatency,
  validateLinkSettings,
  validateRatio,
} from './network.js';
export {
  cancelTimer,
  crashHost,
  pauseHost,
  type RunOptions,
  type RunResult,
  restartHost,
  resumeHost,
  runFor,
  runStepsMaxDefault,
  runUntil,
  setTimer,
  step,
} from './run.js';
export {
  attachMonitors,
  describeTraceEvent,
  emit,
  explainEvent,
  findEvent,
  routeTrace,
  traceRecords,
  traceToJsonLines,
  traceWants,
} from './trace.js';
export type * from './trace-types.js';
export type * from './types.js';
export {
  addHost,
  createWorld,
  defaultLinkSettings,
  hostById,
  hostIds,
  hostsMax,
  restoreWorld,
  snapshotWorld,
  type WorldOptions,
} from './world.js';
