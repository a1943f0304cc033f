import { describe, expect, it } from 'vitest';
import { computeLayout, type LayoutContent, type SandboxLayout } from './layout.js';

const swarm: LayoutContent = {
  machineCount: 5,
  raftMemberCount: 3,
  serviceCount: 2,
  goalCount: null,
  eventsExpanded: false,
};

function heights(layout: SandboxLayout): Record<string, number> {
  return Object.fromEntries(
    layout.columns.flatMap((column) => column.panes.map((pane) => [pane.id, pane.height])),
  );
}

function columnHeights(layout: SandboxLayout): number[] {
  return layout.columns.map((column) => column.panes.reduce((total, pane) => total + pane.height, 0));
}

describe('layout: works in 80×24', () => {
  const layout = computeLayout({ columns: 80, rows: 24 }, swarm);

  it('stacks every pane in one column, leaving the last row free (ink 6 redraws without flicker)', () => {
    expect(layout.split).toBe(false);
    expect(layout.height).toBe(23);
    expect(columnHeights(layout)).toEqual([layout.bodyHeight]);
    expect(layout.columns[0]?.panes.map((pane) => pane.id)).toEqual([
      'machines',
      'raft',
      'services',
      'events',
    ]);
  });

  it('gives each pane its rows: all five machines, all three managers, both services', () => {
    expect(heights(layout)).toMatchObject({ machines: 7, raft: 5, services: 5 });
    expect(heights(layout).events).toBeGreaterThanOrEqual(4);
  });
});

describe('layout: uses a larger terminal well', () => {
  const layout = computeLayout({ columns: 160, rows: 48 }, swarm);

  it('splits into two columns with the events on the right, full height', () => {
    expect(layout.split).toBe(true);
    expect(layout.columns.map((column) => column.panes.map((pane) => pane.id))).toEqual([
      ['machines', 'services', 'raft'],
      ['events'],
    ]);
    expect(heights(layout).events).toBe(layout.bodyHeight);
    expect(layout.columns.reduce((total, column) => total + column.width, 0) + 1).toBe(160);
  });

  it('gives the Raft pane the spare rows on the left (a longer log)', () => {
    expect(heights(layout).raft).toBeGreaterThan(5);
    expect(columnHeights(layout)).toEqual([layout.bodyHeight, layout.bodyHeight]);
  });

  it('puts a lesson checklist above the events', () => {
    const lesson = computeLayout({ columns: 160, rows: 48 }, { ...swarm, goalCount: 4 });
    expect(lesson.columns[1]?.panes).toEqual([
      { id: 'goals', height: 5 },
      { id: 'events', height: lesson.bodyHeight - 5 },
    ]);
  });
});

describe('layout: what fits when it does not all fit', () => {
  it('gives a lesson checklist rows before the services grid at 80×24', () => {
    const layout = computeLayout({ columns: 80, rows: 24 }, { ...swarm, goalCount: 4 });
    expect(layout.columns[0]?.panes.map((pane) => pane.id)).toEqual([
      'machines',
      'raft',
      'services',
      'goals',
      'events',
    ]);
    expect(heights(layout).goals).toBeGreaterThanOrEqual(2);
    expect(columnHeights(layout)).toEqual([layout.bodyHeight]);
  });

  it('gives the events half the rows when they are in use, the other panes scrolling', () => {
    const layout = computeLayout({ columns: 80, rows: 24 }, { ...swarm, eventsExpanded: true });
    expect(heights(layout).events).toBe(Math.floor(layout.bodyHeight / 2));
    expect(heights(layout).machines).toBeLessThan(7);
    expect(columnHeights(layout)).toEqual([layout.bodyHeight]);
    const split = computeLayout({ columns: 160, rows: 48 }, { ...swarm, eventsExpanded: true });
    expect(heights(split).events).toBe(split.bodyHeight);
  });

  it('hides the services pane in the Raft lab', () => {
    const layout = computeLayout({ columns: 80, rows: 24 }, { ...swarm, serviceCount: null });
    expect(Object.keys(heights(layout))).toEqual(['machines', 'raft', 'events']);
  });

  it('drops panes, then cuts, rather than overflow a tiny terminal', () => {
    for (const rows of [6, 8, 10, 12]) {
      const layout = computeLayout({ columns: 60, rows }, { ...swarm, goalCount: 3 });
      expect(columnHeights(layout)[0]).toBeLessThanOrEqual(layout.bodyHeight);
      expect(layout.height).toBeLessThanOrEqual(Math.max(rows - 1, 6));
    }
  });

  it('fills the body exactly for every size from 40×10 to 200×60', () => {
    for (let columns = 40; columns <= 200; columns += 20) {
      for (let rows = 10; rows <= 60; rows += 5) {
        const layout = computeLayout({ columns, rows }, swarm);
        expect(columnHeights(layout).every((height) => height === layout.bodyHeight)).toBe(true);
        expect(layout.height).toBe(rows - 1);
      }
    }
  });
});
