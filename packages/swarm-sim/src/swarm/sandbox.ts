/**
 * Creating a sandbox (presets), and the operations a student or a scenario performs on its
 * machines and network: add, use, kill, restart, pause, disconnect, partition, heal, drop,
 * delay, wait. Every name typed by a user is checked: a bad one is an error, never a throw.
 */
import {
  crashHost,
  cutLink,
  emit,
  healNetwork as kernelHeal,
  partitionNetwork as kernelPartition,
  pauseHost,
  restartHost,
  restoreLink,
  resumeHost,
  routeTrace,
  runFor,
  setLinkDefaults,
  validateRatio,
} from '../kernel/index.js';
import { attachMonitors } from '../kernel/trace.js';
import type { TraceLevel } from '../kernel/trace-types.js';
import type { KernelResult, Ratio, World } from '../kernel/types.js';
import { addHost, createWorld, hostById } from '../kernel/world.js';
import { newEngineState } from './engine.js';
import { swarmRuntime } from './machine.js';
import { executeRequest } from './requests.js';
import { type PresetName, presetNames, type Sandbox, type SandboxResult } from './sandbox-types.js';
import { engineVersion, machinesMax, machinesMaxLimit, raftTickMs } from './timing.js';
import type { MachineHost } from './transport.js';
import type { InitResult, MachineHardware, MachineState, SwarmPayload } from './types.js';

export interface SandboxOptions {
  readonly seed: number;
  /** Default `empty`. */
  readonly preset?: string;
  /** Default `reduced` (no send/deliver events: a long session stays small). */
  readonly traceLevel?: TraceLevel;
  /** How many machines `addMachine` accepts; default 64, at most 5000 (the Swarm2k benchmark's 2,384). */
  readonly machinesMax?: number;
}

export interface MachineOptions {
  readonly ip?: string;
  readonly cpus?: number;
  readonly memoryBytes?: number;
  readonly engineLabels?: Readonly<Record<string, string>>;
}

/** docker-machine's default VM: 2 CPUs and 2001 MiB (`docker node inspect` shows 1.954GiB). */
export const defaultCpus = 2;
export const defaultMemoryBytes = 2001 * 1024 * 1024;
const firstHostOctet = 100;

const ok = <Value>(value: Value): SandboxResult<Value> => ({ ok: true, value });
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function okOrError(result: KernelResult): SandboxResult {
  return result.ok ? ok(null) : fail(result.error.replace(/^no such node: /, 'no such machine: '));
}

/** A new sandbox. Formed presets (`3m2w`, `5m5w`) run init and joins through the model. */
export function createSandbox(options: SandboxOptions): SandboxResult<Sandbox> {
  if (!Number.isSafeInteger(options.seed)) return fail('seed must be an integer');
  const limit = options.machinesMax ?? machinesMax;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > machinesMaxLimit)
    return fail(`machinesMax must be a whole number from 1 to ${machinesMaxLimit}`);
  const preset = options.preset ?? 'empty';
  if (!(presetNames as readonly string[]).includes(preset)) {
    return fail(`unknown preset ${preset}; known presets: ${presetNames.join(', ')}`);
  }
  const world = createWorld<MachineState, SwarmPayload>({
    seed: options.seed,
    traceLevel: options.traceLevel ?? 'reduced',
  });
  attachMonitors(world as World, swarmRuntime.monitors);
  const sandbox: Sandbox = {
    formatVersion: 1,
    seed: options.seed,
    preset: preset as PresetName,
    world,
    currentMachine: null,
    nextRequestNumber: 1,
    pending: [],
    commandCauseId: 0,
    ...(limit === machinesMax ? {} : { machinesMax: limit }),
  };
  const formed = buildPreset(sandbox, preset as PresetName);
  return formed.ok ? ok(sandbox) : formed;
}

