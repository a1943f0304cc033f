/**
 * A small stand-in for the real controller, for tests and the demo story. It does NOT simulate
 * anything: it records every line and action, and applies the sandbox's fault and clock verbs to
 * the view literally (a killed machine shows as crashed; no election follows). `docker node ls`
 * is answered from the view; any other docker command answers "not in the fake controller".
 */

import type { EventView, MachineView, SandboxView } from '@swarmsim/swarm-sim';
import type { CommandSpec, CompletionCandidates } from './complete.js';
import {
  actionToCommand,
  type CommandResult,
  type SandboxAction,
  type SandboxController,
  type ViewSource,
} from './controller.js';
import { fit, speedLadder } from './format.js';

export interface FakeController extends SandboxController, ViewSource {
  /** Every line run, typed or from a key, oldest first. */
  readonly lines: readonly string[];
  /** Every action dispatched, oldest first. */
  readonly actions: readonly SandboxAction[];
  /** Publishes a new view, as the real controller does when the world moves. */
  setView(view: SandboxView): void;
  /** The fake always answers at once. */
  runCommand(line: string): CommandResult;
  dispatch(action: SandboxAction): CommandResult;
}

/** The commands the fake offers for completion: the docker and sandbox commands the app knows of. */
export const fakeCommandSpecs: readonly CommandSpec[] = [
  {
    words: ['docker', 'node', 'ls'],
    flags: ['--filter', '--format', '--quiet', '-f', '-q'],
    argument: 'none',
  },
  { words: ['docker', 'node', 'ps'], flags: ['--filter', '--no-trunc', '-f'], argument: 'machine' },
  {
    words: ['docker', 'node', 'update'],
    flags: ['--availability', '--role', '--label-add'],
    argument: 'machine',
  },
  { words: ['docker', 'node', 'promote'], flags: [], argument: 'machine' },
  { words: ['docker', 'node', 'demote'], flags: [], argument: 'machine' },
  {
    words: ['docker', 'service', 'create'],
    flags: ['--name', '--replicas', '--mode', '--publish', '-p'],
    argument: 'none',
  },
  { words: ['docker', 'service', 'ls'], flags: ['--filter', '--quiet', '-q'], argument: 'none' },
  { words: ['docker', 'service', 'ps'], flags: ['--filter', '--no-trunc', '-f'], argument: 'service' },
  { words: ['docker', 'service', 'scale'], flags: ['--detach', '-d'], argument: 'service' },
  { words: ['docker', 'service', 'rm'], flags: [], argument: 'service' },
  {
    words: ['docker', 'swarm', 'init'],
    flags: ['--advertise-addr', '--force-new-cluster'],
    argument: 'none',
  },
  { words: ['docker', 'swarm', 'join'], flags: ['--token', '--advertise-addr'], argument: 'none' },
  { words: ['docker', 'swarm', 'leave'], flags: ['--force', '-f'], argument: 'none' },
  { words: ['partition'], flags: [], argument: 'machineGroups' },
  ...['kill', 'restart', 'pause', 'unpause', 'disconnect', 'reconnect', 'use'].map(
    (word): CommandSpec => ({ words: [word], flags: [], argument: 'machine' }),
  ),
  { words: ['heal'], flags: [], argument: 'none' },
  ...['pause', 'resume', 'speed', 'step', 'back', 'forward'].map(
    (word): CommandSpec => ({ words: ['clock', word], flags: [], argument: 'none' }),
  ),
];

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode = 1): CommandResult => ({ stdout: '', stderr, exitCode });

export function createFakeController(initial: SandboxView): FakeController {
  let view = initial;
  const listeners = new Set<() => void>();
  const lines: string[] = [];
  const actions: SandboxAction[] = [];
  const publish = (next: SandboxView) => {
    view = next;
    for (const listener of [...listeners]) listener();
  };
  const runCommand = (line: string): CommandResult => {
    lines.push(line);
    const result = applyLine(view, line.trim().split(/\s+/));
    if (result.view !== view) publish(result.view);
    return result.result;
  };
  return {
    lines,
    actions,
    getView: () => view,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setView: publish,
    runCommand,
    dispatch: (action) => {
      actions.push(action);
      return runCommand(actionToCommand(action));
    },
    completionCandidates: (): CompletionCandidates => ({
      commands: fakeCommandSpecs,
      machines: view.machines.map((machine) => machine.name),
      services: view.services.map((service) => service.name),
    }),
  };
}

interface Applied {
  readonly view: SandboxView;
  readonly result: CommandResult;
}

const machineVerbs: Readonly<Record<string, (machine: MachineView) => MachineView>> = {
  kill: (machine) => ({ ...machine, power: 'crashed' }),
  restart: (machine) => ({ ...machine, power: 'up' }),
  pause: (machine) => ({ ...machine, power: 'paused' }),
  unpause: (machine) => ({ ...machine, power: 'up' }),
  disconnect: (machine) => ({ ...machine, disconnected: true }),
  reconnect: (machine) => ({ ...machine, disconnected: false }),
};

