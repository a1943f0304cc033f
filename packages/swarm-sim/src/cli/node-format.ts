/**
 * `docker node …` output from the store's node objects: the API shape `inspect` prints
 * (moby `api/types/swarm/node.go`, PascalCase, Go field order, `omitempty`), the `ls` table
 * (docker/cli `cli/command/node/formatter.go`), the `--pretty` template, filters
 * (moby `daemon/cluster/filters.go`) and name lookup (moby `daemon/cluster/helpers.go`).
 *
 * Left out of the API shape, because the model has no such data: `Description.TLSInfo` and
 * `Description.Engine.Plugins` (so `--pretty` prints neither `Plugins:` nor `TLS Info:`).
 */

import { bytesSize, naturalCompare, prettyPrint } from '../docker/humanize.js';
import { compileTemplate, executeTemplate, formatRows, resolveListFormat } from '../docker/template.js';
import type { NodeObject } from '../swarm/objects.js';
import { goJsonIndent, goTimeString, rfc3339, sortedRecord } from './go-format.js';

// ---------------------------------------------------------------------------------------------
// The API shape

/** A node as the Engine API returns it (`GET /nodes/{id}`), with `omitempty` applied. */
export function nodeToApi(node: NodeObject): Record<string, unknown> {
  const description: Record<string, unknown> = {
    Hostname: node.description.hostname,
    Platform: { Architecture: node.description.platform.architecture, OS: node.description.platform.os },
    Resources: {
      NanoCPUs: node.description.resources.nanoCpus,
      MemoryBytes: node.description.resources.memoryBytes,
    },
    Engine: engineToApi(node),
  };
  const status: Record<string, unknown> = { State: node.status.state };
  if (node.status.message !== '') status.Message = node.status.message;
  if (node.status.addr !== '') status.Addr = node.status.addr;
  const spec: Record<string, unknown> = {};
  if (node.spec.name !== '') spec.Name = node.spec.name;
  spec.Labels = sortedRecord(node.spec.labels);
  spec.Role = node.spec.desiredRole;
  spec.Availability = node.spec.availability;
  const api: Record<string, unknown> = {
    ID: node.meta.id,
    Version: { Index: node.meta.version },
    CreatedAt: rfc3339(node.meta.createdAtMs),
    UpdatedAt: rfc3339(node.meta.updatedAtMs),
    Spec: spec,
    Description: description,
    Status: status,
  };
  if (node.managerStatus !== null) {
    const managerStatus: Record<string, unknown> = {};
    if (node.managerStatus.leader) managerStatus.Leader = true;
    managerStatus.Reachability = node.managerStatus.reachability;
    managerStatus.Addr = node.managerStatus.addr;
    api.ManagerStatus = managerStatus;
  }
  return api;
}

function engineToApi(node: NodeObject): Record<string, unknown> {
  const engine: Record<string, unknown> = {};
  if (node.description.engineVersion !== '') engine.EngineVersion = node.description.engineVersion;
  if (Object.keys(node.description.engineLabels).length > 0) {
    engine.Labels = sortedRecord(node.description.engineLabels);
  }
  return engine;
}

/** `docker node inspect` without `--format`: the indented JSON array. */
export function inspectJson(nodes: readonly NodeObject[]): string {
  if (nodes.length === 0) return '[]\n';
  return `${goJsonIndent(nodes.map(nodeToApi))}\n`;
}

export type RenderResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/**
 * `docker node inspect --format T`: the template runs on the typed node; when that fails (a nil
 * `ManagerStatus` on a worker) docker retries on the raw JSON, where a missing key prints
 * `<no value>` (docker/cli `inspect.TemplateInspector.tryRawInspectFallback`). One line per node.
 */
export function inspectWithTemplate(nodes: readonly NodeObject[], format: string): RenderResult {
  const compiled = compileTemplate(format);
  if (!compiled.ok) return { ok: false, error: `template parsing error: ${compiled.error}` };
  let text = '';
  for (const node of nodes) {
    const api = nodeToApi(node);
    let rendered = executeTemplate(compiled.template, api, { typeName: 'swarm.Node' });
    if (!rendered.ok) rendered = executeTemplate(compiled.template, api, { missingField: 'no-value' });
    if (!rendered.ok) return { ok: false, error: `template parsing error: ${rendered.error}` };
    text += `${rendered.text}\n`;
  }
  return { ok: true, text };
}

// ---------------------------------------------------------------------------------------------
// --pretty

