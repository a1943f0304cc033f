/**
 * `swarmsim` with no subcommand opens the full-screen sandbox. Run in-process with memory streams
 * (which are not a terminal), these are the stories that end before any drawing: piped or in CI
 * the app says so and exits 2; a bad choice of world is a one-line error and exit 2.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliIo } from './io.js';
import { runCli } from './program.js';

async function run(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      decodeStrings: false,
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const io: CliIo = {
    stdin: Readable.from(['']),
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
    interactive: false,
    writeFile: () => null,
    randomSeed: () => 4242,
  };
  const exitCode = await runCli(argv, io);
  return { exitCode, stdout, stderr };
}

describe('user story: swarmsim without a terminal', () => {
  test('piped or in CI, it says it needs a terminal, points to swarmsim shell, and exits 2', async () => {
    for (const argv of [[], ['--lab', '3'], ['--preset', 'tutorial', '--speed', '10']]) {
      const result = await run(argv);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/the sandbox needs a terminal/);
      expect(result.stderr).toMatch(/swarmsim shell/);
      expect(result.stdout).toBe('');
    }
  });
});

describe('user story: a bad choice of world is an error before anything is drawn', () => {
  test.each([
    [['--lab', '3', '--lesson', 'x.yaml'], /choose one of --lab, --scenario and --lesson/],
    [['--preset', '3m2w', '--lab', '3'], /--preset chooses a swarm sandbox/],
    [['--preset', 'huge'], /unknown preset huge/],
    [['--scenario', '/nonexistent/demo.yaml'], /cannot read \/nonexistent\/demo\.yaml: no such file/],
    [['--speed', '5000'], /option '--speed <speed>' argument '5000' is invalid/],
    [['--lab', '12'], /the node count is a whole number from 1 to 9/],
    [['--preset', '3m2w', '--prevote'], /set up the Raft lab: use them with --lab/],
  ])('%j', async (argv, message) => {
    const result = await run(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
