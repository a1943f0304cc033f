/**
 * The filter pipeline (`moby/swarmkit:manager/scheduler/{pipeline,filter}.go`). Filters run in a
 * fixed order and the first failure rejects the node. Each filter is enabled per task group
 * (`SetTask`): a task without constraints skips the constraint filter, and so on.
 *
 * Failure counts explain why nothing fit: `explainPipeline` lists the failing filters, most
 * frequent first (ties keep pipeline order, as Go's insertion sort does for short lists), joined
 * with "; ". As in SwarmKit, a node that passes every filter resets all counts to zero, so the
 * explanation counts the failures since the last node that fitted.
 */
import {
  type CompiledConstraint,
  compileConstraints,
  nodeMatchesCompiled,
  parseConstraints,
} from './constraint.js';
import { activeTaskCountOf, hostPortKey, type NodeInfo } from './node-info.js';
import type { Platform, PluginDescription, SchedulerTask } from './types.js';

export type FilterName =
  | 'ready'
  | 'resources'
  | 'plugins'
  | 'constraints'
  | 'platform'
  | 'hostPort'
  | 'maxReplicas';

/** SwarmKit's `defaultFilters` order. */
export const filterOrder: readonly FilterName[] = [
  'ready',
  'resources',
  'plugins',
  'constraints',
  'platform',
  'hostPort',
  'maxReplicas',
];

/** What the filters need from a task group, prepared once per group. Plain data. */
export interface TaskFilterSpec {
  readonly serviceId: string;
  readonly nanoCpus: number;
  readonly memoryBytes: number;
  readonly requiredPlugins: readonly PluginDescription[];
  /** Null when the task has no constraints or they do not parse (SwarmKit then disables the filter). */
  readonly constraints: readonly CompiledConstraint[] | null;
  readonly platforms: readonly Platform[];
  readonly hostPortKeys: readonly string[];
  readonly maxReplicasPerNode: number;
}

export interface FilterPipeline {
  readonly spec: TaskFilterSpec;
  /** Indexed like `filterOrder`. */
  readonly enabled: readonly boolean[];
  /** Indexed like `filterOrder`: nodes rejected by each filter since the last node that passed. */
  readonly failureCounts: number[];
}

/** Prepares the pipeline for one task group (`Pipeline.SetTask`). */
export function createPipeline(task: SchedulerTask): FilterPipeline {
  const spec = compileTaskFilterSpec(task);
  const enabled = filterOrder.map((name) => isFilterEnabled(name, spec));
  return { spec, enabled, failureCounts: filterOrder.map(() => 0) };
}

export function compileTaskFilterSpec(task: SchedulerTask): TaskFilterSpec {
  const parsed = task.constraints.length === 0 ? null : parseConstraints(task.constraints);
  return {
    serviceId: task.serviceId,
    nanoCpus: task.reservations.nanoCpus,
    memoryBytes: task.reservations.memoryBytes,
    requiredPlugins: (task.requiredPlugins ?? []).filter(isRealPluginRequirement),
    constraints: parsed?.ok === true ? compileConstraints(parsed.value) : null,
    platforms: task.platforms ?? [],
    hostPortKeys: task.hostPorts.filter((port) => port.publishedPort !== 0).map(hostPortKey),
    maxReplicasPerNode: task.maxReplicasPerNode,
  };
}

function isFilterEnabled(name: FilterName, spec: TaskFilterSpec): boolean {
  switch (name) {
    case 'ready':
      return true;
    case 'resources':
      return spec.nanoCpus !== 0 || spec.memoryBytes !== 0;
    case 'plugins':
      return spec.requiredPlugins.length > 0;
    case 'constraints':
      return spec.constraints !== null;
    case 'platform':
      return spec.platforms.length > 0;
    case 'hostPort':
      return spec.hostPortKeys.length > 0;
    case 'maxReplicas':
      return spec.maxReplicasPerNode > 0;
  }
}

/** Runs the node through the pipeline (`Pipeline.Process`), counting the failure if any. */
export function processNode(pipeline: FilterPipeline, info: NodeInfo): boolean {
  for (let index = 0; index < filterOrder.length; index++) {
    if (!pipeline.enabled[index]) continue;
    if (!checkFilter(filterOrder[index] as FilterName, pipeline.spec, info)) {
      pipeline.failureCounts[index] = (pipeline.failureCounts[index] as number) + 1;
      return false;
    }
  }
  pipeline.failureCounts.fill(0);
  return true;
}

