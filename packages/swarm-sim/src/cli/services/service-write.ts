/**
 * `docker service create | update | rollback | scale | rm`, request for request as docker/cli runs
 * them (`cli/command/service/create.go`, `update.go`, `rollback.go`, `scale.go`, `remove.go`),
 * with their texts (swarm.md §1.12, §1.15). Create, update, rollback and scale then follow the
 * service with the progress display until it converges, unless `-d`.
 */

import { parseGoUint } from '../../docker/go-values.js';
import type { ParsedCommandOf } from '../../docker/grammar/parse.js';
import { assert } from '../../kernel/assert.js';
import type { ServiceCreateResult } from '../../services/control.js';
import type { ServiceListEntry } from '../../services/queries.js';
import type { ServiceSpec } from '../../stack/service-spec.js';
import type { ServiceObject } from '../../swarm/objects.js';
import { type DockerContext, failAfter, failAfterResponse, responseErrorText } from '../docker-context.js';
import type { CommandOutput } from '../types.js';
import { createSpecFromFlags, flagsBesideRollback, updateSpecFromFlags } from './spec-flags.js';
import { namedObjectsInUse, outputAfterWait, resolveImage, waitOnService } from './wait.js';

/** `--env-file`: docker `opts.ParseEnvFile` (comments and blank lines skipped; `KEY` alone needs a client environment, which the sandbox has none of). */
function readEnvFiles(
  context: DockerContext,
  paths: readonly string[],
): { ok: true; env: string[] } | { ok: false; error: string } {
  const env: string[] = [];
  for (const path of paths) {
    const reader = context.host?.readFile;
    const read =
      reader === undefined
        ? { ok: false as const, error: 'no files can be read in this shell' }
        : reader(path);
    if (!read.ok) return { ok: false, error: `open ${path}: ${read.error}` };
    for (const raw of read.text.split('\n')) {
      const line = raw.replace(/^[\s]+/, '').replace(/\r$/, '');
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('=')) return { ok: false, error: `no variable name on line '${line}'` };
      if (line.includes('=')) env.push(line);
    }
  }
  return { ok: true, env };
}

/** docker/cli `ParseSecrets` / `ParseConfigs` and the network lookup of `ToService`. */
function checkReferences(
  context: DockerContext,
  spec: ServiceSpec,
  previous: ServiceSpec | null,
): string | null {
  const newNetworks = spec.networks.filter(
    (network) => !previous?.networks.some((old) => old.target === network.target),
  );
  const newSecrets = spec.secrets.filter(
    (secret) => !previous?.secrets.some((old) => old.name === secret.name),
  );
  const newConfigs = spec.configs.filter(
    (config) => !previous?.configs.some((old) => old.name === config.name),
  );
  if (newNetworks.length + newSecrets.length + newConfigs.length === 0) return null;
  const listed = context.call({ method: 'service.list', params: {} });
  if (!listed.ok) return responseErrorText(listed);
  const known = namedObjectsInUse(listed.value as ServiceListEntry[]);
  for (const network of newNetworks) {
    if (network.target === 'ingress') {
      return 'Error response from daemon: rpc error: code = InvalidArgument desc = Service cannot be explicitly attached to the ingress network "ingress"';
    }
    if (!known.networks.has(network.target))
      return `Error response from daemon: network ${network.target} not found`;
  }
  const missingSecret = newSecrets.find((secret) => !known.secrets.has(secret.name));
  if (missingSecret !== undefined) return `secret not found: ${missingSecret.name}`;
  const missingConfig = newConfigs.find((config) => !known.configs.has(config.name));
  if (missingConfig !== undefined) return `config not found: ${missingConfig.name}`;
  return null;
}

export function runServiceCreate(
  context: DockerContext,
  command: ParsedCommandOf<'service create'>,
): CommandOutput {
  const options = command.options;
  assert(command.args.length >= 1, 'the grammar gives service create its image');
  const envFiles = readEnvFiles(context, options['env-file'] ?? []);
  if (!envFiles.ok) return failAfter('', envFiles.error);
  const built = createSpecFromFlags(options, command.args, envFiles.env);
  if (!built.ok) return failAfter('', built.message, built.exitCode);
  const referenceError = checkReferences(context, built.spec, null);
  if (referenceError !== null) return failAfter('', referenceError);
  const spec = options['no-resolve-image'] === true ? built.spec : resolveImage(built.spec);
  const created = context.call({ method: 'service.create', params: { spec } });
  if (!created.ok) return failAfterResponse('', created);
  const id = (created.value as ServiceCreateResult).id;
  const stdout = `${id}\n`;
  if (options.detach === true) return { stdout, stderr: '', exitCode: 0 };
  return outputAfterWait(stdout, waitOnService(context, id, options.quiet === true));
}

function inspectService(
  context: DockerContext,
  reference: string,
): { ok: true; service: ServiceObject } | { ok: false; error: string } {
  const inspected = context.call({ method: 'service.inspect', params: { ref: reference } });
  if (!inspected.ok) return { ok: false, error: responseErrorText(inspected) };
  return { ok: true, service: inspected.value as ServiceObject };
}

