/**
 * Scheduler benchmark at Swarm2K scale: 95,000 tasks over 2,384 nodes.
 *
 *   npx tsx packages/swarm-sim/src/scheduler/bench.ts
 *
 * A developer tool, not part of the simulation: it reads the wall clock through
 * `process.hrtime`, which the simulation itself never does. Each shape is built fresh, then timed
 * for one `buildSchedulerState` plus one `scheduleTasks` pass; the best of three runs is shown
 * next to the first (cold) run.
 */
import { buildSchedulerState } from './node-info.js';
import { scheduleTasks } from './scheduler.js';
import { gigabyte, makeNode, makeTask, nanoCpusPerCpu } from './testing.js';
import type { SchedulerNode, SchedulerTask } from './types.js';

const nodeCount = 2384;
const zones = ['east', 'south', 'west'];

function clusterNodes(): SchedulerNode[] {
  return Array.from({ length: nodeCount }, (_, index) =>
    makeNode(`node-${String(index).padStart(4, '0')}`, {
      role: index % 5 === 0 ? 'manager' : 'worker',
      availability: index % 100 === 99 ? 'drain' : 'active',
      ip: `10.${index >> 8}.${index & 0xff}.1`,
      labels: { zone: zones[index % zones.length] as string, rack: `r${index % 16}` },
      engineLabels: { disk: index % 2 === 0 ? 'ssd' : 'hdd' },
      resources: { nanoCpus: 16 * nanoCpusPerCpu, memoryBytes: 64 * gigabyte },
    }),
  );
}

/** `serviceCount` services of `replicas` pending tasks each, with a mix of placement options. */
function mixedServices(serviceCount: number, replicas: number): SchedulerTask[] {
  const tasks: SchedulerTask[] = [];
  for (let service = 0; service < serviceCount; service++) {
    const overrides: Partial<SchedulerTask> = {
      serviceId: `svc${service}`,
      constraints:
        service % 4 === 0 ? ['node.role==worker'] : service % 4 === 1 ? ['engine.labels.disk==ssd'] : [],
      preferences: service % 3 === 0 ? [{ spread: 'node.labels.zone' }] : [],
      reservations:
        service % 10 === 0
          ? { nanoCpus: nanoCpusPerCpu / 10, memoryBytes: 64 * 1024 * 1024 }
          : { nanoCpus: 0, memoryBytes: 0 },
      maxReplicasPerNode: service % 7 === 0 ? 2 : 0,
    };
    for (let replica = 1; replica <= replicas; replica++)
      tasks.push(makeTask(`svc${service}.${replica}`, overrides));
  }
  return tasks;
}

function spreadServices(serviceCount: number, replicas: number): SchedulerTask[] {
  const preferences = [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }];
  const tasks: SchedulerTask[] = [];
  for (let service = 0; service < serviceCount; service++) {
    for (let replica = 1; replica <= replicas; replica++) {
      tasks.push(makeTask(`spread${service}.${replica}`, { serviceId: `spread${service}`, preferences }));
    }
  }
  return tasks;
}

const shapes: readonly { name: string; tasks: () => SchedulerTask[] }[] = [
  {
    name: '950 services x 100 replicas (mixed constraints, spread, reservations, limits)',
    tasks: () => mixedServices(950, 100),
  },
  {
    name: '1 service x 95,000 replicas',
    tasks: () => spreadServices(1, 95_000).map((task) => ({ ...task, preferences: [] })),
  },
  { name: '95 services x 1,000 replicas spread over zone then rack', tasks: () => spreadServices(95, 1000) },
];

function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

const nodes = clusterNodes();
for (const shape of shapes) {
  const tasks = shape.tasks();
  const timesMs: number[] = [];
  let summary = '';
  for (let run = 0; run < 3; run++) {
    const startNs = process.hrtime.bigint();
    const state = buildSchedulerState(nodes, [], 0);
    const decisions = scheduleTasks(state, tasks, 0);
    timesMs.push(elapsedMs(startNs));
    summary = `${decisions.assignments.length} assigned, ${decisions.unschedulable.length} pending`;
  }
  const best = Math.min(...timesMs).toFixed(0);
  const cold = (timesMs[0] as number).toFixed(0);
  console.log(
    `${shape.name}: ${tasks.length} tasks on ${nodes.length} nodes, ${summary}: best ${best} ms, cold ${cold} ms`,
  );
}
