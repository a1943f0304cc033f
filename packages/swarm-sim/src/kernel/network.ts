/**
 * The simulated network: directed links with latency, drop, duplicate and reorder
 * probabilities, partitions into groups, one-way cuts and bounded in-flight queues, all
 * changeable at run time.
 *
 * Rules (docs/kernel.md):
 * - A partition or a cut is checked when a message is sent AND when it arrives: a message in
 *   flight when the partition starts is lost, as packets on a wire are.
 * - A link is FIFO unless a message draws `reorder`: its delivery time is clamped to be no
 *   earlier than the previous FIFO message's on that link.
 * - The prng is drawn only for probabilities whose numerator is > 0, so turning a fault off
 *   does not change the draws of anything else.
 */
import { nextChance, nextInt, nextUint32, type Prng } from '@swarmsim/raft';
import { assert } from './assert.js';
import { heapPush } from './heap.js';
import { commitEvent, emit, traceRecords } from './trace.js';
import type { DropReason } from './trace-types.js';
import type {
  HostId,
  HostRecord,
  KernelResult,
  LatencySettings,
  LinkSettings,
  LinkState,
  NetworkState,
  Ratio,
  World,
} from './types.js';

const ok: KernelResult = { ok: true };

function failure(error: string): KernelResult {
  return { ok: false, error };
}

export function validateRatio(ratio: Ratio, name: string): string | null {
  if (!Number.isSafeInteger(ratio.numerator) || !Number.isSafeInteger(ratio.denominator)) {
    return `${name} must be a ratio of integers`;
  }
  if (ratio.denominator <= 0) return `${name}: the denominator must be > 0`;
  if (ratio.numerator < 0 || ratio.numerator > ratio.denominator) return `${name} must be between 0 and 1`;
  return null;
}

export function validateLatency(latency: LatencySettings): string | null {
  if (!Number.isSafeInteger(latency.minMs) || !Number.isSafeInteger(latency.maxMs)) {
    return 'latency must be whole milliseconds';
  }
  if (latency.minMs < 0) return 'latency cannot be negative';
  if (latency.maxMs < latency.minMs)
    return `latency maximum ${latency.maxMs}ms is below minimum ${latency.minMs}ms`;
  if (latency.maxMs > 86_400_000) return 'latency cannot exceed one day';
  return null;
}

export function validateLinkSettings(settings: LinkSettings): string | null {
  return (
    validateLatency(settings.latency) ??
    validateRatio(settings.drop, 'drop') ??
    validateRatio(settings.duplicate, 'duplicate') ??
    validateRatio(settings.reorder, 'reorder')
  );
}

/** A one-way latency drawn from the settings. */
export function sampleLatencyMs(prng: Prng, latency: LatencySettings): number {
  if (latency.distribution === 'constant' || latency.maxMs === latency.minMs) return latency.minMs;
  if (latency.distribution === 'uniform') return nextInt(prng, latency.minMs, latency.maxMs + 1);
  // Exponential by inversion; V8's Math.log is a port of fdlibm, so it is the same everywhere.
  const meanMs = (latency.maxMs - latency.minMs) / 4;
  const unit = (nextUint32(prng) + 1) / 0x1_0000_0001;
  const extraMs = Math.floor(-meanMs * Math.log(unit));
  return Math.min(latency.maxMs, latency.minMs + extraMs);
}

export function linkState(network: NetworkState, source: number, target: number): LinkState {
  const row = network.links[source];
  assert(row !== undefined, 'link source is a host');
  let link = row[target];
  if (link === undefined || link === null) {
    for (let filler = row.length; filler < target; filler++) row.push(null);
    link = { cut: false, settings: null, inflightCount: 0, lastDeliveryAtMs: 0 };
    row[target] = link;
  }
  return link;
}

function resolveHosts(world: World, ids: readonly HostId[]): number[] | string {
  const indexes: number[] = [];
  for (const id of ids) {
    const index = world.hostIndexById[id];
    if (index === undefined) return `no such node: ${id}`;
    indexes.push(index);
  }
  return indexes;
}

/** Replaces the defaults of every link without its own settings. */
export function setLinkDefaults(world: World, settings: LinkSettings): KernelResult {
  const error = validateLinkSettings(settings);
  if (error !== null) return failure(error);
  world.network.defaults = settings;
  emit(world, {
    kind: 'fault',
    fault: 'network',
    node: null,
    detail: `all links: ${describeLinkSettings(settings)}`,
  });
  return ok;
}

