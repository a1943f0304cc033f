/**
 * The routing mesh (docker/docs `engine/swarm/ingress.md`, swarm.md §6 step 9): a port published
 * in ingress mode listens on every machine of the swarm, and each machine's load balancer
 * (IPVS in Docker) sends each new connection to the next task of the service, round-robin, in
 * task ID order, whether or not a task runs on that machine. Host-mode ports bypass the mesh:
 * only a machine running a task of the service answers, and only with that task.
 *
 * The balancers are programmed from the store: a task is a backend while it is observed running
 * with desired state running. So when a machine dies, its tasks stay backends until the
 * orchestrator shuts them down (the node is Down after ~15 s): a connection sent to one of them
 * times out. `load` measures exactly that window.
 */

import type { ServiceObject, TaskObject } from '../swarm/objects.js';
import { wait } from '../swarm/sandbox.js';
import type { Sandbox, SandboxResult } from '../swarm/sandbox-types.js';
import type { MachineHost } from '../swarm/transport.js';
import { serviceContainers } from './executor.js';
import {
  freshestStore,
  machineNamed,
  machineOfNode,
  machineRunning,
  machinesConnected,
  meanLatencyMs,
} from './machines.js';
import { executorMemory } from './slots.js';
import { containerName } from './spec.js';

export interface CurlOptions {
  /** How long a connection attempt may take before curl gives up. Default 10 s. */
  readonly timeoutMs?: number;
}

export type CurlResult =
  | {
      readonly ok: true;
      /** `Hello from web.2.<taskID> on worker1`. */
      readonly text: string;
      readonly taskId: string;
      /** The container's name, `web.2.<taskID>`. */
      readonly containerName: string;
      /** The machine the answering task runs on. */
      readonly machine: string;
      readonly latencyMs: number;
    }
  | { readonly ok: false; readonly error: string; readonly latencyMs: number };

export const curlTimeoutMsDefault = 10_000;
/** A request's own work inside the container, in ms. */
const serviceTimeMs = 1;

function refused(machine: string, port: number): CurlResult {
  return {
    ok: false,
    error: `curl: (7) Failed to connect to ${machine} port ${port}: Connection refused`,
    latencyMs: 0,
  };
}

function timedOut(machine: string, port: number, timeoutMs: number): CurlResult {
  return {
    ok: false,
    error: `curl: (28) Failed to connect to ${machine} port ${port} after ${timeoutMs} ms: Timeout was reached`,
    latencyMs: timeoutMs,
  };
}

/** `curl http://MACHINE:PORT/`, answered through the routing mesh (or a host-mode port). */
export function curl(sandbox: Sandbox, machine: string, port: number, options: CurlOptions = {}): CurlResult {
  const world = sandbox.world;
  const timeoutMs = options.timeoutMs ?? curlTimeoutMsDefault;
  const target = machineNamed(world, machine);
  if (target === null)
    return { ok: false, error: `curl: (6) Could not resolve host: ${machine}`, latencyMs: 0 };
  if (!machineRunning(target)) return timedOut(machine, port, timeoutMs);
  const store = target.state.disk.swarm === null ? null : freshestStore(world);
  if (store === null) return refused(machine, port);
  const service = Object.keys(store.services)
    .sort()
    .map((id) => store.services[id] as ServiceObject)
    .find((candidate) =>
      candidate.endpointPorts.some(
        (published) => published.publishedPort === port && published.protocol === 'tcp',
      ),
    );
  if (service === undefined) return refused(machine, port);
  const published = service.endpointPorts.find(
    (candidate) => candidate.publishedPort === port && candidate.protocol === 'tcp',
  );
  const backends = Object.keys(store.tasks)
    .sort()
    .map((id) => store.tasks[id] as TaskObject)
    .filter(
      (task) =>
        task.serviceId === service.meta.id &&
        task.status.state === 'running' &&
        task.desiredState === 'running',
    )
    .filter(
      (task) => published?.publishMode === 'ingress' || task.nodeId === target.state.disk.swarm?.nodeId,
    );
  if (backends.length === 0) return refused(machine, port);
  const engine = target.state.engine;
  if (engine === null) return timedOut(machine, port, timeoutMs);
  const balancer = executorMemory(engine).meshNext;
  const key = `tcp/${port}`;
  const position = (balancer[key] ?? 0) % backends.length;
  balancer[key] = (position + 1) % backends.length;
  return answer(sandbox, target, backends[position] as TaskObject, service, port, timeoutMs);
}

