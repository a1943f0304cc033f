/**
 * The zod schema of the compose keys `docker stack deploy` reads, after docker/cli's
 * `config_schema_v3.x.json` (types as Docker checks them: `cpus` and `memory` are strings,
 * `replicas` an integer) plus the checks docker/cli and SwarmKit make later (constraint syntax,
 * durations, sizes, modes). Leaves parse to the sandbox's units as they validate, so the
 * schema's output is already normalised (see compose-types.ts).
 *
 * Keys Docker accepts but the sandbox does not model are accepted with a light type check and
 * reported in `warnings.notSimulated`; Docker's own ignore/deprecate/forbid lists are below.
 */
import { split as shellSplit } from 'shlex';
import * as z from 'zod';
import { closestMatch } from '../files/suggest.js';
import type { Parsed } from '../files/values.js';
import { durationMsSchema, ratioSchema } from '../files/values.js';
import { didYouMean, oneOf } from '../files/zod-errors.js';
import { parseConstraint } from '../scheduler/constraint.js';
import type {
  ComposeDeploy,
  ComposeFileReference,
  ComposeHealthcheck,
  ComposeServiceNetwork,
  ComposeUpdateConfig,
  ServiceModeName,
} from './compose-types.js';
import { type ComposePort, parseMemoryBytes, parseNanoCpus, parsePortShortSyntax } from './compose-values.js';

/** `docker/cli:cli/compose/types/types.go` `UnsupportedProperties`: ignored with a warning. */
export const unsupportedServiceOptions: readonly string[] = [
  'build',
  'cgroupns_mode',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'userns_mode',
];

/** `DeprecatedProperties`: ignored with a warning that explains why. */
export const deprecatedServiceOptions: Readonly<Record<string, string>> = {
  container_name: 'Setting the container name is not supported.',
  expose:
    "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

/** `ForbiddenProperties`: the deploy stops. */
export const forbiddenServiceOptions: Readonly<Record<string, string>> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver:
    'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from:
    'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
};

const stringList = () => z.array(z.string());
const stringOrList = () => oneOf([z.string(), z.array(z.string())], 'a string or a list of strings');
const scalarValue = () => oneOf([z.string(), z.number(), z.null()], 'a string, a number or an empty value');
const rawListOrMapping = () =>
  oneOf(
    [z.record(z.string(), scalarValue()), z.array(z.string())],
    'a mapping or a list of "KEY=value" strings',
  );

/** Valid compose keys the sandbox accepts and does not model (Docker honours them silently). */
const notSimulatedShape = {
  cap_add: stringList(),
  cap_drop: stringList(),
  credential_spec: z.unknown(),
  depends_on: stringList(),
  dns: stringOrList(),
  dns_search: stringOrList(),
  env_file: stringOrList(),
  extra_hosts: rawListOrMapping(),
  group_add: z.array(oneOf([z.string(), z.number()], 'a group name or id')),
  hostname: z.string(),
  init: z.boolean(),
  isolation: z.string(),
  logging: z.unknown(),
  oom_score_adj: z.int(),
  read_only: z.boolean(),
  stdin_open: z.boolean(),
  stop_signal: z.string(),
  sysctls: rawListOrMapping(),
  tmpfs: stringOrList(),
  tty: z.boolean(),
  ulimits: z.unknown(),
  user: z.string(),
  volumes: z.unknown(),
  working_dir: z.string(),
};
export const notSimulatedServiceOptions: readonly string[] = Object.keys(notSimulatedShape);

/** The unsupported and deprecated keys, typed as Docker's schema types them. */
const ignoredShape = {
  build: z.unknown(),
  cgroupns_mode: z.string(),
  cgroup_parent: z.string(),
  devices: stringList(),
  domainname: z.string(),
  external_links: stringList(),
  ipc: z.string(),
  links: stringList(),
  mac_address: z.string(),
  network_mode: z.string(),
  pid: z.string().nullable(),
  privileged: z.boolean(),
  security_opt: stringList(),
  shm_size: oneOf([z.string(), z.number()], 'a size such as 64M'),
  userns_mode: z.string(),
  container_name: z.string(),
  expose: z.array(oneOf([z.string(), z.number()], 'a port number')),
};

