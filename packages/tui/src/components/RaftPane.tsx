import type { RaftLogEntryView, RaftMemberView } from '@swarmsim/swarm-sim';
import { memo } from 'react';
import { fit, termColor, visibleWindow } from '../app/format.js';
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
  readonly members: readonly RaftMemberView[];
  /** The cluster's leader (the view's `status.leader`): its progress fills the MATCH column. */
  readonly leader: string | null;
  readonly width: number;
  readonly height: number;
  /** @default false */
  readonly focused?: boolean;
  /** The member whose log is listed with labels when there is room. @default the leader */
  readonly selected?: string | null;
}

/** The leader's view of a member: `matchIndex` and `nextIndex` (Raft §5.3), or null. */
function progressOf(members: readonly RaftMemberView[], leader: string | null, name: string) {
  const leaderMember = members.find((member) => member.name === leader);
  return leaderMember?.progress.find((progress) => progress.name === name) ?? null;
}

function raftColumns(members: readonly RaftMemberView[], leader: string | null): Column<RaftMemberView>[] {
  const isLeader = (member: RaftMemberView) => member.name === leader;
  return [
    { header: 'MEMBER', priority: 0, cell: (member) => member.name, bold: () => true },
    {
      header: 'ROLE',
      priority: 1,
      cell: (member) => (member.up ? member.role : `${member.role} (down)`),
      color: (member) => (member.up ? termColor(member.term) : 'red'),
      bold: (member) => member.role === 'leader',
    },
    { header: 'TERM', priority: 2, cell: (member) => String(member.term), align: 'right' },
    { header: 'VOTE', priority: 4, cell: (member) => member.votedFor ?? '—' },
    { header: 'COMMIT', priority: 3, cell: (member) => String(member.commitIndex), align: 'right' },
    { header: 'LAST', priority: 6, cell: (member) => String(member.lastIndex), align: 'right' },
    {
      header: 'MATCH',
      priority: 5,
      cell: (member) =>
        isLeader(member) ? '—' : String(progressOf(members, leader, member.name)?.matchIndex ?? ''),
      align: 'right',
    },
    {
      header: 'NEXT',
      priority: 7,
      cell: (member) =>
        isLeader(member) ? '—' : String(progressOf(members, leader, member.name)?.nextIndex ?? ''),
      align: 'right',
    },
  ];
}

/** The log indexes shown in the strips: the newest `cellsMax`, aligned across members. */
export function logWindow(
  members: readonly RaftMemberView[],
  cellsMax: number,
): { readonly startIndex: number; readonly endIndex: number } {
  const endIndex = Math.max(0, ...members.map((member) => member.lastIndex));
  return { startIndex: Math.max(1, endIndex - Math.max(1, cellsMax) + 1), endIndex };
}

/** Width of one strip cell: the widest term shown, plus its separator. */
export function logCellWidth(members: readonly RaftMemberView[]): number {
  const terms = members.flatMap((member) => member.logTail.map((entry) => entry.term));
  return Math.max(1, ...terms.map((term) => String(term).length)) + 1;
}

/**
 * A member's log as a strip of terms, one cell per index, aligned with the other members so a
 * missing or conflicting entry stands out (RaftScope's log grid). `│` follows the last committed
 * entry; uncommitted entries are dim; `·` is an entry the view omitted; blank means no entry.
 */
export function logStrip(
  member: RaftMemberView,
  window: { readonly startIndex: number; readonly endIndex: number },
  cellWidth: number,
): Segment[] {
  const byIndex = new Map(member.logTail.map((entry) => [entry.index, entry]));
  const { startIndex, endIndex } = window;
  const commitBeforeWindow = member.commitIndex === startIndex - 1 && member.lastIndex >= startIndex;
  const segments: Segment[] = [{ text: commitBeforeWindow ? '│' : startIndex > 1 ? '…' : ' ' }];
  for (let index = startIndex; index <= endIndex; index++) {
    const entry = byIndex.get(index);
    const separator = index === member.commitIndex ? '│' : ' ';
    const cell = (text: string) => text.padStart(cellWidth - 1);
    if (entry !== undefined) {
      segments.push({ text: cell(String(entry.term)), color: termColor(entry.term), dim: !entry.committed });
    } else {
      segments.push({ text: cell(index <= member.lastIndex ? '·' : ''), dim: true });
    }
    segments.push({ text: separator, bold: separator === '│' });
  }
  return segments;
}

function entryLine(entry: RaftLogEntryView, indexWidth: number): Segment[] {
  return [
    { text: `  #${String(entry.index).padEnd(indexWidth)}  ` },
    { text: fit(`t${entry.term}`, 5), color: termColor(entry.term) },
    { text: fit(entry.kind, 8), dim: true },
    { text: entry.label, dim: !entry.committed },
    { text: entry.committed ? '' : '  (not committed)', color: 'yellow' },
  ];
}

/**
 * Per manager: term, role, vote, commit index, the leader's view of its match index, and the tail
 * of its log aligned by index. With rows to spare, the selected member's (else the leader's) log
 * entries are listed with their labels.
 */
function RaftPaneView({ members, leader, width, height, focused = false, selected = null }: Props) {
  // The log strip is the point of the pane: keep at least a third of the width for it.
  const logWidthMin = Math.max(12, Math.floor(width / 3));
  const columns = planColumns(raftColumns(members, leader), members, width - 2 - logWidthMin - 2);
  const logWidth = width - 2 - tableWidth(columns) - 2;
  const cellWidth = logCellWidth(members);
  const window = logWindow(members, Math.floor((logWidth - 1) / cellWidth));
  const rowsHeight = Math.max(0, height - 2);
  // Short of rows, keep the selected member in view, else the leader.
  const anchor = members.findIndex((member) => member.name === (selected ?? leader));
  const rows = visibleWindow(members.length, rowsHeight, Math.max(0, anchor));
  const spare = rowsHeight - (rows.end - rows.start) - 1;
  const listed =
    members.find((member) => member.name === selected) ?? members.find((member) => member.name === leader);
  const entries = listed === undefined || spare < 1 ? [] : listed.logTail.slice(-spare);
  const indexWidth = Math.max(1, ...entries.map((entry) => String(entry.index).length));
  const logHeader = window.endIndex === 0 ? 'LOG' : `LOG from #${window.startIndex}`;
  return (
    <Pane
      title="Raft"
      width={width}
      height={height}
      focused={focused}
      detail={leader === null ? 'no leader' : ''}
    >
      {members.length === 0 ? (
        <Line segments={[{ text: '  no Raft members yet', dim: true }]} width={width} />
      ) : null}
      {members.length === 0 ? null : (
        <Line
          segments={[{ text: '  ' }, ...headerSegments(columns), { text: `  ${logHeader}`, bold: true }]}
          width={width}
        />
      )}
      {members.slice(rows.start, rows.end).map((member) => (
        <Line
          key={member.name}
          segments={[
            { text: member.name === selected ? '› ' : '  ', color: 'cyan', bold: true },
            ...rowSegments(columns, member),
            { text: '  ' },
            ...logStrip(member, window, cellWidth),
          ]}
          width={width}
          inverse={focused && member.name === selected}
        />
      ))}
      {entries.length === 0 || listed === undefined ? null : (
        <Line segments={[{ text: `  ${listed.name}'s log, newest last:`, dim: true }]} width={width} />
      )}
      {entries.map((entry) => (
        <Line key={entry.index} segments={entryLine(entry, indexWidth)} width={width} />
      ))}
    </Pane>
  );
}

/** Re-renders only when its props change (a key that changes the shell alone leaves it be). */
export const RaftPane = memo(RaftPaneView);