function buildPreset(sandbox: Sandbox, preset: PresetName): SandboxResult {
  if (preset === 'empty') return addMachines(sandbox, ['node1', 'node2', 'node3', 'node4', 'node5']);
  if (preset === 'tutorial') return addMachines(sandbox, ['manager1', 'worker1', 'worker2']);
  const managerCount = preset === '3m2w' ? 3 : 5;
  const workerCount = preset === '3m2w' ? 2 : 5;
  const managers = Array.from({ length: managerCount }, (_, position) => `manager${position + 1}`);
  const workers = Array.from({ length: workerCount }, (_, position) => `worker${position + 1}`);
  const added = addMachines(sandbox, [...managers, ...workers]);
  if (!added.ok) return added;
  return formSwarm(sandbox, managers, workers);
}

function addMachines(sandbox: Sandbox, names: readonly string[]): SandboxResult {
  for (const name of names) {
    const added = addMachine(sandbox, name);
    if (!added.ok) return added;
  }
  sandbox.currentMachine = names[0] ?? null;
  return ok(null);
}

/** Presets `3m2w`/`5m5w`: init on the first manager, join the others, wait until all are Ready. */
function formSwarm(sandbox: Sandbox, managers: readonly string[], workers: readonly string[]): SandboxResult {
  const first = managers[0] as string;
  const firstIp = (hostById(sandbox.world, first) as MachineHost).state.hardware.ip;
  const init = executeRequest(sandbox, first, { method: 'swarm.init', params: { advertiseAddr: firstIp } });
  if (!init.ok) return fail(`preset: swarm init on ${first} failed: ${init.error}`);
  const tokens = init.value as InitResult;
  const joins = [
    ...managers.slice(1).map((name) => ({ name, token: tokens.managerToken })),
    ...workers.map((name) => ({ name, token: tokens.workerToken })),
  ];
  for (const join of joins) {
    const joined = executeRequest(sandbox, join.name, {
      method: 'swarm.join',
      params: { token: join.token, remoteAddr: `${firstIp}:2377` },
    });
    if (!joined.ok) return fail(`preset: swarm join on ${join.name} failed: ${joined.error}`);
  }
  return settle(sandbox, first, managers.length + workers.length);
}

/** Runs until the leader's store shows every node Ready (at most two minutes of virtual time). */
function settle(sandbox: Sandbox, manager: string, nodeCount: number): SandboxResult {
  for (let second = 0; second < 120; second++) {
    const listed = executeRequest(sandbox, manager, { method: 'node.list', params: {} });
    if (listed.ok) {
      const nodes = listed.value as { status: { state: string } }[];
      if (nodes.length === nodeCount && nodes.every((node) => node.status.state === 'ready')) return ok(null);
    }
    runFor(sandbox.world, swarmRuntime, 1000);
  }
  return fail('preset: the swarm did not settle within two minutes');
}

// ---------------------------------------------------------------------------------------------
// Machines

const hostnamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ipPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function machineOf(sandbox: Sandbox, name: string): MachineHost | null {
  return hostById(sandbox.world, name) as MachineHost | null;
}

function validIp(ip: string): boolean {
  const match = ipPattern.exec(ip);
  return match?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}

function nextFreeIp(sandbox: Sandbox): string | null {
  const used = new Set(sandbox.world.hosts.map((host) => host.state.hardware.ip));
  for (let octet = firstHostOctet; octet < 255; octet++) {
    const ip = `192.168.99.${octet}`;
    if (!used.has(ip)) return ip;
  }
  return null;
}

