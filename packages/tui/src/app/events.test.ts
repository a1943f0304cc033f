import type { EventView } from '@swarmsim/swarm-sim';
import { describe, expect, it } from 'vitest';
import { causeChain, filterEvents, parseEventFilter } from './events.js';
import { swarmView } from './fixtures.js';

const events = swarmView.events;

describe('events pane: the / filter by kind, machine and words', () => {
  it('reads kinds, machines and words in any order', () => {
    expect(parseEventFilter('kind=raft,fault m=manager2 Leader').filter).toEqual({
      kinds: ['raft', 'fault'],
      machines: ['manager2'],
      words: ['leader'],
    });
  });

  it('reports an unknown kind instead of throwing', () => {
    const { filter, errors } = parseEventFilter('kind=raft,gossip');
    expect(filter.kinds).toEqual(['raft']);
    expect(errors).toEqual([expect.stringContaining('unknown event kind "gossip"')]);
  });

  it('keeps the events that match every part', () => {
    expect(filterEvents(events, parseEventFilter('kind=fault').filter).map((event) => event.text)).toEqual([
      'kill manager1',
      'restart manager1',
    ]);
    const onManager2 = filterEvents(events, parseEventFilter('machine=manager2 kind=raft leader').filter);
    expect(onManager2.map((event) => event.id)).toEqual([13]);
    expect(filterEvents(events, parseEventFilter('').filter)).toBe(events);
  });

  it('does not match cluster-wide events (no machine) to a machine filter', () => {
    const pending = filterEvents(events, parseEventFilter('pending').filter);
    expect(pending.map((event) => event.id)).toEqual([18]);
    expect(filterEvents(pending, parseEventFilter('m=manager2').filter)).toEqual([]);
  });
});

describe('events pane: why did this happen? walking the causes', () => {
  it('walks from the new leader back to the kill that started the election', () => {
    const chain = causeChain(events, 13);
    expect(chain.events.map((event) => event.id)).toEqual([13, 12, 11, 10, 9]);
    expect(chain.missingCauseId).toBeNull();
  });

  it('says when a cause is older than the events the view kept', () => {
    const trimmed = events.filter((event) => event.id >= 11);
    expect(causeChain(trimmed, 13)).toMatchObject({ missingCauseId: 10 });
    expect(causeChain(trimmed, 13).events).toHaveLength(3);
  });

  it('stops on a malformed view: a cause that points forward, or an endless chain', () => {
    const forward: EventView[] = [
      { id: 1, atMs: 0, kind: 'raft', machine: null, text: 'a', causeId: 2 },
      { id: 2, atMs: 0, kind: 'raft', machine: null, text: 'b', causeId: 1 },
    ];
    expect(causeChain(forward, 2).events.map((event) => event.id)).toEqual([2, 1]);
    const long = Array.from({ length: 100 }, (_, index) => ({
      id: index + 1,
      atMs: index,
      kind: 'raft' as const,
      machine: null,
      text: `${index}`,
      causeId: index === 0 ? null : index,
    }));
    expect(causeChain(long, 100, 10).events).toHaveLength(10);
  });

  it('returns nothing for an id the view does not have', () => {
    expect(causeChain(events, 999)).toEqual({ events: [], missingCauseId: null });
  });
});
