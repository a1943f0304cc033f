/**
 * Each of the Raft core's `unsafe` switches re-creates a classic bug; these scripted lab runs
 * show the checkers catch each one, and stay silent on the same script with the switch off.
 * Elections are forced (`timeout`), with election timeouts long enough (2-4 s) that nobody
 * campaigns on their own during a script.
 */
import type { UnsafeSwitch } from '@swarmsim/raft';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab/lab.js';
import { leaders, liveNode, mustCreateLab, runUntilCondition } from '../lab/lab-test-helpers.js';
import {
  labCrash,
  labCut,
  labDisconnect,
  labPropose,
  labReconnect,
  labRestart,
  labRun,
  labTimeout,
  labUncut,
} from '../lab/operations.js';

function scriptedLab(nodeCount: number, unsafe: UnsafeSwitch[]): Lab {
  return mustCreateLab({ seed: 11, nodeCount, electionTimeoutTicks: 200, heartbeatIntervalTicks: 5, unsafe });
}

function violated(lab: Lab): string[] {
  return [
    ...new Set(lab.world.violations.map((event) => (event.kind === 'violation' ? event.invariant : ''))),
  ];
}

/** Forces `nodeId` to time out until it leads (a stale term costs one round). */
function elect(lab: Lab, nodeId: string): boolean {
  for (let attempt = 0; attempt < 4; attempt++) {
    labTimeout(lab, nodeId);
    if (runUntilCondition(lab, () => liveNode(lab, nodeId)?.role === 'leader', 100)) return true;
  }
  return false;
}

/**
 * Figure 8 (§5.4.2), with the lab's terms one lower than the paper's:
 * (a) n1 leads term 1 and puts "set x 1" at index 2 on n2 only;
 * (b) n1 crashes; n5 wins term 2 with n3 and n4 and keeps its index-2 no-op to itself;
 * (c) n5 crashes; n1 restarts, wins term 3 and copies index 2 to n3: a majority holds it;
 * (d) n1 crashes; n5 comes back and wins term 4 with n3 and n4, then overwrites index 2.
 * Committing index 2 in (c) by counting replicas is the bug.
 */
function figure8(unsafe: UnsafeSwitch[]): { lab: Lab; committedInC: boolean } {
  const lab = scriptedLab(5, unsafe);
  expect(elect(lab, 'n1')).toBe(true);
  labRun(lab, 100);
  for (const other of ['n3', 'n4', 'n5']) labCut(lab, 'n1', other);
  labPropose(lab, 'n1', 'set x 1');
  labRun(lab, 100);
  expect(liveNode(lab, 'n2')?.log.entries.at(-1)).toMatchObject({ index: 2, term: 1 });
  // (b)
  labCrash(lab, 'n1');
  labTimeout(lab, 'n5');
  expect(runUntilCondition(lab, () => liveNode(lab, 'n5')?.role === 'leader', 100)).toBe(true);
  labDisconnect(lab, 'n5');
  labCrash(lab, 'n5');
  // (c)
  labRestart(lab, 'n1');
  labUncut(lab, 'n1', 'n3');
  expect(elect(lab, 'n1')).toBe(true);
  // The moment n1 learns that n3 holds index 2, a majority (n1, n2, n3) has it.
  const n3Matches = () =>
    (liveNode(lab, 'n1')?.progress.find((peer) => peer.id === 'n3')?.matchIndex ?? 0) >= 2;
  expect(runUntilCondition(lab, n3Matches, 200)).toBe(true);
  const committedInC = (liveNode(lab, 'n1')?.commitIndex ?? 0) >= 2;
  expect(liveNode(lab, 'n3')?.log.entries.map((entry) => entry.term)).toEqual([1, 1]);
  // (d)
  labDisconnect(lab, 'n1');
  labCrash(lab, 'n1');
  labRestart(lab, 'n5');
  labReconnect(lab, 'n5');
  expect(elect(lab, 'n5')).toBe(true);
  labRun(lab, 300);
  return { lab, committedInC };
}

describe('unsafe switches: the checkers catch every classic bug', () => {
  it('commitPreviousTermByCount (Figure 8): a committed entry is lost, caught as leader completeness and state machine safety', () => {
    const { lab, committedInC } = figure8(['commitPreviousTermByCount']);
    expect(committedInC).toBe(true);
    expect(violated(lab)).toEqual(['leaderCompleteness', 'stateMachineSafety']);
    expect(lab.world.violations[0]).toMatchObject({
      message: 'n5 became leader of term 4 without committed entry 2 (term 1)',
    });
  });

  it('Figure 8 with the rule kept: the term-1 entry is not committed by counting, and nothing is violated', () => {
    const { lab, committedInC } = figure8([]);
    expect(committedInC).toBe(false);
    expect(lab.world.violations).toEqual([]);
    expect(leaders(lab)).toEqual(['n5']);
  });

  function staleCandidate(unsafe: UnsafeSwitch[]): Lab {
    const lab = scriptedLab(3, unsafe);
    expect(elect(lab, 'n1')).toBe(true);
    labDisconnect(lab, 'n3');
    labPropose(lab, 'n1', 'set x 1');
    labRun(lab, 100);
    expect(liveNode(lab, 'n2')?.commitIndex).toBe(2);
    labCrash(lab, 'n1');
    labReconnect(lab, 'n3');
    labTimeout(lab, 'n3');
    labRun(lab, 100);
    return lab;
  }

  it('voteWithoutLogCheck (§5.4.1): a stale candidate wins, caught as leader completeness', () => {
    const lab = staleCandidate(['voteWithoutLogCheck']);
    expect(leaders(lab)).toEqual(['n3']);
    expect(violated(lab)).toContain('leaderCompleteness');
  });

  it('the election restriction kept: n2 refuses the stale candidate, nothing is violated', () => {
    const lab = staleCandidate([]);
    expect(leaders(lab)).toEqual([]);
    expect(lab.world.violations).toEqual([]);
  });

  function restartVoter(unsafe: UnsafeSwitch[]): Lab {
    const lab = scriptedLab(3, unsafe);
    expect(elect(lab, 'n1')).toBe(true);
    labCrash(lab, 'n2');
    labRestart(lab, 'n2');
    return lab;
  }

  it('forgetVoteOnRestart (§5.2): a restarted voter has lost its vote, caught as persistence', () => {
    const lab = restartVoter(['forgetVoteOnRestart']);
    expect(violated(lab)).toEqual(['persistence']);
    expect(lab.world.violations[0]).toMatchObject({
      message:
        'n2 restarted with term 1, vote none, log up to 0 (term 0), but had persisted term 1, vote n1, log up to 0 (term 0)',
    });
  });

  it('the vote persisted: the restarted voter remembers it', () => {
    const lab = restartVoter([]);
    expect(lab.world.violations).toEqual([]);
    expect(liveNode(lab, 'n2')?.votedFor).toBe('n1');
  });
});
