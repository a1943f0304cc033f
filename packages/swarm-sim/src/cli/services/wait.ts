/**
 * What the service commands share: the shell host (for waiting and files), docker/cli's
 * `WaitOnService` over the progress display, image pinning as the daemon does it when asked to
 * query the registry, and the sandbox's lookups of named networks and secrets.
 */

import type { ServiceListEntry } from '../../services/queries.js';
import { pinnedImage, validateServiceSpec } from '../../services/spec.js';
import { createServiceSpec, type ServiceSpec } from '../../stack/service-spec.js';
import type { DockerContext, DockerHost } from '../docker-context.js';
import type { CommandOutput } from '../types.js';
import { followServiceProgress, renderProgress } from './progress.js';

/** What waiting printed, and the error it ended with (docker prints it last, exit 1). */
export interface WaitResult {
  readonly stdout: string;
  readonly error: string | null;
}

/**
 * docker/cli `WaitOnService`: the progress display until the service converges. Without a host
 * (a context that only sends requests) nothing can wait, and the command returns at once.
 */
export function waitOnService(context: DockerContext, serviceRef: string, quiet: boolean): WaitResult {
  const host = context.host;
  if (host === undefined) return { stdout: '', error: null };
  const outcome = followServiceProgress(context, host, serviceRef);
  return { stdout: quiet ? '' : renderProgress(outcome.messages, host), error: outcome.error };
}

/** `stdout` then, if waiting failed, its error on stderr with exit 1. */
export function outputAfterWait(stdout: string, waited: WaitResult): CommandOutput {
  const text = stdout + waited.stdout;
  if (waited.error === null) return { stdout: text, stderr: '', exitCode: 0 };
  return { stdout: text, stderr: `${waited.error}\n`, exitCode: 1 };
}

/**
 * The daemon's `QueryRegistry`: a valid reference is pinned to its digest (`nginx` →
 * `nginx:latest@sha256:…`); one that cannot be parsed is left as given, and the spec check
 * then refuses it with the name the user typed.
 */
export function resolveImage(spec: ServiceSpec): ServiceSpec {
  const pinned = pinnedImage(spec.image);
  const valid = validateServiceSpec(createServiceSpec('image-check', pinned)).ok;
  return valid ? { ...spec, image: pinned } : spec;
}

export function hostOrNull(context: DockerContext): DockerHost | null {
  return context.host ?? null;
}

/**
 * The networks, secrets and configs the swarm knows. The model stores no network, secret or
 * config objects of its own, so a name exists while a service uses it (a stack creates its
 * networks by deploying services attached to them) — plus `ingress`.
 */
export function namedObjectsInUse(entries: readonly ServiceListEntry[]): {
  networks: Set<string>;
  secrets: Set<string>;
  configs: Set<string>;
} {
  const networks = new Set<string>(['ingress']);
  const secrets = new Set<string>();
  const configs = new Set<string>();
  for (const { service } of entries) {
    for (const network of service.spec.networks) networks.add(network.target);
    for (const secret of service.spec.secrets) secrets.add(secret.name);
    for (const config of service.spec.configs) configs.add(config.name);
  }
  return { networks, secrets, configs };
}
