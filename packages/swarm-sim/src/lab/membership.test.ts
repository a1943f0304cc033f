/**
 * Membership changes in the lab (thesis §4.1-§4.2): spares that start with an empty
 * configuration and wait to be added, voters added and removed one at a time at the leader,
 * clear refusals, and the checkers catching two changes at once when the core allows them.
 */
import { describe, expect, it } from 'vitest';
import { labCommand } from './command.js';
import { createLab } from './lab.js';
import { leaders, mustCreateLab, runUntilCondition } from './lab-test-helpers.js';
import { labAddVoter, labPropose, labRemoveVoter, labRun, labTimeout } from './operations.js';
import { formatLabView, labInspect, labLeader } from './view.js';

function votersByNode(lab: ReturnType<typeof mustCreateLab>): Record<string, string> {
  return Object.fromEntries(labInspect(lab).nodes.map((node) => [node.id, node.voters.join(',')]));
}

/** n1…n3 voters, n4 and n5 spares; n3 elected by forcing its timeout. */
function labWithSpares(unsafe: 'concurrentMembershipChanges'[] = []) {
  const lab = mustCreateLab({ seed: 11, nodeCount: 5, voterCount: 3, unsafe });
  labTimeout(lab, 'n3');
  labRun(lab, 200);
  expect(leaders(lab)).toEqual(['n3']);
  return lab;
}

describe('thesis §4.1: a lab starts with voters and spares', () => {
  it('spares start with no configuration, never campaign, and the voters elect among themselves', () => {
    const lab = mustCreateLab({ seed: 4, nodeCount: 5, voterCount: 3 });
    labRun(lab, 3000);
    expect(votersByNode(lab)).toEqual({ n1: 'n1,n2,n3', n2: 'n1,n2,n3', n3: 'n1,n2,n3', n4: '', n5: '' });
    const view = labInspect(lab);
    expect(
      view.nodes.filter((node) => node.id === 'n4' || node.id === 'n5').map((node) => node.term),
    ).toEqual([0, 0]);
    expect(['n1', 'n2', 'n3']).toContain(view.leader);
    expect(formatLabView(view)).toMatch(/\nn4 follower +term 0 vote - commit 0 applied 0 voters -\n/);
  });

  it('refuses a voter count outside 1…nodeCount with a sentence', () => {
    expect(createLab({ nodeCount: 3, voterCount: 4 })).toEqual({
      ok: false,
      error: 'a lab of 3 nodes has 1 to 3 voters',
    });
    expect(createLab({ nodeCount: 3, voterCount: 0 })).toMatchObject({ ok: false });
  });
});

describe('thesis §4.1: one voter added or removed at a time, at the leader', () => {
  it('add n4 at the leader: n4 catches up and learns every voter; a second change waits for the first', () => {
    const lab = labWithSpares();
    const added = labCommand(lab, 'add n4');
    expect(added).toEqual({
      ok: true,
      text: 'n3 appended "addVoter n4" at index 2, term 1; voters now n1,n2,n3,n4',
    });
    expect(labCommand(lab, 'add n5')).toEqual({
      ok: false,
      text: 'n3 refused: a membership change is in progress: the configuration change at index 2 has not committed yet',
    });
    labRun(lab, 300);
    expect(labAddVoter(lab, 'n5').ok).toBe(true);
    labRun(lab, 300);
    const all = 'n1,n2,n3,n4,n5';
    expect(votersByNode(lab)).toEqual({ n1: all, n2: all, n3: all, n4: all, n5: all });
    expect(labInspect(lab).nodes.map((node) => node.commitIndex)).toEqual([3, 3, 3, 3, 3]);
  });

  it('remove n1: the others go on without it and a write still commits on every remaining voter', () => {
    const lab = labWithSpares();
    expect(labRemoveVoter(lab, 'n1').text).toBe(
      'n3 appended "removeVoter n1" at index 2, term 1; voters now n2,n3',
    );
    labRun(lab, 300);
    const written = labPropose(lab, 'n3', 'set x 1');
    expect(written.ok).toBe(true);
    expect(runUntilCondition(lab, () => lab.client.history[0]?.status === 'ok', 500)).toBe(true);
    const view = labInspect(lab);
    expect(
      view.nodes.filter((node) => node.id === 'n2' || node.id === 'n3').map((node) => node.voters),
    ).toEqual([
      ['n2', 'n3'],
      ['n2', 'n3'],
    ]);
    expect(view.violations).toEqual([]);
  });

  it('removing the leader: it hands over once the change commits', () => {
    const lab = labWithSpares();
    expect(labCommand(lab, 'remove n3').ok).toBe(true);
    labRun(lab, 1000);
    expect(['n1', 'n2']).toContain(labLeader(lab));
    expect(labInspect(lab).violations).toEqual([]);
  });

  it('a one-voter lab answers a write at once: the leader commits it while appending it', () => {
    const lab = mustCreateLab({ seed: 2, nodeCount: 1 });
    labRun(lab, 500);
    expect(labPropose(lab, 'n1', 'set x 1').ok).toBe(true);
    expect(lab.client.history[0]).toMatchObject({ status: 'ok', result: 'ok' });
  });
});

