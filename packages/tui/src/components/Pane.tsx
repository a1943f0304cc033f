import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export interface Props {
  readonly title: string;
  /** Columns, title line included. */
  readonly width: number;
  /** Rows, title line included. The content is cut to `height - 1` rows. */
  readonly height: number;
  /**
   * A focused pane has a heavy title rule (`━━ Machines ━━`) and answers ↑/↓.
   * @default false
   */
  readonly focused?: boolean;
  /**
   * Text at the right end of the title rule: a filter, a count, a scroll position.
   * @default ''
   */
  readonly detail?: string;
  readonly children?: ReactNode;
}

/** The rule at the top of a pane, exactly `width` characters: `── Title ───── detail ─`. */
export function titleRule(title: string, width: number, focused: boolean, detail: string): string {
  const rule = focused ? '━' : '─';
  const left = `${rule}${rule} ${title} `;
  const right = detail === '' ? `${rule}` : ` ${detail} ${rule}`;
  if (left.length + right.length > width) return (left + rule.repeat(width)).slice(0, Math.max(0, width));
  return left + rule.repeat(width - left.length - right.length) + right;
}

/**
 * A pane: a title rule, then its content in a box that clips anything taller than the pane.
 * Borderless on the sides so that 80 columns go to content.
 */
export function Pane({ title, width, height, focused = false, detail = '', children }: Props) {
  if (height <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text wrap="truncate-end" bold={focused} {...(focused ? { color: 'cyan' } : { dimColor: true })}>
        {titleRule(title, width, focused, detail)}
      </Text>
      {/* Rows are clipped, not columns: every Line is already exactly `width` wide, and a
          horizontal clip would make ink re-slice each line's ANSI text on every frame. */}
      <Box flexDirection="column" width={width} height={height - 1} overflowY="hidden">
        {children}
      </Box>
    </Box>
  );
}
