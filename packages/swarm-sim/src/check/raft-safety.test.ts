/**
 * The Raft safety checker on hand-built traces: for each invariant, a good history it stays
 * silent on and a bad one it reports. Events are written the way lab/raft-host.ts emits them.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceEventInput } from '../kernel/trace-types.js';
import { checkRaftTrace, clusterResetNote, parseClusterResetNote } from './raft-safety.js';

function trace(...inputs: TraceEventInput[]): TraceEvent[] {
  return inputs.map(
    (input, position) => ({ id: position + 1, atMs: position, cause: null, ...input }) as TraceEvent,
  );
}

const fresh = (node: string): TraceEventInput => ({
  kind: 'recover',
  node,
  term: 0,
  votedFor: null,
  lastIndex: 0,
  lastTerm: 0,
  appliedIndex: 0,
});
const leader = (node: string, term: number): TraceEventInput => ({
  kind: 'role',
  node,
  term,
  role: 'leader',
  previousRole: 'candidate',
  reason: 'won election',
});
const follower = (node: string, term: number): TraceEventInput => ({
  kind: 'role',
  node,
  term,
  role: 'follower',
  previousRole: 'leader',
  reason: 'higher term',
});
const term = (node: string, to: number, from: number): TraceEventInput => ({
  kind: 'term',
  node,
  term: to,
  previousTerm: from,
});
const vote = (node: string, inTerm: number, votedFor: string): TraceEventInput => ({
  kind: 'vote',
  node,
  term: inTerm,
  votedFor,
});
const append = (node: string, index: number, inTerm: number, value: string): TraceEventInput => ({
  kind: 'append',
  node,
  index,
  term: inTerm,
  entryKind: 'command',
  value,
});
const truncate = (node: string, fromIndex: number): TraceEventInput => ({
  kind: 'truncate',
  node,
  fromIndex,
});
const commit = (node: string, index: number, inTerm: number): TraceEventInput => ({
  kind: 'commit',
  node,
  index,
  term: inTerm,
});
const apply = (node: string, index: number, inTerm: number, value: string): TraceEventInput => ({
  kind: 'apply',
  node,
  index,
  term: inTerm,
  entryKind: 'command',
  value,
  result: 'ok',
});

/** n1 leads term 1 and replicates "set x 1" at index 1 to n2; both commit and apply it. */
const goodStart = [
  fresh('n1'),
  fresh('n2'),
  fresh('n3'),
  term('n1', 1, 0),
  vote('n1', 1, 'n1'),
  term('n2', 1, 0),
  vote('n2', 1, 'n1'),
  leader('n1', 1),
  append('n1', 1, 1, 'set x 1'),
  append('n2', 1, 1, 'set x 1'),
  commit('n1', 1, 1),
  apply('n1', 1, 1, 'set x 1'),
  commit('n2', 1, 1),
  apply('n2', 1, 1, 'set x 1'),
];

function invariants(events: TraceEvent[]): string[] {
  return checkRaftTrace(events).map((finding) => finding.invariant);
}

describe('raft safety checker: silent on a correct history', () => {
  it('a leader elected, an entry replicated, committed and applied, a crash and a faithful restart', () => {
    const events = trace(
      ...goodStart,
      { kind: 'fault', fault: 'crash', node: 'n2', detail: 'crash n2' },
      { kind: 'recover', node: 'n2', term: 1, votedFor: 'n1', lastIndex: 1, lastTerm: 1, appliedIndex: 0 },
      commit('n2', 1, 1),
      apply('n2', 1, 1, 'set x 1'),
      term('n3', 2, 0),
      vote('n3', 2, 'n3'),
      term('n2', 2, 1),
      vote('n2', 2, 'n3'),
      truncate('n3', 1),
      append('n3', 1, 1, 'set x 1'),
      leader('n3', 2),
      follower('n1', 2),
      append('n3', 2, 2, 'set x 2'),
    );
    expect(checkRaftTrace(events)).toEqual([]);
  });
});

