import type { ServiceView, TaskState, TaskView } from '@swarmsim/swarm-sim';
import { memo } from 'react';
import { fit, visibleWindow } from '../app/format.js';
import {
  type Column,
  headerSegments,
  planColumns,
  rowSegments,
  type Segment,
  tableWidth,
} from '../app/table.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  readonly services: readonly ServiceView[];
  /** The grid's columns, in order (the view's machines). */
  readonly machines: readonly string[];
  readonly width: number;
  readonly height: number;
  /** @default false */
  readonly focused?: boolean;
  /** @default null */
  readonly selected?: string | null;
}

interface TaskGlyph {
  readonly glyph: string;
  readonly color: string;
  readonly meaning: string;
}

const runningGlyph: TaskGlyph = { glyph: '●', color: 'green', meaning: 'running' };
const startingGlyph: TaskGlyph = { glyph: '◐', color: 'yellow', meaning: 'starting' };
const endedGlyph: TaskGlyph = { glyph: '○', color: 'gray', meaning: 'ended' };
const failedGlyph: TaskGlyph = { glyph: '✗', color: 'red', meaning: 'failed' };
const orphanedGlyph: TaskGlyph = { glyph: '?', color: 'magenta', meaning: 'orphaned' };

/** One character per task state, so a cell holds several tasks. The legend is this map. */
export function taskGlyph(state: TaskState): TaskGlyph {
  switch (state) {
    case 'running':
      return runningGlyph;
    case 'complete':
    case 'shutdown':
    case 'remove':
      return endedGlyph;
    case 'failed':
    case 'rejected':
      return failedGlyph;
    case 'orphaned':
      return orphanedGlyph;
    default:
      return startingGlyph;
  }
}

const legendGlyphs = [runningGlyph, startingGlyph, endedGlyph, failedGlyph, orphanedGlyph];

/** A grid column: a machine, or (machine null, header `waiting`) the tasks not yet given one. */
interface GridColumn {
  readonly machine: string | null;
  readonly header: string;
}

/**
 * A grid cell, exactly `width` characters: one glyph per task on the machine, cut with `+N` when
 * they do not fit.
 */
export function cellSegments(tasks: readonly TaskView[], width: number): Segment[] {
  const glyph = (task: TaskView): Segment => ({
    text: taskGlyph(task.state).glyph,
    color: taskGlyph(task.state).color,
  });
  if (tasks.length <= width) return [...tasks.map(glyph), { text: ' '.repeat(width - tasks.length) }];
  // As many glyphs as leave room for `+N`, where N counts the tasks not drawn.
  let shownCount = Math.max(0, width - 2);
  while (shownCount > 0 && shownCount + `+${tasks.length - shownCount}`.length > width) shownCount--;
  const more = `+${tasks.length - shownCount}`;
  return [...tasks.slice(0, shownCount).map(glyph), { text: fit(more, width - shownCount), dim: true }];
}

const serviceColumns: readonly Column<ServiceView>[] = [
  { header: 'SERVICE', priority: 0, cell: (service) => service.name, bold: () => true, widthMax: 20 },
  { header: 'MODE', priority: 2, cell: (service) => service.mode },
  {
    header: 'REPLICAS',
    priority: 1,
    cell: (service) => `${service.runningCount}/${service.desiredCount}`,
    color: (service) => (service.runningCount < service.desiredCount ? 'yellow' : 'green'),
  },
];

/**
 * Shortens a machine name to `width` keeping its first character and its end (`m…er1`,
 * `w…er1`): the end tells `manager1` from `manager2`, the start tells it from `worker1`.
 */
export function abbreviate(name: string, width: number): string {
  if (name.length <= width) return name;
  if (width <= 2) return name.slice(0, Math.max(0, width));
  return `${name[0]}…${name.slice(name.length - width + 2)}`;
}

function gridColumns(services: readonly ServiceView[], machines: readonly string[]): GridColumn[] {
  const columns: GridColumn[] = machines.map((machine) => ({ machine, header: machine }));
  const unassigned = services.some((service) => service.tasks.some((task) => task.machine === null));
  return unassigned ? [...columns, { machine: null, header: 'waiting' }] : columns;
}

function serviceRow(service: ServiceView, grid: readonly GridColumn[], cellWidth: number): Segment[] {
  return grid.flatMap((column) => [
    ...cellSegments(
      service.tasks.filter((task) => task.machine === column.machine),
      cellWidth - 1,
    ),
    { text: ' ' },
  ]);
}

/**
 * A grid of services × machines: one row per service with its replicas, one column per machine,
 * each cell a glyph per task in its state (legend on the last line).
 */
function ServicesPaneView({ services, machines, width, height, focused = false, selected = null }: Props) {
  // Machines first: cells as wide as their names (at most 12), narrower (down to 5) rather than
  // hide a machine, keeping room for SERVICE and REPLICAS; the table gets the rest.
  const grid = gridColumns(services, machines);
  const essential = serviceColumns.filter((column) => column.priority <= 1);
  const tableReserve = tableWidth(planColumns(essential, services, width));
  const naturalCellWidth = Math.min(12, Math.max(4, ...grid.map((column) => column.header.length))) + 1;
  const cellWidth = Math.max(
    5,
    Math.min(naturalCellWidth, Math.floor((width - 4 - tableReserve) / grid.length)),
  );
  const columns = planColumns(
    serviceColumns,
    services,
    Math.max(tableReserve, width - 4 - grid.length * cellWidth),
  );
  const gridWidth = width - 2 - tableWidth(columns) - 2;
  const shown = grid.slice(0, Math.max(0, Math.floor(gridWidth / cellWidth)));
  const hidden = grid.length - shown.length;
  // The legend is the first thing to go when rows are short.
  const rowsHeight = Math.max(0, height - 2);
  const showLegend = rowsHeight > Math.max(1, services.length);
  const selectedIndex = services.findIndex((service) => service.name === selected);
  const rows = visibleWindow(
    services.length,
    rowsHeight - (showLegend ? 1 : 0),
    selectedIndex === -1 ? 0 : selectedIndex,
  );
  const header = shown
    .map((column) => fit(abbreviate(column.header, cellWidth - 1), cellWidth - 1))
    .join(' ');
  const legend = legendGlyphs.map((glyph) => `${glyph.glyph} ${glyph.meaning}`).join('  ');
  return (
    <Pane
      title="Services"
      width={width}
      height={height}
      focused={focused}
      detail={hidden > 0 ? `${hidden} more machine${hidden === 1 ? '' : 's'}: widen` : ''}
    >
      <Line
        segments={[{ text: '  ' }, ...headerSegments(columns), { text: `  ${header}`, bold: true }]}
        width={width}
      />
      {services.length === 0 ? (
        <Line segments={[{ text: '  no services yet', dim: true }]} width={width} />
      ) : null}
      {services.slice(rows.start, rows.end).map((service) => (
        <Line
          key={service.name}
          segments={[
            { text: service.name === selected ? '› ' : '  ', color: 'cyan', bold: true },
            ...rowSegments(columns, service),
            { text: '  ' },
            ...serviceRow(service, shown, cellWidth),
          ]}
          width={width}
          inverse={focused && service.name === selected}
        />
      ))}
      {showLegend ? <Line segments={[{ text: `  ${legend}`, dim: true }]} width={width} /> : null}
    </Pane>
  );
}

/** Re-renders only when its props change (a key that changes the shell alone leaves it be). */
export const ServicesPane = memo(ServicesPaneView);