function parsedString<Value>(parse: (text: string) => Parsed<Value>) {
  return z.string().transform((text, context) => {
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    context.issues.push({ code: 'custom', input: text, message: parsed.message });
    return z.NEVER;
  });
}

/** Drops undefined fields, so an absent key stays absent in the normalised data. */
export function compact<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Value;
}

const durationMs = durationMsSchema;

const shellCommand = () =>
  stringOrList().transform((value, context): string[] => {
    if (Array.isArray(value)) return value;
    try {
      return shellSplit(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.issues.push({ code: 'custom', input: value, message: `invalid command: ${reason}` });
      return z.NEVER;
    }
  });

/** `environment`: `{KEY: value}` or `["KEY=value", "KEY"]`; a bare `KEY` has no value (null). */
const environment = () =>
  rawListOrMapping().transform((value): Record<string, string | null> => {
    if (Array.isArray(value)) return Object.fromEntries(value.map((item) => splitAssignment(item, null)));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, item === null ? null : String(item)]),
    );
  });

/** Labels: like environment, but a label without a value is the empty string. */
const labels = () =>
  rawListOrMapping().transform((value): Record<string, string> => {
    if (Array.isArray(value)) return Object.fromEntries(value.map((item) => splitAssignment(item, '')));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, item === null ? '' : String(item)]),
    );
  });

function splitAssignment<Missing>(item: string, missing: Missing): [string, string | Missing] {
  const at = item.indexOf('=');
  return at < 0 ? [item, missing] : [item.slice(0, at), item.slice(at + 1)];
}

const portNumber = () => z.int().min(1).max(65535);

const longPort = () =>
  z
    .strictObject({
      target: portNumber(),
      published: portNumber().optional(),
      protocol: z.enum(['tcp', 'udp', 'sctp']).optional(),
      mode: z.enum(['ingress', 'host']).optional(),
    })
    .transform((port): ComposePort[] => [
      {
        target: port.target,
        published: port.published ?? null,
        protocol: port.protocol ?? 'tcp',
        mode: port.mode ?? 'ingress',
      },
    ]);

const shortPort = () =>
  oneOf([z.string(), z.int()], 'a port such as "8080:80"').transform((value, context): ComposePort[] => {
    const parsed = parsePortShortSyntax(String(value));
    if (parsed.ok) return parsed.value;
    context.issues.push({ code: 'custom', input: value, message: parsed.message });
    return z.NEVER;
  });

const ports = () =>
  z
    .array(oneOf([shortPort(), longPort()], 'a port such as "8080:80" or a mapping {target, published}'))
    .transform((lists) => lists.flat());

const serviceNetworks = () =>
  oneOf(
    [
      z.array(z.string()),
      z.record(
        z.string(),
        z
          .strictObject({
            aliases: stringList().optional(),
            driver_opts: z.record(z.string(), oneOf([z.string(), z.number()], 'a string')).optional(),
            ipv4_address: z.string().optional(),
            ipv6_address: z.string().optional(),
          })
          .nullable(),
      ),
    ],
    'a list of network names or a mapping of network names',
  ).transform((value): ComposeServiceNetwork[] => {
    if (Array.isArray(value)) return value.map((name) => ({ name, aliases: [] }));
    return Object.entries(value).map(([name, settings]) => ({ name, aliases: settings?.aliases ?? [] }));
  });

const fileReferences = () =>
  z.array(
    oneOf(
      [
        z.string().transform((source): ComposeFileReference => ({ source })),
        z
          .strictObject({
            source: z.string(),
            target: z.string().optional(),
            uid: z.string().optional(),
            gid: z.string().optional(),
            mode: z.number().optional(),
          })
          .transform(
            (reference): ComposeFileReference =>
              compact({ source: reference.source, target: reference.target }),
          ),
      ],
      'a name or a mapping {source, target}',
    ),
  );

