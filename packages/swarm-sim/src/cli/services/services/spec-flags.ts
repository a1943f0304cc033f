/**
 * `docker service create` and `docker service update` flags → a `ServiceSpec`, as docker/cli's
 * `serviceOptions.ToService` (`cli/command/service/opts.go`) and `updateService`
 * (`cli/command/service/update.go`) build and merge it, with their client-side checks and texts.
 * Values the daemon converts (restart condition, failure action, order, endpoint mode) are checked
 * here too, with moby's `convert.ServiceSpecToGRPC` texts, because the model's spec is typed.
 *
 * Flags whose settings the model does not hold (hostname, user, workdir, tty, read-only, dns,
 * hosts, mounts, log driver, capabilities, sysctls, ulimits, …) are accepted and have no effect.
 */

import { goQuote } from '../../docker/go-values.js';
import { type DockerCommandKey, dockerCommands } from '../../docker/grammar/commands.js';
import { commandPath, useLine } from '../../docker/grammar/help.js';
import type { DockerOptions } from '../../docker/grammar/parse.js';
import type { CommandSpec, PortConfig as FlagPort } from '../../docker/grammar/spec.js';
import {
  createServiceSpec,
  type Healthcheck,
  type PortConfig,
  type RestartCondition,
  type ServiceMode,
  type ServiceSpec,
  type UpdateConfig,
  type UpdateFailureAction,
  type UpdateOrder,
} from '../../stack/service-spec.js';

export type SpecResult =
  | { readonly ok: true; readonly spec: ServiceSpec }
  | { readonly ok: false; readonly message: string; readonly exitCode: number };

type CreateOptions = DockerOptions<'service create'>;
type UpdateOptions = DockerOptions<'service update'>;
/** The flags `create` and `update` share, by the names both use. */
type SharedOptions = Partial<CreateOptions & UpdateOptions>;

function failure(message: string, exitCode = 1): SpecResult {
  return { ok: false, message, exitCode };
}

/** A flag value docker's pflag `Set` refuses: the flag error block, exit 125. */
export function flagValueError(
  key: DockerCommandKey,
  shown: string,
  value: string,
  reason: string,
): SpecResult {
  const spec = dockerCommands[key] as CommandSpec;
  const message = `invalid argument ${goQuote(value)} for ${goQuote(shown)} flag: ${reason}`;
  return failure(
    `${message}\n\nUsage:  ${useLine(spec)}\n\nRun '${commandPath(spec)} --help' for more information`,
    125,
  );
}

/** docker `opts.ConvertKVStringsToMap`: `k=v` → v, `k` → ''. */
export function keyValueMap(texts: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const text of texts) {
    const equals = text.indexOf('=');
    if (equals < 0) map[text] = '';
    else map[text.slice(0, equals)] = text.slice(equals + 1);
  }
  return map;
}

function envKey(text: string): string {
  const equals = text.indexOf('=');
  return equals < 0 ? text : text.slice(0, equals);
}

/** docker `opts.ValidateEnv` (the sandbox has no client environment to look names up in). */
function invalidEnvironment(texts: readonly string[]): string | null {
  return texts.find((text) => envKey(text) === '') ?? null;
}

/** `makeEnv`: later values of a key replace earlier ones, order kept. */
function makeEnv(texts: readonly string[]): string[] {
  const env: string[] = [];
  for (const text of texts) {
    const index = env.findIndex((current) => current !== text && envKey(current) === envKey(text));
    if (index >= 0) env.splice(index, 1);
    if (!env.includes(text)) env.push(text);
  }
  return env;
}

const restartConditions: readonly string[] = ['none', 'on-failure', 'any'];
const updateFailureActions: readonly string[] = ['pause', 'continue', 'rollback'];
const orders: readonly string[] = ['stop-first', 'start-first'];

