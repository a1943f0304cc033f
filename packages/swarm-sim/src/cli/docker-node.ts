/**
 * `docker node ls | inspect | promote | demote | update | rm`, request for request as docker/cli
 * runs them (`cli/command/node/*.go`), printed with node-format.ts (swarm.md §1.9-§1.11).
 */
import type { ParsedCommandOf } from '../docker/grammar/parse.js';
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
import {
  formatNodeList,
  inspectJson,
  inspectWithTemplate,
  nodeMatchesFilter,
  parseNodeFilter,
  prettyNode,
} from './node-format.js';
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

export function runNodeList(context: DockerContext, command: ParsedCommandOf<'node ls'>): CommandOutput {
  const parsedFilter = parseNodeFilter(command.options.filter ?? []);
  const listed = context.call({ method: 'node.list', params: {} });
  if (!listed.ok) return failAfterResponse('', listed);
  if (!parsedFilter.ok) return failAfter('', `Error response from daemon: ${parsedFilter.error}`);
  const nodes = responseValue<NodeObject[]>(listed).filter((node) =>
    nodeMatchesFilter(node, parsedFilter.filter),
  );
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
