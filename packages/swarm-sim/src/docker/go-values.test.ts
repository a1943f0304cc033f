import { describe, expect, it } from 'vitest';
import {
  nanosecondsToMs,
  parseGoBool,
  parseGoDuration,
  parseGoFloat,
  parseGoInt,
  parseGoUint,
} from './go-values.js';

describe('Go value parsers behind docker flags (strconv, time.ParseDuration)', () => {
  it.each([
    ['0', 0n],
    ['300ms', 300_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['2h45m', 9_900_000_000_000n],
    ['1m30s', 90_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['.5s', 500_000_000n],
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['2160h0m0s', 7_776_000_000_000_000n],
  ])('ParseDuration(%j) = %s ns', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, value: nanoseconds });
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['x', 'time: invalid duration "x"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('ParseDuration refuses %j: %s', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });

  it('converts nanoseconds to whole milliseconds, truncating', () => {
    expect(nanosecondsToMs(1_999_999n)).toBe(1);
    expect(nanosecondsToMs(-1_500_000n)).toBe(-1);
  });

  it('ParseUint takes Go literal syntax with base 0 and refuses signs', () => {
    expect(parseGoUint('42', 0, 64)).toEqual({ ok: true, value: 42 });
    expect(parseGoUint('0x10', 0, 64)).toEqual({ ok: true, value: 16 });
    expect(parseGoUint('0o17', 0, 64)).toEqual({ ok: true, value: 15 });
    expect(parseGoUint('017', 0, 64)).toEqual({ ok: true, value: 15 });
    expect(parseGoUint('1_000', 0, 64)).toEqual({ ok: true, value: 1000 });
    expect(parseGoUint('x', 0, 64)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "x": invalid syntax',
    });
    expect(parseGoUint('-1', 0, 64)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "-1": invalid syntax',
    });
    expect(parseGoUint('1_000', 10, 64).ok).toBe(false);
    expect(parseGoUint('4294967296', 0, 32)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "4294967296": value out of range',
    });
  });

  it('ParseInt takes a sign and checks the 64-bit range', () => {
    expect(parseGoInt('-1', 0, 64)).toEqual({ ok: true, value: -1 });
    expect(parseGoInt('+5', 0, 64)).toEqual({ ok: true, value: 5 });
    expect(parseGoInt('9223372036854775808', 0, 64)).toEqual({
      ok: false,
      error: 'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    });
    expect(parseGoInt('-9223372036854775808', 0, 64).ok).toBe(true);
    expect(parseGoInt('', 0, 64)).toEqual({
      ok: false,
      error: 'strconv.ParseInt: parsing "": invalid syntax',
    });
  });

  it('ParseFloat and ParseBool accept what Go accepts', () => {
    expect(parseGoFloat('0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseGoFloat('1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseGoFloat('-Inf')).toEqual({ ok: true, value: -Infinity });
    expect(parseGoFloat('abc')).toEqual({
      ok: false,
      error: 'strconv.ParseFloat: parsing "abc": invalid syntax',
    });
    expect(parseGoFloat('1e400')).toEqual({
      ok: false,
      error: 'strconv.ParseFloat: parsing "1e400": value out of range',
    });
    for (const text of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(parseGoBool(text)).toEqual({ ok: true, value: true });
    for (const text of ['0', 'f', 'F', 'FALSE', 'false', 'False']) {
      expect(parseGoBool(text)).toEqual({ ok: true, value: false });
    }
    expect(parseGoBool('yes')).toEqual({
      ok: false,
      error: 'strconv.ParseBool: parsing "yes": invalid syntax',
    });
  });
});
