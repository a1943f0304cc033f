/**
 * The `swarmsim check` campaign: fast-check generates fault schedules (schedule.ts), each runs
 * against a fresh lab through the shell language (lab-shell.ts), and three oracles judge it:
 *
 * 1. safety, throughout: the Raft checkers report no violation (election safety, log matching,
 *    leader completeness, state machine safety, …; docs/checkers.md), and the client history is
 *    linearizable at the end;
 * 2. liveness, after the faults heal: the run heals the network, turns loss and duplication off,
 *    restores RaftScope's latency, resumes and restarts every node, then requires a leader within
 *    `livenessLeaderBoundMs` and a fresh write, proposed to that leader, acknowledged and
 *    committed on every voter of its configuration within `livenessCommitBoundMs` more (TigerBeetle's VOPR: faults
 *    first, then heal a core and require convergence within a bound);
 * 3. no crash: an assertion failing inside the core or the kernel is reported, not thrown.
 *
 * A failing schedule is shrunk by fast-check, then printed as the script of shell lines it ran,
 * under a `# swarmsim shell …` header: piped into that command, it replays the same run.
 *
 * Why a generated schedule of timed operations and not `fc.commands`: the oracle here is the
 * checkers, not a model to compare against, so a model would only restate the lab; and a
 * schedule is plain data whose shrunk form *is* the shell script a student can replay and read.
 */
import type { UnsafeSwitch } from '@swarmsim/raft';
import fc from 'fast-check';
import { checkLinearizability } from '../check/linearizability.js';
import { assert } from '../kernel/assert.js';
import { labNodeCountMax } from '../lab/lab.js';
import { labInspect } from '../lab/view.js';
import { createLabShell, type LabShell, labShellDefaults, labShellLine } from './lab-shell.js';
import { playAction } from './nemesis.js';
import { type CampaignCase, campaignCaseArbitrary, healedDelay } from './schedule.js';

/** After the heal, a leader must exist within this much virtual time. */
export const livenessLeaderBoundMs = 3000;
/** Then a write proposed to it must be acknowledged and committed on every voter of its configuration within this much. */
export const livenessCommitBoundMs = 2000;
/** The key the liveness write uses (the schedule's client writes a and b). */
export const livenessKey = 'live';

export interface CampaignConfig {
  readonly nodeCount: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly unsafe: readonly UnsafeSwitch[];
}

export interface CampaignOptions extends CampaignConfig {
  /** fast-check's seed: the same seed generates the same schedules. 0 to 2^31 - 1. */
  readonly seed: number;
  /** Schedules to try (before shrinking a failure). */
  readonly runs: number;
  /** Candidate schedules tried while shrinking a failure. Default `shrinkRunsMaxDefault`. */
  readonly shrinkRunsMax?: number;
}

export const campaignRunsMax = 100_000;
export const shrinkRunsMaxDefault = 500;

export type CaseVerdict =
  | { readonly ok: true; readonly linearizability: 'ok' | 'unknown' }
  | {
      readonly ok: false;
      readonly property: 'safety' | 'linearizability' | 'liveness' | 'crash';
      /** For safety, exactly the `VIOLATION invariant: message` line the shell prints. */
      readonly message: string;
      /** Virtual time of the failure. */
      readonly atMs: number;
    };

export interface CaseOutcome {
  /** The shell lines the run executed, in order: the script that replays it. */
  readonly lines: readonly string[];
  readonly verdict: CaseVerdict;
  /** The virtual time the run ended at. */
  readonly endMs: number;
}

export function campaignConfigDefaults(): CampaignConfig {
  return { nodeCount: 5, ...labShellDefaults, unsafe: [] };
}

/** Checks options a user may have typed; an error sentence or null. */
export function validateCampaignOptions(options: CampaignOptions): string | null {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > 0x7fff_ffff) {
    return 'the seed is a whole number from 0 to 2147483647';
  }
  if (!Number.isSafeInteger(options.runs) || options.runs < 1 || options.runs > campaignRunsMax) {
    return `runs is a whole number from 1 to ${campaignRunsMax}`;
  }
  if (
    !Number.isSafeInteger(options.nodeCount) ||
    options.nodeCount < 1 ||
    options.nodeCount > labNodeCountMax
  ) {
    return `a lab has 1 to ${labNodeCountMax} nodes`;
  }
  const shrinkRunsMax = options.shrinkRunsMax ?? shrinkRunsMaxDefault;
  if (!Number.isSafeInteger(shrinkRunsMax) || shrinkRunsMax < 0)
    return 'shrinkRunsMax is a whole number >= 0';
  return null;
}

