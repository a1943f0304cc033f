import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  bytesSize,
  ellipsis,
  formatGoG,
  humanDuration,
  humanSize,
  naturalCompare,
  naturalLess,
  parseRamInBytes,
  prettyPrint,
  taskCurrentState,
  taskErrorCell,
} from './humanize.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const week = 7 * day;
const month = 30 * day;
const year = 365 * day;

describe('HumanDuration: go-units duration_test.go thresholds (swarm.md §0)', () => {
  it.each([
    [450, 'Less than a second'],
    [1 * second, '1 second'],
    [45 * second, '45 seconds'],
    [59 * second, '59 seconds'],
    [60 * second, 'About a minute'],
    [119 * second, 'About a minute'],
    [3 * minute, '3 minutes'],
    [35 * minute + 40 * second, '35 minutes'],
    [59 * minute, '59 minutes'],
    [1 * hour, 'About an hour'],
    [1 * hour + 29 * minute, 'About an hour'],
    [1 * hour + 31 * minute, '2 hours'],
    [3 * hour + 29 * minute, '3 hours'],
    [3 * hour + 31 * minute, '4 hours'],
    [24 * hour, '24 hours'],
    [1 * day + 12 * hour, '36 hours'],
    [2 * day, '2 days'],
    [13 * day + 5 * hour, '13 days'],
    [2 * week, '2 weeks'],
    [2 * week + 4 * day, '2 weeks'],
    [1 * month, '4 weeks'],
    [1 * month + 2 * week, '6 weeks'],
    [2 * month, '2 months'],
    [5 * month + 2 * week, '5 months'],
    [24 * month, '24 months'],
    [24 * month + 2 * week, '2 years'],
    [3 * year + 2 * month, '3 years'],
  ])('%i ms reads %s', (durationMs, expected) => {
    expect(humanDuration(durationMs)).toBe(expected);
  });

  it('treats negative and sub-second durations as less than a second', () => {
    expect(humanDuration(-5 * second)).toBe('Less than a second');
    expect(humanDuration(999)).toBe('Less than a second');
  });
});

describe('PrettyPrint and task cells (docker/cli displayutils.go, task/formatter.go)', () => {
  it.each([
    ['ready', 'Ready'],
    ['drain', 'Drain'],
    ['unreachable', 'Unreachable'],
    ['RUNNING', 'Running'],
    ['x', 'x'],
    ['X', 'x'],
    ['', ''],
  ])('prettyPrint(%j) is %j', (input, expected) => {
    expect(prettyPrint(input)).toBe(expected);
  });

  it('prints None for a nil value', () => {
    expect(prettyPrint(null)).toBe('None');
  });

  it.each([
    ['running', 2 * minute, 'Running 2 minutes ago'],
    ['running', 300, 'Running less than a second ago'],
    ['running', 70 * second, 'Running about a minute ago'],
    ['pending', 5 * second, 'Pending 5 seconds ago'],
    ['shutdown', 56 * second, 'Shutdown 56 seconds ago'],
    ['failed', 2 * hour, 'Failed 2 hours ago'],
    ['running', 3 * week, 'Running 3 weeks ago'],
  ])('CURRENT STATE of %s after %i ms is %j', (state, elapsedMs, expected) => {
    expect(taskCurrentState(state, elapsedMs)).toBe(expected);
  });

  it('cuts the ERROR cell to 30 columns with an ellipsis and quotes it', () => {
    const error = 'no suitable node (scheduling constraints not satisfied on 5 nodes)';
    expect(taskErrorCell(error)).toBe('"no suitable node (scheduling …"');
    expect(taskErrorCell(error, true)).toBe(`"${error}"`);
    expect(taskErrorCell('')).toBe('');
  });

  it('ellipsis keeps short text and counts wide characters', () => {
    expect(ellipsis('short', 30)).toBe('short');
    expect(ellipsis('abcdef', 4)).toBe('abc…');
    expect(ellipsis('日本語テキスト', 5)).toBe('日本…');
    expect(ellipsis('abc', 0)).toBe('');
  });
});