const healthcheck = () =>
  z
    .strictObject({
      disable: z.boolean().optional(),
      interval: durationMs().optional(),
      retries: z.int().min(0).optional(),
      test: stringOrList().optional(),
      timeout: durationMs().optional(),
      start_period: durationMs().optional(),
      start_interval: durationMs().optional(),
    })
    .transform((check, context): ComposeHealthcheck => {
      if (check.disable === true && check.test !== undefined && check.test.length > 0) {
        context.issues.push({
          code: 'custom',
          input: check,
          message: "test and disable can't be set at the same time",
        });
        return z.NEVER;
      }
      const test =
        check.disable === true
          ? ['NONE']
          : typeof check.test === 'string'
            ? ['CMD-SHELL', check.test]
            : check.test;
      return compact({
        test,
        intervalMs: check.interval,
        timeoutMs: check.timeout,
        retries: check.retries,
        startPeriodMs: check.start_period,
      });
    });

const serviceModes: readonly ServiceModeName[] = ['replicated', 'global', 'replicated-job', 'global-job'];

const serviceMode = () =>
  z.string().transform((mode, context): ServiceModeName => {
    const known = serviceModes.find((name) => name === mode);
    if (known !== undefined) return known;
    const message = `unknown mode: ${mode}${didYouMean(closestMatch(mode, serviceModes))}`;
    context.issues.push({ code: 'custom', input: mode, message });
    return z.NEVER;
  });

const constraint = () =>
  z.string().transform((text, context) => {
    // The scheduler's parser: what compose accepts is exactly what placement understands.
    const parsed = parseConstraint(text);
    if (parsed.ok) return text;
    context.issues.push({ code: 'custom', input: text, message: parsed.error });
    return z.NEVER;
  });

const placement = () =>
  z
    .strictObject({
      constraints: z.array(constraint()).optional(),
      preferences: z.array(z.strictObject({ spread: z.string().min(1) })).optional(),
      max_replicas_per_node: z.int().min(0).optional(),
    })
    .transform((value) =>
      compact({
        constraints: value.constraints,
        preferences: value.preferences,
        maxReplicasPerNode: value.max_replicas_per_node,
      }),
    );

const resources = () =>
  z
    .strictObject({
      limits: z
        .strictObject({
          cpus: parsedString(parseNanoCpus).optional(),
          memory: parsedString(parseMemoryBytes).optional(),
          pids: z.int().min(0).optional(),
        })
        .transform((limits) =>
          compact({ nanoCpus: limits.cpus, memoryBytes: limits.memory, pids: limits.pids }),
        )
        .optional(),
      reservations: z
        .strictObject({
          cpus: parsedString(parseNanoCpus).optional(),
          memory: parsedString(parseMemoryBytes).optional(),
          generic_resources: z.unknown().optional(),
        })
        .transform((reserved) => compact({ nanoCpus: reserved.cpus, memoryBytes: reserved.memory }))
        .optional(),
    })
    .transform((value) => compact(value));

const restartPolicy = () =>
  z
    .strictObject({
      condition: z.enum(['none', 'on-failure', 'any']).optional(),
      delay: durationMs().optional(),
      max_attempts: z.int().min(0).optional(),
      window: durationMs().optional(),
    })
    .transform((policy) =>
      compact({
        condition: policy.condition,
        delayMs: policy.delay,
        maxAttempts: policy.max_attempts,
        windowMs: policy.window,
      }),
    );

function updateConfig<const Actions extends readonly [string, ...string[]]>(failureActions: Actions) {
  return z
    .strictObject({
      parallelism: z.int().min(0).optional(),
      delay: durationMs().optional(),
      failure_action: z.enum(failureActions).optional(),
      monitor: durationMs().optional(),
      max_failure_ratio: ratioSchema().optional(),
      order: z.enum(['start-first', 'stop-first']).optional(),
    })
    .transform(
      (update): ComposeUpdateConfig =>
        compact({
          parallelism: update.parallelism,
          delayMs: update.delay,
          failureAction: update.failure_action as ComposeUpdateConfig['failureAction'],
          monitorMs: update.monitor,
          maxFailureRatio: update.max_failure_ratio,
          order: update.order,
        }),
    );
}

