/**
 * The swarm sandbox as a scenario target: shell lines go to the sandbox shell (`runLine`: docker
 * commands and sandbox commands such as `kill manager1`), time advances through the kernel, and
 * the conditions read the swarm as the leader's store records it (what `docker node ls` and
 * `docker service ls` would show) and the Raft state of every manager. The Raft safety monitor is
 * attached by the sandbox, so every event of a scenario is checked.
 *
 * Clusters: `preset: 3m2w` and `5m5w` are the sandbox's own presets; any other `NmKw` is built
 * the same way, through the shell (`docker swarm init` on manager1, then joins with its tokens,
 * then the clock runs until every node is Ready); `machines:` are bare machines with their
 * hardware and engine labels, not in a swarm.
 */
import { runLine as runShellLine, type ShellIo } from '../cli/run-line.js';
import type { LineResult } from '../cli/types.js';
import { heapPeek } from '../kernel/heap.js';
import { setLinkDefaults } from '../kernel/network.js';
import { runUntil } from '../kernel/run.js';
import { attachMonitors, traceToJsonLines } from '../kernel/trace.js';
import type { World } from '../kernel/types.js';
import { createWorld, hostById } from '../kernel/world.js';
import { listServices } from '../services/index.js';
import { withManagerStatus } from '../swarm/control.js';
import { swarmRuntime } from '../swarm/machine.js';
import { leaderContext, managerOf } from '../swarm/manager.js';
import type { NodeObject, SwarmStore } from '../swarm/objects.js';
import { addMachine, createSandbox, useMachine } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { leaderMachine, leaderNodes, quorumOf } from '../swarm/status.js';
import type { MachineHost } from '../swarm/transport.js';
import type { MachineState, SwarmPayload } from '../swarm/types.js';
import type { ClusterSetup, NetworkSettings } from './format.js';
import { networkDefaults } from './lab-target.js';
import type {
  CreateTargetResult,
  LeaderFacts,
  NodeFacts,
  QuorumFacts,
  ServiceFacts,
  TargetDriver,
  TargetOptions,
  TargetViolation,
} from './target.js';

export interface SwarmTarget {
  readonly kind: 'swarm';
  readonly sandbox: Sandbox;
}

type SwarmCluster = Exclude<ClusterSetup, { kind: 'lab' }>;

/** The presets the sandbox forms itself; other sizes are formed here through the shell. */
const sandboxPresets: readonly string[] = ['3m2w', '5m5w'];
/** A formed swarm settles (every node Ready) within this much virtual time, or creation fails. */
export const formSettleMsMax = 120_000;

export function createSwarmTarget(
  cluster: SwarmCluster,
  network: NetworkSettings,
  options: TargetOptions,
): CreateTargetResult<SwarmTarget> {
  const built =
    cluster.kind === 'preset' && sandboxPresets.includes(cluster.preset)
      ? createSandbox({ seed: options.seed, preset: cluster.preset, traceLevel: options.traceLevel })
      : buildSandbox(cluster, options);
  if (!built.ok) return { ok: false, error: `cannot create the swarm: ${built.error}` };
  const sandbox = built.value;
  const settings = networkDefaults(sandbox.world.network.defaults, network);
  if (settings !== null) {
    const result = setLinkDefaults(sandbox.world as World, settings);
    if (!result.ok) return { ok: false, error: `cannot set the network: ${result.error}` };
  }
  return { ok: true, target: { kind: 'swarm', sandbox } };
}

type Built = { readonly ok: true; readonly value: Sandbox } | { readonly ok: false; readonly error: string };

/** A sandbox with no machines yet: the world, its checkers, and an empty shell. */
function emptySandbox(options: TargetOptions): Sandbox {
  const world = createWorld<MachineState, SwarmPayload>({
    seed: options.seed,
    traceLevel: options.traceLevel,
  });
  attachMonitors(world as World, swarmRuntime.monitors);
  return {
    formatVersion: 1,
    seed: options.seed,
    preset: 'empty',
    world,
    currentMachine: null,
    nextRequestNumber: 1,
    pending: [],
    commandCauseId: 0,
  };
}