function applyLine(view: SandboxView, words: readonly string[]): Applied {
  const [verb = '', ...rest] = words;
  const change = machineVerbs[verb];
  if (change !== undefined) return applyToMachines(view, verb, rest, change);
  if (verb === 'partition') return applyPartition(view, rest.join(' '));
  if (verb === 'heal') {
    const machines = view.machines.map((machine) => ({
      ...machine,
      partitionSide: null,
      disconnected: false,
    }));
    return withEvent({ ...view, machines }, 'heal', null);
  }
  if (verb === 'clock') return applyClock(view, rest);
  if (words.join(' ') === 'docker node ls') return { view, result: ok(nodeTable(view)) };
  return { view, result: fail(`${words.join(' ')}: not in the fake controller`, 127) };
}

/**
 * `partition a,b | c`: each group gets a side label (A, B, …); machines left out form one more
 * group, as the sandbox's `partition` command does.
 */
function applyPartition(view: SandboxView, text: string): Applied {
  const groups = text.split('|').map((group) => group.split(',').map((name) => name.trim()));
  if (groups.length < 2)
    return { view, result: fail('partition: a partition needs at least two groups, separated by |') };
  if (groups.some((group) => group.some((name) => name === '')))
    return { view, result: fail('partition: empty group') };
  const named = groups.flat();
  const unknown = named.find((name) => !view.machines.some((machine) => machine.name === name));
  if (unknown !== undefined) return { view, result: fail(`no such machine: ${unknown}`) };
  const sideOf = (name: string) => {
    const index = groups.findIndex((group) => group.includes(name));
    return String.fromCharCode(65 + (index === -1 ? groups.length : index));
  };
  const machines = view.machines.map((machine) => ({ ...machine, partitionSide: sideOf(machine.name) }));
  return withEvent({ ...view, machines }, `partition ${text}`, null);
}

/** Applies `change` to the named machines. */
function applyToMachines(
  view: SandboxView,
  verb: string,
  names: readonly string[],
  change: (machine: MachineView) => MachineView,
): Applied {
  if (names.length === 0) return { view, result: fail(`"${verb}" requires at least 1 machine`) };
  const unknown = names.find((name) => !view.machines.some((machine) => machine.name === name));
  if (unknown !== undefined) return { view, result: fail(`no such machine: ${unknown}`) };
  const machines = view.machines.map((machine) => (names.includes(machine.name) ? change(machine) : machine));
  const raft = view.raft.map((member) =>
    names.includes(member.name) && (verb === 'kill' || verb === 'restart')
      ? { ...member, up: verb === 'restart' }
      : member,
  );
  return withEvent(
    { ...view, machines, raft },
    `${verb} ${names.join(' ')}`,
    names.length === 1 ? (names[0] as string) : null,
  );
}

function applyClock(view: SandboxView, words: readonly string[]): Applied {
  const [verb, value] = words;
  const status = view.status;
  if (verb === 'pause' || verb === 'resume') {
    return { view: { ...view, status: { ...status, paused: verb === 'pause' } }, result: ok() };
  }
  if (verb === 'speed') {
    const speed = Number(value);
    if (!speedLadder.includes(speed))
      return { view, result: fail(`speed must be one of ${speedLadder.join(', ')}`) };
    return { view: { ...view, status: { ...status, speed } }, result: ok() };
  }
  if (verb === 'step' || verb === 'forward')
    return { view: { ...view, status: { ...status, atMs: status.atMs + 100 } }, result: ok() };
  if (verb === 'back')
    return { view: { ...view, status: { ...status, atMs: Math.max(0, status.atMs - 100) } }, result: ok() };
  return { view, result: fail(`clock: unknown verb "${verb ?? ''}"`) };
}

function withEvent(view: SandboxView, text: string, machine: string | null): Applied {
  const last = view.events.at(-1);
  const added: EventView = {
    id: (last?.id ?? 0) + 1,
    atMs: view.status.atMs,
    kind: 'fault',
    machine,
    text,
    causeId: null,
  };
  return { view: { ...view, events: [...view.events, added] }, result: ok() };
}

/** `docker node ls` from the view, without the ID column: the view has no node IDs. */
function nodeTable(view: SandboxView): string {
  const rows = view.machines.filter((machine) => machine.swarmRole !== null);
  const header = `${fit('HOSTNAME', 11)}${fit('STATUS', 10)}${fit('AVAILABILITY', 15)}MANAGER STATUS`;
  const body = rows.map((machine) =>
    `${fit(machine.name, 11)}${fit(machine.nodeStatus ?? '', 10)}${fit(machine.availability ?? '', 15)}${machine.managerStatus ?? ''}`.trimEnd(),
  );
  return `${[header, ...body].join('\n')}\n`;
}
