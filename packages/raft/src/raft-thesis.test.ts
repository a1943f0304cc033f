/**
 * Tests for what the Raft paper leaves to Diego Ongaro's thesis ("Consensus: Bridging Theory and
 * Practice", 2014) and etcd/raft implements: PreVote (§9.6), CheckQuorum and leader stickiness
 * (§6.2, §4.2.3), leadership transfer (§3.10), single-server membership changes (§4.1-§4.2),
 * and log compaction with InstallSnapshot (§5, paper §7). Each test names the section it
 * proves and fails when the feature is taken out. Multi-node cases run on the in-memory test
 * network, which checks Election Safety and State Machine Safety at every step.
 */
import { describe, expect, it } from 'vitest';
import { propose as proposeAtNode, tick as tickNode } from './api.js';
import { compact as compactNode } from './compaction.js';
import { defaultConfig } from './config.js';
import { lastLogIndex } from './log.js';
import { forceNewCluster, proposeConfigChange as proposeConfigChangeAtNode } from './membership.js';
import { createNode } from './node.js';
import type { WritablePersistentState } from './persistence.js';
import { nodeStatus } from './status.js';
import { step } from './step.js';
import {
  appendEntries,
  driveToRole,
  messagesOf,
  newCommittedLeader,
  newTestNode,
  voterIds,
} from './testing/fixtures.js';
import {
  campaign,
  compact,
  crash,
  createTestNetwork,
  cut,
  deliverAt,
  dropWhere,
  heal,
  isolate,
  leaders,
  nodeOf,
  propose,
  proposeConfigChange,
  restart,
  stabilize,
  type TestNetwork,
  tick,
  transferLeadership,
} from './testing/network.js';
import type { Message, RaftConfig } from './types.js';

const electionTimeoutTicks = 10;

function cluster(count: number, config: Partial<RaftConfig> = {}, voters?: string[]): TestNetwork {
  return createTestNetwork({ ids: voterIds(count), config, voters: voters ?? voterIds(count) });
}

function elect(network: TestNetwork, id: string): void {
  campaign(network, id);
  stabilize(network);
  expect(leaders(network)).toEqual([id]);
}

/** Ticks the running nodes in `ids` and delivers everything, `rounds` times. */
function run(network: TestNetwork, rounds: number, ids: readonly string[] = network.ids): void {
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) if (network.nodes.get(id) !== null) tick(network, id);
    stabilize(network);
  }
}

function stepDowns(network: TestNetwork, id: string): string[] {
  return network.trace.filter((line) => line.startsWith(`${id} leader -> follower`));
}

describe('thesis §9.6 PreVote', () => {
  /** n1 leads; n3 is cut off for five election timeouts while n1 and n2 go on; then it returns. */
  function isolatedFollowerReturns(preVote: boolean): TestNetwork {
    const network = cluster(3, { preVote });
    elect(network, 'n1');
    isolate(network, 'n3');
    run(network, 5 * electionTimeoutTicks);
    heal(network);
    run(network, 3 * electionTimeoutTicks);
    return network;
  }

  it('keeps a healthy leader when an isolated follower returns: no term inflation', () => {
    // "a candidate would first ask other servers whether its log was up-to-date enough to get
    // their vote ... only if the candidate believes it can get votes from a majority ... would
    // it increment its term and start a normal election." Reference: thesis §9.6
    const network = isolatedFollowerReturns(true);
    expect(stepDowns(network, 'n1')).toEqual([]);
    expect(leaders(network)).toEqual(['n1']);
    for (const id of network.ids) expect(nodeOf(network, id).term, id).toBe(1);
    expect(network.violations).toEqual([]);
  });

  it('without PreVote the returning follower has inflated its term and deposes the leader', () => {
    // The disruption PreVote exists to prevent. Reference: thesis §9.6
    const network = isolatedFollowerReturns(false);
    expect(stepDowns(network, 'n1').length).toBeGreaterThan(0);
    expect(nodeOf(network, 'n1').term).toBeGreaterThan(3);
    expect(network.violations).toEqual([]);
  });

  it('never changes the voter’s term or vote, and needs a majority before the real election', () => {
    // "PreVote ... without raising its term or changing its vote". Reference: thesis §9.6
    const node = newTestNode({ config: { preVote: true }, term: 3 });
    const outputs = [];
    for (let ticks = 0; ticks < 2 * electionTimeoutTicks && node.role === 'follower'; ticks++) {
      outputs.push(tickNode(node));
    }
    expect(node.role).toBe('preCandidate');
    expect(node.term).toBe(3);
    expect(outputs.map((output) => output.persist)).toEqual(outputs.map(() => null));
    expect(messagesOf(outputs)).toMatchObject([
      { type: 'requestVote', to: 'n2', term: 4, preVote: true },
      { type: 'requestVote', to: 'n3', term: 4, preVote: true },
    ]);
    const voter = newTestNode({ id: 'n2', term: 3 });
    const preVote: Message = {
      type: 'requestVote',
      from: 'n1',
      to: 'n2',
      term: 4,
      lastLogIndex: 0,
      lastLogTerm: 0,
      preVote: true,
      transfer: false,
    };
    const answer = step(voter, preVote);
    expect(answer.messages).toEqual([
      { type: 'requestVoteResponse', from: 'n2', to: 'n1', term: 4, granted: true, preVote: true },
    ]);
    expect(voter.term).toBe(3);
    expect(voter.votedFor).toBeNull();
    expect(answer.persist).toBeNull();
  });
});

