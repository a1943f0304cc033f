/**
 * Helpers for the services tests (not exported from the index): a formed tutorial swarm, a
 * service created from a spec, waiting for a condition in virtual time, and compact views of
 * tasks (`web.1 worker1 running/running`) that tests assert on.
 */
import { assert } from '../kernel/assert.js';
import { createServiceSpec, type ServiceSpec } from '../stack/service-spec.js';
import type { ServiceObject, TaskObject } from '../swarm/objects.js';
import { executeRequest } from '../swarm/requests.js';
import { createSandbox, wait } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { leaderMachine } from '../swarm/status.js';
import type { InitResult, SwarmResponse } from '../swarm/types.js';
import './index.js';
import type { ServiceListEntry, TaskEntry, TaskListResult } from './queries.js';

export function call(
  sandbox: Sandbox,
  method: string,
  params: unknown = {},
  machine?: string,
): SwarmResponse {
  const on = machine ?? leaderMachine(sandbox.world)?.id ?? 'manager1';
  return executeRequest(sandbox, on, { method, params });
}

export function callValue<Value>(
  sandbox: Sandbox,
  method: string,
  params: unknown = {},
  machine?: string,
): Value {
  const response = call(sandbox, method, params, machine);
  assert(response.ok, `${method}: ${response.ok ? '' : response.error}`);
  return response.value as Value;
}

/**
 * The tutorial's cluster (swarm.md §6 steps 1-2): manager1 inits, worker1 and worker2 join, and
 * the run goes on until all three are Ready. `extraWorkers` adds more machines as workers.
 */
export function tutorialSwarm(seed: number, extraWorkers: readonly string[] = []): Sandbox {
  const created = createSandbox({ seed, preset: 'tutorial' });
  assert(created.ok, 'the tutorial sandbox is created');
  const sandbox = created.value;
  const init = executeRequest(sandbox, 'manager1', {
    method: 'swarm.init',
    params: { advertiseAddr: '192.168.99.100' },
  });
  assert(init.ok, `swarm init: ${init.ok ? '' : init.error}`);
  const token = (init.value as InitResult).workerToken;
  for (const worker of ['worker1', 'worker2']) {
    const joined = executeRequest(sandbox, worker, {
      method: 'swarm.join',
      params: { token, remoteAddr: '192.168.99.100:2377' },
    });
    assert(joined.ok, `join ${worker}: ${joined.ok ? '' : joined.error}`);
  }
  assert(extraWorkers.length === 0, 'extra workers are added with addMachine by the caller');
  waitUntil(
    sandbox,
    () => nodeStates(sandbox).every((state) => state === 'ready') && nodeStates(sandbox).length === 3,
    60_000,
  );
  return sandbox;
}

function nodeStates(sandbox: Sandbox): string[] {
  const nodes = call(sandbox, 'node.list');
  return nodes.ok ? (nodes.value as { status: { state: string } }[]).map((node) => node.status.state) : [];
}

/** Runs the world in 250 ms steps until `done()` (checked before each step); returns the time it took. */
export function waitUntil(sandbox: Sandbox, done: () => boolean, limitMs: number): number {
  const startMs = sandbox.world.nowMs;
  for (let elapsedMs = 0; elapsedMs <= limitMs; elapsedMs += 250) {
    if (done()) return sandbox.world.nowMs - startMs;
    wait(sandbox, 250);
  }
  throw new Error(`condition not reached within ${limitMs} ms`);
}

export function spec(name: string, image: string, changes: Partial<ServiceSpec> = {}): ServiceSpec {
  return { ...createServiceSpec(name, image), ...changes };
}

export function createService(sandbox: Sandbox, serviceSpec: ServiceSpec): string {
  return callValue<{ id: string }>(sandbox, 'service.create', { spec: serviceSpec }).id;
}

export function service(sandbox: Sandbox, reference: string): ServiceObject {
  return callValue<ServiceObject>(sandbox, 'service.inspect', { ref: reference });
}

export function tasks(sandbox: Sandbox, serviceRef?: string): TaskEntry[] {
  const params = serviceRef === undefined ? {} : { services: [serviceRef] };
  return callValue<TaskListResult>(sandbox, 'service.tasks', params).entries;
}

export function listEntry(sandbox: Sandbox, name: string): ServiceListEntry | undefined {
  return callValue<ServiceListEntry[]>(sandbox, 'service.list').find(
    (entry) => entry.service.spec.name === name,
  );
}

/** `web.1 worker1 running/running` for every task, sorted; the view tests compare. */
export function taskRows(sandbox: Sandbox, serviceRef: string): string[] {
  return tasks(sandbox, serviceRef)
    .map(
      (entry) =>
        `${entry.name} ${entry.nodeName || '-'} ${entry.task.desiredState}/${entry.task.status.state}`,
    )
    .sort();
}

/** Tasks of a service that run (observed running, desired running). */
export function runningTasks(sandbox: Sandbox, serviceRef: string): TaskObject[] {
  return tasks(sandbox, serviceRef)
    .map((entry) => entry.task)
    .filter((task) => task.status.state === 'running' && task.desiredState === 'running');
}

/** How many running tasks each node name has. */
export function runningByNode(sandbox: Sandbox, serviceRef: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of tasks(sandbox, serviceRef)) {
    if (entry.task.status.state !== 'running' || entry.task.desiredState !== 'running') continue;
    counts[entry.nodeName] = (counts[entry.nodeName] ?? 0) + 1;
  }
  return counts;
}