describe('sizes: go-units BytesSize / HumanSize / RAMInBytes', () => {
  it.each([
    [0, '0B'],
    [512, '512B'],
    [1024, '1KiB'],
    [512 * 1024 ** 2, '512MiB'],
    [2_098_196_480, '1.954GiB'],
    [1.5 * 1024 ** 3, '1.5GiB'],
    [1023 * 1024, '1023KiB'],
  ])('bytesSize(%i) is %s', (bytes, expected) => {
    expect(bytesSize(bytes)).toBe(expected);
  });

  it('humanSize uses powers of 1000', () => {
    expect(humanSize(2_746_000)).toBe('2.746MB');
    expect(humanSize(796_000)).toBe('796kB');
  });

  it('formats %g like Go, switching to exponent form outside [1e-4, 1e precision)', () => {
    expect(formatGoG(0.00001234, 4)).toBe('1.234e-05');
    expect(formatGoG(12345, 4)).toBe('1.234e+04');
    expect(formatGoG(100, 4)).toBe('100');
  });

  it.each([
    ['32', 32],
    ['32b', 32],
    ['32k', 32 * 1024],
    ['32kb', 32 * 1024],
    ['32KiB', 32 * 1024],
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['4 MiB', 4 * 1024 ** 2],
    ['0.5k', 512],
  ])('RAMInBytes(%j) is %i', (text, bytes) => {
    expect(parseRamInBytes(text)).toEqual({ ok: true, bytes });
  });

  it.each([
    ['', "invalid size: ''"],
    ['hello', "invalid size: 'hello'"],
    ['-32', "invalid size: '-32'"],
    ['32kbb', "invalid size: '32kbb'"],
    ['1.2.3m', 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
  ])('RAMInBytes refuses %j with go-units text', (text, error) => {
    expect(parseRamInBytes(text)).toEqual({ ok: false, error });
  });
});

describe('natural sort (fvbommel/sortorder, as node ls and service ps sort)', () => {
  it('orders task slots .1, .2, .10 and hostnames by number', () => {
    expect(['web.10', 'web.2', 'web.1'].sort(naturalCompare)).toEqual(['web.1', 'web.2', 'web.10']);
    expect(['worker10', 'manager1', 'worker2', 'worker1'].sort(naturalCompare)).toEqual([
      'manager1',
      'worker1',
      'worker2',
      'worker10',
    ]);
  });

  it.each([
    ['a2', 'a12', true],
    ['a12', 'a2', false],
    ['2', '02', true],
    ['ab1', 'abc1', true],
    ['a', 'a1', true],
    ['x', 'x', false],
  ])('naturalLess(%j, %j) is %s', (left, right, expected) => {
    expect(naturalLess(left, right)).toBe(expected);
  });

  test.prop([fc.array(fc.stringMatching(/^[a-c0-9.]{0,6}$/), { maxLength: 12 })])(
    'is a strict weak order: sorting twice is stable and never less both ways',
    (names) => {
      const sorted = [...names].sort(naturalCompare);
      expect([...sorted].sort(naturalCompare)).toEqual(sorted);
      for (const left of names) {
        expect(naturalLess(left, left)).toBe(false);
        for (const right of names) expect(naturalLess(left, right) && naturalLess(right, left)).toBe(false);
      }
    },
  );
});

describe('Go %g rounding', () => {
  it('rounds exact ties to even like strconv, and everything else to nearest', () => {
    expect(formatGoG(12345, 4)).toBe('1.234e+04');
    expect(formatGoG(12355, 4)).toBe('1.236e+04');
    expect(formatGoG(1000.5, 4)).toBe('1000');
    expect(formatGoG(1001.5, 4)).toBe('1002');
    expect(formatGoG(1023.95, 4)).toBe('1024');
    expect(formatGoG(9999.5, 4)).toBe('1e+04');
    expect(formatGoG(0.5, 4)).toBe('0.5');
    expect(formatGoG(-2.5, 1)).toBe('-2');
  });
});
