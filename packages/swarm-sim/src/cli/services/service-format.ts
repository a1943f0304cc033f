/**
 * The list tables of `docker service ls`, `docker service ps` / `stack ps` and `docker ps`, with
 * docker/cli's column contexts (`cli/command/service/formatter.go`, `cli/command/task/formatter.go`
 * and `print.go`, `cli/command/formatter/container.go`): each row is a plain object of the
 * fields a `--format` template can name, built in sorted key order so `{{json .}}` prints them as
 * docker's `formatter.MarshalJSON` does.
 */

import { ellipsis, humanDuration, naturalCompare, prettyPrint } from '../../docker/humanize.js';
import { truncateId } from '../../docker/identity.js';
import { formatRows, resolveListFormat, type TemplateResult } from '../../docker/template.js';
import { assert } from '../../kernel/assert.js';
import type { ContainerEntry } from '../../services/containers.js';
import type { ServiceListEntry, TaskEntry } from '../../services/queries.js';
import { imageWithoutDigest } from '../../services/spec.js';
import type { PublishedPort } from '../../swarm/objects.js';

// ---------------------------------------------------------------------------------------------
// service ls

export const defaultServiceTableFormat =
  'table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}';

const serviceHeaders: Readonly<Record<string, string>> = {
  ID: 'ID',
  Name: 'NAME',
  Mode: 'MODE',
  Replicas: 'REPLICAS',
  Image: 'IMAGE',
  Ports: 'PORTS',
};

/**
 * `serviceContext.Ports`: ingress ports sorted by protocol then published port, consecutive ones
 * merged into ranges (`*:80-81->80-81/tcp`), joined with `, `.
 */
export function ingressPortsCell(ports: readonly PublishedPort[]): string {
  const sorted = [...ports].sort((left, right) =>
    left.protocol === right.protocol
      ? left.publishedPort - right.publishedPort
      : left.protocol < right.protocol
        ? -1
        : 1,
  );
  const ranges: string[] = [];
  let current: { pStart: number; pEnd: number; tStart: number; tEnd: number; protocol: string } | null = null;
  const rangeText = (range: NonNullable<typeof current>) => {
    const published = range.pEnd > range.pStart ? `${range.pStart}-${range.pEnd}` : `${range.pStart}`;
    const target = range.tEnd > range.tStart ? `${range.tStart}-${range.tEnd}` : `${range.tStart}`;
    return `*:${published}->${target}/${range.protocol}`;
  };
  for (const port of sorted) {
    if (port.publishMode !== 'ingress') continue;
    const isRange = current !== null && current.tEnd !== current.tStart;
    const overlaps = current !== null && port.targetPort <= current.tEnd;
    const startNew =
      current === null ||
      port.protocol !== current.protocol ||
      port.publishedPort - current.pEnd > 1 ||
      port.targetPort - current.tEnd > 1 ||
      (isRange && overlaps);
    if (startNew) {
      if (current !== null && current.pStart > 0) ranges.push(rangeText(current));
      current = {
        pStart: port.publishedPort,
        pEnd: port.publishedPort,
        tStart: port.targetPort,
        tEnd: port.targetPort,
        protocol: port.protocol,
      };
      continue;
    }
    if (current !== null) {
      current.pEnd = port.publishedPort;
      current.tEnd = port.targetPort;
    }
  }
  if (current !== null && current.pStart > 0) ranges.push(rangeText(current));
  return ranges.join(', ');
}

function modeWord(mode: ServiceListEntry['service']['spec']['mode']['kind']): string {
  return mode === 'replicated-job' ? 'replicated job' : mode === 'global-job' ? 'global job' : mode;
}

/** `serviceContext.Replicas`: `running/desired`, `(max N per node)`, or a job's completions. */
function replicasCell(entry: ServiceListEntry, completedTasks: number): string {
  const mode = entry.service.spec.mode;
  const { runningTasks, desiredTasks } = entry;
  if (mode.kind === 'replicated-job')
    return `${runningTasks}/${desiredTasks} (${completedTasks}/${mode.totalCompletions} completed)`;
  if (mode.kind === 'global-job')
    return `${runningTasks}/${desiredTasks} (${completedTasks}/${desiredTasks + completedTasks} completed)`;
  const maxReplicas = entry.service.spec.placement.maxReplicas;
  if (mode.kind === 'replicated' && maxReplicas > 0)
    return `${runningTasks}/${desiredTasks} (max ${maxReplicas} per node)`;
  return `${runningTasks}/${desiredTasks}`;
}

