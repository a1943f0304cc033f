/**
 * Creating a world, adding hosts, and time travel (snapshot and restore).
 */
import { createPrng, nextInt } from '@swarmsim/raft';
import { assert } from './assert.js';
import { heapPush } from './heap.js';
import { createTraceState } from './trace.js';
import type { TraceLevel } from './trace-types.js';
import type { HostId, HostRecord, LinkSettings, NetworkState, World } from './types.js';

export interface WorldOptions {
  readonly seed: number;
  /** Default `full`. */
  readonly traceLevel?: TraceLevel;
  /** Recorded events kept; the oldest half is discarded on overflow. Default 1,000,000. */
  readonly traceEventsMax?: number;
  /** Default 1,000,000 queued events; exceeding it is a bug in the model (an assertion). */
  readonly queueLengthMax?: number;
  /** Events held for a paused host. Default 10,000. */
  readonly heldMax?: number;
  /** Messages in flight on one directed link. Default 10,000. */
  readonly inflightPerLinkMax?: number;
  /** Default: latency uniform 1-5 ms, no drops, duplicates or reordering. */
  readonly linkDefaults?: LinkSettings;
}

/** Hosts in one world. Bounds the link matrix and every per-host loop. */
export const hostsMax = 4096;

export function defaultLinkSettings(): LinkSettings {
  return {
    latency: { minMs: 1, maxMs: 5, distribution: 'uniform' },
    drop: { numerator: 0, denominator: 1 },
    duplicate: { numerator: 0, denominator: 1 },
    reorder: { numerator: 0, denominator: 1 },
  };
}

export function createWorld<State, Payload>(options: WorldOptions): World<State, Payload> {
  assert(Number.isSafeInteger(options.seed), 'seed is a safe integer');
  const network: NetworkState = {
    defaults: options.linkDefaults ?? defaultLinkSettings(),
    inflightPerLinkMax: options.inflightPerLinkMax ?? 10_000,
    links: [],
    partitioned: false,
  };
  return {
    formatVersion: 1,
    seed: options.seed,
    nowMs: 0,
    sequenceNext: 1,
    prng: createPrng(options.seed),
    queue: [],
    queueLengthMax: options.queueLengthMax ?? 1_000_000,
    heldMax: options.heldMax ?? 10_000,
    hosts: [],
    hostIndexById: {},
    network,
    liveTimerIds: {},
    trace: createTraceState(options.traceLevel ?? 'full', options.traceEventsMax ?? 1_000_000),
    monitorStates: {},
    violations: [],
    stats: { sent: 0, delivered: 0, dropped: 0, duplicated: 0, steps: 0 },
    causeId: 0,
  };
}

/**
 * Adds an up host with the model's initial state. A host that ticks gets its first tick at a
 * phase drawn from the world's prng in [1, tickIntervalMs], so machines' clocks are not in
 * lockstep; then every tickIntervalMs.
 */
export function addHost<State, Payload>(
  world: World<State, Payload>,
  id: HostId,
  state: State,
  tickIntervalMs: number,
): HostRecord<State> {
  assert(!(id in world.hostIndexById), `host ${id} is new`);
  assert(world.hosts.length < hostsMax, 'at most hostsMax hosts');
  assert(Number.isSafeInteger(tickIntervalMs) && tickIntervalMs >= 0, 'tickIntervalMs is an integer >= 0');
  const host: HostRecord<State> = {
    id,
    index: world.hosts.length,
    up: true,
    paused: false,
    incarnation: 0,
    tickIntervalMs,
    partitionGroup: 0,
    held: [],
    state,
  };
  world.hosts.push(host);
  world.hostIndexById[id] = host.index;
  world.network.links.push([]);
  if (tickIntervalMs > 0) scheduleTick(world, host, world.nowMs + nextInt(world.prng, 1, tickIntervalMs + 1));
  return host;
}

export function hostById<State, Payload>(world: World<State, Payload>, id: HostId): HostRecord<State> | null {
  const index = world.hostIndexById[id];
  return index === undefined ? null : (world.hosts[index] as HostRecord<State>);
}

/** Host ids in the order they were added. */
export function hostIds(world: World<unknown, unknown>): HostId[] {
  return world.hosts.map((host) => host.id);
}

export function scheduleTick<State, Payload>(
  world: World<State, Payload>,
  host: HostRecord<State>,
  atMs: number,
): void {
  assert(world.queue.length < world.queueLengthMax, 'event queue within queueLengthMax');
  heapPush(world.queue, {
    atMs,
    sequence: world.sequenceNext++,
    kind: 'tick',
    target: host.index,
    source: -1,
    payload: null,
    tag: '',
    causeId: 0,
    incarnation: host.incarnation,
    sentAtMs: world.nowMs,
  });
}

/** A deep copy of the whole world: keep it to travel back in time. */
export function snapshotWorld<State, Payload>(world: World<State, Payload>): World<State, Payload> {
  return structuredClone(world);
}

/**
 * A world to continue from a snapshot. The snapshot itself is left untouched, so it can be
 * restored again (RaftScope's time slider restores the latest checkpoint before a time).
 */
export function restoreWorld<State, Payload>(snapshot: World<State, Payload>): World<State, Payload> {
  return structuredClone(snapshot);
}
