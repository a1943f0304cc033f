/**
 * A compose file as the sandbox reads it for `docker stack deploy`: the swarm-relevant subset
 * of compose file format 3.x, validated and normalised (durations in ms, sizes in bytes, CPUs
 * in nano-CPUs, lists and mappings in one form each). A key left out of the file is left out
 * here too (undefined), so that merging files can tell "not set" from "set to the default";
 * `composeToStackSpec` fills in Docker's defaults.
 *
 * Everything is plain data: a project can be stored, cloned and compared.
 */
import type { Ratio } from '../files/values.js';
import type { ComposePort } from './compose-values.js';

export type { ComposePort, PortProtocol, PortPublishMode } from './compose-values.js';

export type ServiceModeName = 'replicated' | 'global' | 'replicated-job' | 'global-job';
export type RestartCondition = 'none' | 'on-failure' | 'any';
export type UpdateFailureAction = 'pause' | 'continue' | 'rollback';
export type UpdateOrder = 'stop-first' | 'start-first';
export type EndpointMode = 'vip' | 'dnsrr';

export interface ComposeServiceNetwork {
  /** The key under top-level `networks` (`default` when the service names none). */
  readonly name: string;
  readonly aliases: readonly string[];
}

/** A service's use of a secret or config: `secrets: [db_password]` or `{source, target}`. */
export interface ComposeFileReference {
  /** The key under top-level `secrets` / `configs`. */
  readonly source: string;
  /** The file name inside the container; undefined: the source name. */
  readonly target?: string;
}

export interface ComposeHealthcheck {
  /** `["CMD", …]`, `["CMD-SHELL", "…"]` (a string test), or `["NONE"]` (`disable: true`). */
  readonly test?: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
}

export interface ComposeUpdateConfig {
  readonly parallelism?: number;
  readonly delayMs?: number;
  readonly failureAction?: UpdateFailureAction;
  readonly monitorMs?: number;
  readonly maxFailureRatio?: Ratio;
  readonly order?: UpdateOrder;
}

export interface ComposeRestartPolicy {
  readonly condition?: RestartCondition;
  readonly delayMs?: number;
  readonly maxAttempts?: number;
  readonly windowMs?: number;
}

export interface ComposeResources {
  readonly limits?: { readonly nanoCpus?: number; readonly memoryBytes?: number; readonly pids?: number };
  readonly reservations?: { readonly nanoCpus?: number; readonly memoryBytes?: number };
}

export interface ComposePlacement {
  /** Validated constraint texts (`node.labels.zone == east`), in file order. */
  readonly constraints?: readonly string[];
  /** `spread` descriptors (`node.labels.zone`), in file order. */
  readonly preferences?: readonly { readonly spread: string }[];
  readonly maxReplicasPerNode?: number;
}

export interface ComposeDeploy {
  readonly mode?: ServiceModeName;
  readonly replicas?: number;
  /** Service labels (`deploy.labels`), as opposed to container labels (`labels`). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly endpointMode?: EndpointMode;
  readonly placement?: ComposePlacement;
  readonly resources?: ComposeResources;
  readonly restartPolicy?: ComposeRestartPolicy;
  readonly updateConfig?: ComposeUpdateConfig;
  readonly rollbackConfig?: ComposeUpdateConfig;
}

export interface ComposeService {
  /** The key under `services`. */
  readonly name: string;
  readonly image?: string;
  /** `command`, split as a shell would when written as one string. Becomes the container's args. */
  readonly command?: readonly string[];
  /** `entrypoint`, split likewise. Replaces the image's entrypoint. */
  readonly entrypoint?: readonly string[];
  /** null: a name without a value (`- DEBUG`), passed on as `DEBUG`. */
  readonly environment?: Readonly<Record<string, string | null>>;
  /** Container labels. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly ports?: readonly ComposePort[];
  readonly networks?: readonly ComposeServiceNetwork[];
  readonly secrets?: readonly ComposeFileReference[];
  readonly configs?: readonly ComposeFileReference[];
  readonly healthcheck?: ComposeHealthcheck;
  /** The legacy `restart:` key: ignored with a warning, yet used when `deploy.restart_policy` is absent. */
  readonly restart?: string;
  readonly stopGracePeriodMs?: number;
  readonly deploy?: ComposeDeploy;
}

export interface ComposeNetwork {
  /** The key under top-level `networks`. */
  readonly name: string;
  /** Declared `external: true`: must already exist; never created or namespaced. */
  readonly external: boolean;
  /** `name:` (or `external: {name}`): the network's real name, used instead of `<stack>_<key>`. */
  readonly customName?: string;
  readonly driver?: string;
  readonly attachable?: boolean;
  readonly internal?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A top-level secret or config. */
export interface ComposeFileObject {
  readonly name: string;
  readonly external: boolean;
  readonly customName?: string;
  /** `file: ./password.txt`, as written (the sandbox has no host files to read). */
  readonly file?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ComposeVolume {
  readonly name: string;
  readonly external: boolean;
  readonly customName?: string;
  readonly driver?: string;
}

export interface ComposeWarnings {
  /** Keys docker stack deploy ignores, sorted and unique: `build`, `links`, `restart`, … */
  readonly unsupported: readonly string[];
  /** Deprecated keys with docker/cli's explanation, sorted by key. */
  readonly deprecated: readonly { readonly option: string; readonly description: string }[];
  /** Valid compose keys that Docker honours but the sandbox does not model (`volumes`, `user`, …), sorted. */
  readonly notSimulated: readonly string[];
}

/** Where a key was written, so that checks after merging can still point at the file. */
export interface SourcePosition {
  /** The key path, formatted as in errors (`services.web.deploy.replicas`). */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ComposeProject {
  /** The files this project was read from, in `-c` order. */
  readonly files: readonly string[];
  /** The compose format version, normalised as docker/cli does (absent or `3` → `3.13`). */
  readonly version: string;
  /** Sorted by name. */
  readonly services: readonly ComposeService[];
  readonly networks: readonly ComposeNetwork[];
  readonly volumes: readonly ComposeVolume[];
  readonly secrets: readonly ComposeFileObject[];
  readonly configs: readonly ComposeFileObject[];
  readonly warnings: ComposeWarnings;
  /** Sorted by path; for a merged project the last file to write a key wins. */
  readonly positions: readonly SourcePosition[];
}
