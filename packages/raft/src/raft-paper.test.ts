/**
 * Tests that check the scenarios of the Raft paper (https://raft.github.io/raft.pdf) §5.1-§5.4,
 * after etcd's raft_paper_test.go. Each test focuses on a few sentences of the paper, cited in
 * its comment, and has three parts:
 *   init:  build a node in the state the sentence starts from, by driving it through the
 *          public API (createNode from persisted state, campaign, vote answers), not by
 *          writing private fields;
 *   act:   hand it a message (`step`), a tick, a proposal or a forced timeout, directly, with
 *          no simulator and no network in between;
 *   check: the exact messages it sends, what it persists, what it commits, and its state.
 * Cases that hold in every role run once per role with `describe.each`.
 */
import { describe, expect, it } from 'vitest';
import { campaign, propose, tick } from './api.js';
import { defaultConfig } from './config.js';
import { createNode, type RaftNode } from './node.js';
import { nodeStatus } from './status.js';
import { step } from './step.js';
import {
  acceptAll,
  appendAccepted,
  appendEntries,
  driveToRole,
  entriesWithTerms,
  messagesOf,
  newCommittedLeader,
  newTestNode,
  proposeData,
  voteResponse,
  voterIds,
} from './testing/fixtures.js';
import {
  campaign as campaignAt,
  crash,
  createTestNetwork,
  handleOutput,
  nodeOf,
  propose as proposeAt,
  stabilize,
} from './testing/network.js';
import type { Message, RaftOutput, Role } from './types.js';

const electionTimeoutTicks = 10;

function termsOf(node: RaftNode): number[] {
  return node.log.entries.map((entry) => entry.term);
}

/** A node in `role` at `term` (candidates and leaders get there by campaigning from term - 1). */
function nodeInRoleAtTerm(role: Role, term: number): RaftNode {
  const node = newTestNode({ term: role === 'follower' ? term : term - 1 });
  driveToRole(node, role);
  expect(node.term).toBe(term);
  return node;
}

describe('§5.1 Raft basics', () => {
  describe.each<Role>(['follower', 'candidate', 'leader'])('a %s', (role) => {
    it('adopts a higher term from any message and becomes a follower of its sender', () => {
      // "If one server's current term is smaller than the other's, then it updates its current
      // term to the larger value. If a candidate or leader discovers that its term is out of
      // date, it immediately reverts to follower state." Reference: §5.1
      const node = nodeInRoleAtTerm(role, 1);
      const output = step(node, appendEntries({ from: 'n2', to: 'n1', term: 2 }));
      expect(node.role).toBe('follower');
      expect(node.term).toBe(2);
      expect(node.leaderId).toBe('n2');
      expect(node.votedFor).toBeNull();
      expect(output.persist?.hardState).toEqual({ term: 2, votedFor: null });
    });

    it('rejects requests with a stale term and ignores stale responses, changing nothing', () => {
      // "If a server receives a request with a stale term number, it rejects the request."
      // A stale appendEntries is refused in our term (so the old leader steps down); a stale
      // requestVote or pre-vote is refused in our term (so the candidate updates itself).
      // Reference: §5.1, Figure 2
      const node = nodeInRoleAtTerm(role, 2);
      const before = structuredClone(node);
      const appendOutput = step(node, appendEntries({ from: 'n2', to: 'n1', term: 1, prevLogIndex: 4 }));
      expect(appendOutput.messages).toEqual([
        {
          type: 'appendEntriesResponse',
          from: 'n1',
          to: 'n2',
          term: 2,
          success: false,
          matchIndex: 0,
          conflictIndex: 0,
          conflictTerm: 0,
          rejectedIndex: 4,
        },
      ]);
      const voteRequest: Message = {
        type: 'requestVote',
        from: 'n3',
        to: 'n1',
        term: 1,
        lastLogIndex: 9,
        lastLogTerm: 1,
        preVote: false,
        transfer: false,
      };
      expect(step(node, voteRequest).messages).toEqual([
        {
          type: 'requestVoteResponse',
          from: 'n1',
          to: 'n3',
          term: 2,
          granted: false,
          preVote: false,
          staleRequestTerm: 1,
        },
      ]);
      expect(step(node, { ...voteRequest, preVote: true }).messages).toEqual([
        {
          type: 'requestVoteResponse',
          from: 'n1',
          to: 'n3',
          term: 2,
          granted: false,
          preVote: true,
          staleRequestTerm: 1,
        },
      ]);
      const staleAnswer = step(node, appendAccepted('n2', 'n1', 1, 5));
      expect(staleAnswer.messages).toEqual([]);
      expect(appendOutput.persist).toBeNull();
      expect(node).toEqual(before);
    });
  });
});

