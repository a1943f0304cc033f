/**
 * `docker ps` on the machine the shell is logged in to (docker/cli `cli/command/container/list.go`,
 * `cli/command/formatter/container.go`): the engine's own containers — here the swarm tasks'
 * containers — asked of that engine directly, no manager involved. Filters are the daemon's
 * (`id`, `name`, `status`, `ancestor`, `exited`, `is-task`); the other keys docker accepts need
 * container facts the sandbox does not keep and say so.
 */

import type { ParsedCommandOf } from '../../docker/grammar/parse.js';
import type { FilterEntry } from '../../docker/grammar/spec.js';
import { type ContainerEntry, listContainers } from '../../services/containers.js';
import { imageWithoutDigest } from '../../services/spec.js';
import type { DockerContext } from '../docker-context.js';
import { type CommandOutput, failed } from '../types.js';
import { formatContainerList } from './service-format.js';

const supportedKeys = ['id', 'name', 'status', 'ancestor', 'exited', 'is-task'];
const unsupportedKeys = [
  'before',
  'expose',
  'health',
  'isolation',
  'label',
  'network',
  'publish',
  'since',
  'volume',
];
const statuses = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

type Filtered =
  | { readonly ok: true; readonly entries: ContainerEntry[] }
  | { readonly ok: false; readonly error: string };

function matchesKey(entry: ContainerEntry, key: string, values: readonly string[]): boolean {
  switch (key) {
    case 'id':
      return values.some((value) => entry.id.startsWith(value));
    case 'name':
      return values.some((value) => entry.names.includes(value));
    case 'status':
      return values.includes(entry.state);
    case 'ancestor':
      return values.some(
        (value) =>
          imageWithoutDigest(entry.image) === value ||
          entry.image === value ||
          imageWithoutDigest(entry.image) === `${value}:latest`,
      );
    case 'exited':
      return entry.state === 'exited' && values.some((value) => entry.status.startsWith(`Exited (${value})`));
    default:
      return values.includes('true');
  }
}

/** The daemon's container filters, checked as it checks them. */
function filterContainers(entries: readonly ContainerEntry[], filter: readonly FilterEntry[]): Filtered {
  const keys = [...new Set(filter.map((entry) => entry.key))];
  for (const key of keys) {
    if (unsupportedKeys.includes(key))
      return { ok: false, error: `docker: the sandbox does not filter containers by '${key}'` };
    if (!supportedKeys.includes(key))
      return { ok: false, error: `Error response from daemon: invalid filter '${key}'` };
  }
  for (const entry of filter) {
    if (entry.key === 'status' && !statuses.includes(entry.value)) {
      return { ok: false, error: `Error response from daemon: invalid filter 'status=${entry.value}'` };
    }
    if (entry.key === 'is-task' && entry.value !== 'true' && entry.value !== 'false') {
      return { ok: false, error: `Error response from daemon: invalid filter 'is-task=${entry.value}'` };
    }
  }
  const selected = entries.filter((entry) =>
    keys.every((key) =>
      matchesKey(
        entry,
        key,
        filter.filter((item) => item.key === key).map((item) => item.value),
      ),
    ),
  );
  return { ok: true, entries: selected };
}

export function runContainerList(context: DockerContext, command: ParsedCommandOf<'ps'>): CommandOutput {
  const host = context.host;
  if (host === undefined) return failed("docker: 'docker ps' needs the sandbox shell");
  const options = command.options;
  if (options.size === true) return failed('docker: the sandbox keeps no container sizes (--size)');
  const last = options.latest === true ? 1 : (options.last ?? -1);
  const all =
    options.all === true ||
    last > 0 ||
    (options.filter ?? []).some((entry) => entry.key === 'status' || entry.key === 'exited');
  const listed = listContainers(host.sandbox, host.machine, { all });
  if (!listed.ok) return failed(listed.error);
  const filtered = filterContainers(listed.value, options.filter ?? []);
  if (!filtered.ok) return failed(filtered.error);
  const entries = last > 0 ? filtered.entries.slice(0, last) : filtered.entries;
  const rendered = formatContainerList(entries, host.sandbox.world.nowMs, {
    format: options.format,
    quiet: options.quiet === true,
    noTrunc: options['no-trunc'] === true,
  });
  if (!rendered.ok) return failed(rendered.error);
  return { stdout: rendered.text, stderr: '', exitCode: 0 };
}
