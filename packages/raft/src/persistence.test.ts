import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.js';
import { createNode } from './node.js';
import { applyPersistAction, emptyPersistentState } from './persistence.js';
import { step } from './step.js';
import { appendEntries, entriesWithTerms } from './testing/fixtures.js';
import { campaign, createTestNetwork, nodeOf, propose, stabilize } from './testing/network.js';
import type { Snapshot } from './types.js';

describe('persistence contract: persist before send, restart loses nothing acknowledged', () => {
  it('applies truncation and appends like the node changed its own log', () => {
    // A follower replaces a conflicting suffix: the host must discard from the conflict on.
    const state = emptyPersistentState();
    const node = createNode(defaultConfig('n1'), { seed: 1, membership: { voters: ['n1', 'n2', 'n3'] } });
    const first = step(
      node,
      appendEntries({ from: 'n2', to: 'n1', term: 1, entries: entriesWithTerms([1, 1, 1]) }),
    );
    applyPersistAction(state, first.persist!);
    const second = step(
      node,
      appendEntries({
        from: 'n3',
        to: 'n1',
        term: 2,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: entriesWithTerms([2], 2),
      }),
    );
    expect(second.persist).toMatchObject({ hardState: { term: 2, votedFor: null }, truncateFromIndex: 2 });
    applyPersistAction(state, second.persist!);
    expect(state).toEqual({ term: 2, votedFor: null, entries: node.log.entries, snapshot: null });
  });

  it('makes every hard-state change visible in the same output as the messages that depend on it', () => {
    // A candidate's requestVote depends on its new term and self-vote; both are in persist.
    const network = createTestNetwork({ ids: ['n1', 'n2', 'n3'] });
    campaign(network, 'n1');
    stabilize(network);
    propose(network, 'n1', 'x');
    stabilize(network);
    // The network asserts after every call that its disk copy equals the node's state.
    for (const id of network.ids) {
      expect(network.storage.get(id)).toMatchObject({ term: 1, votedFor: 'n1' });
      expect(network.storage.get(id)!.entries).toEqual(nodeOf(network, id).log.entries);
    }
  });

  it('sends a snapshot to a follower whose next entry is compacted, and the follower installs it', () => {
    // §7: "the leader must occasionally send snapshots to followers that lag behind."
    const snapshot: Snapshot = {
      lastIncludedIndex: 5,
      lastIncludedTerm: 1,
      membership: { voters: ['n1', 'n2', 'n3'] },
      data: 'state at 5',
    };
    // n1 kept index 6 after a snapshot of 1..5; n2 and n3 are empty.
    const network = createTestNetwork({
      ids: ['n1', 'n2', 'n3'],
      persisted: { n1: { term: 1, votedFor: 'n1', entries: entriesWithTerms([1], 6), snapshot } },
    });
    campaign(network, 'n1');
    stabilize(network);
    const follower = nodeOf(network, 'n2');
    expect(network.trace).toContain('n1->n2 installSnapshot term=2 snapshot=5/1');
    expect(follower.log.snapshot).toEqual(snapshot);
    expect(follower.log.entries.map((entry) => entry.index)).toEqual([6, 7]);
    expect(network.storage.get('n2')).toMatchObject({ snapshot, entries: follower.log.entries });
    expect(follower.commitIndex).toBe(7);
  });
});
