/**
 * Every key the app answers to, as data (Gemini CLI's keyBindings.ts is the model): the help
 * overlay is generated from this table, the input handler looks keys up in it, and tests check
 * it. A binding names a `KeyCommand`; `resolveKey` turns the command into what it does now.
 *
 * Conventions follow k9s, lazydocker and htop (`:` command, `/` filter, `?` help, `q` quit,
 * Esc back, Tab panes) and RaftScope (space pause, `.` step).
 */

import type { Key } from 'ink';

export type KeyCommand =
  | 'help'
  | 'prompt'
  | 'filter'
  | 'back'
  | 'quit'
  | 'togglePause'
  | 'speedUp'
  | 'speedDown'
  | 'stepEvent'
  | 'stepBack'
  | 'stepForward'
  | 'selectPrevious'
  | 'selectNext'
  | 'nextPane'
  | 'previousPane'
  | 'mark'
  | 'kill'
  | 'restart'
  | 'pauseMachine'
  | 'disconnect'
  | 'partition'
  | 'heal';

/** Help sections, in the order the overlay shows them. */
export const keyCategories = ['General', 'Time', 'Selection', 'Faults'] as const;
export type KeyCategory = (typeof keyCategories)[number];

export interface KeyBinding {
  /**
   * Canonical key names (see `keyNameOf`): a printable character as itself (`x`, `P`, `+`), or
   * `space`, `tab`, `shift+tab`, `escape`, `up`, `down`, `left`, `right`, `ctrl+c`.
   */
  readonly keys: readonly string[];
  readonly command: KeyCommand;
  readonly category: KeyCategory;
  /** What the key does, in the help overlay's words. */
  readonly description: string;
  /**
   * What to type at the prompt for the same effect (`NAME` stands for a machine), or null when
   * the key only changes what the screen shows.
   */
  readonly prompt: string | null;
}

export const keyBindings: readonly KeyBinding[] = [
  { keys: ['?'], command: 'help', category: 'General', description: 'show or hide this help', prompt: null },
  { keys: [':'], command: 'prompt', category: 'General', description: 'type a command', prompt: null },
  { keys: ['/'], command: 'filter', category: 'General', description: 'filter the events', prompt: null },
  { keys: ['escape'], command: 'back', category: 'General', description: 'close, clear marks', prompt: null },
  { keys: ['q', 'ctrl+c'], command: 'quit', category: 'General', description: 'quit', prompt: null },
  {
    keys: ['space'],
    command: 'togglePause',
    category: 'Time',
    description: 'pause or resume time',
    prompt: 'clock pause',
  },
  { keys: ['+', '='], command: 'speedUp', category: 'Time', description: 'faster', prompt: 'clock speed N' },
  {
    keys: ['-', '_'],
    command: 'speedDown',
    category: 'Time',
    description: 'slower',
    prompt: 'clock speed N',
  },
  { keys: ['.'], command: 'stepEvent', category: 'Time', description: 'run one event', prompt: 'clock step' },
  {
    keys: ['left'],
    command: 'stepBack',
    category: 'Time',
    description: 'step back in time',
    prompt: 'clock back',
  },
  {
    keys: ['right'],
    command: 'stepForward',
    category: 'Time',
    description: 'step forward in time',
    prompt: 'clock forward',
  },
  {
    keys: ['up', 'k'],
    command: 'selectPrevious',
    category: 'Selection',
    description: 'select up',
    prompt: null,
  },
  {
    keys: ['down', 'j'],
    command: 'selectNext',
    category: 'Selection',
    description: 'select down',
    prompt: null,
  },
  { keys: ['tab'], command: 'nextPane', category: 'Selection', description: 'next pane', prompt: null },
  {
    keys: ['shift+tab'],
    command: 'previousPane',
    category: 'Selection',
    description: 'previous pane',
    prompt: null,
  },
  { keys: ['m'], command: 'mark', category: 'Selection', description: 'mark a machine for P', prompt: null },
  { keys: ['x'], command: 'kill', category: 'Faults', description: 'kill the machine', prompt: 'kill NAME' },
  {
    keys: ['r'],
    command: 'restart',
    category: 'Faults',
    description: 'restart the machine',
    prompt: 'restart NAME',
  },
  {
    keys: ['p'],
    command: 'pauseMachine',
    category: 'Faults',
    description: 'pause or unpause it',
    prompt: 'pause NAME',
  },
  {
    keys: ['d'],
    command: 'disconnect',
    category: 'Faults',
    description: 'cut or restore its links',
    prompt: 'disconnect NAME',
  },
  {
    keys: ['P'],
    command: 'partition',
    category: 'Faults',
    description: 'partition marked from rest',
    prompt: 'partition A,B | C',
  },
  { keys: ['h'], command: 'heal', category: 'Faults', description: 'heal the network', prompt: 'heal' },
];

/**
 * The canonical name of an ink key press, as the table spells it, or null for presses the
 * table cannot name (a paste of several characters, a bare modifier).
 */
export function keyNameOf(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.escape) return 'escape';
  if (key.return) return 'enter';
  if (key.ctrl) return input.length === 1 ? `ctrl+${input.toLowerCase()}` : null;
  if (input === ' ') return 'space';
  if (key.meta || [...input].length !== 1) return null;
  return input;
}

/** The binding for a canonical key name, or null when the key does nothing. */
export function findBinding(name: string, bindings: readonly KeyBinding[] = keyBindings): KeyBinding | null {
  return bindings.find((binding) => binding.keys.includes(name)) ?? null;
}

const keyLabels: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  escape: 'esc',
  'ctrl+c': 'ctrl-c',
  'shift+tab': 'shift-tab',
};

/** How the help overlay writes a key: `↑`, `esc`, `ctrl-c`, `space`, `P`. */
export function formatKey(name: string): string {
  return keyLabels[name] ?? name;
}

/** The binding of a command, or null when no key runs it. */
export function findBindingByCommand(
  command: KeyCommand,
  bindings: readonly KeyBinding[] = keyBindings,
): KeyBinding | null {
  return bindings.find((binding) => binding.command === command) ?? null;
}
