/**
 * How machines talk: RPC calls and replies over the kernel network (or, to the same machine,
 * through a zero-delay timer), addresses (`ip:port`) resolved to machines, and call deadlines.
 * A call to an address no machine listens on is lost, as a SYN to a dead host is: the caller's
 * deadline decides.
 */
import { assert } from '../kernel/assert.js';
import { send } from '../kernel/network.js';
import { setTimer } from '../kernel/run.js';
import type { HostId, HostRecord } from '../kernel/types.js';
import { outgoingCallsMax, swarmPort } from './timing.js';
import type {
  CallPurpose,
  EngineState,
  IncomingCall,
  MachineState,
  RpcMethod,
  RpcResult,
  SwarmPayload,
  SwarmWorld,
} from './types.js';

export type MachineHost = HostRecord<MachineState>;

export function engineOf(host: MachineHost): EngineState {
  assert(host.state.engine !== null, `the engine of ${host.id} is running`);
  return host.state.engine;
}

/** Splits `ip[:port]`; the port defaults to 2377. Null when it is not that shape. */
export function parseAddress(address: string): { host: string; port: number } | null {
  const match = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(address);
  if (match === null) return null;
  const port = match[2] === undefined ? swarmPort : Number(match[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: match[1] as string, port };
}

/** The port a machine's swarm listener uses. */
export function listenPortOf(host: MachineHost): number {
  const disk = host.state.disk.swarm;
  const listen = disk === null ? null : parseAddress(disk.listenAddr);
  return listen?.port ?? swarmPort;
}

/** The machine with this IP, whatever its state. */
export function machineByIp(world: SwarmWorld, ip: string): MachineHost | null {
  for (const host of world.hosts) {
    if (host.state.hardware.ip === ip) return host;
  }
  return null;
}

/** The machine listening on `ip:port`, or null when nothing does (the call will be lost). */
export function resolveAddress(world: SwarmWorld, address: string): MachineHost | null {
  const parsed = parseAddress(address);
  if (parsed === null) return null;
  const host = machineByIp(world, parsed.host);
  if (host === null || listenPortOf(host) !== parsed.port) return null;
  return host;
}

/** Sends a payload: through the network to another machine, or after this event to itself. */
export function sendPayload(
  world: SwarmWorld,
  host: MachineHost,
  targetId: HostId,
  payload: SwarmPayload,
): void {
  if (targetId === host.id) {
    setTimer(world, host, 0, 'local', { kind: 'timer', timer: { type: 'local', payload } });
    return;
  }
  send(world, host, targetId, payload);
}

/**
 * Starts an RPC to `target` (a machine, or null when the address resolves to nothing: the call
 * is recorded and simply never answered). The caller hears back through `purpose` when the reply
 * arrives or when `timeoutMs` passes (DeadlineExceeded).
 */
export function startCall(
  world: SwarmWorld,
  host: MachineHost,
  target: MachineHost | null,
  method: RpcMethod,
  body: unknown,
  purpose: CallPurpose,
  timeoutMs: number,
  deadlineAtMs: number = world.nowMs + timeoutMs,
): string {
  const engine = engineOf(host);
  assert(Object.keys(engine.calls).length < outgoingCallsMax, 'outgoing calls within outgoingCallsMax');
  const callId = `${host.id}:${host.incarnation}:${engine.nextCallNumber++}`;
  engine.calls[callId] = { callId, purpose, deadlineAtMs };
  setTimer(world, host, Math.max(0, deadlineAtMs - world.nowMs), 'callDeadline', {
    kind: 'timer',
    timer: { type: 'callDeadline', callId },
  });
  if (target !== null) {
    const payload: SwarmPayload = {
      kind: 'call',
      callId,
      replyTo: host.id,
      method,
      body,
      deadlineAtMs,
      callerIp: host.state.hardware.ip,
    };
    sendPayload(world, host, target.id, payload);
  }
  return callId;
}

/** Forwards a call unchanged but for its id and reply address (the raft proxy). */
export function forwardCall(
  world: SwarmWorld,
  host: MachineHost,
  target: MachineHost,
  call: IncomingCall,
): string {
  const engine = engineOf(host);
  const callId = `${host.id}:${host.incarnation}:${engine.nextCallNumber++}`;
  engine.calls[callId] = {
    callId,
    purpose: { kind: 'forward', original: call },
    deadlineAtMs: call.deadlineAtMs,
  };
  setTimer(world, host, Math.max(0, call.deadlineAtMs - world.nowMs), 'callDeadline', {
    kind: 'timer',
    timer: { type: 'callDeadline', callId },
  });
  sendPayload(world, host, target.id, {
    kind: 'call',
    callId,
    replyTo: host.id,
    method: call.method,
    body: call.body,
    deadlineAtMs: call.deadlineAtMs,
    callerIp: call.callerIp,
  });
  return callId;
}

export function replyTo(world: SwarmWorld, host: MachineHost, call: IncomingCall, result: RpcResult): void {
  sendPayload(world, host, call.replyTo, { kind: 'reply', callId: call.callId, result });
}

/** Removes and returns the outgoing call a reply or deadline is about, or null when it is over. */
export function takeCall(host: MachineHost, callId: string): CallPurpose | null {
  const engine = host.state.engine;
  if (engine === null) return null;
  const call = engine.calls[callId];
  if (call === undefined) return null;
  delete engine.calls[callId];
  return call.purpose;
}

/** Forgets outgoing calls of a kind (a stopped agent, a cancelled join). */
export function dropCalls(host: MachineHost, predicate: (purpose: CallPurpose) => boolean): void {
  const engine = host.state.engine;
  if (engine === null) return;
  for (const callId of Object.keys(engine.calls)) {
    if (predicate((engine.calls[callId] as { purpose: CallPurpose }).purpose)) delete engine.calls[callId];
  }
}

/** `ip:port` a node advertises, from an `--advertise-addr` value already resolved to an IP. */
export function withDefaultPort(address: string): string {
  const parsed = parseAddress(address);
  return parsed === null ? address : `${parsed.host}:${parsed.port}`;
}
