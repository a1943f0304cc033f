import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { TerminalSize } from '../app/layout.js';

/** What a terminal without a size (a pipe, a test stream) is taken to be. */
export const fallbackTerminalSize: TerminalSize = { columns: 80, rows: 24 };

function readSize(stdout: NodeJS.WriteStream, fallback: TerminalSize): TerminalSize {
  return {
    columns: stdout.columns > 0 ? stdout.columns : fallback.columns,
    rows: stdout.rows > 0 ? stdout.rows : fallback.rows,
  };
}

/**
 * The terminal's size, updated when it is resized. Ink 6 has no `useWindowSize` (ink 7 does), so
 * this listens to stdout's `resize` event itself; ink re-lays out on resize, and the new size
 * here makes the app re-plan its panes.
 */
export function useTerminalSize(fallback: TerminalSize = fallbackTerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout, fallback));
  useEffect(() => {
    const onResize = () => {
      const next = readSize(stdout, fallback);
      setSize((current) => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fallback]);
  return size;
}