function buildSandbox(cluster: SwarmCluster, options: TargetOptions): Built {
  const sandbox = emptySandbox(options);
  if (cluster.kind === 'machines') {
    for (const machine of cluster.machines) {
      const added = addMachine(sandbox, machine.name, {
        ...(machine.ip === null ? {} : { ip: machine.ip }),
        ...(machine.cpus === null ? {} : { cpus: machine.cpus }),
        ...(machine.memoryBytes === null ? {} : { memoryBytes: machine.memoryBytes }),
        engineLabels: machine.labels,
      });
      if (!added.ok) return { ok: false, error: `machine ${machine.name}: ${added.error}` };
    }
    return { ok: true, value: sandbox };
  }
  for (const name of cluster.machines) {
    const added = addMachine(sandbox, name);
    if (!added.ok) return { ok: false, error: `machine ${name}: ${added.error}` };
  }
  return formSwarm(
    sandbox,
    cluster.machines.slice(0, cluster.managers),
    cluster.machines.slice(cluster.managers),
  );
}

/** Forms a swarm through the shell, as a student would: init, join with the tokens, wait for Ready. */
function formSwarm(sandbox: Sandbox, managers: readonly string[], workers: readonly string[]): Built {
  const first = managers[0] as string;
  const address = (hostById(sandbox.world, first) as MachineHost).state.hardware.ip;
  const shell = (machine: string, line: string): LineResult | string => {
    useMachine(sandbox, machine);
    const result = runShellLine(sandbox, line);
    return result.exitCode === 0 ? result : `${machine}$ ${line}: ${result.stderr.trim()}`;
  };
  const init = shell(first, `docker swarm init --advertise-addr ${address}`);
  if (typeof init === 'string') return { ok: false, error: init };
  const tokens: Record<string, string> = {};
  for (const role of ['worker', 'manager']) {
    const token = shell(first, `docker swarm join-token -q ${role}`);
    if (typeof token === 'string') return { ok: false, error: token };
    tokens[role] = token.stdout.trim();
  }
  const joins = [
    ...managers.slice(1).map((name) => [name, tokens.manager]),
    ...workers.map((name) => [name, tokens.worker]),
  ];
  for (const [name, token] of joins) {
    const joined = shell(name as string, `docker swarm join --token ${token} ${address}:2377`);
    if (typeof joined === 'string') return { ok: false, error: joined };
  }
  useMachine(sandbox, first);
  for (let waitedMs = 0; waitedMs <= formSettleMsMax; waitedMs += 1000) {
    const nodes = leaderNodes(sandbox.world);
    if (
      nodes.length === managers.length + workers.length &&
      nodes.every((node) => node.status.state === 'ready')
    ) {
      return { ok: true, value: sandbox };
    }
    runUntil(sandbox.world, swarmRuntime, sandbox.world.nowMs + 1000);
  }
  return { ok: false, error: `the swarm did not settle within ${formSettleMsMax / 1000}s` };
}

function runLine(target: SwarmTarget, line: string, machine: string | null, io: ShellIo): LineResult {
  const sandbox = target.sandbox;
  if (machine !== null && machine !== sandbox.currentMachine) {
    const used = useMachine(sandbox, machine);
    if (!used.ok) {
      const atMs = sandbox.world.nowMs;
      return {
        atMs,
        node: sandbox.currentMachine,
        command: line,
        exitCode: 1,
        stdout: '',
        stderr: `${used.error}\n`,
      };
    }
  }
  return runShellLine(sandbox, line, io);
}

function leader(target: SwarmTarget): LeaderFacts {
  const world = target.sandbox.world;
  const host = leaderMachine(world);
  const leaderTerm = host === null ? null : (managerOf(host)?.leader?.term ?? null);
  if (host !== null && leaderTerm !== null) return { name: host.id, term: leaderTerm };
  let term = 0;
  for (const candidate of world.hosts)
    term = Math.max(term, candidate.state.disk.swarm?.raft?.persisted.term ?? 0);
  return { name: null, term };
}