/** Gives the link source → target its own settings, or (null) returns it to the defaults. */
export function setLinkSettings(
  world: World,
  sourceId: HostId,
  targetId: HostId,
  settings: LinkSettings | null,
): KernelResult {
  const hosts = resolveHosts(world, [sourceId, targetId]);
  if (typeof hosts === 'string') return failure(hosts);
  const error = settings === null ? null : validateLinkSettings(settings);
  if (error !== null) return failure(error);
  linkState(world.network, hosts[0] as number, hosts[1] as number).settings = settings;
  const text = settings === null ? 'network defaults' : describeLinkSettings(settings);
  emit(world, {
    kind: 'fault',
    fault: 'network',
    node: sourceId,
    detail: `link ${sourceId}→${targetId}: ${text}`,
  });
  return ok;
}

export function describeLinkSettings(settings: LinkSettings): string {
  const latency = settings.latency;
  const parts = [
    latency.minMs === latency.maxMs
      ? `latency ${latency.minMs}ms`
      : `latency ${latency.minMs}-${latency.maxMs}ms ${latency.distribution}`,
  ];
  const ratios: [string, Ratio][] = [
    ['drop', settings.drop],
    ['duplicate', settings.duplicate],
    ['reorder', settings.reorder],
  ];
  for (const [name, ratio] of ratios) {
    if (ratio.numerator > 0) parts.push(`${name} ${ratio.numerator}/${ratio.denominator}`);
  }
  return parts.join(', ');
}

/**
 * Splits the hosts into groups that cannot reach one another: `[['n1','n2'],['n3','n4','n5']]`.
 * Replaces any earlier partition. Hosts not named form one more group together.
 */
export function partitionNetwork(world: World, groups: readonly (readonly HostId[])[]): KernelResult {
  if (groups.length === 0) return failure('a partition needs at least one group');
  const seen = new Set<HostId>();
  for (const group of groups) {
    if (group.length === 0) return failure('a partition group cannot be empty');
    for (const id of group) {
      if (seen.has(id)) return failure(`${id} is in two groups`);
      seen.add(id);
    }
  }
  const resolved = groups.map((group) => resolveHosts(world, group));
  for (const group of resolved) if (typeof group === 'string') return failure(group);
  for (const host of world.hosts) host.partitionGroup = 0;
  resolved.forEach((group, position) => {
    for (const index of group as number[])
      (world.hosts[index] as HostRecord<unknown>).partitionGroup = position + 1;
  });
  const first = world.hosts[0]?.partitionGroup ?? 0;
  world.network.partitioned = world.hosts.some((host) => host.partitionGroup !== first);
  const rest = world.hosts.filter((host) => !seen.has(host.id)).map((host) => host.id);
  const text = [...groups.map((group) => group.join(',')), ...(rest.length > 0 ? [rest.join(',')] : [])];
  emit(world, { kind: 'fault', fault: 'partition', node: null, detail: `partition ${text.join(' | ')}` });
  return ok;
}

/** Ends any partition and restores every cut link. Link settings are left as they are. */
export function healNetwork(world: World): KernelResult {
  for (const host of world.hosts) host.partitionGroup = 0;
  world.network.partitioned = false;
  for (const row of world.network.links) {
    for (const link of row) if (link !== null && link !== undefined) link.cut = false;
  }
  emit(world, { kind: 'fault', fault: 'heal', node: null, detail: 'heal: every host can reach every host' });
  return ok;
}

/** Cuts the one-way link source → target: messages that way are lost, replies still flow. */
export function cutLink(world: World, sourceId: HostId, targetId: HostId): KernelResult {
  return setCut(world, sourceId, targetId, true);
}

export function restoreLink(world: World, sourceId: HostId, targetId: HostId): KernelResult {
  return setCut(world, sourceId, targetId, false);
}

function setCut(world: World, sourceId: HostId, targetId: HostId, cut: boolean): KernelResult {
  const hosts = resolveHosts(world, [sourceId, targetId]);
  if (typeof hosts === 'string') return failure(hosts);
  if (sourceId === targetId) return failure('a link joins two different nodes');
  linkState(world.network, hosts[0] as number, hosts[1] as number).cut = cut;
  emit(world, {
    kind: 'fault',
    fault: cut ? 'cut' : 'uncut',
    node: sourceId,
    detail: `${cut ? 'cut' : 'restore'} link ${sourceId}→${targetId}`,
  });
  return ok;
}

