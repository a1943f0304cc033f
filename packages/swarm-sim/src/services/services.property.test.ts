/**
 * Properties of orchestration under random faults (fast-check, bounded runs), in TigerBeetle's
 * two phases: a fault phase (machines killed and restarted, workers cut off, nodes drained and
 * re-activated, services scaled and updated) with a safety check at every step, then a heal (every
 * machine back, the network whole) and a liveness check within a time bound:
 *
 * - safety, always: a replicated service never has more tasks running (observed and desired)
 *   than its replicas plus its update parallelism;
 * - liveness, after the heal: every replicated service runs its replica count on nodes that
 *   satisfy its constraints; no task runs on a drained node; a global service runs once per
 *   eligible node.
 *
 * A failure prints the fast-check seed and path; replay with `fc.assert(…, {seed, path})`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { NodeObject, ServiceObject } from '../swarm/objects.js';
import { executeRequest } from '../swarm/requests.js';
import { createSandbox, disconnect, heal, killMachine, restartMachine, wait } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { freshestStore, machineNamed } from './machines.js';
import { createService, spec } from './testing.js';

const machines = ['manager1', 'manager2', 'manager3', 'worker1', 'worker2'] as const;

type Fault =
  | { readonly kind: 'kill' | 'restart' | 'disconnect'; readonly machine: (typeof machines)[number] }
  | { readonly kind: 'drain' | 'activate'; readonly machine: (typeof machines)[number] }
  | { readonly kind: 'scale'; readonly replicas: number }
  | { readonly kind: 'update'; readonly image: string; readonly parallelism: number };

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('kill', 'restart', 'disconnect', 'drain', 'activate'),
    machine: fc.constantFrom(...machines),
  }) as fc.Arbitrary<Fault>,
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    kind: fc.constant('update' as const),
    image: fc.constantFrom('nginx:1.24', 'nginx:1.25', 'nginx:1.26'),
    parallelism: fc.integer({ min: 1, max: 2 }),
  }),
);

const scheduleArbitrary = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  steps: fc.array(fc.record({ fault: faultArbitrary, afterMs: fc.integer({ min: 500, max: 8000 }) }), {
    minLength: 1,
    maxLength: 8,
  }),
});

function leaderRequest(sandbox: Sandbox, method: string, params: unknown) {
  for (const name of machines) {
    const host = machineNamed(sandbox.world, name);
    if (host?.up !== true || host.state.engine?.manager === null) continue;
    const response = executeRequest(sandbox, name, { method, params });
    if (response.ok) return response;
  }
  return null;
}

function apply(sandbox: Sandbox, fault: Fault): void {
  switch (fault.kind) {
    case 'kill':
      killMachine(sandbox, fault.machine);
      return;
    case 'restart':
      if (machineNamed(sandbox.world, fault.machine)?.up === false) restartMachine(sandbox, fault.machine);
      return;
    case 'disconnect':
      disconnect(sandbox, fault.machine);
      return;
    case 'drain':
    case 'activate':
      leaderRequest(sandbox, 'node.update', {
        ref: fault.machine,
        spec: { availability: fault.kind === 'drain' ? 'drain' : 'active' },
      });
      return;
    case 'scale':
      leaderRequest(sandbox, 'service.scale', { ref: 'web', replicas: fault.replicas });
      return;
    case 'update': {
      const current = leaderRequest(sandbox, 'service.inspect', { ref: 'web' });
      if (current === null) return;
      const service = current.value as ServiceObject;
      const updateConfig = { ...service.spec.updateConfig, parallelism: fault.parallelism };
      leaderRequest(sandbox, 'service.update', {
        ref: 'web',
        spec: { ...service.spec, image: fault.image, updateConfig },
      });
    }
  }
}

/** Tasks observed running with desired state running, per service name and node ID. */
function running(sandbox: Sandbox): { service: ServiceObject; nodeId: string }[] {
  const store = freshestStore(sandbox.world);
  if (store === null) return [];
  return Object.values(store.tasks)
    .filter(
      (task) => task.status.state === 'running' && task.desiredState === 'running' && task.nodeId !== null,
    )
    .flatMap((task) => {
      const service = store.services[task.serviceId];
      return service === undefined ? [] : [{ service, nodeId: task.nodeId as string }];
    });
}

