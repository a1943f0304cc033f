/**
 * The raw kernel: how many messages it delivers per wall second with tracing off and no
 * monitors. Eight hosts bounce 64 messages back and forth (a ping-pong model: every delivery
 * sends one message back), 1 ms constant latency, no loss: the cost measured is the event heap,
 * the link bookkeeping and the model call, nothing else. Target: at least 1,000,000 a second.
 */
import { addHost, createWorld, type HostModel, type Runtime, runFor, send } from '@swarmsim/swarm-sim';
import { type BenchFigure, type BenchSection, peakRssMegabytes, roundRate, wallMs } from './types.js';

const hostCount = 8;
const messagesInFlight = 64;

const pingPong: HostModel<null, number> = {
  onTick() {},
  onMessage(world, host, source, payload) {
    send(world, host, source, payload + 1);
  },
  onCrash() {},
  onRestart() {},
};
const runtime: Runtime<null, number> = { model: pingPong, monitors: [] };

function pingPongWorld() {
  const world = createWorld<null, number>({
    seed: 1,
    traceLevel: 'off',
    linkDefaults: {
      latency: { minMs: 1, maxMs: 1, distribution: 'constant' },
      drop: { numerator: 0, denominator: 1 },
      duplicate: { numerator: 0, denominator: 1 },
      reorder: { numerator: 0, denominator: 1 },
    },
  });
  const hosts = Array.from({ length: hostCount }, (_, position) => addHost(world, `h${position}`, null, 0));
  for (let message = 0; message < messagesInFlight; message++) {
    const source = hosts[message % hostCount];
    const target = hosts[(message + 1) % hostCount];
    if (source !== undefined && target !== undefined) send(world, source, target.id, 0);
  }
  return world;
}

/** Delivers for `virtualMs` and returns deliveries per wall second. */
function deliveriesPerWallSecond(virtualMs: number): { rate: number; delivered: number } {
  const world = pingPongWorld();
  const elapsedMs = wallMs(() => runFor(world, runtime, virtualMs));
  return { rate: (world.stats.delivered * 1000) / elapsedMs, delivered: world.stats.delivered };
}

export const kernelSection: BenchSection = {
  name: 'kernel',
  title: 'Kernel: raw deliveries, tracing off',
  setup: `${hostCount} hosts ping-pong ${messagesInFlight} messages, 1 ms constant latency, no monitors, trace off`,
  run({ quick }): BenchFigure[] {
    deliveriesPerWallSecond(2_000); // warm the JIT
    const rounds = quick ? 1 : 3;
    let best = { rate: 0, delivered: 0 };
    for (let round = 0; round < rounds; round++) {
      const measured = deliveriesPerWallSecond(quick ? 5_000 : 40_000);
      if (measured.rate > best.rate) best = measured;
    }
    return [
      { name: 'deliveriesPerWallSecond', value: roundRate(best.rate), unit: 'deliveries/s (best run)' },
      { name: 'deliveriesPerRun', value: best.delivered, unit: 'deliveries' },
      { name: 'peakRssMegabytes', value: peakRssMegabytes(), unit: 'MB (process peak so far)' },
    ];
  },
};