/** Adds a fresh machine whose engine is not in a swarm. */
export function addMachine(
  sandbox: Sandbox,
  name: string,
  options: MachineOptions = {},
): SandboxResult<MachineHardware> {
  const world = sandbox.world;
  if (!hostnamePattern.test(name))
    return fail(`invalid machine name "${name}": use lower-case letters, digits and dashes`);
  if (machineOf(sandbox, name) !== null) return fail(`machine ${name} already exists`);
  const limit = sandbox.machinesMax ?? machinesMax;
  if (world.hosts.length >= limit) return fail(`a sandbox has at most ${limit} machines`);
  const ip = options.ip ?? nextFreeIp(sandbox);
  if (ip === null || !validIp(ip)) return fail(`invalid IP address "${ip ?? ''}"`);
  if (world.hosts.some((host) => host.state.hardware.ip === ip))
    return fail(`IP address ${ip} is already in use`);
  const cpus = options.cpus ?? defaultCpus;
  if (!Number.isSafeInteger(cpus) || cpus < 1 || cpus > 256)
    return fail('cpus must be a whole number from 1 to 256');
  const memoryBytes = options.memoryBytes ?? defaultMemoryBytes;
  if (!Number.isSafeInteger(memoryBytes) || memoryBytes < 64 * 1024 * 1024)
    return fail('memory must be at least 64MiB');
  const hardware: MachineHardware = {
    hostname: name,
    ip,
    cpus,
    memoryBytes,
    engineLabels: { ...(options.engineLabels ?? {}) },
    engineVersion,
    os: 'linux',
    architecture: 'x86_64',
  };
  const state: MachineState = {
    hardware,
    disk: { swarm: null, bootCount: 1, extensionState: {} },
    engine: newEngineState(world.nowMs),
    disconnected: false,
  };
  addHost(world, name, state, raftTickMs);
  emit(world as World, { kind: 'note', node: name, text: `machine ${name} added (${ip})` });
  if (sandbox.currentMachine === null) sandbox.currentMachine = name;
  return ok(hardware);
}

export interface MachineSummary {
  readonly name: string;
  readonly ip: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly power: 'up' | 'crashed' | 'paused';
  readonly disconnected: boolean;
}

