/**
 * Service specs on the manager side: the daemon's validation (`controlapi/service.go`
 * `validateServiceSpec`, `checkPortConflicts`), published-port allocation (30000-32767,
 * `allocator/portallocator.go`), whether a task is out of date (`orchestrator.IsTaskDirty`), and
 * the names tasks and containers get.
 *
 * `docker service update --force` increments the spec's `forceUpdate` counter (Docker's
 * `TaskTemplate.ForceUpdate`), which makes every task dirty.
 */
import { createHash } from 'node:crypto';
import { parseConstraints } from '../scheduler/constraint.js';
import type { ServiceSpec } from '../stack/service-spec.js';
import type { PublishedPort, ServiceObject, SwarmStore, TaskObject } from '../swarm/objects.js';
import type { SwarmError } from '../swarm/types.js';
import { serviceErrors } from './errors.js';

/** SwarmKit's dynamic port range (`portallocator.go`). */
export const dynamicPortStart = 30_000;
export const dynamicPortEnd = 32_767;

/** Docker's `TaskTemplate.ForceUpdate`: `--force` increments it so every task is dirty. */
export function forceUpdateOf(spec: ServiceSpec): number {
  return Number.isSafeInteger(spec.forceUpdate) ? spec.forceUpdate : 0;
}

export function withForceUpdate(spec: ServiceSpec, forceUpdate: number): ServiceSpec {
  return { ...structuredClone(spec), forceUpdate };
}

export type SpecCheck = { readonly ok: true } | { readonly ok: false; readonly error: SwarmError };

