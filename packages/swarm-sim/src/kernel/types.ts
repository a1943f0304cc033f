/**
 * The kernel's data. Everything in a `World` is plain, JSON-serialisable data (no classes, no
 * closures, no Maps): a world is snapshotted with `structuredClone` and restored by using the
 * clone. Behaviour lives in functions over this data (run.ts, network.ts, trace.ts) and in the
 * `HostModel` a caller supplies (kept outside the world, in a `Runtime`).
 */
import type { Prng } from '@swarmsim/raft';
import type { TraceEvent, TraceLevel } from './trace-types.js';

/** A host's name: `n1`…`n9` in the Raft lab, machine names in the swarm. */
export type HostId = string;

/** A probability as an integer ratio. Invariant: 0 <= numerator <= denominator, denominator > 0. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * One-way latency of a link. `uniform`: an integer in [minMs, maxMs]. `constant`: always minMs.
 * `exponential`: minMs plus an exponential delay whose mean is a quarter of (maxMs - minMs),
 * truncated at maxMs (Maelstrom's `--latency-dist exponential`, with a cap).
 * Invariant: 0 <= minMs <= maxMs.
 */
export interface LatencySettings {
  readonly minMs: number;
  readonly maxMs: number;
  readonly distribution: 'uniform' | 'constant' | 'exponential';
}

/** The behaviour of a directed link. The network has defaults; a link may override them. */
export interface LinkSettings {
  readonly latency: LatencySettings;
  /** Chance that a message is lost on send. */
  readonly drop: Ratio;
  /** Chance that a message is delivered twice (the copy draws its own latency). */
  readonly duplicate: Ratio;
  /**
   * Links are FIFO by default (a message is never delivered before one sent earlier on the same
   * link, as over TCP). A message that draws `reorder` skips that rule and may overtake.
   */
  readonly reorder: Ratio;
}

/** The run-time state of the directed link source → target. */
export interface LinkState {
  /** A one-way cut: messages source → target are dropped (target → source is unaffected). */
  cut: boolean;
  /** Overrides the network defaults when not null. */
  settings: LinkSettings | null;
  /** Messages sent on this link and not yet delivered or dropped. Invariant: <= inflightPerLinkMax. */
  inflightCount: number;
  /** The latest delivery time given to a FIFO message on this link. */
  lastDeliveryAtMs: number;
}

export interface NetworkState {
  defaults: LinkSettings;
  /** Overflow drops the new message with reason `linkFull`. */
  inflightPerLinkMax: number;
  /** `links[source][target]`, by host index; created lazily. */
  links: (LinkState | null)[][];
  /** True while any partition is in force (hosts' `partitionGroup` values differ). */
  partitioned: boolean;
}

/** A host: a machine the model gives behaviour to. */
export interface HostRecord<State> {
  readonly id: HostId;
  /** Position in `world.hosts`. Invariant: world.hosts[index].id === id. */
  readonly index: number;
  /** False after a crash until restart. A down host receives and does nothing. */
  up: boolean;
  /** A paused host does not tick; messages and timers for it wait in `held` until resume. */
  paused: boolean;
  /** Increments on every crash; queued ticks and timers of an older incarnation are discarded. */
  incarnation: number;
  /** The period of `onTick`; 0 means the host never ticks. */
  tickIntervalMs: number;
  /** Hosts with equal groups can talk. 0 = the default group (everyone, when healed). */
  partitionGroup: number;
  /** Deliveries and timers that arrived while paused, in arrival order. Bounded by heldMax. */
  held: QueueEvent<unknown>[];
  /** The model's state for this host (volatile and persisted parts are the model's business). */
  state: State;
}

export type QueueEventKind = 'deliver' | 'tick' | 'timer';

/**
 * One entry in the event queue. A single shape for every kind keeps the hot path monomorphic.
 * The queue orders by (atMs, sequence): ties break by the order events were scheduled.
 */
export interface QueueEvent<Payload> {
  atMs: number;
  /** Unique, increasing; also the id of a timer. */
  sequence: number;
  kind: QueueEventKind;
  /** Host index of the receiver (deliver) or the owner (tick, timer). */
  target: number;
  /** Host index of the sender (deliver); -1 otherwise. */
  source: number;
  /** The message (deliver) or the timer's data (timer); null for ticks. */
  payload: Payload | null;
  /** The timer's tag; '' otherwise. */
  tag: string;
  /** The trace id of the event that caused this one (its send, for a delivery); 0 = none. */
  causeId: number;
  /** The owner's incarnation when scheduled (tick, timer); -1 for deliveries. */
  incarnation: number;
  /** Virtual time of the send (deliver). */
  sentAtMs: number;
}

