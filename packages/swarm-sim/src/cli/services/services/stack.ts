/**
 * `docker stack deploy | ls | services | ps | rm` (docker/cli `cli/command/stack/*.go`,
 * `cli/command/stack/loader/loader.go`; swarm.md §1.16), on the compose loader of `stack/`.
 *
 * Files come from the user's disk through the shell host's `readFile` (swarm-sim does no I/O).
 * A compose error stops the deploy before anything is sent: every error is printed with its file,
 * line, column and key, and the swarm is left as it was.
 *
 * Networks, secrets and configs are modelled by name only: the swarm model stores no such
 * objects, so a stack's network "exists" while one of the stack's services is attached to it (it
 * is created with the first service that uses it and goes with the last), and likewise a secret or
 * config while a service uses it. `Creating network shop_default` is printed when no service of the
 * stack uses the network yet; `stack rm` lists the stack's networks, secrets and configs named
 * `<stack>_…` that its services use.
 */

import type { ParsedCommandOf } from '../../docker/grammar/parse.js';
import { naturalCompare } from '../../docker/humanize.js';
import { formatRows } from '../../docker/template.js';
import { formatFileErrors } from '../../files/file-error.js';
import type { ServiceCreateResult } from '../../services/control.js';
import type { ServiceListEntry, TaskListResult } from '../../services/queries.js';
import {
  composeToStackSpec,
  type StackSpec,
  stackImageLabel,
  stackNamespaceLabel,
  validateStackName,
} from '../../stack/convert.js';
import { type ComposeSource, loadComposeFiles } from '../../stack/merge-compose.js';
import type { ServiceSpec } from '../../stack/service-spec.js';
import { formatComposeWarnings } from '../../stack/warnings.js';
import type { InfoResult } from '../../swarm/engine.js';
import { wait } from '../../swarm/sandbox.js';
import { type DockerContext, responseErrorText } from '../docker-context.js';
import type { CommandOutput } from '../types.js';
import { formatTaskList } from './service-format.js';
import { listServicesOutput, taskFilters } from './service-read.js';
import { namedObjectsInUse, resolveImage, waitOnService } from './wait.js';

/** Output written so far, for commands that print as they go and may fail halfway. */
interface Printer {
  stdout: string;
  stderr: string;
}

function finish(printer: Printer, error: string | null): CommandOutput {
  if (error === null) return { stdout: printer.stdout, stderr: printer.stderr, exitCode: 0 };
  return { stdout: printer.stdout, stderr: `${printer.stderr}${error}\n`, exitCode: 1 };
}

/** The stack's services (label `com.docker.stack.namespace=NAME`). */
function stackServices(
  context: DockerContext,
  namespace: string,
): { ok: true; entries: ServiceListEntry[] } | { ok: false; error: string } {
  const listed = context.call({
    method: 'service.list',
    params: { filters: { label: [`${stackNamespaceLabel}=${namespace}`] } },
  });
  if (!listed.ok) return { ok: false, error: responseErrorText(listed) };
  const entries = (listed.value as ServiceListEntry[]).sort((left, right) =>
    naturalCompare(left.service.spec.name, right.service.spec.name),
  );
  return { ok: true, entries };
}

/** The stack's networks, secrets and configs: names `<stack>_…` its services use. */
function stackObjects(
  entries: readonly ServiceListEntry[],
  namespace: string,
): { networks: string[]; secrets: string[]; configs: string[] } {
  const inUse = namedObjectsInUse(entries);
  const own = (names: Set<string>) => [...names].filter((name) => name.startsWith(`${namespace}_`)).sort();
  return { networks: own(inUse.networks), secrets: own(inUse.secrets), configs: own(inUse.configs) };
}

// ---------------------------------------------------------------------------------------------
// deploy

/** Reads every `-c` file; the first that cannot be read is the error (`open x.yml: …`). */
function readComposeSources(
  context: DockerContext,
  paths: readonly string[],
): { ok: true; sources: ComposeSource[] } | { ok: false; error: string } {
  const sources: ComposeSource[] = [];
  for (const path of paths) {
    if (path === '-')
      return {
        ok: false,
        error:
          'docker: the sandbox shell has no standard input to read a Compose file from; give a file name',
      };
    const reader = context.host?.readFile;
    const read =
      reader === undefined
        ? { ok: false as const, error: 'no files can be read in this shell' }
        : reader(path);
    if (!read.ok) return { ok: false, error: `open ${path}: ${read.error}` };
    sources.push({ text: read.text, fileName: path });
  }
  return { ok: true, sources };
}

