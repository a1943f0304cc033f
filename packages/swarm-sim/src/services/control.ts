/**
 * The control API for services and tasks (SwarmKit `manager/controlapi/service.go` and the
 * daemon's `daemon/cluster/services.go`), as methods the swarm model's raft proxy routes to the
 * leader. Writes return the actions to propose; the reply waits until they are applied. Reads
 * answer from the leader's store. Every method validates its params and returns Docker's error
 * text instead of throwing. docs/services.md lists the params and values.
 */
import { newSwarmId, randomName } from '../docker/identity.js';
import type { ServiceSpec } from '../stack/service-spec.js';
import { rpcErrors } from '../swarm/errors.js';
import type { LeaderContext, WriteOutcome } from '../swarm/extensions.js';
import type { ServiceObject, StoreAction } from '../swarm/objects.js';
import { serviceErrors } from './errors.js';
import {
  listServices,
  listTasks,
  resolveService,
  type ServiceListFilters,
  type TaskListParams,
} from './queries.js';
import {
  allocatePorts,
  checkPortConflicts,
  forceUpdateOf,
  validateServiceSpec,
  withForceUpdate,
} from './spec.js';

export interface ServiceCreateParams {
  /** `name: ''` asks the daemon for a random `adjective_surname` name. */
  readonly spec: ServiceSpec;
}

export interface ServiceCreateResult {
  readonly id: string;
}

export interface ServiceRefParams {
  /** A full ID, an exact name, or a unique ID prefix. */
  readonly ref: string;
}

export interface ServiceUpdateParams extends ServiceRefParams {
  /** The `Version.Index` read before the change; a stale one fails with `update out of sequence`. */
  readonly version?: number;
  /** The whole new spec (the CLI reads, changes and sends back). Required unless `rollback`. */
  readonly spec?: ServiceSpec;
  /** `--force`: bump ForceUpdate so every task is replaced. */
  readonly force?: boolean;
  /** `--rollback` / `service rollback`: back to the previous spec. */
  readonly rollback?: boolean;
}

export interface ServiceScaleParams extends ServiceRefParams {
  readonly replicas: number;
}

type Params = Record<string, unknown>;

function asParams(raw: unknown): Params {
  return typeof raw === 'object' && raw !== null ? (raw as Params) : {};
}

function ok(value: unknown, actions?: StoreAction[], label?: string): WriteOutcome {
  if (actions === undefined) return { ok: true, value };
  return label === undefined ? { ok: true, value, actions } : { ok: true, value, actions, label };
}

function isSpec(value: unknown): value is ServiceSpec {
  if (typeof value !== 'object' || value === null) return false;
  const spec = value as Partial<ServiceSpec>;
  return typeof spec.name === 'string' && typeof spec.image === 'string' && typeof spec.mode === 'object';
}

/** `CreateService`: validation, name and port conflicts, port allocation, the new service. */
export function createService(context: LeaderContext, raw: unknown): WriteOutcome {
  const params = asParams(raw);
  if (!isSpec(params.spec))
    return { ok: false, error: serviceErrors.badRequest('a service spec is required') };
  const given = params.spec;
  const spec: ServiceSpec = given.name === '' ? { ...given, name: randomName(context.prng) } : given;
  const valid = validateServiceSpec(spec);
  if (!valid.ok) return valid;
  const store = context.store;
  if (Object.values(store.services).some((service) => service.spec.name === spec.name)) {
    return { ok: false, error: serviceErrors.nameConflict(spec.name) };
  }
  const conflicts = checkPortConflicts(store, spec, null);
  if (!conflicts.ok) return conflicts;
  const endpointPorts = allocatePorts(store, spec, [], null);
  if (endpointPorts === null) return { ok: false, error: serviceErrors.portsExhausted };
  const id = newSwarmId(context.prng);
  const service: ServiceObject = {
    meta: { id, version: 0, createdAtMs: context.nowMs, updatedAtMs: context.nowMs },
    spec: structuredClone(spec),
    previousSpec: null,
    specVersion: 1,
    endpointPorts,
    updateStatus: null,
  };
  const result: ServiceCreateResult = { id };
  return ok(
    result,
    [{ kind: 'create', target: { type: 'service', object: service } }],
    `create service ${spec.name}`,
  );
}

/**
 * `UpdateService`: a new spec (previous kept, spec version bumped, update status reset), or a
 * rollback to the previous spec (`manually requested rollback`). Mode changes and renames are
 * refused as SwarmKit refuses them.
 */
