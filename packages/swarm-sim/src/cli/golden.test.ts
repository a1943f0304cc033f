/**
 * Golden transcripts (testdata/*.txt): Docker's tutorial steps 1-2 and the failure scenarios of
 * swarm.md §6, replayed on a fresh sandbox and compared exactly after normalising IDs, tokens and
 * times. Rewrite with `SWARMSIM_GOLDEN_REWRITE=1 npx vitest run --project swarm-sim src/cli/golden`
 * and accept only the diffs you understand (etcd's rule).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FileReadResult } from './docker-context.js';
import { goldenRewriteRequested, runGolden } from './golden.js';

const testdata = fileURLToPath(new URL('./testdata/', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Files a golden names (`docker stack deploy -c examples/stacks/web.yml`) are read from the repository. */
function readRepositoryFile(path: string): FileReadResult {
  try {
    return { ok: true, text: readFileSync(join(repositoryRoot, path), 'utf8') };
  } catch {
    return { ok: false, error: 'no such file or directory' };
  }
}
const files = readdirSync(testdata)
  .filter((name) => name.endsWith('.txt'))
  .sort();

describe('golden transcripts (swarm.md §6)', () => {
  it('has the tutorial and every failure scenario', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'tutorial-create-swarm.txt',
        'failure-worker-dies.txt',
        'failure-leader-dies.txt',
        'failure-quorum-lost.txt',
        'failure-demote-without-quorum.txt',
        'failure-node-rm-ready.txt',
      ]),
    );
  });

  it.each(files)('%s replays exactly', (name) => {
    const path = join(testdata, name);
    const run = runGolden(readFileSync(path, 'utf8'), { readFile: readRepositoryFile });
    if (!run.ok) throw new Error(`${name}: ${run.error}`);
    const { actual, diff } = run.outcome;
    if (diff !== null && goldenRewriteRequested(process.env)) {
      writeFileSync(path, actual);
      return;
    }
    if (diff !== null) throw new Error(`${name} differs from its golden:\n${diff}`);
  });
});
