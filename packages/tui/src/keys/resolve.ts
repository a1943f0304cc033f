/**
 * What a key command does right now, as a pure function of the view and the selection: a
 * `SandboxAction` for the controller, a change to the shell (open help, move the selection), a
 * quit, or a notice explaining why nothing happened ("select a machine first").
 */

import type { MachineView, SandboxView } from '@swarmsim/swarm-sim';
import type { SandboxAction } from '../app/controller.js';
import { formatSpeed, nextSpeed } from '../app/format.js';
import type { KeyCommand } from './key-table.js';

export interface KeyContext {
  readonly view: SandboxView;
  /** The machine under the cursor in the machines pane, or null. */
  readonly selectedMachine: string | null;
  /** Machines marked with `m`, for a partition. */
  readonly markedMachines: readonly string[];
}

/** Key commands that only change the screen. */
export type ShellCommand =
  | 'help'
  | 'prompt'
  | 'filter'
  | 'back'
  | 'selectPrevious'
  | 'selectNext'
  | 'nextPane'
  | 'previousPane'
  | 'mark';

export type KeyIntent =
  | { readonly kind: 'sandbox'; readonly action: SandboxAction }
  | { readonly kind: 'shell'; readonly command: ShellCommand }
  | { readonly kind: 'quit' }
  | { readonly kind: 'notice'; readonly text: string };

export function resolveKey(command: KeyCommand, context: KeyContext): KeyIntent {
  const { status } = context.view;
  switch (command) {
    case 'quit':
      return { kind: 'quit' };
    case 'togglePause':
      return sandbox(status.paused ? { type: 'resumeClock' } : { type: 'pauseClock' });
    case 'speedUp':
    case 'speedDown': {
      const speed = nextSpeed(status.speed, command === 'speedUp' ? 'faster' : 'slower');
      if (speed === status.speed) return { kind: 'notice', text: `speed is already ${formatSpeed(speed)}` };
      return sandbox({ type: 'setSpeed', speed });
    }
    case 'stepEvent':
      return sandbox({ type: 'stepEvent' });
    case 'stepBack':
      return sandbox({ type: 'stepBack' });
    case 'stepForward':
      return sandbox({ type: 'stepForward' });
    case 'heal':
      return sandbox({ type: 'heal' });
    case 'kill':
    case 'restart':
    case 'pauseMachine':
    case 'disconnect':
      return resolveMachineCommand(command, context);
    case 'partition':
      return resolvePartition(context);
    default:
      return { kind: 'shell', command };
  }
}

function sandbox(action: SandboxAction): KeyIntent {
  return { kind: 'sandbox', action };
}

function selectedMachine(context: KeyContext): MachineView | string {
  if (context.selectedMachine === null) return 'select a machine first (↑/↓ or j/k in the machines pane)';
  const machine = context.view.machines.find((candidate) => candidate.name === context.selectedMachine);
  return machine ?? `machine ${context.selectedMachine} is gone; select another`;
}

function resolveMachineCommand(
  command: 'kill' | 'restart' | 'pauseMachine' | 'disconnect',
  context: KeyContext,
): KeyIntent {
  const machine = selectedMachine(context);
  if (typeof machine === 'string') return { kind: 'notice', text: machine };
  const name = machine.name;
  switch (command) {
    case 'kill':
      return sandbox({ type: 'kill', machine: name });
    case 'restart':
      return sandbox({ type: 'restart', machine: name });
    case 'pauseMachine':
      return sandbox(
        machine.power === 'paused' ? { type: 'unpause', machine: name } : { type: 'pause', machine: name },
      );
    case 'disconnect':
      return sandbox(
        machine.disconnected ? { type: 'reconnect', machine: name } : { type: 'disconnect', machine: name },
      );
  }
}

/** `P` cuts the marked machines (or the selected one) off from all the others: two groups. */
function resolvePartition(context: KeyContext): KeyIntent {
  const known = new Set(context.view.machines.map((machine) => machine.name));
  const chosen = context.markedMachines.length > 0 ? context.markedMachines : [context.selectedMachine];
  const machines = chosen.filter((name): name is string => name !== null && known.has(name));
  if (machines.length === 0) return { kind: 'notice', text: 'mark machines with m (or select one), then P' };
  if (machines.length >= known.size) {
    return { kind: 'notice', text: 'a partition needs machines on both sides: unmark some' };
  }
  const inside = [...new Set(machines)].sort();
  const outside = context.view.machines
    .map((machine) => machine.name)
    .filter((name) => !inside.includes(name));
  return sandbox({ type: 'partition', groups: [inside, outside] });
}
