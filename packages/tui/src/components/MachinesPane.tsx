import type { MachineView } from '@swarmsim/swarm-sim';
import { memo } from 'react';
import { termColor, visibleWindow } from '../app/format.js';
import { type Column, headerSegments, planColumns, rowSegments } from '../app/table.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  readonly machines: readonly MachineView[];
  /** Columns, title included. */
  readonly width: number;
  /** Rows, title included. */
  readonly height: number;
  /** @default false */
  readonly focused?: boolean;
  /** @default null */
  readonly selected?: string | null;
  /** Machines marked for a partition. @default [] */
  readonly marked?: readonly string[];
  /**
   * The view's mode. A bare Raft cluster (`lab`) has no swarm, so the columns only a swarm
   * fills (STATUS, AVAILABILITY, MANAGER STATUS, TASKS) are left out; STATE and ROLE remain.
   * @default 'swarm'
   */
  readonly mode?: 'swarm' | 'lab';
}

/** `leader t4`, `worker`, `manager` (a manager whose Raft member is unknown), or empty. */
export function roleText(machine: MachineView): string {
  if (machine.raftRole !== null) return `${machine.raftRole} t${machine.raftTerm ?? '?'}`;
  return machine.swarmRole ?? '';
}

/** `cut` when disconnected, the partition side (`A`, `B`), or `—` on a whole network. */
export function networkText(machine: MachineView): string {
  if (machine.disconnected) return 'cut';
  return machine.partitionSide ?? '—';
}

const powerColors = { up: 'green', crashed: 'red', paused: 'yellow' } as const;
const statusColors = { Ready: 'green', Down: 'red', Unknown: 'yellow', Disconnected: 'yellow' } as const;

/**
 * The machines table: `docker node ls`'s columns plus the sandbox's own (power, network side,
 * Raft role and term, running tasks). Lower priority numbers survive a narrow terminal.
 */
export const machineColumns: readonly Column<MachineView>[] = [
  { header: 'MACHINE', priority: 0, cell: (machine) => machine.name, bold: () => true },
  { header: 'IP', priority: 8, cell: (machine) => machine.ip },
  {
    header: 'STATE',
    priority: 1,
    cell: (machine) => machine.power,
    color: (machine) => powerColors[machine.power],
  },
  {
    header: 'NET',
    priority: 5,
    cell: networkText,
    color: (machine) =>
      machine.disconnected ? 'red' : machine.partitionSide === null ? undefined : 'magenta',
  },
  {
    header: 'ROLE',
    priority: 2,
    cell: roleText,
    color: (machine) => (machine.raftTerm === null ? undefined : termColor(machine.raftTerm)),
    bold: (machine) => machine.raftRole === 'leader',
  },
  {
    header: 'STATUS',
    priority: 4,
    cell: (machine) => machine.nodeStatus ?? '',
    color: (machine) => (machine.nodeStatus === null ? undefined : statusColors[machine.nodeStatus]),
  },
  { header: 'AVAILABILITY', priority: 6, cell: (machine) => machine.availability ?? '' },
  {
    header: 'MANAGER STATUS',
    priority: 3,
    cell: (machine) => machine.managerStatus ?? '',
    color: (machine) => (machine.managerStatus === 'Unreachable' ? 'red' : undefined),
    bold: (machine) => machine.managerStatus === 'Leader',
  },
  { header: 'TASKS', priority: 7, cell: (machine) => String(machine.runningTaskCount), align: 'right' },
];

const swarmOnlyHeaders: ReadonlySet<string> = new Set(['STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'TASKS']);

/** The lab's machines table: power, network, Raft role and term; nothing a swarm would fill. */
export const labMachineColumns: readonly Column<MachineView>[] = machineColumns.filter(
  (column) => !swarmOnlyHeaders.has(column.header),
);

/** Two characters before each row: `›` for the selected machine, `*` for a marked one. */
function markerText(name: string, selected: string | null, marked: readonly string[]): string {
  return `${name === selected ? '›' : ' '}${marked.includes(name) ? '*' : ' '}`;
}

/** One row per machine, like `docker node ls`, with what only the sandbox knows beside it. */
function MachinesPaneView({
  machines,
  width,
  height,
  focused = false,
  selected = null,
  marked = [],
  mode = 'swarm',
}: Props) {
  const columns = planColumns(mode === 'lab' ? labMachineColumns : machineColumns, machines, width - 2);
  const rowsHeight = Math.max(0, height - 2);
  const selectedIndex = machines.findIndex((machine) => machine.name === selected);
  const window = visibleWindow(machines.length, rowsHeight, selectedIndex === -1 ? 0 : selectedIndex);
  const shown = machines.slice(window.start, window.end);
  const detail =
    shown.length < machines.length ? `${window.start + 1}-${window.end} of ${machines.length}` : '';
  return (
    <Pane title="Machines" width={width} height={height} focused={focused} detail={detail}>
      <Line segments={[{ text: '  ' }, ...headerSegments(columns)]} width={width} />
      {machines.length === 0 ? (
        <Line segments={[{ text: '  no machines yet', dim: true }]} width={width} />
      ) : null}
      {shown.map((machine) => (
        <Line
          key={machine.name}
          segments={[
            { text: markerText(machine.name, selected, marked), color: 'cyan', bold: true },
            ...rowSegments(columns, machine),
          ]}
          width={width}
          inverse={focused && machine.name === selected}
        />
      ))}
    </Pane>
  );
}

/** Re-renders only when its props change (a key that changes the shell alone leaves it be). */
export const MachinesPane = memo(MachinesPaneView);