/** `LoadComposefile` then the conversion: the stack, the loader's warnings, or every error. */
function loadStack(
  context: DockerContext,
  command: ParsedCommandOf<'stack deploy'>,
): { ok: true; stack: StackSpec; warnings: string } | { ok: false; error: string } {
  const namespace = command.args[0] as string;
  const nameError = validateStackName(namespace);
  if (nameError !== null) return { ok: false, error: nameError };
  const read = readComposeSources(context, command.options['compose-file'] ?? []);
  if (!read.ok) return read;
  const loaded = loadComposeFiles(read.sources);
  if (!loaded.ok) return { ok: false, error: formatFileErrors(loaded.errors).replace(/\n$/, '') };
  const converted = composeToStackSpec(loaded.project, namespace);
  if (!converted.ok) return { ok: false, error: formatFileErrors(converted.errors).replace(/\n$/, '') };
  return { ok: true, stack: converted.stack, warnings: formatComposeWarnings(loaded.project.warnings) };
}

const notManager =
  'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again';

function checkManager(context: DockerContext): string | null {
  const info = context.call({ method: 'info', params: {} });
  if (!info.ok) return responseErrorText(info);
  return (info.value as InfoResult).swarm.controlAvailable ? null : notManager;
}

/** Networks that are not user-defined exist on every node (`container.NetworkMode.IsUserDefined`). */
const builtInNetworks = new Set(['default', 'bridge', 'host', 'none']);

/** External networks must exist; networks, secrets and configs not yet in use are "created". */
function createStackObjects(
  stack: StackSpec,
  existing: readonly ServiceListEntry[],
  everyService: readonly ServiceListEntry[],
  printer: Printer,
): string | null {
  const known = namedObjectsInUse(everyService);
  for (const network of stack.externalNetworks) {
    if (builtInNetworks.has(network) || known.networks.has(network)) continue;
    return `network ${JSON.stringify(network)} is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`;
  }
  const own = namedObjectsInUse(existing);
  for (const network of stack.networks)
    if (!own.networks.has(network.name)) printer.stdout += `Creating network ${network.name}\n`;
  for (const secret of stack.secrets)
    if (!known.secrets.has(secret.name)) printer.stdout += `Creating secret ${secret.name}\n`;
  for (const config of stack.configs)
    if (!known.configs.has(config.name)) printer.stdout += `Creating config ${config.name}\n`;
  return null;
}

/** `--resolve-image`: always pin; `changed` pins a changed image and keeps a pinned one; `never` keeps it. */
function imageFor(spec: ServiceSpec, previous: ServiceSpec | null, mode: string): ServiceSpec {
  const unchanged = previous !== null && previous.labels[stackImageLabel] === spec.image;
  if (mode === 'always') return resolveImage(spec);
  if (unchanged) return { ...spec, image: previous.image };
  return mode === 'changed' ? resolveImage(spec) : spec;
}

/** `deployServices`: update the stack's existing services, create the others. Service IDs in order. */
function deployServices(
  context: DockerContext,
  stack: StackSpec,
  existing: readonly ServiceListEntry[],
  mode: string,
  printer: Printer,
): { ok: true; ids: string[] } | { ok: false; error: string } {
  const ids: string[] = [];
  for (const spec of stack.services) {
    const current = existing.find((entry) => entry.service.spec.name === spec.name)?.service ?? null;
    const sent = imageFor(spec, current?.spec ?? null, mode);
    if (current !== null) {
      printer.stdout += `Updating service ${spec.name} (id: ${current.meta.id})\n`;
      const updated = context.call({
        method: 'service.update',
        params: { ref: current.meta.id, version: current.meta.version, spec: sent },
      });
      if (!updated.ok)
        return { ok: false, error: `failed to update service ${spec.name}: ${responseErrorText(updated)}` };
      ids.push(current.meta.id);
      continue;
    }
    printer.stdout += `Creating service ${spec.name}\n`;
    const created = context.call({ method: 'service.create', params: { spec: sent } });
    if (!created.ok)
      return { ok: false, error: `failed to create service ${spec.name}: ${responseErrorText(created)}` };
    ids.push((created.value as ServiceCreateResult).id);
  }
  return { ok: true, ids };
}

