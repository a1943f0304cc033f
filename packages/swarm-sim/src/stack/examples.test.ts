/**
 * The example stacks in examples/stacks: the valid ones parse and convert; every file in
 * examples/stacks/broken reports exactly the errors its `# expect:` lines name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatFileErrors } from '../files/file-error.js';
import { composeToStackSpec } from './convert.js';
import { parseComposeFile } from './parse-compose.js';

const stacksDirectory = new URL('../../../../examples/stacks/', import.meta.url);
const brokenDirectory = new URL('broken/', stacksDirectory);

function read(directory: URL, name: string): string {
  return readFileSync(new URL(name, directory), 'utf8');
}

describe('example stacks', () => {
  test.each(['voting.yml', 'web.yml', 'monitoring.yml'])('%s parses and converts without errors', (name) => {
    const parsed = parseComposeFile(read(stacksDirectory, name), name);
    if (!parsed.ok) expect.fail(formatFileErrors(parsed.errors));
    const converted = composeToStackSpec(parsed.project, 'demo');
    if (!converted.ok) expect.fail(formatFileErrors(converted.errors));
    expect(converted.stack.services.length).toBe(parsed.project.services.length);
  });
});

describe('broken stacks report the exact error and position', () => {
  const names = readdirSync(brokenDirectory).filter((name) => name.endsWith('.yml'));

  test('there are at least a dozen broken stacks', () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  test.each(names)('%s', (name) => {
    const text = read(brokenDirectory, name);
    const expectedParse = expectations(text, '# expect: ');
    const expectedDeploy = expectations(text, '# expect (deploy): ');
    const parsed = parseComposeFile(text, name);
    if (expectedParse.length > 0) {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(formatFileErrors(parsed.errors)).toBe(expectedParse.join('\n'));
      return;
    }
    if (!parsed.ok) expect.fail(formatFileErrors(parsed.errors));
    const converted = composeToStackSpec(parsed.project, 'demo');
    expect(converted.ok).toBe(false);
    if (!converted.ok) expect(formatFileErrors(converted.errors)).toBe(expectedDeploy.join('\n'));
  });
});

function expectations(text: string, prefix: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}
