import { describe, expect, it } from 'vitest';
import { type CounterMessage, type CounterState, counterRuntime, counterState } from './kernel-test-model.js';
import {
  cutLink,
  healNetwork,
  partitionNetwork,
  restoreLink,
  send,
  setLinkDefaults,
  setLinkSettings,
} from './network.js';
import { runFor } from './run.js';
import type { DropTraceEvent, SendTraceEvent } from './trace-types.js';
import type { HostRecord, LinkSettings, World } from './types.js';
import { addHost, createWorld, defaultLinkSettings, hostById } from './world.js';

function world(
  hostCount: number,
  seed = 1,
  linkDefaults?: LinkSettings,
): World<CounterState, CounterMessage> {
  const created = createWorld<CounterState, CounterMessage>({
    seed,
    ...(linkDefaults ? { linkDefaults } : {}),
  });
  for (let number = 1; number <= hostCount; number++) addHost(created, `n${number}`, counterState(), 0);
  return created;
}

function host(target: World<CounterState, CounterMessage>, id: string): HostRecord<CounterState> {
  const found = hostById(target, id);
  if (found === null) throw new Error(`no host ${id}`);
  return found;
}

function sendMany(
  target: World<CounterState, CounterMessage>,
  from: string,
  to: string,
  count: number,
): void {
  for (let value = 0; value < count; value++) send(target, host(target, from), to, { type: 'count', value });
}

function drops(target: World<CounterState, CounterMessage>): DropTraceEvent[] {
  return target.trace.events.filter((event): event is DropTraceEvent => event.kind === 'drop');
}

function settings(overrides: Partial<LinkSettings>): LinkSettings {
  return { ...defaultLinkSettings(), ...overrides };
}

describe('network: latency, loss, duplication, order', () => {
  it('delivers every message within the latency range when there are no faults', () => {
    const created = world(2, 3, settings({ latency: { minMs: 10, maxMs: 15, distribution: 'uniform' } }));
    sendMany(created, 'n1', 'n2', 200);
    const sends = created.trace.events.filter((event): event is SendTraceEvent => event.kind === 'send');
    for (const sent of sends) expect(sent.deliverAtMs - sent.atMs).toBeGreaterThanOrEqual(10);
    for (const sent of sends) expect(sent.deliverAtMs - sent.atMs).toBeLessThanOrEqual(15);
    runFor(created, counterRuntime, 14);
    expect(host(created, 'n2').state.persistedCount).toBeLessThan(200);
    runFor(created, counterRuntime, 1);
    expect(host(created, 'n2').state.persistedCount).toBe(200);
  });

  it('keeps a link FIFO unless reorder is drawn, and reorders when it is', () => {
    const fifo = world(2, 5, settings({ latency: { minMs: 1, maxMs: 50, distribution: 'uniform' } }));
    sendMany(fifo, 'n1', 'n2', 100);
    runFor(fifo, counterRuntime, 100);
    expect(host(fifo, 'n2').state.received).toEqual([...Array(100).keys()]);

    const shuffled = world(
      2,
      5,
      settings({
        latency: { minMs: 1, maxMs: 50, distribution: 'uniform' },
        reorder: { numerator: 1, denominator: 2 },
      }),
    );
    sendMany(shuffled, 'n1', 'n2', 100);
    runFor(shuffled, counterRuntime, 100);
    const received = host(shuffled, 'n2').state.received;
    expect([...received].sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect(received).not.toEqual([...Array(100).keys()]);
  });

  it('drops about the drop ratio of messages, each traced with reason random', () => {
    const created = world(2, 11, settings({ drop: { numerator: 1, denominator: 4 } }));
    sendMany(created, 'n1', 'n2', 4000);
    runFor(created, counterRuntime, 10);
    const delivered = host(created, 'n2').state.persistedCount;
    expect(delivered).toBeGreaterThan(2800);
    expect(delivered).toBeLessThan(3200);
    expect(drops(created)).toHaveLength(4000 - delivered);
    expect(drops(created).every((event) => event.reason === 'random')).toBe(true);
  });

  it('duplicates about the duplicate ratio of messages', () => {
    const created = world(2, 13, settings({ duplicate: { numerator: 1, denominator: 10 } }));
    sendMany(created, 'n1', 'n2', 2000);
    runFor(created, counterRuntime, 10);
    const delivered = host(created, 'n2').state.persistedCount;
    expect(delivered).toBe(2000 + created.stats.duplicated);
    expect(created.stats.duplicated).toBeGreaterThan(140);
    expect(created.stats.duplicated).toBeLessThan(260);
  });

  it('caps the messages in flight on a link; overflow drops with reason linkFull', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1, inflightPerLinkMax: 5 });
    addHost(created, 'n1', counterState(), 0);
    addHost(created, 'n2', counterState(), 0);
    sendMany(created, 'n1', 'n2', 8);
    expect(drops(created).map((event) => event.reason)).toEqual(['linkFull', 'linkFull', 'linkFull']);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(5);
    sendMany(created, 'n1', 'n2', 5);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(10);
  });

  it('changes settings at run time, per link and for all links, and refuses bad ones', () => {
    const created = world(3);
    expect(
      setLinkSettings(created, 'n1', 'n2', settings({ drop: { numerator: 1, denominator: 1 } })).ok,
    ).toBe(true);
    sendMany(created, 'n1', 'n2', 3);
    sendMany(created, 'n1', 'n3', 3);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(0);
    expect(host(created, 'n3').state.persistedCount).toBe(3);
    expect(setLinkSettings(created, 'n1', 'n2', null).ok).toBe(true);
    sendMany(created, 'n1', 'n2', 3);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(3);
    expect(setLinkDefaults(created, settings({ drop: { numerator: 3, denominator: 2 } }))).toEqual({
      ok: false,
      error: 'drop must be between 0 and 1',
    });
    expect(
      setLinkDefaults(created, settings({ latency: { minMs: 9, maxMs: 3, distribution: 'uniform' } })).ok,
    ).toBe(false);
    expect(setLinkSettings(created, 'n1', 'n7', null)).toEqual({ ok: false, error: 'no such node: n7' });
  });

  it('traces a message to an unknown host as dropped', () => {
    const created = world(1);
    sendMany(created, 'n1', 'n9', 1);
    expect(drops(created).map((event) => [event.to, event.reason])).toEqual([['n9', 'unknownHost']]);
  });
});