describe('§5.2 Leader election', () => {
  it('starts every node as a follower, fresh or restarted', () => {
    // "When servers start up, they begin as followers." Reference: §5.2
    const fresh = newTestNode();
    expect(nodeStatus(fresh)).toMatchObject({ role: 'follower', term: 0, votedFor: null, leaderId: null });
    const restarted = newTestNode({ term: 5, votedFor: 'n2', logTerms: [1, 5] });
    expect(nodeStatus(restarted)).toMatchObject({
      role: 'follower',
      term: 5,
      votedFor: 'n2',
      commitIndex: 0,
    });
  });

  it('makes a leader send empty appendEntries heartbeats to every follower each heartbeat interval', () => {
    // "Leaders send periodic heartbeats (AppendEntries RPCs that carry no log entries) to all
    // followers in order to maintain their authority." Reference: §5.2
    const leader = newCommittedLeader({ config: { heartbeatIntervalTicks: 2 } });
    expect(leader.commitIndex).toBe(1);
    expect(tick(leader).messages).toEqual([]);
    const heartbeats = tick(leader).messages;
    expect(heartbeats).toEqual(
      ['n2', 'n3'].map((to) => ({
        type: 'appendEntries',
        from: 'n1',
        to,
        term: 1,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [],
        leaderCommit: 1,
      })),
    );
  });

  describe.each<Role>(['follower', 'candidate'])('a %s', (role) => {
    it('starts an election after an election timeout: new term, own vote, requestVote to every peer', () => {
      // "If a follower receives no communication over a period of time called the election
      // timeout, then it ... begins an election ... increments its current term and
      // transitions to candidate state. It then votes for itself and issues RequestVote RPCs in
      // parallel to each of the other servers." A candidate that times out does the same.
      // Reference: §5.2
      const node = newTestNode({ term: role === 'follower' ? 1 : 0, logTerms: [1] });
      driveToRole(node, role);
      expect(node.term).toBe(1);
      let output: RaftOutput | undefined;
      for (let ticks = 0; ticks < 2 * electionTimeoutTicks && node.term === 1; ticks++) output = tick(node);
      expect(node.role).toBe('candidate');
      expect(node.term).toBe(2);
      expect(node.votedFor).toBe('n1');
      expect(output?.persist?.hardState).toEqual({ term: 2, votedFor: 'n1' });
      expect(output?.messages).toEqual(
        ['n2', 'n3'].map((to) => ({
          type: 'requestVote',
          from: 'n1',
          to,
          term: 2,
          lastLogIndex: 1,
          lastLogTerm: 1,
          preVote: false,
          transfer: false,
        })),
      );
    });

    it('draws its randomized election timeout from every value in [ET, 2·ET)', () => {
      // "Raft uses randomized election timeouts ... chosen randomly from a fixed interval (e.g.,
      // 150–300ms)." Reference: §5.2
      const seen = new Set<number>();
      for (let round = 0; round < 500; round++) {
        const node = newTestNode({ seed: round });
        driveToRole(node, role);
        let ticks = 0;
        while (ticks < 3 * electionTimeoutTicks) {
          ticks++;
          if (tick(node).roleChanges.some((change) => change.event === 'TIMEOUT')) break;
        }
        seen.add(ticks);
      }
      const expected = Array.from(
        { length: electionTimeoutTicks },
        (_, offset) => electionTimeoutTicks + offset,
      );
      expect([...seen].sort((left, right) => left - right)).toEqual(expected);
    });

    it('rarely times out on the same tick as another node (split votes are rare)', () => {
      // "Election timeouts are chosen randomly ... This spreads out the servers so that in most
      // cases only a single server will time out." Reference: §5.2
      let conflicts = 0;
      const rounds = 1000;
      for (let round = 0; round < rounds; round++) {
        const nodes = voterIds(5).map((id, position) =>
          newTestNode({ id, voters: voterIds(5), seed: round * 5 + position }),
        );
        for (const node of nodes) driveToRole(node, role);
        for (let ticks = 0; ticks < 3 * electionTimeoutTicks; ticks++) {
          const timedOut = nodes.filter((node) =>
            tick(node).roleChanges.some((change) => change.event === 'TIMEOUT'),
          ).length;
          if (timedOut > 1) conflicts++;
          if (timedOut > 0) break;
        }
      }
      expect(conflicts / rounds).toBeLessThanOrEqual(0.3);
    });
  });

  it.each([
    { size: 1, votes: {}, expected: 'leader' },
    { size: 3, votes: { n2: true, n3: true }, expected: 'leader' },
    { size: 3, votes: { n2: true }, expected: 'leader' },
    { size: 5, votes: { n2: true, n3: true, n4: true, n5: true }, expected: 'leader' },
    { size: 5, votes: { n2: true, n3: true, n4: true }, expected: 'leader' },
    { size: 5, votes: { n2: true, n3: true }, expected: 'leader' },
    { size: 3, votes: { n2: false, n3: false }, expected: 'follower' },
    { size: 5, votes: { n2: false, n3: false, n4: false, n5: false }, expected: 'follower' },
    { size: 5, votes: { n2: true, n3: false, n4: false, n5: false }, expected: 'follower' },
    { size: 3, votes: {}, expected: 'candidate' },
    { size: 5, votes: { n2: true }, expected: 'candidate' },
    { size: 5, votes: { n2: false, n3: false }, expected: 'candidate' },
    { size: 5, votes: {}, expected: 'candidate' },
  ] as const)('decides an election in one round: $size voters, votes $votes -> $expected', (testCase) => {
    // "A candidate wins an election if it receives votes from a majority of the servers in the
    // full cluster for the same term." ... "a candidate neither wins nor loses the election"
    // when votes split. Reference: §5.2
    const node = newTestNode({ voters: voterIds(testCase.size) });
    campaign(node);
    for (const [voter, granted] of Object.entries(testCase.votes))
      step(node, voteResponse(node, voter, granted));
    expect(node.role).toBe(testCase.expected);
    expect(node.term).toBe(1);
  });

  it.each([
    { votedFor: null, candidate: 'n2', granted: true },
    { votedFor: null, candidate: 'n3', granted: true },
    { votedFor: 'n2', candidate: 'n2', granted: true },
    { votedFor: 'n3', candidate: 'n3', granted: true },
    { votedFor: 'n2', candidate: 'n3', granted: false },
    { votedFor: 'n3', candidate: 'n2', granted: false },
  ])(
    'votes at most once per term, first come first served: voted $votedFor, asked by $candidate',
    (testCase) => {
      // "Each server will vote for at most one candidate in a given term, on a first-come-first-
      // served basis." Reference: §5.2
      const node = newTestNode({ term: 1, votedFor: testCase.votedFor });
      const output = step(node, {
        type: 'requestVote',
        from: testCase.candidate,
        to: 'n1',
        term: 1,
        lastLogIndex: 0,
        lastLogTerm: 0,
        preVote: false,
        transfer: false,
      });
      expect(output.messages).toEqual([
        {
          type: 'requestVoteResponse',
          from: 'n1',
          to: testCase.candidate,
          term: 1,
          granted: testCase.granted,
          preVote: false,
        },
      ]);
      expect(node.votedFor).toBe(testCase.granted ? testCase.candidate : testCase.votedFor);
      if (testCase.granted && testCase.votedFor === null) {
        expect(output.persist?.hardState).toEqual({ term: 1, votedFor: testCase.candidate });
      }
    },
  );

  it.each([1, 2])('makes a candidate that hears from a leader of term %i (>= its own) fall back', (term) => {
    // "If the leader's term ... is at least as large as the candidate's current term, then the
    // candidate recognizes the leader as legitimate and returns to follower state."
    // Reference: §5.2
    const node = newTestNode();
    campaign(node);
    expect(node.term).toBe(1);
    step(node, appendEntries({ from: 'n2', to: 'n1', term }));
    expect(node.role).toBe('follower');
    expect(node.term).toBe(term);
    expect(node.leaderId).toBe('n2');
  });
});

