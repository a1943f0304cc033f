/**
 * Golden-trace interaction tests (etcd's interaction_test.go): each testdata/*.txt script is run
 * on the in-memory network and re-rendered with the actual trace; the result must equal the
 * file. After an intended behaviour change, regenerate with
 *   npx vitest run --project raft packages/raft/src/interaction.test.ts -u
 * and read the diff: accept only changes you understand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { interactionHandlers } from './testing/handlers/index.js';
import { parseCommandLine, parseScript, runScript } from './testing/interaction.js';

const testdata = fileURLToPath(new URL('../testdata/', import.meta.url));
const scripts = readdirSync(testdata)
  .filter((name) => name.endsWith('.txt'))
  .sort();

describe('interaction scripts (golden traces)', () => {
  it('finds the scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(4);
  });

  it.each(scripts)('%s', async (name) => {
    const path = `${testdata}${name}`;
    const rendered = runScript(readFileSync(path, 'utf8'), interactionHandlers);
    expect(rendered).not.toContain('error:');
    await expect(rendered).toMatchFileSnapshot(path);
  });
});

describe('interaction script format', () => {
  it('parses stanzas, comments and key=value options, and skips old outputs', () => {
    const stanzas = parseScript('# hello\ncampaign n1\n----\nold output\nmore\n\nstabilize\n----\nok\n');
    expect(stanzas).toEqual([
      { comments: ['# hello'], command: 'campaign n1' },
      { comments: [], command: 'stabilize' },
    ]);
    expect(parseCommandLine('tick n3 count=25')).toEqual({
      name: 'tick',
      positional: ['n3'],
      options: { count: '25' },
    });
  });

  it('prints an error line for bad input instead of throwing', () => {
    const rendered = runScript('bogus\n\ncampaign n1\n\nadd-nodes 2\n\ncampaign n7\n', interactionHandlers);
    expect(rendered).toBe(
      [
        'bogus\n----\nerror: unknown command "bogus"',
        'campaign n1\n----\nerror: raft assertion failed: run add-nodes first',
        'add-nodes 2\n----\nok',
        'campaign n7\n----\nerror: raft assertion failed: unknown node n7\n',
      ].join('\n\n'),
    );
  });
});
