/**
 * The sandbox: one swarm world plus what the shell around it needs (the machine it is logged
 * into, requests in flight). Plain data: `structuredClone` it to travel in time, JSON it to save.
 */
import type { SwarmWorld } from './types.js';

export type PresetName = 'empty' | 'tutorial' | '3m2w' | '5m5w';

export const presetNames: readonly PresetName[] = ['empty', 'tutorial', '3m2w', '5m5w'];

/** A request submitted and not yet taken (requests.ts). */
export interface PendingRequest {
  readonly requestId: string;
  readonly machine: string;
  /** The machine's incarnation when submitted: a kill since means the daemon is gone. */
  readonly incarnation: number;
}

export interface Sandbox {
  readonly formatVersion: 1;
  readonly seed: number;
  readonly preset: PresetName;
  world: SwarmWorld;
  /** The machine the shell is logged into (`use NAME`), or null when there is none. */
  currentMachine: string | null;
  nextRequestNumber: number;
  pending: PendingRequest[];
  /** The trace id of the last `recordCommand`: the cause of what the next operations do. 0 = none. */
  commandCauseId: number;
  /**
   * A command reads the next line the shell gets as its input, as a terminal would give it:
   * `docker swarm unlock` waiting for the unlock key. Absent or null: lines are commands.
   */
  pendingInput?: PendingInput | null;
  /** `SandboxOptions.machinesMax` when it is not the default (64). */
  readonly machinesMax?: number;
}

/** What the next shell line answers (docs/commands.md, `docker swarm unlock`). */
export interface PendingInput {
  readonly kind: 'unlockKey';
  /** The machine whose docker asked. */
  readonly machine: string;
}

/** What sandbox operations return: never a throw for a name or value a user typed. */
export type SandboxResult<Value = null> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: string };
