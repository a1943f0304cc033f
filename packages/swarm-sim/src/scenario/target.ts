/**
 * What a scenario runs against: a small interface over a cluster (the Raft lab or the swarm
 * sandbox) that the runner, the lesson tracker and the grader share. A target can run a shell
 * line on a machine, advance virtual time one queue instant at a time, and answer the questions
 * a scenario's conditions ask (who leads, is there a quorum, how is a node or a service, is a
 * value committed) plus the Raft safety violations found so far.
 *
 * The target itself is plain data (`ScenarioTarget`: the lab or the sandbox inside a tagged
 * object), so a session holding one can be cloned; the behaviour is a `TargetDriver`, a record of
 * functions kept beside the data, as the kernel keeps a `Runtime` beside a `World`.
 */
import type { ShellIo } from '../cli/run-line.js';
import type { LineResult } from '../cli/types.js';
import type { TraceLevel } from '../kernel/trace-types.js';
import type { ManagerStatus, NodeAvailability, NodeRole, NodeStatus } from './format.js';

/** The leader a target sees: the live leader with the highest term, or none. */
export interface LeaderFacts {
  readonly name: string | null;
  /** Its term; the highest term any node knows when there is no leader. */
  readonly term: number;
}

export interface QuorumFacts {
  readonly ok: boolean;
  /** A sentence for reports: `3 of 5 nodes up and connected (a majority is 3)`. */
  readonly detail: string;
}

/** A swarm node as `docker node ls` would show it, by its hostname. */
export interface NodeFacts {
  readonly name: string;
  readonly status: NodeStatus;
  readonly availability: NodeAvailability;
  readonly role: NodeRole;
  readonly managerStatus: ManagerStatus;
}

/** A service as `docker service ls` would count it. */
export interface ServiceFacts {
  readonly name: string;
  readonly running: number;
  readonly desired: number;
  /** Every desired task is running and no update or rollback is in progress. */
  readonly converged: boolean;
}

/** Where a lab value is committed: the nodes whose committed log (or applied history) holds it. */
export interface CommittedFacts {
  readonly nodes: readonly string[];
  readonly total: number;
}

/** A Raft safety violation a checker reported. */
export interface TargetViolation {
  readonly atMs: number;
  readonly invariant: string;
  readonly message: string;
}

/**
 * The behaviour of one kind of target. Every function reads or changes the target's data in
 * place and never throws on user input (a bad line is a non-zero exit code in its result).
 */
export interface TargetDriver<Target> {
  /**
   * Runs one shell line on `machine` (null: the current one), which becomes the current one.
   * `io` lends the shell the user's files (`docker stack deploy -c FILE`) and the terminal width.
   */
  runLine(target: Target, line: string, machine: string | null, io: ShellIo): LineResult;
  nowMs(target: Target): number;
  /** When the next queued event is due, or null when nothing is queued. */
  nextEventAtMs(target: Target): number | null;
  /** Runs every event due at or before `untilMs`, then sets the clock to it. */
  advanceTo(target: Target, untilMs: number): void;
  /** The machine the shell is logged in to, or null (the lab has one console). */
  currentMachine(target: Target): string | null;
  /** Whether `name` is a machine (swarm) or node (lab) of this target. */
  hasMachine(target: Target, name: string): boolean;
  leader(target: Target): LeaderFacts;
  quorum(target: Target): QuorumFacts;
  /** null: no such node in the swarm (or a lab). */
  node(target: Target, name: string): NodeFacts | null;
  /** null: no such service (or a lab). */
  service(target: Target, name: string): ServiceFacts | null;
  /** null: not a lab. */
  committed(target: Target, value: string): CommittedFacts | null;
  /** Every violation found so far, oldest first. */
  violations(target: Target): readonly TargetViolation[];
  /** How many violations were found so far (cheap: read after every event). */
  violationCount(target: Target): number;
  traceJsonLines(target: Target): string;
}

/** Options every target is created with. */
export interface TargetOptions {
  readonly seed: number;
  /** `off` for sweeps (the checkers still see every event), `full` to write a trace. */
  readonly traceLevel: TraceLevel;
}

export type CreateTargetResult<Target> =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly error: string };

/** The virtual time a target's lines and advances are bounded by: a day, as scenario durations. */
export const targetAdvanceStepsMax = 50_000_000;
