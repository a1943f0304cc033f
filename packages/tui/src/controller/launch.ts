/**
 * Opening the app full screen over a world, and getting the terminal back whatever happens: on
 * quit (`q`, Ctrl-C), on a signal, and on a crash (an uncaught exception or rejection restores the
 * terminal, prints a short message and exits 1). Without a terminal (a pipe, CI) the app does not
 * start: it says so, points to `swarmsim shell`, and returns exit code 2.
 */

import { enterAlternateScreen, leaveAlternateScreen, renderSandbox } from '../app/render-sandbox.js';
import type { WorldDriver } from './driver.js';
import {
  type ControllerOptions,
  createSandboxController,
  type RunningSandbox,
} from './sandbox-controller.js';

/** Shows the cursor again (ink hides it while drawing). */
export const showCursor = '\u001B[?25h';

export const noTerminalMessage = [
  'swarmsim: the sandbox needs a terminal, and standard input or output is not one (a pipe, a file or CI).',
  'To type commands without the full-screen app, use `swarmsim shell` (one command per line, e.g.',
  '`echo "docker swarm init" | swarmsim shell --preset empty`); to play a scenario headless, `swarmsim run FILE`.',
  '',
].join('\n');

/** The parts of a process the launcher touches; tests pass their own. */
export interface LaunchProcess {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WritableStream;
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): void;
  on(event: NodeJS.Signals, listener: () => void): void;
  off(event: string, listener: (...args: never[]) => void): void;
  exit(code: number): void;
}

export interface LaunchOptions<World> extends Omit<ControllerOptions<World>, 'driver' | 'world'> {
  readonly driver: WorldDriver<World>;
  readonly world: World;
  /** @default process */
  readonly process?: LaunchProcess;
  /** Called with the controller once it exists (tests, the benchmark). */
  readonly onStart?: (controller: RunningSandbox<World>) => void;
}

/** The exit code of the app: 0 after quitting, 1 after a crash, 2 without a terminal. */
export async function launchSandbox<World>(options: LaunchOptions<World>): Promise<number> {
  const host = options.process ?? (process as unknown as LaunchProcess);
  if (host.stdin.isTTY !== true || host.stdout.isTTY !== true) {
    host.stderr.write(noTerminalMessage);
    return 2;
  }
  const controller = createSandboxController(options);
  const guard = guardTerminal(host, () => controller.stop());
  options.onStart?.(controller);
  controller.start();
  try {
    await renderSandbox({ source: controller, controller, stdout: host.stdout, stdin: host.stdin });
    return 0;
  } catch (error) {
    guard.restore();
    host.stderr.write(crashMessage(error));
    return 1;
  } finally {
    controller.stop();
    guard.dispose();
  }
}

export function crashMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0] ?? '';
  return `swarmsim crashed: ${firstLine}\nThe terminal was restored. This is a bug in swarmsim; please report it with the command you ran.\n`;
}

/**
 * Puts the terminal back however the app ends: leaves the alternate screen, shows the cursor and
 * ends raw mode. On an uncaught exception or rejection it also prints a short message and exits
 * 1; on SIGINT (Ctrl-C before the app reads keys itself), SIGTERM or SIGHUP it exits 128 + the
 * signal's number, as a shell reports it.
 */
export function guardTerminal(host: LaunchProcess, stop: () => void): { restore(): void; dispose(): void } {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stop();
    host.stdout.write(`${showCursor}${leaveAlternateScreen}`);
    if (host.stdin.isTTY === true) {
      try {
        host.stdin.setRawMode(false);
      } catch {
        // The terminal may already be gone (SIGHUP); there is nothing left to restore.
      }
    }
  };
  const onCrash = (error: unknown) => {
    restore();
    host.stderr.write(crashMessage(error));
    host.exit(1);
  };
  const onSignal = (_signal: NodeJS.Signals, number: number) => () => {
    restore();
    host.exit(128 + number);
  };
  const signals = [
    ['SIGINT', onSignal('SIGINT', 2)],
    ['SIGTERM', onSignal('SIGTERM', 15)],
    ['SIGHUP', onSignal('SIGHUP', 1)],
  ] as const;
  host.on('uncaughtException', onCrash);
  host.on('unhandledRejection', onCrash);
  for (const [signal, listener] of signals) host.on(signal, listener);
  return {
    restore,
    dispose() {
      host.off('uncaughtException', onCrash);
      host.off('unhandledRejection', onCrash);
      for (const [signal, listener] of signals) host.off(signal, listener);
    },
  };
}

export { enterAlternateScreen, leaveAlternateScreen };
