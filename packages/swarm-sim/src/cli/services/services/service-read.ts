/**
 * `docker service ls | ps | inspect | logs` (docker/cli `cli/command/service/list.go`, `ps.go`,
 * `inspect.go`, `logs.go`; swarm.md §1.13-§1.15), with the daemon's filter checks (moby
 * `daemon/cluster/filters.go`, `services.go`).
 */

import { nanosecondsToMs, parseGoDuration } from '../../docker/go-values.js';
import type { ParsedCommandOf } from '../../docker/grammar/parse.js';
import type { FilterEntry } from '../../docker/grammar/spec.js';
import { compileTemplate, executeTemplate } from '../../docker/template.js';
import type { LogLine } from '../../services/logs.js';
import type { ServiceListEntry, TaskListFilters, TaskListResult } from '../../services/queries.js';
import type { InfoResult } from '../../swarm/engine.js';
import type { NodeObject, ServiceObject, TaskObject, TaskState } from '../../swarm/objects.js';
import { taskStateOrder } from '../../swarm/objects.js';
import { type DockerContext, failAfter, failAfterResponse, responseErrorText } from '../docker-context.js';
import { goJsonIndent, rfc3339, virtualEpochMs } from '../go-format.js';
import { lookupNode } from '../node-format.js';
import type { CommandOutput } from '../types.js';
import { serviceToApi } from './service-api.js';
import { formatServiceList, formatTaskList } from './service-format.js';
import { prettyService } from './service-pretty.js';

function nowOf(context: DockerContext, fallbackMs: number): number {
  return context.host?.sandbox.world.nowMs ?? fallbackMs;
}

function valuesOf(entries: readonly FilterEntry[], key: string): string[] {
  return entries.filter((entry) => entry.key === key).map((entry) => entry.value);
}

function invalidFilter(entries: readonly FilterEntry[], accepted: readonly string[]): string | null {
  const bad = entries.find((entry) => !accepted.includes(entry.key));
  return bad === undefined ? null : `Error response from daemon: invalid filter '${bad.key}'`;
}

/** Completed tasks of each job service's current run (`ServiceStatus.CompletedTasks`). */
function completedJobTasks(
  context: DockerContext,
  entries: readonly ServiceListEntry[],
): Map<string, number> {
  const completed = new Map<string, number>();
  const jobs = entries.filter((entry) => entry.service.spec.mode.kind.endsWith('job'));
  if (jobs.length === 0) return completed;
  const listed = context.call({
    method: 'service.tasks',
    params: { services: jobs.map((entry) => entry.service.meta.id) },
  });
  if (!listed.ok) return completed;
  const versions = new Map(jobs.map((entry) => [entry.service.meta.id, entry.service.specVersion]));
  for (const { task } of (listed.value as TaskListResult).entries) {
    if (task.status.state === 'complete' && versions.get(task.serviceId) === task.specVersion) {
      completed.set(task.serviceId, (completed.get(task.serviceId) ?? 0) + 1);
    }
  }
  return completed;
}

/** `service ls` and `stack services`: list with filters (daemon-checked keys), print the table. */
export function listServicesOutput(
  context: DockerContext,
  filter: readonly FilterEntry[],
  options: { readonly format: string | undefined; readonly quiet: boolean },
  extraLabels: readonly string[] = [],
): { ok: true; entries: ServiceListEntry[]; text: string } | { ok: false; output: CommandOutput } {
  const params = {
    filters: {
      id: valuesOf(filter, 'id'),
      name: valuesOf(filter, 'name'),
      label: [...valuesOf(filter, 'label'), ...extraLabels],
      mode: valuesOf(filter, 'mode'),
    },
  };
  const listed = context.call({ method: 'service.list', params });
  if (!listed.ok) return { ok: false, output: failAfterResponse('', listed) };
  const filterError = invalidFilter(filter, ['name', 'id', 'label', 'mode', 'runtime']);
  if (filterError !== null) return { ok: false, output: failAfter('', filterError) };
  const entries = listed.value as ServiceListEntry[];
  const completed = options.quiet ? new Map<string, number>() : completedJobTasks(context, entries);
  const rendered = formatServiceList(entries, completed, options);
  if (!rendered.ok) return { ok: false, output: failAfter('', rendered.error) };
  return { ok: true, entries, text: rendered.text };
}

