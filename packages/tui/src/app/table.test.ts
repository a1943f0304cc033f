/** Drawing a line cheaply (issue 8): the same text and styles in fewer pieces for ink. */
import { describe, expect, it } from 'vitest';
import { mergeSegments, type Segment, sameSegments, segmentsText, trimTrailingBlanks } from './table.js';

describe('a line is handed to ink in as few pieces as show the same thing', () => {
  const cell: Segment[] = [
    { text: '●', color: 'green' },
    { text: '●', color: 'green' },
    { text: '◐', color: 'yellow' },
    { text: '' },
    { text: ' ' },
    { text: ' ' },
  ];

  it('joins neighbouring runs of one style and keeps the text', () => {
    const merged = mergeSegments(cell);
    expect(merged).toEqual([{ text: '●●', color: 'green' }, { text: '◐', color: 'yellow' }, { text: '  ' }]);
    expect(segmentsText(merged)).toBe(segmentsText(cell));
  });

  it('leaves out the blank end, unless it is drawn in reverse video', () => {
    expect(trimTrailingBlanks([{ text: 'web  ', bold: true }, { text: '   ' }])).toEqual([
      { text: 'web', bold: true },
    ]);
    const selected: Segment[] = [{ text: 'web' }, { text: '   ', inverse: true }];
    expect(trimTrailingBlanks(selected)).toEqual(selected);
  });

  it('compares lines by text and style, not by identity', () => {
    expect(sameSegments([{ text: 'a', bold: false }], [{ text: 'a' }])).toBe(true);
    expect(sameSegments([{ text: 'a', color: 'red' }], [{ text: 'a' }])).toBe(false);
    expect(sameSegments([{ text: 'a' }], [{ text: 'b' }])).toBe(false);
  });
});
