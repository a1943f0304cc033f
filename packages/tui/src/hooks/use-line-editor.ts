import type { Key } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  editLine,
  emptyLine,
  freshHistoryPosition,
  type HistoryPosition,
  type LineState,
  lineEditFromKey,
  stepHistory,
} from '../app/line-editor.js';

export interface LineEditor {
  /** The line as last rendered. */
  readonly line: LineState;
  /** The line now, including keys that arrived since the last render. */
  current(): LineState;
  /** Applies an editing key (characters, ←/→, backspace, ctrl-a/e/u/w); false if the key is not one. */
  edit(input: string, key: Key): boolean;
  /** Replaces the line (after a completion, say); leaves history browsing. */
  set(line: LineState): void;
  /** Shows an older or newer line of `history` (oldest first), keeping the draft. */
  browse(history: readonly string[], direction: 'older' | 'newer'): void;
  /** An empty line, out of history browsing. */
  reset(): void;
}

/**
 * A line being edited. State lives in a ref as well as in React state: ink can deliver several
 * keys before React re-renders, and each key must see the line the previous key left.
 */
export function useLineEditor(initial: LineState = emptyLine): LineEditor {
  const lineRef = useRef(initial);
  const positionRef = useRef<HistoryPosition>(freshHistoryPosition);
  const [line, setLine] = useState(initial);
  const update = useCallback((next: LineState) => {
    lineRef.current = next;
    setLine(next);
  }, []);
  const edit = useCallback(
    (input: string, key: Key) => {
      const change = lineEditFromKey(input, key);
      if (change === null) return false;
      update(editLine(lineRef.current, change));
      return true;
    },
    [update],
  );
  const set = useCallback(
    (next: LineState) => {
      positionRef.current = freshHistoryPosition;
      update(next);
    },
    [update],
  );
  const browse = useCallback(
    (history: readonly string[], direction: 'older' | 'newer') => {
      const step = stepHistory(history, positionRef.current, lineRef.current, direction);
      positionRef.current = step.position;
      update(step.line);
    },
    [update],
  );
  const reset = useCallback(() => set(emptyLine), [set]);
  const current = useCallback(() => lineRef.current, []);
  return useMemo(
    () => ({ line, current, edit, set, browse, reset }),
    [line, current, edit, set, browse, reset],
  );
}