export function runServiceList(
  context: DockerContext,
  command: ParsedCommandOf<'service ls'>,
): CommandOutput {
  const options = { format: command.options.format, quiet: command.options.quiet === true };
  const listed = listServicesOutput(context, command.options.filter ?? [], options);
  return listed.ok ? { stdout: listed.text, stderr: '', exitCode: 0 } : listed.output;
}

// ---------------------------------------------------------------------------------------------
// ps

const taskFilterKeys = ['name', 'id', 'label', 'service', 'node', 'desired-state', '_up-to-date', 'runtime'];

/** The task filters the daemon accepts, with node references resolved as moby's `GetTasks` does. */
export function taskFilters(
  context: DockerContext,
  filter: readonly FilterEntry[],
): { ok: true; filters: TaskListFilters } | { ok: false; error: string } {
  const invalid = invalidFilter(filter, taskFilterKeys);
  if (invalid !== null) return { ok: false, error: invalid };
  const desiredState: TaskState[] = [];
  for (const value of valuesOf(filter, 'desired-state')) {
    const state = value.toLowerCase();
    if (Object.hasOwn(taskStateOrder, state)) desiredState.push(state as TaskState);
    else if (value !== '')
      return { ok: false, error: `Error response from daemon: Invalid desired-state filter: '${value}'` };
  }
  const nodes = valuesOf(filter, 'node');
  const nodeIds: string[] = [];
  if (nodes.length > 0) {
    const resolved = resolveNodes(context, nodes);
    if (!resolved.ok) return resolved;
    nodeIds.push(...resolved.ids);
  }
  return {
    ok: true,
    filters: { id: valuesOf(filter, 'id'), name: valuesOf(filter, 'name'), node: nodeIds, desiredState },
  };
}

/** `node.Reference` (`self`) on the client, then `getNode` on the daemon. */
function resolveNodes(
  context: DockerContext,
  references: readonly string[],
): { ok: true; ids: string[] } | { ok: false; error: string } {
  const listed = context.call({ method: 'node.list', params: {} });
  if (!listed.ok) return { ok: false, error: responseErrorText(listed) };
  const nodes = listed.value as NodeObject[];
  const ids: string[] = [];
  for (const reference of references) {
    let target = reference;
    if (reference === 'self') {
      const info = context.call({ method: 'info', params: {} });
      if (!info.ok) return { ok: false, error: responseErrorText(info) };
      target = (info.value as InfoResult).swarm.nodeId;
    }
    const found = lookupNode(nodes, target);
    if (!found.ok) return { ok: false, error: `Error response from daemon: ${found.error}` };
    ids.push(found.node.meta.id);
  }
  return { ok: true, ids };
}

