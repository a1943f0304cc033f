/**
 * Helpers for the swarm model's tests (and anyone scripting a sandbox): create a sandbox or
 * fail loudly, run a request and insist on its outcome, read the node table as `docker node ls`
 * would show it.
 */
import { assert } from '../kernel/assert.js';
import type { NodeObject } from './objects.js';
import { executeRequest } from './requests.js';
import { createSandbox } from './sandbox.js';
import type { Sandbox } from './sandbox-types.js';
import type { SwarmResponse } from './types.js';

export function sandboxFor(seed: number, preset = 'empty'): Sandbox {
  const created = createSandbox({ seed, preset });
  assert(created.ok, `sandbox ${preset} seed ${seed}: ${created.ok ? '' : created.error}`);
  return created.value;
}

export function request(
  sandbox: Sandbox,
  machine: string,
  method: string,
  params: unknown = {},
): SwarmResponse {
  return executeRequest(sandbox, machine, { method, params });
}

/** Runs a request that must succeed; returns its value. */
export function requestValue<Value>(
  sandbox: Sandbox,
  machine: string,
  method: string,
  params: unknown = {},
): Value {
  const response = request(sandbox, machine, method, params);
  assert(response.ok, `${method} on ${machine}: ${response.ok ? '' : response.error}`);
  return response.value as Value;
}

/** Runs a request that must fail; returns its error text. */
export function requestError(
  sandbox: Sandbox,
  machine: string,
  method: string,
  params: unknown = {},
): string {
  const response = request(sandbox, machine, method, params);
  assert(!response.ok, `${method} on ${machine} was expected to fail`);
  return response.error;
}

/** One line per node, sorted by hostname: `worker1 ready active -` or `manager1 ready active Leader`. */
export interface NodeRow {
  readonly hostname: string;
  readonly id: string;
  readonly role: string;
  readonly state: string;
  readonly availability: string;
  readonly managerStatus: 'Leader' | 'Reachable' | 'Unreachable' | '';
}

export function nodeRows(nodes: readonly NodeObject[]): NodeRow[] {
  return nodes
    .map((node) => ({
      hostname: node.description.hostname,
      id: node.meta.id,
      role: node.role,
      state: node.status.state,
      availability: node.spec.availability,
      managerStatus: (node.managerStatus === null
        ? ''
        : node.managerStatus.leader
          ? 'Leader'
          : node.managerStatus.reachability === 'reachable'
            ? 'Reachable'
            : 'Unreachable') as NodeRow['managerStatus'],
    }))
    .sort((left, right) => (left.hostname < right.hostname ? -1 : left.hostname > right.hostname ? 1 : 0));
}

/** `docker node ls` on `machine`, as rows keyed by hostname. */
export function nodeTable(sandbox: Sandbox, machine: string): Record<string, NodeRow> {
  const rows = nodeRows(requestValue<NodeObject[]>(sandbox, machine, 'node.list'));
  return Object.fromEntries(rows.map((row) => [row.hostname, row]));
}