describe('network: partitions and one-way cuts', () => {
  it('network: partition 2-1 isolates n3, and heal reconnects it', () => {
    const created = world(3);
    expect(partitionNetwork(created, [['n1', 'n2'], ['n3']]).ok).toBe(true);
    sendMany(created, 'n1', 'n2', 1);
    sendMany(created, 'n1', 'n3', 1);
    sendMany(created, 'n3', 'n2', 1);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.received).toEqual([0]);
    expect(host(created, 'n3').state.persistedCount).toBe(0);
    expect(drops(created).map((event) => `${event.from}>${event.to}:${event.reason}`)).toEqual([
      'n1>n3:partition',
      'n3>n2:partition',
    ]);
    healNetwork(created);
    sendMany(created, 'n1', 'n3', 1);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n3').state.persistedCount).toBe(1);
  });

  it('network: a partition loses the messages already in flight across it', () => {
    const created = world(2, 1, settings({ latency: { minMs: 10, maxMs: 10, distribution: 'constant' } }));
    sendMany(created, 'n1', 'n2', 2);
    runFor(created, counterRuntime, 5);
    partitionNetwork(created, [['n1'], ['n2']]);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(0);
    expect(drops(created)).toHaveLength(2);
    expect(created.network.links[0]?.[1]?.inflightCount).toBe(0);
  });

  it('network: hosts left out of a partition form one more group together', () => {
    const created = world(4);
    partitionNetwork(created, [['n1']]);
    sendMany(created, 'n2', 'n3', 1);
    sendMany(created, 'n2', 'n1', 1);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n3').state.persistedCount).toBe(1);
    expect(host(created, 'n1').state.persistedCount).toBe(0);
    const fault = created.trace.events.find((event) => event.kind === 'fault');
    expect(fault?.kind === 'fault' && fault.detail).toBe('partition n1 | n2,n3,n4');
  });

  it('network: a partition with a node in two groups or an unknown node is refused, unchanged', () => {
    const created = world(3);
    expect(
      partitionNetwork(created, [
        ['n1', 'n2'],
        ['n2', 'n3'],
      ]),
    ).toEqual({ ok: false, error: 'n2 is in two groups' });
    expect(partitionNetwork(created, [['n1'], ['n8']])).toEqual({ ok: false, error: 'no such node: n8' });
    expect(partitionNetwork(created, [])).toEqual({
      ok: false,
      error: 'a partition needs at least one group',
    });
    expect(created.network.partitioned).toBe(false);
  });

  it('network: a one-way cut n1→n2 loses n1→n2 but n2→n1 still flows', () => {
    const created = world(2);
    expect(cutLink(created, 'n1', 'n2').ok).toBe(true);
    sendMany(created, 'n1', 'n2', 1);
    sendMany(created, 'n2', 'n1', 1);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(0);
    expect(host(created, 'n1').state.persistedCount).toBe(1);
    expect(drops(created).map((event) => event.reason)).toEqual(['cut']);
    restoreLink(created, 'n1', 'n2');
    sendMany(created, 'n1', 'n2', 1);
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(1);
    expect(cutLink(created, 'n1', 'n1').ok).toBe(false);
  });
});