/** docker/cli's `nodeInspectPrettyTemplate`, tab for tab, rendered for one node. */
export function prettyNode(node: NodeObject): string {
  const lines: string[] = [`ID:\t\t\t${node.meta.id}`];
  if (node.spec.name !== '') lines.push(`Name:\t\t\t${node.spec.name}`);
  const labels = Object.keys(node.spec.labels).sort();
  if (labels.length > 0) {
    lines.push('Labels:');
    for (const key of labels) lines.push(labelLine(key, node.spec.labels[key] as string));
  }
  lines.push(`Hostname:              \t${node.description.hostname}`);
  lines.push(`Joined at:             \t${prettyPrint(goTimeString(node.meta.createdAtMs))}`);
  lines.push('Status:', ` State:\t\t\t${prettyPrint(node.status.state)}`);
  if (node.status.message !== '') lines.push(` Message:              \t${prettyPrint(node.status.message)}`);
  lines.push(` Availability:         \t${prettyPrint(node.spec.availability)}`);
  if (node.status.addr !== '') lines.push(` Address:\t\t${node.status.addr}`);
  if (node.managerStatus !== null) {
    lines.push('Manager Status:', ` Address:\t\t${node.managerStatus.addr}`);
    lines.push(` Raft Status:\t\t${prettyPrint(node.managerStatus.reachability)}`);
    lines.push(` Leader:\t\t${node.managerStatus.leader ? 'Yes' : 'No'}`);
  }
  lines.push('Platform:', ` Operating System:\t${node.description.platform.os}`);
  lines.push(` Architecture:\t\t${node.description.platform.architecture}`);
  const memoryBytes = node.description.resources.memoryBytes;
  lines.push('Resources:', ` CPUs:\t\t\t${Math.trunc(node.description.resources.nanoCpus / 1e9)}`);
  lines.push(` Memory:\t\t${memoryBytes === 0 ? '' : bytesSize(memoryBytes)}`);
  lines.push(`Engine Version:\t\t${node.description.engineVersion}`);
  const engineLabels = Object.keys(node.description.engineLabels).sort();
  if (engineLabels.length > 0) {
    lines.push('Engine Labels:');
    for (const key of engineLabels) lines.push(labelLine(key, node.description.engineLabels[key] as string));
  }
  return `${lines.join('\n')}\n`;
}

function labelLine(key: string, value: string): string {
  return value === '' ? ` - ${key}` : ` - ${key}=${value}`;
}

// ---------------------------------------------------------------------------------------------
// ls

export const defaultNodeTableFormat =
  'table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}';

const nodeHeaders: Readonly<Record<string, string>> = {
  ID: 'ID',
  Self: '',
  Hostname: 'HOSTNAME',
  Status: 'STATUS',
  Availability: 'AVAILABILITY',
  ManagerStatus: 'MANAGER STATUS',
  EngineVersion: 'ENGINE VERSION',
  TLSStatus: 'TLS STATUS',
};

/** docker/cli `nodeContext`: the fields a `node ls --format` template sees. */
export function nodeListRow(node: NodeObject, selfNodeId: string | null): Record<string, unknown> {
  let managerStatus = '';
  if (node.managerStatus !== null) {
    managerStatus = node.managerStatus.leader ? 'Leader' : node.managerStatus.reachability;
  }
  // Keys in sorted order: `{{json .}}` prints them as formatter.MarshalJSON does (a sorted map).
  return {
    Availability: prettyPrint(node.spec.availability),
    EngineVersion: node.description.engineVersion,
    Hostname: node.description.hostname,
    ID: node.meta.id,
    ManagerStatus: prettyPrint(managerStatus),
    Self: node.meta.id === selfNodeId,
    Status: prettyPrint(node.status.state),
    TLSStatus: 'Unknown',
  };
}

/** Natural order of hostnames (`node2` before `node10`); equal hostnames by ID. */
export function sortNodesForList(nodes: readonly NodeObject[]): NodeObject[] {
  return [...nodes].sort((left, right) => {
    const byHostname = naturalCompare(left.description.hostname, right.description.hostname);
    return byHostname !== 0 ? byHostname : naturalCompare(left.meta.id, right.meta.id);
  });
}

/** `docker node ls [-q] [--format F]` over already filtered nodes. */
export function formatNodeList(
  nodes: readonly NodeObject[],
  selfNodeId: string | null,
  options: { readonly quiet: boolean; readonly format: string | undefined },
): RenderResult {
  const format = resolveListFormat(options.format, options.quiet, defaultNodeTableFormat);
  const rows = sortNodesForList(nodes).map((node) => nodeListRow(node, selfNodeId));
  return formatRows(format, rows, { headers: nodeHeaders, typeName: '*formatter.nodeContext' });
}

// ---------------------------------------------------------------------------------------------
// Filters: checked by the daemon and applied by the leader (swarm/list-filters.ts); re-exported
// here for the shell's callers.

export { type NodeFilter, nodeMatchesFilter, parseNodeFilter } from '../swarm/list-filters.js';

// ---------------------------------------------------------------------------------------------
// Lookup

export type NodeLookup =
  | { readonly ok: true; readonly node: NodeObject }
  | { readonly ok: false; readonly error: string };

/**
 * moby `getNode`: a full ID, else an exact hostname, else a unique ID prefix. Several hostname
 * or prefix matches: `node X is ambiguous (N matches found)`; none: `node X not found`.
 */
export function lookupNode(nodes: readonly NodeObject[], reference: string): NodeLookup {
  const byId = nodes.find((node) => node.meta.id === reference);
  if (byId !== undefined) return { ok: true, node: byId };
  let matches = nodes.filter((node) => node.description.hostname === reference);
  if (matches.length === 0) matches = nodes.filter((node) => node.meta.id.startsWith(reference));
  if (matches.length === 0) return { ok: false, error: `node ${reference} not found` };
  if (matches.length > 1)
    return { ok: false, error: `node ${reference} is ambiguous (${matches.length} matches found)` };
  return { ok: true, node: matches[0] as NodeObject };
}
