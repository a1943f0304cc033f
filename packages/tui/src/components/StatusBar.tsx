import type { StatusView } from '@swarmsim/swarm-sim';
import { memo } from 'react';
import { formatSpeed, formatVirtualTime } from '../app/format.js';
import type { Segment } from '../app/table.js';
import { Line } from './Line.js';

export interface Props {
  readonly status: StatusView;
  readonly width: number;
}

/**
 * The status line's segments: time, run state and speed, seed, leader, quorum, then the lesson's
 * title (or the mode). Earlier segments matter more; the line is cut at the right edge.
 */
export function statusSegments(status: StatusView): Segment[] {
  const quorum = status.quorum;
  const quorumText =
    quorum.total === 0 ? 'quorum —' : `quorum ${quorum.up}/${quorum.total} ${quorum.ok ? 'ok' : 'LOST'}`;

  return [
    { text: ` ${formatVirtualTime(status.atMs)}`, bold: true },
    status.paused
      ? { text: '  ‖ paused', color: 'yellow', bold: true }
      : { text: '  ▶ running', color: 'green', bold: true },
    { text: ` ${formatSpeed(status.speed)}` },
    { text: `  seed ${status.seed}`, dim: true },
    status.leader === null
      ? { text: '  leader none', color: 'yellow', bold: true }
      : { text: `  leader ${status.leader}` },
    {
      text: `  ${quorumText}`,
      color: quorum.total === 0 ? undefined : quorum.ok ? 'green' : 'red',
      bold: !quorum.ok,
    },
    // A lesson's title says more than the mode, which the panes show anyway.
    status.scenarioTitle === undefined
      ? { text: `  ${status.mode}`, dim: true }
      : { text: `  ${status.scenarioTitle}`, bold: true },
  ];
}

/** One line at the top: virtual time, paused or running, speed, seed, leader and quorum. */
function StatusBarView({ status, width }: Props) {
  return <Line segments={statusSegments(status)} width={width} />;
}

/** Re-renders only when its props change (a key that changes the shell alone leaves it be). */
export const StatusBar = memo(StatusBarView);