/** The daemon's conversion checks (moby `convert.ServiceSpecToGRPC`), in its order. */
function daemonValueError(options: SharedOptions): string | null {
  const condition = options['restart-condition'];
  if (condition !== undefined && !restartConditions.includes(condition))
    return `invalid RestartCondition: ${goQuote(condition)}`;
  for (const prefix of ['update', 'rollback'] as const) {
    const action = options[`${prefix}-failure-action`];
    const allowed = prefix === 'update' ? updateFailureActions : updateFailureActions.slice(0, 2);
    if (action !== undefined && action !== '' && !allowed.includes(action))
      return `unrecognized update failure action ${action}`;
    const order = options[`${prefix}-order`];
    if (order !== undefined && order !== '' && !orders.includes(order))
      return `unrecognized update order ${order}`;
  }
  const endpointMode = options['endpoint-mode'];
  if (
    endpointMode !== undefined &&
    endpointMode !== '' &&
    endpointMode !== 'vip' &&
    endpointMode !== 'dnsrr'
  ) {
    return `invalid resolution mode: ${goQuote(endpointMode)}`;
  }
  return null;
}

/** A float as the integer ratio the model keeps (six decimals, as compose files allow). */
function ratioOf(value: number): { numerator: number; denominator: number } {
  const denominator = 1_000_000;
  const numerator = Math.round(value * denominator);
  let left = Math.abs(numerator);
  let right = denominator;
  while (right !== 0) [left, right] = [right, left % right];
  const divisor = left === 0 ? 1 : left;
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** `updateConfig(flags)` / the update's merge: the given config with the flags of `prefix` applied. */
function applyUpdateConfig(
  config: UpdateConfig,
  options: SharedOptions,
  prefix: 'update' | 'rollback',
): UpdateConfig {
  const parallelism = options[`${prefix}-parallelism`];
  const delayMs = options[`${prefix}-delay`];
  const monitorMs = options[`${prefix}-monitor`];
  const action = options[`${prefix}-failure-action`];
  const ratio = options[`${prefix}-max-failure-ratio`];
  const order = options[`${prefix}-order`];
  return {
    parallelism: parallelism ?? config.parallelism,
    delayMs: delayMs ?? config.delayMs,
    failureAction:
      action === undefined || action === '' ? config.failureAction : (action as UpdateFailureAction),
    monitorMs: monitorMs ?? config.monitorMs,
    maxFailureRatio: ratio === undefined ? config.maxFailureRatio : ratioOf(ratio),
    order: order === undefined || order === '' ? config.order : (order as UpdateOrder),
  };
}

/** `healthCheckOptions.toHealthConfig` (create) and `updateHealthcheck` (update). */
function applyHealthcheck(
  current: Healthcheck | null,
  options: SharedOptions,
): { ok: true; value: Healthcheck | null } | { ok: false; message: string } {
  const given = [
    'health-cmd',
    'health-interval',
    'health-retries',
    'health-timeout',
    'health-start-period',
  ] as const;
  const anyHealth = given.some((name) => options[name] !== undefined);
  if (options['no-healthcheck'] === true) {
    if (anyHealth) return { ok: false, message: '--no-healthcheck conflicts with --health-* options' };
    return { ok: true, value: { test: ['NONE'], intervalMs: 0, timeoutMs: 0, retries: 0, startPeriodMs: 0 } };
  }
  if (!anyHealth) return { ok: true, value: current };
  const base = current ?? { test: [], intervalMs: 0, timeoutMs: 0, retries: 0, startPeriodMs: 0 };
  const command = options['health-cmd'];
  let test = base.test[0] === 'NONE' ? [] : base.test;
  if (command !== undefined) test = command === '' ? [] : ['CMD-SHELL', command];
  return {
    ok: true,
    value: {
      test,
      intervalMs: options['health-interval'] ?? base.intervalMs,
      timeoutMs: options['health-timeout'] ?? base.timeoutMs,
      retries: options['health-retries'] ?? base.retries,
      startPeriodMs: options['health-start-period'] ?? base.startPeriodMs,
    },
  };
}

function portFromFlag(port: FlagPort): PortConfig {
  return {
    protocol: port.protocol,
    targetPort: port.targetPort,
    publishedPort: port.publishedPort === 0 ? null : port.publishedPort,
    publishMode: port.publishMode,
  };
}

/** `ToServiceMode`, with docker/cli's texts. */
function serviceMode(
  options: CreateOptions,
): { ok: true; mode: ServiceMode } | { ok: false; message: string } {
  const mode = options.mode ?? 'replicated';
  const replicas = options.replicas;
  const maxConcurrent = options['max-concurrent'];
  const perNode = options['replicas-max-per-node'] ?? 0;
  const onlyJobs = 'max-concurrent can only be used with replicated-job mode';
  const onlyReplicated = 'replicas can only be used with replicated or replicated-job mode';
  const perNodeReplicated = 'replicas-max-per-node can only be used with replicated or replicated-job mode';
  switch (mode) {
    case 'global':
      if (replicas !== undefined) return { ok: false, message: onlyReplicated };
      if (perNode > 0) return { ok: false, message: perNodeReplicated };
      if (maxConcurrent !== undefined) return { ok: false, message: onlyJobs };
      return { ok: true, mode: { kind: 'global' } };
    case 'replicated':
      if (maxConcurrent !== undefined) return { ok: false, message: onlyJobs };
      return { ok: true, mode: { kind: 'replicated', replicas: replicas ?? 1 } };
    case 'replicated-job': {
      const total = replicas ?? 1;
      return {
        ok: true,
        mode: { kind: 'replicated-job', maxConcurrent: maxConcurrent ?? total, totalCompletions: total },
      };
    }
    case 'global-job':
      if (perNode > 0) return { ok: false, message: perNodeReplicated };
      if (maxConcurrent !== undefined) return { ok: false, message: onlyJobs };
      if (replicas !== undefined) return { ok: false, message: onlyReplicated };
      return { ok: true, mode: { kind: 'global-job' } };
    default:
      return { ok: false, message: `Unknown mode: ${mode}, only replicated and global supported` };
  }
}

const updateFlagNames = [
  'parallelism',
  'delay',
  'monitor',
  'failure-action',
  'max-failure-ratio',
  'order',
] as const;

function anyUpdateFlag(options: SharedOptions, prefix: 'update' | 'rollback'): boolean {
  return updateFlagNames.some((name) => options[`${prefix}-${name}`] !== undefined);
}

/** `secret` / `config` references: `source=x,target=y` or `x` (target defaults to the source). */
export function fileReferences(texts: readonly string[]): { name: string; target: string }[] {
  return texts.map((text) => {
    if (!text.includes('=')) return { name: text, target: text };
    const fields = keyValueMap(text.split(','));
    const name = fields.source ?? fields.src ?? '';
    return { name, target: fields.target ?? name };
  });
}

/** `ToService` for `docker service create IMAGE [ARG…]`. */
export function createSpecFromFlags(
  options: CreateOptions,
  args: readonly string[],
  envFromFiles: readonly string[],
): SpecResult {
  const badEnv = invalidEnvironment(options.env ?? []);
  if (badEnv !== null)
    return flagValueError('service create', '-e, --env', badEnv, `invalid environment variable: ${badEnv}`);
  const health = applyHealthcheck(null, options);
  if (!health.ok) return failure(health.message);
  const mode = serviceMode(options);
  if (!mode.ok) return failure(mode.message);
  const isJob = mode.mode.kind === 'replicated-job' || mode.mode.kind === 'global-job';
  if (isJob && (anyUpdateFlag(options, 'update') || anyUpdateFlag(options, 'rollback'))) {
    return failure('update and rollback configuration is not supported for jobs');
  }
  const daemonError = daemonValueError(options);
  if (daemonError !== null) return failure(`Error response from daemon: ${daemonError}`);
  const defaults = createServiceSpec(options.name ?? '', args[0] as string);
  const restart = defaults.restartPolicy;
  const spec: ServiceSpec = {
    ...defaults,
    labels: keyValueMap(options.label ?? []),
    command: options.entrypoint ?? [],
    args: args.slice(1),
    env: makeEnv([...envFromFiles, ...(options.env ?? [])]),
    containerLabels: keyValueMap(options['container-label'] ?? []),
    mode: mode.mode,
    placement: {
      constraints: options.constraint ?? [],
      preferences: options['placement-pref'] ?? [],
      maxReplicas: options['replicas-max-per-node'] ?? 0,
    },
    resources: {
      limits: {
        nanoCpus: options['limit-cpu'] ?? 0,
        memoryBytes: options['limit-memory'] ?? 0,
        pids: options['limit-pids'] ?? 0,
      },
      reservations: { nanoCpus: options['reserve-cpu'] ?? 0, memoryBytes: options['reserve-memory'] ?? 0 },
    },
    restartPolicy: {
      condition: (options['restart-condition'] as RestartCondition | undefined) ?? restart.condition,
      delayMs: options['restart-delay'] ?? restart.delayMs,
      maxAttempts: options['restart-max-attempts'] ?? restart.maxAttempts,
      windowMs: options['restart-window'] ?? restart.windowMs,
    },
    updateConfig: applyUpdateConfig(defaults.updateConfig, options, 'update'),
    rollbackConfig: applyUpdateConfig(defaults.rollbackConfig, options, 'rollback'),
    endpoint: {
      mode: options['endpoint-mode'] === 'dnsrr' ? 'dnsrr' : 'vip',
      ports: (options.publish ?? []).map(portFromFlag),
    },
    networks: [...new Set(options.network ?? [])].sort().map((target) => ({ target, aliases: [] })),
    secrets: fileReferences(options.secret ?? []),
    configs: fileReferences(options.config ?? []),
    healthcheck: health.value,
    stopGracePeriodMs: options['stop-grace-period'] ?? defaults.stopGracePeriodMs,
  };
  return { ok: true, spec };
}

// ---------------------------------------------------------------------------------------------
// update

/** The update flags docker/cli checks against `--rollback` (every flag but rollback, detach, quiet). */
export function flagsBesideRollback(options: UpdateOptions): boolean {
  return Object.keys(options).some((name) => name !== 'rollback' && name !== 'detach' && name !== 'quiet');
}

function updateEnvironment(env: readonly string[], options: UpdateOptions): string[] {
  const removed = new Set(options['env-rm'] ?? []);
  const kept = env.filter((text) => !removed.has(envKey(text)));
  const added = options['env-add'];
  if (added === undefined) return kept;
  const byKey = new Map<string, string>();
  for (const text of [...kept, ...added]) byKey.set(envKey(text), text);
  // docker/cli rebuilds the list from a Go map (random order); the sandbox sorts by key.
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as string);
}