const dnsName = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const domain =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
/** docker/distribution `reference` grammar: [domain/]path[:tag][@digest]; upper case is refused. */
const imageReference = new RegExp(
  `^${domain}${pathComponent}(?:/${pathComponent})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** `validateServiceSpec`: the checks in SwarmKit's order; the first failure is the answer. */
export function validateServiceSpec(spec: ServiceSpec): SpecCheck {
  const checks = [
    checkName,
    checkResources,
    checkRestart,
    checkPlacement,
    checkImage,
    checkUpdate,
    checkEndpoint,
    checkMode,
  ];
  for (const check of checks) {
    const error = check(spec);
    if (error !== null) return { ok: false, error };
  }
  return { ok: true };
}

function checkName(spec: ServiceSpec): SwarmError | null {
  if (spec.name === '') return serviceErrors.nameMissing;
  if (!dnsName.test(spec.name)) return serviceErrors.nameInvalid;
  if (spec.name.length > 63) return serviceErrors.nameTooLong;
  return null;
}

function checkResources(spec: ServiceSpec): SwarmError | null {
  for (const resources of [spec.resources.limits, spec.resources.reservations]) {
    if (resources.nanoCpus !== 0 && resources.nanoCpus < 1e6)
      return serviceErrors.cpuTooSmall(resources.nanoCpus / 1e9);
    if (resources.memoryBytes !== 0 && resources.memoryBytes < 4 * 1024 * 1024) {
      return serviceErrors.memoryTooSmall(resources.memoryBytes);
    }
  }
  return null;
}

function checkRestart(spec: ServiceSpec): SwarmError | null {
  if (spec.restartPolicy.delayMs < 0) return serviceErrors.negative('restart-delay');
  if (spec.restartPolicy.windowMs < 0) return serviceErrors.negative('restart-window');
  return null;
}

function checkPlacement(spec: ServiceSpec): SwarmError | null {
  const parsed = parseConstraints(spec.placement.constraints);
  return parsed.ok ? null : serviceErrors.constraint(parsed.error);
}

function checkImage(spec: ServiceSpec): SwarmError | null {
  if (spec.image === '') return serviceErrors.imageMissing;
  return imageReference.test(spec.image) ? null : serviceErrors.imageInvalid(spec.image);
}

function checkUpdate(spec: ServiceSpec): SwarmError | null {
  const update = spec.updateConfig;
  if (update.delayMs < 0) return serviceErrors.negative('update-delay');
  if (update.monitorMs < 0) return serviceErrors.negative('update-monitor');
  const ratio = update.maxFailureRatio;
  if (ratio.numerator < 0 || ratio.numerator > ratio.denominator) return serviceErrors.failureRatio;
  return null;
}

function checkEndpoint(spec: ServiceSpec): SwarmError | null {
  const seen = new Set<string>();
  for (const port of spec.endpoint.ports) {
    if (spec.endpoint.mode === 'dnsrr' && port.publishMode === 'ingress') return serviceErrors.dnsrrIngress;
    if (port.publishedPort === null || port.publishedPort === 0) continue;
    const key = `${port.protocol}/${port.publishedPort}`;
    if (seen.has(key)) return serviceErrors.duplicatePorts;
    seen.add(key);
  }
  return null;
}

function checkMode(spec: ServiceSpec): SwarmError | null {
  if (spec.mode.kind === 'replicated' && spec.mode.replicas < 0) return serviceErrors.replicasNegative;
  return null;
}

/** The ports a service has published, as allocated (ingress and host). */
function portsOf(service: ServiceObject): readonly PublishedPort[] {
  return service.endpointPorts;
}

/**
 * `checkPortConflicts`: an ingress port may not be published by another service in any mode; a
 * host-mode port may share with other host-mode ports (the scheduler keeps them apart) but not
 * with an ingress one. `exceptServiceId` skips the service being updated.
 */
export function checkPortConflicts(
  store: SwarmStore,
  spec: ServiceSpec,
  exceptServiceId: string | null,
): SpecCheck {
  const wanted = spec.endpoint.ports.filter(
    (port) => port.publishedPort !== null && port.publishedPort !== 0,
  );
  if (wanted.length === 0) return { ok: true };
  for (const serviceId of Object.keys(store.services).sort()) {
    if (serviceId === exceptServiceId) continue;
    const service = store.services[serviceId] as ServiceObject;
    for (const taken of portsOf(service)) {
      for (const port of wanted) {
        if (port.protocol !== taken.protocol || port.publishedPort !== taken.publishedPort) continue;
        if (taken.publishMode === 'host' && port.publishMode === 'ingress') {
          return {
            ok: false,
            error: serviceErrors.hostPortInUse(taken.publishedPort, service.spec.name, serviceId),
          };
        }
        if (taken.publishMode === 'ingress') {
          return {
            ok: false,
            error: serviceErrors.ingressPortInUse(taken.publishedPort, service.spec.name, serviceId),
          };
        }
      }
    }
  }
  return { ok: true };
}

/**
 * The allocator's port step: published ports as given, and ingress ports without one get the
 * next free port of 30000-32767 after the highest one in use (SwarmKit allocates serially).
 * Ports the service already had keep their number on update. Null when the range is full.
 */
export function allocatePorts(
  store: SwarmStore,
  spec: ServiceSpec,
  previous: readonly PublishedPort[],
  serviceId: string | null,
): PublishedPort[] | null {
  const used = new Set<number>();
  for (const id of Object.keys(store.services)) {
    if (id === serviceId) continue;
    for (const port of (store.services[id] as ServiceObject).endpointPorts) used.add(port.publishedPort);
  }
  const ports: PublishedPort[] = [];
  for (const port of spec.endpoint.ports) {
    if (port.publishedPort !== null && port.publishedPort !== 0) {
      ports.push({ ...port, publishedPort: port.publishedPort });
      used.add(port.publishedPort);
      continue;
    }
    const kept = previous.find(
      (old) =>
        old.targetPort === port.targetPort && old.protocol === port.protocol && isDynamic(old.publishedPort),
    );
    const chosen = kept?.publishedPort ?? nextDynamicPort(used);
    if (chosen === null) return null;
    used.add(chosen);
    ports.push({ ...port, publishedPort: chosen });
  }
  return ports;
}

function isDynamic(port: number): boolean {
  return port >= dynamicPortStart && port <= dynamicPortEnd;
}

function nextDynamicPort(used: ReadonlySet<number>): number | null {
  let highest = dynamicPortStart - 1;
  for (const port of used) if (isDynamic(port) && port > highest) highest = port;
  const size = dynamicPortEnd - dynamicPortStart + 1;
  for (let step = 1; step <= size; step++) {
    const candidate = dynamicPortStart + ((highest - dynamicPortStart + step) % size);
    if (!used.has(candidate)) return candidate;
  }
  return null;
}

/** The fields of a spec a task runs (SwarmKit `TaskSpec` plus the endpoint): a change to any makes tasks dirty. */
function taskFacing(spec: ServiceSpec, includePlacement: boolean): unknown {
  return {
    image: spec.image,
    command: spec.command,
    args: spec.args,
    env: spec.env,
    containerLabels: spec.containerLabels,
    resources: spec.resources,
    restartPolicy: spec.restartPolicy,
    placement: includePlacement ? spec.placement : null,
    networks: spec.networks,
    secrets: spec.secrets,
    configs: spec.configs,
    healthcheck: spec.healthcheck,
    stopGracePeriodMs: spec.stopGracePeriodMs,
    forceUpdate: forceUpdateOf(spec),
    endpoint: spec.endpoint,
  };
}

/**
 * `orchestrator.IsTaskDirty`: the task runs a different task spec or endpoint than the service
 * wants. A change of placement alone is not dirty while the task's node still satisfies it
 * (`nodeStillFits` answers that question; pass null for an unassigned task).
 */
export function isTaskDirty(
  service: ServiceObject,
  task: TaskObject,
  nodeStillFits: ((spec: ServiceSpec) => boolean) | null,
): boolean {
  // A task made from this very spec version is clean: every spec change bumps the version.
  if (task.serviceId === service.meta.id && task.specVersion === service.specVersion) return false;
  const same = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);
  if (same(taskFacing(service.spec, true), taskFacing(task.spec, true))) return false;
  if (!same(taskFacing(service.spec, false), taskFacing(task.spec, false))) return true;
  if (nodeStillFits === null) return true;
  return !nodeStillFits(service.spec);
}

/** `<service>.<slot>` (replicated) or `<service>.<nodeID>` (global): `service ps` NAME. */
export function taskName(serviceName: string, task: Pick<TaskObject, 'slot' | 'nodeId'>): string {
  return task.slot > 0 ? `${serviceName}.${task.slot}` : `${serviceName}.${task.nodeId ?? ''}`;
}

/** `<service>.<slot>.<taskID>`: the container's name (`docker ps` NAMES). */
export function containerName(
  serviceName: string,
  task: Pick<TaskObject, 'slot' | 'nodeId' | 'meta'>,
): string {
  return `${taskName(serviceName, task)}.${task.meta.id}`;
}

/**
 * What the CLI sends after resolving an image (`nginx` → `nginx:latest@sha256:…`). The digest is
 * the SHA-256 of the tagged name, so a given tag always pins to the same digest.
 */
export function pinnedImage(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  const tagged = image.indexOf(':', lastSlash + 1) >= 0 ? image : `${image}:latest`;
  return `${tagged}@sha256:${createHash('sha256').update(tagged, 'utf8').digest('hex')}`;
}

/** `service ls` IMAGE: the digest stripped (`nginx:latest@sha256:…` → `nginx:latest`). */
export function imageWithoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}