/** True when a message source → target would be lost to a partition or a cut right now. */
export function linkBlocked(world: World, source: number, target: number): DropReason | null {
  const link = linkState(world.network, source, target);
  if (link.cut) return 'cut';
  if (world.network.partitioned) {
    const sourceGroup = (world.hosts[source] as HostRecord<unknown>).partitionGroup;
    if (sourceGroup !== (world.hosts[target] as HostRecord<unknown>).partitionGroup) return 'partition';
  }
  return null;
}

/**
 * Sends `payload` from `source` to the host named `targetId`. The hot path: with tracing off
 * and no monitors it allocates only the queue event.
 */
export function send<State, Payload>(
  world: World<State, Payload>,
  source: HostRecord<State>,
  targetId: HostId,
  payload: Payload,
): void {
  assert(source.up, 'a down host sends nothing');
  const target = world.hostIndexById[targetId];
  if (target === undefined) {
    dropMessage(world as World, source.id, targetId, payload, 'unknownHost', world.causeId);
    return;
  }
  const network = world.network;
  const link = linkState(network, source.index, target);
  const blocked = linkBlocked(world as World, source.index, target);
  if (blocked !== null) {
    dropMessage(world as World, source.id, targetId, payload, blocked, world.causeId);
    return;
  }
  const settings = link.settings ?? network.defaults;
  if (
    settings.drop.numerator > 0 &&
    nextChance(world.prng, settings.drop.numerator, settings.drop.denominator)
  ) {
    dropMessage(world as World, source.id, targetId, payload, 'random', world.causeId);
    return;
  }
  scheduleDelivery(world, source, target, link, settings, payload, false);
  const duplicate = settings.duplicate;
  if (duplicate.numerator > 0 && nextChance(world.prng, duplicate.numerator, duplicate.denominator)) {
    world.stats.duplicated++;
    scheduleDelivery(world, source, target, link, settings, payload, true);
  }
}

function scheduleDelivery<State, Payload>(
  world: World<State, Payload>,
  source: HostRecord<State>,
  target: number,
  link: LinkState,
  settings: LinkSettings,
  payload: Payload,
  duplicate: boolean,
): void {
  const targetId = (world.hosts[target] as HostRecord<State>).id;
  if (link.inflightCount >= world.network.inflightPerLinkMax) {
    dropMessage(world as World, source.id, targetId, payload, 'linkFull', world.causeId);
    return;
  }
  assert(world.queue.length < world.queueLengthMax, 'event queue within queueLengthMax');
  let atMs = world.nowMs + sampleLatencyMs(world.prng, settings.latency);
  const reorder = settings.reorder;
  if (reorder.numerator === 0 || !nextChance(world.prng, reorder.numerator, reorder.denominator)) {
    if (atMs < link.lastDeliveryAtMs) atMs = link.lastDeliveryAtMs;
    link.lastDeliveryAtMs = atMs;
  }
  link.inflightCount++;
  world.stats.sent++;
  let causeId = world.causeId;
  if (traceRecords(world.trace, 'send')) {
    causeId = world.trace.nextId++;
    const event = {
      id: causeId,
      atMs: world.nowMs,
      cause: world.causeId === 0 ? null : world.causeId,
      kind: 'send' as const,
      from: source.id,
      to: targetId,
      deliverAtMs: atMs,
      duplicate,
      message: payload,
    };
    commitEvent(world.trace, event, true, false);
  }
  heapPush(world.queue, {
    atMs,
    sequence: world.sequenceNext++,
    kind: 'deliver',
    target,
    source: source.index,
    payload,
    tag: '',
    causeId,
    incarnation: -1,
    sentAtMs: world.nowMs,
  });
}

/** Counts and traces a lost message. */
export function dropMessage(
  world: World,
  sourceId: HostId,
  targetId: HostId,
  payload: unknown,
  reason: DropReason,
  causeId: number,
): void {
  world.stats.dropped++;
  const trace = world.trace;
  const record = traceRecords(trace, 'drop');
  if (!record && !trace.routing) return;
  const event = {
    id: record ? trace.nextId++ : 0,
    atMs: world.nowMs,
    cause: causeId === 0 ? null : causeId,
    kind: 'drop' as const,
    from: sourceId,
    to: targetId,
    reason,
    message: payload,
  };
  commitEvent(trace, event, record, trace.routing);
}
