/**
 * docs/tutorial.md shows the sandbox's real output (the scenario issue: "generate them by running
 * the shell, do not invent"). Its `text` blocks of `machine$ command` lines are one session; this
 * test replays it on a fresh sandbox and compares, with IDs, tokens and relative times masked as
 * the golden transcripts do (cli/transcript.ts). `SWARMSIM_GOLDEN_REWRITE=1` writes the real
 * session back into the page: read the diff before keeping it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { goldenRewriteRequested, runGolden } from '../cli/golden.js';
import { runLine, type ShellIo } from '../cli/run-line.js';
import {
  normaliseTranscript,
  normaliseWithOriginals,
  parseTranscript,
  renderResult,
  substitutePlaceholders,
} from '../cli/transcript.js';
import type { LineResult } from '../cli/types.js';
import { createSandbox } from '../swarm/sandbox.js';

const repositoryDirectory = fileURLToPath(new URL('../../../../', import.meta.url));
const tutorialPath = `${repositoryDirectory}docs/tutorial.md`;

/** The shell reads files (`docker stack deploy -c examples/stacks/web.yml`) from the repository's root. */
const repositoryIo: ShellIo = {
  readFile(path) {
    try {
      return { ok: true, text: readFileSync(`${repositoryDirectory}${path}`, 'utf8') };
    } catch {
      return { ok: false, error: 'no such file or directory' };
    }
  },
};
const sessionPattern = /<!-- tutorial session: seed (\d+), preset (\S+) -->/;
const blockPattern = /```text\n((?:[a-z0-9-]*\$ .*\n(?:(?!```)[^\n]*\n)*?))```/g;

interface Tutorial {
  readonly seed: number;
  readonly preset: string;
  /** Each block's text, in page order. */
  readonly blocks: readonly { readonly text: string; readonly commands: readonly string[] }[];
}

function readTutorial(page: string): Tutorial {
  const session = sessionPattern.exec(page);
  if (session === null)
    expect.fail('docs/tutorial.md names its session: <!-- tutorial session: seed N, preset P -->');
  const blocks = [...page.matchAll(blockPattern)].map((match) => {
    const text = match[1] as string;
    const commands = text.split('\n').flatMap((line) => /^[a-z0-9-]*\$ (.*)$/.exec(line)?.slice(1, 2) ?? []);
    return { text, commands };
  });
  return { seed: Number(session[1]), preset: session[2] as string, blocks };
}

/** The whole page's session as a golden transcript. */
function transcriptOf(tutorial: Tutorial): string {
  const header = `# seed: ${tutorial.seed}\n# preset: ${tutorial.preset}\n`;
  return header + tutorial.blocks.map((block) => block.text).join('');
}

/**
 * Runs the page's commands and puts each block's real output back in place. A token or ID typed
 * in a command is the one the session printed earlier (masked, then filled in as runGolden does),
 * so the page stays right when the sandbox's IDs change.
 */
function rewrite(page: string, tutorial: Tutorial): string {
  const created = createSandbox({ seed: tutorial.seed, preset: tutorial.preset });
  if (!created.ok) expect.fail(created.error);
  const masked = parseTranscript(normaliseTranscript(transcriptOf(tutorial)));
  if (!masked.ok) expect.fail(masked.error);
  const results: LineResult[] = [];
  const rendered = tutorial.blocks.map((block) => {
    const first = results.length;
    for (let count = 0; count < block.commands.length; count++) {
      const { originals } = normaliseWithOriginals(results.map(renderResult).join(''));
      const command = masked.transcript.commands[results.length] as string;
      results.push(runLine(created.value, substitutePlaceholders(command, originals), repositoryIo));
    }
    return results.slice(first).map(renderResult).join('');
  });
  let index = 0;
  return page.replace(blockPattern, () => `\`\`\`text\n${rendered[index++] ?? ''}\`\`\``);
}

test('docs/tutorial.md: every command block is the sandbox’s real output, in one session', () => {
  const page = readFileSync(tutorialPath, 'utf8');
  const tutorial = readTutorial(page);
  expect(tutorial.blocks.length).toBeGreaterThan(5);
  if (goldenRewriteRequested(process.env)) {
    writeFileSync(tutorialPath, rewrite(page, tutorial));
    return;
  }
  // Commands typed with real tokens are masked too, so runGolden types the tokens this run printed.
  const run = runGolden(normaliseTranscript(transcriptOf(tutorial)), repositoryIo);
  if (!run.ok) expect.fail(run.error);
  if (run.outcome.diff !== null)
    expect.fail(`docs/tutorial.md differs from the sandbox:\n${run.outcome.diff}`);
});
