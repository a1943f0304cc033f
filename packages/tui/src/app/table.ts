/**
 * Tables without borders, docker-style: columns chosen by priority to fit the width (a wider
 * terminal shows more of them), each as wide as its widest cell, separated by two spaces.
 */

import { fit, fitRight } from './format.js';

/** A run of text with one style. A line is a list of segments. */
export interface Segment {
  readonly text: string;
  /** An ink colour name. */
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export interface Column<Row> {
  readonly header: string;
  /** Columns are dropped from the highest priority number down until the rest fit. */
  readonly priority: number;
  readonly cell: (row: Row) => string;
  readonly color?: (row: Row) => string | undefined;
  readonly bold?: (row: Row) => boolean;
  readonly align?: 'left' | 'right';
  /** Never wider than this (longer cells are cut with `…`). */
  readonly widthMax?: number;
}

export interface PlacedColumn<Row> extends Column<Row> {
  readonly width: number;
}

export const columnGap = 2;

/**
 * The columns to show in `width` characters, in their original order, each with its width.
 * The first column is always kept (cut to fit if need be).
 */
export function planColumns<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  width: number,
): PlacedColumn<Row>[] {
  const measured = columns.map((column) => {
    const natural = Math.max(column.header.length, ...rows.map((row) => column.cell(row).length));
    return { ...column, width: Math.min(natural, column.widthMax ?? natural) };
  });
  const byPriority = [...measured.keys()].sort(
    (left, right) =>
      (measured[left] as PlacedColumn<Row>).priority - (measured[right] as PlacedColumn<Row>).priority,
  );
  const chosen = new Set<number>();
  let used = 0;
  for (const index of byPriority) {
    const column = measured[index] as PlacedColumn<Row>;
    const cost = column.width + (chosen.size > 0 ? columnGap : 0);
    if (used + cost > width && chosen.size > 0) continue;
    chosen.add(index);
    used += cost;
  }
  return measured
    .filter((_, index) => chosen.has(index))
    .map((column, index) =>
      index === 0 ? { ...column, width: Math.min(column.width, Math.max(1, width)) } : column,
    );
}

/** Total width of the placed columns with their gaps. */
export function tableWidth<Row>(columns: readonly PlacedColumn<Row>[]): number {
  return columns.reduce((total, column, index) => total + column.width + (index > 0 ? columnGap : 0), 0);
}

export function headerSegments<Row>(columns: readonly PlacedColumn<Row>[]): Segment[] {
  return [
    {
      text: columns.map((column) => alignCell(column, column.header)).join(' '.repeat(columnGap)),
      bold: true,
    },
  ];
}

export function rowSegments<Row>(columns: readonly PlacedColumn<Row>[], row: Row): Segment[] {
  return columns.map((column, index) => ({
    text: (index > 0 ? ' '.repeat(columnGap) : '') + alignCell(column, column.cell(row)),
    color: column.color?.(row),
    bold: column.bold?.(row) ?? false,
  }));
}

function alignCell<Row>(column: PlacedColumn<Row>, text: string): string {
  return column.align === 'right' ? fitRight(text, column.width) : fit(text, column.width);
}

/** Cuts or pads a line of segments to exactly `width` characters. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const result: Segment[] = [];
  let used = 0;
  for (const segment of segments) {
    if (used >= width) break;
    const room = width - used;
    const text = segment.text.length > room ? fit(segment.text, room) : segment.text;
    result.push({ ...segment, text });
    used += text.length;
  }
  if (used < width) result.push({ text: ' '.repeat(width - used) });
  return result;
}

/** The plain text of a line (what a test or a screen reader sees). */
export function segmentsText(segments: readonly Segment[]): string {
  return segments.map((segment) => segment.text).join('');
}

function sameStyle(left: Segment, right: Segment): boolean {
  return (
    left.color === right.color &&
    (left.bold ?? false) === (right.bold ?? false) &&
    (left.dim ?? false) === (right.dim ?? false) &&
    (left.inverse ?? false) === (right.inverse ?? false)
  );
}

/**
 * Joins neighbouring segments of the same style into one (`●` `●` `●` in green becomes `●●●`),
 * and drops empty ones: the same text and styles in fewer pieces.
 */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    if (segment.text === '') continue;
    const last = merged.at(-1);
    if (last !== undefined && sameStyle(last, segment)) {
      merged[merged.length - 1] = { ...last, text: last.text + segment.text };
    } else {
      merged.push(segment);
    }
  }
  return merged;
}

/** Whether two lines have the same text in the same styles, segment by segment. */
export function sameSegments(left: readonly Segment[], right: readonly Segment[]): boolean {
  if (left === right) return true;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) {
    const before = left[index] as Segment;
    const after = right[index] as Segment;
    if (before.text !== after.text || !sameStyle(before, after)) return false;
  }
  return true;
}

/**
 * Drops the blank end of a line (spaces that show nothing unless drawn in reverse video): the
 * screen looks the same and ink has fewer characters to tokenize and measure.
 */
export function trimTrailingBlanks(segments: readonly Segment[]): Segment[] {
  const trimmed = [...segments];
  while (trimmed.length > 0) {
    const last = trimmed.at(-1) as Segment;
    if (last.inverse) break;
    const text = last.text.trimEnd();
    if (text !== '') {
      trimmed[trimmed.length - 1] = { ...last, text };
      break;
    }
    trimmed.pop();
  }
  return trimmed;
}
