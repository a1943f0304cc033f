/**
 * The app in a real pseudo-terminal: `swarmsim` runs as a child process on a pty
 * (@lydell/node-pty), and what it writes is fed to a headless xterm (@xterm/headless), so a test
 * reads the screen a student would see, sends keys, resizes the window, and checks how the app
 * left the terminal. Tests poll the screen for text; they never sleep and then assert.
 *
 * The app runs from source (`node --import tsx packages/tui/src/bin.ts`), with this folder's
 * tsconfig mapping the sibling packages to their sources, as vitest does: no build needed, and
 * what is tested is the code in the tree.
 */
import { fileURLToPath } from 'node:url';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const binary = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

export interface AppTerminal {
  /** The visible screen, one line per row, trailing spaces removed. */
  screen(): string;
  /** Polls the screen until `pattern` appears; resolves to the screen, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Sends keys or text as if typed. */
  write(data: string): void;
  /** Resizes the window: the pty (which sends SIGWINCH) and the emulator. */
  resize(columns: number, rows: number): void;
  /** True while the app draws on the alternate screen. */
  alternateScreen(): boolean;
  /** Everything the app wrote, escape sequences included. */
  output(): string;
  /** Resolves with the exit code when the app exits. */
  readonly exited: Promise<number>;
  /** Ends the app if it is still running (test cleanup). */
  dispose(): void;
}

/** Keys as a terminal sends them. */
export const keys = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  ctrlC: '\u0003',
} as const;

/**
 * The app's environment: this one, with tsx pointed at the sources, and without the variables
 * that tell ink it runs in CI (in CI, ink draws only the last frame, when the app exits).
 */
function childEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const ci = name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_');
    if (value !== undefined && !ci) environment[name] = value;
  }
  return { ...environment, TSX_TSCONFIG_PATH: tsconfig, FORCE_COLOR: '1', TERM: 'xterm-256color' };
}

export function spawnApp(args: readonly string[], size: { columns: number; rows: number }): AppTerminal {
  const terminal = new Terminal({ cols: size.columns, rows: size.rows, allowProposedApi: true });
  let written = '';
  const child: IPty = spawn(process.execPath, ['--import', 'tsx', binary, ...args], {
    name: 'xterm-256color',
    cols: size.columns,
    rows: size.rows,
    cwd: repositoryRoot,
    env: childEnvironment(),
  });
  child.onData((data) => {
    written += data;
    terminal.write(data);
  });
  let running = true;
  const exited = new Promise<number>((resolve) => {
    child.onExit(({ exitCode }) => {
      running = false;
      resolve(exitCode);
    });
  });
  const screen = () => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < terminal.rows; row++) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  };
  return {
    screen,
    async waitFor(pattern, timeoutMs = 20_000) {
      const matches = (text: string) =>
        typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Let the emulator finish parsing what arrived (xterm parses writes asynchronously).
        await new Promise<void>((resolve) => terminal.write('', resolve));
        const text = screen();
        if (matches(text)) return text;
        if (Date.now() > deadline || !running) {
          throw new Error(
            `waited for ${String(pattern)}${running ? '' : ' (the app exited)'}; the screen:\n${text}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    write: (data) => child.write(data),
    resize(columns, rows) {
      child.resize(columns, rows);
      terminal.resize(columns, rows);
    },
    alternateScreen: () => terminal.buffer.active.type === 'alternate',
    output: () => written,
    exited,
    dispose() {
      if (running) child.kill();
      terminal.dispose();
    },
  };
}
