/**
 * A tiny model for the kernel's own tests and benchmark: every host counts what it receives,
 * may forward a message on (a token ring or ping-pong), and keeps a "persisted" counter that
 * survives crashes while the "volatile" one does not. Not a toy stand-in for anything: it exists
 * to exercise the kernel with a model whose behaviour is obvious.
 */

import { send } from './network.js';
import { setTimer } from './run.js';
import { emit } from './trace.js';
import type { HostModel, HostRecord, Runtime, World } from './types.js';

export interface CounterState {
  /** Survives a crash. */
  persistedCount: number;
  /** Lost on a crash. */
  volatileCount: number;
  /** Every payload received, in order (volatile). */
  received: number[];
  ticks: number;
  timersFired: string[];
  /** Forward every message to this host with value + 1, while value < forwardLimit. */
  forwardTo: string | null;
  forwardLimit: number;
  restarts: number;
}

export function counterState(forwardTo: string | null = null, forwardLimit = 0): CounterState {
  return {
    persistedCount: 0,
    volatileCount: 0,
    received: [],
    ticks: 0,
    timersFired: [],
    forwardTo,
    forwardLimit,
    restarts: 0,
  };
}

export interface CounterMessage {
  readonly type: 'count';
  readonly value: number;
}

export const counterModel: HostModel<CounterState, CounterMessage> = {
  onTick(_world, host) {
    host.state.ticks++;
  },
  onMessage(world, host, _source, payload) {
    host.state.persistedCount++;
    host.state.volatileCount++;
    host.state.received.push(payload.value);
    if (host.state.forwardTo !== null && payload.value < host.state.forwardLimit) {
      send(world, host, host.state.forwardTo, { type: 'count', value: payload.value + 1 });
    }
  },
  onTimer(world, host, tag) {
    host.state.timersFired.push(`${tag}@${world.nowMs}`);
    emit(world as World, { kind: 'note', node: host.id, text: `timer ${tag}` });
  },
  onCrash(_world, host) {
    host.state.volatileCount = 0;
    host.state.received = [];
  },
  onRestart(_world, host: HostRecord<CounterState>) {
    host.state.restarts++;
  },
};

export const counterRuntime: Runtime<CounterState, CounterMessage> = { model: counterModel, monitors: [] };

/** A model whose hosts bounce every message straight back: the delivery benchmark's load. */
export const pingPongModel: HostModel<null, number> = {
  onTick() {},
  onMessage(world, host, source, payload) {
    send(world, host, source, payload + 1);
  },
  onCrash() {},
  onRestart() {},
};

export function setCounterTimer(
  world: World<CounterState, CounterMessage>,
  hostId: string,
  delayMs: number,
  tag: string,
) {
  const host = world.hosts[world.hostIndexById[hostId] as number] as HostRecord<CounterState>;
  return setTimer(world, host, delayMs, tag);
}
