import type { EventView } from '@swarmsim/swarm-sim';
import type { CauseChain as Chain } from '../app/events.js';
import { formatVirtualTime } from '../app/format.js';
import type { Segment } from '../app/table.js';
import { Line } from './Line.js';

export interface Props {
  /** The walk from the selected event back through its causes (`causeChain`). */
  readonly chain: Chain;
  readonly width: number;
  /** At most this many lines; the oldest causes are cut first. */
  readonly height: number;
}

function eventText(event: EventView): string {
  return `#${event.id} ${formatVirtualTime(event.atMs)} ${event.machine === null ? '' : `${event.machine}: `}${event.text}`;
}

/** The lines that explain why an event happened, newest first, as plain segments. */
export function causeLines(chain: Chain): Segment[][] {
  const [selected, ...causes] = chain.events;
  if (selected === undefined) return [];
  const lines: Segment[][] = [[{ text: '  why ', bold: true, color: 'cyan' }, { text: eventText(selected) }]];
  causes.forEach((cause, depth) => {
    lines.push([{ text: `  ${'  '.repeat(depth)}← because `, color: 'cyan' }, { text: eventText(cause) }]);
  });
  const depth = causes.length;
  if (chain.missingCauseId !== null) {
    lines.push([
      { text: `  ${'  '.repeat(depth)}← because `, color: 'cyan' },
      { text: `#${chain.missingCauseId}, older than the events kept`, dim: true },
    ]);
  } else if (causes.length === 0) {
    lines.push([{ text: '    a root cause: a command, a fault or a timer', dim: true }]);
  }
  return lines;
}

/** Why the selected event happened: the event, then each cause it points back to. */
export function CauseChain({ chain, width, height }: Props) {
  const lines = causeLines(chain).slice(0, Math.max(0, height));
  return (
    <>
      {lines.map((segments, index) => (
        // Lines are positional: the chain is rebuilt whole when the selection changes.
        // biome-ignore lint/suspicious/noArrayIndexKey: positional lines
        <Line key={index} segments={segments} width={width} />
      ))}
    </>
  );
}
