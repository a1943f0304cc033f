import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CounterMessage,
  type CounterState,
  counterModel,
  counterRuntime,
  counterState,
  setCounterTimer,
} from './kernel-test-model.js';
import { partitionNetwork, send, setLinkDefaults } from './network.js';
import { cancelTimer, crashHost, pauseHost, restartHost, resumeHost, runFor, runUntil, step } from './run.js';
import { attachMonitors, describeTraceEvent, emit, explainEvent, traceToJsonLines } from './trace.js';
import type { HostRecord, Monitor, Runtime, World } from './types.js';
import { addHost, createWorld, defaultLinkSettings, hostById, restoreWorld, snapshotWorld } from './world.js';

function host(target: World<CounterState, CounterMessage>, id: string): HostRecord<CounterState> {
  const found = hostById(target, id);
  if (found === null) throw new Error(`no host ${id}`);
  return found;
}

/** n1 → n2 → n3 → n1 … a token ring passing a counter, with ticks, ready to run. */
function ring(seed: number, limit = 1_000_000): World<CounterState, CounterMessage> {
  const created = createWorld<CounterState, CounterMessage>({ seed });
  addHost(created, 'n1', counterState('n2', limit), 10);
  addHost(created, 'n2', counterState('n3', limit), 10);
  addHost(created, 'n3', counterState('n1', limit), 10);
  send(created, host(created, 'n1'), 'n2', { type: 'count', value: 0 });
  return created;
}

describe('kernel: clock and ticks', () => {
  it('ticks each host every tickIntervalMs after a first phase in [1, interval]', () => {
    const created = ring(1);
    runUntil(created, counterRuntime, 1000);
    for (const id of ['n1', 'n2', 'n3']) {
      expect(host(created, id).state.ticks).toBeGreaterThanOrEqual(99);
      expect(host(created, id).state.ticks).toBeLessThanOrEqual(100);
    }
    expect(created.nowMs).toBe(1000);
  });

  it('never moves time backwards and stops at stepsMax', () => {
    const created = ring(2);
    const result = runUntil(created, counterRuntime, 10_000, { stepsMax: 50 });
    expect(result).toEqual({ stoppedBy: 'steps', steps: 50 });
    expect(created.nowMs).toBeLessThan(10_000);
    let before = created.nowMs;
    for (let count = 0; count < 100; count++) {
      step(created, counterRuntime);
      expect(created.nowMs).toBeGreaterThanOrEqual(before);
      before = created.nowMs;
    }
  });

  it('fires timers at their time, skips cancelled ones (lazy deletion)', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1 });
    addHost(created, 'n1', counterState(), 0);
    setCounterTimer(created, 'n1', 30, 'late');
    const cancelled = setCounterTimer(created, 'n1', 20, 'cancelled');
    setCounterTimer(created, 'n1', 10, 'early');
    cancelTimer(created, cancelled);
    runFor(created, counterRuntime, 100);
    expect(host(created, 'n1').state.timersFired).toEqual(['early@10', 'late@30']);
    expect(created.liveTimerIds).toEqual({});
  });
});

