/**
 * The contract between the terminal app and whatever runs the world. The app shell never
 * changes the world itself: keys become `SandboxAction`s (plain data) and typed lines become
 * commands, and both go to a `SandboxController`. Every action is also a command a student can
 * type at the prompt: `actionToCommand` is that correspondence, and the help overlay shows it.
 */

import type { SandboxView } from '@swarmsim/swarm-sim';
import type { CompletionCandidates } from './complete.js';

/** What a command printed and how it ended, as a shell would report it. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Something a key asks the world to do. Plain data: it can be logged, compared and replayed. */
export type SandboxAction =
  | { readonly type: 'pauseClock' }
  | { readonly type: 'resumeClock' }
  /** Invariant: 0.01 <= speed <= 1000. */
  | { readonly type: 'setSpeed'; readonly speed: number }
  /** Run exactly one more event, then stop. */
  | { readonly type: 'stepEvent' }
  /** Go back to the previous snapshot in time (time travel). */
  | { readonly type: 'stepBack' }
  /** Go forward to the next snapshot, or run one step if there is none. */
  | { readonly type: 'stepForward' }
  | { readonly type: 'kill'; readonly machine: string }
  | { readonly type: 'restart'; readonly machine: string }
  | { readonly type: 'pause'; readonly machine: string }
  | { readonly type: 'unpause'; readonly machine: string }
  | { readonly type: 'disconnect'; readonly machine: string }
  | { readonly type: 'reconnect'; readonly machine: string }
  /**
   * Split the network into groups that cannot reach each other (machines in one group still
   * can). Invariant: at least two non-empty groups, no machine in two.
   */
  | { readonly type: 'partition'; readonly groups: readonly (readonly string[])[] }
  /** Remove every partition and disconnection. */
  | { readonly type: 'heal' };

/**
 * What the app needs from the world's owner (the clock, the snapshots, the world). The real
 * controller lives elsewhere; `createFakeController` is a small one for tests and the demo.
 * Methods may answer synchronously or with a promise; the app handles both and never assumes
 * an order between a reply and the next view.
 */
export interface SandboxController {
  /** Does what a key asked. Must behave exactly like `runCommand(actionToCommand(action))`. */
  dispatch(action: SandboxAction): CommandResult | Promise<CommandResult>;
  /**
   * Runs one line typed at the prompt on the view's `status.shellMachine`, e.g.
   * `docker node ls` or `kill manager1`. Never throws for bad input: reports it in stderr with
   * a non-zero exit code.
   */
  runCommand(line: string): CommandResult | Promise<CommandResult>;
  /** The words the prompt completes: commands with their flags, machine and service names. */
  completionCandidates(): CompletionCandidates;
  /** Called once when the student quits, before the app exits (stop the clock, save…). */
  quit?(): void;
}

/**
 * A changing view: the controller (or anything that owns the world) publishes a new view
 * whenever the world moves. Shaped for React's `useSyncExternalStore`: `getView` must return
 * the same object until the next change.
 */
export interface ViewSource {
  getView(): SandboxView;
  /** Calls `listener` after each change; returns the function that unsubscribes. */
  subscribe(listener: () => void): () => void;
}

/** The command line a student would type to do what `action` does. */
export function actionToCommand(action: SandboxAction): string {
  switch (action.type) {
    case 'pauseClock':
      return 'clock pause';
    case 'resumeClock':
      return 'clock resume';
    case 'setSpeed':
      return `clock speed ${action.speed}`;
    case 'stepEvent':
      return 'clock step';
    case 'stepBack':
      return 'clock back';
    case 'stepForward':
      return 'clock forward';
    case 'kill':
    case 'restart':
    case 'pause':
    case 'unpause':
    case 'disconnect':
    case 'reconnect':
      return `${action.type} ${action.machine}`;
    case 'partition':
      return `partition ${action.groups.map((group) => group.join(',')).join(' | ')}`;
    case 'heal':
      return 'heal';
  }
}
