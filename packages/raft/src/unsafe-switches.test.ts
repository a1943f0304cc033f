/**
 * Each unsafe switch re-creates a classic Raft bug. Each scenario below is a fixed script on the
 * in-memory test network; it ends in a safety violation with the switch on and in none with it
 * off. The network's checkers report violations (Election Safety, State Machine Safety) the
 * way the simulator's checkers must.
 *
 * The clusters run with CheckQuorum off: with it on, leader stickiness would make followers
 * that heard from a leader moments ago ignore a forced campaign, and these scripts use no ticks.
 */
import { describe, expect, it } from 'vitest';
import { lastLogIndex } from './log.js';
import {
  campaign,
  crash,
  createTestNetwork,
  cut,
  deliverAt,
  dropWhere,
  heal,
  ignore,
  isolate,
  leaders,
  nodeOf,
  propose,
  proposeConfigChange,
  restart,
  stabilize,
  type TestNetwork,
} from './testing/network.js';
import type { ProposeResult, UnsafeSwitch } from './types.js';

function cluster(size: number, unsafe: UnsafeSwitch[], entriesPerMessageMax = 64): TestNetwork {
  const ids = Array.from({ length: size }, (_, position) => `n${position + 1}`);
  return createTestNetwork({ ids, config: { checkQuorum: false, entriesPerMessageMax, unsafe } });
}

/**
 * Figure 8 with five nodes (raft.md §2.3), using each new leader's no-op as its entry:
 * (a) n1 leads term 1 and appends x at index 2, which reaches n2 only;
 * (b) n1 crashes; n5 wins term 2 (votes n3, n4) and appends entries that reach nobody;
 * (c) n5 crashes; n1 restarts, wins term 3 and copies x to n3 and n4: index 2 is on a majority,
 *     but n1's own term-3 entry reaches nobody;
 * (d) n1 crashes; n5 restarts and wins term 4 (its last term 2 beats their 1) and overwrites
 *     index 2 everywhere.
 * Counting replicas in (c) commits x, which (d) then loses.
 */
function figure8(unsafe: UnsafeSwitch[]): TestNetwork {
  const network = cluster(5, unsafe, 1);
  campaign(network, 'n1');
  stabilize(network);
  isolate(network, 'n1', 'n2');
  propose(network, 'n1', 'x');
  stabilize(network);
  expect(nodeOf(network, 'n1').commitIndex).toBe(1);

  crash(network, 'n1');
  heal(network);
  ignore(network, 'appendEntries');
  campaign(network, 'n5');
  stabilize(network);
  expect(leaders(network)).toEqual(['n5']);
  propose(network, 'n5', 'y');
  stabilize(network);
  crash(network, 'n5');
  heal(network);

  restart(network, 'n1');
  // Term-3 entries get through nowhere they would be accepted; the rest flows.
  dropWhere(
    network,
    (message) =>
      message.type === 'appendEntries' &&
      message.entries.some((entry) => entry.term === 3) &&
      lastLogIndex(nodeOf(network, message.to).log) >= 2,
  );
  campaign(network, 'n1'); // term 2: n3 and n4 already voted for n5 in term 2.
  stabilize(network);
  campaign(network, 'n1'); // term 3: n2, n3, n4 vote for n1.
  stabilize(network);
  expect(leaders(network)).toEqual(['n1']);
  expect(nodeOf(network, 'n1').term).toBe(3);
  for (const id of ['n3', 'n4'])
    expect(nodeOf(network, id).log.entries.map((entry) => entry.term)).toEqual([1, 1]);

  crash(network, 'n1');
  heal(network);
  restart(network, 'n5');
  campaign(network, 'n5'); // term 3: everyone voted for n1.
  stabilize(network);
  campaign(network, 'n5'); // term 4: n2, n3, n4 vote for n5.
  stabilize(network);
  expect(leaders(network)).toEqual(['n5']);
  expect(nodeOf(network, 'n5').commitIndex).toBe(4);
  return network;
}