describe('thesis §6.2 CheckQuorum and §4.2.3 leader stickiness', () => {
  it('makes an isolated leader step down within about two election timeouts', () => {
    // "a leader steps down if an election timeout elapses without a successful round of
    // heartbeats to a majority of its cluster". Reference: thesis §6.2
    const network = cluster(3);
    elect(network, 'n1');
    run(network, 3); // Somewhere in the middle of a CheckQuorum period.
    isolate(network, 'n1');
    let ticks = 0;
    while (nodeOf(network, 'n1').role === 'leader' && ticks < 10 * electionTimeoutTicks) {
      tick(network, 'n1');
      stabilize(network);
      ticks++;
    }
    expect(nodeOf(network, 'n1').role).toBe('follower');
    expect(ticks).toBeGreaterThanOrEqual(electionTimeoutTicks);
    expect(ticks).toBeLessThanOrEqual(2 * electionTimeoutTicks);
    expect(stepDowns(network, 'n1')[0]).toContain('QUORUM_LOST');
  });

  it('without CheckQuorum an isolated leader believes it leads forever', () => {
    // Reference: thesis §6.2
    const network = cluster(3, { checkQuorum: false });
    elect(network, 'n1');
    isolate(network, 'n1');
    run(network, 10 * electionTimeoutTicks, ['n1']);
    expect(nodeOf(network, 'n1').role).toBe('leader');
  });

  it('makes a follower that heard from its leader within an election timeout ignore vote requests', () => {
    // "if a server receives a RequestVote request within the minimum election timeout of
    // hearing from a current leader, it does not update its term or grant its vote".
    // Reference: thesis §4.2.3
    const request: Message = {
      type: 'requestVote',
      from: 'n3',
      to: 'n2',
      term: 5,
      lastLogIndex: 9,
      lastLogTerm: 1,
      preVote: false,
      transfer: false,
    };
    for (const checkQuorum of [true, false]) {
      const follower = newTestNode({ id: 'n2', term: 1, config: { checkQuorum } });
      step(follower, appendEntries({ from: 'n1', to: 'n2', term: 1 }));
      const output = step(follower, request);
      if (checkQuorum) {
        expect(output.messages).toEqual([]);
        expect(follower.term).toBe(1);
      } else {
        expect(output.messages).toMatchObject([{ type: 'requestVoteResponse', granted: true, term: 5 }]);
      }
    }
    // A transfer campaign bypasses stickiness; stickiness lasts a whole election timeout.
    const follower = newTestNode({ id: 'n2', term: 1 });
    step(follower, appendEntries({ from: 'n1', to: 'n2', term: 1 }));
    expect(step(follower, { ...request, transfer: true }).messages).toMatchObject([{ granted: true }]);
    const quiet = newTestNode({ id: 'n2', term: 1 });
    step(quiet, appendEntries({ from: 'n1', to: 'n2', term: 1 }));
    for (let ticks = 0; ticks < electionTimeoutTicks - 1; ticks++) tickNode(quiet);
    expect(step(quiet, request).messages).toEqual([]);
  });
});