/** The fields of one `service ls` row. `completedTasks` counts a job's completed tasks. */
export function serviceListRow(entry: ServiceListEntry, completedTasks = 0): Record<string, unknown> {
  const service = entry.service;
  return {
    ID: truncateId(service.meta.id),
    Image: imageWithoutDigest(service.spec.image),
    Mode: modeWord(service.spec.mode.kind),
    Name: service.spec.name,
    Ports: ingressPortsCell(service.endpointPorts),
    Replicas: replicasCell(entry, completedTasks),
  };
}

/** docker/cli `NewListFormat` for services: `raw` and `-q` variants included. */
export function serviceListFormat(format: string | undefined, quiet: boolean): string {
  if (format === 'raw') {
    return quiet
      ? 'id: {{.ID}}'
      : 'id: {{.ID}}\\nname: {{.Name}}\\nmode: {{.Mode}}\\nreplicas: {{.Replicas}}\\nimage: {{.Image}}\\nports: {{.Ports}}\\n';
  }
  return resolveListFormat(format, quiet, defaultServiceTableFormat);
}

/** `service ls` / `stack services`: rows sorted by name (natural order). */
export function formatServiceList(
  entries: readonly ServiceListEntry[],
  completed: ReadonlyMap<string, number>,
  options: { readonly format: string | undefined; readonly quiet: boolean },
): TemplateResult {
  const sorted = [...entries].sort((left, right) =>
    naturalCompare(left.service.spec.name, right.service.spec.name),
  );
  // serviceContext.ID always truncates, so `-q` prints 12-character IDs too.
  const rows = sorted.map((entry) => serviceListRow(entry, completed.get(entry.service.meta.id) ?? 0));
  return formatRows(serviceListFormat(options.format, options.quiet), rows, {
    headers: serviceHeaders,
    typeName: '*formatter.serviceContext',
  });
}

// ---------------------------------------------------------------------------------------------
// service ps, stack ps

export const defaultTaskTableFormat =
  'table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}';

const taskHeaders: Readonly<Record<string, string>> = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};

export interface TaskTableOptions {
  readonly format: string | undefined;
  readonly quiet: boolean;
  readonly noTrunc: boolean;
  /** `--no-resolve`: service and node IDs instead of names. */
  readonly noResolve: boolean;
  readonly nowMs: number;
}

/** `taskContext.Image`: the digest stripped unless `--no-trunc` (tagged references only). */
function taskImage(image: string, trunc: boolean): string {
  if (!trunc) return image;
  const at = image.indexOf('@');
  if (at < 0) return image;
  const name = image.slice(0, at);
  return name.slice(name.lastIndexOf('/') + 1).includes(':') ? imageWithoutDigest(image) : image;
}

function hostPortsCell(ports: readonly PublishedPort[]): string {
  return ports.map((port) => `*:${port.publishedPort}->${port.targetPort}/${port.protocol}`).join(',');
}

interface NamedTask {
  readonly entry: TaskEntry;
  readonly name: string;
}

/** docker/cli `generateTaskNames` + `tasksSortable`: by name (natural), newest first within one. */
function sortTasks(entries: readonly TaskEntry[], noResolve: boolean): NamedTask[] {
  const named = entries.map((entry) => {
    const task = entry.task;
    const service = noResolve ? task.serviceId : entry.serviceName;
    return { entry, name: task.slot !== 0 ? `${service}.${task.slot}` : `${service}.${task.nodeId ?? ''}` };
  });
  return named.sort((left, right) => {
    const byName = naturalCompare(left.name, right.name);
    if (byName !== 0) return byName;
    return right.entry.task.meta.createdAtMs - left.entry.task.meta.createdAtMs;
  });
}

