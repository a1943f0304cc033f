/**
 * `docker node ls | inspect | promote | demote | update | rm | ps`, request for request as
 * docker/cli runs them (`cli/command/node/*.go`), printed with node-format.ts (swarm.md
 * §1.9-§1.11); `node ps` prints with the task table `service ps` uses (cli/services).
 */
import type { ParsedCommandOf } from '../docker/grammar/parse.js';
import type { TaskEntry } from '../services/queries.js';
import type { TaskListEntry } from '../swarm/control.js';
import type { InfoResult } from '../swarm/engine.js';
import type { NodeObject } from '../swarm/objects.js';
import type { SwarmResponse } from '../swarm/types.js';
import {
  type DockerContext,
  failAfter,
  failAfterResponse,
  responseErrorText,
  responseValue,
} from './docker-context.js';
import { formatNodeList, inspectJson, inspectWithTemplate, prettyNode } from './node-format.js';
import { formatTaskList, taskListFormat } from './services/service-format.js';
import type { CommandOutput } from './types.js';

function inspectNode(context: DockerContext, reference: string): SwarmResponse<NodeObject> {
  return context.call({ method: 'node.inspect', params: { ref: reference } }) as SwarmResponse<NodeObject>;
}

/** The engine's own node ID (`docker info` NodeID), for `self` and the `*` in `node ls`. */
function selfNodeId(context: DockerContext): SwarmResponse<string> {
  const info = context.call({ method: 'info', params: {} });
  if (!info.ok) return info;
  return { ok: true, value: responseValue<InfoResult>(info).swarm.nodeId, atMs: info.atMs };
}

/**
 * docker/cli `runList`: the filters go with the request (the daemon checks them, the leader
 * applies them); `/info` is asked for the `*` only when there is a row to mark.
 */
