/**
 * The Raft lab as a student runs it: RaftScope's parameters (5 nodes, election timeout
 * 100-200 ms, latency 10-15 ms, heartbeat 50 ms, one entry per AppendEntries) with a client
 * request every 50 ms sent to the leader, checkers on and the full trace kept; and a lossy
 * 9-node lab (10% drop, 1% duplication, latency 10-40 ms) under the same client.
 */
import { createLab, type Lab, type LabOptions, labNetwork, labPropose, labRun } from '@swarmsim/swarm-sim';
import { type BenchFigure, type BenchSection, peakRssMegabytes, roundRate, wallMs } from './types.js';

const clientIntervalMs = 50;

function leaderOf(lab: Lab): string | null {
  let leader: string | null = null;
  let term = -1;
  for (const host of lab.world.hosts) {
    const node = host.up ? host.state.member.node : null;
    if (node !== null && node.role === 'leader' && node.term > term) {
      leader = host.id;
      term = node.term;
    }
  }
  return leader;
}

/** Runs `simulatedMs` with a write to the leader every 50 ms; returns the lab. */
function runWithClient(options: Partial<LabOptions>, setUp: (lab: Lab) => void, simulatedMs: number): Lab {
  const created = createLab(options);
  if (!created.ok) throw new Error(created.error);
  const lab = created.lab;
  setUp(lab);
  for (let elapsedMs = 0; elapsedMs < simulatedMs; elapsedMs += clientIntervalMs) {
    labRun(lab, clientIntervalMs);
    const leader = leaderOf(lab);
    if (leader !== null) labPropose(lab, leader, `set k${elapsedMs % 16} v${elapsedMs}`);
  }
  return lab;
}

function labFigures(
  options: Partial<LabOptions>,
  setUp: (lab: Lab) => void,
  simulatedMs: number,
): BenchFigure[] {
  runWithClient(options, setUp, 2_000); // warm the JIT
  let lab: Lab | null = null;
  const elapsedMs = wallMs(() => {
    lab = runWithClient(options, setUp, simulatedMs);
  });
  const finished = lab as unknown as Lab;
  const committed = finished.client.history.filter((operation) => operation.status === 'ok').length;
  return [
    {
      name: 'simulatedSecondsPerWallSecond',
      value: roundRate(simulatedMs / elapsedMs),
      unit: 'simulated s / wall s',
    },
    {
      name: 'deliveriesPerWallSecond',
      value: roundRate((finished.world.stats.delivered * 1000) / elapsedMs),
      unit: 'deliveries/s',
    },
    { name: 'simulatedSeconds', value: simulatedMs / 1000, unit: 's simulated' },
    { name: 'writesAcknowledged', value: committed, unit: 'client writes ok' },
    { name: 'traceEvents', value: finished.world.trace.events.length, unit: 'events kept' },
    { name: 'peakRssMegabytes', value: peakRssMegabytes(), unit: 'MB (process peak so far)' },
  ];
}

export const raftScopeLabSection: BenchSection = {
  name: 'lab5',
  title: 'Raft lab: 5 nodes, RaftScope parameters',
  setup:
    '5 nodes, election timeout 100-200 ms, latency 10-15 ms, heartbeat 50 ms, a write every 50 ms, full trace',
  run: ({ quick }) => labFigures({ seed: 1, nodeCount: 5 }, () => {}, quick ? 10_000 : 120_000),
};

export const raftScopeLabTraceOffSection: BenchSection = {
  name: 'lab5TraceOff',
  title: 'Raft lab: 5 nodes, RaftScope parameters, trace off',
  setup: 'as lab5, with the trace off (checkers still watch every event)',
  run: ({ quick }) =>
    labFigures({ seed: 1, nodeCount: 5, traceLevel: 'off' }, () => {}, quick ? 10_000 : 120_000),
};

export const lossyLabSection: BenchSection = {
  name: 'lab9lossy',
  title: 'Raft lab: 9 nodes, lossy network',
  setup: '9 nodes, 10% drop, 1% duplication, latency 10-40 ms, a write every 50 ms, full trace',
  run: ({ quick }) =>
    labFigures(
      { seed: 1, nodeCount: 9, latencyMinMs: 10, latencyMaxMs: 40 },
      (lab) => {
        labNetwork(lab, {
          drop: { numerator: 10, denominator: 100 },
          duplicate: { numerator: 1, denominator: 100 },
        });
      },
      quick ? 10_000 : 60_000,
    ),
};
