/**
 * `sandboxView`: the `SandboxView` the terminal app renders (view/types.ts), built from the
 * sandbox's facts (status.ts) so that the app computes nothing about the cluster.
 */
import { nodeStatus, type Role } from '@swarmsim/raft';
import type { TraceEvent } from '../kernel/trace-types.js';
import { entryValue } from '../lab/raft-host.js';
import type {
  EventKind,
  EventView,
  MachineView,
  RaftLogEntryView,
  RaftMemberView,
  SandboxView,
  ServiceView,
  TaskView,
} from '../view/types.js';
import { managerOf } from './manager.js';
import type { TaskObject } from './objects.js';
import type { Sandbox } from './sandbox-types.js';
import { leaderMachine, quorumOf, raftMachines, runningRaftNode, sandboxStatus } from './status.js';
import { decodeCommand, describeCommand } from './store.js';
import type { MachineHost } from './transport.js';
import type { SwarmWorld } from './types.js';

export interface ViewOptions {
  /** Default 1. */
  readonly speed?: number;
  /** Default false. */
  readonly paused?: boolean;
  /** Log entries per Raft member. Default 20. */
  readonly logTailMax?: number;
  /** Most recent events kept. Default 500. */
  readonly eventsMax?: number;
}

const pretty = (text: string) => (text === '' ? text : text[0]?.toUpperCase() + text.slice(1).toLowerCase());

export function sandboxView(sandbox: Sandbox, options: ViewOptions = {}): SandboxView {
  const world = sandbox.world;
  const status = sandboxStatus(sandbox);
  const leader = leaderMachine(world);
  const tasks = leaderTasks(world);
  const machines: MachineView[] = status.machines.map((machine) => ({
    name: machine.name,
    ip: machine.ip,
    power: machine.power,
    disconnected: machine.disconnected,
    partitionSide: machine.partitionSide,
    swarmRole: machine.role,
    raftRole: machine.raftRole,
    raftTerm: machine.raftId === null ? null : machine.term,
    nodeStatus: machine.nodeState === null ? null : (pretty(machine.nodeState) as MachineView['nodeStatus']),
    availability:
      machine.availability === null ? null : (pretty(machine.availability) as MachineView['availability']),
    managerStatus:
      machine.managerStatus === null ? null : (pretty(machine.managerStatus) as MachineView['managerStatus']),
    runningTaskCount: tasks.filter(
      (task) => task.nodeId === machine.nodeId && task.status.state === 'running',
    ).length,
  }));
  return {
    status: {
      atMs: world.nowMs,
      speed: options.speed ?? 1,
      paused: options.paused ?? false,
      seed: sandbox.seed,
      leader: leader?.id ?? null,
      quorum: quorumOf(world),
      mode: 'swarm',
      shellMachine: sandbox.currentMachine,
    },
    machines,
    raft: raftView(world, options.logTailMax ?? 20),
    services: servicesView(world),
    events: eventsView(world, options.eventsMax ?? 500),
  };
}

function leaderTasks(world: SwarmWorld): TaskObject[] {
  const leader = leaderMachine(world);
  const store = leader === null ? null : (managerOf(leader)?.replica.store ?? null);
  if (store === null) return [];
  return Object.keys(store.tasks)
    .sort()
    .map((id) => store.tasks[id] as TaskObject);
}

function raftView(world: SwarmWorld, logTailMax: number): RaftMemberView[] {
  const machines = raftMachines(world);
  const name = (raftId: string | null) => (raftId === null ? null : (machines[raftId] ?? raftId));
  const members: RaftMemberView[] = [];
  for (const host of world.hosts) {
    const raft = host.state.disk.swarm?.raft ?? null;
    if (raft === null) continue;
    const node = runningRaftNode(host);
    if (node === null) {
      const last = raft.persisted.entries.at(-1);
      members.push({
        name: host.id,
        up: false,
        term: raft.persisted.term,
        role: 'follower' as Role,
        votedFor: name(raft.persisted.votedFor),
        commitIndex: 0,
        lastIndex: last?.index ?? raft.persisted.snapshot?.lastIncludedIndex ?? 0,
        logTail: [],
        progress: [],
      });
      continue;
    }
    const status = nodeStatus(node);
    const tail: RaftLogEntryView[] = status.entries.slice(-logTailMax).map((entry) => ({
      index: entry.index,
      term: entry.term,
      kind: entry.kind,
      label: entryLabel(entry, machines),
      committed: entry.index <= status.commitIndex,
    }));
    members.push({
      name: host.id,
      up: host.up && !host.paused,
      term: status.term,
      role: status.role,
      votedFor: name(status.votedFor),
      commitIndex: status.commitIndex,
      lastIndex: status.lastLogIndex,
      logTail: tail,
      progress: status.progress
        .map((progress) => ({
          name: name(progress.id) ?? progress.id,
          matchIndex: progress.matchIndex,
          nextIndex: progress.nextIndex,
        }))
        .sort((left, right) => (left.name < right.name ? -1 : 1)),
    });
  }
  return members.sort((left, right) => (left.name < right.name ? -1 : 1));
}

