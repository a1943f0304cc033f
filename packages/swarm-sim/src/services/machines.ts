/**
 * Lookups across the world's machines that the sandbox operations (routing mesh, `docker ps`,
 * logs, container kills) share: a machine by name, the machine of a swarm node, the freshest
 * replica of the store, and whether two machines can reach each other right now.
 */
import { linkBlocked } from '../kernel/network.js';
import type { World } from '../kernel/types.js';
import type { SwarmStore } from '../swarm/objects.js';
import type { MachineHost } from '../swarm/transport.js';
import type { SwarmWorld } from '../swarm/types.js';

export function machineNamed(world: SwarmWorld, name: string): MachineHost | null {
  const index = world.hostIndexById[name];
  return index === undefined ? null : ((world.hosts[index] as MachineHost | undefined) ?? null);
}

/** The machine whose swarm identity is `nodeId`, or null. */
export function machineOfNode(world: SwarmWorld, nodeId: string | null): MachineHost | null {
  if (nodeId === null) return null;
  for (const host of world.hosts) if (host.state.disk.swarm?.nodeId === nodeId) return host;
  return null;
}

/** True when the machine is powered, its engine runs and it is not frozen. */
export function machineRunning(host: MachineHost): boolean {
  return host.up && !host.paused && host.state.engine !== null;
}

/**
 * The most up-to-date store any running manager holds (the one that applied the most), or null
 * outside a swarm. What the routing mesh's load balancers were last programmed from.
 */
export function freshestStore(world: SwarmWorld): SwarmStore | null {
  let best: SwarmStore | null = null;
  for (const host of world.hosts) {
    const store = host.up ? (host.state.engine?.manager?.replica.store ?? null) : null;
    if (store !== null && (best === null || store.appliedIndex > best.appliedIndex)) best = store;
  }
  return best;
}

/** True when packets flow both ways between the two machines right now. */
export function machinesConnected(world: SwarmWorld, source: MachineHost, target: MachineHost): boolean {
  if (source.id === target.id) return true;
  const kernelWorld = world as World;
  return (
    linkBlocked(kernelWorld, source.index, target.index) === null &&
    linkBlocked(kernelWorld, target.index, source.index) === null
  );
}

/** The mean one-way latency of the link source → target (ms), 0 on the same machine. */
export function meanLatencyMs(world: SwarmWorld, source: MachineHost, target: MachineHost): number {
  if (source.id === target.id) return 0;
  const link = world.network.links[source.index]?.[target.index] ?? null;
  const latency = (link?.settings ?? world.network.defaults).latency;
  return Math.round((latency.minMs + latency.maxMs) / 2);
}
