/**
 * The swarm at the scale of the community's Swarm2k test (July 2016: 3 managers, 2,384 machines,
 * 95,000 tasks), then a machine failure every virtual minute.
 *
 * Formation is real: `swarm init` on manager1, two managers join, then every worker runs
 * `swarm join` through the model (CA, certificate, registration), all at once, as the Swarm2k
 * volunteers did; the managers are then drained, as in big swarms. Then 95 services of 1,000
 * replicas each are created one after the other (`service create`), and the run goes on until the
 * leader's store shows all 95,000 tasks running. Then, every virtual minute, one worker is killed
 * and the one killed the minute before is restarted; its tasks are rescheduled elsewhere.
 *
 * The trace is off (the Raft safety monitor still watches). Figures: wall time to form the swarm
 * and until every task runs, virtual seconds per wall second under failures, peak RSS.
 */
import {
  addMachine,
  attachMonitors,
  createSandbox,
  executeRequest,
  hostsMax,
  killMachine,
  leaderMachine,
  restartMachine,
  type Sandbox,
  type SwarmStore,
  stack,
  submitRequest,
  takeResponse,
  wait,
} from '@swarmsim/swarm-sim';
import { type BenchFigure, type BenchSection, peakRssMegabytes, roundRate, wallMs } from './types.js';

const managerCount = 3;
const machineCount = 2384;
const serviceCount = 95;
const replicasPerService = 1000;
const joinBatch = 400;

export interface Scale {
  readonly machines: number;
  readonly services: number;
  readonly replicas: number;
  readonly failureMinutes: number;
  /** Keep the Raft safety monitor attached (as every sandbox has it). */
  readonly raftSafetyMonitor: boolean;
}

function must<Value>(result: { ok: true; value: Value } | { ok: false; error: string }, what: string): Value {
  if (!result.ok) throw new Error(`${what}: ${result.error}`);
  return result.value;
}

function ipOf(position: number): string {
  return `10.${Math.floor(position / 250)}.${position % 250}.${10 + (position % 7)}`;
}

function machineName(position: number): string {
  return position < managerCount
    ? `manager${position + 1}`
    : `worker${String(position - managerCount + 1).padStart(4, '0')}`;
}

function leaderStore(sandbox: Sandbox): SwarmStore | null {
  return leaderMachine(sandbox.world)?.state.engine?.manager?.replica.store ?? null;
}

/** init, the other managers one by one, then every worker at once (in batches of 400 requests). */
function formSwarm(sandbox: Sandbox, machines: number): void {
  for (let position = 0; position < machines; position++)
    must(
      addMachine(sandbox, machineName(position), { ip: ipOf(position), cpus: 4, memoryBytes: 8 * 1024 ** 3 }),
      'add machine',
    );
  const init = executeRequest(sandbox, 'manager1', {
    method: 'swarm.init',
    params: { advertiseAddr: ipOf(0) },
  });
  if (!init.ok) throw new Error(`swarm init: ${init.error}`);
  const tokens = init.value as { workerToken: string; managerToken: string };
  const remoteAddr = `${ipOf(0)}:2377`;
  for (let position = 1; position < managerCount; position++) {
    const joined = executeRequest(sandbox, machineName(position), {
      method: 'swarm.join',
      params: { token: tokens.managerToken, remoteAddr },
    });
    if (!joined.ok) throw new Error(`manager join: ${joined.error}`);
  }
  for (let first = managerCount; first < machines; first += joinBatch) {
    const requestIds: string[] = [];
    for (let position = first; position < Math.min(machines, first + joinBatch); position++) {
      const submitted = submitRequest(sandbox, machineName(position), {
        method: 'swarm.join',
        params: { token: tokens.workerToken, remoteAddr },
      });
      if (!submitted.ok) throw new Error('join not submitted');
      requestIds.push(submitted.requestId);
    }
    let waiting = requestIds;
    for (let second = 0; second < 120 && waiting.length > 0; second++) {
      wait(sandbox, 1000);
      waiting = waiting.filter((id) => takeResponse(sandbox, id) === null);
    }
  }
  for (let second = 0; second < 300; second++) {
    const store = leaderStore(sandbox);
    const nodes = Object.values(store?.nodes ?? {});
    if (nodes.length === machines && nodes.every((node) => node.status.state === 'ready')) break;
    wait(sandbox, 1000);
  }
  for (let position = 0; position < managerCount; position++) {
    const drained = executeRequest(sandbox, 'manager1', {
      method: 'node.update',
      params: { ref: machineName(position), spec: { availability: 'drain' } },
    });
    if (!drained.ok) throw new Error(`drain: ${drained.error}`);
  }
}