/** The comment line a counterexample script starts with: the shell command that replays it. */
export function shellCommandHeader(config: CampaignConfig, labSeed: number): string {
  const flags = [`--lab ${config.nodeCount}`, `--seed ${labSeed}`];
  for (const name of config.unsafe) flags.push(`--unsafe ${name}`);
  if (config.preVote !== labShellDefaults.preVote) flags.push(config.preVote ? '--prevote' : '--no-prevote');
  if (config.checkQuorum !== labShellDefaults.checkQuorum) {
    flags.push(config.checkQuorum ? '--checkquorum' : '--no-checkquorum');
  }
  return `# swarmsim shell ${flags.join(' ')}`;
}

/** A lab shell as the campaign runs it: checkers on, `send`/`deliver` left out of the trace. */
export function campaignShell(config: CampaignConfig, labSeed: number): LabShell {
  const created = createLabShell({
    seed: labSeed,
    nodeCount: config.nodeCount,
    preVote: config.preVote,
    checkQuorum: config.checkQuorum,
    unsafe: config.unsafe,
    traceLevel: 'reduced',
  });
  assert(created.ok, 'campaign options were validated');
  return created.shell;
}

/** Runs one schedule and judges it. Deterministic: the same case gives the same outcome. */
export function runCampaignCase(config: CampaignConfig, testCase: CampaignCase): CaseOutcome {
  const shell = campaignShell(config, testCase.labSeed);
  const lines: string[] = [];
  const execute = (line: string): number => {
    lines.push(line);
    const result = labShellLine(shell, line);
    assert(result !== null, 'campaign lines are commands');
    return result.exitCode;
  };
  let verdict: CaseVerdict;
  try {
    verdict = playSchedule(shell, testCase, execute) ?? healAndJudge(shell, execute);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    verdict = { ok: false, property: 'crash', message, atMs: shell.lab.world.nowMs };
  }
  if (!verdict.ok) execute('inspect');
  return { lines, verdict, endMs: shell.lab.world.nowMs };
}

function firstViolation(shell: LabShell): CaseVerdict | null {
  const event = shell.lab.world.violations[0];
  if (event === undefined || event.kind !== 'violation') return null;
  return {
    ok: false,
    property: 'safety',
    message: `VIOLATION ${event.invariant}: ${event.message}`,
    atMs: event.atMs,
  };
}

/** The fault phase: every step in order; stops at the first violation. */
function playSchedule(
  shell: LabShell,
  testCase: CampaignCase,
  execute: (line: string) => number,
): CaseVerdict | null {
  for (const step of testCase.steps) {
    if (step.waitMs > 0) execute(`wait ${step.waitMs}ms`);
    if (firstViolation(shell) === null) playAction(shell.lab, step.action, execute);
    const violation = firstViolation(shell);
    if (violation !== null) return violation;
  }
  return null;
}

/** The liveness phase: heal everything, then a leader and a committed write within the bounds. */
function healAndJudge(shell: LabShell, execute: (line: string) => number): CaseVerdict {
  const lab = shell.lab;
  execute('heal');
  execute('net drop 0%');
  execute('net duplicate 0%');
  execute(`net delay ${healedDelay.minMs}ms-${healedDelay.maxMs}ms`);
  for (const host of lab.world.hosts) {
    if (host.paused) execute(`resume ${host.id}`);
    if (!host.up) execute(`restart ${host.id}`);
  }
  const healedAtMs = lab.world.nowMs;
  execute(`wait ${livenessLeaderBoundMs}ms`);
  const leader = labInspect(lab).leader;
  const afterWait = firstViolation(shell);
  if (afterWait !== null) return afterWait;
  if (leader === null) {
    return liveness(shell, `no leader ${livenessLeaderBoundMs}ms after the faults healed at ${healedAtMs}ms`);
  }
  const operation = lab.client.nextOperation;
  const proposeExit = execute(`propose ${leader} set ${livenessKey} v${operation}`);
  if (proposeExit !== 0) return liveness(shell, `the leader ${leader} refused a write after the heal`);
  execute(`wait ${livenessCommitBoundMs}ms`);
  return judgeCommit(shell, operation) ?? judgeHistory(shell);
}

function liveness(shell: LabShell, message: string): CaseVerdict {
  return { ok: false, property: 'liveness', message: `LIVENESS ${message}`, atMs: shell.lab.world.nowMs };
}

