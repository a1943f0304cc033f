/**
 * The shared machinery of file formats: where a key was written, how a path reads, which key a
 * typo meant, and how zod's findings become `file:line:column: path: message`.
 */
import { describe, expect, test } from 'vitest';
import * as z from 'zod';
import { fileErrorsMax, formatFileError, sortFileErrors } from './file-error.js';
import { closestMatch, editDistance } from './suggest.js';
import { ratioFromDecimal } from './values.js';
import {
  formatPath,
  parseYamlSource,
  positionAt,
  type YamlSource,
  yamlTextLengthMax,
} from './yaml-source.js';
import { oneOf, validateValue } from './zod-errors.js';

function source(text: string, dialect: 'docker' | 'yaml-1.2' = 'yaml-1.2'): YamlSource {
  const parsed = parseYamlSource(text, 'f.yml', dialect);
  if (!parsed.ok) expect.fail(parsed.errors.map(formatFileError).join('\n'));
  return parsed.source;
}

describe('did you mean: the closest key by edit distance', () => {
  test('a swap of neighbours, a missing letter and a case slip each cost one edit', () => {
    expect(editDistance('rpelicas', 'replicas')).toBe(1);
    expect(editDistance('replica', 'replicas')).toBe(1);
    expect(closestMatch('Replicas', ['mode', 'replicas'])).toBe('replicas');
  });

  test('nothing is suggested when no candidate is close, and ties go to the first', () => {
    expect(closestMatch('bogus', ['image', 'command', 'deploy'])).toBeNull();
    expect(closestMatch('ab', ['ax', 'ay'])).toBe('ax');
    expect(closestMatch('', ['a'])).toBeNull();
  });
});

describe('positions and paths', () => {
  test('paths read as keys and [index], quoting keys that are not plain words', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['services', 'web', 'deploy', 'replicas'])).toBe('services.web.deploy.replicas');
    expect(formatPath(['steps', 2, 'expect'])).toBe('steps[2].expect');
    expect(formatPath(['labels', 'com.example.tier'])).toBe('labels["com.example.tier"]');
  });

  test('a key is found where its name starts, a list item where its value starts', () => {
    const read = source('services:\n  web:\n    ports:\n      - "80:80"\n      - 443\n');
    expect(positionAt(read, ['services', 'web', 'ports'])).toEqual({ line: 3, column: 5 });
    expect(positionAt(read, ['services', 'web', 'ports', 1])).toEqual({ line: 5, column: 9 });
  });

  test('a missing key is placed at its nearest ancestor', () => {
    const read = source('services:\n  web:\n    image: nginx\n');
    expect(positionAt(read, ['services', 'web', 'deploy', 'replicas'])).toEqual({ line: 2, column: 3 });
    expect(positionAt(read, ['volumes'])).toEqual({ line: 1, column: 1 });
  });
});

describe('YAML dialects', () => {
  test('docker (yaml.v2, YAML 1.1): on/yes are booleans, 0755 is octal, 22:22 stays a string', () => {
    const read = source('on: 1\nmode: 0755\nport: 22:22\nflag: yes\n', 'docker');
    expect(read.data).toEqual({ true: 1, mode: 493, port: '22:22', flag: true });
    expect(read.nonStringKeys).toEqual([
      { parentPath: [], rendered: 'true', position: { line: 1, column: 1 } },
    ]);
  });

  test('scenarios (YAML 1.2): on and yes are plain strings', () => {
    const read = source('on: manager1\nflag: yes\n');
    expect(read.data).toEqual({ on: 'manager1', flag: 'yes' });
    expect(read.nonStringKeys).toEqual([]);
  });

  test('an alias bomb and an oversized file are refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 6; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const expanded = parseYamlSource(bomb.join('\n'), 'bomb.yml', 'yaml-1.2');
    expect(expanded.ok ? '' : formatFileError(expanded.errors[0] as never)).toMatch(
      /^bomb\.yml:1:1: invalid YAML: /,
    );
    const large = parseYamlSource('#'.repeat(yamlTextLengthMax + 1), 'large.yml', 'yaml-1.2');
    expect(large.ok ? '' : formatFileError(large.errors[0] as never)).toBe(
      `large.yml:1:1: file is too large: ${yamlTextLengthMax + 1} characters (at most ${yamlTextLengthMax})`,
    );
  });
});

describe('errors', () => {
  test('an error prints only the parts it has', () => {
    expect(formatFileError({ file: 'a.yml', line: 3, column: 7, path: 'x.y', message: 'bad' })).toBe(
      'a.yml:3:7: x.y: bad',
    );
    expect(formatFileError({ file: 'a.yml', line: 0, column: 0, path: '', message: 'bad' })).toBe(
      'a.yml: bad',
    );
    expect(formatFileError({ file: '', line: 0, column: 0, path: '', message: 'bad' })).toBe('bad');
  });

  test('errors sort by file order then position, duplicates go, and the count is bounded', () => {
    const at = (file: string, line: number) => ({ file, line, column: 1, path: '', message: 'm' });
    expect(sortFileErrors([at('b', 1), at('a', 2), at('b', 1), at('a', 1)])).toEqual([
      at('b', 1),
      at('a', 1),
      at('a', 2),
    ]);
    const many = Array.from({ length: fileErrorsMax + 10 }, (_, index) => at('a', index + 1));
    expect(sortFileErrors(many)).toHaveLength(fileErrorsMax);
  });

  test('a failed union is explained by the branch whose shape the value had', () => {
    const schema = z.strictObject({
      environment: oneOf(
        [z.array(z.string()), z.record(z.string(), oneOf([z.string(), z.number()], 'a string or a number'))],
        'a list or a mapping',
      ),
    });
    const context = {
      source: source('environment:\n  DEBUG: true\n'),
      wording: { unknownKey: () => '', missingKey: () => '' },
    };
    const result = validateValue(schema, context.source.data, [], context);
    expect(result.ok ? [] : result.errors.map(formatFileError)).toEqual([
      'f.yml:2:3: environment.DEBUG: expected a string or a number, got true',
    ]);
    const other = { ...context, source: source('environment: 3\n') };
    const wrongShape = validateValue(schema, other.source.data, [], other);
    expect(wrongShape.ok ? [] : wrongShape.errors.map(formatFileError)).toEqual([
      'f.yml:1:1: environment: expected a list or a mapping, got 3',
    ]);
  });

  test('ratios become reduced integer fractions', () => {
    expect(ratioFromDecimal(0.25)).toEqual({ ok: true, value: { numerator: 1, denominator: 4 } });
    expect(ratioFromDecimal(1)).toEqual({ ok: true, value: { numerator: 1, denominator: 1 } });
    expect(ratioFromDecimal(0.1234567)).toEqual({
      ok: false,
      message: 'expected at most 6 decimals, got 0.1234567',
    });
  });
});
