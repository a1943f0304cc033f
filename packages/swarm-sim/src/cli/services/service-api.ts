/**
 * A stored service in the Engine API's shape (`GET /services/{id}?insertDefaults=true`, which is
 * what `docker service inspect` asks for): moby `api/types/swarm/service.go`, `task.go`,
 * `container.go`, `network.go` — PascalCase, Go struct field order, `omitempty` applied,
 * durations in nanoseconds, times in RFC 3339. SwarmKit's defaults are inserted, so the update,
 * rollback and restart settings always show.
 *
 * What the model does not hold is left out: `Placement.Platforms` (no image manifests),
 * `Endpoint.VirtualIPs` (no VIP allocation), network IDs (networks are named, so `Target` is the
 * network's name). `ContainerSpec.Init: false`, `DNSConfig: {}` appear for services made by
 * `docker service create` (docker/cli always sends them) and not for stack services (the compose
 * converter leaves them unset).
 */
import { forceUpdateOf } from '../../services/spec.js';
import { stackNamespaceLabel } from '../../stack/convert.js';
import type { Healthcheck, PortConfig, ServiceSpec, UpdateConfig } from '../../stack/service-spec.js';
import type { PublishedPort, ServiceObject } from '../../swarm/objects.js';
import { rfc3339, sortedRecord } from '../go-format.js';

const nanosecondsPerMs = 1_000_000;

function nanoseconds(durationMs: number): number {
  return durationMs * nanosecondsPerMs;
}

/**
 * A float32 as Go's `%v` / encoding/json prints it: the shortest decimal that reads back as the
 * same float32 (`0.2`, `0.33333334`).
 */
export function float32Text(value: number): string {
  const single = Math.fround(value);
  if (single === 0) return '0';
  for (let precision = 1; precision <= 9; precision++) {
    const text = single.toPrecision(precision);
    if (Math.fround(Number(text)) === single) return String(Number(text));
  }
  return String(single);
}

/** A ratio as the float32 the Engine API carries. */
export function ratioValue(ratio: { readonly numerator: number; readonly denominator: number }): number {
  return Number(float32Text(ratio.numerator / ratio.denominator));
}

function portToApi(port: {
  protocol: string;
  targetPort: number;
  publishedPort: number | null;
  publishMode: string;
}): Record<string, unknown> {
  const api: Record<string, unknown> = { Protocol: port.protocol, TargetPort: port.targetPort };
  if (port.publishedPort !== null && port.publishedPort !== 0) api.PublishedPort = port.publishedPort;
  api.PublishMode = port.publishMode;
  return api;
}

function endpointSpecToApi(spec: ServiceSpec): Record<string, unknown> {
  const api: Record<string, unknown> = { Mode: spec.endpoint.mode };
  if (spec.endpoint.ports.length > 0)
    api.Ports = spec.endpoint.ports.map((port: PortConfig) => portToApi(port));
  return api;
}

function updateConfigToApi(config: UpdateConfig): Record<string, unknown> {
  const api: Record<string, unknown> = { Parallelism: config.parallelism };
  if (config.delayMs !== 0) api.Delay = nanoseconds(config.delayMs);
  api.FailureAction = config.failureAction;
  if (config.monitorMs !== 0) api.Monitor = nanoseconds(config.monitorMs);
  api.MaxFailureRatio = ratioValue(config.maxFailureRatio);
  api.Order = config.order;
  return api;
}

function healthcheckToApi(healthcheck: Healthcheck): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  if (healthcheck.test.length > 0) api.Test = [...healthcheck.test];
  if (healthcheck.intervalMs !== 0) api.Interval = nanoseconds(healthcheck.intervalMs);
  if (healthcheck.timeoutMs !== 0) api.Timeout = nanoseconds(healthcheck.timeoutMs);
  if (healthcheck.startPeriodMs !== 0) api.StartPeriod = nanoseconds(healthcheck.startPeriodMs);
  if (healthcheck.retries !== 0) api.Retries = healthcheck.retries;
  return api;
}

/** Made by `docker service create` rather than `docker stack deploy`. */
export function isCliService(spec: ServiceSpec): boolean {
  return !Object.hasOwn(spec.labels, stackNamespaceLabel);
}

function containerSpecToApi(spec: ServiceSpec): Record<string, unknown> {
  const api: Record<string, unknown> = { Image: spec.image };
  if (Object.keys(spec.containerLabels).length > 0) api.Labels = sortedRecord(spec.containerLabels);
  if (spec.command.length > 0) api.Command = [...spec.command];
  if (spec.args.length > 0) api.Args = [...spec.args];
  if (spec.env.length > 0) api.Env = [...spec.env];
  if (isCliService(spec)) api.Init = false;
  api.StopGracePeriod = nanoseconds(spec.stopGracePeriodMs);
  if (spec.healthcheck !== null) api.Healthcheck = healthcheckToApi(spec.healthcheck);
  if (isCliService(spec)) api.DNSConfig = {};
  if (spec.secrets.length > 0) {
    api.Secrets = spec.secrets.map((secret) => ({
      File: { Name: secret.target, UID: '0', GID: '0', Mode: 292 },
      SecretName: secret.name,
    }));
  }
  if (spec.configs.length > 0) {
    api.Configs = spec.configs.map((config) => ({
      File: { Name: config.target, UID: '0', GID: '0', Mode: 292 },
      ConfigName: config.name,
    }));
  }
  api.Isolation = 'default';
  return api;
}

