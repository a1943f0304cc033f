/**
 * The app shell's own state — which mode, which pane has focus, what is selected, the shell's
 * transcript — and its reducer. Pure: every change is `reduceShell(state, event, view)`, so the
 * shell's behaviour is tested without rendering. Selections are kept by name or id, not by
 * row number, so they survive a new view in which rows moved.
 */

import type { SandboxView } from '@swarmsim/swarm-sim';
import type { ShellCommand } from '../keys/resolve.js';
import type { CommandResult } from './controller.js';
import { filterEvents, parseEventFilter } from './events.js';
import { appendHistory } from './line-editor.js';

export type ShellMode = 'normal' | 'prompt' | 'filter' | 'help';

/** Panes that take focus with Tab, in order. */
export type FocusPane = 'machines' | 'raft' | 'services' | 'events';

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

export interface TranscriptLine {
  readonly text: string;
  /** `input` is a command line as typed (or as a key ran it); the others are its output. */
  readonly tone: 'input' | 'stdout' | 'stderr';
}

export interface ShellState {
  readonly mode: ShellMode;
  readonly focus: FocusPane;
  readonly selectedMachine: string | null;
  readonly markedMachines: readonly string[];
  readonly selectedRaftMember: string | null;
  readonly selectedService: string | null;
  /** null follows the newest event. */
  readonly selectedEventId: number | null;
  /** The text typed after `/`. */
  readonly eventFilter: string;
  readonly notice: Notice | null;
  /** Commands and their output, oldest first. Invariant: length <= transcriptLinesMax. */
  readonly transcript: readonly TranscriptLine[];
  /** Lines typed at the prompt, oldest first. */
  readonly history: readonly string[];
}

export const transcriptLinesMax = 500;

export const initialShellState: ShellState = {
  mode: 'normal',
  focus: 'machines',
  selectedMachine: null,
  markedMachines: [],
  selectedRaftMember: null,
  selectedService: null,
  selectedEventId: null,
  eventFilter: '',
  notice: null,
  transcript: [],
  history: [],
};

export type ShellEvent =
  | { readonly type: 'key'; readonly command: ShellCommand }
  | { readonly type: 'notice'; readonly notice: Notice | null }
  | { readonly type: 'filterChanged'; readonly text: string }
  | { readonly type: 'filterClosed'; readonly keep: boolean }
  | { readonly type: 'promptClosed' }
  /** A line was run: from the prompt (`typed`) or by a key (its equivalent command). */
  | { readonly type: 'commandStarted'; readonly line: string; readonly host: string; readonly typed: boolean }
  | { readonly type: 'commandFinished'; readonly line: string; readonly result: CommandResult };

export function reduceShell(state: ShellState, event: ShellEvent, view: SandboxView): ShellState {
  switch (event.type) {
    case 'key':
      return reduceKey(state, event.command, view);
    case 'notice':
      return { ...state, notice: event.notice };
    case 'filterChanged':
      return { ...state, eventFilter: event.text, selectedEventId: null, notice: filterNotice(event.text) };
    case 'filterClosed':
      return { ...state, mode: 'normal', ...(event.keep ? {} : { eventFilter: '', notice: null }) };
    case 'promptClosed':
      return { ...state, mode: 'normal' };
    case 'commandStarted': {
      const history = event.typed ? appendHistory(state.history, event.line) : state.history;
      const input: TranscriptLine = { text: `${event.host}$ ${event.line}`, tone: 'input' };
      return { ...state, history, transcript: appendLines(state.transcript, [input]) };
    }
    case 'commandFinished':
      return {
        ...state,
        transcript: appendLines(state.transcript, outputLines(event.result)),
        notice: resultNotice(event.line, event.result),
      };
  }
}

function reduceKey(state: ShellState, command: ShellCommand, view: SandboxView): ShellState {
  switch (command) {
    case 'help':
      return { ...state, mode: state.mode === 'help' ? 'normal' : 'help' };
    case 'prompt':
      return { ...state, mode: 'prompt', notice: null };
    case 'filter':
      return { ...state, mode: 'filter', focus: 'events' };
    case 'back':
      return reduceBack(state);
    case 'nextPane':
    case 'previousPane':
      return { ...state, focus: cycleFocus(state.focus, view, command === 'nextPane' ? 1 : -1) };
    case 'selectPrevious':
    case 'selectNext':
      return moveSelection(state, view, command === 'selectNext' ? 1 : -1);
    case 'mark':
      return toggleMark(state);
  }
}

