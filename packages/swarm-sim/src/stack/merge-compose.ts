/**
 * Several `-c` files merged into one project, later files overriding earlier ones, as docker/cli's
 * `cli/compose/loader/merge.go` does with mergo: a value a later file sets replaces the earlier
 * one; mappings (environment, labels, deploy settings) merge key by key; lists append, except
 * ports (merged as a set), secrets and configs (merged by source), networks (by name), and
 * command and entrypoint (replaced). Top-level networks, volumes, secrets and configs are
 * replaced whole by name.
 */
import { type FileError, sortFileErrors } from '../files/file-error.js';
import { compact } from './compose-schema.js';
import type {
  ComposeDeploy,
  ComposeFileReference,
  ComposePort,
  ComposeProject,
  ComposeService,
  ComposeWarnings,
  SourcePosition,
} from './compose-types.js';
import { type ComposeResult, checkComposeProject, readComposeFile } from './parse-compose.js';
import { errorAt, indexPositions } from './positions.js';

export interface ComposeSource {
  readonly text: string;
  readonly fileName: string;
}

/** `docker stack deploy -c a.yml -c b.yml`: reads every file, then merges and checks the result. */
export function loadComposeFiles(sources: readonly ComposeSource[]): ComposeResult {
  const projects: ComposeProject[] = [];
  const errors: FileError[] = [];
  for (const source of sources) {
    const read = readComposeFile(source.text, source.fileName);
    if (read.ok) projects.push(read.project);
    else errors.push(...read.errors);
  }
  if (errors.length > 0) return { ok: false, errors: sortFileErrors(errors) };
  return mergeComposeFiles(projects);
}

/** Merges projects read from several files, in order, and checks the result. */
export function mergeComposeFiles(projects: readonly ComposeProject[]): ComposeResult {
  const first = projects[0];
  if (first === undefined) {
    const message = 'Please specify a Compose file (with --compose-file)';
    return { ok: false, errors: [{ file: '', line: 0, column: 0, path: '', message }] };
  }
  const errors: FileError[] = [];
  let merged = first;
  for (const project of projects.slice(1)) {
    if (project.version !== first.version) {
      const message = `version mismatched between two composefiles : ${first.version} and ${project.version}`;
      errors.push(errorAt(project, indexPositions(project), ['version'], message));
      continue;
    }
    merged = mergeTwo(merged, project);
  }
  errors.push(...checkComposeProject(merged));
  return errors.length > 0 ? { ok: false, errors: sortFileErrors(errors) } : { ok: true, project: merged };
}

function mergeTwo(base: ComposeProject, override: ComposeProject): ComposeProject {
  return {
    files: [...base.files, ...override.files],
    version: base.version,
    services: mergeByName(base.services, override.services, mergeService),
    networks: mergeByName(base.networks, override.networks, (_, replacement) => replacement),
    volumes: mergeByName(base.volumes, override.volumes, (_, replacement) => replacement),
    secrets: mergeByName(base.secrets, override.secrets, (_, replacement) => replacement),
    configs: mergeByName(base.configs, override.configs, (_, replacement) => replacement),
    warnings: mergeWarnings(base.warnings, override.warnings),
    positions: mergePositions(base.positions, override.positions),
  };
}

function mergeByName<Value extends { readonly name: string }>(
  base: readonly Value[],
  override: readonly Value[],
  merge: (earlier: Value, later: Value) => Value,
): Value[] {
  const merged = new Map(base.map((value) => [value.name, value]));
  for (const value of override) {
    const earlier = merged.get(value.name);
    merged.set(value.name, earlier === undefined ? value : merge(earlier, value));
  }
  return [...merged.values()].sort((left, right) =>
    left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
  );
}

export function mergeService(base: ComposeService, override: ComposeService): ComposeService {
  const healthcheck =
    base.healthcheck === undefined || override.healthcheck === undefined
      ? (override.healthcheck ?? base.healthcheck)
      : { ...base.healthcheck, ...override.healthcheck };
  return compact({
    name: base.name,
    image: override.image ?? base.image,
    command: replaceUnlessEmpty(base.command, override.command),
    entrypoint: replaceUnlessEmpty(base.entrypoint, override.entrypoint),
    environment: mergeRecords(base.environment, override.environment),
    labels: mergeRecords(base.labels, override.labels),
    ports: mergePorts(base.ports, override.ports),
    networks:
      base.networks === undefined || override.networks === undefined
        ? (override.networks ?? base.networks)
        : mergeByName(base.networks, override.networks, (_, later) => later),
    secrets: mergeReferences(base.secrets, override.secrets),
    configs: mergeReferences(base.configs, override.configs),
    healthcheck,
    restart: override.restart ?? base.restart,
    stopGracePeriodMs: override.stopGracePeriodMs ?? base.stopGracePeriodMs,
    deploy: mergeDeploy(base.deploy, override.deploy),
  });
}