function resourcesToApi(spec: ServiceSpec): Record<string, unknown> {
  const { limits, reservations } = spec.resources;
  const limitsApi: Record<string, unknown> = {};
  if (limits.nanoCpus !== 0) limitsApi.NanoCPUs = limits.nanoCpus;
  if (limits.memoryBytes !== 0) limitsApi.MemoryBytes = limits.memoryBytes;
  if (limits.pids !== 0) limitsApi.Pids = limits.pids;
  const reservationsApi: Record<string, unknown> = {};
  if (reservations.nanoCpus !== 0) reservationsApi.NanoCPUs = reservations.nanoCpus;
  if (reservations.memoryBytes !== 0) reservationsApi.MemoryBytes = reservations.memoryBytes;
  return { Limits: limitsApi, Reservations: reservationsApi };
}

function taskTemplateToApi(spec: ServiceSpec): Record<string, unknown> {
  const restart: Record<string, unknown> = {
    Condition: spec.restartPolicy.condition,
    Delay: nanoseconds(spec.restartPolicy.delayMs),
    MaxAttempts: spec.restartPolicy.maxAttempts,
  };
  if (spec.restartPolicy.windowMs !== 0) restart.Window = nanoseconds(spec.restartPolicy.windowMs);
  const placement: Record<string, unknown> = {};
  if (spec.placement.constraints.length > 0) placement.Constraints = [...spec.placement.constraints];
  if (spec.placement.preferences.length > 0) {
    placement.Preferences = spec.placement.preferences.map((preference) => ({
      Spread: { SpreadDescriptor: preference.spread },
    }));
  }
  if (spec.placement.maxReplicas !== 0) placement.MaxReplicas = spec.placement.maxReplicas;
  const template: Record<string, unknown> = {
    ContainerSpec: containerSpecToApi(spec),
    Resources: resourcesToApi(spec),
    RestartPolicy: restart,
    Placement: placement,
  };
  if (spec.networks.length > 0) {
    template.Networks = spec.networks.map((network) => {
      const attachment: Record<string, unknown> = { Target: network.target };
      if (network.aliases.length > 0) attachment.Aliases = [...network.aliases];
      return attachment;
    });
  }
  template.ForceUpdate = forceUpdateOf(spec);
  template.Runtime = 'container';
  return template;
}

function modeToApi(mode: ServiceSpec['mode']): Record<string, unknown> {
  switch (mode.kind) {
    case 'replicated':
      return { Replicated: { Replicas: mode.replicas } };
    case 'global':
      return { Global: {} };
    case 'replicated-job':
      return {
        ReplicatedJob: { MaxConcurrent: mode.maxConcurrent, TotalCompletions: mode.totalCompletions },
      };
    case 'global-job':
      return { GlobalJob: {} };
  }
}

/** `swarm.ServiceSpec`. */
export function serviceSpecToApi(spec: ServiceSpec): Record<string, unknown> {
  const api: Record<string, unknown> = {
    Name: spec.name,
    Labels: sortedRecord(spec.labels),
    TaskTemplate: taskTemplateToApi(spec),
    Mode: modeToApi(spec.mode),
  };
  if (spec.mode.kind === 'replicated' || spec.mode.kind === 'global') {
    api.UpdateConfig = updateConfigToApi(spec.updateConfig);
    api.RollbackConfig = updateConfigToApi(spec.rollbackConfig);
  }
  api.EndpointSpec = endpointSpecToApi(spec);
  return api;
}

function publishedPortToApi(port: PublishedPort): Record<string, unknown> {
  return portToApi(port);
}

/** `swarm.Service`, as `docker service inspect` prints it. */
export function serviceToApi(service: ServiceObject): Record<string, unknown> {
  const api: Record<string, unknown> = {
    ID: service.meta.id,
    Version: { Index: service.meta.version },
    CreatedAt: rfc3339(service.meta.createdAtMs),
    UpdatedAt: rfc3339(service.meta.updatedAtMs),
    Spec: serviceSpecToApi(service.spec),
  };
  if (service.previousSpec !== null) api.PreviousSpec = serviceSpecToApi(service.previousSpec);
  const endpoint: Record<string, unknown> = { Spec: endpointSpecToApi(service.spec) };
  if (service.endpointPorts.length > 0) endpoint.Ports = service.endpointPorts.map(publishedPortToApi);
  api.Endpoint = endpoint;
  const status = service.updateStatus;
  if (status !== null) {
    const update: Record<string, unknown> = { State: status.state, StartedAt: rfc3339(status.startedAtMs) };
    if (status.completedAtMs !== null) update.CompletedAt = rfc3339(status.completedAtMs);
    if (status.message !== '') update.Message = status.message;
    api.UpdateStatus = update;
  }
  return api;
}