export function runNodeList(context: DockerContext, command: ParsedCommandOf<'node ls'>): CommandOutput {
  const listed = context.call({ method: 'node.list', params: { filters: command.options.filter ?? [] } });
  if (!listed.ok) return failAfterResponse('', listed);
  const nodes = responseValue<NodeObject[]>(listed);
  const quiet = command.options.quiet === true;
  let self: string | null = null;
  if (nodes.length > 0 && !quiet) {
    const info = selfNodeId(context);
    if (!info.ok) return failAfterResponse('', info);
    self = info.value;
  }
  let format = command.options.format;
  if (format === 'raw') {
    format = quiet
      ? 'node_id: {{.ID}}'
      : 'node_id: {{.ID}}\\nhostname: {{.Hostname}}\\nstatus: {{.Status}}\\navailability: {{.Availability}}\\nmanager_status: {{.ManagerStatus}}\\n';
  }
  const rendered = formatNodeList(nodes, self, { quiet, format });
  if (!rendered.ok) return failAfter('', rendered.error);
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

/** docker/cli `node.Reference`: `self` is the engine's own node ID, anything else goes as given. */
function resolveReference(context: DockerContext, reference: string): SwarmResponse<string> {
  if (reference !== 'self') return { ok: true, value: reference, atMs: 0 };
  return selfNodeId(context);
}

export function runNodeInspect(
  context: DockerContext,
  command: ParsedCommandOf<'node inspect'>,
): CommandOutput {
  const pretty = command.options.pretty === true;
  const format = pretty ? 'pretty' : (command.options.format ?? '');
  if (format.startsWith('pretty') && format !== 'pretty') {
    return failAfter('', 'cannot supply extra formatting options to the pretty template');
  }
  const nodes: NodeObject[] = [];
  const errors: string[] = [];
  for (const reference of command.args) {
    const resolved = resolveReference(context, reference);
    const inspected = resolved.ok ? inspectNode(context, resolved.value) : resolved;
    if (inspected.ok) {
      nodes.push(inspected.value);
      continue;
    }
    // The pretty writer stops at the first error and prints nothing (formatter.Context.Write).
    if (format === 'pretty') return failAfter('', responseErrorText(inspected));
    errors.push(responseErrorText(inspected));
  }
  if (format === 'pretty') return { stdout: nodes.map(prettyNode).join(''), stderr: '', exitCode: 0 };
  const rendered =
    format === '' || format === 'json'
      ? { ok: true as const, text: inspectJson(nodes) }
      : inspectWithTemplate(nodes, format);
  if (!rendered.ok) return failAfter('', rendered.error, 64);
  if (errors.length > 0) return failAfter(rendered.text, errors.join('\n'));
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}

/** What a merge function decided: update with this spec, skip (already so), or fail. */
type MergeResult =
  | { readonly kind: 'update'; readonly spec: Record<string, unknown> }
  | { readonly kind: 'skip'; readonly stdout: string }
  | { readonly kind: 'error'; readonly message: string };

/**
 * docker/cli `updateNodes`: for each reference, inspect, merge, update with the node's version,
 * then print the success line; the first error stops the command.
 */
function updateNodes(
  context: DockerContext,
  references: readonly string[],
  merge: (node: NodeObject) => MergeResult,
  success: (reference: string) => string,
): CommandOutput {
  let stdout = '';
  for (const reference of references) {
    const inspected = inspectNode(context, reference);
    if (!inspected.ok) return failAfterResponse(stdout, inspected);
    const merged = merge(inspected.value);
    if (merged.kind === 'skip') {
      stdout += merged.stdout;
      continue;
    }
    if (merged.kind === 'error') return failAfter(stdout, merged.message);
    const params = { ref: inspected.value.meta.id, version: inspected.value.meta.version, spec: merged.spec };
    const updated = context.call({ method: 'node.update', params });
    if (!updated.ok) return failAfterResponse(stdout, updated);
    stdout += success(reference);
  }
  return { stdout, stderr: '', exitCode: 0 };
}

export function runNodePromote(
  context: DockerContext,
  command: ParsedCommandOf<'node promote'>,
): CommandOutput {
  return updateNodes(
    context,
    command.args,
    (node) =>
      node.spec.desiredRole === 'manager'
        ? { kind: 'skip', stdout: `Node ${node.meta.id} is already a manager.\n` }
        : { kind: 'update', spec: { role: 'manager' } },
    (reference) => `Node ${reference} promoted to a manager in the swarm.\n`,
  );
}

export function runNodeDemote(
  context: DockerContext,
  command: ParsedCommandOf<'node demote'>,
): CommandOutput {
  return updateNodes(
    context,
    command.args,
    (node) =>
      node.spec.desiredRole === 'worker'
        ? { kind: 'skip', stdout: `Node ${node.meta.id} is already a worker.\n` }
        : { kind: 'update', spec: { role: 'worker' } },
    (reference) => `Manager ${reference} demoted in the swarm.\n`,
  );
}

/** docker `opts.ConvertKVStringsToMap`: `k=v` → v, `k` → ''. */
function keyValue(text: string): [string, string] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, ''] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** docker/cli `mergeNodeUpdate`: role, availability, labels added, then labels removed. */
function mergeNodeUpdate(node: NodeObject, options: ParsedCommandOf<'node update'>['options']): MergeResult {
  const spec: Record<string, unknown> = {};
  if (options.role !== undefined) spec.role = options.role;
  if (options.availability !== undefined) spec.availability = options.availability;
  const labels: Record<string, string> = { ...node.spec.labels };
  for (const text of options['label-add'] ?? []) {
    const [key, value] = keyValue(text);
    labels[key] = value;
  }
  for (const key of options['label-rm'] ?? []) {
    if (!Object.hasOwn(labels, key))
      return { kind: 'error', message: `key ${key} doesn't exist in node's labels` };
    delete labels[key];
  }
  spec.labels = labels;
  return { kind: 'update', spec };
}

