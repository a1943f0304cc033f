import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { plain } from '../app/terminal-harness.js';
import { type KeyBinding, keyBindings } from '../keys/key-table.js';
import { HelpOverlay } from './HelpOverlay.js';

describe('help overlay: generated from the key table', () => {
  it('lists every binding with its keys and description', () => {
    const frame = plain(render(<HelpOverlay width={100} height={40} />).lastFrame());
    for (const binding of keyBindings) expect(frame).toContain(binding.description);
    expect(frame).toMatch(/x\s+kill the machine/);
    expect(frame).toMatch(/↑ k\s+select up/);
    expect(frame).toMatch(/q ctrl-c\s+quit/);
  });

  it('shows the equivalent prompt command when it has the room', () => {
    const frame = plain(render(<HelpOverlay width={100} height={40} />).lastFrame());
    expect(frame).toMatch(/x\s+kill the machine\s+kill NAME/);
    expect(frame).toMatch(/space\s+pause or resume time\s+clock pause/);
  });

  it('fits 80×24 in two columns', () => {
    const frame = plain(render(<HelpOverlay width={80} height={21} />).lastFrame()).split('\n');
    expect(frame.length).toBeLessThanOrEqual(21);
    expect(frame.every((line) => line.length <= 80)).toBe(true);
    expect(frame.some((line) => /General\s+Selection/.test(line))).toBe(true);
  });

  it('changes with the table', () => {
    const table: KeyBinding[] = [
      { keys: ['z'], command: 'heal', category: 'Faults', description: 'mend the network', prompt: 'heal' },
    ];
    const frame = plain(render(<HelpOverlay width={80} height={10} bindings={table} />).lastFrame());
    expect(frame).toMatch(/z\s+mend the network\s+heal/);
    expect(frame).not.toContain('kill');
  });
});