/** CPU time (user and system, every thread) since `start`, in milliseconds. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function runningCount(sandbox: Sandbox): number {
  let running = 0;
  const tasks = leaderStore(sandbox)?.tasks ?? {};
  for (const id in tasks) {
    const task = tasks[id];
    if (task?.status.state === 'running' && task.desiredState === 'running') running++;
  }
  return running;
}

function createServices(sandbox: Sandbox, scale: Scale): void {
  for (let service = 0; service < scale.services; service++) {
    const spec = {
      ...stack.createServiceSpec(`svc${String(service).padStart(2, '0')}`, 'nginx'),
      mode: { kind: 'replicated' as const, replicas: scale.replicas },
    };
    const created = executeRequest(sandbox, 'manager1', { method: 'service.create', params: { spec } });
    if (!created.ok) throw new Error(`service create: ${created.error}`);
  }
}

/** Every virtual minute, kill a worker and restart the one killed the minute before. */
function failEveryMinute(sandbox: Sandbox, scale: Scale): void {
  const workers = scale.machines - managerCount;
  let previous: string | null = null;
  for (let minute = 0; minute < scale.failureMinutes; minute++) {
    const victim = machineName(managerCount + ((minute * 97) % workers));
    must(killMachine(sandbox, victim), 'kill');
    if (previous !== null) must(restartMachine(sandbox, previous), 'restart');
    previous = victim;
    wait(sandbox, 60_000);
  }
}

export function runSwarm2k(scale: Scale): BenchFigure[] {
  // The empty preset's five machines (node1-node5) stay out of the swarm.
  const created = createSandbox({ seed: 2016, traceLevel: 'off', machinesMax: scale.machines + 5 });
  const sandbox = must(created, 'sandbox');
  // The Raft safety monitor keeps copies of every log entry it sees (check/raft-safety.ts); at
  // this scale that is gigabytes, so the benchmark measures the model without it.
  if (!scale.raftSafetyMonitor) attachMonitors(sandbox.world, []);
  const formedWallMs = wallMs(() => formSwarm(sandbox, scale.machines));
  const convergeCpu = process.cpuUsage();
  const formedAtMs = sandbox.world.nowMs;
  const tasksWanted = scale.services * scale.replicas;
  const convergedWallMs = wallMs(() => {
    createServices(sandbox, scale);
    for (let second = 0; second < 900 && runningCount(sandbox) < tasksWanted; second++) wait(sandbox, 1000);
  });
  const convergedCpuMs = cpuMsSince(convergeCpu);
  const convergedVirtualMs = sandbox.world.nowMs - formedAtMs;
  const runningAfterConverge = runningCount(sandbox);
  const failVirtualStart = sandbox.world.nowMs;
  const failCpu = process.cpuUsage();
  const failWallMs = wallMs(() => failEveryMinute(sandbox, scale));
  const failCpuMs = cpuMsSince(failCpu);
  const failVirtualMs = sandbox.world.nowMs - failVirtualStart;
  return [
    { name: 'machines', value: scale.machines, unit: 'machines (3 managers)' },
    {
      name: 'formWallSeconds',
      value: roundRate(formedWallMs / 1000),
      unit: 's wall: init and every join, for real',
    },
    { name: 'formVirtualSeconds', value: roundRate(formedAtMs / 1000), unit: 's virtual' },
    { name: 'tasksRunning', value: runningAfterConverge, unit: `of ${tasksWanted} tasks running` },
    {
      name: 'convergeWallSeconds',
      value: roundRate(convergedWallMs / 1000),
      unit: 's wall: creates until all run',
    },
    { name: 'convergeVirtualSeconds', value: roundRate(convergedVirtualMs / 1000), unit: 's virtual' },
    { name: 'convergeCpuSeconds', value: roundRate(convergedCpuMs / 1000), unit: 's of CPU (all threads)' },
    { name: 'failureVirtualMinutes', value: scale.failureMinutes, unit: 'virtual minutes, a failure each' },
    {
      name: 'simulatedSecondsPerWallSecond',
      value: roundRate(failVirtualMs / failWallMs),
      unit: 'virtual s / wall s under failures',
    },
    {
      name: 'simulatedSecondsPerCpuSecond',
      value: roundRate(failVirtualMs / failCpuMs),
      unit: 'virtual s / CPU s under failures',
    },
    { name: 'tasksRunningAtEnd', value: runningCount(sandbox), unit: 'tasks running after the failures' },
    { name: 'queueEventsProcessed', value: sandbox.world.stats.steps, unit: 'kernel events' },
    { name: 'peakRssMegabytes', value: peakRssMegabytes(), unit: 'MB (process peak)' },
  ];
}

/**
 * The full Swarm2k run, or a tenth of it (`--quick`). The kernel holds at most `hostsMax`
 * machines (the empty preset's five included): below 2,389 the run uses what fits, with the same
 * 95,000 tasks, and says so in its `machines` figure.
 */
export function swarm2kScale(quick: boolean): Scale {
  const fullMachines = Math.min(machineCount, hostsMax - 5);
  return quick
    ? {
        machines: 240,
        services: serviceCount / 5,
        replicas: replicasPerService / 10,
        failureMinutes: 2,
        raftSafetyMonitor: false,
      }
    : {
        machines: fullMachines,
        services: serviceCount,
        replicas: replicasPerService,
        failureMinutes: 10,
        raftSafetyMonitor: false,
      };
}

export const swarm2kSection: BenchSection = {
  name: 'swarm2k',
  title: 'Swarm at Swarm2k scale: 2,384 machines, 95,000 tasks, a failure a minute',
  setup:
    '3 managers + 2,381 workers joined for real, 95 services x 1,000 replicas (nginx), then a worker killed every virtual minute for 10 minutes; trace off, Raft safety monitor detached',
  run: ({ quick }) => runSwarm2k(swarm2kScale(quick)),
};