export function runNodeUpdate(
  context: DockerContext,
  command: ParsedCommandOf<'node update'>,
): CommandOutput {
  const reference = command.args[0] as string;
  return updateNodes(
    context,
    [reference],
    (node) => mergeNodeUpdate(node, command.options),
    () => `${reference}\n`,
  );
}

/** docker/cli `runRemove`: every node is tried; errors are collected and printed at the end. */
export function runNodeRemove(context: DockerContext, command: ParsedCommandOf<'node rm'>): CommandOutput {
  let stdout = '';
  const errors: string[] = [];
  for (const reference of command.args) {
    const removed = context.call({
      method: 'node.remove',
      params: { ref: reference, force: command.options.force === true },
    });
    if (!removed.ok) {
      errors.push(responseErrorText(removed));
      continue;
    }
    stdout += `${reference}\n`;
  }
  if (errors.length > 0) return failAfter(stdout, errors.join('\n'));
  return { stdout, stderr: '', exitCode: 0 };
}

// ---------------------------------------------------------------------------------------------
// node ps

/**
 * docker/cli `node.Reference`: `self` is `/info`'s node ID; when there is none, a node list
 * gets the daemon's own error (not a manager), else `node ID not found in /info`.
 */
function nodeReference(context: DockerContext, reference: string): SwarmResponse<string> {
  if (reference !== 'self') return { ok: true, value: reference, atMs: 0 };
  const self = selfNodeId(context);
  if (!self.ok || self.value !== '') return self;
  const listed = context.call({ method: 'node.list', params: {} });
  if (!listed.ok) return listed;
  return { ok: false, error: 'node ID not found in /info', status: 0, fromDaemon: false, atMs: listed.atMs };
}

/** docker/cli `node ps` (`runPs`): per node, resolve, inspect, list its tasks; print them all. */
export function runNodePs(context: DockerContext, command: ParsedCommandOf<'node ps'>): CommandOutput {
  const options = command.options;
  const references = command.args.length > 0 ? command.args : ['self'];
  const errors: string[] = [];
  const entries: TaskEntry[] = [];
  let nowMs = 0;
  for (const reference of references) {
    const resolved = nodeReference(context, reference);
    const inspected = resolved.ok ? inspectNode(context, resolved.value) : resolved;
    if (!inspected.ok) {
      errors.push(responseErrorText(inspected));
      continue;
    }
    const filters = [...(options.filter ?? []), { key: 'node', value: inspected.value.meta.id }];
    const listed = context.call({ method: 'task.list', params: { filters } });
    if (!listed.ok) {
      errors.push(responseErrorText(listed));
      continue;
    }
    nowMs = listed.atMs;
    for (const entry of responseValue<TaskListEntry[]>(listed)) entries.push(taskEntry(entry));
  }
  let stdout = '';
  if (errors.length === 0 || entries.length > 0) {
    // docker/cli `task.NewTaskFormat` picks the quiet format, but unlike `service ps`, `node ps`
    // does not turn truncation off with `-q`: quiet IDs are 12 characters unless `--no-trunc`.
    const rendered = formatTaskList(entries, {
      format: taskListFormat(options.format, options.quiet === true),
      quiet: false,
      noTrunc: options['no-trunc'] === true,
      noResolve: options['no-resolve'] === true,
      nowMs,
    });
    if (rendered.ok) stdout = rendered.text;
    else errors.push(rendered.error);
  }
  if (errors.length > 0) return failAfter(stdout, errors.join('\n'));
  return { stdout, stderr: '', exitCode: 0 };
}

/** A `task.list` entry as the shared task table takes it (services/queries.ts `TaskEntry`). */
function taskEntry(entry: TaskListEntry): TaskEntry {
  const task = entry.task;
  const instance = task.slot !== 0 ? String(task.slot) : (task.nodeId ?? '');
  return {
    task,
    serviceName: entry.serviceName,
    name: `${entry.serviceName}.${instance}`,
    nodeName: entry.nodeName,
  };
}
