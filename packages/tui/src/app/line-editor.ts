/**
 * Editing one line of text with a cursor, and walking a command history, as pure functions.
 * The prompt and the filter bar hold a `LineState` and feed it the edits their keys map to.
 */

import type { Key } from 'ink';

export interface LineState {
  readonly text: string;
  /** Invariant: 0 <= cursor <= text.length. */
  readonly cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

/** A line with the cursor at its end. */
export function lineAtEnd(text: string): LineState {
  return { text, cursor: text.length };
}

export type LineEdit =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'deleteBefore' }
  | { readonly type: 'deleteWordBefore' }
  | { readonly type: 'deleteToStart' }
  | { readonly type: 'left' }
  | { readonly type: 'right' }
  | { readonly type: 'home' }
  | { readonly type: 'end' };

export function editLine(state: LineState, edit: LineEdit): LineState {
  const { text, cursor } = state;
  switch (edit.type) {
    case 'insert': {
      const inserted = edit.text.replace(/[\r\n\t]/g, ' ');
      return {
        text: text.slice(0, cursor) + inserted + text.slice(cursor),
        cursor: cursor + inserted.length,
      };
    }
    case 'deleteBefore':
      if (cursor === 0) return state;
      return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'deleteWordBefore': {
      const start = text.slice(0, cursor).search(/\S*\s*$/);
      return { text: text.slice(0, start) + text.slice(cursor), cursor: start };
    }
    case 'deleteToStart':
      return { text: text.slice(cursor), cursor: 0 };
    case 'left':
      return { text, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { text, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
  }
}

/**
 * The edit an ink key press means, or null for keys a line editor does not handle (Enter, Tab,
 * Escape, up and down belong to the component). Backspace and Delete both erase the character
 * before the cursor, because most terminals send DEL (0x7f) for Backspace and ink 6 reports it
 * as `delete`.
 */
export function lineEditFromKey(input: string, key: Key): LineEdit | null {
  if (key.return || key.tab || key.escape || key.upArrow || key.downArrow) return null;
  if (key.backspace || key.delete) return { type: 'deleteBefore' };
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.home) return { type: 'home' };
  if (key.end) return { type: 'end' };
  if (key.ctrl) {
    if (input === 'a') return { type: 'home' };
    if (input === 'e') return { type: 'end' };
    if (input === 'u') return { type: 'deleteToStart' };
    if (input === 'w') return { type: 'deleteWordBefore' };
    return null;
  }
  if (key.meta || input === '') return null;
  return { type: 'insert', text: input };
}

/** Where the student is in the history: null while editing a new line (the draft). */
export interface HistoryPosition {
  readonly index: number | null;
  /** The line being typed before the student went back in history, restored on the way down. */
  readonly draft: string;
}

export const freshHistoryPosition: HistoryPosition = { index: null, draft: '' };

/**
 * One step through `history` (oldest first), like a shell's up and down arrows: `older` from the
 * draft shows the newest entry; `newer` past the newest entry brings the draft back.
 */
export function stepHistory(
  history: readonly string[],
  position: HistoryPosition,
  current: LineState,
  direction: 'older' | 'newer',
): { readonly line: LineState; readonly position: HistoryPosition } {
  if (history.length === 0) return { line: current, position };
  if (direction === 'older') {
    const index = position.index === null ? history.length - 1 : Math.max(0, position.index - 1);
    const draft = position.index === null ? current.text : position.draft;
    return { line: lineAtEnd(history[index] as string), position: { index, draft } };
  }
  if (position.index === null) return { line: current, position };
  if (position.index >= history.length - 1) {
    return { line: lineAtEnd(position.draft), position: freshHistoryPosition };
  }
  const index = position.index + 1;
  return { line: lineAtEnd(history[index] as string), position: { index, draft: position.draft } };
}

/** The history after running `line`: blank lines and repeats of the last line are not kept. */
export function appendHistory(history: readonly string[], line: string, entriesMax = 500): string[] {
  const trimmed = line.trim();
  if (trimmed === '' || history.at(-1) === trimmed) return [...history];
  return [...history, trimmed].slice(-entriesMax);
}
