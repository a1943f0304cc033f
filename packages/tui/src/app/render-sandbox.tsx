import { render } from 'ink';
import type { SandboxController, ViewSource } from './controller.js';
import { LiveSandbox } from './LiveSandbox.js';

/** Switch to the terminal's alternate screen (like vim, htop, less) and back. Ink 6 has no option for it. */
export const enterAlternateScreen = '\u001B[?1049h\u001B[H';
export const leaveAlternateScreen = '\u001B[?1049l';

export interface RenderSandboxOptions {
  readonly source: ViewSource;
  readonly controller: SandboxController;
  /** @default process.stdout */
  readonly stdout?: NodeJS.WriteStream;
  /** @default process.stdin */
  readonly stdin?: NodeJS.ReadStream;
  /**
   * Draw on the alternate screen and restore the terminal on exit; only on a TTY.
   * @default true
   */
  readonly alternateScreen?: boolean;
}

/**
 * Runs the app full screen until the student quits. Resolves when the app has exited and the
 * terminal's normal screen is back.
 */
export async function renderSandbox(options: RenderSandboxOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const alternate = (options.alternateScreen ?? true) && stdout.isTTY === true;
  if (alternate) stdout.write(enterAlternateScreen);
  try {
    const instance = render(<LiveSandbox source={options.source} controller={options.controller} />, {
      stdout,
      stdin: options.stdin ?? process.stdin,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await instance.waitUntilExit();
  } finally {
    if (alternate) stdout.write(leaveAlternateScreen);
  }
}
