import { describe, expect, it, vi } from 'vitest';
import { createFakeController } from './fake-controller.js';
import { swarmView } from './fixtures.js';
import { enterAlternateScreen, leaveAlternateScreen, renderSandbox } from './render-sandbox.js';
import { FakeStdin, FakeStdout, settle } from './terminal-harness.js';

describe('full screen: the alternate screen, written by hand (ink 6 has no option)', () => {
  it('enters the alternate screen before the first frame and leaves it after quitting', async () => {
    const stdout = new FakeStdout(80, 24);
    const stdin = new FakeStdin();
    const controller = createFakeController(swarmView);
    const running = renderSandbox({
      source: controller,
      controller,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
    });
    await settle();
    expect(stdout.frames[0]).toBe(enterAlternateScreen);
    // The first frame arrives when ink has laid out the tree: poll for it rather than race it.
    await vi.waitFor(() => expect(stdout.frames.join('')).toContain('Machines'), { timeout: 5000 });
    stdin.write('q');
    await running;
    expect(stdout.frames.at(-1)).toBe(leaveAlternateScreen);
  });

  it('stays on the normal screen when asked to, or when stdout is not a terminal', async () => {
    const stdout = new FakeStdout(80, 24);
    Object.defineProperty(stdout, 'isTTY', { value: false });
    const stdin = new FakeStdin();
    const controller = createFakeController(swarmView);
    const running = renderSandbox({
      source: controller,
      controller,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
    });
    await settle();
    stdin.write('q');
    await running;
    expect(stdout.frames).not.toContain(enterAlternateScreen);
    expect(stdout.frames).not.toContain(leaveAlternateScreen);
  });
});
