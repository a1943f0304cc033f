/**
 * Playing a schedule step as shell lines. Every line goes through `execute` (which runs it in
 * the lab shell and records it), so what the campaign ran is exactly the script it prints.
 *
 * Waiting for an election is resolved by looking ahead on a copy of the lab: the copy runs one
 * virtual millisecond at a time until the next leader appears, and the real lab then runs one
 * `wait Nms` line. The copy is thrown away; the script holds only the wait.
 */
import type { Lab } from '../lab/lab.js';
import { restoreLab, snapshotLab } from '../lab/lab.js';
import { labRun } from '../lab/operations.js';
import { labInspect, labLeader } from '../lab/view.js';
import type { NodeTarget, ScheduleAction } from './schedule.js';

/** Runs one shell line in the campaign's lab and records it; returns its exit code. */
export type Execute = (line: string) => number;

/** The longest look-ahead for an election. */
export const awaitLeaderMsMax = 1000;

/** The node a target names now, or null (`leader` while there is none). */
export function resolveTarget(lab: Lab, target: NodeTarget): string | null {
  return target === 'leader' ? labInspect(lab).leader : target;
}

/** The highest term of any live leader, 0 without one. */
function leaderTerm(lab: Lab): number {
  let term = 0;
  for (const host of lab.world.hosts) {
    const node = host.up ? host.state.member.node : null;
    if (node !== null && node.role === 'leader' && node.term > term) term = node.term;
  }
  return term;
}

/**
 * Milliseconds until a live leader of a term above every current leader's, found on a copy;
 * `awaitLeaderMsMax` when none comes by then.
 */
export function msUntilNextLeader(lab: Lab): number {
  const termBefore = leaderTerm(lab);
  const copy = restoreLab(snapshotLab(lab));
  for (let elapsedMs = 1; elapsedMs <= awaitLeaderMsMax; elapsedMs++) {
    labRun(copy, 1);
    if (leaderTerm(copy) > termBefore) return elapsedMs;
  }
  return awaitLeaderMsMax;
}

function wait(execute: Execute, durationMs: number): void {
  if (durationMs > 0) execute(`wait ${durationMs}ms`);
}

/** Plays one action; an action whose target does not exist now leaves no line. */
export function playAction(lab: Lab, action: ScheduleAction, execute: Execute): void {
  switch (action.kind) {
    case 'propose': {
      const node = resolveTarget(lab, action.node);
      if (node === null) return;
      // Unique values make the linearizability checker's job precise.
      const value = action.operation === 'set' ? ` v${lab.client.nextOperation}` : '';
      execute(`propose ${node} ${action.operation} ${action.key}${value}`);
      return;
    }
    case 'partition': {
      const rest = lab.world.hosts.map((host) => host.id).filter((id) => !action.group.includes(id));
      execute(`partition ${action.group.join(',')} | ${rest.join(',')}`);
      return;
    }
    case 'heal':
      execute('heal');
      return;
    case 'cut':
      execute(`cut ${action.from} ${action.to}`);
      return;
    case 'drop':
    case 'duplicate':
      execute(`net ${action.kind} ${action.percent}%`);
      return;
    case 'delay':
      execute(`net delay ${action.minMs}ms-${action.maxMs}ms`);
      return;
    case 'awaitLeader':
      wait(execute, msUntilNextLeader(lab) + action.offsetMs);
      return;
    case 'churn':
      playChurn(lab, action, execute);
      return;
    case 'add': {
      const node = pickChange(lab, false, action.pick);
      if (node !== null) execute(`add ${node}`);
      return;
    }
    case 'reconfigure':
      playReconfigure(lab, action, execute);
      return;
    case 'remove': {
      const node = resolveTarget(lab, action.node);
      if (node !== null && mayRemove(lab)) execute(`remove ${node}`);
      return;
    }
    default: {
      const node = resolveTarget(lab, action.node);
      if (node !== null) execute(`${action.kind} ${node}`);
    }
  }
}

/** The voters the current leader uses, or null without a leader. */
function leaderVoters(lab: Lab): { readonly leader: string; readonly voters: readonly string[] } | null {
  const leader = labLeader(lab);
  const host = lab.world.hosts.find((each) => each.id === leader);
  const node = host?.state.member.node;
  if (leader === null || node === null || node === undefined) return null;
  return { leader, voters: node.membership.voters };
}