describe('§5.3 Log replication', () => {
  it('appends a proposal at the leader and sends it to every follower', () => {
    // "The leader appends the command to its log as a new entry, then issues AppendEntries
    // RPCs in parallel to each of the other servers to replicate the entry." Reference: §5.3
    const leader = newCommittedLeader();
    const { output, result } = propose(leader, 'some data');
    const entry = { index: 2, term: 1, kind: 'command', data: 'some data' };
    expect(result).toEqual({ ok: true, index: 2, term: 1 });
    expect(output.persist).toEqual({
      hardState: null,
      truncateFromIndex: null,
      appendedEntries: [entry],
      snapshot: null,
    });
    expect(output.committed).toEqual([]);
    expect(output.messages).toEqual(
      ['n2', 'n3'].map((to) => ({
        type: 'appendEntries',
        from: 'n1',
        to,
        term: 1,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [entry],
        leaderCommit: 1,
      })),
    );
  });

  it('refuses a proposal at a non-leader and names the leader it knows', () => {
    // "If a client contacts a follower, the follower redirects it to the leader." Reference: §5.3, §8
    const node = newTestNode({ term: 1 });
    step(node, appendEntries({ from: 'n2', to: 'n1', term: 1 }));
    const { output, result } = propose(node, 'x');
    expect(result).toEqual({ ok: false, reason: 'notLeader', leaderId: 'n2' });
    expect(output.messages).toEqual([]);
    expect(node.log.entries).toEqual([]);
  });

  it('commits an entry once a majority holds it, hands it over to apply, and tells the followers', () => {
    // "When the entry has been safely replicated, the leader applies the entry to its state
    // machine ... The leader keeps track of the highest index it knows to be committed, and it
    // includes that index in future AppendEntries RPCs." Reference: §5.3
    const leader = newCommittedLeader();
    const outputs = acceptAll(leader, proposeData(leader, 'some data').messages);
    expect(leader.commitIndex).toBe(2);
    expect(outputs[0]?.committed).toEqual([{ index: 2, term: 1, kind: 'command', data: 'some data' }]);
    const commitNotices = messagesOf(outputs).filter((message) => message.type === 'appendEntries');
    expect(commitNotices.length).toBeGreaterThan(0);
    for (const message of commitNotices) expect(message).toMatchObject({ leaderCommit: 2 });
  });

  it.each([
    { size: 1, acceptors: [], committed: true },
    { size: 3, acceptors: [], committed: false },
    { size: 3, acceptors: ['n2'], committed: true },
    { size: 3, acceptors: ['n2', 'n3'], committed: true },
    { size: 5, acceptors: [], committed: false },
    { size: 5, acceptors: ['n2'], committed: false },
    { size: 5, acceptors: ['n2', 'n3'], committed: true },
    { size: 5, acceptors: ['n2', 'n3', 'n4'], committed: true },
    { size: 5, acceptors: ['n2', 'n3', 'n4', 'n5'], committed: true },
  ])('commits iff a majority acknowledges: $size voters, acks from $acceptors', (testCase) => {
    // "A log entry is committed once the leader that created the entry has replicated it on a
    // majority of the servers." Reference: §5.3
    const leader = newCommittedLeader({ voters: voterIds(testCase.size) });
    acceptAll(leader, proposeData(leader, 'some data').messages, testCase.acceptors);
    expect(leader.commitIndex).toBe(testCase.committed ? 2 : 1);
  });

  it.each([[[]], [[2]], [[1, 2]], [[1]]])(
    'commits the entries of earlier terms before a new one: log %j',
    (terms) => {
      // "This also commits all preceding entries in the leader's log, including entries created by
      // previous leaders." Reference: §5.3
      const leader = newTestNode({ term: 2, logTerms: terms });
      const outputs = [...driveToRole(leader, 'leader')];
      outputs.push(proposeData(leader, 'some data'));
      outputs.push(...acceptAll(leader, messagesOf(outputs)));
      const lastIndex = terms.length;
      expect(outputs.flatMap((output) => output.committed)).toEqual([
        ...entriesWithTerms(terms),
        { index: lastIndex + 1, term: 3, kind: 'noop' },
        { index: lastIndex + 2, term: 3, kind: 'command', data: 'some data' },
      ]);
    },
  );

  it.each([
    { terms: [1], leaderCommit: 1, committed: 1 },
    { terms: [1, 1], leaderCommit: 1, committed: 1 },
    { terms: [1, 1], leaderCommit: 2, committed: 2 },
    { terms: [1, 1], leaderCommit: 5, committed: 2 },
  ])('makes a follower commit up to leaderCommit: $terms with commit $leaderCommit', (testCase) => {
    // "Once a follower learns that a log entry is committed, it applies the entry to its local
    // state machine (in log order)." Commit is min(leaderCommit, index of last new entry).
    // Reference: §5.3
    const node = newTestNode({ term: 1 });
    const entries = entriesWithTerms(testCase.terms);
    const output = step(
      node,
      appendEntries({ from: 'n2', to: 'n1', term: 1, entries, leaderCommit: testCase.leaderCommit }),
    );
    expect(node.commitIndex).toBe(testCase.committed);
    expect(output.committed).toEqual(entries.slice(0, testCase.committed));
  });

  describe('the consistency check', () => {
    /** A follower at term 2 holding [1/1, 2/2, 3/2, 4/2], with index 1 committed. */
    function followerForCheck(): RaftNode {
      const node = newTestNode({ term: 2, logTerms: [1, 2, 2, 2] });
      step(
        node,
        appendEntries({ from: 'n2', to: 'n1', term: 2, prevLogIndex: 4, prevLogTerm: 2, leaderCommit: 1 }),
      );
      expect(node.commitIndex).toBe(1);
      return node;
    }

    it.each([
      { prev: [0, 0], answer: { success: true, matchIndex: 1 } },
      { prev: [1, 1], answer: { success: true, matchIndex: 1 } },
      { prev: [3, 2], answer: { success: true, matchIndex: 3 } },
      { prev: [4, 2], answer: { success: true, matchIndex: 4 } },
      { prev: [4, 3], answer: { success: false, conflictIndex: 2, conflictTerm: 2, rejectedIndex: 4 } },
      { prev: [3, 1], answer: { success: false, conflictIndex: 2, conflictTerm: 2, rejectedIndex: 3 } },
      { prev: [6, 3], answer: { success: false, conflictIndex: 5, conflictTerm: 0, rejectedIndex: 6 } },
    ])('answers prevLog $prev with $answer', (testCase) => {
      // "When sending an AppendEntries RPC, the leader includes the index and term of the entry
      // in its log that immediately precedes the new entries. If the follower does not find an
      // entry in its log with the same index and term, then it refuses the new entries." A
      // refusal carries the conflicting term and the first index of that term, so the leader
      // can skip a term per round trip. Reference: §5.3
      const node = followerForCheck();
      const [prevLogIndex, prevLogTerm] = testCase.prev as [number, number];
      const output = step(node, appendEntries({ from: 'n2', to: 'n1', term: 2, prevLogIndex, prevLogTerm }));
      expect(output.messages).toHaveLength(1);
      expect(output.messages[0]).toMatchObject({
        type: 'appendEntriesResponse',
        term: 2,
        ...testCase.answer,
      });
      expect(termsOf(node)).toEqual([1, 2, 2, 2]);
    });
  });

  it.each([
    { prev: [2, 2], entries: [3], log: [1, 2, 3], truncate: null, appended: [3] },
    { prev: [1, 1], entries: [3, 4], log: [1, 3, 4], truncate: 2, appended: [3, 4] },
    { prev: [0, 0], entries: [1], log: [1, 2], truncate: null, appended: null },
    { prev: [0, 0], entries: [3], log: [3], truncate: 1, appended: [3] },
    { prev: [1, 1], entries: [2], log: [1, 2], truncate: null, appended: null },
  ])('makes a follower append entries: prev $prev + $entries -> $log', (testCase) => {
    // "If an existing entry conflicts with a new one (same index but different terms), delete
    // the existing entry and all that follow it; append any new entries not already in the
    // log." Reference: §5.3
    const node = newTestNode({ term: 2, logTerms: [1, 2] });
    const [prevLogIndex, prevLogTerm] = testCase.prev as [number, number];
    const entries = entriesWithTerms(testCase.entries, prevLogIndex + 1).map((entry) => ({
      ...entry,
      data: `new${entry.index}`,
    }));
    const output = step(
      node,
      appendEntries({ from: 'n2', to: 'n1', term: 2, prevLogIndex, prevLogTerm, entries }),
    );
    expect(termsOf(node)).toEqual(testCase.log);
    if (testCase.appended === null) {
      expect(output.persist?.appendedEntries ?? []).toEqual([]);
    } else {
      expect(output.persist?.truncateFromIndex).toBe(testCase.truncate);
      expect(output.persist?.appendedEntries.map((entry) => entry.term)).toEqual(testCase.appended);
    }
  });

  /** Figure 7: the leader's log and six followers' logs that are missing, extra or conflicting. */
  const figure7Leader = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  it.each([
    { name: 'a (missing one)', follower: [1, 1, 1, 4, 4, 5, 5, 6, 6] },
    { name: 'b (missing many)', follower: [1, 1, 1, 4] },
    { name: 'c (one extra)', follower: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6] },
    { name: 'd (extra of a later term)', follower: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7] },
    { name: 'e (missing and extra)', follower: [1, 1, 1, 4, 4, 4, 4] },
    { name: 'f (conflicting terms)', follower: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3] },
  ])('brings Figure 7 follower $name to the leader log', (testCase) => {
    // "The leader handles inconsistencies by forcing the followers' logs to duplicate its own."
    // The leader backs nextIndex up past the conflicting entries, then overwrites them.
    // Reference: §5.3, Figure 7
    const network = createTestNetwork({
      ids: ['n1', 'n2', 'n3'],
      persisted: {
        n1: { term: 7, votedFor: null, entries: entriesWithTerms(figure7Leader), snapshot: null },
        n2: { term: 7, votedFor: null, entries: entriesWithTerms(testCase.follower), snapshot: null },
      },
    });
    crash(network, 'n3');
    campaignAt(network, 'n1');
    const leader = nodeOf(network, 'n1');
    // n3's vote arrives from outside the network (etcd forges it the same way): n2 may refuse.
    handleOutput(network, 'n1', step(leader, voteResponse(leader, 'n3', true)));
    stabilize(network);
    expect(leader.role).toBe('leader');
    expect(leader.term).toBe(8);
    proposeAt(network, 'n1', 'some data');
    stabilize(network);
    const follower = nodeOf(network, 'n2');
    expect(follower.log.entries).toEqual(leader.log.entries);
    expect(termsOf(follower)).toEqual([...figure7Leader, 8, 8]);
    expect(network.violations).toEqual([]);
  });
});

