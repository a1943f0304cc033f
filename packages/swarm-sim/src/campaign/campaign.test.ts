/**
 * Properties of the Raft lab under random fault schedules (STYLE 8 and 16; TigerBeetle's VOPR):
 * safety throughout, liveness after heal, determinism, time travel; and the campaign shown able
 * to fail: every unsafe switch of the core is caught within a bounded number of runs, and its
 * shrunk counterexample replays in the shell with the same violation.
 *
 * Run counts are small so `npm test` stays fast; `swarmsim check --runs 5000` is the long run.
 * A failure prints fast-check's seed and path: replay with `fc.assert(…, { seed, path })`.
 */
import { createHash } from 'node:crypto';
import type { UnsafeSwitch } from '@swarmsim/raft';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CampaignConfig,
  campaignConfigDefaults,
  runCampaign,
  runCampaignCase,
  shellCommandHeader,
} from './campaign.js';
import {
  createLabShell,
  type LabShell,
  labShellLine,
  labShellTrace,
  restoreLabShell,
  snapshotLabShell,
} from './lab-shell.js';
import { formatCampaignReport } from './report.js';
import { campaignCaseArbitrary } from './schedule.js';
import { unsafeSwitchNames } from './unsafe.js';

const safeCore: CampaignConfig = campaignConfigDefaults();

/** A shell with the full trace, as `swarmsim shell` runs, for the case's lab seed. */
function replayShell(config: CampaignConfig, labSeed: number): LabShell {
  const created = createLabShell({
    seed: labSeed,
    nodeCount: config.nodeCount,
    preVote: config.preVote,
    checkQuorum: config.checkQuorum,
    unsafe: config.unsafe,
  });
  if (!created.ok) throw new Error(created.error);
  return created.shell;
}