function quorum(target: SwarmTarget): QuorumFacts {
  const { up, total, ok } = quorumOf(target.sandbox.world);
  const majority = Math.floor(total / 2) + 1;
  return { ok, detail: `${up} of ${total} managers up and connected (a majority is ${majority})` };
}

/**
 * The node a hostname names, as the leader answers `docker node inspect`: the one the machine's
 * disk belongs to, else the newest with that name. Only that node gets its live manager status
 * (this runs after every event, so it does not build the whole node list).
 */
function nodeObject(target: SwarmTarget, name: string): NodeObject | null {
  const world = target.sandbox.world;
  const leaderHost = leaderMachine(world);
  const manager = leaderHost === null ? null : managerOf(leaderHost);
  if (leaderHost === null || manager === null) return null;
  const named = Object.values(manager.replica.store.nodes)
    .filter((candidate) => candidate.description.hostname === name)
    .sort(
      (left, right) =>
        left.meta.createdAtMs - right.meta.createdAtMs || (left.meta.id < right.meta.id ? -1 : 1),
    );
  const diskNodeId = hostById(world, name)?.state.disk.swarm?.nodeId;
  const found = named.find((candidate) => candidate.meta.id === diskNodeId) ?? named.at(-1);
  return found === undefined
    ? null
    : withManagerStatus(leaderContext(world, leaderHost, manager, null), found);
}

function node(target: SwarmTarget, name: string): NodeFacts | null {
  const found = nodeObject(target, name);
  if (found === null) return null;
  const managerStatus = found.managerStatus;
  return {
    name,
    status: found.status.state,
    availability: found.spec.availability,
    role: found.role,
    managerStatus:
      managerStatus === null
        ? 'none'
        : managerStatus.leader
          ? 'leader'
          : managerStatus.reachability === 'reachable'
            ? 'reachable'
            : 'unreachable',
  };
}

function leaderStore(target: SwarmTarget): SwarmStore | null {
  const host = leaderMachine(target.sandbox.world);
  return host === null ? null : (managerOf(host)?.replica.store ?? null);
}

/** Updates that leave a service settled; `updating`, `paused` and rollbacks under way are not. */
const settledUpdateStates: readonly string[] = ['completed', 'rollback_completed'];

/**
 * A service as `docker service ls` counts it on the leader (running includes stale tasks on Down
 * nodes, as Docker's does), and whether it has converged as `docker service create` waits for:
 * every task that should run does, as many as desired, and no update or rollback is under way.
 */
function service(target: SwarmTarget, name: string): ServiceFacts | null {
  const store = leaderStore(target);
  if (store === null) return null;
  const entry = listServices(store).find((candidate) => candidate.service.spec.name === name);
  if (entry === undefined) return null;
  const serviceId = entry.service.meta.id;
  const wanted = Object.values(store.tasks).filter(
    (task) => task.serviceId === serviceId && task.desiredState === 'running',
  );
  const update = entry.service.updateStatus;
  const converged =
    wanted.length === entry.desiredTasks &&
    wanted.every((task) => task.status.state === 'running') &&
    (update === null || settledUpdateStates.includes(update.state));
  return { name, running: entry.runningTasks, desired: entry.desiredTasks, converged };
}

function violations(target: SwarmTarget): TargetViolation[] {
  return target.sandbox.world.violations.flatMap((event) =>
    event.kind === 'violation'
      ? [{ atMs: event.atMs, invariant: event.invariant, message: event.message }]
      : [],
  );
}

export const swarmDriver: TargetDriver<SwarmTarget> = {
  runLine,
  nowMs: (target) => target.sandbox.world.nowMs,
  nextEventAtMs: (target) => heapPeek(target.sandbox.world.queue)?.atMs ?? null,
  advanceTo(target, untilMs) {
    runUntil(target.sandbox.world, swarmRuntime, untilMs);
  },
  currentMachine: (target) => target.sandbox.currentMachine,
  hasMachine: (target, name) => hostById(target.sandbox.world, name) !== null,
  leader,
  quorum,
  node,
  service,
  committed: () => null,
  violations,
  violationCount: (target) => target.sandbox.world.violations.length,
  traceJsonLines: (target) => traceToJsonLines(target.sandbox.world.trace),
};
