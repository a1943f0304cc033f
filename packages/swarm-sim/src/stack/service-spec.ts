/**
 * A swarm service's desired state, as the sandbox models it: the fields of Docker's
 * `swarm.ServiceSpec` (moby/moby `api/types/swarm/service.go`, SwarmKit `api/specs.proto`) that
 * the simulation uses, flattened, with units in the names. `docker service create` and
 * `docker stack deploy` both produce one; the swarm store keeps it; the orchestrator, scheduler
 * and updater read it.
 *
 * Plain data with every field present (no undefined): defaults are filled in when a spec is
 * made, from SwarmKit's `api/defaults/service.go` (swarm.md §1.12). Times are integer
 * milliseconds, CPUs integer nano-CPUs (1 CPU = 1e9), memory integer bytes, ratios integer
 * fractions.
 */
import type { Ratio } from '../files/values.js';
import type {
  EndpointMode,
  PortProtocol,
  PortPublishMode,
  RestartCondition,
  UpdateFailureAction,
  UpdateOrder,
} from './compose-types.js';

export type {
  EndpointMode,
  PortProtocol,
  PortPublishMode,
  RestartCondition,
  UpdateFailureAction,
  UpdateOrder,
};

/** How many tasks a service wants (`Spec.Mode`). */
export type ServiceMode =
  /** `replicas` tasks, spread by the scheduler. Default 1. */
  | { readonly kind: 'replicated'; readonly replicas: number }
  /** One task on every node that satisfies the placement constraints. */
  | { readonly kind: 'global' }
  /** A job: run `totalCompletions` tasks to completion, at most `maxConcurrent` at once. */
  | { readonly kind: 'replicated-job'; readonly maxConcurrent: number; readonly totalCompletions: number }
  /** A job: one task to completion on every eligible node. */
  | { readonly kind: 'global-job' };

export interface PlacementPreference {
  /** Spread tasks evenly over the values of this node attribute, e.g. `node.labels.zone`. */
  readonly spread: string;
}

export interface Placement {
  /** All must hold (AND), e.g. `node.role == manager`, `node.labels.zone != east`. Syntax: constraint.ts. */
  readonly constraints: readonly string[];
  /** Applied in order: tasks spread over the first, then within each group over the next. */
  readonly preferences: readonly PlacementPreference[];
  /** At most this many tasks of the service per node; 0 = unlimited (`--replicas-max-per-node`). */
  readonly maxReplicas: number;
}

export interface Resources {
  /** 0 = none. */
  readonly nanoCpus: number;
  /** 0 = none. */
  readonly memoryBytes: number;
}

export interface ResourceLimits extends Resources {
  /** Process limit per container; 0 = unlimited. */
  readonly pids: number;
}

export interface ResourceRequirements {
  /** A task is killed (memory) or throttled (CPU) past these. */
  readonly limits: ResourceLimits;
  /** The scheduler places a task only on a node with this much unreserved. */
  readonly reservations: Resources;
}

/** When a stopped task is replaced (`--restart-*`). */
export interface RestartPolicy {
  /** `none`: never; `on-failure`: after a non-zero exit; `any`: always. Default `any`. */
  readonly condition: RestartCondition;
  /** Wait between a task stopping and its replacement starting. Default 5s. */
  readonly delayMs: number;
  /** Give up after this many restarts within `windowMs`; 0 = unlimited. Default 0. */
  readonly maxAttempts: number;
  /** The window `maxAttempts` counts in; 0 = unbounded. Default 0. */
  readonly windowMs: number;
}

/** How a rolling update (or rollback) proceeds (`--update-*`, `--rollback-*`). */
export interface UpdateConfig {
  /** Tasks updated at once; 0 = all at once. Default 1. */
  readonly parallelism: number;
  /** Wait between batches. Default 0. */
  readonly delayMs: number;
  /** What a failed update does: pause, continue, or (updates only) rollback. Default `pause`. */
  readonly failureAction: UpdateFailureAction;
  /** How long after a task update the updater watches for failure. Default 5s. */
  readonly monitorMs: number;
  /** The fraction of failed task updates tolerated. Default 0. Invariant: numerator <= denominator. */
  readonly maxFailureRatio: Ratio;
  /** `stop-first` stops the old task before starting its replacement; `start-first` overlaps them. */
  readonly order: UpdateOrder;
}

export interface PortConfig {
  readonly protocol: PortProtocol;
  /** The port inside the container. */
  readonly targetPort: number;
  /** The port on the swarm; null until the allocator picks one from 30000–32767. */
  readonly publishedPort: number | null;
  /** `ingress`: the routing mesh answers on every node; `host`: only nodes running a task. */
  readonly publishMode: PortPublishMode;
}

