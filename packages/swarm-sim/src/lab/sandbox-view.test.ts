/**
 * The lab as the terminal app sees it. Each test builds a lab, acts on it through the lab's own
 * operations, and checks a fact the panes show (leader, quorum, commit point, partition sides,
 * the events and their causes) against what the Raft paper says should hold.
 */
import { describe, expect, test } from 'vitest';
import { leaders, mustCreateLab, runUntilCondition } from './lab-test-helpers.js';
import { labCrash, labDisconnect, labPartition, labPause, labPropose, labRun } from './operations.js';
import { eventText, labEvents, labSandboxView, messageText } from './sandbox-view.js';

function electedLab(seed = 3) {
  const lab = mustCreateLab({ seed, nodeCount: 5 });
  expect(runUntilCondition(lab, () => leaders(lab).length === 1, 5_000)).toBe(true);
  labRun(lab, 300);
  return lab;
}

describe('labSandboxView', () => {
  test('a new lab: five followers in term 0, no leader yet, every voter up', () => {
    const view = labSandboxView(mustCreateLab({ seed: 1, nodeCount: 5 }), { speed: 0.1, paused: true });
    expect(view.status).toMatchObject({
      atMs: 0,
      speed: 0.1,
      paused: true,
      seed: 1,
      leader: null,
      quorum: { up: 5, total: 5, ok: true },
      mode: 'lab',
      shellMachine: null,
    });
    expect(view.machines.map((machine) => machine.name)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(view.machines.every((machine) => machine.raftRole === 'follower' && machine.raftTerm === 0)).toBe(
      true,
    );
    expect(view.raft.every((member) => member.lastIndex === 0 && member.logTail.length === 0)).toBe(true);
    expect(view.services).toEqual([]);
  });

  test('§5.2 after an election the leader is in the status bar, its row and its Raft member, with §5.3 progress', () => {
    const lab = electedLab();
    const view = labSandboxView(lab);
    const leader = view.status.leader;
    expect(leader).toBe(leaders(lab)[0]);
    const member = view.raft.find((each) => each.name === leader);
    expect(member?.role).toBe('leader');
    expect(view.machines.find((machine) => machine.name === leader)?.raftRole).toBe('leader');
    // The leader tracks every follower, sorted by name; each has matched the leader's no-op.
    expect(member?.progress.map((each) => each.name)).toEqual(
      view.raft.filter((each) => each.name !== leader).map((each) => each.name),
    );
    for (const progress of member?.progress ?? []) {
      expect(progress.matchIndex).toBe(member?.lastIndex);
      expect(progress.nextIndex).toBe(progress.matchIndex + 1);
    }
    for (const follower of view.raft.filter((each) => each.name !== leader)) {
      expect(follower.progress).toEqual([]);
      expect(follower.votedFor === null || typeof follower.votedFor === 'string').toBe(true);
    }
  });

  test('§5.3 an entry the leader replicated to a majority shows as committed, with its words', () => {
    const lab = electedLab();
    const leader = leaders(lab)[0] as string;
    expect(labPropose(lab, leader, 'set x 1').ok).toBe(true);
    labRun(lab, 500);
    const member = labSandboxView(lab).raft.find((each) => each.name === leader);
    const entry = member?.logTail.at(-1);
    expect(entry).toMatchObject({ kind: 'command', label: 'set x 1', committed: true });
    expect(member?.commitIndex).toBe(member?.lastIndex);
  });

  test('§5.3 a leader cut off in a minority appends entries it cannot commit; the majority side elects another', () => {
    const lab = electedLab();
    const oldLeader = leaders(lab)[0] as string;
    const others = ['n1', 'n2', 'n3', 'n4', 'n5'].filter((name) => name !== oldLeader);
    labPartition(lab, [[oldLeader, others[0] as string], others.slice(1)]);
    labPropose(lab, oldLeader, 'set y 2');
    labRun(lab, 2_000);
    const view = labSandboxView(lab);
    const stale = view.raft.find((each) => each.name === oldLeader);
    expect(stale?.logTail.at(-1)).toMatchObject({ label: 'set y 2', committed: false });
    expect(view.status.leader).not.toBe(oldLeader);
    expect(view.status.leader).not.toBeNull();
    expect(new Set(view.machines.map((machine) => machine.partitionSide))).toEqual(new Set(['A', 'B']));
    // Three of five voters can still reach a majority: the quorum holds.
    expect(view.status.quorum).toEqual({ up: 3, total: 5, ok: true });
  });

  test('quorum is lost when no side of a partition holds a majority of the voters', () => {
    const lab = electedLab();
    labPartition(lab, 'n1,n2 | n3,n4 | n5');
    expect(labSandboxView(lab).status.quorum).toEqual({ up: 0, total: 5, ok: false });
  });

  test('a crashed leader: its machine is crashed, its member down with its persisted term; the rest keep quorum', () => {
    const lab = electedLab();
    const oldLeader = leaders(lab)[0] as string;
    const term = labSandboxView(lab).raft.find((each) => each.name === oldLeader)?.term;
    labCrash(lab, oldLeader);
    const view = labSandboxView(lab);
    const machine = view.machines.find((each) => each.name === oldLeader);
    expect(machine).toMatchObject({ power: 'crashed', raftRole: null, raftTerm: term });
    const member = view.raft.find((each) => each.name === oldLeader);
    expect(member).toMatchObject({ up: false, role: 'follower', term });
    expect(member?.commitIndex).toBeLessThanOrEqual(member?.lastIndex ?? 0);
    expect(view.status.leader).toBeNull();
    expect(view.status.quorum).toEqual({ up: 4, total: 5, ok: true });
  });

  test('paused and disconnected nodes are shown as such and do not count towards the quorum', () => {
    const lab = electedLab();
    labPause(lab, 'n1');
    labDisconnect(lab, 'n2');
    const view = labSandboxView(lab);
    expect(view.machines.find((each) => each.name === 'n1')?.power).toBe('paused');
    expect(view.raft.find((each) => each.name === 'n1')?.up).toBe(false);
    expect(view.machines.find((each) => each.name === 'n2')?.disconnected).toBe(true);
    expect(view.machines.find((each) => each.name === 'n3')?.disconnected).toBe(false);
    expect(view.status.quorum).toEqual({ up: 3, total: 5, ok: true });
  });

  test('deriving a view changes nothing in the lab', () => {
    const lab = electedLab();
    labDisconnect(lab, 'n4');
    const before = JSON.stringify(lab);
    labSandboxView(lab);
    expect(JSON.stringify(lab)).toBe(before);
  });
});

describe('labEvents', () => {
  test('the newest events, oldest first, without deliveries; every cause is older than its event', () => {
    const lab = electedLab();
    const events = labEvents(lab, 50);
    expect(events).toHaveLength(50);
    expect(events.at(-1)?.id).toBeLessThanOrEqual(lab.world.trace.nextId - 1);
    for (let index = 1; index < events.length; index++) {
      expect((events[index] as { id: number }).id).toBeGreaterThan((events[index - 1] as { id: number }).id);
    }
    for (const event of events) {
      if (event.causeId !== null) expect(event.causeId).toBeLessThan(event.id);
      expect(event.text).not.toMatch(/received/);
    }
  });

  test('a role change names a shown cause: the election walks back to the vote request that was sent', () => {
    const lab = mustCreateLab({ seed: 5, nodeCount: 3 });
    expect(runUntilCondition(lab, () => leaders(lab).length === 1, 5_000)).toBe(true);
    const events = labEvents(lab, 1_000);
    const byId = new Map(events.map((event) => [event.id, event]));
    const elected = events.find((event) => /became leader/.test(event.text));
    expect(elected?.kind).toBe('raft');
    // Won on a vote that was granted: the cause is the granting node's message, shown as a send.
    const cause = byId.get(elected?.causeId ?? -1);
    expect(cause?.kind).toBe('network');
    expect(cause?.text).toMatch(/vote granted/);
  });

  test('messages in words', () => {
    expect(
      messageText({ type: 'appendEntries', term: 2, entries: [], leaderCommit: 3, prevLogIndex: 3 }),
    ).toBe('heartbeat t2 (commit 3)');
    expect(
      messageText({ type: 'appendEntries', term: 2, entries: [{ index: 4 }, { index: 5 }], leaderCommit: 3 }),
    ).toBe('append #4-#5 t2 (commit 3)');
    expect(messageText({ type: 'requestVoteResponse', term: 4, granted: false, preVote: false })).toBe(
      'vote refused t4',
    );
    expect(
      eventText({
        id: 3,
        atMs: 0,
        cause: null,
        kind: 'role',
        node: 'n1',
        term: 1,
        role: 'candidate',
        previousRole: 'follower',
        reason: 'election timeout',
      }),
    ).toBe('n1 became candidate for term 1 (election timeout)');
  });
});
