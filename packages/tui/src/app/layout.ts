/**
 * Where each pane goes for a terminal of a given size, as a pure function. One column of panes
 * up to 119 columns or 29 rows (80×24 is the baseline); two columns from 120×30 up, with the
 * events taking the whole right-hand side. Every pane's height counts its title line.
 *
 * The last terminal row is never used: ink 6 follows its output with a newline, and output as
 * tall as the terminal makes ink clear the whole screen on every frame (flicker).
 */

export type PaneId = 'machines' | 'raft' | 'services' | 'goals' | 'events';

export interface PanePlacement {
  readonly id: PaneId;
  /** Rows including the pane's title line. */
  readonly height: number;
}

export interface LayoutColumn {
  readonly width: number;
  readonly panes: readonly PanePlacement[];
}

export interface SandboxLayout {
  /** Columns used: the terminal's width. */
  readonly width: number;
  /** Rows used: status bar + body + footer. Invariant: height <= terminal rows - 1. */
  readonly height: number;
  /** Rows between the status bar and the footer. */
  readonly bodyHeight: number;
  readonly split: boolean;
  readonly columns: readonly LayoutColumn[];
}

/** How much there is to show: the layout gives each pane what it asks for when it can. */
export interface LayoutContent {
  readonly machineCount: number;
  readonly raftMemberCount: number;
  /** null hides the services pane (the Raft lab has no services). */
  readonly serviceCount: number | null;
  /** Lines of the lesson's checklist; null hides the goals pane (no lesson loaded). */
  readonly goalCount: number | null;
  /**
   * The events slot is in use (the events pane has focus, or it shows the shell's transcript):
   * in one column it then gets at least half the rows, and the other panes scroll.
   */
  readonly eventsExpanded: boolean;
}

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Two columns from this size up. */
export const splitColumnsMin = 120;
export const splitRowsMin = 30;
const eventsHeightMin = 4;
/** Status bar and footer. */
const chromeHeight = 2;
/** Who gets spare rows first: a lesson's goals matter more than the services grid. */
const grantOrder: readonly PaneId[] = ['machines', 'raft', 'goals', 'services'];

interface PaneDemand {
  readonly id: PaneId;
  readonly min: number;
  readonly want: number;
}

export function computeLayout(size: TerminalSize, content: LayoutContent): SandboxLayout {
  const width = Math.max(20, Math.floor(size.columns));
  const usableRows = Math.max(chromeHeight + eventsHeightMin, Math.floor(size.rows) - 1);
  const bodyHeight = usableRows - chromeHeight;
  const split = width >= splitColumnsMin && size.rows >= splitRowsMin;
  const machines: PaneDemand = { id: 'machines', min: 3, want: 2 + Math.max(1, content.machineCount) };
  const raft: PaneDemand = { id: 'raft', min: 3, want: 2 + Math.max(1, content.raftMemberCount) };
  const services: PaneDemand | null =
    content.serviceCount === null
      ? null
      : { id: 'services', min: 3, want: 3 + Math.max(1, content.serviceCount) };
  const goals: PaneDemand | null =
    content.goalCount === null ? null : { id: 'goals', min: 2, want: 1 + content.goalCount };
  const eventsMin = content.eventsExpanded
    ? Math.max(eventsHeightMin, Math.floor(bodyHeight / 2))
    : eventsHeightMin;
  const events: PaneDemand = { id: 'events', min: eventsMin, want: bodyHeight };

  if (!split) {
    const demands = [machines, raft, services, goals, events].filter((demand) => demand !== null);
    return {
      width,
      height: bodyHeight + chromeHeight,
      bodyHeight,
      split,
      columns: [{ width, panes: stackPanes(bodyHeight, demands, ['services', 'raft', 'goals'], grantOrder) }],
    };
  }
  const leftWidth = Math.floor((width - 1) * 0.55);
  // The Raft pane goes last on the left so it takes the spare rows: a longer log.
  const left = [machines, services, raft].filter((demand) => demand !== null);
  const right = [goals, events].filter((demand) => demand !== null);
  return {
    width,
    height: bodyHeight + chromeHeight,
    bodyHeight,
    split,
    columns: [
      { width: leftWidth, panes: stackPanes(bodyHeight, left, ['services', 'raft'], grantOrder) },
      { width: width - 1 - leftWidth, panes: stackPanes(bodyHeight, right, ['goals'], grantOrder) },
    ],
  };
}

/**
 * Heights for panes stacked in `height` rows. Every pane first gets its minimum (dropping panes in
 * `dropOrder` while even the minimums do not fit); spare rows go to the panes in `grantOrder`,
 * each up to what it wants; the last pane takes whatever is left, so the column is exactly full.
 * Invariant: the heights sum to at most `height`.
 */
function stackPanes(
  height: number,
  demands: readonly PaneDemand[],
  dropOrder: readonly PaneId[],
  grantOrder: readonly PaneId[],
): PanePlacement[] {
  let kept = [...demands];
  for (const id of dropOrder) {
    if (sum(kept.map((demand) => demand.min)) <= height) break;
    if (kept.length > 1) kept = kept.filter((demand) => demand.id !== id);
  }
  const heights = kept.map((demand) => demand.min);
  let spare = height - sum(heights);
  for (const id of grantOrder) {
    const index = kept.findIndex((demand) => demand.id === id);
    if (index === -1 || index === kept.length - 1) continue;
    const demand = kept[index] as PaneDemand;
    const grant = Math.min(spare, Math.max(0, demand.want - demand.min));
    heights[index] = (heights[index] as number) + grant;
    spare -= grant;
  }
  heights[heights.length - 1] = (heights.at(-1) as number) + Math.max(0, spare);
  // In a terminal too small for even the minimums, cut from the bottom so nothing overflows.
  let used = 0;
  return kept
    .map((demand, index) => {
      const granted = Math.min(heights[index] as number, Math.max(0, height - used));
      used += granted;
      return { id: demand.id, height: granted };
    })
    .filter((placement) => placement.height > 0);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