/** `pruneServices`: the stack's services the files no longer name. */
function pruneServices(
  context: DockerContext,
  stack: StackSpec,
  existing: readonly ServiceListEntry[],
  printer: Printer,
): void {
  const wanted = new Set(stack.services.map((spec) => spec.name));
  const gone = existing.filter((entry) => !wanted.has(entry.service.spec.name));
  removeServices(context, gone, printer);
}

function removeServices(
  context: DockerContext,
  entries: readonly ServiceListEntry[],
  printer: Printer,
): boolean {
  let hasError = false;
  const sorted = [...entries].sort((left, right) =>
    left.service.spec.name < right.service.spec.name ? -1 : 1,
  );
  for (const { service } of sorted) {
    printer.stdout += `Removing service ${service.spec.name}\n`;
    const removed = context.call({ method: 'service.remove', params: { ref: service.meta.id } });
    if (!removed.ok) {
      hasError = true;
      printer.stderr += `Failed to remove service ${service.meta.id}: ${responseErrorText(removed)}`;
    }
  }
  return hasError;
}

const resolveImageModes = ['always', 'changed', 'never'];

export function runStackDeploy(
  context: DockerContext,
  command: ParsedCommandOf<'stack deploy'>,
): CommandOutput {
  const options = command.options;
  const printer: Printer = { stdout: '', stderr: '' };
  const loaded = loadStack(context, command);
  if (!loaded.ok) return finish(printer, loaded.error);
  printer.stderr += loaded.warnings;
  const mode = options['resolve-image'] ?? 'always';
  if (!resolveImageModes.includes(mode))
    return finish(printer, `Invalid option ${mode} for flag --resolve-image`);
  const detach = options.detach ?? true;
  if (detach && !('detach' in options)) {
    printer.stderr +=
      'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';
  }
  const managerError = checkManager(context);
  if (managerError !== null) return finish(printer, managerError);
  const stack = loaded.stack;
  if (options.prune === true) {
    const before = stackServices(context, stack.namespace);
    if (before.ok) pruneServices(context, stack, before.entries, printer);
    else printer.stderr += `Failed to list services: ${before.error}\n`;
  }
  const existing = stackServices(context, stack.namespace);
  if (!existing.ok) return finish(printer, existing.error);
  const everyService = context.call({ method: 'service.list', params: {} });
  if (!everyService.ok) return finish(printer, responseErrorText(everyService));
  const objectError = createStackObjects(
    stack,
    existing.entries,
    everyService.value as ServiceListEntry[],
    printer,
  );
  if (objectError !== null) return finish(printer, objectError);
  const deployed = deployServices(context, stack, existing.entries, mode, printer);
  if (!deployed.ok) return finish(printer, deployed.error);
  if (detach) return finish(printer, null);
  const errors: string[] = [];
  for (const id of deployed.ids) {
    const waited = waitOnService(context, id, options.quiet === true);
    printer.stdout += waited.stdout;
    if (waited.error !== null) errors.push(`${id}: ${waited.error}`);
  }
  return finish(printer, errors.length > 0 ? errors.join('\n') : null);
}

// ---------------------------------------------------------------------------------------------
// ls, services, ps, rm

