/**
 * Where the services model keeps the state that is not in the replicated store: in the swarm
 * model's typed extension slots (swarm/types.ts), under the `services` key, as plain data, so
 * snapshots, save/load and time travel carry it:
 *
 * - the leader's memory (`LeaderState`): the store indices and what changed since the last pass,
 *   the updaters' and the scheduler's bookkeeping, the batching and wake timers, the Down clocks,
 *   as SwarmKit keeps them in the leader's process. It lives and dies with the leadership, as in
 *   SwarmKit, where a new leader restarts rolling updates and rebuilds its node set from the store;
 * - a machine's image cache (`MachineDisk`): images survive a reboot, as Docker's do;
 * - an engine's executor bookkeeping (`EngineState`): status reports sent, the wake timer, the
 *   routing mesh's round-robin position per published port (IPVS state is lost on a reboot);
 * - the sandbox's image failure rules (the world's slot, which every hook can reach).
 */
import type { SchedulerState } from '../scheduler/index.js';
import { worldExtensionState } from '../swarm/extensions.js';
import type { EngineState, LeaderState, MachineDisk, SwarmWorld } from '../swarm/types.js';
import type { DirtySet, StoreIndex } from './store-index.js';

export const servicesExtensionName = 'services';

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

/** A timer set with `setLeaderTimer` / `setAgentTimer`: its id (to cancel it) and when it fires. */
export interface ArmedTimer {
  readonly id: number;
  readonly atMs: number;
}

export interface ServicesLeaderMemory {
  updates: Record<string, UpdaterMemory>;
  /** The scheduler's node set, built from the store when the leadership starts, then fed every commit. */
  scheduler: SchedulerState;
  /** The indices over the store (store-index.ts). */
  index: StoreIndex;
  /** What the next pass must look at. */
  dirty: DirtySet;
  /** Scheduler batching: when the first commit of the current wait was applied, or null. */
  debounceSinceMs: number | null;
  /** The batching timer, and the timer for the earliest waiting step. */
  passTimer: ArmedTimer | null;
  wakeTimer: ArmedTimer | null;
  /** Down nodes, since when this leader has seen them Down (orphans.ts). */
  downSinceMs: Record<string, number>;
}

/** What an engine's executor remembers (volatile: gone with the engine). */
export interface ExecutorMemory {
  /** The last status sent per task, to resend only when the dispatcher has not taken it in. */
  reports: Record<string, { state: string; atMs: number }>;
  /** The routing mesh's next backend per `protocol/port` on this machine. */
  meshNext: Record<string, number>;
  /** The timer for the next container step (a pull, a start, a stop or an exit ending). */
  wakeTimer: ArmedTimer | null;
  /** When the executor should look again for reports to resend (checked on ticks), or null. */
  resendAtMs: number | null;
}

/** A sandbox rule: containers of `image` exit with `exitCode` `afterMs` after they start. */
export interface ImageFailureRule {
  readonly image: string;
  readonly exitCode: number;
  readonly afterMs: number;
}

declare module '../swarm/types.js' {
  interface LeaderExtensionState {
    services?: ServicesLeaderMemory;
  }
  interface EngineExtensionState {
    services?: ExecutorMemory;
  }
  interface DiskExtensionState {
    /** Images pulled on this machine, sorted. */
    services?: { pulledImages: string[] };
  }
  interface WorldExtensionState {
    services?: { imageFailureRules: ImageFailureRule[] };
  }
}

/** The leader's memory if this leadership has one yet, else null. */
export function existingLeaderMemory(leader: LeaderState): ServicesLeaderMemory | null {
  return leader.extensionState.services ?? null;
}

export function setLeaderMemory(leader: LeaderState, memory: ServicesLeaderMemory): void {
  leader.extensionState.services = memory;
}

export function executorMemory(engine: EngineState): ExecutorMemory {
  engine.extensionState.services ??= { reports: {}, meshNext: {}, wakeTimer: null, resendAtMs: null };
  return engine.extensionState.services;
}

export function imageFailureRules(world: SwarmWorld): readonly ImageFailureRule[] {
  return worldExtensionState(world).services?.imageFailureRules ?? [];
}

/** Adds, replaces (same image) or, with `rule === null`, removes the rule for `image`. */
export function setImageFailureRule(
  world: SwarmWorld,
  image: string,
  rule: Omit<ImageFailureRule, 'image'> | null,
): void {
  const state = worldExtensionState(world);
  const others = (state.services?.imageFailureRules ?? []).filter((existing) => existing.image !== image);
  const next = rule === null ? others : [...others, { image, ...rule }];
  state.services = {
    imageFailureRules: next.sort((left, right) =>
      left.image < right.image ? -1 : left.image > right.image ? 1 : 0,
    ),
  };
}

/** Images pulled on this machine (sorted). */
export function pulledImages(disk: MachineDisk): readonly string[] {
  return disk.extensionState.services?.pulledImages ?? [];
}

export function rememberPulledImage(disk: MachineDisk, image: string): void {
  const images = pulledImages(disk);
  if (images.includes(image)) return;
  disk.extensionState.services = { pulledImages: [...images, image].sort() };
}
