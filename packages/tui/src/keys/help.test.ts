import { describe, expect, it } from 'vitest';
import { helpColumns, helpSections, planHelp } from './help.js';
import { type KeyBinding, keyBindings } from './key-table.js';

describe('help: generated from the key table', () => {
  it('has a section per category, in order, with a row per binding', () => {
    const sections = helpSections();
    expect(sections.map((section) => section.title)).toEqual(['General', 'Time', 'Selection', 'Faults']);
    expect(sections.flatMap((section) => section.rows)).toHaveLength(keyBindings.length);
    expect(sections[3]?.rows.find((row) => row.keys === 'x')).toEqual({
      keys: 'x',
      description: 'kill the machine',
      prompt: 'kill NAME',
    });
  });

  it('follows a different table', () => {
    const table: KeyBinding[] = [
      { keys: ['z'], command: 'heal', category: 'Faults', description: 'mend everything', prompt: 'heal' },
    ];
    expect(helpSections(table)).toEqual([
      { title: 'Faults', rows: [{ keys: 'z', description: 'mend everything', prompt: 'heal' }] },
    ]);
  });

  it('keeps sections whole and lines exactly one column wide', () => {
    const columns = helpColumns(helpSections(), 2, 38, false);
    expect(columns).toHaveLength(2);
    for (const column of columns) {
      for (const line of column) expect(line.text).toHaveLength(38);
      expect(column[0]?.isTitle).toBe(true);
    }
  });

  it('shows prompt commands when a column is wide enough, and fits 80×24 without them', () => {
    const wide = planHelp(helpSections(), 158, 45);
    expect(wide.showPrompts).toBe(true);
    const narrow = planHelp(helpSections(), 78, 20);
    expect(narrow.showPrompts).toBe(false);
    expect(Math.max(...narrow.columns.map((column) => column.length))).toBeLessThanOrEqual(20);
  });
});
