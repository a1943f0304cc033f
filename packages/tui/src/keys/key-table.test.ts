import { readFileSync } from 'node:fs';
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { noKey } from '../app/terminal-harness.js';
import {
  findBinding,
  formatKey,
  type KeyCommand,
  keyBindings,
  keyCategories,
  keyNameOf,
} from './key-table.js';

describe('keys: the key table is data', () => {
  it('binds no key twice', () => {
    const keys = keyBindings.flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the keys the issue asks for', () => {
    const expected: Record<string, KeyCommand> = {
      '?': 'help',
      ':': 'prompt',
      '/': 'filter',
      q: 'quit',
      space: 'togglePause',
      '+': 'speedUp',
      '-': 'speedDown',
      '.': 'stepEvent',
      left: 'stepBack',
      right: 'stepForward',
      up: 'selectPrevious',
      k: 'selectPrevious',
      down: 'selectNext',
      j: 'selectNext',
      x: 'kill',
      r: 'restart',
      p: 'pauseMachine',
      d: 'disconnect',
      P: 'partition',
      h: 'heal',
      tab: 'nextPane',
    };
    for (const [name, command] of Object.entries(expected))
      expect(findBinding(name)?.command, name).toBe(command);
  });

  it('puts every binding in a help category and describes it', () => {
    for (const binding of keyBindings) {
      expect(keyCategories).toContain(binding.category);
      expect(binding.description.length).toBeGreaterThan(0);
    }
  });

  it('names a prompt command for every key that changes the world', () => {
    const worldCommands: KeyCommand[] = ['togglePause', 'speedUp', 'stepEvent', 'kill', 'partition', 'heal'];
    for (const command of worldCommands) {
      expect(keyBindings.find((binding) => binding.command === command)?.prompt).toEqual(expect.any(String));
    }
  });
});

describe("keys: naming ink's key presses", () => {
  it.each<[string, Partial<Key>, string | null]>([
    ['', { upArrow: true }, 'up'],
    ['', { leftArrow: true }, 'left'],
    ['', { tab: true }, 'tab'],
    ['', { tab: true, shift: true }, 'shift+tab'],
    ['', { escape: true }, 'escape'],
    ['c', { ctrl: true }, 'ctrl+c'],
    [' ', {}, 'space'],
    ['P', { shift: true }, 'P'],
    ['x', {}, 'x'],
    ['kill', {}, null],
    ['x', { meta: true }, null],
  ])('%j with %o is %j', (input, key, name) => {
    expect(keyNameOf(input, { ...noKey, ...key })).toBe(name);
  });

  it('writes arrows as arrows in the help', () => {
    expect(['up', 'escape', 'ctrl+c', 'P'].map(formatKey)).toEqual(['↑', 'esc', 'ctrl-c', 'P']);
  });
});

describe('keys: docs/tui.md lists the table', () => {
  it('has a row for every binding, with its keys and description', () => {
    const page = readFileSync(new URL('../../../../docs/tui.md', import.meta.url), 'utf8');
    for (const binding of keyBindings) {
      const keys = binding.keys.map((name) => `\`${formatKey(name)}\``).join(' ');
      expect(page, binding.command).toContain(`| ${keys} | ${binding.description} |`);
    }
  });
});