describe('unsafe switches re-create classic bugs, and only when switched on', () => {
  it('commitPreviousTermByCount: Figure 8 ends with two nodes applying different entries at index 2', () => {
    // "Raft never commits log entries from previous terms by counting replicas." Reference: §5.4.2, Figure 8
    const network = figure8(['commitPreviousTermByCount']);
    expect(network.violations).toEqual(
      ['n5', 'n2', 'n3', 'n4'].map(
        (id) => `state machine safety: n1 applied 2/1 command:x but ${id} applied 2/2 noop`,
      ),
    );
  });

  it('commitPreviousTermByCount off: the same Figure 8 schedule loses nothing that was committed', () => {
    // Reference: §5.4.2, Figure 8
    const network = figure8([]);
    expect(network.violations).toEqual([]);
    expect(network.appliedAt.get(2)?.entry).toEqual({ index: 2, term: 2, kind: 'noop' });
  });

  /**
   * n1 leads term 1 with n2 while n3 is cut off; a is committed at index 2 (n1 applies it), but
   * the commit notice to n2 is lost. n1 crashes; n3, whose log lacks a, asks for votes in term 2.
   */
  function staleCandidate(unsafe: UnsafeSwitch[]): TestNetwork {
    const network = cluster(3, unsafe);
    campaign(network, 'n1');
    stabilize(network);
    isolate(network, 'n3');
    dropWhere(network, (message) => message.type === 'appendEntries' && message.leaderCommit >= 2);
    propose(network, 'n1', 'a');
    stabilize(network);
    expect(nodeOf(network, 'n1').commitIndex).toBe(2);
    crash(network, 'n1');
    heal(network);
    campaign(network, 'n3');
    stabilize(network);
    return network;
  }

  it('voteWithoutLogCheck: a candidate missing a committed entry wins and overwrites it', () => {
    // "The voter denies its vote if its own log is more up-to-date than that of the candidate."
    // Reference: §5.4.1
    const network = staleCandidate(['voteWithoutLogCheck']);
    expect(leaders(network)).toEqual(['n3']);
    expect(network.violations).toEqual(
      ['n3', 'n2'].map((id) => `state machine safety: n1 applied 2/1 command:a but ${id} applied 2/2 noop`),
    );
  });

  it('voteWithoutLogCheck off: the stale candidate cannot win', () => {
    // Reference: §5.4.1
    const network = staleCandidate([]);
    expect(leaders(network)).toEqual([]);
    expect(nodeOf(network, 'n2').log.entries.at(-1)).toMatchObject({ index: 2, data: 'a' });
    expect(network.violations).toEqual([]);
  });

  /**
   * n2 votes for n1 in term 1 and crashes before anything else reaches it; n3, cut off from n1,
   * then asks n2 for its vote in the same term.
   */
  function voteTwice(unsafe: UnsafeSwitch[]): TestNetwork {
    const network = cluster(3, unsafe);
    cut(network, 'n1', 'n3');
    campaign(network, 'n1');
    deliverAt(network); // n1 -> n2 requestVote: granted
    deliverAt(network); // n1 -> n3 requestVote: dropped, link cut
    deliverAt(network); // n2 -> n1 granted: n1 leads term 1
    expect(leaders(network)).toEqual(['n1']);
    crash(network, 'n2');
    restart(network, 'n2');
    campaign(network, 'n3');
    stabilize(network);
    return network;
  }

  it('forgetVoteOnRestart: a restarted node votes twice in one term, and term 1 gets two leaders', () => {
    // "Each server will vote for at most one candidate in a given term" needs votedFor on
    // stable storage (Figure 2). Reference: §5.2, Figure 2
    const network = voteTwice(['forgetVoteOnRestart']);
    expect(nodeOf(network, 'n2').votedFor).toBe('n3');
    expect(leaders(network)).toEqual(['n1', 'n3']);
    expect(network.violations).toEqual(['election safety: n1 and n3 both lead term 1']);
  });

  it('forgetVoteOnRestart off: the restarted node remembers its vote and refuses the second candidate', () => {
    // Reference: §5.2, Figure 2
    const network = voteTwice([]);
    expect(nodeOf(network, 'n2').votedFor).toBe('n1');
    expect(leaders(network)).toEqual(['n1']);
    expect(network.violations).toEqual([]);
  });

  /**
   * Two voters added at once (thesis §4.1, Figure 4.2): n3 leads {n1,n2,n3} and, cut off from
   * n1 and n2, appends "add n4" and, without waiting for it to commit, "add n5". Now n3, n4 and
   * n5 use {n1..n5} (majority n3,n4,n5) while n1 and n2 still use {n1,n2,n3} (majority n1,n2):
   * two disjoint majorities. n1 and n4 both campaign in term 2.
   */
  function addTwoVotersAtOnce(unsafe: UnsafeSwitch[]): { network: TestNetwork; second: ProposeResult } {
    const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const network = createTestNetwork({
      ids,
      voters: ['n1', 'n2', 'n3'],
      config: { checkQuorum: false, unsafe },
    });
    campaign(network, 'n3');
    stabilize(network);
    isolate(network, 'n1', 'n2');
    expect(proposeConfigChange(network, 'n3', { type: 'addVoter', node: 'n4' }).ok).toBe(true);
    const second = proposeConfigChange(network, 'n3', { type: 'addVoter', node: 'n5' });
    stabilize(network);
    campaign(network, 'n1');
    stabilize(network);
    campaign(network, 'n4');
    stabilize(network);
    return { network, second };
  }

  it('concurrentMembershipChanges: adding two voters at once lets n1 and n4 both win term 2', () => {
    // "If the cluster's configuration is changed by more than one server at a time, the majority
    // of the old and new configurations can be disjoint." Reference: thesis §4.1, Figure 4.2
    const { network, second } = addTwoVotersAtOnce(['concurrentMembershipChanges']);
    expect(second.ok).toBe(true);
    expect(nodeOf(network, 'n1').membership.voters).toEqual(['n1', 'n2', 'n3']);
    expect(nodeOf(network, 'n4').membership.voters).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(leaders(network)).toEqual(['n1', 'n4']);
    // n3 committed "add n4" with n4 and n5 (3 of 5); n1 committed its no-op with n2 (2 of 3).
    expect(network.violations).toEqual([
      'state machine safety: n3 applied 2/1 config:addVoter:n4 but n1 applied 2/2 noop',
      'state machine safety: n3 applied 2/1 config:addVoter:n4 but n2 applied 2/2 noop',
      'election safety: n1 and n4 both lead term 2',
    ]);
  });

  it('concurrentMembershipChanges off: the second change waits, and n4 cannot win with {n3,n4}', () => {
    // Reference: thesis §4.1
    const { network, second } = addTwoVotersAtOnce([]);
    expect(second).toMatchObject({ ok: false, reason: 'changeInProgress' });
    expect(nodeOf(network, 'n4').membership.voters).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(leaders(network)).toEqual(['n1']);
    expect(network.violations).toEqual([]);
  });
});
