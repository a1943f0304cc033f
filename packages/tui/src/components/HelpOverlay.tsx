import { Box } from 'ink';
import { helpSections, planHelp } from '../keys/help.js';
import { type KeyBinding, keyBindings } from '../keys/key-table.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  readonly width: number;
  readonly height: number;
  /** The table the help is generated from. @default keyBindings */
  readonly bindings?: readonly KeyBinding[];
}

/**
 * Every key, grouped by category, generated from the key table, with the command that does the
 * same at the prompt when there is room (from about 120 columns). Replaces the panes while open.
 */
export function HelpOverlay({ width, height, bindings = keyBindings }: Props) {
  const gap = 2;
  const { columns, columnWidth } = planHelp(helpSections(bindings), width - 2, height - 1, gap);
  return (
    <Pane
      title="Keys"
      width={width}
      height={height}
      focused
      detail="? or esc closes · every action is also a command"
    >
      <Box flexDirection="row" paddingLeft={2}>
        {columns.map((lines, columnIndex) => (
          <Box
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
            key={columnIndex}
            flexDirection="column"
            width={columnWidth + (columnIndex < columns.length - 1 ? gap : 0)}
          >
            {lines.slice(0, Math.max(0, height - 1)).map((line, lineIndex) => (
              <Line
                // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
                key={lineIndex}
                segments={[
                  line.isTitle ? { text: line.text, bold: true, color: 'cyan' } : { text: line.text },
                ]}
                width={columnWidth}
              />
            ))}
          </Box>
        ))}
      </Box>
    </Pane>
  );
}
