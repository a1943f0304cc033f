/**
 * A fault schedule: the data a campaign run is made of. A lab seed, then a list of steps, each
 * "wait this long, then do this". fast-check generates and shrinks it (fewer steps, shorter
 * waits, simpler targets); nemesis.ts plays each step as shell lines against the lab as it
 * stands, so the schedule a run played is printed as a script that replays it exactly.
 *
 * Some targets are resolved when the step runs: `leader` is the live leader of the highest term
 * at that moment (a nemesis aimed at the leader, as Jepsen's often is), and `awaitLeader` and
 * `churn` wait for elections. A step whose target does not exist then (no leader) is skipped.
 *
 * `pause` freezes a node with its messages held (a process stopped by SIGSTOP): a candidate
 * paused mid-election and resumed after the cluster moved on may win its stale term with the
 * votes it was holding, which is legal Raft and exercises the checkers' term bookkeeping.
 */
import fc from 'fast-check';
import { labNodeCountMax, labNodeIds } from '../lab/lab.js';

/** A node by name, or `leader`: whichever node leads when the step runs. */
export type NodeTarget = string;

export type NodeVerb =
  | 'timeout'
  | 'kill'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'disconnect'
  | 'reconnect'
  | 'remove';

export type ScheduleAction =
  | {
      readonly kind: 'propose';
      readonly node: NodeTarget;
      readonly operation: 'set' | 'get' | 'del';
      readonly key: string;
    }
  | { readonly kind: NodeVerb; readonly node: NodeTarget }
  /** The named nodes against the rest. */
  | { readonly kind: 'partition'; readonly group: readonly string[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'cut'; readonly from: string; readonly to: string }
  | { readonly kind: 'drop' | 'duplicate'; readonly percent: number }
  | { readonly kind: 'delay'; readonly minMs: number; readonly maxMs: number }
  /** Remove a voter (thesis §4.1), proposed at the leader; `leader` removes the leader itself. */
  | { readonly kind: 'remove'; readonly node: NodeTarget }
  /** Add the `pick`-th (modulo) node outside the leader's configuration: a spare or a removed node. */
  | { readonly kind: 'add'; readonly pick: number }
  /**
   * Two membership changes in quick succession at the leader (each a removal of a voter or an
   * addition of a node outside the configuration, whichever exists), then the leader's side cut
   * off from the rest: a majority of the leader's new configuration, one node fewer or one more
   * by `sideShift` (thesis §4.1, Figure 4.2). The safe core refuses the second change until the
   * first commits, so one side cannot reach a quorum; with `concurrentMembershipChanges` the two
   * sides use configurations two voters apart whose majorities can be disjoint, and both elect.
   * The partition lasts until a leader of a higher term appears, plus `holdLatencyTenths`.
   */
  | {
      readonly kind: 'reconfigure';
      readonly changes: readonly { readonly remove: boolean; readonly pick: number }[];
      readonly sideShift: number;
      readonly holdLatencyTenths: number;
    }
  /** Wait until a leader of a higher term than any leader now is elected, then `offsetMs` more. */
  | { readonly kind: 'awaitLeader'; readonly offsetMs: number }
  /**
   * Leader churn in the shape of Figure 8 (§5.4.2), with random nodes and timings: isolate the
   * leader with `companions` followers (a minority) and write to it; once the majority side
   * elects a new leader, cut it off before its first round trip ends and kill it; heal; once the
   * next leader is elected, cut it off during its second or third round trip; restart the
   * killed one. Each election starts from logs that disagree about their last entries, which is
   * where §5.4's rules matter. Delays are in tenths of the current one-way latency maximum, so
   * the same schedule means the same thing on a slow network.
   */
  | {
      readonly kind: 'churn';
      readonly companions: number;
      readonly isolateLatencyTenths: number;
      readonly secondLatencyTenths: number;
    };

export interface ScheduleStep {
  /** Virtual time to let pass before the action. */
  readonly waitMs: number;
  readonly action: ScheduleAction;
}

export interface CampaignCase {
  /** The lab's seed: elections, latencies and losses all draw from it. */
  readonly labSeed: number;
  readonly steps: readonly ScheduleStep[];
}

/** At most this many steps in one schedule, each after a wait of at most `stepWaitMsMax`. */
export const scheduleStepsMax = 40;
export const stepWaitMsMax = 300;
/** Keys the client writes; two, so the linearizability checker compares keys independently. */
export const clientKeys = ['a', 'b'] as const;
/** The latency the lab starts with and the liveness phase restores (RaftScope's). */
export const healedDelay = { minMs: 10, maxMs: 15 } as const;

/**
 * The generator of one run. Weights favour client traffic (so there are committed entries to
 * lose) and crashes of the leader (so elections happen with logs in every state).
 */
export function campaignCaseArbitrary(nodeCount: number): fc.Arbitrary<CampaignCase> {
  const ids = labNodeIds(nodeCount);
  const node = fc.constantFrom(...ids);
  const target = fc.oneof(node, fc.constant('leader'));
  const nodeAction = (kind: NodeVerb, on: fc.Arbitrary<NodeTarget>) =>
    on.map((chosen): ScheduleAction => ({ kind, node: chosen }));
  const action: fc.Arbitrary<ScheduleAction> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({
          node: target,
          operation: fc.constantFrom('set', 'set', 'get', 'del'),
          key: fc.constantFrom(...clientKeys),
        })
        .map((fields): ScheduleAction => ({ kind: 'propose', ...fields })),
    },
    { weight: 4, arbitrary: nodeAction('kill', target) },
    { weight: 4, arbitrary: nodeAction('restart', node) },
    { weight: 2, arbitrary: nodeAction('timeout', target) },
    { weight: 1, arbitrary: nodeAction('pause', target) },
    { weight: 1, arbitrary: nodeAction('resume', node) },
    { weight: 2, arbitrary: nodeAction('disconnect', target) },
    { weight: 2, arbitrary: nodeAction('reconnect', node) },
    { weight: 2, arbitrary: partitionArbitrary(ids) },
    { weight: 2, arbitrary: fc.constant<ScheduleAction>({ kind: 'heal' }) },
    { weight: 1, arbitrary: cutArbitrary(ids) },
    { weight: 1, arbitrary: networkArbitrary() },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: 100 })
        .map((offsetMs): ScheduleAction => ({ kind: 'awaitLeader', offsetMs })),
    },
    { weight: 3, arbitrary: churnArbitrary(nodeCount) },
    { weight: 1, arbitrary: nodeAction('remove', target) },
    {
      weight: 1,
      arbitrary: fc.nat({ max: labNodeCountMax }).map((pick): ScheduleAction => ({ kind: 'add', pick })),
    },
    { weight: 2, arbitrary: reconfigureArbitrary() },
  );
  const step = fc.record({ waitMs: fc.integer({ min: 0, max: stepWaitMsMax }), action });
  return fc.record({
    // Shrinking the seed would change every draw of the run at once: keep it.
    labSeed: fc.noShrink(fc.integer({ min: 1, max: 0x7fff_ffff })),
    steps: fc.array(step, { maxLength: scheduleStepsMax, size: 'max' }),
  });
}