export interface EndpointSpec {
  /** `vip`: one virtual IP load-balances the tasks; `dnsrr`: DNS returns the task IPs. Default `vip`. */
  readonly mode: EndpointMode;
  readonly ports: readonly PortConfig[];
}

export interface NetworkAttachment {
  /** The network's name (`web_default`) as the service is created; resolved to an id by the manager. */
  readonly target: string;
  /** Extra DNS names of the service on this network (a stack adds the service's short name). */
  readonly aliases: readonly string[];
}

/** A secret or config mounted into the service's containers. */
export interface FileReference {
  /** The secret's or config's name (`web_db_password`). */
  readonly name: string;
  /** The file name in the container (under /run/secrets for secrets). */
  readonly target: string;
}

export interface Healthcheck {
  /** `["CMD", …]`, `["CMD-SHELL", "…"]`, or `["NONE"]` to disable the image's check. */
  readonly test: readonly string[];
  /** 0 = the engine default (30s). */
  readonly intervalMs: number;
  /** 0 = the engine default (30s). */
  readonly timeoutMs: number;
  /** Consecutive failures before unhealthy; 0 = the engine default (3). */
  readonly retries: number;
  readonly startPeriodMs: number;
}

export interface ServiceSpec {
  /** The service's name: `<stack>_<service>` in a stack, `--name` otherwise. */
  readonly name: string;
  /** Service labels (`--label`, compose `deploy.labels`; a stack adds `com.docker.stack.namespace`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The image as given (`nginx`, `nginx:1.25`); the daemon resolves and pins it. */
  readonly image: string;
  /** Replaces the image's ENTRYPOINT (`--entrypoint`, compose `entrypoint`); [] keeps the image's. */
  readonly command: readonly string[];
  /** Arguments (`docker service create IMAGE ARG…`, compose `command`); [] keeps the image's CMD. */
  readonly args: readonly string[];
  /** `KEY=value` (or a bare `KEY`), sorted, as Docker stores them. */
  readonly env: readonly string[];
  /** Container labels (`--container-label`, compose `labels`). */
  readonly containerLabels: Readonly<Record<string, string>>;
  readonly mode: ServiceMode;
  readonly placement: Placement;
  readonly resources: ResourceRequirements;
  readonly restartPolicy: RestartPolicy;
  readonly updateConfig: UpdateConfig;
  readonly rollbackConfig: UpdateConfig;
  readonly endpoint: EndpointSpec;
  /** Sorted by target. */
  readonly networks: readonly NetworkAttachment[];
  /** Sorted by name. */
  readonly secrets: readonly FileReference[];
  /** Sorted by name. */
  readonly configs: readonly FileReference[];
  /** null: the image's own healthcheck, if any. */
  readonly healthcheck: Healthcheck | null;
  /** How long a stopping task gets between SIGTERM and SIGKILL. Default 10s. */
  readonly stopGracePeriodMs: number;
  /**
   * Docker's `TaskTemplate.ForceUpdate`: a counter `docker service update --force` increments, so
   * that every task is out of date and replaced. 0 for a new spec (and for every compose service).
   */
  readonly forceUpdate: number;
}

/** SwarmKit's defaults for the restart policy (`api/defaults/service.go`). */
export const defaultRestartPolicy: RestartPolicy = {
  condition: 'any',
  delayMs: 5_000,
  maxAttempts: 0,
  windowMs: 0,
};

/** SwarmKit's defaults for updates; rollbacks use the same. */
export const defaultUpdateConfig: UpdateConfig = {
  parallelism: 1,
  delayMs: 0,
  failureAction: 'pause',
  monitorMs: 5_000,
  maxFailureRatio: { numerator: 0, denominator: 1 },
  order: 'stop-first',
};

export const defaultStopGracePeriodMs = 10_000;

/** A spec with every default: one replica, no constraints, no ports, vip endpoint. */
export function createServiceSpec(name: string, image: string): ServiceSpec {
  return {
    name,
    labels: {},
    image,
    command: [],
    args: [],
    env: [],
    containerLabels: {},
    mode: { kind: 'replicated', replicas: 1 },
    placement: { constraints: [], preferences: [], maxReplicas: 0 },
    resources: {
      limits: { nanoCpus: 0, memoryBytes: 0, pids: 0 },
      reservations: { nanoCpus: 0, memoryBytes: 0 },
    },
    restartPolicy: defaultRestartPolicy,
    updateConfig: defaultUpdateConfig,
    rollbackConfig: defaultUpdateConfig,
    endpoint: { mode: 'vip', ports: [] },
    networks: [],
    secrets: [],
    configs: [],
    healthcheck: null,
    stopGracePeriodMs: defaultStopGracePeriodMs,
    forceUpdate: 0,
  };
}
