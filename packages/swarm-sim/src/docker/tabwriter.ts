/**
 * Docker's table writer: a port of Go's `text/tabwriter` (the copy docker/cli keeps in
 * `cli/command/formatter/tabwriter`) with the settings every docker table uses:
 * `tabwriter.NewWriter(out, minwidth=10, tabwidth=1, padding=3, padchar=' ', flags=0)`.
 *
 * Semantics, as in Go:
 * - a cell is text terminated by a tab; the text after the last tab of a line is a cell too, but
 *   it belongs to no column and is never padded;
 * - tab-terminated cells in *contiguous* lines form a column: a line with fewer cells ends the
 *   column block, so one column index can have several blocks with different widths;
 * - a column block's width is max(minwidth, widest cell + padding), and every terminated cell in
 *   the block, empty ones included, is padded to it (so a row can end in spaces);
 * - cell width is measured in terminal columns (go-runewidth), not bytes.
 *
 * Go's writer is recursive (one level per column). This version computes the same blocks
 * iteratively: the block of column c around line i is the maximal run of lines around i that
 * all have a terminated cell at column c. Nested blocks in Go are exactly these runs, because a
 * line with a terminated cell at column c also has one at every column before it.
 *
 * Only `\t` and `\n` are special here; Go's `\v`, `\f` and escape/HTML handling are not used by
 * docker's formatter with flags 0 and are treated as ordinary text.
 */

export interface TabwriterOptions {
  /** Minimal cell width including any padding. */
  readonly minWidth: number;
  /** Padding added to a cell before computing its width. */
  readonly padding: number;
  /** The single character used for padding. */
  readonly padChar: string;
}

/** The settings of docker/cli `formatter.Context.postFormat`. */
export const dockerTabwriterOptions: TabwriterOptions = { minWidth: 10, padding: 3, padChar: ' ' };

/** Bounds the work per call: docker tables are small; a runaway caller is a bug. */
const linesMax = 100_000;

/**
 * Aligns tab-separated text exactly as Go's tabwriter does after `Write(text); Flush()`.
 * Lines end in `\n`; the text after the final newline (if any) is written unterminated.
 */
export function tabwrite(text: string, options: TabwriterOptions = dockerTabwriterOptions): string {
  assertOptions(options);
  const lines = text.split('\n').map((line) => line.split('\t'));
  if (lines.length > linesMax) throw new RangeError(`tabwrite: ${lines.length} lines exceed ${linesMax}`);
  const widths = columnWidths(lines, options);
  const output: string[] = [];
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const cells = lines[lineIndex] as string[];
    const lineWidths = widths[lineIndex] as number[];
    let rendered = '';
    for (let cellIndex = 0; cellIndex < cells.length; cellIndex++) {
      const cell = cells[cellIndex] as string;
      rendered += cell;
      if (cellIndex < cells.length - 1) {
        const cellWidth = lineWidths[cellIndex] as number;
        rendered += options.padChar.repeat(cellWidth - displayWidth(cell));
      }
    }
    output.push(rendered);
  }
  return output.join('\n');
}

/**
 * Renders rows of cells as a docker table: each row's cells joined by tabs, each row ending in
 * a newline, then aligned. The last cell of a row is not padded.
 */
export function formatTable(rows: readonly (readonly string[])[], options?: TabwriterOptions): string {
  let text = '';
  for (const row of rows) {
    for (const cell of row) {
      if (cell.includes('\t') || cell.includes('\n')) {
        throw new RangeError(`formatTable: a cell may not contain a tab or newline: ${JSON.stringify(cell)}`);
      }
    }
    text += `${row.join('\t')}\n`;
  }
  return tabwrite(text, options);
}

/** widths[line][column] for every terminated cell, following Go's column blocks. */
function columnWidths(lines: readonly (readonly string[])[], options: TabwriterOptions): number[][] {
  const widths: number[][] = lines.map(() => []);
  const columnCountMax = lines.reduce((maximum, cells) => Math.max(maximum, cells.length - 1), 0);
  for (let column = 0; column < columnCountMax; column++) {
    let blockStart = 0;
    while (blockStart < lines.length) {
      if (!hasTerminatedCell(lines[blockStart] as string[], column)) {
        blockStart++;
        continue;
      }
      let blockEnd = blockStart;
      let width = options.minWidth;
      while (blockEnd < lines.length && hasTerminatedCell(lines[blockEnd] as string[], column)) {
        const cell = (lines[blockEnd] as string[])[column] as string;
        width = Math.max(width, displayWidth(cell) + options.padding);
        blockEnd++;
      }
      for (let line = blockStart; line < blockEnd; line++) (widths[line] as number[])[column] = width;
      blockStart = blockEnd;
    }
  }
  return widths;
}

function hasTerminatedCell(cells: readonly string[], column: number): boolean {
  return column < cells.length - 1;
}

function assertOptions(options: TabwriterOptions): void {
  if (options.minWidth < 0 || options.padding < 0) throw new RangeError('negative minWidth or padding');
  if ([...options.padChar].length !== 1) throw new RangeError('padChar must be one character');
}

/**
 * Terminal width of a string, as go-runewidth's StringWidth counts it for the characters a
 * docker table can hold: combining marks and zero-width characters count 0, East Asian wide and
 * fullwidth characters and emoji count 2, everything else 1.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    width += codePointWidth(codePoint);
  }
  return width;
}

const zeroWidthPattern = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const emojiPattern = /^\p{Extended_Pictographic}$/u;

/** [start, end] inclusive ranges of East Asian Wide (W) and Fullwidth (F) code points. */
const wideRanges: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function codePointWidth(codePoint: number): number {
  if (codePoint === 0) return 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || codePoint === 0xad) return 0;
  if (codePoint < 0x300) return 1;
  const character = String.fromCodePoint(codePoint);
  if (zeroWidthPattern.test(character)) return 0;
  for (const [start, end] of wideRanges) if (codePoint >= start && codePoint <= end) return 2;
  if (codePoint >= 0x1f000 && emojiPattern.test(character)) return 2;
  return 1;
}
