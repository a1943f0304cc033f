/**
 * Reading compose files for `docker stack deploy`, in docker/cli's order
 * (`cli/compose/loader/loader.go`, `cli/command/stack/loader/loader.go`): YAML (1.1, as
 * yaml.v2 reads it), non-string keys, forbidden keys, the schema, then the checks docker/cli
 * makes while converting. Unlike Docker, which stops at the first error, every error is
 * reported, each with its file, line, column and key path.
 */
import { type FileError, fileError, sortFileErrors } from '../files/file-error.js';
import {
  formatPath,
  type PathSegment,
  parseYamlSource,
  positionAt,
  type YamlSource,
} from '../files/yaml-source.js';
import { didYouMean, type KeyWording, validateValue } from '../files/zod-errors.js';
import {
  compact,
  composeFileSchema,
  deprecatedServiceOptions,
  forbiddenServiceOptions,
  notSimulatedServiceOptions,
  type RawComposeFile,
  type RawService,
  unsupportedServiceOptions,
} from './compose-schema.js';
import type {
  ComposeFileObject,
  ComposeNetwork,
  ComposeProject,
  ComposeService,
  ComposeVolume,
  ComposeWarnings,
} from './compose-types.js';
import { errorAt, indexPositions, sourcePositions } from './positions.js';

export type ComposeResult =
  | { readonly ok: true; readonly project: ComposeProject }
  | { readonly ok: false; readonly errors: readonly FileError[] };

/** docker/cli's schema wording (gojsonschema): `services.web: Additional property foo is not allowed`. */
export const composeKeyWording: KeyWording = {
  unknownKey: (key, suggestion) => `Additional property ${key} is not allowed${didYouMean(suggestion)}`,
  missingKey: (key) => `${key} is required`,
};

/** The compose format versions docker/cli ships schemas for: 3.0 to 3.14; `3` means the default. */
const defaultVersion = '3.13';
const minorVersionMax = 14;
const namePattern = /^[a-zA-Z0-9._-]+$/;
const sections = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

/** Reads and checks one compose file (`docker stack deploy -c FILE`). */
export function parseComposeFile(text: string, fileName: string): ComposeResult {
  const read = readComposeFile(text, fileName);
  if (!read.ok) return read;
  const errors = checkComposeProject(read.project);
  return errors.length > 0 ? { ok: false, errors } : read;
}

/**
 * Reads one file without the checks that need the whole project (a file given as a later `-c`
 * may set only `replicas`, and leave `image` to the first file). See `loadComposeFiles`.
 */
export function readComposeFile(text: string, fileName: string): ComposeResult {
  const parsed = parseYamlSource(text, fileName, 'docker');
  if (!parsed.ok) return parsed;
  const source = parsed.source;
  const keyErrors = source.nonStringKeys.map((key) => {
    const where = key.parentPath.length === 0 ? 'at top level' : `in ${formatPath(key.parentPath)}`;
    return fileError(fileName, key.position, '', `non-string key ${where}: ${key.rendered}`);
  });
  if (!isMapping(source.data)) {
    return {
      ok: false,
      errors: [
        ...keyErrors,
        fileError(fileName, positionAt(source, []), '', 'top-level object must be a mapping'),
      ],
    };
  }
  const prepared = prepare(source.data, source);
  const validated = validateValue(composeFileSchema, prepared.data, [], {
    source,
    wording: composeKeyWording,
  });
  const errors = [...keyErrors, ...prepared.errors, ...(validated.ok ? [] : validated.errors)];
  const version = normaliseVersion(source.data.version);
  if (version === null) {
    const message = `unsupported Compose file version: ${String(source.data.version)}`;
    errors.push(fileError(fileName, positionAt(source, ['version']), 'version', message));
  }
  if (errors.length > 0 || !validated.ok || version === null)
    return { ok: false, errors: sortFileErrors(errors) };
  return { ok: true, project: buildProject(validated.value, source, version, prepared.warnings) };
}

/** Checks that need the complete project: run on a single file, or after merging. */
export function checkComposeProject(project: ComposeProject): FileError[] {
  const index = indexPositions(project);
  const errors: FileError[] = [];
  for (const service of project.services) {
    const path = ['services', service.name];
    if (service.image === undefined) errors.push(errorAt(project, index, path, 'image is required'));
    const mode = service.deploy?.mode;
    if ((mode === 'global' || mode === 'global-job') && service.deploy?.replicas !== undefined) {
      const message = 'replicas can only be used with replicated or replicated-job mode';
      errors.push(errorAt(project, index, [...path, 'deploy', 'replicas'], message));
    }
  }
  return sortFileErrors(errors);
}