describe('§5.4 Safety', () => {
  it.each([[[1]], [[1, 2]]])(
    'sends requestVote with the last log index and term to every peer: log %j',
    (terms) => {
      // "The RequestVote RPC implements this restriction: the RPC includes information about the
      // candidate's log." Reference: §5.4.1
      const node = newTestNode({ term: terms.at(-1), logTerms: terms, voters: voterIds(3) });
      const output = campaign(node);
      expect(output.messages).toEqual(
        ['n2', 'n3'].map((to) => ({
          type: 'requestVote',
          from: 'n1',
          to,
          term: terms.at(-1)! + 1,
          lastLogIndex: terms.length,
          lastLogTerm: terms.at(-1),
          preVote: false,
          transfer: false,
        })),
      );
    },
  );

  it.each([
    { voterLog: [1], candidateLast: [1, 1], granted: true },
    { voterLog: [1], candidateLast: [2, 1], granted: true },
    { voterLog: [1, 1], candidateLast: [1, 1], granted: false },
    { voterLog: [1], candidateLast: [1, 2], granted: true },
    { voterLog: [1], candidateLast: [2, 2], granted: true },
    { voterLog: [1, 1], candidateLast: [1, 2], granted: true },
    { voterLog: [2], candidateLast: [1, 1], granted: false },
    { voterLog: [2], candidateLast: [2, 1], granted: false },
    { voterLog: [1, 2], candidateLast: [1, 1], granted: false },
  ])(
    'votes only for logs at least as up to date: voter $voterLog, candidate last $candidateLast',
    (testCase) => {
      // "If the logs have last entries with different terms, then the log with the later term is
      // more up-to-date. If the logs end with the same term, then whichever log is longer is more
      // up-to-date." Reference: §5.4.1
      const node = newTestNode({ term: 3, logTerms: testCase.voterLog });
      const [lastLogIndex, lastLogTerm] = testCase.candidateLast as [number, number];
      const output = step(node, {
        type: 'requestVote',
        from: 'n2',
        to: 'n1',
        term: 3,
        lastLogIndex,
        lastLogTerm,
        preVote: false,
        transfer: false,
      });
      expect(output.messages).toEqual([
        {
          type: 'requestVoteResponse',
          from: 'n1',
          to: 'n2',
          term: 3,
          granted: testCase.granted,
          preVote: false,
        },
      ]);
    },
  );

  it.each([
    { acknowledged: 1, commitIndex: 0 },
    { acknowledged: 2, commitIndex: 0 },
    { acknowledged: 3, commitIndex: 3 },
  ])('commits only entries of the current term by count: ack up to $acknowledged', (testCase) => {
    // "Raft never commits log entries from previous terms by counting replicas. Only log entries
    // from the leader's current term are committed by counting replicas." Reference: §5.4.2
    const leader = newTestNode({ term: 2, logTerms: [1, 2] });
    driveToRole(leader, 'leader');
    expect(leader.term).toBe(3);
    expect(termsOf(leader)).toEqual([1, 2, 3]);
    const output = step(leader, appendAccepted('n2', 'n1', 3, testCase.acknowledged));
    expect(leader.commitIndex).toBe(testCase.commitIndex);
    expect(output.committed).toHaveLength(testCase.commitIndex);
  });

  it('keeps everything it acknowledged across a restart from the persisted state', () => {
    // "Updated on stable storage before responding to RPCs" (Figure 2): a vote and appended
    // entries are in output.persist of the call that acknowledges them. Reference: §5.4, Figure 2
    const node = newTestNode({ term: 1 });
    const vote = step(node, {
      type: 'requestVote',
      from: 'n2',
      to: 'n1',
      term: 2,
      lastLogIndex: 0,
      lastLogTerm: 0,
      preVote: false,
      transfer: false,
    });
    expect(vote.persist?.hardState).toEqual({ term: 2, votedFor: 'n2' });
    const entries = entriesWithTerms([2, 2]);
    const append = step(node, appendEntries({ from: 'n2', to: 'n1', term: 2, entries }));
    expect(append.persist?.appendedEntries).toEqual(entries);
    const restarted = createNode(defaultConfig('n1'), {
      seed: 2,
      membership: node.membership,
      persisted: { term: 2, votedFor: 'n2', entries: append.persist!.appendedEntries, snapshot: null },
    });
    expect(nodeStatus(restarted)).toMatchObject({
      term: 2,
      votedFor: 'n2',
      lastLogIndex: 2,
      role: 'follower',
    });
  });
});
