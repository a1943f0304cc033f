/**
 * Rendering the app in a fake terminal of a chosen size, for tests. ink-testing-library's stdout
 * is always 100 columns wide with no rows; layout tests need 80×24 and 160×48 and a resize, so
 * this does the same thing with a size that can change. Input works as in ink-testing-library:
 * asynchronously (wait a tick after rendering, then poll the frame).
 */

import { EventEmitter } from 'node:events';
import { type Key, render } from 'ink';
import type { ReactElement } from 'react';

/** Removes ANSI escape sequences: tests assert on the text a student reads. */
export function plain(text: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  return (text ?? '').replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

/** A stdout with a size that can change; it keeps every write. */
export class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

/** A stdin that ink can read keys from, as ink-testing-library's does. */
export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface TerminalHarness {
  /** The latest frame, without colours. */
  lastFrame(): string;
  readonly stdin: { write(data: string): void };
  /** Changes the terminal's size and emits `resize`, as a terminal window does. */
  resize(columns: number, rows: number): void;
  unmount(): void;
}

export function renderInTerminal(
  tree: ReactElement,
  size: { columns: number; rows: number },
): TerminalHarness {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    // Ink also writes bare escape sequences (showing the cursor): the frame is the last real write.
    lastFrame: () => plain(stdout.frames.findLast((frame) => plain(frame) !== '')),
    stdin,
    resize: (columns, rows) => {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
}

/**
 * Lets ink and React finish what a render or a key started: ink reads input asynchronously and
 * React subscribes new input handlers in passive effects, which take two turns of the event loop.
 */
export async function settle(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** An ink `Key` with nothing pressed: tests spread it and set the one key they press. */
export const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
