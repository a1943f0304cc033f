/**
 * Hook points for what is built on this model later (services, tasks, orchestration: issue 6).
 *
 * An extension is code, not state: it is registered once (at module load) and never stored in a
 * sandbox, so snapshots stay plain data. Extensions run in name order, whatever the import order,
 * so a run does not depend on which module was imported first.
 *
 * - `controlMethods`: new control API methods (`service.create`, …). A request with that method
 *   goes CLI → engine → raft proxy → leader like every control call; `run` gets the leader's store.
 *   A read answers at once. A write waits its turn in the leader's write queue (SwarmKit
 *   serialises store updates), its `run` sees the store as of that moment, its actions are
 *   proposed as one batch, and the reply waits until the batch is applied.
 * - `leaderTick`: on the leader, once a tick (1 s), after it has applied its whole log: the place
 *   for orchestrators, the scheduler and the task reaper. Write through `enqueueLeaderWrite`.
 * - `onApplied`: on every manager, after each committed command is applied to its replica.
 * - `agentTick`: on every swarm node's agent, once a tick while its session is up: the executor.
 *   `assignedTasks(host)` lists the tasks the dispatcher last sent; `reportTaskStatus` sends
 *   status updates back; `engine.containers` holds the node's containers.
 * - `onAssignments`: on an agent, as soon as the dispatcher's push (or a session reply) changed
 *   its assigned tasks (SwarmKit's `Assignments` stream).
 * - Timers: `setLeaderTimer` / `setAgentTimer` fire `onLeaderTimer` / `onAgentTimer` at an exact
 *   virtual millisecond, so that delays end on time rather than at the next 1 s tick. A leader
 *   timer fires only if the same leadership still holds (a new leader starts over, as SwarmKit's
 *   components do); an agent timer only while the agent runs (a crash cancels it). Cancel either
 *   with `cancelExtensionTimer`. Their data is the extension's, plain data.
 * - State: typed slots on `LeaderState`, `EngineState`, `MachineDisk` (types.ts) and the world
 *   (`worldExtensionState`), each extension under its own name, declared by declaration merging.
 */
import type { Prng } from '@swarmsim/raft';
import { cancelTimer, setTimer } from '../kernel/run.js';
import type { StoreAction, SwarmStore } from './objects.js';
import type { LogCommand } from './store.js';
import type { MachineHost } from './transport.js';
import type { ManagerState, SwarmError, SwarmWorld, WorldExtensionState } from './types.js';

export interface LeaderContext {
  readonly world: SwarmWorld;
  readonly host: MachineHost;
  readonly manager: ManagerState;
  /** The leader's replica. Read it; change it only by returning actions. */
  readonly store: SwarmStore;
  readonly nowMs: number;
  /** The node that made the call (for `self`), or null for the leader's own work. */
  readonly callerNodeId: string | null;
  readonly prng: Prng;
}

export type WriteOutcome =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** Proposed as one batch; none means a read (or a write with nothing to do). */
      readonly actions?: readonly StoreAction[];
      /** A few words for traces and the Raft pane: `create service web`. */
      readonly label?: string;
    }
  | { readonly ok: false; readonly error: SwarmError };

export interface ControlMethod {
  readonly write: boolean;
  run(context: LeaderContext, params: unknown): WriteOutcome;
}

export interface AppliedContext {
  readonly world: SwarmWorld;
  readonly host: MachineHost;
  readonly manager: ManagerState;
  readonly command: LogCommand;
  readonly index: number;
}

export interface AgentContext {
  readonly world: SwarmWorld;
  readonly host: MachineHost;
  readonly nodeId: string;
}

export interface SwarmExtension {
  readonly name: string;
  readonly controlMethods?: Readonly<Record<string, ControlMethod>>;
  leaderTick?(context: LeaderContext): void;
  onApplied?(context: AppliedContext): void;
  agentTick?(context: AgentContext): void;
  /** `changedTaskIds`: what a push changed (sorted); null when the whole list is new (a session's start, a resend). */
  onAssignments?(context: AgentContext, changedTaskIds: readonly string[] | null): void;
  onLeaderTimer?(context: LeaderContext, data: unknown): void;
  onAgentTimer?(context: AgentContext, data: unknown): void;
}

/**
 * Sets a timer on the leader `host` (which must lead) that fires the extension's
 * `onLeaderTimer(context, data)` after `delayMs`, if this leadership still holds. Returns its id.
 */
export function setLeaderTimer(
  world: SwarmWorld,
  host: MachineHost,
  extension: string,
  delayMs: number,
  data: unknown,
): number {
  const manager = host.state.engine?.manager ?? null;
  const epoch = manager?.leader?.epoch ?? -1;
  return setTimer(world, host, delayMs, `extension:${extension}`, {
    kind: 'timer',
    timer: { type: 'extension', extension, scope: 'leader', epoch, data },
  });
}

/** Sets a timer on `host` that fires the extension's `onAgentTimer(context, data)` while its agent runs. */
export function setAgentTimer(
  world: SwarmWorld,
  host: MachineHost,
  extension: string,
  delayMs: number,
  data: unknown,
): number {
  return setTimer(world, host, delayMs, `extension:${extension}`, {
    kind: 'timer',
    timer: { type: 'extension', extension, scope: 'agent', epoch: 0, data },
  });
}

/** Cancels a timer set with `setLeaderTimer` or `setAgentTimer` (nothing if it has fired). */
export function cancelExtensionTimer(world: SwarmWorld, timerId: number): void {
  cancelTimer(world, timerId);
}

/** The world's extension slot (types.ts `WorldExtensionState`), created on first use. */
export function worldExtensionState(world: SwarmWorld): WorldExtensionState {
  world.extensionState ??= {};
  return world.extensionState;
}

/** The registered extension with this name, or null. */
export function extensionNamed(name: string): SwarmExtension | null {
  return registered.find((candidate) => candidate.name === name) ?? null;
}

const registered: SwarmExtension[] = [];

/** Registers (or replaces, by name) an extension. */
export function registerSwarmExtension(extension: SwarmExtension): void {
  const position = registered.findIndex((candidate) => candidate.name === extension.name);
  if (position >= 0) registered.splice(position, 1);
  registered.push(extension);
  registered.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

export function unregisterSwarmExtension(name: string): void {
  const position = registered.findIndex((candidate) => candidate.name === name);
  if (position >= 0) registered.splice(position, 1);
}

/** Registered extensions, in name order. */
export function swarmExtensions(): readonly SwarmExtension[] {
  return registered;
}

/** The extension method with this name, or null. */
export function extensionMethod(method: string): ControlMethod | null {
  for (const extension of registered) {
    const found = extension.controlMethods?.[method];
    if (found !== undefined) return found;
  }
  return null;
}
