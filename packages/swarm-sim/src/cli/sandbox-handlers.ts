/**
 * The sandbox commands' behaviour: each handler checks what the student typed (names, values),
 * answers with a clear error or drives the swarm model's machine and network operations. Like
 * docker, a command that changes one thing prints its argument back (`kill worker1` prints
 * `worker1`); `use`, `heal` and `wait` print nothing.
 */
import { bytesSize } from '../docker/humanize.js';
import { formatTable } from '../docker/tabwriter.js';
import {
  addMachine,
  disconnect as disconnectMachine,
  heal as healNetwork,
  killMachine,
  listMachines,
  partition as partitionNetwork,
  pauseMachine,
  reconnect as reconnectMachine,
  restartMachine,
  netDelay as setNetworkDelay,
  netDrop as setNetworkDrop,
  unpauseMachine,
  useMachine,
  wait,
} from '../swarm/sandbox.js';
import type { Sandbox, SandboxResult } from '../swarm/sandbox-types.js';
import { type MachineStatus, type SandboxStatus, sandboxStatus, sandboxStatusJson } from '../swarm/status.js';
import { formatDuration } from '../units.js';
import { supportedDockerCommands } from './docker-commands.js';
import { runHelp } from './help.js';
import {
  disconnectSpec,
  healSpec,
  helpSpec,
  killSpec,
  machineAddSpec,
  machineListSpec,
  netDelaySpec,
  netDropSpec,
  partitionSpec,
  pauseSpec,
  reconnectSpec,
  restartSpec,
  sandboxCommandSpecs,
  statusSpec,
  unpauseSpec,
  useSpec,
  waitSpec,
} from './sandbox-commands.js';
import {
  formatRatio,
  parseCpus,
  parseDelayRange,
  parseIpv4,
  parseMachineGroups,
  parseMachineName,
  parseMemoryBytes,
  parseProbability,
  parseWaitDuration,
} from './sandbox-values.js';
import {
  type ParsedShellCommand,
  type ShellCommand,
  type ShellCommandSpec,
  shellUsageError,
} from './shell-table.js';
import { type CommandOutput, failed, printed } from './types.js';

/** What the sandbox commands act on. */
export interface ShellSession {
  readonly sandbox: Sandbox;
}

/** `kill: no such machine "node9" (machines: node1, node2)`, or null when it exists. */
export function noSuchMachine(sandbox: Sandbox, command: string, name: string): CommandOutput | null {
  const names = listMachines(sandbox).map((machine) => machine.name);
  if (names.includes(name)) return null;
  const known = names.length === 0 ? "none yet: add one with 'machine add NAME'" : names.join(', ');
  return failed(`${command}: no such machine "${name}" (machines: ${known})`);
}

/** A model refusal, in the command's voice. */
function fromModel(command: string, result: SandboxResult<unknown>, stdout: string): CommandOutput {
  return result.ok ? printed(stdout) : failed(`${command}: ${result.error}`);
}

function machineAdd(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = parseMachineName(command.args[0] as string);
  if (!name.ok) return shellUsageError(command.spec, name.error);
  const sandbox = session.sandbox;
  if (listMachines(sandbox).some((machine) => machine.name === name.value)) {
    return failed(`machine add: machine "${name.value}" already exists`);
  }
  const options: { ip?: string; cpus?: number; memoryBytes?: number } = {};
  if (typeof command.flags.ip === 'string') {
    const ip = parseIpv4(command.flags.ip);
    if (!ip.ok) return shellUsageError(command.spec, ip.error);
    const owner = listMachines(sandbox).find((machine) => machine.ip === ip.value);
    if (owner !== undefined)
      return failed(`machine add: address ${ip.value} is already used by ${owner.name}`);
    options.ip = ip.value;
  }
  if (typeof command.flags.cpus === 'string') {
    const cpus = parseCpus(command.flags.cpus);
    if (!cpus.ok) return shellUsageError(command.spec, cpus.error);
    options.cpus = cpus.value;
  }
  if (typeof command.flags.memory === 'string') {
    const memory = parseMemoryBytes(command.flags.memory);
    if (!memory.ok) return shellUsageError(command.spec, memory.error);
    options.memoryBytes = memory.value;
  }
  const added = addMachine(sandbox, name.value, options);
  return added.ok ? printed(`${name.value}\n`) : failed(`machine add: ${added.error}`);
}