describe('thesis §3.10 leadership transfer', () => {
  it('hands leadership to an up-to-date follower without losing a committed entry', () => {
    // "The prior leader sends a TimeoutNow request to the target server ... the target server
    // ... starts a new election". Reference: thesis §3.10
    const network = cluster(3);
    elect(network, 'n1');
    propose(network, 'n1', 'a');
    stabilize(network);
    const committed = nodeOf(network, 'n1').commitIndex;
    expect(transferLeadership(network, 'n1', 'n2')).toEqual({ ok: true });
    expect(network.queue.filter((message) => message.type === 'timeoutNow')).toHaveLength(1);
    stabilize(network);
    expect(leaders(network)).toEqual(['n2']);
    expect(nodeOf(network, 'n2').term).toBe(2);
    expect(
      nodeOf(network, 'n2')
        .log.entries.slice(0, committed)
        .map((entry) => entry.kind),
    ).toEqual(['noop', 'command']);
    expect(nodeStatus(nodeOf(network, 'n1')).transferTarget).toBeNull();
    expect(network.violations).toEqual([]);
  });

  it('brings a slow follower up to date first, and refuses proposals meanwhile', () => {
    // "the prior leader ... [sends] it the missing log entries" before TimeoutNow, and "stops
    // accepting new client requests". Reference: thesis §3.10
    const network = cluster(3);
    elect(network, 'n1');
    isolate(network, 'n3');
    propose(network, 'n1', 'a');
    stabilize(network);
    heal(network);
    transferLeadership(network, 'n1', 'n3');
    expect(network.queue.some((message) => message.type === 'timeoutNow')).toBe(false);
    expect(propose(network, 'n1', 'b')).toMatchObject({ ok: false, reason: 'transferInProgress' });
    expect(proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n2' })).toMatchObject({
      ok: false,
      reason: 'transferInProgress',
    });
    tick(network, 'n1'); // The heartbeat probes n3 again; it catches up, then gets timeoutNow.
    stabilize(network);
    expect(leaders(network)).toEqual(['n3']);
    expect(nodeOf(network, 'n3').log.entries.map((entry) => entry.kind)).toEqual(['noop', 'command', 'noop']);
    expect(network.violations).toEqual([]);
  });

  it('is abandoned after an election timeout, and proposals are accepted again', () => {
    // Reference: thesis §3.10 ("If the transfer does not complete within an election timeout,
    // the prior leader aborts the transfer and resumes accepting client requests")
    const network = cluster(3);
    elect(network, 'n1');
    isolate(network, 'n3');
    transferLeadership(network, 'n1', 'n3');
    run(network, electionTimeoutTicks - 1, ['n1', 'n2']);
    expect(nodeStatus(nodeOf(network, 'n1')).transferTarget).toBe('n3');
    run(network, 1, ['n1', 'n2']);
    expect(nodeStatus(nodeOf(network, 'n1')).transferTarget).toBeNull();
    expect(propose(network, 'n1', 'b').ok).toBe(true);
    expect(leaders(network)).toEqual(['n1']);
  });

  it('is abandoned when the target is removed, and refuses a non-voter or the leader itself', () => {
    // Reference: thesis §3.10; etcd TestLeaderTransferRemoveNode
    const network = cluster(4, {}, voterIds(3));
    elect(network, 'n1');
    isolate(network, 'n3');
    transferLeadership(network, 'n1', 'n3');
    expect(proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n3' }).ok).toBe(true);
    expect(nodeStatus(nodeOf(network, 'n1')).transferTarget).toBeNull();
    expect(transferLeadership(network, 'n1', 'n1')).toEqual({ ok: false, reason: 'n1 already leads' });
    expect(transferLeadership(network, 'n1', 'n4')).toEqual({
      ok: false,
      reason: 'n4 is not a voter in the configuration',
    });
    expect(transferLeadership(network, 'n2', 'n1')).toEqual({
      ok: false,
      reason: 'n2 is not the leader (the leader is n1)',
    });
  });
});