function updateLabels(
  labels: Readonly<Record<string, string>>,
  add: readonly string[] | undefined,
  remove: readonly string[] | undefined,
): Record<string, string> {
  const updated: Record<string, string> = { ...labels };
  for (const key of remove ?? []) delete updated[key];
  Object.assign(updated, keyValueMap(add ?? []));
  return updated;
}

/** `portConfigToString`: `published:target/protocol/mode`, the key ports are compared and sorted by. */
function portKey(port: PortConfig): string {
  return `${port.publishedPort ?? 0}:${port.targetPort}/${port.protocol}/${port.publishMode}`;
}

function updatePorts(ports: readonly PortConfig[], options: UpdateOptions): PortConfig[] {
  const remove = options['publish-rm'] ?? [];
  const existing = new Map(ports.map((port) => [portKey(port), port]));
  const kept = [...existing.values()].filter(
    (port) =>
      !remove.some(
        (gone) =>
          gone.protocol === port.protocol &&
          gone.targetPort === port.targetPort &&
          gone.publishMode === port.publishMode,
      ),
  );
  for (const port of (options['publish-add'] ?? []).map(portFromFlag)) {
    if (!existing.has(portKey(port))) kept.push(port);
  }
  return kept.sort((left, right) =>
    portKey(left) < portKey(right) ? -1 : portKey(left) > portKey(right) ? 1 : 0,
  );
}