function judgeCommit(shell: LabShell, operationId: number): CaseVerdict | null {
  const violation = firstViolation(shell);
  if (violation !== null) return violation;
  const view = labInspect(shell.lab);
  const operation = view.client.find((each) => each.operation === operationId);
  assert(operation !== undefined, 'the liveness write is in the client history');
  const index = operation.index ?? 0;
  if (operation.status !== 'ok') {
    return liveness(
      shell,
      `"${operation.command}" at ${operation.node} was not acknowledged within ${livenessCommitBoundMs}ms (${operation.status})`,
    );
  }
  // Quorums are per configuration (thesis §4.1): the voters the acknowledging node uses must
  // all have it; spares and removed nodes are not replicated to.
  const voters = view.nodes.find((node) => node.id === operation.node)?.voters ?? [];
  const behind = view.nodes.filter((node) => voters.includes(node.id) && (node.commitIndex ?? 0) < index);
  if (behind.length > 0) {
    const names = behind.map((node) => `${node.id} (commit ${node.commitIndex})`).join(', ');
    return liveness(shell, `index ${index} not committed on ${names} within ${livenessCommitBoundMs}ms`);
  }
  return null;
}

function judgeHistory(shell: LabShell): CaseVerdict {
  const check = checkLinearizability(shell.lab.client.history);
  if (check.outcome === 'violation') {
    const message = `NOT LINEARIZABLE: ${check.message}`;
    return { ok: false, property: 'linearizability', message, atMs: shell.lab.world.nowMs };
  }
  return { ok: true, linearizability: check.outcome };
}

export interface CampaignFailure {
  /** The run (1-based) whose schedule failed first, before shrinking. */
  readonly runNumber: number;
  readonly shrinkCount: number;
  /** The shrunk schedule. */
  readonly testCase: CampaignCase;
  readonly verdict: Extract<CaseVerdict, { ok: false }>;
  /** The header line, then the lines: pipe it into the shell named in the header. */
  readonly script: readonly string[];
  /** fast-check's path to the shrunk case, for `fc.check(…, { seed, path })`. */
  readonly counterexamplePath: string | null;
}

export interface CampaignReport {
  readonly options: Required<CampaignOptions>;
  /** Schedules run before shrinking (all of them when none failed). */
  readonly runs: number;
  /** How often each verb ran in those schedules, heal phases included (STYLE 16: know what ran). */
  readonly commandCounts: Readonly<Record<string, number>>;
  /** Runs whose history was too large for the linearizability search (judged by the rest). */
  readonly linearizabilityUnknownCount: number;
  readonly failure: CampaignFailure | null;
}

export type CampaignResult =
  | { readonly ok: true; readonly report: CampaignReport }
  | { readonly ok: false; readonly error: string };

/** Runs the campaign; deterministic for given options. Never throws on bad options. */
export function runCampaign(options: CampaignOptions): CampaignResult {
  const error = validateCampaignOptions(options);
  if (error !== null) return { ok: false, error };
  const full: Required<CampaignOptions> = { shrinkRunsMax: shrinkRunsMaxDefault, ...options };
  const commandCounts: Record<string, number> = {};
  let linearizabilityUnknownCount = 0;
  let failedOnce = false;
  let shrinkRuns = 0;
  const property = fc.property(campaignCaseArbitrary(full.nodeCount), (testCase) => {
    if (failedOnce && ++shrinkRuns > full.shrinkRunsMax) return true;
    const outcome = runCampaignCase(full, testCase);
    if (!failedOnce) {
      for (const line of outcome.lines) countCommand(commandCounts, line);
      if (outcome.verdict.ok && outcome.verdict.linearizability === 'unknown') linearizabilityUnknownCount++;
    }
    if (!outcome.verdict.ok) failedOnce = true;
    return outcome.verdict.ok;
  });
  const details = fc.check(property, { seed: full.seed, numRuns: full.runs });
  const base = { options: full, runs: details.numRuns, commandCounts, linearizabilityUnknownCount };
  if (!details.failed || details.counterexample === null)
    return { ok: true, report: { ...base, failure: null } };
  const testCase = details.counterexample[0];
  const outcome = runCampaignCase(full, testCase);
  assert(!outcome.verdict.ok, 'the shrunk counterexample fails again when replayed');
  const failure: CampaignFailure = {
    runNumber: details.numRuns,
    shrinkCount: details.numShrinks,
    testCase,
    verdict: outcome.verdict,
    script: [shellCommandHeader(full, testCase.labSeed), ...outcome.lines],
    counterexamplePath: details.counterexamplePath,
  };
  return { ok: true, report: { ...base, failure } };
}

function countCommand(counts: Record<string, number>, line: string): void {
  const words = line.split(' ');
  const verb = words[0] === 'net' ? `net ${words[1]}` : (words[0] as string);
  counts[verb] = (counts[verb] ?? 0) + 1;
}