/** Esc closes what is open, then clears marks, then the event selection, then the notice. */
function reduceBack(state: ShellState): ShellState {
  if (state.mode !== 'normal') return { ...state, mode: 'normal' };
  if (state.markedMachines.length > 0) return { ...state, markedMachines: [] };
  if (state.selectedEventId !== null) return { ...state, selectedEventId: null };
  return { ...state, notice: null };
}

/** The panes Tab visits for this view: the services pane only exists when there are services to show. */
export function focusablePanes(view: SandboxView): FocusPane[] {
  const hasServices = view.status.mode === 'swarm' || view.services.length > 0;
  return hasServices ? ['machines', 'raft', 'services', 'events'] : ['machines', 'raft', 'events'];
}

function cycleFocus(focus: FocusPane, view: SandboxView, step: 1 | -1): FocusPane {
  const panes = focusablePanes(view);
  const index = panes.indexOf(focus);
  return panes[(index + step + panes.length) % panes.length] as FocusPane;
}

function moveSelection(state: ShellState, view: SandboxView, step: 1 | -1): ShellState {
  switch (state.focus) {
    case 'machines':
      return { ...state, selectedMachine: moveName(view.machines, state.selectedMachine, step) };
    case 'raft':
      return { ...state, selectedRaftMember: moveName(view.raft, state.selectedRaftMember, step) };
    case 'services':
      return { ...state, selectedService: moveName(view.services, state.selectedService, step) };
    case 'events':
      return {
        ...state,
        selectedEventId: moveEvent(visibleEventIds(state, view), state.selectedEventId, step),
      };
  }
}

/** The next name in a list; with nothing selected, down starts at the top and up at the bottom. */
function moveName(
  rows: readonly { readonly name: string }[],
  selected: string | null,
  step: 1 | -1,
): string | null {
  if (rows.length === 0) return null;
  const index = rows.findIndex((row) => row.name === selected);
  if (index === -1) return (step === 1 ? rows[0] : rows.at(-1))?.name ?? null;
  return (rows[Math.min(rows.length - 1, Math.max(0, index + step))] as { name: string }).name;
}

/**
 * Events scroll like a log that follows the newest line: up from following selects the newest
 * event; down past the newest goes back to following.
 */
function moveEvent(ids: readonly number[], selected: number | null, step: 1 | -1): number | null {
  if (ids.length === 0) return null;
  const index = selected === null ? -1 : ids.indexOf(selected);
  if (index === -1) return step === -1 ? (ids.at(-1) as number) : null;
  if (step === 1 && index === ids.length - 1) return null;
  return ids[Math.max(0, index + step)] as number;
}

export function visibleEventIds(state: ShellState, view: SandboxView): number[] {
  return filterEvents(view.events, parseEventFilter(state.eventFilter).filter).map((event) => event.id);
}

function toggleMark(state: ShellState): ShellState {
  const name = state.selectedMachine;
  if (name === null)
    return { ...state, notice: { text: 'select a machine to mark (↑/↓ or j/k)', tone: 'info' } };
  const marked = state.markedMachines.includes(name)
    ? state.markedMachines.filter((machine) => machine !== name)
    : [...state.markedMachines, name];
  return { ...state, markedMachines: marked };
}

function filterNotice(text: string): Notice | null {
  const { errors } = parseEventFilter(text);
  return errors.length === 0 ? null : { text: errors.join('; '), tone: 'error' };
}

function outputLines(result: CommandResult): TranscriptLine[] {
  return [
    ...splitOutput(result.stdout).map((text): TranscriptLine => ({ text, tone: 'stdout' })),
    ...splitOutput(result.stderr).map((text): TranscriptLine => ({ text, tone: 'stderr' })),
  ];
}

function splitOutput(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** One line for the footer: the command's first error line, or its first output line. */
function resultNotice(line: string, result: CommandResult): Notice {
  if (result.exitCode !== 0) {
    const first = splitOutput(result.stderr)[0] ?? `exit code ${result.exitCode}`;
    return { text: `${line}: ${first}`, tone: 'error' };
  }
  const first = splitOutput(result.stdout)[0];
  return { text: first === undefined ? line : `${line}: ${first}`, tone: 'info' };
}

function appendLines(lines: readonly TranscriptLine[], added: readonly TranscriptLine[]): TranscriptLine[] {
  return [...lines, ...added].slice(-transcriptLinesMax);
}
