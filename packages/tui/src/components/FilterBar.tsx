import { Text, useInput } from 'ink';
import { lineAtEnd } from '../app/line-editor.js';
import { useLineEditor } from '../hooks/use-line-editor.js';
import { visibleLine } from './Prompt.js';

export interface Props {
  /** The filter when the bar opens; editing starts at its end. */
  readonly initial: string;
  readonly width: number;
  /** After every edit, so the events pane filters as the student types. */
  readonly onChange: (text: string) => void;
  /** Enter keeps the filter, Esc clears it. */
  readonly onClose: (keep: boolean) => void;
  /** @default true */
  readonly isActive?: boolean;
}

/** The `/` line: filters the events by `kind=…`, `machine=…` and words, live. */
export function FilterBar({ initial, width, onChange, onClose, isActive = true }: Props) {
  const editor = useLineEditor(lineAtEnd(initial));
  useInput(
    (input, key) => {
      if (key.escape) return onClose(false);
      if (key.return) return onClose(true);
      if (editor.edit(input, key)) onChange(editor.current().text);
    },
    { isActive },
  );
  const hint = editor.line.text === '' ? '  kind=raft,fault  machine=manager1  words…' : '';
  const shown = visibleLine(editor.line, Math.max(1, width - 2 - hint.length));
  return (
    <Text wrap="truncate-end">
      <Text bold color="cyan">
        /
      </Text>
      {shown.before}
      <Text inverse>{shown.under}</Text>
      {shown.after}
      <Text dimColor>{hint}</Text>
    </Text>
  );
}