describe('kernel: host lifecycle', () => {
  it('a crash keeps persisted state, loses volatile state, and drops messages to the down host', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1 });
    addHost(created, 'n1', counterState(), 0);
    addHost(created, 'n2', counterState(), 0);
    send(created, host(created, 'n1'), 'n2', { type: 'count', value: 1 });
    runFor(created, counterRuntime, 10);
    send(created, host(created, 'n1'), 'n2', { type: 'count', value: 2 });
    expect(crashHost(created, counterRuntime, 'n2').ok).toBe(true);
    expect(host(created, 'n2').state).toMatchObject({ persistedCount: 1, volatileCount: 0, received: [] });
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state.persistedCount).toBe(1);
    expect(created.trace.events.some((event) => event.kind === 'drop' && event.reason === 'hostDown')).toBe(
      true,
    );
    expect(restartHost(created, counterRuntime, 'n2').ok).toBe(true);
    send(created, host(created, 'n1'), 'n2', { type: 'count', value: 3 });
    runFor(created, counterRuntime, 10);
    expect(host(created, 'n2').state).toMatchObject({ persistedCount: 2, volatileCount: 1, restarts: 1 });
  });

  it('a crash cancels ticks and timers; a restart ticks again', () => {
    const created = ring(3, 0);
    setCounterTimer(created, 'n1', 50, 'never');
    runFor(created, counterRuntime, 20);
    crashHost(created, counterRuntime, 'n1');
    const ticksAtCrash = host(created, 'n1').state.ticks;
    runFor(created, counterRuntime, 100);
    expect(host(created, 'n1').state.ticks).toBe(ticksAtCrash);
    expect(host(created, 'n1').state.timersFired).toEqual([]);
    restartHost(created, counterRuntime, 'n1');
    runFor(created, counterRuntime, 100);
    expect(host(created, 'n1').state.ticks).toBe(ticksAtCrash + 10);
  });

  it('refuses to crash a down host, restart an up one, or act on an unknown one', () => {
    const created = ring(4);
    expect(restartHost(created, counterRuntime, 'n1')).toEqual({ ok: false, error: 'n1 is already up' });
    expect(crashHost(created, counterRuntime, 'n9')).toEqual({ ok: false, error: 'no such node: n9' });
    crashHost(created, counterRuntime, 'n1');
    expect(crashHost(created, counterRuntime, 'n1')).toEqual({ ok: false, error: 'n1 is already down' });
    expect(pauseHost(created, 'n1')).toEqual({ ok: false, error: 'n1 is down' });
  });

  it('a paused host does not tick; its messages and timers wait and are handled in order on resume', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1 });
    addHost(created, 'n1', counterState(), 0);
    addHost(created, 'n2', counterState(), 10);
    runFor(created, counterRuntime, 10);
    expect(pauseHost(created, 'n2').ok).toBe(true);
    const ticks = host(created, 'n2').state.ticks;
    for (let value = 0; value < 3; value++)
      send(created, host(created, 'n1'), 'n2', { type: 'count', value });
    setCounterTimer(created, 'n2', 5, 'held');
    runFor(created, counterRuntime, 100);
    expect(host(created, 'n2').state).toMatchObject({ ticks, persistedCount: 0, timersFired: [] });
    expect(host(created, 'n2').held).toHaveLength(4);
    expect(resumeHost(created, counterRuntime, 'n2').ok).toBe(true);
    expect(host(created, 'n2').state.received).toEqual([0, 1, 2]);
    expect(host(created, 'n2').state.timersFired).toEqual(['held@110']);
    runFor(created, counterRuntime, 100);
    expect(host(created, 'n2').state.ticks).toBe(ticks + 10);
  });

  it('a paused host holds at most heldMax events and drops the rest with reason pausedInboxFull', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1, heldMax: 2 });
    addHost(created, 'n1', counterState(), 0);
    addHost(created, 'n2', counterState(), 0);
    pauseHost(created, 'n2');
    for (let value = 0; value < 5; value++)
      send(created, host(created, 'n1'), 'n2', { type: 'count', value });
    runFor(created, counterRuntime, 10);
    resumeHost(created, counterRuntime, 'n2');
    expect(host(created, 'n2').state.received).toEqual([0, 1]);
    const reasons = created.trace.events.flatMap((event) => (event.kind === 'drop' ? [event.reason] : []));
    expect(reasons).toEqual(['pausedInboxFull', 'pausedInboxFull', 'pausedInboxFull']);
  });
});

