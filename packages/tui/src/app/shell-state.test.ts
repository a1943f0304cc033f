import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../keys/resolve.js';
import { labView, swarmView } from './fixtures.js';
import {
  focusablePanes,
  initialShellState,
  reduceShell,
  type ShellEvent,
  type ShellState,
  transcriptLinesMax,
} from './shell-state.js';

function run(
  events: readonly ShellEvent[],
  view = swarmView,
  state: ShellState = initialShellState,
): ShellState {
  return events.reduce((current, event) => reduceShell(current, event, view), state);
}

const press = (command: ShellCommand): ShellEvent => ({ type: 'key', command });

describe('shell: modes', () => {
  it('? toggles help, : opens the prompt, / opens the filter on the events pane', () => {
    expect(run([press('help')]).mode).toBe('help');
    expect(run([press('help'), press('help')]).mode).toBe('normal');
    expect(run([press('prompt')]).mode).toBe('prompt');
    expect(run([press('filter')])).toMatchObject({ mode: 'filter', focus: 'events' });
  });

  it('esc closes what is open, then clears marks, then the event selection', () => {
    expect(run([press('help'), press('back')]).mode).toBe('normal');
    const marked = run([press('selectNext'), press('mark')]);
    expect(marked.markedMachines).toEqual(['manager1']);
    expect(run([press('back')], swarmView, marked).markedMachines).toEqual([]);
  });
});

describe('shell: tab moves between panes', () => {
  it('cycles machines → raft → services → events and back', () => {
    const focuses = [1, 2, 3, 4].map(
      (count) => run(Array.from({ length: count }, () => press('nextPane'))).focus,
    );
    expect(focuses).toEqual(['raft', 'services', 'events', 'machines']);
    expect(run([press('previousPane')]).focus).toBe('events');
  });

  it('skips the services pane in the Raft lab', () => {
    expect(focusablePanes(labView)).toEqual(['machines', 'raft', 'events']);
    expect(run([press('nextPane'), press('nextPane')], labView).focus).toBe('events');
  });
});

describe('shell: arrows or j/k select in the focused pane', () => {
  it('selects machines from the top and stops at the ends', () => {
    expect(run([press('selectNext')]).selectedMachine).toBe('manager1');
    expect(run([press('selectNext'), press('selectNext')]).selectedMachine).toBe('manager2');
    expect(run([press('selectPrevious')]).selectedMachine).toBe('worker2');
    expect(run(Array.from({ length: 9 }, () => press('selectNext'))).selectedMachine).toBe('worker2');
  });

  it('keeps a machine selected by name when the rows move', () => {
    const state = run([press('selectNext'), press('selectNext')]);
    const reordered = { ...swarmView, machines: [...swarmView.machines].reverse() };
    expect(run([press('selectNext')], reordered, state).selectedMachine).toBe('manager1');
  });

  it('selects events from the newest, and going past the newest follows the log again', () => {
    const events = run([press('nextPane'), press('nextPane'), press('nextPane')]);
    const newest = run([press('selectPrevious')], swarmView, events);
    expect(newest.selectedEventId).toBe(18);
    expect(run([press('selectPrevious')], swarmView, newest).selectedEventId).toBe(17);
    expect(run([press('selectNext')], swarmView, newest).selectedEventId).toBeNull();
  });

  it('moves through the filtered events only', () => {
    const state = run([
      press('filter'),
      { type: 'filterChanged', text: 'kind=fault' },
      { type: 'filterClosed', keep: true },
    ]);
    const selected = run([press('selectPrevious'), press('selectPrevious')], swarmView, state);
    expect(selected.selectedEventId).toBe(9);
  });

  it('marks and unmarks the selected machine for a partition', () => {
    const state = run([press('selectNext'), press('mark'), press('selectNext'), press('mark')]);
    expect(state.markedMachines).toEqual(['manager1', 'manager2']);
    expect(run([press('mark')], swarmView, state).markedMachines).toEqual(['manager1']);
    expect(run([press('mark')]).notice?.text).toMatch(/select a machine/);
  });
});

describe('shell: the filter', () => {
  it('applies as typed, reports a bad kind, and esc clears it', () => {
    const typing = run([press('filter'), { type: 'filterChanged', text: 'kind=nope' }]);
    expect(typing.eventFilter).toBe('kind=nope');
    expect(typing.notice).toMatchObject({
      tone: 'error',
      text: expect.stringContaining('unknown event kind'),
    });
    expect(run([{ type: 'filterClosed', keep: false }], swarmView, typing)).toMatchObject({
      mode: 'normal',
      eventFilter: '',
    });
  });
});

describe('shell: the transcript of commands', () => {
  it('records a typed line with the prompt, its output, and a one-line notice', () => {
    const state = run([
      { type: 'commandStarted', line: 'docker node ls', host: 'manager1', typed: true },
      {
        type: 'commandFinished',
        line: 'docker node ls',
        result: { stdout: 'HOSTNAME\nmanager1\n', stderr: '', exitCode: 0 },
      },
    ]);
    expect(state.transcript).toEqual([
      { text: 'manager1$ docker node ls', tone: 'input' },
      { text: 'HOSTNAME', tone: 'stdout' },
      { text: 'manager1', tone: 'stdout' },
    ]);
    expect(state.history).toEqual(['docker node ls']);
    expect(state.notice).toEqual({ text: 'docker node ls: HOSTNAME', tone: 'info' });
  });

  it("shows a key's command in the transcript but not in the typed history", () => {
    const state = run([{ type: 'commandStarted', line: 'kill manager1', host: 'manager1', typed: false }]);
    expect(state.transcript).toEqual([{ text: 'manager1$ kill manager1', tone: 'input' }]);
    expect(state.history).toEqual([]);
  });

  it('turns a failure into an error notice with the first line of stderr', () => {
    const state = run([
      {
        type: 'commandFinished',
        line: 'kill nobody',
        result: { stdout: '', stderr: 'no such machine: nobody\n', exitCode: 1 },
      },
    ]);
    expect(state.notice).toEqual({ text: 'kill nobody: no such machine: nobody', tone: 'error' });
    expect(state.transcript).toEqual([{ text: 'no such machine: nobody', tone: 'stderr' }]);
  });

  it('keeps at most transcriptLinesMax lines', () => {
    const stdout = Array.from({ length: transcriptLinesMax + 50 }, (_, index) => `line ${index}`).join('\n');
    const state = run([{ type: 'commandFinished', line: 'x', result: { stdout, stderr: '', exitCode: 0 } }]);
    expect(state.transcript).toHaveLength(transcriptLinesMax);
    expect(state.transcript.at(-1)?.text).toBe(`line ${transcriptLinesMax + 49}`);
  });
});