describe('raft safety checker: each invariant can fail', () => {
  it('election safety (§5.2): two leaders in one term', () => {
    const events = trace(...goodStart, append('n3', 1, 1, 'set x 1'), leader('n3', 1));
    expect(checkRaftTrace(events)).toEqual([
      { invariant: 'electionSafety', node: 'n3', message: 'n3 and n1 were both elected leader of term 1' },
    ]);
  });

  it('leader append-only (§5.3): a leader discards or overwrites its own entries', () => {
    expect(invariants(trace(...goodStart, truncate('n1', 1)))).toEqual(['leaderAppendOnly']);
    expect(invariants(trace(...goodStart.slice(0, 9), append('n1', 1, 1, 'set x 9')))).toEqual([
      'leaderAppendOnly',
      'logMatching',
    ]);
  });

  it('log matching (§5.3): the same index and term holding different commands, or different prefixes', () => {
    const differentCommand = trace(...goodStart.slice(0, 9), append('n2', 1, 1, 'set x 2'));
    expect(checkRaftTrace(differentCommand)).toEqual([
      {
        invariant: 'logMatching',
        node: 'n2',
        message: 'n2 has "command:set x 2" at index 1 term 1; another log has "command:set x 1"',
      },
    ]);
    const differentPrefix = trace(
      append('n1', 1, 1, 'a'),
      append('n1', 2, 2, 'b'),
      append('n2', 1, 2, 'c'),
      append('n2', 2, 2, 'b'),
    );
    expect(invariants(differentPrefix)).toEqual(['logMatching']);
  });

  it('leader completeness (§5.4): a leader elected without a committed entry', () => {
    const events = trace(...goodStart, term('n3', 2, 0), leader('n3', 2));
    expect(checkRaftTrace(events)).toEqual([
      {
        invariant: 'leaderCompleteness',
        node: 'n3',
        message: 'n3 became leader of term 2 without committed entry 1 (term 1)',
      },
    ]);
  });

  it('state machine safety (§5.4.3): two nodes apply different commands at one index', () => {
    const events = trace(
      append('n1', 1, 1, 'set x 1'),
      commit('n1', 1, 1),
      apply('n1', 1, 1, 'set x 1'),
      append('n2', 1, 2, 'set x 2'),
      commit('n2', 1, 2),
      apply('n2', 1, 2, 'set x 2'),
    );
    expect(invariants(events)).toEqual(['stateMachineSafety', 'stateMachineSafety']);
    expect(checkRaftTrace(events)[1]?.message).toBe(
      'n2 applied "command:set x 2" (term 2) at index 1, where another node applied "command:set x 1" (term 1)',
    );
  });

  it('terms never decrease', () => {
    expect(checkRaftTrace(trace(term('n1', 3, 0), term('n1', 2, 3)))).toEqual([
      { invariant: 'termMonotonic', node: 'n1', message: "n1's term went from 3 back to 2" },
    ]);
  });

  it('applies are contiguous and follow commits', () => {
    const skipped = trace(
      append('n1', 1, 1, 'a'),
      append('n1', 2, 1, 'b'),
      commit('n1', 2, 1),
      apply('n1', 2, 1, 'b'),
    );
    expect(checkRaftTrace(skipped)).toEqual([
      { invariant: 'applyContiguous', node: 'n1', message: 'n1 applied entry 2 right after entry 0' },
    ]);
    const early = trace(append('n1', 1, 1, 'a'), apply('n1', 1, 1, 'a'));
    expect(checkRaftTrace(early)[0]?.message).toBe('n1 applied entry 1 before committing it (commit 0)');
  });

  it('persisted state survives restart: a restart that forgets the vote or the log is reported', () => {
    const forgotVote = trace(...goodStart, {
      kind: 'recover',
      node: 'n2',
      term: 1,
      votedFor: null,
      lastIndex: 1,
      lastTerm: 1,
      appliedIndex: 0,
    });
    expect(checkRaftTrace(forgotVote)).toEqual([
      {
        invariant: 'persistence',
        node: 'n2',
        message:
          'n2 restarted with term 1, vote none, log up to 1 (term 1), but had persisted term 1, vote n1, log up to 1 (term 1)',
      },
    ]);
    const lostLog = trace(...goodStart, {
      kind: 'recover',
      node: 'n2',
      term: 1,
      votedFor: 'n1',
      lastIndex: 0,
      lastTerm: 0,
      appliedIndex: 0,
    });
    expect(invariants(lostLog)).toEqual(['persistence']);
  });

  it('a snapshot stands for the entries it covers', () => {
    const events = trace(
      ...goodStart,
      { kind: 'snapshot', node: 'n1', index: 1, term: 1, installed: false },
      { kind: 'snapshot', node: 'n3', index: 1, term: 1, installed: true },
      term('n3', 2, 0),
      leader('n3', 2),
      append('n3', 2, 2, 'set y 1'),
    );
    expect(checkRaftTrace(events)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Cluster epochs: `docker swarm init --force-new-cluster` (swarm.md §1.2)

const config = (node: string, index: number, inTerm: number, removed: string): TraceEventInput => ({
  kind: 'append',
  node,
  index,
  term: inTerm,
  entryKind: 'config',
  value: `removeVoter ${removed}`,
});
const reset = (survivor: string, removed: readonly string[]): TraceEventInput => ({
  kind: 'note',
  node: null,
  text: clusterResetNote(survivor, removed),
});

/**
 * Quorum lost: n1 led term 1 and appended "set x 2" at index 2 that nobody else got, then n1 and
 * n2 died. n3 forces a new cluster from its own log (still in term 1): its forced configuration
 * entries take indexes 2 and 3 in term 1, then it campaigns for term 2 and commits them alone.
 */
const forcedStory = [
  ...goodStart,
  append('n3', 1, 1, 'set x 1'),
  commit('n3', 1, 1),
  apply('n3', 1, 1, 'set x 1'),
  term('n3', 1, 0),
  append('n1', 2, 1, 'set x 2'),
  reset('n3', ['n1', 'n2']),
  config('n3', 2, 1, 'n1'),
  config('n3', 3, 1, 'n2'),
  term('n3', 2, 1),
  vote('n3', 2, 'n3'),
  leader('n3', 2),
  append('n3', 4, 2, ''),
  commit('n3', 4, 2),
];

describe('raft safety checker: cluster epochs (--force-new-cluster)', () => {
  it('the reset note says who survives and who was removed', () => {
    expect(clusterResetNote('3e8b1a', ['11aa', '22bb'])).toBe(
      'raft: 3e8b1a forces a new cluster epoch (removed: 11aa, 22bb)',
    );
    expect(parseClusterResetNote(clusterResetNote('3e8b1a', ['11aa', '22bb']))).toEqual({
      survivor: '3e8b1a',
      removed: ['11aa', '22bb'],
    });
    expect(parseClusterResetNote(clusterResetNote('n1', []))).toEqual({ survivor: 'n1', removed: [] });
    expect(parseClusterResetNote('raft: n1 leads')).toBeNull();
  });

  it("a survivor's forced entries may diverge from a dead leader's uncommitted ones: no violation", () => {
    expect(checkRaftTrace(trace(...forcedStory))).toEqual([]);
    // Without the reset note the very same appends are a log matching violation.
    const withoutNote = forcedStory.filter((event) => event.kind !== 'note');
    expect(invariants(trace(...withoutNote))).toEqual(['logMatching']);
  });

  it('the old members restarted are a cluster of their own, compared only with each other', () => {
    const events = trace(
      ...forcedStory,
      { kind: 'recover', node: 'n1', term: 1, votedFor: 'n1', lastIndex: 2, lastTerm: 1, appliedIndex: 0 },
      { kind: 'recover', node: 'n2', term: 1, votedFor: 'n1', lastIndex: 1, lastTerm: 1, appliedIndex: 0 },
      term('n1', 2, 1),
      vote('n1', 2, 'n1'),
      leader('n1', 2),
      append('n1', 3, 2, 'set x 3'),
      append('n2', 2, 1, 'set x 2'),
      append('n2', 3, 2, 'set x 3'),
      commit('n1', 3, 2),
    );
    expect(checkRaftTrace(events)).toEqual([]);
    // Inside the old epoch every invariant still holds: a second leader of its term 2 is caught.
    const twoOldLeaders = trace(
      ...events.map(({ id, atMs, cause, ...input }) => input as TraceEventInput),
      leader('n2', 2),
    );
    expect(checkRaftTrace(twoOldLeaders)).toEqual([
      { invariant: 'electionSafety', node: 'n2', message: 'n2 and n1 were both elected leader of term 2' },
    ]);
  });

  it('a real violation inside the new epoch is still caught', () => {
    // n4 joins the new cluster after the reset (so it belongs to the new epoch).
    const joined = [...forcedStory, fresh('n4'), term('n4', 2, 0)];
    const conflicting = trace(...joined, append('n4', 1, 1, 'set x 1'), append('n4', 2, 1, 'set x 2'));
    expect(checkRaftTrace(conflicting)).toEqual([
      {
        invariant: 'logMatching',
        node: 'n4',
        message: 'n4 has "command:set x 2" at index 2 term 1; another log has "config:removeVoter n1"',
      },
    ]);
    expect(invariants(trace(...joined, leader('n4', 2)))).toEqual(['electionSafety', 'leaderCompleteness']);
    // The entries the survivor had committed before the reset stay committed in the new epoch.
    const lost = trace(...forcedStory, truncate('n3', 1));
    expect(invariants(lost)).toEqual(['leaderAppendOnly']);
    const rewritten = trace(...forcedStory, fresh('n5'), append('n5', 1, 3, 'set x 9'), commit('n5', 1, 3));
    expect(invariants(rewritten)).toEqual(['stateMachineSafety']);
  });
});