export function updateService(context: LeaderContext, raw: unknown): WriteOutcome {
  const params = asParams(raw);
  const resolved = resolveService(context.store, String(params.ref ?? ''));
  if (!resolved.ok) return resolved;
  const service = resolved.value;
  const stale = typeof params.version === 'number' && params.version !== service.meta.version;
  if (params.rollback === true)
    return stale ? { ok: false, error: rpcErrors.updateOutOfSequence } : rollbackService(context, service);
  if (!isSpec(params.spec))
    return { ok: false, error: serviceErrors.badRequest('a service spec is required') };
  let spec = withForceUpdate(params.spec, forceUpdateOf(service.spec) + (params.force === true ? 1 : 0));
  if (spec.name === '') spec = { ...spec, name: service.spec.name };
  const valid = validateServiceSpec(spec);
  if (!valid.ok) return valid;
  if (JSON.stringify(spec.endpoint) !== JSON.stringify(service.spec.endpoint)) {
    const conflicts = checkPortConflicts(context.store, spec, service.meta.id);
    if (!conflicts.ok) return conflicts;
  }
  if (spec.mode.kind !== service.spec.mode.kind) return { ok: false, error: serviceErrors.modeChange };
  if (spec.name !== service.spec.name) return { ok: false, error: serviceErrors.rename };
  if (stale) return { ok: false, error: rpcErrors.updateOutOfSequence };
  const endpointPorts = allocatePorts(context.store, spec, service.endpointPorts, service.meta.id);
  if (endpointPorts === null) return { ok: false, error: serviceErrors.portsExhausted };
  const updated: ServiceObject = {
    ...structuredClone(service),
    spec,
    previousSpec: structuredClone(service.spec),
    specVersion: service.specVersion + 1,
    endpointPorts,
    updateStatus: null,
  };
  updated.meta.updatedAtMs = context.nowMs;
  return ok(
    {},
    [{ kind: 'update', target: { type: 'service', object: updated } }],
    `update service ${spec.name}`,
  );
}

function rollbackService(context: LeaderContext, service: ServiceObject): WriteOutcome {
  if (service.previousSpec === null)
    return { ok: false, error: serviceErrors.noPreviousSpec(service.meta.id) };
  const endpointPorts = allocatePorts(
    context.store,
    service.previousSpec,
    service.endpointPorts,
    service.meta.id,
  );
  if (endpointPorts === null) return { ok: false, error: serviceErrors.portsExhausted };
  const updated: ServiceObject = {
    ...structuredClone(service),
    spec: structuredClone(service.previousSpec),
    previousSpec: structuredClone(service.spec),
    specVersion: service.specVersion + 1,
    endpointPorts,
    updateStatus: {
      state: 'rollback_started',
      startedAtMs: context.nowMs,
      completedAtMs: null,
      message: 'manually requested rollback',
    },
  };
  updated.meta.updatedAtMs = context.nowMs;
  return ok(
    {},
    [{ kind: 'update', target: { type: 'service', object: updated } }],
    `roll back service ${service.spec.name}`,
  );
}

/** `service scale S=N`: the replicated service's spec with `replicas = N`. */
export function scaleService(context: LeaderContext, raw: unknown): WriteOutcome {
  const params = asParams(raw);
  const resolved = resolveService(context.store, String(params.ref ?? ''));
  if (!resolved.ok) return resolved;
  const service = resolved.value;
  const replicas = params.replicas;
  if (typeof replicas !== 'number' || !Number.isSafeInteger(replicas)) {
    return { ok: false, error: serviceErrors.badRequest('replicas must be an integer') };
  }
  if (service.spec.mode.kind !== 'replicated')
    return { ok: false, error: serviceErrors.scaleGlobal(String(params.ref)) };
  const spec: ServiceSpec = { ...service.spec, mode: { kind: 'replicated', replicas } };
  return updateService(context, { ref: service.meta.id, spec });
}

/** `RemoveService`: the service goes; the orchestrator then gives its tasks desired REMOVE. */
export function removeService(context: LeaderContext, raw: unknown): WriteOutcome {
  const resolved = resolveService(context.store, String(asParams(raw).ref ?? ''));
  if (!resolved.ok) return resolved;
  const service = resolved.value;
  return ok(
    {},
    [{ kind: 'delete', type: 'service', id: service.meta.id }],
    `remove service ${service.spec.name}`,
  );
}

export function inspectService(context: LeaderContext, raw: unknown): WriteOutcome {
  const resolved = resolveService(context.store, String(asParams(raw).ref ?? ''));
  return resolved.ok ? ok(resolved.value) : resolved;
}

export function listServicesMethod(context: LeaderContext, raw: unknown): WriteOutcome {
  const filters = (asParams(raw).filters ?? {}) as ServiceListFilters;
  return ok(listServices(context.store, filters));
}

export function listTasksMethod(context: LeaderContext, raw: unknown): WriteOutcome {
  return ok(listTasks(context.store, asParams(raw) as TaskListParams));
}