export function runServiceUpdate(
  context: DockerContext,
  command: ParsedCommandOf<'service update'>,
): CommandOutput {
  const options = command.options;
  const reference = command.args[0] as string;
  const inspected = inspectService(context, reference);
  if (!inspected.ok) return failAfter('', inspected.error);
  const service = inspected.service;
  const base = { ref: service.meta.id, version: service.meta.version };
  let params: Record<string, unknown>;
  if (options.rollback === true) {
    if (flagsBesideRollback(options)) return failAfter('', 'other flags may not be combined with --rollback');
    params = { ...base, rollback: true };
  } else {
    const merged = updateSpecFromFlags(service.spec, options);
    if (!merged.ok) return failAfter('', merged.message, merged.exitCode);
    const spec =
      options.image !== undefined && options['no-resolve-image'] !== true
        ? resolveImage(merged.spec)
        : merged.spec;
    const referenceError = checkReferences(context, spec, service.spec);
    if (referenceError !== null) return failAfter('', referenceError);
    params = { ...base, spec, force: options.force === true };
  }
  const updated = context.call({ method: 'service.update', params });
  if (!updated.ok) return failAfterResponse('', updated);
  const stdout = `${reference}\n`;
  if (options.detach === true) return { stdout, stderr: '', exitCode: 0 };
  return outputAfterWait(stdout, waitOnService(context, reference, options.quiet === true));
}

export function runServiceRollback(
  context: DockerContext,
  command: ParsedCommandOf<'service rollback'>,
): CommandOutput {
  const reference = command.args[0] as string;
  const inspected = inspectService(context, reference);
  if (!inspected.ok) return failAfter('', inspected.error);
  const { id, version } = inspected.service.meta;
  const updated = context.call({ method: 'service.update', params: { ref: id, version, rollback: true } });
  if (!updated.ok) return failAfterResponse('', updated);
  const stdout = `${reference}\n`;
  if (command.options.detach === true) return { stdout, stderr: '', exitCode: 0 };
  return outputAfterWait(stdout, waitOnService(context, reference, command.options.quiet === true));
}

/** `runServiceScale`: inspect, change the replica count (or a job's completions), update. */
function scaleOne(context: DockerContext, reference: string, replicas: number): string | null {
  const inspected = inspectService(context, reference);
  if (!inspected.ok) return inspected.error;
  const service = inspected.service;
  const mode = service.spec.mode;
  let spec: ServiceSpec;
  if (mode.kind === 'replicated') spec = { ...service.spec, mode: { kind: 'replicated', replicas } };
  else if (mode.kind === 'replicated-job')
    spec = { ...service.spec, mode: { ...mode, totalCompletions: replicas } };
  else return 'scale can only be used with replicated or replicated-job mode';
  const updated = context.call({
    method: 'service.update',
    params: { ref: service.meta.id, version: service.meta.version, spec },
  });
  return updated.ok ? null : responseErrorText(updated);
}

export function runServiceScale(
  context: DockerContext,
  command: ParsedCommandOf<'service scale'>,
): CommandOutput {
  let stdout = '';
  const errors: string[] = [];
  const scaled: string[] = [];
  for (const argument of command.args) {
    const equals = argument.indexOf('=');
    assert(equals > 0, 'the grammar checks SERVICE=REPLICAS');
    const reference = argument.slice(0, equals);
    const text = argument.slice(equals + 1);
    const replicas = parseGoUint(text, 10, 64);
    if (!replicas.ok) {
      errors.push(`${reference}: invalid replicas value ${text}: ${replicas.error}`);
      continue;
    }
    const error = scaleOne(context, reference, replicas.value);
    if (error !== null) {
      errors.push(`${reference}: ${error}`);
      continue;
    }
    stdout += `${reference} scaled to ${replicas.value}\n`;
    scaled.push(reference);
  }
  if (command.options.detach !== true) {
    for (const reference of scaled) {
      const waited = waitOnService(context, reference, false);
      stdout += waited.stdout;
      if (waited.error !== null) errors.push(`${reference}: ${waited.error}`);
    }
  }
  if (errors.length > 0) return failAfter(stdout, errors.join('\n'));
  return { stdout, stderr: '', exitCode: 0 };
}

/** docker/cli `runRemove`: every service is tried; errors are printed together at the end. */
export function runServiceRemove(
  context: DockerContext,
  command: ParsedCommandOf<'service rm'>,
): CommandOutput {
  let stdout = '';
  const errors: string[] = [];
  for (const reference of command.args) {
    const removed = context.call({ method: 'service.remove', params: { ref: reference } });
    if (!removed.ok) {
      errors.push(responseErrorText(removed));
      continue;
    }
    stdout += `${reference}\n`;
  }
  if (errors.length > 0) return failAfter(stdout, errors.join('\n'));
  return { stdout, stderr: '', exitCode: 0 };
}