describe('membership commands are user input: refused with a sentence, never thrown', () => {
  it.each([
    ['add n9', 'no such node: n9 (nodes are n1, n2, n3, n4, n5)'],
    ['add n1', 'n3 refused: n1 is already a voter'],
    ['remove n4', 'n3 refused: n4 is not a voter'],
    ['remove n1 at n2', 'n2 is not the leader; try n3'],
    ['add n4 at n7', 'no such node: n7 (nodes are n1, n2, n3, n4, n5)'],
    ['add', 'add takes a node and optionally where to propose it: add n4 or add n4 at n1'],
    [
      'remove n1 by n2',
      'remove takes a node and optionally where to propose it: remove n4 or remove n4 at n1',
    ],
  ])('%s', (line, text) => {
    expect(labCommand(labWithSpares(), line)).toEqual({ ok: false, text });
  });

  it('without a leader there is nowhere to propose', () => {
    const lab = mustCreateLab({ seed: 1, nodeCount: 3 });
    expect(labCommand(lab, 'remove n2')).toEqual({
      ok: false,
      text: 'no leader to remove n2 now; wait for an election',
    });
  });
});

describe('thesis §4.1, Figure 4.2: two changes at once let disjoint majorities elect', () => {
  /** n3 leads {n1,n2,n3}; cut off from n1 and n2, it adds n4 and n5 without waiting. */
  function addTwoAtOnce(unsafe: 'concurrentMembershipChanges'[]) {
    const lab = labWithSpares(unsafe);
    labCommand(lab, 'partition n1,n2 | n3,n4,n5');
    const first = labCommand(lab, 'add n4');
    const second = labCommand(lab, 'add n5');
    labRun(lab, 2000);
    return { lab, first, second };
  }

  it('with concurrentMembershipChanges, n1 and n2 elect a leader while n3 commits with n4 and n5', () => {
    const { lab, first, second } = addTwoAtOnce(['concurrentMembershipChanges']);
    expect([first.ok, second.ok]).toEqual([true, true]);
    // n3 committed "add n4" with n4 and n5 (3 of 5); n1 and n2 (2 of 3) elect n2 and commit its no-op.
    expect(leaders(lab)).toEqual(['n2', 'n3']);
    const violations = labInspect(lab).violations.map((each) => `${each.invariant}: ${each.message}`);
    expect(violations.slice(0, 2)).toEqual([
      'leaderCompleteness: n2 became leader of term 2 without committed entry 2 (term 1)',
      'stateMachineSafety: n2 committed "noop:" (term 2) at index 2, where "config:addVoter n4" (term 1) was committed',
    ]);
  });

  it('without it, the second change waits and only one side can elect', () => {
    const { lab, first, second } = addTwoAtOnce([]);
    expect([first.ok, second.ok]).toEqual([true, false]);
    expect(labInspect(lab).violations).toEqual([]);
  });
});
