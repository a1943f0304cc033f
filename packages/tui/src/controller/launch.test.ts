/**
 * The launcher's promises about the terminal: no terminal, no app (exit 2, pointing to `swarmsim
 * shell`); and however the app ends (a crash, a signal) the terminal is put back: the alternate
 * screen left, the cursor shown, raw mode off.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { createLabSession, labDriver } from './lab-driver.js';
import {
  guardTerminal,
  type LaunchProcess,
  launchSandbox,
  leaveAlternateScreen,
  showCursor,
} from './launch.js';

class FakeProcess extends EventEmitter {
  readonly written: string[] = [];
  readonly errors: string[] = [];
  readonly rawModes: boolean[] = [];
  exitCode: number | null = null;
  readonly stdin;
  readonly stdout;
  readonly stderr = { write: (text: string) => this.errors.push(text) > 0 };
  constructor(tty: boolean) {
    super();
    this.stdin = { isTTY: tty, setRawMode: (mode: boolean) => this.rawModes.push(mode) };
    this.stdout = { isTTY: tty, write: (text: string) => this.written.push(text) > 0 };
  }
  exit = (code: number) => {
    this.exitCode = code;
  };
  asHost(): LaunchProcess {
    return this as unknown as LaunchProcess;
  }
}

function labSession() {
  const created = createLabSession({ seed: 1, nodeCount: 3 });
  if (!created.ok) throw new Error(created.error);
  return created.session;
}

describe('launchSandbox', () => {
  test('without a terminal (piped, CI) it says so, points to swarmsim shell, and exits 2', async () => {
    const host = new FakeProcess(false);
    const code = await launchSandbox({ driver: labDriver, world: labSession(), process: host.asHost() });
    expect(code).toBe(2);
    expect(host.errors.join('')).toMatch(/needs a terminal/);
    expect(host.errors.join('')).toMatch(/swarmsim shell/);
    expect(host.written).toEqual([]);
  });
});

describe('guardTerminal', () => {
  test('an uncaught exception restores the terminal, prints a short message and exits 1', () => {
    const host = new FakeProcess(true);
    let stopped = 0;
    guardTerminal(host.asHost(), () => stopped++);
    host.emit('uncaughtException', new Error('boom\n    at somewhere (file.ts:1:1)'));
    expect(stopped).toBe(1);
    expect(host.written.join('')).toBe(`${showCursor}${leaveAlternateScreen}`);
    expect(host.rawModes).toEqual([false]);
    expect(host.errors.join('')).toBe(
      'swarmsim crashed: boom\nThe terminal was restored. This is a bug in swarmsim; please report it with the command you ran.\n',
    );
    expect(host.exitCode).toBe(1);
  });

  test('an unhandled rejection does the same', () => {
    const host = new FakeProcess(true);
    guardTerminal(host.asHost(), () => undefined);
    host.emit('unhandledRejection', 'no reason');
    expect(host.errors.join('')).toMatch(/^swarmsim crashed: no reason/);
    expect(host.exitCode).toBe(1);
  });

  test('SIGTERM, SIGHUP and SIGINT restore the terminal and exit as a shell reports a signal', () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
      ['SIGINT', 130],
    ] as const) {
      const host = new FakeProcess(true);
      guardTerminal(host.asHost(), () => undefined);
      host.emit(signal);
      expect(host.written.join('')).toContain(leaveAlternateScreen);
      expect(host.exitCode).toBe(code);
    }
  });

  test('the terminal is restored once, and dispose removes every handler', () => {
    const host = new FakeProcess(true);
    const guard = guardTerminal(host.asHost(), () => undefined);
    guard.restore();
    guard.restore();
    expect(host.written).toHaveLength(1);
    guard.dispose();
    for (const event of ['uncaughtException', 'unhandledRejection', 'SIGTERM', 'SIGHUP', 'SIGINT']) {
      expect(host.listenerCount(event)).toBe(0);
    }
  });
});