function partitionArbitrary(ids: readonly string[]): fc.Arbitrary<ScheduleAction> {
  const group = fc.subarray([...ids], { minLength: 1, maxLength: Math.max(1, ids.length - 1) });
  return group.map((chosen): ScheduleAction => ({ kind: 'partition', group: chosen }));
}

function cutArbitrary(ids: readonly string[]): fc.Arbitrary<ScheduleAction> {
  return fc
    .tuple(fc.constantFrom(...ids), fc.constantFrom(...ids))
    .filter(([from, to]) => from !== to)
    .map(([from, to]): ScheduleAction => ({ kind: 'cut', from, to }));
}

function churnArbitrary(nodeCount: number): fc.Arbitrary<ScheduleAction> {
  // The leader's side stays a minority: at most (n - 1) / 2 nodes in all.
  const companionsMax = Math.max(0, Math.floor((nodeCount - 1) / 2) - 1);
  return fc
    .record({
      companions: fc.integer({ min: 0, max: companionsMax }),
      isolateLatencyTenths: fc.integer({ min: 0, max: 8 }),
      secondLatencyTenths: fc.integer({ min: 20, max: 60 }),
    })
    .map((fields): ScheduleAction => ({ kind: 'churn', ...fields }));
}

function reconfigureArbitrary(): fc.Arbitrary<ScheduleAction> {
  const change = fc.record({ remove: fc.boolean(), pick: fc.nat({ max: labNodeCountMax }) });
  return fc
    .record({
      changes: fc.array(change, { minLength: 2, maxLength: 2 }),
      sideShift: fc.integer({ min: -1, max: 1 }),
      holdLatencyTenths: fc.integer({ min: 0, max: 60 }),
    })
    .map((fields): ScheduleAction => ({ kind: 'reconfigure', ...fields }));
}

function networkArbitrary(): fc.Arbitrary<ScheduleAction> {
  return fc.oneof(
    fc.constantFrom(0, 5, 20, 50).map((percent): ScheduleAction => ({ kind: 'drop', percent })),
    fc.constantFrom(0, 10).map((percent): ScheduleAction => ({ kind: 'duplicate', percent })),
    fc
      .constantFrom(healedDelay, { minMs: 10, maxMs: 50 }, { minMs: 10, maxMs: 120 })
      .map((latency): ScheduleAction => ({ kind: 'delay', ...latency })),
  );
}