function updatePlacement(spec: ServiceSpec, options: UpdateOptions): ServiceSpec['placement'] {
  let constraints = [...spec.placement.constraints];
  if (options['constraint-add'] !== undefined || options['constraint-rm'] !== undefined) {
    const removed = new Set(options['constraint-rm'] ?? []);
    constraints = [...constraints, ...(options['constraint-add'] ?? [])]
      .filter((constraint) => !removed.has(constraint))
      .sort();
  }
  const removedPreferences = new Set(
    (options['placement-pref-rm'] ?? []).map((preference) => preference.spread),
  );
  const preferences = [
    ...spec.placement.preferences.filter((preference) => !removedPreferences.has(preference.spread)),
    ...(options['placement-pref-add'] ?? []),
  ];
  return {
    constraints,
    preferences,
    maxReplicas: options['replicas-max-per-node'] ?? spec.placement.maxReplicas,
  };
}

function updateFileReferences(
  current: ServiceSpec['secrets'],
  add: readonly string[] | undefined,
  remove: readonly string[] | undefined,
): ServiceSpec['secrets'] {
  const removed = new Set(remove ?? []);
  const kept = current.filter((reference) => !removed.has(reference.name));
  return [...kept, ...fileReferences(add ?? [])].sort((left, right) =>
    left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
  );
}