function mergeDeploy(
  base: ComposeDeploy | undefined,
  override: ComposeDeploy | undefined,
): ComposeDeploy | undefined {
  if (base === undefined || override === undefined) return override ?? base;
  const placementBase = base.placement ?? {};
  const placementOverride = override.placement ?? {};
  const placement = compact({
    constraints: appendLists(placementBase.constraints, placementOverride.constraints),
    preferences: appendLists(placementBase.preferences, placementOverride.preferences),
    maxReplicasPerNode: placementOverride.maxReplicasPerNode ?? placementBase.maxReplicasPerNode,
  });
  const resources = compact({
    limits: mergeObjects(base.resources?.limits, override.resources?.limits),
    reservations: mergeObjects(base.resources?.reservations, override.resources?.reservations),
  });
  return compact({
    ...base,
    ...override,
    labels: mergeRecords(base.labels, override.labels),
    placement: base.placement === undefined && override.placement === undefined ? undefined : placement,
    resources: base.resources === undefined && override.resources === undefined ? undefined : resources,
    restartPolicy: mergeObjects(base.restartPolicy, override.restartPolicy),
    updateConfig: mergeObjects(base.updateConfig, override.updateConfig),
    rollbackConfig: mergeObjects(base.rollbackConfig, override.rollbackConfig),
  });
}

function mergeObjects<Value extends object>(
  base: Value | undefined,
  override: Value | undefined,
): Value | undefined {
  if (base === undefined || override === undefined) return override ?? base;
  return { ...base, ...override };
}

function mergeRecords<Value>(
  base: Readonly<Record<string, Value>> | undefined,
  override: Readonly<Record<string, Value>> | undefined,
): Readonly<Record<string, Value>> | undefined {
  if (base === undefined || override === undefined) return override ?? base;
  return Object.fromEntries([...Object.entries(base), ...Object.entries(override)]);
}

function replaceUnlessEmpty<Value>(
  base: readonly Value[] | undefined,
  override: readonly Value[] | undefined,
) {
  return override !== undefined && override.length > 0 ? override : base;
}

function appendLists<Value>(base: readonly Value[] | undefined, override: readonly Value[] | undefined) {
  if (base === undefined || override === undefined) return override ?? base;
  return [...base, ...override];
}

/** Ports merge as a set of whole port configurations, sorted by published port (docker/cli). */
function mergePorts(base: readonly ComposePort[] | undefined, override: readonly ComposePort[] | undefined) {
  if (base === undefined || override === undefined) return override ?? base;
  const unique = new Map([...base, ...override].map((port) => [JSON.stringify(port), port]));
  return [...unique.values()].sort((left, right) => (left.published ?? 0) - (right.published ?? 0));
}

/** Secrets and configs merge by source, the later file's entry winning, sorted by source. */
function mergeReferences(
  base: readonly ComposeFileReference[] | undefined,
  override: readonly ComposeFileReference[] | undefined,
) {
  if (base === undefined || override === undefined) return override ?? base;
  const bySource = new Map([...base, ...override].map((reference) => [reference.source, reference]));
  return [...bySource.values()].sort((left, right) =>
    left.source < right.source ? -1 : left.source > right.source ? 1 : 0,
  );
}

function mergeWarnings(base: ComposeWarnings, override: ComposeWarnings): ComposeWarnings {
  const union = (left: readonly string[], right: readonly string[]) =>
    [...new Set([...left, ...right])].sort();
  const deprecated = new Map(
    [...base.deprecated, ...override.deprecated].map((entry) => [entry.option, entry]),
  );
  return {
    unsupported: union(base.unsupported, override.unsupported),
    deprecated: [...deprecated.values()].sort((left, right) => (left.option < right.option ? -1 : 1)),
    notSimulated: union(base.notSimulated, override.notSimulated),
  };
}

function mergePositions(
  base: readonly SourcePosition[],
  override: readonly SourcePosition[],
): SourcePosition[] {
  const byPath = new Map([...base, ...override].map((position) => [position.path, position]));
  return [...byPath.values()].sort((left, right) =>
    left.path < right.path ? -1 : left.path > right.path ? 1 : 0,
  );
}