export function runServicePs(context: DockerContext, command: ParsedCommandOf<'service ps'>): CommandOutput {
  const options = command.options;
  const filters = taskFilters(context, options.filter ?? []);
  if (!filters.ok) return failAfter('', filters.error);
  const listed = context.call({
    method: 'service.tasks',
    params: { services: command.args, filters: filters.filters },
  });
  if (!listed.ok) return failAfterResponse('', listed);
  const result = listed.value as TaskListResult;
  const ambiguous = command.args.find((reference) => result.ambiguous.includes(reference));
  if (ambiguous !== undefined)
    return failAfter('', `multiple services found with provided prefix: ${ambiguous}`);
  const notFound = command.args
    .filter((reference) => result.notFound.includes(reference))
    .map((reference) => `no such service: ${reference}`);
  if (notFound.length === command.args.length) return failAfter('', notFound.join('\n'));
  const rendered = formatTaskList(result.entries, {
    format: options.format,
    quiet: options.quiet === true,
    noTrunc: options['no-trunc'] === true,
    noResolve: options['no-resolve'] === true,
    nowMs: nowOf(context, listed.atMs),
  });
  if (!rendered.ok) return failAfter('', rendered.error);
  if (notFound.length > 0) return failAfter(rendered.text, notFound.join('\n'));
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

// ---------------------------------------------------------------------------------------------
// inspect

/** `inspect.TemplateInspector`: the template on the typed service, else on the raw JSON. */
function inspectWithTemplate(
  services: readonly ServiceObject[],
  format: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const compiled = compileTemplate(format);
  if (!compiled.ok) return { ok: false, error: `template parsing error: ${compiled.error}` };
  let text = '';
  for (const service of services) {
    const api = serviceToApi(service);
    let rendered = executeTemplate(compiled.template, api, { typeName: 'swarm.Service' });
    if (!rendered.ok) rendered = executeTemplate(compiled.template, api, { missingField: 'no-value' });
    if (!rendered.ok) return { ok: false, error: `template parsing error: ${rendered.error}` };
    text += `${rendered.text}\n`;
  }
  return { ok: true, text };
}

export function runServiceInspect(
  context: DockerContext,
  command: ParsedCommandOf<'service inspect'>,
): CommandOutput {
  const pretty = command.options.pretty === true;
  if (pretty && command.options.format !== undefined && command.options.format !== '') {
    return failAfter('', '--format is incompatible with human friendly format');
  }
  const format = pretty ? 'pretty' : (command.options.format ?? '');
  if (format.startsWith('pretty') && format !== 'pretty') {
    return failAfter('', 'Cannot supply extra formatting options to the pretty template');
  }
  const services: ServiceObject[] = [];
  const errors: string[] = [];
  for (const reference of command.args) {
    const inspected = context.call({ method: 'service.inspect', params: { ref: reference } });
    if (inspected.ok) {
      services.push(inspected.value as ServiceObject);
      continue;
    }
    const error =
      inspected.status === 404 && inspected.fromDaemon
        ? `Error: no such service: ${reference}`
        : responseErrorText(inspected);
    // The pretty writer stops at the first error and prints nothing (formatter.Context.Write).
    if (format === 'pretty') return failAfter('', error);
    errors.push(error);
  }
  if (format === 'pretty') {
    const nowMs = nowOf(context, 0);
    return {
      stdout: services.map((service) => prettyService(service, nowMs)).join(''),
      stderr: '',
      exitCode: 0,
    };
  }
  const json = format === '' || format === 'raw' || format === 'json';
  const rendered = json
    ? {
        ok: true as const,
        text: services.length === 0 ? '[]\n' : `${goJsonIndent(services.map(serviceToApi))}\n`,
      }
    : inspectWithTemplate(services, format);
  if (!rendered.ok) return failAfter('', rendered.error);
  if (errors.length > 0) return failAfter(rendered.text, errors.join('\n'));
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

// ---------------------------------------------------------------------------------------------
// logs

interface LogTarget {
  /** Digits the slot numbers are padded to (`getMaxLength`). */
  readonly padding: number;
  readonly tasks: ReadonlyMap<string, TaskObject>;
  readonly serviceName: string;
}

/** docker/cli `runLogs`: a service first, else a task; neither is `no such task or service: X`. */
function logTarget(
  context: DockerContext,
  reference: string,
): { ok: true; target: LogTarget } | { ok: false; error: string } {
  const inspected = context.call({ method: 'service.inspect', params: { ref: reference } });
  if (!inspected.ok && inspected.status !== 404) return { ok: false, error: responseErrorText(inspected) };
  const service = inspected.ok ? (inspected.value as ServiceObject) : null;
  const params = service === null ? { filters: { id: [reference] } } : { services: [service.meta.id] };
  const listed = context.call({ method: 'service.tasks', params });
  if (!listed.ok) return { ok: false, error: responseErrorText(listed) };
  const entries = (listed.value as TaskListResult).entries;
  if (service === null && entries.length !== 1)
    return { ok: false, error: `no such task or service: ${reference}` };
  const tasks = new Map(entries.map((entry) => [entry.task.meta.id, entry.task]));
  const mode = service?.spec.mode;
  const padding =
    service === null
      ? String((entries[0] as { task: TaskObject }).task.slot).length
      : mode?.kind === 'replicated'
        ? String(mode.replicas).length
        : 1;
  return {
    ok: true,
    target: { padding, tasks, serviceName: service?.spec.name ?? entries[0]?.serviceName ?? '' },
  };
}

function logPrefix(
  line: LogLine,
  target: LogTarget,
  options: ParsedCommandOf<'service logs'>['options'],
): string {
  const task = target.tasks.get(line.taskId);
  const slot = task?.slot ?? 0;
  const service =
    options['no-resolve'] === true
      ? (task?.serviceId ?? '')
      : line.taskName.slice(0, line.taskName.lastIndexOf('.'));
  const node = options['no-resolve'] === true ? line.nodeId : line.hostname;
  let name = `${service}.${slot}`;
  if (options['no-task-ids'] !== true)
    name += `.${options['no-trunc'] === true ? line.taskId : line.taskId.slice(0, 12)}`;
  const padding = ' '.repeat(Math.max(0, target.padding - String(slot).length));
  return `${name}@${node}${padding}    | `;
}

/** RFC3339NanoFixed, as `--timestamps` prints it. */
function logTimestamp(atMs: number): string {
  const text = rfc3339(atMs);
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  return match === null ? text : `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/**
 * `--since`: a Go duration before now (`42m`) or an RFC 3339 time, as the daemon's
 * `timetypes.GetTimestamp` reads them; the earliest virtual time to show, or an error.
 */
function sinceMs(
  text: string | undefined,
  nowMs: number,
): { ok: true; fromMs: number } | { ok: false; error: string } {
  if (text === undefined || text === '') return { ok: true, fromMs: Number.NEGATIVE_INFINITY };
  const duration = parseGoDuration(text);
  if (duration.ok) return { ok: true, fromMs: nowMs - nanosecondsToMs(duration.value) };
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? Date.parse(text)
    : Number.NaN;
  if (!Number.isNaN(instant)) return { ok: true, fromMs: instant - virtualEpochMs };
  return {
    ok: false,
    error: `Error response from daemon: failed to parse value as time or duration: ${JSON.stringify(text)}`,
  };
}

export function runServiceLogs(
  context: DockerContext,
  command: ParsedCommandOf<'service logs'>,
): CommandOutput {
  const options = command.options;
  const reference = command.args[0] as string;
  const target = logTarget(context, reference);
  if (!target.ok) return failAfter('', target.error);
  const since = sinceMs(options.since, nowOf(context, 0));
  if (!since.ok) return failAfter('', since.error);
  const tailText = options.tail ?? 'all';
  const tail = /^\d+$/.test(tailText) ? Number(tailText) : null;
  const logged = context.call({
    method: 'service.logs',
    params: { ref: reference, ...(tail !== null && { tail }) },
  });
  if (!logged.ok)
    return failAfter(
      '',
      logged.status === 404 ? `no such task or service: ${reference}` : responseErrorText(logged),
    );
  let stdout = '';
  for (const line of logged.value as LogLine[]) {
    if (line.atMs < since.fromMs) continue;
    let text = options.timestamps === true ? `${logTimestamp(line.atMs)} ` : '';
    if (options.raw !== true) text += logPrefix(line, target.target, options);
    if (options.details === true && options.raw !== true) text += ' ';
    stdout += `${text}${line.text}\n`;
  }
  return { stdout, stderr: '', exitCode: 0 };
}
