import type { Notice } from '../app/shell-state.js';
import type { Segment } from '../app/table.js';
import {
  findBindingByCommand,
  formatKey,
  type KeyBinding,
  type KeyCommand,
  keyBindings,
} from '../keys/key-table.js';
import { Line } from './Line.js';

export interface Props {
  /** The last command's outcome or a reason a key did nothing; replaces the hints while shown. */
  readonly notice: Notice | null;
  readonly width: number;
  /** @default keyBindings */
  readonly bindings?: readonly KeyBinding[];
}

/** The keys the footer reminds of, most useful first. */
export const hintCommands: readonly KeyCommand[] = [
  'help',
  'prompt',
  'filter',
  'togglePause',
  'nextPane',
  'quit',
];

const hintWords: Readonly<Partial<Record<KeyCommand, string>>> = {
  help: 'help',
  prompt: 'command',
  filter: 'filter',
  togglePause: 'pause',
  nextPane: 'pane',
  quit: 'quit',
};

/** `? help  : command  / filter  space pause  tab pane  q quit`, from the key table. */
export function hintSegments(bindings: readonly KeyBinding[] = keyBindings): Segment[] {
  return hintCommands.flatMap((command): Segment[] => {
    const binding = findBindingByCommand(command, bindings);
    if (binding === null) return [];
    return [
      { text: ` ${formatKey(binding.keys[0] as string)}`, bold: true, color: 'cyan' },
      { text: ` ${hintWords[command] ?? command} `, dim: true },
    ];
  });
}

/** The bottom line in normal mode: a notice if there is one, else reminders of the main keys. */
export function Footer({ notice, width, bindings = keyBindings }: Props) {
  if (notice !== null) {
    return (
      <Line
        segments={[
          {
            text: ` ${notice.text}`,
            color: notice.tone === 'error' ? 'red' : undefined,
            bold: notice.tone === 'error',
          },
        ]}
        width={width}
      />
    );
  }
  return <Line segments={hintSegments(bindings)} width={width} />;
}