function taskRow(named: NamedTask, displayName: string, options: TaskTableOptions): Record<string, unknown> {
  const task = named.entry.task;
  const trunc = !options.noTrunc && !options.quiet;
  const error = trunc ? ellipsis(task.status.err, 30) : task.status.err;
  return {
    CurrentState: `${prettyPrint(task.status.state)} ${humanDuration(options.nowMs - task.status.timestampMs).toLowerCase()} ago`,
    DesiredState: prettyPrint(task.desiredState),
    Error: error === '' ? '' : `"${error}"`,
    ID: trunc ? truncateId(task.meta.id) : task.meta.id,
    Image: taskImage(task.spec.image, trunc),
    Name: displayName,
    Node: options.noResolve ? (task.nodeId ?? '') : named.entry.nodeName,
    Ports: hostPortsCell(task.status.ports),
  };
}

/** docker/cli `task.NewTaskFormat`. */
export function taskListFormat(format: string | undefined, quiet: boolean): string {
  if (format === 'raw') {
    return quiet
      ? 'id: {{.ID}}'
      : 'id: {{.ID}}\\nname: {{.Name}}\\nimage: {{.Image}}\\nnode: {{.Node}}\\ndesired_state: {{.DesiredState}}\\ncurrent_state: {{.CurrentState}}\\nerror: {{.Error}}\\nports: {{.Ports}}\\n';
  }
  return resolveListFormat(format, quiet, defaultTaskTableFormat);
}

/** `task.Print`: sorted, older tasks of a slot indented with ` \_ ` in table formats. */
export function formatTaskList(entries: readonly TaskEntry[], options: TaskTableOptions): TemplateResult {
  const format = taskListFormat(options.format, options.quiet);
  const indent = format.startsWith('table') ? ' \\_ ' : '';
  let previous = '';
  assert(Number.isSafeInteger(options.nowMs), 'a virtual time');
  const rows = sortTasks(entries, options.noResolve).map((named) => {
    const display = named.name === previous ? `${indent}${named.name}` : named.name;
    previous = named.name;
    return taskRow(named, display, options);
  });
  return formatRows(format, rows, { headers: taskHeaders, typeName: '*task.taskContext' });
}

// ---------------------------------------------------------------------------------------------
// docker ps

export const defaultContainerTableFormat =
  'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

const containerHeaders: Readonly<Record<string, string>> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  RunningFor: 'CREATED',
  CreatedAt: 'CREATED AT',
  Status: 'STATUS',
  Ports: 'PORTS',
  Names: 'NAMES',
  State: 'STATE',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
};

/** Go's `strconv.Quote` for the printable text docker shows in COMMAND. */
function goQuoteText(text: string): string {
  return JSON.stringify(text).replace(/\\u007f/g, '\\x7f');
}

/** The fields of one `docker ps` row (`ContainerContext`). */
export function containerRow(entry: ContainerEntry, nowMs: number, trunc: boolean): Record<string, unknown> {
  const createdSeconds = Math.floor(entry.createdAtMs / 1000) * 1000;
  return {
    Command: goQuoteText(trunc ? ellipsis(entry.command, 20) : entry.command),
    ID: trunc ? truncateId(entry.id) : entry.id,
    Image: trunc ? imageWithoutDigest(entry.image) : entry.image,
    Names: entry.names,
    Ports: entry.ports,
    RunningFor: `${humanDuration(nowMs - createdSeconds)} ago`,
    State: entry.state,
    Status: entry.status,
  };
}

/** `docker ps [-q] [--no-trunc] [--format F]` over the already filtered containers. */
export function formatContainerList(
  entries: readonly ContainerEntry[],
  nowMs: number,
  options: { readonly format: string | undefined; readonly quiet: boolean; readonly noTrunc: boolean },
): TemplateResult {
  const format = resolveListFormat(options.format, options.quiet, defaultContainerTableFormat);
  const rows = entries.map((entry) => containerRow(entry, nowMs, !options.noTrunc));
  return formatRows(format, rows, { headers: containerHeaders, typeName: '*formatter.ContainerContext' });
}