/** NETWORK column: cut off, a partition side, or fine. */
function networkCell(machine: MachineStatus): string {
  if (machine.disconnected) return 'disconnected';
  return machine.partitionSide === null ? 'ok' : `side ${machine.partitionSide}`;
}

function machineList(session: ShellSession): CommandOutput {
  const status = sandboxStatus(session.sandbox);
  const hardware = new Map(listMachines(session.sandbox).map((machine) => [machine.name, machine]));
  const rows = status.machines.map((machine) => {
    const summary = hardware.get(machine.name);
    return [
      machine.name,
      machine.ip,
      machine.power,
      networkCell(machine),
      String(summary?.cpus ?? ''),
      summary === undefined ? '' : bytesSize(summary.memoryBytes),
      machine.role ?? '-',
    ];
  });
  return printed(formatTable([['NAME', 'IP', 'POWER', 'NETWORK', 'CPUS', 'MEMORY', 'SWARM'], ...rows]));
}

function use(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'use', name);
  if (missing !== null) return missing;
  return fromModel('use', useMachine(session.sandbox, name), '');
}

function powerOf(sandbox: Sandbox, name: string): string {
  return listMachines(sandbox).find((machine) => machine.name === name)?.power ?? 'up';
}

function kill(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'kill', name);
  if (missing !== null) return missing;
  if (powerOf(session.sandbox, name) === 'crashed') return failed(`kill: machine "${name}" is already down`);
  return fromModel('kill', killMachine(session.sandbox, name), `${name}\n`);
}

function restart(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'restart', name);
  if (missing !== null) return missing;
  if (powerOf(session.sandbox, name) !== 'crashed') return failed(`restart: machine "${name}" is already up`);
  return fromModel('restart', restartMachine(session.sandbox, name), `${name}\n`);
}

function pause(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'pause', name);
  if (missing !== null) return missing;
  const power = powerOf(session.sandbox, name);
  if (power === 'crashed') return failed(`pause: machine "${name}" is down`);
  if (power === 'paused') return failed(`pause: machine "${name}" is already paused`);
  return fromModel('pause', pauseMachine(session.sandbox, name), `${name}\n`);
}

function unpause(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'unpause', name);
  if (missing !== null) return missing;
  if (powerOf(session.sandbox, name) !== 'paused') return failed(`unpause: machine "${name}" is not paused`);
  return fromModel('unpause', unpauseMachine(session.sandbox, name), `${name}\n`);
}

function disconnect(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'disconnect', name);
  if (missing !== null) return missing;
  if (listMachines(session.sandbox).some((machine) => machine.name === name && machine.disconnected)) {
    return failed(`disconnect: machine "${name}" is already disconnected`);
  }
  return fromModel('disconnect', disconnectMachine(session.sandbox, name), `${name}\n`);
}

function reconnect(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const name = command.args[0] as string;
  const missing = noSuchMachine(session.sandbox, 'reconnect', name);
  if (missing !== null) return missing;
  if (listMachines(session.sandbox).some((machine) => machine.name === name && !machine.disconnected)) {
    return failed(`reconnect: machine "${name}" is not disconnected`);
  }
  return fromModel('reconnect', reconnectMachine(session.sandbox, name), `${name}\n`);
}

function partition(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const groups = parseMachineGroups(command.args);
  if (!groups.ok) return shellUsageError(command.spec, groups.error);
  for (const name of groups.value.flat()) {
    const missing = noSuchMachine(session.sandbox, 'partition', name);
    if (missing !== null) return missing;
  }
  const named = new Set(groups.value.flat());
  const rest = listMachines(session.sandbox)
    .map((machine) => machine.name)
    .filter((name) => !named.has(name));
  const shown = [...groups.value, ...(rest.length > 0 ? [rest] : [])]
    .map((group) => group.join(','))
    .join(' | ');
  return fromModel('partition', partitionNetwork(session.sandbox, groups.value), `${shown}\n`);
}

function heal(session: ShellSession): CommandOutput {
  return fromModel('heal', healNetwork(session.sandbox), '');
}

function netDrop(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const probability = parseProbability(command.args[0] as string);
  if (!probability.ok) return shellUsageError(command.spec, probability.error);
  const result = setNetworkDrop(session.sandbox, probability.value);
  return fromModel('net drop', result, `every link drops ${formatRatio(probability.value)} of messages\n`);
}

