import type { TranscriptLine } from '../app/shell-state.js';
import { Line } from './Line.js';
import { Pane } from './Pane.js';

export interface Props {
  /** Commands and their output, oldest first. */
  readonly lines: readonly TranscriptLine[];
  readonly host: string;
  readonly width: number;
  readonly height: number;
}

const toneColors = { input: 'green', stdout: undefined, stderr: 'red' } as const;

/**
 * The shell's session: each command as typed (or as a key ran it) and what it printed, the newest
 * at the bottom. Takes the events pane's place while the prompt is open.
 */
export function Transcript({ lines, host, width, height }: Props) {
  const shown = lines.slice(-Math.max(0, height - 1));
  return (
    <Pane title={`Shell on ${host}`} width={width} height={height} focused detail="esc closes">
      {shown.length === 0 ? (
        <Line
          segments={[
            { text: '  type a command: docker node ls, kill manager1, heal… (tab completes)', dim: true },
          ]}
          width={width}
        />
      ) : null}
      {shown.map((line, index) => (
        <Line
          // biome-ignore lint/suspicious/noArrayIndexKey: the transcript only grows at the end
          key={lines.length - shown.length + index}
          segments={[{ text: ` ${line.text}`, color: toneColors[line.tone], bold: line.tone === 'input' }]}
          width={width}
        />
      ))}
    </Pane>
  );
}
