/**
 * A compose project as the objects `docker stack deploy NAME` creates, after docker/cli's
 * `cli/compose/convert` package: networks, secrets and configs named `<stack>_<name>`, services
 * named `<stack>_<service>`, all labelled `com.docker.stack.namespace=<stack>`, with SwarmKit's
 * defaults for everything the file leaves out.
 */
import { type FileError, sortFileErrors } from '../files/file-error.js';
import { formatPath, type PathSegment } from '../files/yaml-source.js';
import { assert } from '../kernel/assert.js';
import type { ComposeFileObject, ComposeProject, ComposeService } from './compose-types.js';
import { checkComposeProject } from './parse-compose.js';
import { errorAt, indexPositions, type PositionIndex } from './positions.js';
import {
  createServiceSpec,
  defaultRestartPolicy,
  defaultUpdateConfig,
  type FileReference,
  type NetworkAttachment,
  type RestartPolicy,
  type ServiceMode,
  type ServiceSpec,
} from './service-spec.js';

export const stackNamespaceLabel = 'com.docker.stack.namespace';
export const stackImageLabel = 'com.docker.stack.image';

export interface StackNetworkSpec {
  /** `<stack>_<key>`, or the network's `name:`. */
  readonly name: string;
  /** Default `overlay`. */
  readonly driver: string;
  readonly attachable: boolean;
  readonly internal: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface StackFileObjectSpec {
  readonly name: string;
  /** The `file:` path as written; the sandbox has no host files, so the deploy decides its content. */
  readonly file: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

export interface StackSpec {
  readonly namespace: string;
  /** Networks to create: those the services use and that are not external. Sorted by name. */
  readonly networks: readonly StackNetworkSpec[];
  /** External networks the services use: they must already exist. Sorted. */
  readonly externalNetworks: readonly string[];
  /** Secrets and configs to create (every non-external one declared). Sorted by name. */
  readonly secrets: readonly StackFileObjectSpec[];
  readonly configs: readonly StackFileObjectSpec[];
  readonly externalSecrets: readonly string[];
  readonly externalConfigs: readonly string[];
  /** Sorted by name. */
  readonly services: readonly ServiceSpec[];
}

export type StackSpecResult =
  | { readonly ok: true; readonly stack: StackSpec }
  | { readonly ok: false; readonly errors: readonly FileError[] };

/** docker/cli's check: a stack name must not be empty once whitespace and quotes are trimmed. */
export function validateStackName(name: string): string | null {
  const trimmed = name.replace(/^[\s"']+|[\s"']+$/g, '');
  return trimmed === '' ? `invalid stack name: ${JSON.stringify(name)}` : null;
}

export function composeToStackSpec(project: ComposeProject, stackName: string): StackSpecResult {
  const nameError = validateStackName(stackName);
  if (nameError !== null)
    return { ok: false, errors: [{ file: '', line: 0, column: 0, path: '', message: nameError }] };
  const errors = [...checkComposeProject(project)];
  const index = indexPositions(project);
  const services = project.services.map((service) =>
    convertService(project, index, stackName, service, errors),
  );
  if (errors.length > 0) return { ok: false, errors: sortFileErrors(errors) };
  assert(
    new Set(services.map((service) => service.name)).size === services.length,
    'service names are unique',
  );
  const secrets = convertFileObjects(project.secrets, stackName);
  const configs = convertFileObjects(project.configs, stackName);
  return {
    ok: true,
    stack: {
      namespace: stackName,
      ...convertNetworks(project, stackName),
      secrets: secrets.created,
      configs: configs.created,
      externalSecrets: secrets.external,
      externalConfigs: configs.external,
      services,
    },
  };
}

function convertService(
  project: ComposeProject,
  index: PositionIndex,
  namespace: string,
  service: ComposeService,
  errors: FileError[],
): ServiceSpec {
  const path = ['services', service.name];
  const deploy = service.deploy ?? {};
  const image = service.image ?? '';
  const base = createServiceSpec(`${namespace}_${service.name}`, image);
  const resources = deploy.resources ?? {};
  const restartPolicy = convertRestartPolicy(service, (message) =>
    errors.push(errorAt(project, index, [...path, 'restart'], message)),
  );
  return {
    ...base,
    labels: { ...deploy.labels, [stackNamespaceLabel]: namespace, [stackImageLabel]: image },
    command: service.entrypoint ?? [],
    args: service.command ?? [],
    env: Object.entries(service.environment ?? {})
      .map(([key, value]) => (value === null ? key : `${key}=${value}`))
      .sort(),
    containerLabels: { ...service.labels, [stackNamespaceLabel]: namespace },
    mode: convertMode(service),
    placement: {
      constraints: deploy.placement?.constraints ?? [],
      preferences: deploy.placement?.preferences ?? [],
      maxReplicas: deploy.placement?.maxReplicasPerNode ?? 0,
    },
    resources: {
      limits: { ...base.resources.limits, ...resources.limits },
      reservations: { ...base.resources.reservations, ...resources.reservations },
    },
    restartPolicy,
    updateConfig: { ...defaultUpdateConfig, ...deploy.updateConfig },
    rollbackConfig: { ...defaultUpdateConfig, ...deploy.rollbackConfig },
    endpoint: {
      mode: deploy.endpointMode ?? 'vip',
      ports: [...(service.ports ?? [])]
        .map((port) => ({
          protocol: port.protocol,
          targetPort: port.target,
          publishedPort: port.published,
          publishMode: port.mode,
        }))
        .sort(
          (left, right) =>
            (left.publishedPort ?? 0) - (right.publishedPort ?? 0) || left.targetPort - right.targetPort,
        ),
    },
    networks: convertServiceNetworks(project, index, namespace, service, errors),
    secrets: convertReferences(project, index, namespace, service, 'secrets', errors),
    configs: convertReferences(project, index, namespace, service, 'configs', errors),
    healthcheck:
      service.healthcheck === undefined
        ? null
        : {
            test: service.healthcheck.test ?? [],
            intervalMs: service.healthcheck.intervalMs ?? 0,
            timeoutMs: service.healthcheck.timeoutMs ?? 0,
            retries: service.healthcheck.retries ?? 0,
            startPeriodMs: service.healthcheck.startPeriodMs ?? 0,
          },
    stopGracePeriodMs: service.stopGracePeriodMs ?? base.stopGracePeriodMs,
  };
}

function convertMode(service: ComposeService): ServiceMode {
  const replicas = service.deploy?.replicas;
  switch (service.deploy?.mode ?? 'replicated') {
    case 'global':
      return { kind: 'global' };
    case 'global-job':
      return { kind: 'global-job' };
    case 'replicated-job':
      return { kind: 'replicated-job', maxConcurrent: replicas ?? 1, totalCompletions: replicas ?? 1 };
    case 'replicated':
      return { kind: 'replicated', replicas: replicas ?? 1 };
  }
}

/**
 * `deploy.restart_policy` when present; otherwise the legacy `restart:` key, as docker/cli's
 * `convertRestartPolicy` reads it (`no` leaves SwarmKit's default, which restarts: a quirk).
 */
function convertRestartPolicy(service: ComposeService, report: (message: string) => void): RestartPolicy {
  const policy = service.deploy?.restartPolicy;
  if (policy !== undefined) return { ...defaultRestartPolicy, ...policy };
  if (service.restart === undefined || service.restart === '' || service.restart === 'no')
    return defaultRestartPolicy;
  const match = /^(always|unless-stopped|on-failure)(?::(\d+))?$/.exec(service.restart);
  if (match === null) {
    const name = service.restart.split(':')[0];
    report(
      `invalid restart policy: unknown policy '${name}' (must be one of 'no', 'always', 'on-failure', or 'unless-stopped')`,
    );
    return defaultRestartPolicy;
  }
  const condition = match[1] === 'on-failure' ? 'on-failure' : 'any';
  return { ...defaultRestartPolicy, condition, maxAttempts: Number(match[2] ?? '0') };
}

function convertServiceNetworks(
  project: ComposeProject,
  index: PositionIndex,
  namespace: string,
  service: ComposeService,
  errors: FileError[],
): NetworkAttachment[] {
  const used = service.networks ?? [{ name: 'default', aliases: [] }];
  const attachments: NetworkAttachment[] = [];
  used.forEach((network, position) => {
    const declared = project.networks.find((candidate) => candidate.name === network.name);
    if (declared === undefined && network.name !== 'default') {
      // Written as a mapping, the network's key has a position; written as a list, its item has.
      const byName: PathSegment[] = ['services', service.name, 'networks', network.name];
      const path = index.has(formatPath(byName)) ? byName : ['services', service.name, 'networks', position];
      errors.push(errorAt(project, index, path, `undefined network ${JSON.stringify(network.name)}`));
      return;
    }
    const target = declared === undefined ? `${namespace}_default` : networkName(declared, namespace);
    attachments.push({ target, aliases: [...network.aliases, service.name] });
  });
  return attachments.sort((left, right) => compareText(left.target, right.target));
}

function networkName(
  network: { name: string; external: boolean; customName?: string },
  namespace: string,
): string {
  if (network.customName !== undefined) return network.customName;
  return network.external ? network.name : `${namespace}_${network.name}`;
}

function convertReferences(
  project: ComposeProject,
  index: PositionIndex,
  namespace: string,
  service: ComposeService,
  kind: 'secrets' | 'configs',
  errors: FileError[],
): FileReference[] {
  const references: FileReference[] = [];
  (service[kind] ?? []).forEach((reference, position) => {
    const declared = project[kind].find((candidate) => candidate.name === reference.source);
    if (declared === undefined) {
      const noun = kind === 'secrets' ? 'secret' : 'config';
      const message = `undefined ${noun} ${JSON.stringify(reference.source)}`;
      errors.push(errorAt(project, index, ['services', service.name, kind, position], message));
      return;
    }
    references.push({ name: networkName(declared, namespace), target: reference.target ?? reference.source });
  });
  return references.sort((left, right) => compareText(left.name, right.name));
}

function convertNetworks(
  project: ComposeProject,
  namespace: string,
): { networks: StackNetworkSpec[]; externalNetworks: string[] } {
  const usedNames = new Set<string>();
  for (const service of project.services) {
    for (const network of service.networks ?? [{ name: 'default', aliases: [] }]) usedNames.add(network.name);
  }
  const networks: StackNetworkSpec[] = [];
  const externalNetworks: string[] = [];
  for (const name of usedNames) {
    const declared = project.networks.find((candidate) => candidate.name === name) ?? {
      name,
      external: false,
    };
    if (declared.external) {
      externalNetworks.push(networkName(declared, namespace));
      continue;
    }
    networks.push({
      name: networkName(declared, namespace),
      driver: ('driver' in declared ? declared.driver : undefined) ?? 'overlay',
      attachable: ('attachable' in declared ? declared.attachable : undefined) ?? false,
      internal: ('internal' in declared ? declared.internal : undefined) ?? false,
      labels: { ...('labels' in declared ? declared.labels : {}), [stackNamespaceLabel]: namespace },
    });
  }
  networks.sort((left, right) => compareText(left.name, right.name));
  return { networks, externalNetworks: externalNetworks.sort() };
}

function convertFileObjects(
  objects: readonly ComposeFileObject[],
  namespace: string,
): { created: StackFileObjectSpec[]; external: string[] } {
  const created: StackFileObjectSpec[] = [];
  const external: string[] = [];
  for (const object of objects) {
    const name = networkName(object, namespace);
    if (object.external) external.push(name);
    else
      created.push({
        name,
        file: object.file ?? null,
        labels: { ...object.labels, [stackNamespaceLabel]: namespace },
      });
  }
  created.sort((left, right) => compareText(left.name, right.name));
  return { created, external: external.sort() };
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
