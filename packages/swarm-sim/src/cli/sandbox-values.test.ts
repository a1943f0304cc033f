/** Values typed after sandbox commands (issue 5 §1): each parses or says what is wrong. */
import { describe, expect, it } from 'vitest';
import {
  formatRatio,
  parseCpus,
  parseDelayRange,
  parseIpv4,
  parseMachineGroups,
  parseMachineName,
  parseMemoryBytes,
  parseProbability,
  parseWaitDuration,
} from './sandbox-values.js';

describe('sandbox values', () => {
  it('machine names are hostnames', () => {
    expect(parseMachineName('worker-3')).toEqual({ ok: true, value: 'worker-3' });
    expect(parseMachineName('-x').ok).toBe(false);
    expect(parseMachineName('a'.repeat(64)).ok).toBe(false);
    expect(parseMachineName('has space').ok).toBe(false);
  });

  it('addresses are dotted quads', () => {
    expect(parseIpv4('192.168.99.100').ok).toBe(true);
    expect(parseIpv4('192.168.99.256')).toEqual({ ok: false, error: 'invalid IP address "192.168.99.256"' });
    expect(parseIpv4('10.0.0').ok).toBe(false);
    expect(parseIpv4('01.0.0.1').ok).toBe(false);
  });

  it('CPUs and memory', () => {
    expect(parseCpus('4')).toEqual({ ok: true, value: 4 });
    expect(parseCpus('0').ok).toBe(false);
    expect(parseMemoryBytes('2g')).toEqual({ ok: true, value: 2 * 1024 ** 3 });
    expect(parseMemoryBytes('512m')).toEqual({ ok: true, value: 512 * 1024 ** 2 });
    expect(parseMemoryBytes('lots')).toEqual({
      ok: false,
      error: 'invalid --memory "lots": invalid size: \'lots\'',
    });
  });

  it('probabilities are percentages or fractions, kept as integer ratios', () => {
    expect(parseProbability('30%')).toEqual({
      ok: true,
      value: { numerator: 300_000, denominator: 1_000_000 },
    });
    expect(parseProbability('0.125')).toEqual({
      ok: true,
      value: { numerator: 125_000, denominator: 1_000_000 },
    });
    expect(parseProbability('1')).toEqual({
      ok: true,
      value: { numerator: 1_000_000, denominator: 1_000_000 },
    });
    expect(parseProbability('120%').ok).toBe(false);
    expect(parseProbability('-1').ok).toBe(false);
    expect(formatRatio({ numerator: 125_000, denominator: 1_000_000 })).toBe('12.5%');
  });

  it('delay ranges take durations or whole milliseconds', () => {
    expect(parseDelayRange('10ms-200ms')).toEqual({ ok: true, value: { minMs: 10, maxMs: 200 } });
    expect(parseDelayRange('5-50')).toEqual({ ok: true, value: { minMs: 5, maxMs: 50 } });
    expect(parseDelayRange('1s-2s')).toEqual({ ok: true, value: { minMs: 1000, maxMs: 2000 } });
    expect(parseDelayRange('50-5')).toEqual({ ok: false, error: 'the maximum 5 is below the minimum 50' });
    expect(parseDelayRange('fast').ok).toBe(false);
  });

  it('wait durations are Go durations up to a day', () => {
    expect(parseWaitDuration('20s')).toEqual({ ok: true, value: 20_000 });
    expect(parseWaitDuration('1m30s')).toEqual({ ok: true, value: 90_000 });
    expect(parseWaitDuration('500ms')).toEqual({ ok: true, value: 500 });
    expect(parseWaitDuration('20')).toEqual({
      ok: false,
      error: 'invalid duration "20": write a duration such as 500ms, 20s or 1m30s',
    });
    expect(parseWaitDuration('25h').ok).toBe(false);
  });

  it('partition groups: commas within, | between, each machine once', () => {
    expect(parseMachineGroups(['a,b', '|', 'c,d,e'])).toEqual({
      ok: true,
      value: [
        ['a', 'b'],
        ['c', 'd', 'e'],
      ],
    });
    expect(parseMachineGroups(['a|b'])).toEqual({ ok: true, value: [['a'], ['b']] });
    expect(parseMachineGroups(['a,b'])).toEqual({
      ok: false,
      error: 'a partition needs at least two groups, separated by |',
    });
    expect(parseMachineGroups(['a', '|', '|', 'b'])).toEqual({
      ok: false,
      error: 'empty group (two | in a row, or a | at either end)',
    });
    expect(parseMachineGroups(['a', '|', 'a'])).toEqual({ ok: false, error: 'machine "a" is in two groups' });
  });
});
