import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { plain, renderInTerminal, settle } from '../app/terminal-harness.js';
import { useTerminalSize } from './use-terminal-size.js';

function Size() {
  const { columns, rows } = useTerminalSize();
  return <Text>{`${columns}×${rows}`}</Text>;
}

describe('useTerminalSize: the layout redraws on resize', () => {
  it('reads the size and follows resize events', async () => {
    const terminal = renderInTerminal(<Size />, { columns: 80, rows: 24 });
    await settle();
    expect(terminal.lastFrame()).toBe('80×24');
    terminal.resize(160, 48);
    await expect.poll(() => terminal.lastFrame()).toBe('160×48');
    terminal.unmount();
  });

  it('takes 24 rows for a stream that reports none', () => {
    // ink-testing-library's stdout is 100 columns wide and has no rows.
    expect(plain(render(<Size />).lastFrame())).toBe('100×24');
  });
});
