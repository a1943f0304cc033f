import type { GoalView } from '@swarmsim/swarm-sim';
import type { Segment } from '../app/table.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  readonly goals: readonly GoalView[];
  readonly width: number;
  readonly height: number;
}

/** The checklist's lines: `[x]` met, `[ ]` not yet; the first unmet goal's hint under it. */
export function goalLines(goals: readonly GoalView[]): Segment[][] {
  const firstUnmet = goals.findIndex((goal) => !goal.met);
  return goals.flatMap((goal, index) => {
    const line: Segment[] = [
      goal.met ? { text: '  [x] ', color: 'green', bold: true } : { text: '  [ ] ', bold: true },
      { text: goal.text, dim: goal.met },
    ];
    if (index !== firstUnmet || goal.hint === undefined) return [line];
    return [line, [{ text: `      hint: ${goal.hint}`, color: 'yellow' }]];
  });
}

/**
 * A lesson's checklist, shown when the view has `goals`. When it does not fit, it scrolls to the
 * first goal not yet met, so the student always sees what to do next.
 */
export function GoalsPanel({ goals, width, height }: Props) {
  const met = goals.filter((goal) => goal.met).length;
  const all = goalLines(goals);
  const rows = Math.max(0, height - 1);
  const firstUnmet = goals.findIndex((goal) => !goal.met);
  // Each goal is one line, so the first unmet goal's line number is its index.
  const start =
    firstUnmet === -1 ? Math.max(0, all.length - rows) : Math.min(firstUnmet, Math.max(0, all.length - rows));
  const lines = all.slice(start, start + rows);
  return (
    <Pane title="Goals" width={width} height={height} detail={`${met}/${goals.length} met`}>
      {lines.map((segments, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positional lines of a fixed checklist
        <Line key={index} segments={segments} width={width} />
      ))}
    </Pane>
  );
}
