import type { EventView } from '@swarmsim/swarm-sim';
import { memo } from 'react';
import { causeChain, filterEvents, isFilterEmpty, parseEventFilter } from '../app/events.js';
import { formatVirtualTime, visibleWindow } from '../app/format.js';
import { type Column, planColumns, rowSegments } from '../app/table.js';
import { CauseChain, causeLines } from './CauseChain.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  /** The view's events, oldest first. */
  readonly events: readonly EventView[];
  readonly width: number;
  readonly height: number;
  /** @default false */
  readonly focused?: boolean;
  /** The `/` filter as typed: `kind=raft machine=manager1 words`. @default '' */
  readonly filter?: string;
  /** The selected event, whose causes are shown; null follows the newest event. @default null */
  readonly selectedId?: number | null;
}

const eventColumns: readonly Column<EventView>[] = [
  { header: 'TIME', priority: 0, cell: (event) => formatVirtualTime(event.atMs), align: 'right' },
  { header: 'KIND', priority: 2, cell: (event) => event.kind, color: () => 'gray' },
  {
    header: 'MACHINE',
    priority: 1,
    cell: (event) => event.machine ?? '',
    color: () => 'cyan',
    widthMax: 12,
  },
];

/**
 * The trace in plain words, newest at the bottom, filtered by `/`. With an event selected, the
 * bottom of the pane says why it happened by walking its causes.
 */
function EventsPaneView({ events, width, height, focused = false, filter = '', selectedId = null }: Props) {
  const parsed = parseEventFilter(filter).filter;
  const shown = filterEvents(events, parsed);
  const rowsHeight = Math.max(0, height - 1);
  const chain = selectedId === null ? null : causeChain(events, selectedId);
  const chainHeight = chain === null ? 0 : Math.min(causeLines(chain).length, Math.floor(rowsHeight / 2));
  const listHeight = rowsHeight - chainHeight;
  const selectedIndex = shown.findIndex((event) => event.id === selectedId);
  const window = visibleWindow(shown.length, listHeight, selectedIndex === -1 ? null : selectedIndex);
  const visible = shown.slice(window.start, window.end);
  const columns = planColumns(eventColumns, visible, Math.floor((width - 2) / 2));
  const filterText = isFilterEmpty(parsed) ? '' : `/${filter.trim()} · ${shown.length} of ${events.length}`;
  return (
    <Pane title="Events" width={width} height={height} focused={focused} detail={filterText}>
      {shown.length === 0 ? (
        <Line
          segments={[
            {
              text: events.length === 0 ? '  nothing has happened yet' : '  no event matches the filter',
              dim: true,
            },
          ]}
          width={width}
        />
      ) : null}
      {visible.map((event) => (
        <Line
          key={event.id}
          segments={[
            { text: event.id === selectedId ? '› ' : '  ', color: 'cyan', bold: true },
            ...rowSegments(columns, event),
            { text: `  ${event.text}`, color: event.kind === 'fault' ? 'red' : undefined },
          ]}
          width={width}
          inverse={focused && event.id === selectedId}
        />
      ))}
      {chain === null ? null : <CauseChain chain={chain} width={width} height={chainHeight} />}
    </Pane>
  );
}

/** Re-renders only when its props change (a key that changes the shell alone leaves it be). */
export const EventsPane = memo(EventsPaneView);