export function runStackList(context: DockerContext, command: ParsedCommandOf<'stack ls'>): CommandOutput {
  const listed = context.call({
    method: 'service.list',
    params: { filters: { label: [stackNamespaceLabel] } },
  });
  if (!listed.ok) return finish({ stdout: '', stderr: '' }, responseErrorText(listed));
  const counts = new Map<string, number>();
  for (const { service } of listed.value as ServiceListEntry[]) {
    const name = service.spec.labels[stackNamespaceLabel] as string;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const rows = [...counts.entries()]
    .sort(([left], [right]) => naturalCompare(left, right))
    .map(([name, services]) => ({ Name: name, Services: String(services) }));
  const format =
    command.options.format === undefined ||
    command.options.format === '' ||
    command.options.format === 'table'
      ? 'table {{.Name}}\t{{.Services}}'
      : command.options.format;
  const rendered = formatRows(format, rows, {
    headers: { Name: 'NAME', Services: 'SERVICES' },
    typeName: '*formatter.stackContext',
  });
  if (!rendered.ok) return finish({ stdout: '', stderr: '' }, rendered.error);
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

export function runStackServices(
  context: DockerContext,
  command: ParsedCommandOf<'stack services'>,
): CommandOutput {
  const namespace = command.args[0] as string;
  const nameError = validateStackName(namespace);
  if (nameError !== null) return finish({ stdout: '', stderr: '' }, nameError);
  const options = { format: command.options.format, quiet: command.options.quiet === true };
  const listed = listServicesOutput(context, command.options.filter ?? [], options, [
    `${stackNamespaceLabel}=${namespace}`,
  ]);
  if (!listed.ok) return listed.output;
  if (listed.entries.length === 0)
    return { stdout: '', stderr: `Nothing found in stack: ${namespace}\n`, exitCode: 0 };
  return { stdout: listed.text, stderr: '', exitCode: 0 };
}

export function runStackPs(context: DockerContext, command: ParsedCommandOf<'stack ps'>): CommandOutput {
  const namespace = command.args[0] as string;
  const empty = { stdout: '', stderr: '' };
  const nameError = validateStackName(namespace);
  if (nameError !== null) return finish(empty, nameError);
  const filters = taskFilters(context, command.options.filter ?? []);
  if (!filters.ok) return finish(empty, filters.error);
  const services = stackServices(context, namespace);
  if (!services.ok) return finish(empty, services.error);
  if (services.entries.length === 0) return finish(empty, `nothing found in stack: ${namespace}`);
  const ids = services.entries.map((entry) => entry.service.meta.id);
  const listed = context.call({
    method: 'service.tasks',
    params: { services: ids, filters: filters.filters },
  });
  if (!listed.ok) return finish(empty, responseErrorText(listed));
  const entries = (listed.value as TaskListResult).entries;
  if (entries.length === 0) return finish(empty, `nothing found in stack: ${namespace}`);
  const rendered = formatTaskList(entries, {
    format: command.options.format,
    quiet: command.options.quiet === true,
    noTrunc: command.options['no-trunc'] === true,
    noResolve: command.options['no-resolve'] === true,
    nowMs: context.host?.sandbox.world.nowMs ?? listed.atMs,
  });
  if (!rendered.ok) return finish(empty, rendered.error);
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

const taskWaitPollsMax = 600;

/** `waitOnTasks`: until every task of the removed services is terminal or gone (200 ms polls). */
function waitOnTasks(context: DockerContext, serviceIds: ReadonlySet<string>): string | null {
  const host = context.host;
  if (host === undefined) return null;
  for (let poll = 0; poll < taskWaitPollsMax; poll++) {
    const listed = context.call({ method: 'service.tasks', params: {} });
    if (!listed.ok) return `failed to get tasks: ${responseErrorText(listed)}`;
    const live = (listed.value as TaskListResult).entries.some(
      (entry) =>
        serviceIds.has(entry.task.serviceId) &&
        !['complete', 'shutdown', 'failed', 'rejected'].includes(entry.task.status.state),
    );
    if (!live) return null;
    const waited = wait(host.sandbox, 200);
    if (!waited.ok) return waited.error;
  }
  return 'context deadline exceeded';
}

export function runStackRemove(context: DockerContext, command: ParsedCommandOf<'stack rm'>): CommandOutput {
  const printer: Printer = { stdout: '', stderr: '' };
  for (const namespace of command.args) {
    const nameError = validateStackName(namespace);
    if (nameError !== null) return finish(printer, nameError);
  }
  const errors: string[] = [];
  for (const namespace of command.args) {
    const services = stackServices(context, namespace);
    if (!services.ok) return finish(printer, services.error);
    const objects = stackObjects(services.entries, namespace);
    if (
      services.entries.length + objects.networks.length + objects.secrets.length + objects.configs.length ===
      0
    ) {
      printer.stderr += `Nothing found in stack: ${namespace}\n`;
      continue;
    }
    const hasError = removeServices(context, services.entries, printer);
    if (command.options.detach === false && !hasError) {
      const waitError = waitOnTasks(context, new Set(services.entries.map((entry) => entry.service.meta.id)));
      if (waitError !== null) errors.push(`failed to wait on tasks of stack: ${namespace}: ${waitError}`);
    }
    for (const secret of objects.secrets) printer.stdout += `Removing secret ${secret}\n`;
    for (const config of objects.configs) printer.stdout += `Removing config ${config}\n`;
    for (const network of objects.networks) printer.stdout += `Removing network ${network}\n`;
    if (hasError) errors.push(`failed to remove some resources from stack: ${namespace}`);
  }
  return finish(printer, errors.length > 0 ? errors.join('\n') : null);
}
