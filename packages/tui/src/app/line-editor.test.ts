import { describe, expect, it } from 'vitest';
import {
  appendHistory,
  editLine,
  emptyLine,
  freshHistoryPosition,
  lineAtEnd,
  lineEditFromKey,
  stepHistory,
} from './line-editor.js';
import { noKey } from './terminal-harness.js';

describe('prompt: editing a line', () => {
  it('inserts at the cursor and moves it', () => {
    const line = editLine({ text: 'kil', cursor: 3 }, { type: 'insert', text: 'l manager1' });
    expect(line).toEqual({ text: 'kill manager1', cursor: 13 });
    expect(editLine({ text: 'kll', cursor: 1 }, { type: 'insert', text: 'i' })).toEqual({
      text: 'kill',
      cursor: 2,
    });
  });

  it('erases before the cursor, a word, or everything before it', () => {
    expect(editLine(lineAtEnd('heal'), { type: 'deleteBefore' })).toEqual(lineAtEnd('hea'));
    expect(editLine(emptyLine, { type: 'deleteBefore' })).toEqual(emptyLine);
    expect(editLine(lineAtEnd('kill manager1'), { type: 'deleteWordBefore' })).toEqual(lineAtEnd('kill '));
    expect(editLine({ text: 'kill manager1', cursor: 5 }, { type: 'deleteToStart' })).toEqual({
      text: 'manager1',
      cursor: 0,
    });
  });

  it('moves the cursor within the line only', () => {
    expect(editLine(emptyLine, { type: 'left' }).cursor).toBe(0);
    expect(editLine(lineAtEnd('ab'), { type: 'right' }).cursor).toBe(2);
    expect(editLine(lineAtEnd('ab'), { type: 'home' }).cursor).toBe(0);
    expect(editLine({ text: 'ab', cursor: 0 }, { type: 'end' }).cursor).toBe(2);
  });

  it('maps keys to edits: backspace and DEL both erase, ctrl-a/e/u/w like a shell', () => {
    expect(lineEditFromKey('', { ...noKey, backspace: true })).toEqual({ type: 'deleteBefore' });
    expect(lineEditFromKey('', { ...noKey, delete: true })).toEqual({ type: 'deleteBefore' });
    expect(lineEditFromKey('a', { ...noKey, ctrl: true })).toEqual({ type: 'home' });
    expect(lineEditFromKey('w', { ...noKey, ctrl: true })).toEqual({ type: 'deleteWordBefore' });
    expect(lineEditFromKey('x', noKey)).toEqual({ type: 'insert', text: 'x' });
    expect(lineEditFromKey('', { ...noKey, return: true })).toBeNull();
    expect(lineEditFromKey('', { ...noKey, tab: true })).toBeNull();
    expect(lineEditFromKey('', { ...noKey, upArrow: true })).toBeNull();
  });
});

describe('prompt: history with up and down, like a shell', () => {
  const history = ['docker node ls', 'kill manager1', 'heal'];

  it('goes back from the newest entry and forward to the draft being typed', () => {
    let state = { line: lineAtEnd('dock'), position: freshHistoryPosition };
    state = stepHistory(history, state.position, state.line, 'older');
    expect(state.line.text).toBe('heal');
    state = stepHistory(history, state.position, state.line, 'older');
    expect(state.line.text).toBe('kill manager1');
    state = stepHistory(history, state.position, state.line, 'newer');
    expect(state.line.text).toBe('heal');
    state = stepHistory(history, state.position, state.line, 'newer');
    expect(state.line).toEqual(lineAtEnd('dock'));
    expect(state.position.index).toBeNull();
  });

  it('stays on the oldest entry and does nothing with no history', () => {
    let state = { line: emptyLine, position: freshHistoryPosition };
    for (let step = 0; step < 5; step++) state = stepHistory(history, state.position, state.line, 'older');
    expect(state.line.text).toBe('docker node ls');
    expect(stepHistory([], freshHistoryPosition, lineAtEnd('x'), 'older').line.text).toBe('x');
  });

  it('keeps neither blank lines nor a repeat of the last line, and is bounded', () => {
    expect(appendHistory(['heal'], 'heal')).toEqual(['heal']);
    expect(appendHistory(['heal'], '   ')).toEqual(['heal']);
    expect(appendHistory(['a', 'b'], 'c', 2)).toEqual(['b', 'c']);
  });
});
