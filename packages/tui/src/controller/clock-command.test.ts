/** The controller's command lines: `clock …`, `save FILE`, `load FILE`; everything else is the world's. */
import { describe, expect, test } from 'vitest';
import { parseControllerLine, parseSpeed } from './clock-command.js';

describe('parseSpeed', () => {
  test.each([
    ['10', 10],
    ['10x', 10],
    ['1000×', 1000],
    ['0.5', 0.5],
    ['1/100', 0.01],
    ['1/10×', 0.1],
  ])('reads %s as %d', (text, speed) => {
    expect(parseSpeed(text)).toBeCloseTo(speed, 12);
  });

  test.each(['0', '1/1000', '1001', 'fast', '-1', '1/0', ''])('refuses %j with a sentence', (text) => {
    expect(parseSpeed(text)).toMatch(/is not a speed from 1\/100 to 1000/);
  });
});

describe('parseControllerLine', () => {
  test('every clock verb the keys type', () => {
    for (const verb of ['pause', 'resume', 'step', 'back', 'forward'] as const) {
      expect(parseControllerLine(`clock ${verb}`)).toEqual({ kind: 'controller', command: { kind: verb } });
    }
    expect(parseControllerLine('clock speed 20')).toEqual({
      kind: 'controller',
      command: { kind: 'speed', speed: 20 },
    });
    expect(parseControllerLine('  clock  ')).toEqual({
      kind: 'controller',
      command: { kind: 'clockStatus' },
    });
  });

  test('save and load take one file, quoted if it has spaces', () => {
    expect(parseControllerLine('save "my session.json"')).toEqual({
      kind: 'controller',
      command: { kind: 'save', file: 'my session.json' },
    });
    expect(parseControllerLine('load')).toMatchObject({
      kind: 'error',
      message: 'load: name one file, e.g. load session.json',
    });
  });

  test('mistakes are usage errors, and anything else goes to the world', () => {
    expect(parseControllerLine('clock speed')).toMatchObject({ kind: 'error' });
    expect(parseControllerLine('clock pause now')).toMatchObject({
      kind: 'error',
      message: 'clock pause takes no argument',
    });
    expect(parseControllerLine('clock rewind')).toMatchObject({ kind: 'error' });
    expect(parseControllerLine('docker node ls')).toEqual({ kind: 'world' });
    expect(parseControllerLine('kill n1')).toEqual({ kind: 'world' });
  });
});