const deploy = () =>
  z
    .strictObject({
      mode: serviceMode().optional(),
      replicas: z.int().min(0).optional(),
      labels: labels().optional(),
      endpoint_mode: z.enum(['vip', 'dnsrr']).optional(),
      placement: placement().optional(),
      resources: resources().optional(),
      restart_policy: restartPolicy().optional(),
      update_config: updateConfig(['pause', 'continue', 'rollback']).optional(),
      rollback_config: updateConfig(['pause', 'continue']).optional(),
    })
    .nullable()
    .transform(
      (value): ComposeDeploy =>
        compact({
          mode: value?.mode,
          replicas: value?.replicas,
          labels: value?.labels,
          endpointMode: value?.endpoint_mode,
          placement: value?.placement,
          resources: value?.resources,
          restartPolicy: value?.restart_policy,
          updateConfig: value?.update_config,
          rollbackConfig: value?.rollback_config,
        }),
    );

export const serviceSchema = z.strictObject({
  image: z.string().optional(),
  command: shellCommand().optional(),
  entrypoint: shellCommand().optional(),
  environment: environment().optional(),
  labels: labels().optional(),
  ports: ports().optional(),
  networks: serviceNetworks().optional(),
  secrets: fileReferences().optional(),
  configs: fileReferences().optional(),
  healthcheck: healthcheck().optional(),
  restart: z.string().optional(),
  stop_grace_period: durationMs().optional(),
  deploy: deploy().optional(),
  ...optionalShape(ignoredShape),
  ...optionalShape(notSimulatedShape),
});

function optionalShape<Shape extends Record<string, z.ZodType>>(
  shape: Shape,
): { [Key in keyof Shape]: z.ZodOptional<Shape[Key]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as {
    [Key in keyof Shape]: z.ZodOptional<Shape[Key]>;
  };
}

/** `external: true` or `external: {name: x}` (the older way to give the real name). */
const external = () =>
  oneOf([z.boolean(), z.strictObject({ name: z.string().optional() })], 'true, false or a mapping {name}');

export const networkSchema = z
  .strictObject({
    name: z.string().optional(),
    driver: z.string().optional(),
    driver_opts: z.record(z.string(), oneOf([z.string(), z.number()], 'a string')).optional(),
    ipam: z.unknown().optional(),
    external: external().optional(),
    internal: z.boolean().optional(),
    attachable: z.boolean().optional(),
    labels: labels().optional(),
  })
  .nullable();

export const volumeSchema = z
  .strictObject({
    name: z.string().optional(),
    driver: z.string().optional(),
    driver_opts: z.record(z.string(), oneOf([z.string(), z.number()], 'a string')).optional(),
    external: external().optional(),
    labels: labels().optional(),
  })
  .nullable();

export const secretSchema = z.strictObject({
  name: z.string().optional(),
  file: z.string().optional(),
  external: external().optional(),
  labels: labels().optional(),
  driver: z.string().optional(),
  driver_opts: z.record(z.string(), oneOf([z.string(), z.number()], 'a string')).optional(),
  template_driver: z.string().optional(),
});

export const configSchema = z.strictObject({
  name: z.string().optional(),
  file: z.string().optional(),
  external: external().optional(),
  labels: labels().optional(),
  template_driver: z.string().optional(),
});

export const composeFileSchema = z.strictObject({
  version: z.string().optional(),
  services: z.record(z.string(), serviceSchema).optional(),
  networks: z.record(z.string(), networkSchema).optional(),
  volumes: z.record(z.string(), volumeSchema).optional(),
  secrets: z.record(z.string(), secretSchema).optional(),
  configs: z.record(z.string(), configSchema).optional(),
});

export type RawComposeFile = z.output<typeof composeFileSchema>;
export type RawService = z.output<typeof serviceSchema>;