/**
 * The node a change picks: the `pick`-th (modulo) voter other than the leader to remove, or
 * node outside the leader's configuration to add; null when there is none (or no leader).
 */
function pickChange(lab: Lab, remove: boolean, pick: number): string | null {
  const current = leaderVoters(lab);
  if (current === null) return null;
  const ids = lab.world.hosts.map((host) => host.id);
  const candidates = remove
    ? current.voters.filter((id) => id !== current.leader && current.voters.length > campaignVotersMin)
    : ids.filter((id) => !current.voters.includes(id));
  return candidates.length === 0 ? null : (candidates[pick % candidates.length] as string);
}

/** A change as a shell line: the kind asked for, else the other kind when it has no candidate. */
function changeLine(lab: Lab, remove: boolean, pick: number): string | null {
  for (const removing of [remove, !remove]) {
    const node = pickChange(lab, removing, pick);
    if (node !== null) return `${removing ? 'remove' : 'add'} ${node}`;
  }
  return null;
}

/**
 * The campaign removes a voter only from a configuration of more than this many: 1, so 3-node
 * campaigns reach two- and one-voter configurations too (the last voter cannot be removed).
 */
export const campaignVotersMin = 1;

/** Whether the campaign may remove a voter now: the leader's configuration keeps at least the minimum. */
function mayRemove(lab: Lab): boolean {
  const current = leaderVoters(lab);
  return current !== null && current.voters.length > campaignVotersMin;
}

/** See `reconfigure` in schedule.ts. */
function playReconfigure(
  lab: Lab,
  action: Extract<ScheduleAction, { kind: 'reconfigure' }>,
  execute: Execute,
): void {
  const leader = labLeader(lab);
  if (leader === null) return;
  for (const change of action.changes) {
    const line = changeLine(lab, change.remove, change.pick);
    if (line !== null) execute(line);
  }
  const current = leaderVoters(lab);
  if (current === null || current.leader !== leader) return;
  const others = current.voters.filter((id) => id !== leader);
  const majority = Math.floor(current.voters.length / 2) + 1;
  const companions = Math.max(0, majority - (current.voters.includes(leader) ? 1 : 0) + action.sideShift);
  const side = [leader, ...others.slice(0, companions)];
  const rest = lab.world.hosts.map((host) => host.id).filter((id) => !side.includes(id));
  if (rest.length === 0) return;
  execute(`partition ${side.join(',')} | ${rest.join(',')}`);
  const latencyMs = lab.world.network.defaults.latency.maxMs;
  wait(execute, msUntilNextLeader(lab) + Math.round((action.holdLatencyTenths * latencyMs) / 10));
  execute('heal');
}

/** See `churn` in schedule.ts. Stops early when an election it waits for does not happen. */
function playChurn(lab: Lab, action: Extract<ScheduleAction, { kind: 'churn' }>, execute: Execute): void {
  const ids = lab.world.hosts.map((host) => host.id);
  const first = labInspect(lab).leader;
  if (first === null) return;
  const position = ids.indexOf(first);
  const side = [first];
  for (let offset = 1; offset <= action.companions && offset < ids.length; offset++) {
    side.push(ids[(position + offset) % ids.length] as string);
  }
  const rest = ids.filter((id) => !side.includes(id));
  if (rest.length === 0) return;
  execute(`partition ${side.join(',')} | ${rest.join(',')}`);
  execute(`propose ${first} set a v${lab.client.nextOperation}`);
  const latencyMs = lab.world.network.defaults.latency.maxMs;
  wait(execute, msUntilNextLeader(lab) + Math.round((action.isolateLatencyTenths * latencyMs) / 10));
  const second = labInspect(lab).leader;
  if (second === null || side.includes(second)) return;
  execute(`disconnect ${second}`);
  execute(`kill ${second}`);
  // Let what is in flight to or from it be lost before the heal restores its links.
  wait(execute, latencyMs + 1);
  execute('heal');
  wait(execute, msUntilNextLeader(lab) + Math.round((action.secondLatencyTenths * latencyMs) / 10));
  const third = labInspect(lab).leader;
  if (third !== null) execute(`disconnect ${third}`);
  execute(`restart ${second}`);
  wait(execute, msUntilNextLeader(lab));
}
