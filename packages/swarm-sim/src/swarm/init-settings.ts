/**
 * What `docker swarm init` fixes besides the addresses (moby `daemon/cluster/swarm.go` Init,
 * `listen_addr.go`, `convert.MergeSwarmSpecToGRPC`): the default address pool and its mask
 * length, the data path port, and the spec values merged over SwarmKit's defaults.
 *
 * moby checks the pool and the port before it starts the node (the init fails, nothing is
 * created); the spec is applied after the node is up, through the control API, whose refusal
 * leaves the new swarm with its defaults and fails the command (`error updating cluster
 * settings: …`).
 */
import { clusterSpecRefusal } from './control.js';
import {
  defaultNodeCertExpiryMs,
  defaultSnapshotInterval,
  defaultTaskHistoryLimit,
  heartbeatPeriodMs,
} from './timing.js';
import type { BootstrapParams, ClusterSpecChanges, InitParams, SwarmError } from './types.js';

/** moby: the default mask length, and the largest one allowed (8 addresses per subnet). */
export const defaultSubnetSize = 24;
const subnetSizeMax = 29;
/** The VXLAN port range moby allows for `--data-path-port` (RFC 6335 user ports). */
const dataPathPortMin = 1024;
const dataPathPortMax = 49_151;

/** An IPv4 network: its base address (host bits cleared, as Go's `net.ParseCIDR` returns) and mask length. */
export interface Cidr {
  readonly base: string;
  readonly bits: number;
}

/** Go `net.ParseCIDR` for IPv4: null when the text is not `a.b.c.d/n`. */
export function parseCidr(text: string): Cidr | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (match === null) return null;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return null;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - bits);
  const base = address - (address % size);
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return { base: parts.join('.'), bits };
}

/** `a.b.c.d/n` with the host bits cleared, as docker/cli's ipNetSlice prints it. */
export function cidrText(cidr: Cidr): string {
  return `${cidr.base}/${cidr.bits}`;
}

function failure(message: string): SwarmError {
  return { message, status: 500 };
}

/** moby `validateDefaultAddrPool`: the mask length and every pool (only when pools are given). */
export function defaultAddrPoolRefusal(
  pools: readonly string[] | undefined,
  maskLength: number,
): SwarmError | null {
  if (pools === undefined || pools.length === 0) return null;
  const size = maskLength === 0 ? defaultSubnetSize : maskLength;
  if (size > subnetSizeMax) return failure(`subnet size is out of range: ${size}`);
  for (const pool of pools) {
    const trimmed = pool.trim();
    const cidr = parseCidr(trimmed);
    if (cidr === null) return failure(`invalid base pool ${trimmed}: invalid CIDR address: ${trimmed}`);
    if (size < cidr.bits)
      return failure(`invalid CIDR: "${trimmed}". Subnet size is too small for pool: ${size}`);
  }
  return null;
}

/** moby `getDataPathPort`: 0 means the default 4789 (stored as 0); otherwise 1024-49151. */
export function dataPathPortRefusal(port: number): SwarmError | null {
  if (port === 0 || (port >= dataPathPortMin && port <= dataPathPortMax)) return null;
  return failure(`Datapath port number is not in valid range (1024-49151) : ${port}`);
}

/**
 * moby `MergeSwarmSpecToGRPC`: only the values given (and, for the durations and the snapshot
 * interval, non-zero) replace SwarmKit's defaults.
 */
export function initSpecChanges(params: InitParams): ClusterSpecChanges {
  return {
    ...(params.taskHistoryLimit !== undefined && { taskHistoryRetentionLimit: params.taskHistoryLimit }),
    ...(params.dispatcherHeartbeatMs !== undefined &&
      params.dispatcherHeartbeatMs !== 0 && { dispatcherHeartbeatPeriodMs: params.dispatcherHeartbeatMs }),
    ...(params.certExpiryMs !== undefined &&
      params.certExpiryMs !== 0 && { nodeCertExpiryMs: params.certExpiryMs }),
    ...(params.snapshotInterval !== undefined &&
      params.snapshotInterval !== 0 && { snapshotInterval: params.snapshotInterval }),
    ...(params.maxSnapshots !== undefined && { keepOldSnapshots: params.maxSnapshots }),
  };
}

export type InitSettings = Pick<
  BootstrapParams,
  | 'taskHistoryLimit'
  | 'dispatcherHeartbeatMs'
  | 'nodeCertExpiryMs'
  | 'snapshotInterval'
  | 'keepOldSnapshots'
  | 'defaultAddressPool'
  | 'subnetSize'
  | 'dataPathPort'
>;

/**
 * The settings a new cluster starts with, and the error the init answers with once the swarm
 * is up (a spec the control API refuses is not applied: the swarm keeps the defaults). Pool and
 * port errors fail the init before anything is created: they come back as `refusal`.
 */
export function resolveInitSettings(
  params: InitParams,
):
  | { readonly ok: true; readonly settings: InitSettings; readonly specError: SwarmError | null }
  | { readonly ok: false; readonly refusal: SwarmError } {
  const maskLength = params.defaultAddrPoolMaskLength ?? 0;
  const poolRefusal = defaultAddrPoolRefusal(params.defaultAddrPool, maskLength);
  if (poolRefusal !== null) return { ok: false, refusal: poolRefusal };
  const dataPathPort = params.dataPathPort ?? 0;
  const portRefusal = dataPathPortRefusal(dataPathPort);
  if (portRefusal !== null) return { ok: false, refusal: portRefusal };
  const changes = initSpecChanges(params);
  const specRefusal = clusterSpecRefusal(changes);
  const spec = specRefusal === null ? changes : {};
  const pools = (params.defaultAddrPool ?? []).map((pool) => cidrText(parseCidr(pool.trim()) as Cidr));
  return {
    ok: true,
    settings: {
      taskHistoryLimit: spec.taskHistoryRetentionLimit ?? defaultTaskHistoryLimit,
      dispatcherHeartbeatMs: spec.dispatcherHeartbeatPeriodMs ?? heartbeatPeriodMs,
      nodeCertExpiryMs: spec.nodeCertExpiryMs ?? defaultNodeCertExpiryMs,
      snapshotInterval: spec.snapshotInterval ?? defaultSnapshotInterval,
      keepOldSnapshots: spec.keepOldSnapshots ?? 0,
      defaultAddressPool: pools,
      subnetSize: pools.length === 0 ? 0 : maskLength === 0 ? defaultSubnetSize : maskLength,
      dataPathPort,
    },
    specError: specRefusal === null ? null : initSpecError(specRefusal),
  };
}

/** moby `initClusterSpec`: the control API's refusal, wrapped. */
export function initSpecError(refusal: SwarmError): SwarmError {
  return { message: `error updating cluster settings: ${refusal.message}`, status: 500 };
}