function entryLabel(entry: Parameters<typeof entryValue>[0], machines: Record<string, string>): string {
  if (entry.kind === 'noop') return 'no-op';
  if (entry.kind === 'config') {
    const who = machines[entry.change.node] ?? entry.change.node;
    return `${entry.change.type === 'addVoter' ? 'add voter' : 'remove voter'} ${who}`;
  }
  const command = decodeCommand(entry.data);
  return command === null ? entryValue(entry) : describeCommand(command);
}

function servicesView(world: SwarmWorld): ServiceView[] {
  const leader = leaderMachine(world);
  const manager = leader === null ? null : managerOf(leader);
  if (manager === null) return [];
  const store = manager.replica.store;
  const tasks = leaderTasks(world);
  const hostnames: Record<string, string> = {};
  for (const node of Object.values(store.nodes)) hostnames[node.meta.id] = node.description.hostname;
  return Object.values(store.services)
    .sort((left, right) => (left.spec.name < right.spec.name ? -1 : 1))
    .map((service) => {
      const own = tasks.filter((task) => task.serviceId === service.meta.id);
      const mode = service.spec.mode;
      const current = own.filter((task) => task.desiredState === 'running' || task.desiredState === 'ready');
      const taskViews: TaskView[] = current
        .map((task) => ({
          name:
            mode.kind === 'global'
              ? `${service.spec.name}.${hostnames[task.nodeId ?? ''] ?? task.nodeId}`
              : `${service.spec.name}.${task.slot}`,
          machine: task.nodeId === null ? null : (hostnames[task.nodeId] ?? null),
          state: task.status.state,
          desiredState: task.desiredState,
        }))
        .sort((left, right) => (left.name < right.name ? -1 : 1));
      return {
        name: service.spec.name,
        mode: modeName(mode.kind),
        image: service.spec.image,
        runningCount: own.filter((task) => task.status.state === 'running').length,
        desiredCount: mode.kind === 'replicated' ? mode.replicas : current.length,
        tasks: taskViews,
      };
    });
}

function modeName(kind: string): ServiceView['mode'] {
  if (kind === 'global') return 'global';
  if (kind === 'replicated-job') return 'replicated job';
  if (kind === 'global-job') return 'global job';
  return 'replicated';
}

function eventsView(world: SwarmWorld, eventsMax: number): EventView[] {
  const machines = raftMachines(world);
  const views: EventView[] = [];
  const events = world.trace.events;
  for (let position = events.length - 1; position >= 0 && views.length < eventsMax; position--) {
    const view = eventView(events[position] as TraceEvent, machines);
    if (view !== null) views.push(view);
  }
  return views.reverse();
}

function eventView(event: TraceEvent, machines: Record<string, string>): EventView | null {
  const base = { id: event.id, atMs: event.atMs, causeId: event.cause };
  const machineOf = (raftId: string) => machines[raftId] ?? raftId;
  const make = (kind: EventKind, machine: string | null, text: string): EventView => ({
    ...base,
    kind,
    machine,
    text,
  });
  switch (event.kind) {
    case 'fault':
      return make('fault', event.node, event.detail);
    case 'command':
      return make('command', null, event.text);
    case 'role':
      return make(
        'raft',
        machineOf(event.node),
        `${machineOf(event.node)} became ${event.role} in term ${event.term} (${event.reason})`,
      );
    case 'note':
      // Request bookkeeping stays in the trace (causes) but not in the events pane.
      if (event.text.startsWith('request ')) return null;
      return make(
        event.text.startsWith('committed: update') && event.text.includes('task') ? 'task' : 'swarm',
        event.node,
        event.text,
      );
    case 'violation':
      return make(
        'raft',
        event.node === null ? null : machineOf(event.node),
        `violation of ${event.invariant}: ${event.message}`,
      );
    case 'recover':
      return make(
        'raft',
        machineOf(event.node),
        `${machineOf(event.node)} recovered term ${event.term}, log up to ${event.lastIndex}`,
      );
    default:
      return null;
  }
}

export type { MachineHost };
