import { describe, expect, it } from 'vitest';
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
    expect(stdout.frames.join('')).toContain('Machines');
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