function netDelay(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const range = parseDelayRange(command.args[0] as string);
  if (!range.ok) return shellUsageError(command.spec, range.error);
  const { minMs, maxMs } = range.value;
  const result = setNetworkDelay(session.sandbox, minMs, maxMs);
  return fromModel(
    'net delay',
    result,
    `every message takes ${formatDuration(minMs)} to ${formatDuration(maxMs)}\n`,
  );
}

function waitCommand(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const duration = parseWaitDuration(command.args[0] as string);
  if (!duration.ok) return shellUsageError(command.spec, duration.error);
  return fromModel('wait', wait(session.sandbox, duration.value), '');
}

function dash(value: string | number | null): string {
  return value === null ? '-' : String(value);
}

/** The first line of `status`: clock, leader, quorum. */
export function statusHeadline(status: SandboxStatus): string {
  const leader = status.leader === null ? 'none' : `${status.leader} (term ${dash(status.leaderTerm)})`;
  const { up, total, ok } = status.quorum;
  const quorum = total === 0 ? 'no swarm' : `${up}/${total} ${ok ? 'ok' : 'LOST'}`;
  let line = `time ${formatDuration(status.atMs)}   leader ${leader}   quorum ${quorum}`;
  if (status.violationCount > 0) line += `   RAFT SAFETY VIOLATIONS ${status.violationCount}`;
  return line;
}

const statusHeader = [
  'MACHINE',
  'IP',
  'POWER',
  'NETWORK',
  'SWARM',
  'RAFT',
  'TERM',
  'COMMIT',
  'STATUS',
  'AVAILABILITY',
  'MANAGER STATUS',
];

/** `status`: one screen, every machine with its swarm and Raft facts. */
export function formatStatus(status: SandboxStatus): string {
  const rows = status.machines.map((machine) => [
    machine.name,
    machine.ip,
    machine.power,
    networkCell(machine),
    machine.role ?? '-',
    dash(machine.raftRole),
    dash(machine.term),
    dash(machine.commitIndex),
    machine.nodeState === null ? '-' : capitalise(machine.nodeState),
    machine.availability === null ? '-' : capitalise(machine.availability),
    machine.managerStatus === null ? '-' : capitalise(machine.managerStatus),
  ]);
  return `${statusHeadline(status)}\n\n${formatTable([statusHeader, ...rows])}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function status(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  if (command.flags.json === true) return printed(sandboxStatusJson(session.sandbox));
  return printed(formatStatus(sandboxStatus(session.sandbox)));
}

function help(_session: ShellSession, command: ParsedShellCommand): CommandOutput {
  return runHelp(sandboxCommandSpecs, supportedDockerCommands(), command.args);
}

/** The sandbox commands with their handlers, in `sandboxCommandSpecs` order. */
export const sandboxCommands: readonly ShellCommand<ShellSession>[] = [
  { spec: machineAddSpec, run: machineAdd },
  { spec: machineListSpec, run: machineList },
  { spec: useSpec, run: use },
  { spec: killSpec, run: kill },
  { spec: restartSpec, run: restart },
  { spec: pauseSpec, run: pause },
  { spec: unpauseSpec, run: unpause },
  { spec: disconnectSpec, run: disconnect },
  { spec: reconnectSpec, run: reconnect },
  { spec: partitionSpec, run: partition },
  { spec: healSpec, run: heal },
  { spec: netDropSpec, run: netDrop },
  { spec: netDelaySpec, run: netDelay },
  { spec: waitSpec, run: waitCommand },
  { spec: statusSpec, run: status },
  { spec: helpSpec, run: help },
];

/**
 * Adds a sandbox command (spec and handler) from another module — the services commands
 * (`curl`, `load`, `container kill`) — to the table `runLine` dispatches on and to
 * `sandboxCommandSpecs` (help, completion). Call at module load; a taken name is ignored.
 */
export function registerSandboxCommand(command: ShellCommand<ShellSession>): void {
  if (sandboxCommands.some((existing) => existing.spec.name === command.spec.name)) return;
  (sandboxCommands as ShellCommand<ShellSession>[]).push(command);
  (sandboxCommandSpecs as ShellCommandSpec[]).push(command.spec);
}