export function normaliseVersion(version: unknown): string | null {
  if (version === undefined || version === '' || version === '3') return defaultVersion;
  if (typeof version !== 'string') return defaultVersion; // the schema reports the type
  const match = /^3\.(\d+)$/.exec(version);
  if (match === null || Number(match[1]) > minorVersionMax) return null;
  return version;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Prepared {
  readonly data: Record<string, unknown>;
  readonly errors: FileError[];
  readonly warnings: ComposeWarnings;
}

/**
 * What docker/cli does before the schema: drop `x-` extension keys, reject names the schema's
 * patterns refuse, stop on forbidden keys, and note ignored and deprecated keys.
 */
function prepare(data: Record<string, unknown>, source: YamlSource): Prepared {
  const errors: FileError[] = [];
  const found = {
    unsupported: new Set<string>(),
    deprecated: new Set<string>(),
    notSimulated: new Set<string>(),
  };
  const root = withoutExtensions(data);
  for (const section of sections) {
    const entries = root[section];
    if (!isMapping(entries)) continue;
    const kept: [string, unknown][] = [];
    for (const [name, entry] of Object.entries(entries)) {
      if (!namePattern.test(name)) {
        errors.push(unknownKeyError(source, [section], name));
        continue;
      }
      const cleaned = isMapping(entry) ? withoutExtensions(entry) : entry;
      if (section === 'services' && isMapping(cleaned))
        noteServiceOptions(cleaned, [section, name], source, errors, found);
      kept.push([name, cleaned]);
    }
    root[section] = Object.fromEntries(kept);
  }
  const warnings: ComposeWarnings = {
    unsupported: [...found.unsupported].sort(),
    deprecated: [...found.deprecated]
      .sort()
      .map((option) => ({ option, description: deprecatedServiceOptions[option] as string })),
    notSimulated: [...found.notSimulated].sort(),
  };
  return { data: root, errors, warnings };
}

function noteServiceOptions(
  service: Record<string, unknown>,
  path: readonly PathSegment[],
  source: YamlSource,
  errors: FileError[],
  found: { unsupported: Set<string>; deprecated: Set<string>; notSimulated: Set<string> },
): void {
  for (const key of Object.keys(service)) {
    const forbidden = forbiddenServiceOptions[key];
    if (Object.hasOwn(forbiddenServiceOptions, key) && forbidden !== undefined) {
      const message = `Compose file contains unsupported options: ${key}: ${forbidden}`;
      errors.push(fileError(source.fileName, positionAt(source, [...path, key]), formatPath(path), message));
      delete service[key];
    } else if (unsupportedServiceOptions.includes(key)) found.unsupported.add(key);
    else if (Object.hasOwn(deprecatedServiceOptions, key)) found.deprecated.add(key);
    else if (notSimulatedServiceOptions.includes(key)) found.notSimulated.add(key);
  }
}

function unknownKeyError(source: YamlSource, parent: readonly PathSegment[], key: string): FileError {
  const message = composeKeyWording.unknownKey(key, null);
  return fileError(source.fileName, positionAt(source, [...parent, key]), formatPath(parent), message);
}

function withoutExtensions(mapping: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapping).filter(([key]) => !key.startsWith('x-')));
}

function buildProject(
  raw: RawComposeFile,
  source: YamlSource,
  version: string,
  warnings: ComposeWarnings,
): ComposeProject {
  const byName = <Value extends { name: string }>(values: Value[]) =>
    values.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return {
    files: [source.fileName],
    version,
    services: byName(
      Object.entries(raw.services ?? {}).map(([name, service]) => buildService(name, service)),
    ),
    networks: byName(
      Object.entries(raw.networks ?? {}).map(([name, network]) => buildNetwork(name, network)),
    ),
    volumes: byName(Object.entries(raw.volumes ?? {}).map(([name, volume]) => buildVolume(name, volume))),
    secrets: byName(Object.entries(raw.secrets ?? {}).map(([name, secret]) => buildFileObject(name, secret))),
    configs: byName(Object.entries(raw.configs ?? {}).map(([name, config]) => buildFileObject(name, config))),
    warnings,
    positions: sourcePositions(source),
  };
}

function buildService(name: string, raw: RawService): ComposeService {
  return compact({
    name,
    image: raw.image,
    command: raw.command,
    entrypoint: raw.entrypoint,
    environment: raw.environment,
    labels: raw.labels,
    ports: raw.ports,
    networks: raw.networks,
    secrets: raw.secrets,
    configs: raw.configs,
    healthcheck: raw.healthcheck,
    restart: raw.restart,
    stopGracePeriodMs: raw.stop_grace_period,
    deploy: raw.deploy,
  });
}

type External = boolean | { name?: string | undefined } | undefined;

/** `external: {name: x}` names the real object; `name: x` does too. */
function externalParts(
  external: External,
  name: string | undefined,
): { external: boolean; customName?: string } {
  const externalName = typeof external === 'object' ? external.name : undefined;
  return compact({
    external: external !== undefined && external !== false,
    customName: externalName ?? name,
  });
}

function buildNetwork(
  name: string,
  raw: RawComposeFile['networks'] extends Record<string, infer N> | undefined ? N : never,
): ComposeNetwork {
  if (raw === null) return { name, external: false };
  return compact({
    name,
    ...externalParts(raw.external, raw.name),
    driver: raw.driver,
    attachable: raw.attachable,
    internal: raw.internal,
    labels: raw.labels,
  });
}

function buildVolume(
  name: string,
  raw: RawComposeFile['volumes'] extends Record<string, infer V> | undefined ? V : never,
): ComposeVolume {
  if (raw === null) return { name, external: false };
  return compact({ name, ...externalParts(raw.external, raw.name), driver: raw.driver });
}

function buildFileObject(
  name: string,
  raw: {
    name?: string | undefined;
    file?: string | undefined;
    external?: External;
    labels?: Record<string, string> | undefined;
  },
): ComposeFileObject {
  return compact({ name, ...externalParts(raw.external, raw.name), file: raw.file, labels: raw.labels });
}
