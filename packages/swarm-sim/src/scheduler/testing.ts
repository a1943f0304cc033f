/**
 * Builders for scheduler tests and the benchmark: a node or task with sensible defaults, so each
 * test states only what it is about. Not used by the scheduler itself.
 */
import type { SchedulerNode, SchedulerTask } from './types.js';

export const gigabyte = 1024 * 1024 * 1024;
export const nanoCpusPerCpu = 1_000_000_000;

export function makeNode(id: string, overrides: Partial<SchedulerNode> = {}): SchedulerNode {
  return {
    id,
    hostname: id,
    role: 'worker',
    status: 'ready',
    availability: 'active',
    platform: { os: 'linux', architecture: 'x86_64' },
    ip: '10.0.0.1',
    labels: {},
    engineLabels: {},
    resources: { nanoCpus: 4 * nanoCpusPerCpu, memoryBytes: 8 * gigabyte },
    ...overrides,
  };
}

export function makeTask(id: string, overrides: Partial<SchedulerTask> = {}): SchedulerTask {
  return {
    id,
    serviceId: 'web',
    specVersion: 1,
    nodeId: null,
    desiredState: 'running',
    state: 'pending',
    reservations: { nanoCpus: 0, memoryBytes: 0 },
    constraints: [],
    preferences: [],
    maxReplicasPerNode: 0,
    hostPorts: [],
    ...overrides,
  };
}

/** `count` tasks `<prefix>.1` .. `<prefix>.<count>` sharing the overrides. */
export function makeTasks(
  prefix: string,
  count: number,
  overrides: Partial<SchedulerTask> = {},
): SchedulerTask[] {
  return Array.from({ length: count }, (_, index) => makeTask(`${prefix}.${index + 1}`, overrides));
}

/** How many of `assignments` went to each node id. */
export function countByNode(assignments: readonly { readonly nodeId: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { nodeId } of assignments) counts[nodeId] = (counts[nodeId] ?? 0) + 1;
  return counts;
}
