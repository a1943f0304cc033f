import { describe, expect, it } from 'vitest';
import { partitionedView, swarmView } from '../app/fixtures.js';
import { type KeyContext, resolveKey } from './resolve.js';

const context = (overrides: Partial<KeyContext> = {}): KeyContext => ({
  view: swarmView,
  selectedMachine: null,
  markedMachines: [],
  ...overrides,
});

describe('keys: each key maps to an action on the world', () => {
  it('space pauses a running clock and resumes a paused one', () => {
    expect(resolveKey('togglePause', context())).toEqual({ kind: 'sandbox', action: { type: 'pauseClock' } });
    expect(resolveKey('togglePause', context({ view: partitionedView }))).toEqual({
      kind: 'sandbox',
      action: { type: 'resumeClock' },
    });
  });

  it('+ and - set the next speed on the ladder, and say so at the ends', () => {
    expect(resolveKey('speedUp', context())).toEqual({
      kind: 'sandbox',
      action: { type: 'setSpeed', speed: 2 },
    });
    expect(resolveKey('speedDown', context({ view: partitionedView }))).toEqual({
      kind: 'sandbox',
      action: { type: 'setSpeed', speed: 0.05 },
    });
    const fastest = { ...swarmView, status: { ...swarmView.status, speed: 1000 } };
    expect(resolveKey('speedUp', context({ view: fastest }))).toEqual({
      kind: 'notice',
      text: 'speed is already 1000×',
    });
  });

  it('. ← → h are clock and network actions needing no selection', () => {
    expect(resolveKey('stepEvent', context())).toEqual({ kind: 'sandbox', action: { type: 'stepEvent' } });
    expect(resolveKey('stepBack', context())).toEqual({ kind: 'sandbox', action: { type: 'stepBack' } });
    expect(resolveKey('stepForward', context())).toEqual({
      kind: 'sandbox',
      action: { type: 'stepForward' },
    });
    expect(resolveKey('heal', context())).toEqual({ kind: 'sandbox', action: { type: 'heal' } });
  });

  it('x r p d act on the selected machine', () => {
    const selected = context({ selectedMachine: 'worker1' });
    expect(resolveKey('kill', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'kill', machine: 'worker1' },
    });
    expect(resolveKey('restart', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'restart', machine: 'worker1' },
    });
    expect(resolveKey('pauseMachine', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'pause', machine: 'worker1' },
    });
    expect(resolveKey('disconnect', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'disconnect', machine: 'worker1' },
    });
  });

  it('p and d undo themselves on a paused or disconnected machine', () => {
    const paused = {
      ...swarmView,
      machines: swarmView.machines.map((machine) =>
        machine.name === 'worker1' ? { ...machine, power: 'paused' as const, disconnected: true } : machine,
      ),
    };
    const selected = context({ view: paused, selectedMachine: 'worker1' });
    expect(resolveKey('pauseMachine', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'unpause', machine: 'worker1' },
    });
    expect(resolveKey('disconnect', selected)).toEqual({
      kind: 'sandbox',
      action: { type: 'reconnect', machine: 'worker1' },
    });
  });

  it('asks for a selection instead of guessing a machine', () => {
    expect(resolveKey('kill', context())).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/select a machine/),
    });
    expect(resolveKey('kill', context({ selectedMachine: 'gone' }))).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/gone/),
    });
  });

  it('P partitions the marked machines (sorted) from the rest, else the selected one', () => {
    const rest = ['manager2', 'manager3', 'worker2'];
    expect(
      resolveKey(
        'partition',
        context({ markedMachines: ['worker1', 'manager1'], selectedMachine: 'worker2' }),
      ),
    ).toEqual({
      kind: 'sandbox',
      action: { type: 'partition', groups: [['manager1', 'worker1'], rest] },
    });
    expect(resolveKey('partition', context({ selectedMachine: 'manager3' }))).toEqual({
      kind: 'sandbox',
      action: { type: 'partition', groups: [['manager3'], ['manager1', 'manager2', 'worker1', 'worker2']] },
    });
    expect(resolveKey('partition', context())).toMatchObject({ kind: 'notice' });
  });

  it('refuses a partition with every machine on one side', () => {
    const all = swarmView.machines.map((machine) => machine.name);
    expect(resolveKey('partition', context({ markedMachines: all }))).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/both sides/),
    });
  });

  it('q quits; ? : / tab j k m esc only change the screen', () => {
    expect(resolveKey('quit', context())).toEqual({ kind: 'quit' });
    for (const command of [
      'help',
      'prompt',
      'filter',
      'nextPane',
      'selectNext',
      'selectPrevious',
      'mark',
      'back',
    ] as const) {
      expect(resolveKey(command, context())).toEqual({ kind: 'shell', command });
    }
  });
});