export interface WorldStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  /** Queue events processed (deliveries, ticks, timers, including discarded ones). */
  steps: number;
}

export interface TraceState {
  level: TraceLevel;
  /** Recorded events, oldest first. Bounded by eventsMax: the oldest half is discarded on overflow. */
  events: TraceEvent[];
  /** The id the next emitted event gets. Ids start at 1 and increase by 1. */
  nextId: number;
  eventsMax: number;
  /** How many of the oldest recorded events were discarded to respect eventsMax. */
  discardedCount: number;
  /** Events waiting to be routed to monitors (only filled while `routing`). */
  pending: TraceEvent[];
  /** True when monitors are attached: events are built and routed even if not recorded. */
  routing: boolean;
}

export interface World<State = unknown, Payload = unknown> {
  readonly formatVersion: 1;
  readonly seed: number;
  /** Virtual time, integer milliseconds. Never decreases. */
  nowMs: number;
  sequenceNext: number;
  /** The world's only source of randomness. */
  prng: Prng;
  /** A binary min-heap ordered by (atMs, sequence). Invariant: length <= queueLengthMax. */
  queue: QueueEvent<Payload>[];
  queueLengthMax: number;
  /** Bound on each paused host's held events; overflow drops with reason `pausedInboxFull`. */
  heldMax: number;
  hosts: HostRecord<State>[];
  hostIndexById: Record<HostId, number>;
  network: NetworkState;
  /**
   * Timers set and neither fired nor cancelled. A queued timer whose id is missing here was
   * cancelled and is skipped when due (lazy deletion). Looked up, never iterated.
   */
  liveTimerIds: Record<number, true>;
  trace: TraceState;
  /** Each monitor's state, by monitor name. */
  monitorStates: Record<string, unknown>;
  /** Every violation found so far. A run with violations has failed. */
  violations: TraceEvent[];
  stats: WorldStats;
  /** The trace id of the event being handled: the `cause` of events emitted now. 0 = none. */
  causeId: number;
}

/**
 * A host's behaviour: plain functions over the world and the host record. The kernel calls them;
 * they change `host.state` in place and act through the kernel's functions (`send`, `setTimer`,
 * `emit`). They must draw randomness only from `world.prng` and time only from `world.nowMs`.
 */
export interface HostModel<State, Payload> {
  /** Called every `host.tickIntervalMs` while the host is up and not paused. */
  onTick(world: World<State, Payload>, host: HostRecord<State>): void;
  /** A message arrived from `source`. */
  onMessage(world: World<State, Payload>, host: HostRecord<State>, source: HostId, payload: Payload): void;
  /** A timer set with `setTimer` fired. */
  onTimer?(world: World<State, Payload>, host: HostRecord<State>, tag: string, data: Payload | null): void;
  /** The host crashed: drop volatile state, keep what is persisted. */
  onCrash(world: World<State, Payload>, host: HostRecord<State>): void;
  /** The host restarts from its persisted state. */
  onRestart(world: World<State, Payload>, host: HostRecord<State>): void;
}

/** What a monitor reports; the kernel turns it into a `violation` trace event. */
export interface MonitorFinding {
  readonly invariant: string;
  readonly message: string;
  readonly node: HostId | null;
}

/**
 * An observer of the trace. It never takes part: it reads events (and may read the world) and
 * reports findings. Its state lives in `world.monitorStates[name]`, so it is snapshotted too.
 */
export interface Monitor<MonitorState = unknown> {
  readonly name: string;
  create(): MonitorState;
  observe(state: MonitorState, event: TraceEvent, world: World): readonly MonitorFinding[] | null;
}

/** The behaviour that goes with a world: its host model and its monitors. Not part of the world. */
export interface Runtime<State, Payload> {
  readonly model: HostModel<State, Payload>;
  readonly monitors: readonly Monitor[];
}

/** The answer of a kernel operation on user-chosen names: never thrown, always returned. */
export type KernelResult = { readonly ok: true } | { readonly ok: false; readonly error: string };
