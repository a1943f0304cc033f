import { Text, useInput } from 'ink';
import { useState } from 'react';
import { type CompletionCandidates, complete } from '../app/complete.js';
import { editLine, type LineState } from '../app/line-editor.js';
import { useLineEditor } from '../hooks/use-line-editor.js';

export interface Props {
  /** The machine the shell is on: the prompt reads `manager1$ `. */
  readonly host: string;
  readonly width: number;
  /** Lines typed before, oldest first: ↑ and ↓ walk them. */
  readonly history: readonly string[];
  /** What Tab can complete, asked for at each Tab (machines and services change). */
  readonly completionCandidates: () => CompletionCandidates;
  /** Enter: the line as typed. The prompt clears itself. */
  readonly onSubmit: (line: string) => void;
  /** Esc. */
  readonly onCancel: () => void;
  /**
   * Only an active prompt reads keys.
   * @default true
   */
  readonly isActive?: boolean;
}

/** At most this many lines of one paste are run. */
const pastedLinesMax = 50;

/**
 * The part of `line` to draw in `room` characters, keeping the cursor in view: the text before
 * the cursor, the character under it (a space at the end), and the text after it.
 */
export function visibleLine(
  line: LineState,
  room: number,
): { readonly before: string; readonly under: string; readonly after: string } {
  const start = Math.max(0, line.cursor - Math.max(1, room) + 1);
  const text = line.text.slice(start, start + Math.max(1, room));
  const cursor = line.cursor - start;
  return { before: text.slice(0, cursor), under: text[cursor] ?? ' ', after: text.slice(cursor + 1) };
}

/**
 * A shell line on the current machine: editing keys, ↑/↓ history, Tab completion of commands,
 * flags, machine and service names (several matches are listed after the line), Enter runs.
 */
export function Prompt({
  host,
  width,
  history,
  completionCandidates,
  onSubmit,
  onCancel,
  isActive = true,
}: Props) {
  const editor = useLineEditor();
  const [matches, setMatches] = useState<readonly string[]>([]);
  const submit = () => {
    const text = editor.current().text;
    editor.reset();
    setMatches([]);
    onSubmit(text);
  };
  useInput(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.return) return submit();
      // A paste arrives as one input; each line break in it runs the line so far, as in a shell.
      if (input.length > 1 && /[\r\n]/.test(input)) {
        const [last = '', ...before] = input.split(/\r\n|\r|\n/).reverse();
        for (const line of before.reverse().slice(0, pastedLinesMax)) {
          editor.set(editLine(editor.current(), { type: 'insert', text: line }));
          submit();
        }
        return editor.set(editLine(editor.current(), { type: 'insert', text: last }));
      }
      if (key.tab) {
        const line = editor.current();
        const completion = complete(line.text, line.cursor, completionCandidates());
        editor.set({ text: completion.line, cursor: completion.cursor });
        return setMatches(completion.matches.length > 1 ? completion.matches : []);
      }
      if (key.upArrow || key.downArrow) return editor.browse(history, key.upArrow ? 'older' : 'newer');
      if (editor.edit(input, key)) setMatches([]);
    },
    { isActive },
  );
  const promptText = `${host}$ `;
  const matchesText = matches.length > 0 ? `   ${matches.join('  ')}` : '';
  const room = Math.max(1, width - promptText.length - 1);
  const shown = visibleLine(editor.line, room);
  return (
    <Text wrap="truncate-end">
      <Text bold color="green">
        {promptText}
      </Text>
      {shown.before}
      <Text inverse>{shown.under}</Text>
      {shown.after}
      <Text dimColor>{matchesText}</Text>
    </Text>
  );
}