/** Safety: running tasks never exceed replicas + update parallelism. Null when it holds. */
function safetyViolation(sandbox: Sandbox): string | null {
  const store = freshestStore(sandbox.world);
  if (store === null) return null;
  const counts = new Map<string, number>();
  for (const entry of running(sandbox))
    counts.set(entry.service.meta.id, (counts.get(entry.service.meta.id) ?? 0) + 1);
  for (const service of Object.values(store.services)) {
    if (service.spec.mode.kind !== 'replicated') continue;
    const limit =
      service.spec.mode.replicas +
      Math.max(service.spec.updateConfig.parallelism, service.spec.rollbackConfig.parallelism);
    const count = counts.get(service.meta.id) ?? 0;
    if (count > limit) return `${service.spec.name} runs ${count} tasks, more than ${limit}`;
  }
  return null;
}

/** Liveness: the converged picture. Null when it holds, else why not. */
function notConverged(sandbox: Sandbox): string | null {
  const store = freshestStore(sandbox.world);
  if (store === null) return 'no manager store';
  const nodes = Object.values(store.nodes);
  const nodeById = new Map(nodes.map((node) => [node.meta.id, node] as const));
  const tasks = running(sandbox);
  for (const entry of tasks) {
    if (nodeById.get(entry.nodeId)?.spec.availability === 'drain')
      return `${entry.service.spec.name} runs on a drained node`;
  }
  for (const service of Object.values(store.services)) {
    const mine = tasks.filter((entry) => entry.service.meta.id === service.meta.id);
    if (service.spec.mode.kind === 'replicated') {
      const workersOnly = service.spec.placement.constraints.includes('node.role==worker');
      const fits = (node: NodeObject | undefined) =>
        node !== undefined &&
        node.status.state === 'ready' &&
        node.spec.availability === 'active' &&
        (!workersOnly || node.role === 'worker');
      // With no node to run on, the tasks wait in PENDING: nothing runs.
      const wanted = nodes.some(fits) ? service.spec.mode.replicas : 0;
      if (mine.length !== wanted) return `${service.spec.name}: ${mine.length}/${wanted} running`;
      if (mine.some((entry) => !fits(nodeById.get(entry.nodeId))))
        return `${service.spec.name} runs off its constraints`;
      continue;
    }
    const eligible = nodes.filter(
      (node: NodeObject) => node.status.state === 'ready' && node.spec.availability === 'active',
    );
    const perNode = eligible.map((node) => mine.filter((entry) => entry.nodeId === node.meta.id).length);
    if (perNode.some((count) => count !== 1) || mine.length !== eligible.length)
      return `${service.spec.name}: ${perNode.join(',')} per eligible node`;
  }
  return null;
}

describe('orchestration under random faults (properties)', () => {
  test('safety always; after heal, replicated services converge, nothing runs on drained nodes, global runs once per eligible node', () => {
    fc.assert(
      fc.property(scheduleArbitrary, ({ seed, steps }) => {
        const created = createSandbox({ seed, preset: '3m2w' });
        if (!created.ok) throw new Error(created.error);
        const sandbox = created.value;
        createService(sandbox, spec('web', 'nginx:1.24', { mode: { kind: 'replicated', replicas: 3 } }));
        const workersOnly = { constraints: ['node.role==worker'], preferences: [], maxReplicas: 0 };
        createService(
          sandbox,
          spec('api', 'redis', { mode: { kind: 'replicated', replicas: 2 }, placement: workersOnly }),
        );
        createService(sandbox, spec('agent', 'nginx', { mode: { kind: 'global' } }));
        wait(sandbox, 15_000);
        for (const { fault, afterMs } of steps) {
          apply(sandbox, fault);
          for (let elapsedMs = 0; elapsedMs < afterMs; elapsedMs += 500) {
            wait(sandbox, 500);
            const violation = safetyViolation(sandbox);
            expect(violation, `during ${fault.kind}`).toBeNull();
          }
        }
        heal(sandbox);
        for (const name of machines)
          if (machineNamed(sandbox.world, name)?.up === false) restartMachine(sandbox, name);
        let reason: string | null = 'not checked';
        for (let elapsedMs = 0; elapsedMs <= 180_000 && reason !== null; elapsedMs += 1000) {
          wait(sandbox, 1000);
          expect(safetyViolation(sandbox)).toBeNull();
          reason = notConverged(sandbox);
        }
        expect(reason).toBeNull();
      }),
      { numRuns: Number(process.env.SERVICES_RUNS ?? 12), endOnFailure: true },
    );
  }, 240_000);
});