export function listMachines(sandbox: Sandbox): MachineSummary[] {
  return sandbox.world.hosts
    .map((host) => ({
      name: host.id,
      ip: host.state.hardware.ip,
      cpus: host.state.hardware.cpus,
      memoryBytes: host.state.hardware.memoryBytes,
      power: (!host.up ? 'crashed' : host.paused ? 'paused' : 'up') as MachineSummary['power'],
      disconnected: host.state.disconnected,
    }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

export function useMachine(sandbox: Sandbox, name: string): SandboxResult {
  if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
  sandbox.currentMachine = name;
  return ok(null);
}

/** Runs a kernel operation with the last recorded command as its cause, then routes the trace. */
function withCause<Value>(sandbox: Sandbox, operation: () => Value): Value {
  const world = sandbox.world;
  const saved = world.causeId;
  world.causeId = sandbox.commandCauseId;
  const value = operation();
  world.causeId = saved;
  routeTrace(world as World, swarmRuntime as never);
  return value;
}

/** Traces a command a user typed; what the next operations do names it as their cause. */
export function recordCommand(sandbox: Sandbox, text: string): number {
  const world = sandbox.world;
  const saved = world.causeId;
  world.causeId = 0;
  const id = emit(world as World, { kind: 'command', text });
  world.causeId = saved;
  sandbox.commandCauseId = id;
  return id;
}

/** A crash: the engine, its containers and everything volatile are gone; the disk stays. */
export function killMachine(sandbox: Sandbox, name: string): SandboxResult {
  if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
  return okOrError(withCause(sandbox, () => crashHost(sandbox.world, swarmRuntime, name)));
}

/** Boots a killed machine: its engine comes back with the swarm identity on its disk. */
export function restartMachine(sandbox: Sandbox, name: string): SandboxResult {
  if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
  return okOrError(withCause(sandbox, () => restartHost(sandbox.world, swarmRuntime, name)));
}

export function pauseMachine(sandbox: Sandbox, name: string): SandboxResult {
  if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
  return okOrError(withCause(sandbox, () => pauseHost(sandbox.world as World, name)));
}

export function unpauseMachine(sandbox: Sandbox, name: string): SandboxResult {
  if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
  return okOrError(withCause(sandbox, () => resumeHost(sandbox.world, swarmRuntime, name)));
}

/** Cuts every link to and from the machine (its cable is pulled). */
export function disconnect(sandbox: Sandbox, name: string): SandboxResult {
  const machine = machineOf(sandbox, name);
  if (machine === null) return fail(`no such machine: ${name}`);
  if (machine.state.disconnected) return fail(`${name} is already disconnected`);
  machine.state.disconnected = true;
  withCause(sandbox, () => {
    for (const other of sandbox.world.hosts) {
      if (other.id === name) continue;
      cutLink(sandbox.world as World, name, other.id);
      cutLink(sandbox.world as World, other.id, name);
    }
  });
  return ok(null);
}

/** Restores the machine's links (except to machines that are themselves disconnected). */
export function reconnect(sandbox: Sandbox, name: string): SandboxResult {
  const machine = machineOf(sandbox, name);
  if (machine === null) return fail(`no such machine: ${name}`);
  if (!machine.state.disconnected) return fail(`${name} is not disconnected`);
  machine.state.disconnected = false;
  withCause(sandbox, () => {
    for (const other of sandbox.world.hosts) {
      if (other.id === name || other.state.disconnected) continue;
      restoreLink(sandbox.world as World, name, other.id);
      restoreLink(sandbox.world as World, other.id, name);
    }
  });
  return ok(null);
}

/** Groups of machines that cannot reach each other; machines not named form one more group. */
export function partition(sandbox: Sandbox, groups: readonly (readonly string[])[]): SandboxResult {
  const seen = new Set<string>();
  for (const group of groups) {
    for (const name of group) {
      if (machineOf(sandbox, name) === null) return fail(`no such machine: ${name}`);
      if (seen.has(name)) return fail(`${name} is in two groups`);
      seen.add(name);
    }
  }
  if (groups.length === 0 || seen.size === 0) return fail('name at least one machine to partition');
  return okOrError(
    withCause(sandbox, () =>
      kernelPartition(
        sandbox.world as World,
        groups.map((group) => [...group]),
      ),
    ),
  );
}

/** Ends every partition and disconnection. */
export function heal(sandbox: Sandbox): SandboxResult {
  for (const host of sandbox.world.hosts) host.state.disconnected = false;
  return okOrError(withCause(sandbox, () => kernelHeal(sandbox.world as World)));
}

/** Every link loses a message with this probability. */
export function netDrop(sandbox: Sandbox, drop: Ratio): SandboxResult {
  const invalid = validateRatio(drop, 'drop');
  if (invalid !== null) return fail(invalid);
  const defaults = sandbox.world.network.defaults;
  return okOrError(withCause(sandbox, () => setLinkDefaults(sandbox.world as World, { ...defaults, drop })));
}

/** One-way latency of every link, uniform in [minMs, maxMs]. */
export function netDelay(sandbox: Sandbox, minMs: number, maxMs: number): SandboxResult {
  const defaults = sandbox.world.network.defaults;
  const latency = { minMs, maxMs, distribution: 'uniform' as const };
  return okOrError(
    withCause(sandbox, () => setLinkDefaults(sandbox.world as World, { ...defaults, latency })),
  );
}

/** Longest single `wait`: one day of virtual time. */
export const sandboxWaitMsMax = 86_400_000;

/** Lets virtual time pass. */
export function wait(sandbox: Sandbox, durationMs: number): SandboxResult {
  if (!Number.isSafeInteger(durationMs) || durationMs < 0)
    return fail('a duration is a whole number of milliseconds >= 0');
  if (durationMs > sandboxWaitMsMax) return fail('wait at most 24h at a time');
  const result = runFor(sandbox.world, swarmRuntime, durationMs);
  return result.stoppedBy === 'time' ? ok(null) : fail(`the run stopped early (${result.stoppedBy})`);
}
