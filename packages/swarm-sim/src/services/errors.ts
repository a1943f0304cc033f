/**
 * The daemon's error texts for services and tasks, verbatim, each with the HTTP status the Engine
 * API gives its gRPC code (swarm.md §0: InvalidArgument / FailedPrecondition 400, NotFound 404,
 * AlreadyExists 409, Unimplemented and Unknown 500). Sources: `moby/swarmkit`
 * `manager/controlapi/service.go` (validation, conflicts, update rules) and `moby/moby`
 * `daemon/cluster/helpers.go` (`getService`: not found, ambiguous).
 */
import type { SwarmError } from '../swarm/types.js';

function rpc(
  code: 'InvalidArgument' | 'FailedPrecondition' | 'AlreadyExists' | 'Unimplemented' | 'Unknown',
  text: string,
): SwarmError {
  const status = code === 'AlreadyExists' ? 409 : code === 'Unimplemented' || code === 'Unknown' ? 500 : 400;
  return { message: `rpc error: code = ${code} desc = ${text}`, status };
}

export const serviceErrors = {
  nameConflict: (name: string): SwarmError =>
    rpc('AlreadyExists', `name conflicts with an existing object: service ${name} already exists`),
  ingressPortInUse: (port: number, serviceName: string, serviceId: string): SwarmError =>
    rpc(
      'InvalidArgument',
      `port '${port}' is already in use by service '${serviceName}' (${serviceId}) as an ingress port`,
    ),
  hostPortInUse: (port: number, serviceName: string, serviceId: string): SwarmError =>
    rpc(
      'InvalidArgument',
      `port '${port}' is already in use by service '${serviceName}' (${serviceId}) as a host-published port`,
    ),
  modeChange: rpc('Unimplemented', 'service mode change is not allowed'),
  rename: rpc('Unimplemented', 'renaming services is not supported'),
  noPreviousSpec: (serviceId: string): SwarmError =>
    rpc('FailedPrecondition', `service ${serviceId} does not have a previous spec`),
  nameMissing: rpc('InvalidArgument', 'meta: name must be provided'),
  nameInvalid: rpc('InvalidArgument', 'name must be valid as a DNS name component'),
  nameTooLong: rpc('InvalidArgument', 'name must be 63 characters or fewer'),
  imageMissing: rpc('InvalidArgument', 'ContainerSpec: image reference must be provided'),
  imageInvalid: (image: string): SwarmError =>
    rpc('InvalidArgument', `ContainerSpec: "${image}" is not a valid repository/tag`),
  cpuTooSmall: (cpus: number): SwarmError =>
    rpc('InvalidArgument', `invalid cpu value ${cpus}: Must be at least 0.001`),
  memoryTooSmall: (bytes: number): SwarmError =>
    rpc('InvalidArgument', `invalid memory value ${bytes}: Must be at least 4MiB`),
  negative: (what: string): SwarmError => rpc('InvalidArgument', `TaskSpec: ${what} cannot be negative`),
  failureRatio: rpc(
    'InvalidArgument',
    'TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1',
  ),
  dnsrrIngress: rpc(
    'InvalidArgument',
    "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
  ),
  duplicatePorts: rpc('InvalidArgument', 'EndpointSpec: duplicate published ports provided'),
  replicasNegative: rpc('InvalidArgument', 'Number of replicas must be non-negative'),
  /** `constraint.Parse` errors are returned as plain Go errors: gRPC code Unknown. */
  constraint: (text: string): SwarmError => rpc('Unknown', text),
  portsExhausted: rpc('Unknown', 'no more dynamic ports available in range 30000-32767'),
  notFound: (reference: string): SwarmError => ({ message: `service ${reference} not found`, status: 404 }),
  ambiguous: (reference: string, count: number): SwarmError => ({
    message: `service ${reference} is ambiguous (${count} matches found)`,
    status: 400,
  }),
  taskNotFound: (reference: string): SwarmError => ({ message: `task ${reference} not found`, status: 404 }),
  /** Our params check: a request shaped wrong (the CLI layer never sends one). */
  badRequest: (detail: string): SwarmError => rpc('InvalidArgument', detail),
  /** docker/cli `scale.go`: checked on the service before the update. */
  scaleGlobal: (serviceName: string): SwarmError => ({
    message: `${serviceName}: scale can only be used with replicated or replicated-job mode`,
    status: 400,
  }),
} as const;