/** One filter's verdict (`Filter.Check`). */
export function checkFilter(name: FilterName, spec: TaskFilterSpec, info: NodeInfo): boolean {
  switch (name) {
    case 'ready':
      return info.node.status === 'ready' && info.node.availability === 'active';
    case 'resources':
      return spec.nanoCpus <= info.availableNanoCpus && spec.memoryBytes <= info.availableMemoryBytes;
    case 'plugins':
      return pluginsPresent(spec.requiredPlugins, info.node.plugins);
    case 'constraints':
      return spec.constraints === null || nodeMatchesCompiled(spec.constraints, info.node);
    case 'platform':
      return spec.platforms.some((platform) => platformMatches(platform, info.node.platform));
    case 'hostPort':
      return spec.hostPortKeys.every((key) => !Object.hasOwn(info.usedHostPorts, key));
    case 'maxReplicas':
      return activeTaskCountOf(info, spec.serviceId) < spec.maxReplicasPerNode;
  }
}

/** The explanation text of one filter for `nodeCount` rejected nodes (`Filter.Explain`). */
export function explainFilter(name: FilterName, nodeCount: number): string {
  const nodes = nodeCount === 1 ? '1 node' : `${nodeCount} nodes`;
  switch (name) {
    case 'ready':
      return `${nodes} not available for new tasks`;
    case 'resources':
      return `insufficient resources on ${nodes}`;
    case 'plugins':
      return `missing plugin on ${nodes}`;
    case 'constraints':
      return `scheduling constraints not satisfied on ${nodes}`;
    case 'platform':
      return `unsupported platform on ${nodes}`;
    case 'hostPort':
      return `host-mode port already in use on ${nodes}`;
    case 'maxReplicas':
      return 'max replicas per node limit exceed';
  }
}

/** Why the group did not fit (`Pipeline.Explain`): empty when no filter failed. */
export function explainPipeline(pipeline: FilterPipeline): string {
  const failing = filterOrder
    .map((name, index) => ({ name, count: pipeline.failureCounts[index] as number }))
    .filter((entry) => entry.count > 0);
  // Array.prototype.sort is stable, so equal counts keep pipeline order.
  failing.sort((left, right) => right.count - left.count);
  return failing.map((entry) => explainFilter(entry.name, entry.count)).join('; ');
}

/** Volume plugins other than `local`, and log drivers other than `none`, need a plugin. */
function isRealPluginRequirement(plugin: PluginDescription): boolean {
  if (plugin.name === '') return false;
  if (plugin.type === 'Volume' && plugin.name === 'local') return false;
  if (plugin.type === 'Log' && plugin.name === 'none') return false;
  return true;
}

/**
 * `PluginFilter.Check`: a node that reports no engine passes; volume and network plugins must be
 * installed (`name` or `name:latest`); a log driver is only required when the node lists log
 * drivers at all (older engines did not).
 */
function pluginsPresent(
  required: readonly PluginDescription[],
  installed: readonly PluginDescription[] | undefined,
): boolean {
  if (installed === undefined) return true;
  for (const plugin of required) {
    const ofType = installed.filter((candidate) => candidate.type === plugin.type);
    const found = ofType.some(
      (candidate) => candidate.name === plugin.name || candidate.name === `${plugin.name}:latest`,
    );
    if (found) continue;
    if (plugin.type === 'Log' && ofType.length === 0) continue;
    return false;
  }
  return true;
}

/** `PlatformFilter.platformEqual`: x86_64 is amd64, aarch64 is arm64, an empty image field matches anything. */
export function platformMatches(image: Platform, node: Platform): boolean {
  const imageArchitecture = normalizeArchitecture(image.architecture);
  const nodeArchitecture = normalizeArchitecture(node.architecture);
  const architectureOk = imageArchitecture === '' || imageArchitecture === nodeArchitecture;
  const osOk = image.os === '' || image.os === node.os;
  return architectureOk && osOk;
}

function normalizeArchitecture(architecture: string): string {
  if (architecture === 'x86_64') return 'amd64';
  if (architecture === 'aarch64') return 'arm64';
  return architecture;
}