function play(shell: LabShell, lines: readonly string[]): string {
  let stdout = '';
  for (const line of lines) stdout += labShellLine(shell, line)?.stdout ?? '';
  return stdout;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('safety under random faults (Raft §5.2-§5.4): the checkers hold throughout', () => {
  it.each<[string, CampaignConfig]>([
    ['5 nodes, CheckQuorum on (SwarmKit)', safeCore],
    ['3 nodes, PreVote on, CheckQuorum off', { nodeCount: 3, preVote: true, checkQuorum: false, unsafe: [] }],
  ])('%s: no violation and a linearizable history in any schedule', (_name, config) => {
    fc.assert(
      fc.property(campaignCaseArbitrary(config.nodeCount), (testCase) => {
        const { verdict } = runCampaignCase(config, testCase);
        return verdict.ok || verdict.property === 'liveness';
      }),
      { seed: 20_241_125, numRuns: 30 },
    );
  });
});

describe('liveness after heal: a leader, then a committed write, within the stated bound', () => {
  it('every schedule, once healed, elects a leader within 3s and commits a write everywhere within 2s more', () => {
    const config: CampaignConfig = { nodeCount: 5, preVote: true, checkQuorum: true, unsafe: [] };
    fc.assert(
      fc.property(campaignCaseArbitrary(config.nodeCount), (testCase) => {
        const outcome = runCampaignCase(config, testCase);
        expect(outcome.verdict).toMatchObject({ ok: true });
        expect(outcome.lines.filter((line) => line.startsWith('propose ')).at(-1)).toMatch(/ set live v\d+$/);
      }),
      { seed: 7, numRuns: 30 },
    );
  });
});

describe('determinism: the same schedule and seed give the same run, byte for byte', () => {
  it('a schedule run twice gives the same script, and replayed twice in the shell the same trace', () => {
    fc.assert(
      fc.property(campaignCaseArbitrary(5), (testCase) => {
        const first = runCampaignCase(safeCore, testCase);
        const second = runCampaignCase(safeCore, testCase);
        expect(second).toEqual(first);
        const hashes = [1, 2].map(() => {
          const shell = replayShell(safeCore, testCase.labSeed);
          play(shell, first.lines);
          return sha256(labShellTrace(shell));
        });
        expect(hashes[1]).toBe(hashes[0]);
      }),
      { seed: 99, numRuns: 10 },
    );
  });

  it('the whole campaign is a function of its options', () => {
    const options = { ...safeCore, nodeCount: 3, seed: 31, runs: 8 };
    expect(JSON.stringify(runCampaign(options))).toBe(JSON.stringify(runCampaign(options)));
  });
});

describe('time travel: snapshot, wander off, restore, and the run equals the uninterrupted one', () => {
  it('restoring a snapshot taken anywhere in a schedule and replaying the rest gives the same trace', () => {
    const scheduleAndCut = campaignCaseArbitrary(5).chain((testCase) => {
      const lines = runCampaignCase(safeCore, testCase).lines;
      return fc.record({
        testCase: fc.constant(testCase),
        lines: fc.constant(lines),
        cut: fc.integer({ min: 0, max: lines.length }),
        detour: fc.constantFrom(['wait 700ms'], ['kill n1', 'partition n2 | n1,n3,n4,n5', 'wait 2s']),
      });
    });
    fc.assert(
      fc.property(scheduleAndCut, ({ testCase, lines, cut, detour }) => {
        const uninterrupted = replayShell(safeCore, testCase.labSeed);
        play(uninterrupted, lines);
        const traveller = replayShell(safeCore, testCase.labSeed);
        play(traveller, lines.slice(0, cut));
        const saved = snapshotLabShell(traveller);
        play(traveller, detour);
        const restored = restoreLabShell(saved);
        play(restored, lines.slice(cut));
        expect(labShellTrace(restored)).toBe(labShellTrace(uninterrupted));
      }),
      { seed: 1234, numRuns: 10 },
    );
  });
});

describe('the checkers are shown able to fail: the campaign catches every unsafe switch', () => {
  /** Schedules needed at most, with this seed, to catch each switch on a 5-node lab. */
  const runsBound = 300;
  const caughtAs: readonly [UnsafeSwitch, string][] = [
    ['commitPreviousTermByCount', 'leaderCompleteness'],
    ['voteWithoutLogCheck', 'leaderCompleteness'],
    ['forgetVoteOnRestart', 'persistence'],
    ['concurrentMembershipChanges', 'leaderCompleteness'],
  ];

  it('every switch of the core is in the list below', () => {
    expect(caughtAs.map(([name]) => name)).toEqual([...unsafeSwitchNames]);
  });

  it.each<[UnsafeSwitch, string]>(caughtAs)(
    `%s: caught within ${runsBound} runs as %s; the shrunk script replays it in the shell`,
    (name, invariant) => {
      const config: CampaignConfig = { ...safeCore, unsafe: [name] };
      const result = runCampaign({ ...config, seed: 1, runs: runsBound, shrinkRunsMax: 50 });
      if (!result.ok) throw new Error(result.error);
      const failure = result.report.failure;
      expect(failure?.verdict).toMatchObject({ ok: false, property: 'safety' });
      if (failure === null || failure.verdict.ok) return;
      expect(failure.runNumber).toBeLessThanOrEqual(runsBound);
      expect(failure.verdict.message).toMatch(new RegExp(`^VIOLATION ${invariant}: `));
      expect(failure.script[0]).toBe(shellCommandHeader(config, failure.testCase.labSeed));
      expect(failure.script[0]).toBe(
        `# swarmsim shell --lab 5 --seed ${failure.testCase.labSeed} --unsafe ${name}`,
      );
      const replayed = play(replayShell(config, failure.testCase.labSeed), failure.script);
      expect(replayed.split('\n')).toContain(failure.verdict.message);
      const report = formatCampaignReport(result.report);
      expect(report[0]).toBe('SEED=1');
      expect(report).toContain(failure.script[0]);
    },
  );
});

describe('thesis §4.1: the campaign changes membership, one voter at a time unless the switch is on', () => {
  it('the safe core adds and removes voters under faults and every run stays safe and live', () => {
    const result = runCampaign({ ...safeCore, seed: 5, runs: 40, shrinkRunsMax: 0 });
    if (!result.ok) throw new Error(result.error);
    expect(result.report.failure).toBeNull();
    expect(result.report.commandCounts.remove).toBeGreaterThan(0);
    expect(result.report.commandCounts.add).toBeGreaterThan(0);
  });

  it('concurrentMembershipChanges: the shrunk script is two changes in a row, then a partition (Figure 4.2)', () => {
    const config: CampaignConfig = { ...safeCore, unsafe: ['concurrentMembershipChanges'] };
    const result = runCampaign({ ...config, seed: 2, runs: 50, shrinkRunsMax: 0 });
    if (!result.ok) throw new Error(result.error);
    const script = result.report.failure?.script ?? [];
    const changes = script.flatMap((line, position) =>
      /^(add|remove) n\d$/.test(line) && /^(add|remove) n\d$/.test(script[position + 1] ?? '')
        ? [position]
        : [],
    );
    expect(changes.length).toBeGreaterThan(0);
    expect(script[(changes[0] as number) + 2]).toMatch(/^partition /);
  });
});

describe('campaign options are user input: refused with a sentence, never thrown', () => {
  it.each([
    [{ runs: 0 }, 'runs is a whole number from 1 to 100000'],
    [{ nodeCount: 10 }, 'a lab has 1 to 9 nodes'],
    [{ seed: -1 }, 'the seed is a whole number from 0 to 2147483647'],
  ])('%o is refused', (override, error) => {
    expect(runCampaign({ ...safeCore, seed: 1, runs: 5, ...override })).toEqual({ ok: false, error });
  });
});
