import type { SandboxView } from '@swarmsim/swarm-sim';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ViewSource } from '../app/controller.js';
import { swarmView } from '../app/fixtures.js';
import { plain } from '../app/terminal-harness.js';
import { useViewSource } from './use-view-source.js';

/** A source written as a class, with `this` in its methods. */
class ClockSource implements ViewSource {
  private view: SandboxView = swarmView;
  private readonly listeners = new Set<() => void>();
  getView(): SandboxView {
    return this.view;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  advance(milliseconds: number): void {
    this.view = { ...this.view, status: { ...this.view.status, atMs: this.view.status.atMs + milliseconds } };
    for (const listener of this.listeners) listener();
  }
}

function Clock({ source }: { readonly source: ViewSource }) {
  return <Text>{useViewSource(source).status.atMs}</Text>;
}

describe('useViewSource: the app follows the world as it moves', () => {
  it('re-renders with each view the source publishes, even from a class', async () => {
    const source = new ClockSource();
    const { lastFrame, unmount } = render(<Clock source={source} />);
    expect(plain(lastFrame())).toBe('42317');
    source.advance(500);
    await expect.poll(() => plain(lastFrame())).toBe('42817');
    unmount();
  });
});
