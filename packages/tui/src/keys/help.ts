/**
 * The help overlay's content, generated from the key table so the two cannot disagree: one
 * section per category, one row per binding, laid out in as many columns as the width allows.
 */

import { fit } from '../app/format.js';
import { formatKey, type KeyBinding, type KeyCategory, keyBindings, keyCategories } from './key-table.js';

export interface HelpRow {
  /** The binding's keys as the overlay writes them: `↑ k`, `q ctrl-c`. */
  readonly keys: string;
  readonly description: string;
  readonly prompt: string | null;
}

export interface HelpSection {
  readonly title: KeyCategory;
  readonly rows: readonly HelpRow[];
}

export function helpSections(bindings: readonly KeyBinding[] = keyBindings): HelpSection[] {
  return keyCategories
    .map((title) => ({
      title,
      rows: bindings
        .filter((binding) => binding.category === title)
        .map((binding) => ({
          keys: binding.keys.map(formatKey).join(' '),
          description: binding.description,
          prompt: binding.prompt,
        })),
    }))
    .filter((section) => section.rows.length > 0);
}

/** Widths of the three cells of a row: keys, description, prompt command. */
function cellWidths(sections: readonly HelpSection[]) {
  const rows = sections.flatMap((section) => section.rows);
  return {
    keys: Math.max(...rows.map((row) => row.keys.length)) + 2,
    description: Math.max(...rows.map((row) => row.description.length)),
    prompt: Math.max(...rows.map((row) => (row.prompt ?? '').length)),
  };
}

/** A line of the overlay, exactly one column wide. */
export interface HelpLine {
  readonly text: string;
  /** A section title (`Faults`) rather than a key. */
  readonly isTitle: boolean;
}

/**
 * The overlay as columns of lines, each exactly `columnWidth` wide. Sections are never split
 * across columns; they fill columns left to right, balanced by line count. With `showPrompts`,
 * each row ends with the command that does the same at the prompt (`kill NAME`).
 */
export function helpColumns(
  sections: readonly HelpSection[],
  columnCount: number,
  columnWidth: number,
  showPrompts: boolean,
): HelpLine[][] {
  const widths = cellWidths(sections);
  const blocks = sections.map((section): HelpLine[] => [
    { text: fit(section.title, columnWidth), isTitle: true },
    ...section.rows.map((row) => {
      const prompt = showPrompts && row.prompt !== null ? `  ${row.prompt}` : '';
      const text = `${fit(row.keys, widths.keys)}${fit(row.description, widths.description)}${prompt}`;
      return { text: fit(text, columnWidth), isTitle: false };
    }),
  ]);
  const blank: HelpLine = { text: ' '.repeat(columnWidth), isTitle: false };
  const totalLines = blocks.reduce((total, block) => total + block.length + 1, 0);
  const target = Math.ceil(totalLines / Math.max(1, columnCount));
  const columns: HelpLine[][] = [[]];
  for (const block of blocks) {
    const column = columns.at(-1) as HelpLine[];
    if (column.length > 0 && column.length + block.length > target && columns.length < columnCount) {
      columns.push([...block]);
    } else {
      if (column.length > 0) column.push(blank);
      column.push(...block);
    }
  }
  return columns;
}

export interface HelpPlan {
  readonly columns: readonly (readonly HelpLine[])[];
  readonly columnWidth: number;
  readonly showPrompts: boolean;
}

/**
 * How to lay the help out in `width` × `height`: with the prompt commands if some column count
 * fits them, else without; the fewest columns whose lines fit the height. `gap` separates columns.
 */
export function planHelp(sections: readonly HelpSection[], width: number, height: number, gap = 2): HelpPlan {
  const widths = cellWidths(sections);
  const fullWidth = widths.keys + widths.description + 2 + widths.prompt;
  const shortWidth = widths.keys + widths.description;
  let fallback: HelpPlan | null = null;
  for (const showPrompts of [true, false]) {
    for (let count = 1; count <= 4; count++) {
      const columnWidth = Math.floor((width - gap * (count - 1)) / count);
      if (columnWidth < (showPrompts ? fullWidth : shortWidth)) break;
      const columns = helpColumns(sections, count, columnWidth, showPrompts);
      const plan = { columns, columnWidth, showPrompts };
      if (Math.max(...columns.map((column) => column.length)) <= height) return plan;
      fallback ??= showPrompts ? null : plan;
    }
  }
  return (
    fallback ?? { columns: helpColumns(sections, 1, width, false), columnWidth: width, showPrompts: false }
  );
}