function updateNetworks(
  current: ServiceSpec['networks'],
  options: UpdateOptions,
): { ok: true; value: ServiceSpec['networks'] } | { ok: false; message: string } {
  const removed = new Set(options['network-rm'] ?? []);
  const kept = current.filter((network) => !removed.has(network.target));
  for (const name of options['network-add'] ?? []) {
    if (kept.some((network) => network.target === name))
      return { ok: false, message: `service is already attached to network ${name}` };
    kept.push({ target: name, aliases: [] });
  }
  return { ok: true, value: kept.sort((left, right) => (left.target < right.target ? -1 : 1)) };
}

function updateResources(spec: ServiceSpec, options: UpdateOptions): ServiceSpec['resources'] {
  const { limits, reservations } = spec.resources;
  return {
    limits: {
      nanoCpus: options['limit-cpu'] ?? limits.nanoCpus,
      memoryBytes: options['limit-memory'] ?? limits.memoryBytes,
      pids: options['limit-pids'] ?? limits.pids,
    },
    reservations: {
      nanoCpus: options['reserve-cpu'] ?? reservations.nanoCpus,
      memoryBytes: options['reserve-memory'] ?? reservations.memoryBytes,
    },
  };
}

function updateMode(
  mode: ServiceMode,
  options: UpdateOptions,
): { ok: true; value: ServiceMode } | { ok: false; message: string } {
  const replicas = options.replicas;
  if (replicas === undefined) return { ok: true, value: mode };
  if (mode.kind !== 'replicated')
    return { ok: false, message: 'replicas can only be used with replicated mode' };
  return { ok: true, value: { kind: 'replicated', replicas } };
}

/** `updateService`: the stored spec with the update flags merged in. */
export function updateSpecFromFlags(current: ServiceSpec, options: UpdateOptions): SpecResult {
  const badEnv = invalidEnvironment(options['env-add'] ?? []);
  if (badEnv !== null)
    return flagValueError('service update', '--env-add', badEnv, `invalid environment variable: ${badEnv}`);
  const networks = updateNetworks(current.networks, options);
  if (!networks.ok) return failure(networks.message);
  const mode = updateMode(current.mode, options);
  if (!mode.ok) return failure(mode.message);
  const health = applyHealthcheck(current.healthcheck, options);
  if (!health.ok) return failure(health.message);
  const daemonError = daemonValueError(options);
  if (daemonError !== null) return failure(`Error response from daemon: ${daemonError}`);
  const restart = current.restartPolicy;
  const endpointMode = options['endpoint-mode'];
  const spec: ServiceSpec = {
    ...current,
    labels: updateLabels(current.labels, options['label-add'], options['label-rm']),
    image: options.image ?? current.image,
    command: options.entrypoint ?? current.command,
    args: options.args ?? current.args,
    env: updateEnvironment(current.env, options),
    containerLabels: updateLabels(
      current.containerLabels,
      options['container-label-add'],
      options['container-label-rm'],
    ),
    mode: mode.value,
    placement: updatePlacement(current, options),
    resources: updateResources(current, options),
    restartPolicy: {
      condition: (options['restart-condition'] as RestartCondition | undefined) ?? restart.condition,
      delayMs: options['restart-delay'] ?? restart.delayMs,
      maxAttempts: options['restart-max-attempts'] ?? restart.maxAttempts,
      windowMs: options['restart-window'] ?? restart.windowMs,
    },
    updateConfig: applyUpdateConfig(current.updateConfig, options, 'update'),
    rollbackConfig: applyUpdateConfig(current.rollbackConfig, options, 'rollback'),
    endpoint: {
      mode: endpointMode === 'vip' || endpointMode === 'dnsrr' ? endpointMode : current.endpoint.mode,
      ports:
        options['publish-add'] !== undefined || options['publish-rm'] !== undefined
          ? updatePorts(current.endpoint.ports, options)
          : current.endpoint.ports,
    },
    networks: networks.value,
    secrets: updateFileReferences(current.secrets, options['secret-add'], options['secret-rm']),
    configs: updateFileReferences(current.configs, options['config-add'], options['config-rm']),
    healthcheck: health.value,
    stopGracePeriodMs: options['stop-grace-period'] ?? current.stopGracePeriodMs,
  };
  return { ok: true, spec };
}