function answer(
  sandbox: Sandbox,
  target: MachineHost,
  task: TaskObject,
  service: ServiceObject,
  port: number,
  timeoutMs: number,
): CurlResult {
  const world = sandbox.world;
  const backend = machineOfNode(world, task.nodeId);
  if (backend === null || !machineRunning(backend) || !machinesConnected(world, target, backend)) {
    return timedOut(target.id, port, timeoutMs);
  }
  const engine = backend.state.engine;
  const running =
    engine !== null &&
    serviceContainers(engine).some(
      (container) => container.taskId === task.meta.id && container.state === 'running',
    );
  if (!running) return timedOut(target.id, port, timeoutMs);
  const name = containerName(service.spec.name, task);
  return {
    ok: true,
    text: `Hello from ${name} on ${backend.state.hardware.hostname}`,
    taskId: task.meta.id,
    containerName: name,
    machine: backend.id,
    latencyMs: meanLatencyMs(world, target, backend) + meanLatencyMs(world, backend, target) + serviceTimeMs,
  };
}

export interface LoadOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Per request; default 1 s (a load generator does not wait curl's 10 s). */
  readonly timeoutMs?: number;
}

export interface LatencySummary {
  readonly minMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadReport {
  readonly requests: number;
  readonly successes: number;
  readonly failures: number;
  /** Over successful requests; null when none succeeded. */
  readonly latency: LatencySummary | null;
  /** Runs of consecutive failures: when they started and ended (virtual ms) and how many. */
  readonly failureWindows: { readonly fromMs: number; readonly toMs: number; readonly failures: number }[];
  /** Successful answers per machine that ran the answering task. */
  readonly answeredBy: Record<string, number>;
}

export const loadRequestsMax = 100_000;

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * Sends `ratePerSecond` requests a second to MACHINE:PORT for `durationMs` of virtual time (the
 * world runs meanwhile, so faults already scheduled or in progress happen during the load).
 */
export function load(
  sandbox: Sandbox,
  machine: string,
  port: number,
  options: LoadOptions,
): SandboxResult<LoadReport> {
  const { ratePerSecond, durationMs } = options;
  if (!Number.isSafeInteger(ratePerSecond) || ratePerSecond < 1 || ratePerSecond > 1000) {
    return { ok: false, error: 'rate must be a whole number of requests per second, 1 to 1000' };
  }
  if (!Number.isSafeInteger(durationMs) || durationMs < 1)
    return { ok: false, error: 'duration must be at least 1 ms' };
  const intervalMs = Math.max(1, Math.floor(1000 / ratePerSecond));
  const count = Math.ceil(durationMs / intervalMs);
  if (count > loadRequestsMax) return { ok: false, error: `at most ${loadRequestsMax} requests per run` };
  const timeoutMs = options.timeoutMs ?? 1000;
  const latencies: number[] = [];
  const answeredBy: Record<string, number> = {};
  const failureWindows: { fromMs: number; toMs: number; failures: number }[] = [];
  let open: { fromMs: number; toMs: number; failures: number } | null = null;
  for (let index = 0; index < count; index++) {
    if (index > 0) {
      const waited = wait(sandbox, intervalMs);
      if (!waited.ok) return waited;
    }
    const atMs = sandbox.world.nowMs;
    const result = curl(sandbox, machine, port, { timeoutMs });
    if (result.ok) {
      latencies.push(result.latencyMs);
      answeredBy[result.machine] = (answeredBy[result.machine] ?? 0) + 1;
      open = null;
      continue;
    }
    if (open === null) {
      open = { fromMs: atMs, toMs: atMs, failures: 0 };
      failureWindows.push(open);
    }
    open.toMs = atMs;
    open.failures++;
  }
  latencies.sort((left, right) => left - right);
  const latency =
    latencies.length === 0
      ? null
      : {
          minMs: latencies[0] as number,
          medianMs: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          maxMs: latencies[latencies.length - 1] as number,
        };
  const successes = latencies.length;
  return {
    ok: true,
    value: { requests: count, successes, failures: count - successes, latency, failureWindows, answeredBy },
  };
}
