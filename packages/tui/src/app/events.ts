/**
 * The events pane's logic as pure functions: the `/` filter (by kind, by machine, by words) and
 * the walk from an event back through its causes.
 */

import type { EventKind, EventView } from '@swarmsim/swarm-sim';

export const eventKinds: readonly EventKind[] = [
  'fault',
  'network',
  'raft',
  'swarm',
  'task',
  'command',
  'scenario',
];

export interface EventFilter {
  /** Keep events of these kinds; empty keeps every kind. */
  readonly kinds: readonly EventKind[];
  /** Keep events on these machines; empty keeps every machine. */
  readonly machines: readonly string[];
  /** Keep events whose text contains every one of these words (case-insensitive). */
  readonly words: readonly string[];
}

export const noEventFilter: EventFilter = { kinds: [], machines: [], words: [] };

/**
 * Reads a filter typed after `/`: `kind=raft`, `kind=raft,fault`, `machine=manager1`,
 * `m=worker1` and plain words, in any order, separated by spaces. Unknown kinds are reported in
 * `errors` and ignored, never thrown.
 */
export function parseEventFilter(text: string): {
  readonly filter: EventFilter;
  readonly errors: readonly string[];
} {
  const kinds: EventKind[] = [];
  const machines: string[] = [];
  const words: string[] = [];
  const errors: string[] = [];
  for (const token of text.split(/\s+/).filter((part) => part !== '')) {
    const match = /^(kind|k|machine|m)[=:](.*)$/.exec(token);
    if (match === null) {
      words.push(token.toLowerCase());
      continue;
    }
    const values = (match[2] as string).split(',').filter((value) => value !== '');
    if (match[1] === 'machine' || match[1] === 'm') {
      machines.push(...values);
      continue;
    }
    for (const value of values) {
      const kind = eventKinds.find((known) => known === value.toLowerCase());
      if (kind === undefined) errors.push(`unknown event kind "${value}" (kinds: ${eventKinds.join(', ')})`);
      else kinds.push(kind);
    }
  }
  return { filter: { kinds, machines, words }, errors };
}

export function isFilterEmpty(filter: EventFilter): boolean {
  return filter.kinds.length === 0 && filter.machines.length === 0 && filter.words.length === 0;
}

export function filterEvents(events: readonly EventView[], filter: EventFilter): readonly EventView[] {
  if (isFilterEmpty(filter)) return events;
  return events.filter((event) => {
    if (filter.kinds.length > 0 && !filter.kinds.includes(event.kind)) return false;
    if (filter.machines.length > 0 && (event.machine === null || !filter.machines.includes(event.machine))) {
      return false;
    }
    const text = event.text.toLowerCase();
    return filter.words.every((word) => text.includes(word));
  });
}

export interface CauseChain {
  /** The event itself, then its cause, then that event's cause, …, oldest last. */
  readonly events: readonly EventView[];
  /**
   * The id of the first cause that is not among the view's events (trimmed from the trace), or
   * null when the chain ends at a root cause.
   */
  readonly missingCauseId: number | null;
}

/**
 * Walks from event `id` through `causeId`s. Bounded: stops after `lengthMax` events, and
 * refuses to follow a cause that does not point back in time (the view's invariant
 * `causeId < id`), so a malformed view cannot loop.
 */
export function causeChain(events: readonly EventView[], id: number, lengthMax = 32): CauseChain {
  const byId = new Map(events.map((event) => [event.id, event]));
  const chain: EventView[] = [];
  let current = byId.get(id);
  while (current !== undefined && chain.length < lengthMax) {
    chain.push(current);
    const causeId = current.causeId;
    if (causeId === null || causeId >= current.id) return { events: chain, missingCauseId: null };
    const cause = byId.get(causeId);
    if (cause === undefined) return { events: chain, missingCauseId: causeId };
    current = cause;
  }
  return { events: chain, missingCauseId: null };
}
