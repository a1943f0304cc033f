/**
 * One test of `swarmsim` as a real process: argv, piped standard input, standard output and the
 * exit code, through the entry point `src/bin.ts`.
 *
 * It runs the source with tsx rather than `bin/swarmsim.js` and `dist`, so it never tests a
 * stale build and needs none: a small resolve hook points `@swarmsim/raft` and
 * `@swarmsim/swarm-sim` at their sources, as vitest's aliases do for the in-process tests. In
 * CI `npm ci` has built `dist` as well, and the same entry point is what `bin/swarmsim.js` runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../../', import.meta.url));
const source = (path: string) => pathToFileURL(`${repository}${path}`).href;

const resolveHook = `
const sources = ${JSON.stringify({
  '@swarmsim/raft': source('packages/raft/src/index.ts'),
  '@swarmsim/swarm-sim': source('packages/swarm-sim/src/index.ts'),
})};
export async function resolve(specifier, context, next) {
  return next(Object.hasOwn(sources, specifier) ? sources[specifier] : specifier, context);
}`;
const registerHook = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(resolveHook)}`)});`;

describe('user story: `swarmsim shell` as a process, fed by a pipe', () => {
  it('reads the piped commands, answers in JSON Lines, and exits 0', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(registerHook)}`,
        'packages/tui/src/bin.ts',
        'shell',
        '--lab',
        '3',
        '--seed',
        '5',
        '--json',
      ],
      { cwd: repository, input: 'wait 400ms\nbogus\n', encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const records = child.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { command: string; exitCode: number; stdout: string });
    expect(records).toEqual([
      expect.objectContaining({
        command: 'wait 400ms',
        exitCode: 0,
        stdout: 'ran 400ms, now at 400ms; leader: n1 (term 1)\n',
      }),
      expect.objectContaining({ command: 'bogus', exitCode: 2 }),
    ]);
  }, 60_000);
});
