import { Text } from 'ink';
import { memo } from 'react';
import { fitSegments, mergeSegments, type Segment, sameSegments, trimTrailingBlanks } from '../app/table.js';

export interface Props {
  /** The line's styled runs of text, left to right. */
  readonly segments: readonly Segment[];
  /** The line is cut to this many characters, so it never wraps (its blank end is not drawn). */
  readonly width: number;
  /**
   * Draws the whole line in reverse video (the selected row of a focused pane).
   * @default false
   */
  readonly inverse?: boolean;
}

function isPlain(segment: Segment): boolean {
  return segment.color === undefined && !segment.bold && !segment.dim && !segment.inverse;
}

/** The line cut to `width`, its blank end dropped unless it is drawn in reverse video, same styles joined. */
function pieces(segments: readonly Segment[], width: number, inverse: boolean): Segment[] {
  const fitted = fitSegments(segments, width);
  const merged = mergeSegments(inverse ? fitted : trimTrailingBlanks(fitted));
  // An empty text has no height in ink's layout: a blank line keeps one space to hold its row.
  return merged.length === 0 ? [{ text: ' ' }] : merged;
}

/**
 * One line of styled text, at most `width` characters wide. Neighbouring runs of the same style
 * are drawn as one piece, unstyled runs as bare text, and the blank end of the line is left out
 * (it shows nothing; a reverse-video line keeps it): ink measures and tokenizes every piece and
 * character, so fewer of them make a cheaper frame.
 */
function LineView({ segments, width, inverse = false }: Props) {
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {pieces(segments, width, inverse).map((segment, index) =>
        isPlain(segment) ? (
          segment.text
        ) : (
          <Text
            // Segments are positional: a line is rebuilt whole when its segments change.
            // biome-ignore lint/suspicious/noArrayIndexKey: positional segments
            key={index}
            {...(segment.color === undefined ? {} : { color: segment.color })}
            bold={segment.bold ?? false}
            dimColor={segment.dim ?? false}
            inverse={segment.inverse ?? false}
          >
            {segment.text}
          </Text>
        ),
      )}
    </Text>
  );
}

/** A line re-renders only when its text, styles, width or inversion change. */
export const Line = memo(
  LineView,
  (before, after) =>
    before.width === after.width &&
    (before.inverse ?? false) === (after.inverse ?? false) &&
    sameSegments(before.segments, after.segments),
);