describe('thesis §4.1-§4.2 membership changes, one voter at a time', () => {
  it('lets a node with an empty configuration and log wait, then join and catch up', () => {
    // "new servers join the cluster with empty logs" and "a server ... waits to be contacted".
    // Reference: thesis §4.2.1
    const network = cluster(4, {}, voterIds(3));
    run(network, 5 * electionTimeoutTicks, ['n4']);
    expect(nodeStatus(nodeOf(network, 'n4'))).toMatchObject({ role: 'follower', term: 0, lastLogIndex: 0 });
    expect(network.queue).toEqual([]);
    elect(network, 'n1');
    propose(network, 'n1', 'a');
    stabilize(network);
    expect(proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n4' })).toMatchObject({ ok: true });
    stabilize(network);
    const joined = nodeOf(network, 'n4');
    expect(joined.membership.voters).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(joined.log.entries).toEqual(nodeOf(network, 'n1').log.entries);
    expect(joined.commitIndex).toBe(nodeOf(network, 'n1').commitIndex);
    expect(network.stateMachines.get('n4')).toEqual(['2:a']);
  });

  it('makes quorum sizes follow the latest configuration, from the moment it is appended', () => {
    // "a server always uses the latest configuration in its log, regardless of whether the
    // entry is committed". Reference: thesis §4.1
    const network = cluster(4, {}, voterIds(3));
    elect(network, 'n1');
    crash(network, 'n4');
    proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n4' });
    stabilize(network);
    expect(nodeOf(network, 'n1').commitIndex).toBe(2); // n1, n2, n3: 3 of 4.
    crash(network, 'n3');
    const result = propose(network, 'n1', 'x');
    stabilize(network);
    expect(result.ok).toBe(true);
    expect(nodeOf(network, 'n1').commitIndex).toBe(2); // n1, n2: 2 of 4 is not a majority.
    restart(network, 'n4');
    run(network, 1, ['n1']);
    expect(nodeOf(network, 'n1').commitIndex).toBe(3);
  });

  it('refuses a second change until the first commits, and any change before the no-op commits', () => {
    // One change at a time; a new leader first commits an entry of its term (the fix for the
    // single-server change bug, raft-dev 2015). Reference: thesis §4.1
    const network = cluster(5, { checkQuorum: false }, voterIds(3));
    campaign(network, 'n1');
    for (let delivered = 0; delivered < 3; delivered++) deliverAt(network);
    const early = nodeOf(network, 'n1');
    expect(early.role).toBe('leader');
    expect(proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n4' })).toMatchObject({
      ok: false,
      reason: 'changeInProgress',
      detail: 'n1 has not committed an entry of its term 1 yet',
    });
    stabilize(network);
    expect(proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n4' }).ok).toBe(true);
    expect(nodeStatus(nodeOf(network, 'n1')).pendingConfigIndex).toBe(2);
    expect(proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n5' })).toMatchObject({
      ok: false,
      reason: 'changeInProgress',
      detail: 'the configuration change at index 2 has not committed yet',
    });
    stabilize(network);
    expect(nodeStatus(nodeOf(network, 'n1')).pendingConfigIndex).toBeNull();
    expect(proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n5' }).ok).toBe(true);
  });

  it('refuses invalid changes with a reason instead of throwing', () => {
    // Reference: thesis §4.1
    const leader = newCommittedLeader({ voters: ['n1'] });
    const refuse = (type: 'addVoter' | 'removeVoter', node: string) =>
      proposeConfigChangeAtNode(leader, { type, node }).result;
    expect(refuse('addVoter', 'n1')).toMatchObject({
      reason: 'invalidChange',
      detail: 'n1 is already a voter',
    });
    expect(refuse('removeVoter', 'n7')).toMatchObject({
      reason: 'invalidChange',
      detail: 'n7 is not a voter',
    });
    expect(refuse('removeVoter', 'n1')).toMatchObject({
      reason: 'invalidChange',
      detail: 'n1 is the last voter',
    });
    const follower = newTestNode({ id: 'n2' });
    expect(proposeConfigChangeAtNode(follower, { type: 'addVoter', node: 'n4' }).result).toMatchObject({
      ok: false,
      reason: 'notLeader',
    });
  });

  it('undoes an uncommitted configuration entry that a new leader overwrites', () => {
    // "a log entry for a configuration change can be removed (if leadership changes); in this
    // case, a server must be prepared to fall back to the previous configuration in its log".
    // Reference: thesis §4.1
    const network = cluster(6, { checkQuorum: false }, voterIds(5));
    elect(network, 'n1');
    for (const id of ['n3', 'n4', 'n5']) cut(network, 'n1', id);
    proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n6' });
    stabilize(network);
    expect(nodeOf(network, 'n2').membership.voters).toContain('n6');
    crash(network, 'n1');
    heal(network);
    campaign(network, 'n3'); // n4 and n5 vote for it; n2's longer log refuses.
    stabilize(network);
    expect(leaders(network)).toEqual(['n3']);
    expect(nodeOf(network, 'n2').log.entries.at(-1)?.kind).toBe('noop');
    expect(nodeOf(network, 'n2').membership.voters).toEqual(voterIds(5));
    expect(network.violations).toEqual([]);
  });

  it('refuses the messages of a removed node that never learned it was removed', () => {
    // "removed servers (those not in Cnew) can disrupt the cluster ... they will time out and
    // start new elections". CheckQuorum and PreVote are off, so only the refusal protects.
    // Reference: thesis §4.2.3
    const network = cluster(3, { checkQuorum: false });
    elect(network, 'n1');
    isolate(network, 'n3');
    proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n3' });
    stabilize(network);
    expect(nodeOf(network, 'n1').commitIndex).toBe(2);
    heal(network);
    run(network, 5 * electionTimeoutTicks);
    expect(nodeOf(network, 'n3').term).toBeGreaterThan(2);
    expect(leaders(network)).toEqual(['n1']);
    expect(nodeOf(network, 'n1').term).toBe(1);
    expect(nodeOf(network, 'n2').term).toBe(1);
    expect(proposeAtNode(nodeOf(network, 'n3'), 'x').result).toMatchObject({
      ok: false,
      reason: 'notLeader',
    });
  });

  it('removes the leader: it leads without counting itself, then steps down once the change commits', () => {
    // "the leader ... steps down (returns to follower state) once the Cnew entry is committed".
    // Reference: thesis §4.2.2
    const network = cluster(3);
    elect(network, 'n1');
    dropWhere(network, (message) => message.to === 'n3');
    proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n1' });
    expect(proposeAtNode(nodeOf(network, 'n1'), 'x').result).toMatchObject({ ok: false, reason: 'removed' });
    stabilize(network);
    // n2 holds the entry, but the new configuration {n2,n3} needs both: n1 does not count.
    expect(nodeOf(network, 'n1')).toMatchObject({ role: 'leader', commitIndex: 1 });
    heal(network);
    tick(network, 'n1');
    stabilize(network);
    expect(stepDowns(network, 'n1')).toEqual([
      'n1 leader -> follower at term 1 on REMOVED (its removal at index 2 committed)',
    ]);
    expect(leaders(network)).toEqual(['n2']); // Handed over with timeoutNow.
    expect(nodeOf(network, 'n2').membership.voters).toEqual(['n2', 'n3']);
    run(network, 5 * electionTimeoutTicks);
    expect(leaders(network)).toEqual(['n2']);
    expect(nodeOf(network, 'n1').role).toBe('follower');
    expect(network.violations).toEqual([]);
  });

  it('lets a leader whose own removal is uncommitted campaign again after losing office', () => {
    // "Before this point [Cnew committed], it may be the case that only a server from Cold can be
    // elected leader." n1 removes itself from {n1,n2} while cut off, then loses office: only n1
    // holds the entry, so n2 (still using {n1,n2}) cannot win without n1's vote, which the log
    // check refuses. n1 must campaign in {n2}, commit its removal, and step down.
    // Reference: thesis §4.2.2
    const network = cluster(3);
    elect(network, 'n1');
    proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n3' });
    stabilize(network);
    isolate(network, 'n1');
    proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n1' });
    run(network, 3 * electionTimeoutTicks);
    expect(stepDowns(network, 'n1').at(-1)).toContain('QUORUM_LOST');
    expect(nodeOf(network, 'n1').membership.voters).toEqual(['n2']);
    heal(network);
    run(network, 10 * electionTimeoutTicks, ['n1', 'n2']);
    expect(leaders(network)).toEqual(['n2']);
    expect(nodeOf(network, 'n2').membership.voters).toEqual(['n2']);
    expect(nodeOf(network, 'n2').commitIndex).toBe(lastLogIndex(nodeOf(network, 'n2').log));
    expect(stepDowns(network, 'n1').at(-1)).toContain('REMOVED');
    expect(network.violations).toEqual([]);
  });

  it('hears a removed node while its removal is uncommitted: the entry may still be overwritten', () => {
    // Refusing removed servers is the thesis's remedy for disruption by servers no longer in
    // the cluster; until the removal commits, the sender may still be needed. n1 removes n2 from
    // {n1,n2,n3} while cut off; n2 then leads term 2 and writes its no-op before n3 goes down.
    // Both restart. n2's log is newer than n1's, so n1 must grant its vote; n1 itself needs the
    // crashed n3 in {n1,n3}.
    // CheckQuorum is off so that n3 votes for n2 at once (no leader stickiness).
    // Reference: thesis §4.2.3
    const network = cluster(3, { checkQuorum: false });
    elect(network, 'n1');
    isolate(network, 'n1');
    proposeConfigChange(network, 'n1', { type: 'removeVoter', node: 'n2' });
    dropWhere(network, (message) => message.from === 'n2' && message.type === 'appendEntries');
    campaign(network, 'n2');
    stabilize(network);
    expect(leaders(network)).toEqual(['n1', 'n2']);
    crash(network, 'n3');
    for (const id of ['n1', 'n2']) {
      crash(network, id);
      restart(network, id);
    }
    heal(network);
    expect(nodeOf(network, 'n1').membership.voters).toEqual(['n1', 'n3']);
    run(network, 10 * electionTimeoutTicks, ['n1', 'n2']);
    expect(leaders(network)).toEqual(['n2']);
    // The uncommitted removal was overwritten: n1 falls back to {n1,n2,n3}.
    expect(nodeOf(network, 'n1').membership.voters).toEqual(['n1', 'n2', 'n3']);
    expect(network.violations).toEqual([]);
  });

  it('makes a removed node that knows it refuse proposals and never campaign', () => {
    // Reference: thesis §4.2.2
    const node = createNode(defaultConfig('n3'), { seed: 1, membership: { voters: ['n1', 'n2', 'n3'] } });
    step(
      node,
      appendEntries({
        from: 'n1',
        to: 'n3',
        term: 1,
        entries: [
          {
            index: 1,
            term: 1,
            kind: 'config',
            change: { type: 'removeVoter', node: 'n3' },
            voters: ['n1', 'n2'],
          },
        ],
        leaderCommit: 1,
      }),
    );
    for (let ticks = 0; ticks < 5 * electionTimeoutTicks; ticks++) {
      expect(tickNode(node).messages).toEqual([]);
    }
    expect(node.role).toBe('follower');
    expect(proposeAtNode(node, 'x').result).toMatchObject({ ok: false, reason: 'removed' });
  });
});

describe('paper §7 and thesis §5 log compaction and InstallSnapshot', () => {
  it('compacts at the applied index, keeping logEntriesForSlowFollowers entries before it', () => {
    // "Each server takes snapshots independently, covering just the committed entries in its
    // log". SwarmKit compacts to applied - LogEntriesForSlowFollowers. Reference: §7
    const leader = newCommittedLeader({ config: { logEntriesForSlowFollowers: 2 }, voters: ['n1'] });
    for (const data of ['a', 'b', 'c', 'd']) proposeAtNode(leader, data);
    expect(leader.commitIndex).toBe(5);
    const output = compactNode(leader, 4, '["state"]');
    expect(output.persist?.snapshot).toEqual({
      lastIncludedIndex: 4,
      lastIncludedTerm: 1,
      membership: { voters: ['n1'] },
      data: '["state"]',
    });
    expect(output.snapshotToApply).toBeNull();
    expect(nodeStatus(leader)).toMatchObject({ snapshotIndex: 4, firstLogIndex: 3, lastLogIndex: 5 });
    expect(compactNode(leader, 3, 'older').persist).toBeNull();
    expect(() => compactNode(leader, 9, 'x')).toThrow(/beyond commitIndex/);
  });

  it('catches a lagging follower up through the snapshot, then entries', () => {
    // "the leader must occasionally send snapshots to followers that lag behind". Reference: §7
    const network = cluster(3, { logEntriesForSlowFollowers: 1 });
    elect(network, 'n1');
    crash(network, 'n3');
    for (const data of ['a', 'b', 'c']) propose(network, 'n1', data);
    stabilize(network);
    compact(network, 'n1');
    propose(network, 'n1', 'd');
    stabilize(network);
    restart(network, 'n3');
    run(network, 1, ['n1']);
    expect(network.trace.some((line) => line.startsWith('n1->n3 installSnapshot'))).toBe(true);
    expect(network.stateMachines.get('n3')).toEqual(['2:a', '3:b', '4:c', '5:d']);
    expect(nodeOf(network, 'n3').commitIndex).toBe(5);
    expect(network.violations).toEqual([]);
  });

  it('sends the snapshot again after an election timeout when it was lost, not on every heartbeat', () => {
    // Reference: §7; etcd's StateSnapshot
    const network = cluster(3, { logEntriesForSlowFollowers: 0 });
    elect(network, 'n1');
    crash(network, 'n3');
    propose(network, 'n1', 'a');
    stabilize(network);
    compact(network, 'n1');
    restart(network, 'n3');
    let sent = 0;
    dropWhere(network, (message) => message.type === 'installSnapshot' && sent++ === 0);
    run(network, 1, ['n1']);
    expect(sent).toBe(1);
    let heartbeats = 0;
    while (sent === 1 && heartbeats < 5 * electionTimeoutTicks) {
      expect(nodeStatus(nodeOf(network, 'n1')).progress.find((progress) => progress.id === 'n3')?.mode).toBe(
        'snapshot',
      );
      run(network, 1, ['n1']);
      heartbeats++;
    }
    expect(sent).toBe(2);
    expect(heartbeats).toBe(electionTimeoutTicks);
    expect(network.stateMachines.get('n3')).toEqual(['2:a']);
  });

  it('restarts a node from its snapshot plus its log with the same state machine', () => {
    // "the snapshot ... and the log entries after it" rebuild the server. Reference: §7
    const network = cluster(3, { logEntriesForSlowFollowers: 1 });
    elect(network, 'n1');
    for (const data of ['a', 'b', 'c']) propose(network, 'n1', data);
    stabilize(network);
    compact(network, 'n2', 3);
    propose(network, 'n1', 'd');
    stabilize(network);
    const before = network.stateMachines.get('n2')!.slice();
    crash(network, 'n2');
    restart(network, 'n2');
    expect(nodeStatus(nodeOf(network, 'n2'))).toMatchObject({
      snapshotIndex: 3,
      firstLogIndex: 4,
      commitIndex: 3,
    });
    expect(network.stateMachines.get('n2')).toEqual(['2:a', '3:b']);
    run(network, 1, ['n1']);
    expect(network.stateMachines.get('n2')).toEqual(before);
  });

  it('keeps the membership configuration inside snapshots', () => {
    // "the snapshot also includes the latest configuration as of the last included index".
    // Reference: thesis §5.1
    const network = cluster(5, { logEntriesForSlowFollowers: 0 }, voterIds(3));
    elect(network, 'n1');
    crash(network, 'n5');
    proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n4' });
    stabilize(network);
    proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n5' });
    stabilize(network);
    compact(network, 'n1');
    expect(nodeOf(network, 'n1').log.snapshot?.membership.voters).toEqual(voterIds(5));
    restart(network, 'n5');
    run(network, 1, ['n1']);
    const joined = nodeOf(network, 'n5');
    expect(joined.log.entries).toEqual([]);
    expect(joined.membership.voters).toEqual(voterIds(5));
    crash(network, 'n1');
    restart(network, 'n1');
    expect(nodeOf(network, 'n1').membership.voters).toEqual(voterIds(5));
  });
});

describe('docker swarm init --force-new-cluster (SwarmKit storage.go loadAndStart)', () => {
  it('turns a surviving member into a one-voter cluster that keeps its log and elects itself', () => {
    // Reference: swarm.md §1.2, §5 "Recovery from quorum loss"
    const network = cluster(3, {}, ['n1', 'n2']);
    elect(network, 'n1');
    proposeConfigChange(network, 'n1', { type: 'addVoter', node: 'n3' });
    stabilize(network);
    propose(network, 'n1', 'a');
    stabilize(network);
    crash(network, 'n1');
    crash(network, 'n3');
    run(network, 5 * electionTimeoutTicks, ['n2']);
    expect(leaders(network)).toEqual([]); // n2 alone has no quorum.
    crash(network, 'n2');
    const term = network.storage.get('n2')!.term;
    expect(term).toBeGreaterThan(1); // It kept campaigning.
    const forced = forceNewCluster(network.storage.get('n2')!, 'n2');
    expect(forced.entries.slice(-2)).toEqual([
      { index: 4, term, kind: 'config', change: { type: 'removeVoter', node: 'n1' }, voters: ['n2', 'n3'] },
      { index: 5, term, kind: 'config', change: { type: 'removeVoter', node: 'n3' }, voters: ['n2'] },
    ]);
    expect(forced.term).toBe(term);
    network.storage.set('n2', structuredClone(forced) as WritablePersistentState);
    restart(network, 'n2'); // createNode still gets the bootstrap {n1,n2}: the forced entries win.
    expect(nodeOf(network, 'n2').membership.voters).toEqual(['n2']);
    run(network, 2 * electionTimeoutTicks, ['n2']);
    expect(leaders(network)).toEqual(['n2']);
    expect(propose(network, 'n2', 'b').ok).toBe(true);
    expect(network.stateMachines.get('n2')).toEqual(['3:a', '7:b']);
    expect(network.violations).toEqual([]);
  });

  it('writes one configuration entry when the disk holds no configuration, and adds self if missing', () => {
    // Reference: swarm.md §1.2
    const bare = forceNewCluster({ term: 0, votedFor: null, entries: [], snapshot: null }, 'n7');
    expect(bare).toEqual({
      term: 1,
      votedFor: null,
      entries: [
        { index: 1, term: 1, kind: 'config', change: { type: 'addVoter', node: 'n7' }, voters: ['n7'] },
      ],
      snapshot: null,
    });
    const snapshot = {
      lastIncludedIndex: 4,
      lastIncludedTerm: 2,
      membership: { voters: ['n1', 'n2'] },
      data: '',
    };
    const outsider = forceNewCluster({ term: 3, votedFor: 'n1', entries: [], snapshot }, 'n9');
    expect(outsider.entries.map((entry) => (entry.kind === 'config' ? entry.voters : []))).toEqual([
      ['n1', 'n2', 'n9'],
      ['n2', 'n9'],
      ['n9'],
    ]);
    expect(outsider.entries[0]?.index).toBe(5);
    expect(outsider.votedFor).toBe('n1');
    const node = createNode(defaultConfig('n9'), {
      seed: 1,
      membership: { voters: [] },
      persisted: outsider,
    });
    driveToRole(node, 'leader');
    expect(node.role).toBe('leader');
    expect(lastLogIndex(node.log)).toBe(8);
  });
});
