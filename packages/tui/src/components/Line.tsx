import { Text } from 'ink';
import { fitSegments, type Segment } from '../app/table.js';

export interface Props {
  /** The line's styled runs of text, left to right. */
  readonly segments: readonly Segment[];
  /** The line is cut or padded to exactly this many characters, so it never wraps. */
  readonly width: number;
  /**
   * Draws the whole line in reverse video (the selected row of a focused pane).
   * @default false
   */
  readonly inverse?: boolean;
}

/** One line of styled text, exactly `width` characters wide. */
export function Line({ segments, width, inverse = false }: Props) {
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {fitSegments(segments, width).map((segment, index) => (
        <Text
          // Segments are positional: a line is rebuilt whole on every render.
          // biome-ignore lint/suspicious/noArrayIndexKey: positional segments
          key={index}
          {...(segment.color === undefined ? {} : { color: segment.color })}
          bold={segment.bold ?? false}
          dimColor={segment.dim ?? false}
          inverse={segment.inverse ?? false}
        >
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
