/**
 * Where the services model keeps the little state that is not in the replicated store, as plain
 * data inside objects the swarm model already owns (so snapshots, save/load and time travel carry
 * it):
 *
 * - the leader's memory (`LeaderState`): the updaters' and the scheduler's bookkeeping, as
 *   SwarmKit keeps them in the leader's process. It lives and dies with the leadership, as in
 *   SwarmKit, where a new leader restarts rolling updates and rebuilds its node set from the store;
 * - a machine's image cache (`MachineDisk`): images survive a reboot, as Docker's do;
 * - an engine's executor bookkeeping (`EngineState`): status reports sent, the routing mesh's
 *   round-robin position per published port (IPVS state is lost on a reboot, as this is);
 * - the sandbox's image failure rules (on the `World`, which every hook can reach).
 *
 * The swarm model's types have no slot for them yet, so they ride as one extra, namespaced key on
 * those objects. Only this file touches those keys: when the swarm model gains typed slots, this
 * is the one file to change.
 */
import type { SchedulerState } from '../scheduler/index.js';
import type { EngineState, LeaderState, MachineDisk, SwarmWorld } from '../swarm/types.js';

/** One rolling update (or rollback) in progress on the leader (`update.Updater`). */
export interface UpdaterMemory {
  readonly serviceId: string;
  /** The service spec version this update rolls out. */
  readonly specVersion: number;
  readonly rollback: boolean;
  /** Dirty slot keys still to take, in order (slot number, or node ID for global services). */
  queue: string[];
  /** How many slots were dirty when the update started (the failure ratio's denominator). */
  readonly dirtySlotCount: number;
  /** The workers (at most `parallelism`), each on one slot. */
  workers: UpdateWorker[];
  /**
   * Tasks this update created: when each was first seen at or past RUNNING, or null before
   * (SwarmKit's `updatedTasks`; a failure before RUNNING counts too).
   */
  updatedTasks: Record<string, number | null>;
  failedTaskIds: string[];
  /** Set once every slot is done: the update completes when this passes without a failure. */
  monitorUntilMs: number | null;
}

export interface UpdateWorker {
  readonly slotKey: string;
  /** The task that replaces the slot's old task(s). */
  readonly taskId: string;
  /** `waiting`: for the new task to reach RUNNING; `delay`: sleeping `update.delay` afterwards. */
  phase: 'waiting' | 'delay';
  delayUntilMs: number;
}

export interface ServicesLeaderMemory {
  updates: Record<string, UpdaterMemory>;
  /** The scheduler's node set, built from the store on first use, then fed every commit. */
  scheduler: SchedulerState | null;
}

/** What an engine's executor remembers (volatile: gone with the engine). */
export interface ExecutorMemory {
  /** The last status sent per task, to resend only when the dispatcher has not taken it in. */
  reports: Record<string, { state: string; atMs: number }>;
  /** The routing mesh's next backend per `protocol/port` on this machine. */
  meshNext: Record<string, number>;
}

/** A sandbox rule: containers of `image` exit with `exitCode` `afterMs` after they start. */
export interface ImageFailureRule {
  readonly image: string;
  readonly exitCode: number;
  readonly afterMs: number;
}

const leaderKey = 'servicesMemory';
const diskKey = 'servicesImages';
const engineKey = 'servicesExecutor';
const worldKey = 'servicesImageFailures';

type LeaderWithMemory = LeaderState & { [leaderKey]?: ServicesLeaderMemory };
type DiskWithImages = MachineDisk & { [diskKey]?: string[] };
type EngineWithExecutor = EngineState & { [engineKey]?: ExecutorMemory };
type WorldWithRules = SwarmWorld & { [worldKey]?: ImageFailureRule[] };

/** The leader's memory, created empty the first time a leadership asks for it. */
export function leaderMemory(leader: LeaderState): ServicesLeaderMemory {
  const slot = leader as LeaderWithMemory;
  if (slot[leaderKey] === undefined) slot[leaderKey] = { updates: {}, scheduler: null };
  return slot[leaderKey];
}

/** The leader's memory if this leadership has one yet, else null. */
export function existingLeaderMemory(leader: LeaderState): ServicesLeaderMemory | null {
  return (leader as LeaderWithMemory)[leaderKey] ?? null;
}

export function executorMemory(engine: EngineState): ExecutorMemory {
  const slot = engine as EngineWithExecutor;
  if (slot[engineKey] === undefined) slot[engineKey] = { reports: {}, meshNext: {} };
  return slot[engineKey];
}

export function imageFailureRules(world: SwarmWorld): readonly ImageFailureRule[] {
  return (world as WorldWithRules)[worldKey] ?? [];
}

/** Adds, replaces (same image) or, with `rule === null`, removes the rule for `image`. */
export function setImageFailureRule(
  world: SwarmWorld,
  image: string,
  rule: Omit<ImageFailureRule, 'image'> | null,
): void {
  const slot = world as WorldWithRules;
  const others = (slot[worldKey] ?? []).filter((existing) => existing.image !== image);
  const next = rule === null ? others : [...others, { image, ...rule }];
  slot[worldKey] = next.sort((left, right) =>
    left.image < right.image ? -1 : left.image > right.image ? 1 : 0,
  );
}

/** Images pulled on this machine (sorted). */
export function pulledImages(disk: MachineDisk): readonly string[] {
  return (disk as DiskWithImages)[diskKey] ?? [];
}

export function rememberPulledImage(disk: MachineDisk, image: string): void {
  const slot = disk as DiskWithImages;
  const images = slot[diskKey] ?? [];
  if (images.includes(image)) return;
  slot[diskKey] = [...images, image].sort();
}