describe('trace: ids, causes, levels, export', () => {
  it('walks causes back from a delivery to the command that started it', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1 });
    addHost(created, 'n1', counterState('n2', 3), 0);
    addHost(created, 'n2', counterState('n1', 3), 0);
    created.causeId = emit(created as World, { kind: 'command', text: 'kick n1' });
    send(created, host(created, 'n1'), 'n2', { type: 'count', value: 0 });
    created.causeId = 0;
    runFor(created, counterRuntime, 100);
    const last = created.trace.events.at(-1);
    expect(last?.kind).toBe('deliver');
    const chain = explainEvent(created.trace, last?.id ?? 0);
    expect(chain.map((event) => event.kind)).toEqual([
      'deliver',
      'send',
      'deliver',
      'send',
      'deliver',
      'send',
      'deliver',
      'send',
      'command',
    ]);
    expect(describeTraceEvent(chain.at(-1) as never)).toBe('[0ms #1] command: kick n1');
    expect(explainEvent(created.trace, 9999)).toEqual([]);
  });

  it('ids are contiguous from 1, and each event has its virtual time and a cause', () => {
    const created = ring(5, 50);
    runFor(created, counterRuntime, 1000);
    created.trace.events.forEach((event, position) => {
      expect(event.id).toBe(position + 1);
      if (event.cause !== null) expect(event.cause).toBeLessThan(event.id);
    });
    const lines = traceToJsonLines(created.trace).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ id: 1, kind: 'send', from: 'n1', to: 'n2' });
  });

  it('reduced tracing leaves out sends and deliveries but keeps faults; off records nothing', () => {
    for (const [traceLevel, expected] of [
      ['reduced', ['fault', 'drop']],
      ['off', []],
    ] as const) {
      const linkDefaults = {
        ...defaultLinkSettings(),
        latency: { minMs: 3, maxMs: 3, distribution: 'constant' },
      } as const;
      const created = createWorld<CounterState, CounterMessage>({ seed: 1, traceLevel, linkDefaults });
      addHost(created, 'n1', counterState('n2', 5), 0);
      addHost(created, 'n2', counterState('n1', 5), 0);
      send(created, host(created, 'n1'), 'n2', { type: 'count', value: 0 });
      runFor(created, counterRuntime, 8);
      partitionNetwork(created, [['n1'], ['n2']]);
      runFor(created, counterRuntime, 100);
      expect(created.trace.events.map((event) => event.kind)).toEqual(expected);
      expect(created.stats.delivered).toBe(2);
    }
  });

  it('keeps at most traceEventsMax events, discarding the oldest half, and still finds by id', () => {
    const created = createWorld<CounterState, CounterMessage>({ seed: 1, traceEventsMax: 100 });
    addHost(created, 'n1', counterState('n2', 500), 0);
    addHost(created, 'n2', counterState('n1', 500), 0);
    send(created, host(created, 'n1'), 'n2', { type: 'count', value: 0 });
    runFor(created, counterRuntime, 10_000);
    expect(created.trace.events.length).toBeLessThanOrEqual(100);
    expect(created.trace.discardedCount + created.trace.events.length).toBe(created.trace.nextId - 1);
    const last = created.trace.events.at(-1);
    expect(explainEvent(created.trace, last?.id ?? 0).length).toBeGreaterThan(10);
  });

  it('routes events to monitors after every step, and a finding becomes a violation caused by the event', () => {
    const noteWatcher: Monitor<{ seen: number }> = {
      name: 'no timers after 20ms',
      create: () => ({ seen: 0 }),
      observe(state, event) {
        if (event.kind !== 'note') return null;
        state.seen++;
        if (event.atMs <= 20) return null;
        return [{ invariant: 'noLateTimers', message: `${event.text} at ${event.atMs}ms`, node: event.node }];
      },
    };
    const runtime: Runtime<CounterState, CounterMessage> = { model: counterModel, monitors: [noteWatcher] };
    const created = createWorld<CounterState, CounterMessage>({ seed: 1, traceLevel: 'off' });
    addHost(created, 'n1', counterState(), 0);
    attachMonitors(created as World, runtime.monitors);
    setCounterTimer(created, 'n1', 10, 'a');
    setCounterTimer(created, 'n1', 30, 'b');
    expect(runFor(created, runtime, 100, { stopOnViolation: true }).stoppedBy).toBe('violation');
    expect(created.monitorStates['no timers after 20ms']).toEqual({ seen: 2 });
    expect(created.violations).toMatchObject([
      { kind: 'violation', invariant: 'noLateTimers', message: 'timer b at 30ms' },
    ]);
  });
});

describe('time travel: snapshot, restore, replay', () => {
  function busyRun(created: World<CounterState, CounterMessage>, fromMs: number, toMs: number): void {
    const faults: [number, () => void][] = [
      [
        200,
        () => setLinkDefaults(created, { ...defaultLinkSettings(), drop: { numerator: 1, denominator: 20 } }),
      ],
      [400, () => crashHost(created, counterRuntime, 'n2')],
      [450, () => send(created, host(created, 'n1'), 'n3', { type: 'count', value: 0 })],
      [600, () => restartHost(created, counterRuntime, 'n2')],
      [700, () => partitionNetwork(created, [['n1'], ['n2', 'n3']])],
    ];
    for (const [atMs, fault] of faults) {
      if (atMs < fromMs || atMs >= toMs) continue;
      runUntil(created, counterRuntime, atMs);
      fault();
    }
    runUntil(created, counterRuntime, toMs);
  }

  it('a restored snapshot run forward equals the uninterrupted run, byte for byte', () => {
    const uninterrupted = ring(9);
    busyRun(uninterrupted, 0, 1000);
    const interrupted = ring(9);
    busyRun(interrupted, 0, 500);
    const saved = snapshotWorld(interrupted);
    busyRun(interrupted, 500, 800);
    const resumed = restoreWorld(saved);
    busyRun(resumed, 500, 1000);
    expect(traceToJsonLines(resumed.trace)).toBe(traceToJsonLines(uninterrupted.trace));
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(uninterrupted));
    expect(saved.nowMs).toBe(500);
  });

  it('the same seed gives the same trace hash; another seed does not', () => {
    const hash = (seed: number) => {
      const created = ring(seed);
      busyRun(created, 0, 1000);
      return createHash('sha256').update(traceToJsonLines(created.trace)).digest('hex');
    };
    expect(hash(21)).toBe(hash(21));
    expect(hash(21)).not.toBe(hash(22));
  });
});
