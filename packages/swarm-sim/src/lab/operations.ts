/**
 * What a user can do to a lab. Every operation is a function over the lab that never throws on
 * bad input: it returns `{ ok, text }`, where `text` is what a shell prints. Each traces a
 * `command` event first, so whatever it causes can be explained back to it.
 */
import type { ConfigChange, ProposeResult } from '@swarmsim/raft';
import { cutLink, healNetwork, partitionNetwork, restoreLink, setLinkDefaults } from '../kernel/network.js';
import { crashHost, pauseHost, restartHost, resumeHost, runFor } from '../kernel/run.js';
import { emit, routeTrace } from '../kernel/trace.js';
import type { HostRecord, KernelResult, LatencySettings, Ratio, World } from '../kernel/types.js';
import { hostById } from '../kernel/world.js';
import { formatKvCommand, parseKvCommand } from './kv.js';
import { answerAlreadyApplied, type Lab, type LabHostState, labHooks, labRuntime } from './lab.js';
import { raftCampaign, raftPropose, raftProposeConfigChange } from './raft-host.js';
import { labLeader } from './view.js';

export interface LabResult {
  readonly ok: boolean;
  /** What a shell prints: a sentence, or the error. */
  readonly text: string;
}

export interface ProposeLabResult extends LabResult {
  /** The client operation's id when the command was accepted or refused by a live node. */
  readonly operation: number | null;
  /** When the node was not the leader: the leader it knows of, for the client to retry. */
  readonly leaderHint: string | null;
  readonly index: number | null;
  readonly term: number | null;
}

/** Longest single `labRun`: one virtual hour. */
export const labRunDurationMaxMs = 3_600_000;

function failed(text: string): LabResult {
  return { ok: false, text };
}

/** Traces the command, runs `body` with the command as the cause, then routes events to checkers. */
function operate<Result extends LabResult>(lab: Lab, commandText: string, body: () => Result): Result {
  const world = lab.world;
  world.causeId = emit(world as World, { kind: 'command', text: commandText });
  try {
    return body();
  } finally {
    world.causeId = 0;
    routeTrace(world, labRuntime);
    collectAnswers(lab);
  }
}

/** Moves the answers the nodes gave into the client history. */
function collectAnswers(lab: Lab): void {
  for (const host of lab.world.hosts) {
    if (host.state.answers.length === 0) continue;
    for (const answer of host.state.answers) {
      const operation = lab.client.history.find((candidate) => candidate.operation === answer.operation);
      if (operation === undefined || operation.status !== 'pending') continue;
      operation.status = answer.status;
      operation.result = answer.result;
      operation.completeAtMs = answer.atMs;
    }
    host.state.answers = [];
  }
}

function upHost(lab: Lab, nodeId: string): HostRecord<LabHostState> | string {
  const host = hostById(lab.world, nodeId);
  if (host === null) return noSuchNode(lab, nodeId);
  if (!host.up) return `${nodeId} is down`;
  if (host.paused) return `${nodeId} is paused`;
  return host;
}

function fromKernel(result: KernelResult, text: string): LabResult {
  return result.ok ? { ok: true, text } : failed(result.error);
}

/**
 * A client sends a command to a node. The leader appends it and answers once it is applied;
 * any other node refuses and names the leader it knows (the client retries there).
 */
export function labPropose(lab: Lab, nodeId: string, commandText: string): ProposeLabResult {
  const refused = (text: string): ProposeLabResult => ({
    ok: false,
    text,
    operation: null,
    leaderHint: null,
    index: null,
    term: null,
  });
  const command = parseKvCommand(commandText);
  if (typeof command === 'string') return refused(command);
  const host = upHost(lab, nodeId);
  if (typeof host === 'string') return refused(host);
  const text = formatKvCommand(command);
  return operate(lab, `propose ${nodeId} ${text}`, () => {
    const world = lab.world;
    const operation = lab.client.nextOperation++;
    emit(world as World, {
      kind: 'client',
      operation,
      phase: 'invoke',
      node: nodeId,
      command: text,
      result: '',
    });
    const result = raftPropose(world, host, labHooks, text);
    return recordProposal(lab, host, operation, text, result);
  });
}

function recordProposal(
  lab: Lab,
  host: HostRecord<LabHostState>,
  operation: number,
  command: string,
  result: ProposeResult,
): ProposeLabResult {
  const world = lab.world;
  const invokeAtMs = world.nowMs;
  if (result.ok) {
    host.state.waiting.push({ operation, command, index: result.index, term: result.term });
    lab.client.history.push({
      operation,
      node: host.id,
      command,
      invokeAtMs,
      completeAtMs: null,
      status: 'pending',
      result: '',
      index: result.index,
      term: result.term,
    });
    answerAlreadyApplied(world, host);
    const text = `${host.id} appended "${command}" at index ${result.index}, term ${result.term} (operation #${operation})`;
    return { ok: true, text, operation, leaderHint: null, index: result.index, term: result.term };
  }
  const hint = result.leaderId;
  const reason =
    result.reason === 'notLeader'
      ? `${host.id} is not the leader; ${hint === null ? 'it knows no leader' : `try ${hint}`}`
      : `${host.id} refused: ${result.reason}`;
  emit(world as World, { kind: 'client', operation, phase: 'fail', node: host.id, command, result: reason });
  lab.client.history.push({
    operation,
    node: host.id,
    command,
    invokeAtMs,
    completeAtMs: invokeAtMs,
    status: 'fail',
    result: reason,
    index: null,
    term: null,
  });
  return { ok: false, text: reason, operation, leaderHint: hint, index: null, term: null };
}

/** Adds NODE as a voter (thesis §4.1), proposed at `at`, or at the current leader when null. */
export function labAddVoter(lab: Lab, nodeId: string, at: string | null = null): LabResult {
  return labChangeMembership(lab, { type: 'addVoter', node: nodeId }, at);
}

/** Removes voter NODE (thesis §4.1), proposed at `at`, or at the current leader when null. */
export function labRemoveVoter(lab: Lab, nodeId: string, at: string | null = null): LabResult {
  return labChangeMembership(lab, { type: 'removeVoter', node: nodeId }, at);
}

/**
 * Proposes one membership change. The leader appends a configuration entry that every node uses
 * as soon as it has it; one change at a time (a second waits for the first to commit) unless the
 * `concurrentMembershipChanges` switch is on.
 */
export function labChangeMembership(lab: Lab, change: ConfigChange, at: string | null = null): LabResult {
  const verb = change.type === 'addVoter' ? 'add' : 'remove';
  if (hostById(lab.world, change.node) === null) return failed(noSuchNode(lab, change.node));
  const proposerId = at ?? labLeader(lab);
  if (proposerId === null) return failed(`no leader to ${verb} ${change.node} now; wait for an election`);
  const host = upHost(lab, proposerId);
  if (typeof host === 'string') return failed(host);
  return operate(lab, `${verb} ${change.node} at ${proposerId}`, () => {
    const result = raftProposeConfigChange(lab.world, host, labHooks, change);
    if (result.ok) {
      const voters = host.state.member.node?.membership.voters ?? [];
      return {
        ok: true,
        text:
          `${proposerId} appended "${change.type} ${change.node}" at index ${result.index}, term ${result.term}; ` +
          `voters now ${voters.join(',')}`,
      };
    }
    return failed(membershipRefusal(proposerId, result));
  });
}

function membershipRefusal(proposerId: string, result: Extract<ProposeResult, { ok: false }>): string {
  const detail = result.detail === undefined ? '' : `: ${result.detail}`;
  switch (result.reason) {
    case 'notLeader':
      return `${proposerId} is not the leader; ${result.leaderId === null ? 'it knows no leader' : `try ${result.leaderId}`}`;
    case 'changeInProgress':
      return `${proposerId} refused: a membership change is in progress${detail}`;
    case 'invalidChange':
      return `${proposerId} refused${detail === '' ? ': invalid change' : detail}`;
    default:
      return `${proposerId} refused: ${result.reason}${detail}`;
  }
}

function noSuchNode(lab: Lab, nodeId: string): string {
  return `no such node: ${nodeId} (nodes are ${lab.world.hosts.map((each) => each.id).join(', ')})`;
}

/** RaftScope's "time out": the node's election timer fires now (a leader ignores it). */
export function labTimeout(lab: Lab, nodeId: string): LabResult {
  const host = upHost(lab, nodeId);
  if (typeof host === 'string') return failed(host);
  return operate(lab, `timeout ${nodeId}`, () => {
    raftCampaign(lab.world, host, labHooks);
    const member = host.state.member;
    return { ok: true, text: `${nodeId} timed out: now ${member.node?.role} in term ${member.node?.term}` };
  });
}

/** The node stops: its volatile state (role, commit index, state machine) is lost. */
export function labCrash(lab: Lab, nodeId: string): LabResult {
  return operate(lab, `crash ${nodeId}`, () =>
    fromKernel(
      crashHost(lab.world, labRuntime, nodeId),
      `${nodeId} crashed; its persisted term, vote and log survive`,
    ),
  );
}

/** The node starts again from what it persisted, as a follower. */
export function labRestart(lab: Lab, nodeId: string): LabResult {
  return operate(lab, `restart ${nodeId}`, () => {
    const result = restartHost(lab.world, labRuntime, nodeId);
    if (!result.ok) return failed(result.error);
    const node = hostById(lab.world, nodeId)?.state.member.node;
    return {
      ok: true,
      text: `${nodeId} restarted as follower in term ${node?.term}, log up to ${lastIndexOf(lab, nodeId)}`,
    };
  });
}

function lastIndexOf(lab: Lab, nodeId: string): number {
  const persisted = hostById(lab.world, nodeId)?.state.member.persisted;
  return persisted === undefined
    ? 0
    : (persisted.snapshot?.lastIncludedIndex ?? 0) + persisted.entries.length;
}

/** Freezes the node (like `docker pause`): no ticks; messages wait until resume. */
export function labPause(lab: Lab, nodeId: string): LabResult {
  return operate(lab, `pause ${nodeId}`, () =>
    fromKernel(pauseHost(lab.world as World, nodeId), `${nodeId} paused; its messages wait`),
  );
}

export function labResume(lab: Lab, nodeId: string): LabResult {
  return operate(lab, `resume ${nodeId}`, () =>
    fromKernel(resumeHost(lab.world, labRuntime, nodeId), `${nodeId} resumed and read what was waiting`),
  );
}

/** Cuts every link to and from the node (both ways), leaving other links alone. */
export function labDisconnect(lab: Lab, nodeId: string): LabResult {
  return setConnected(lab, nodeId, false);
}

/** Restores every link to and from the node. */
export function labReconnect(lab: Lab, nodeId: string): LabResult {
  return setConnected(lab, nodeId, true);
}

function setConnected(lab: Lab, nodeId: string, connected: boolean): LabResult {
  if (hostById(lab.world, nodeId) === null) return failed(`no such node: ${nodeId}`);
  const verb = connected ? 'reconnect' : 'disconnect';
  return operate(lab, `${verb} ${nodeId}`, () => {
    const world = lab.world as World;
    for (const other of lab.world.hosts) {
      if (other.id === nodeId) continue;
      for (const [source, target] of [
        [nodeId, other.id],
        [other.id, nodeId],
      ] as const) {
        if (connected) restoreLink(world, source, target);
        else cutLink(world, source, target);
      }
    }
    return { ok: true, text: connected ? `${nodeId} reconnected` : `${nodeId} disconnected from every node` };
  });
}

/**
 * Parses "n1,n2 | n3,n4,n5" (commas or spaces inside a group, `|` between groups) into groups.
 */
export function parsePartition(spec: string): string[][] | string {
  const groups = spec.split('|').map((group) => group.split(/[\s,]+/).filter((id) => id !== ''));
  if (groups.length < 2)
    return 'a partition needs at least two groups separated by |, e.g. "n1,n2 | n3,n4,n5"';
  if (groups.some((group) => group.length === 0)) return 'a partition group cannot be empty';
  return groups;
}

export function labPartition(lab: Lab, spec: string | readonly (readonly string[])[]): LabResult {
  const groups = typeof spec === 'string' ? parsePartition(spec) : spec.map((group) => [...group]);
  if (typeof groups === 'string') return failed(groups);
  const text = groups.map((group) => group.join(',')).join(' | ');
  return operate(lab, `partition ${text}`, () =>
    fromKernel(partitionNetwork(lab.world as World, groups), `partitioned: ${text}`),
  );
}

/** Ends any partition and restores every cut link (including disconnected nodes). */
export function labHeal(lab: Lab): LabResult {
  return operate(lab, 'heal', () =>
    fromKernel(healNetwork(lab.world as World), 'healed: every node reaches every node'),
  );
}

/** Cuts the one-way link from → to: its messages are lost, the other direction still works. */
export function labCut(lab: Lab, from: string, to: string): LabResult {
  return operate(lab, `cut ${from} ${to}`, () =>
    fromKernel(cutLink(lab.world as World, from, to), `cut ${from}→${to} (${to}→${from} still works)`),
  );
}

export function labUncut(lab: Lab, from: string, to: string): LabResult {
  return operate(lab, `uncut ${from} ${to}`, () =>
    fromKernel(restoreLink(lab.world as World, from, to), `restored ${from}→${to}`),
  );
}

export interface LabNetworkChange {
  readonly drop?: Ratio;
  readonly duplicate?: Ratio;
  readonly reorder?: Ratio;
  readonly latency?: { readonly minMs: number; readonly maxMs: number };
}

/** Changes the settings of every link: loss, duplication, reordering, delay. */
export function labNetwork(lab: Lab, change: LabNetworkChange): LabResult {
  const current = lab.world.network.defaults;
  const latency: LatencySettings =
    change.latency === undefined ? current.latency : { ...change.latency, distribution: 'uniform' };
  const next = {
    latency,
    drop: change.drop ?? current.drop,
    duplicate: change.duplicate ?? current.duplicate,
    reorder: change.reorder ?? current.reorder,
  };
  return operate(lab, `network ${describeChange(change)}`, () => {
    const result = setLinkDefaults(lab.world as World, next);
    return result.ok ? { ok: true, text: `network: ${describeNetwork(lab)}` } : failed(result.error);
  });
}

function describeChange(change: LabNetworkChange): string {
  const parts: string[] = [];
  if (change.latency !== undefined) parts.push(`delay ${change.latency.minMs}-${change.latency.maxMs}ms`);
  if (change.drop !== undefined) parts.push(`drop ${change.drop.numerator}/${change.drop.denominator}`);
  if (change.duplicate !== undefined) {
    parts.push(`duplicate ${change.duplicate.numerator}/${change.duplicate.denominator}`);
  }
  if (change.reorder !== undefined)
    parts.push(`reorder ${change.reorder.numerator}/${change.reorder.denominator}`);
  return parts.length === 0 ? 'unchanged' : parts.join(', ');
}

function describeNetwork(lab: Lab): string {
  const settings = lab.world.network.defaults;
  const percent = (ratio: Ratio) => `${Math.round((ratio.numerator * 1000) / ratio.denominator) / 10}%`;
  return (
    `delay ${settings.latency.minMs}-${settings.latency.maxMs}ms, drop ${percent(settings.drop)}, ` +
    `duplicate ${percent(settings.duplicate)}, reorder ${percent(settings.reorder)}`
  );
}

/** Advances virtual time; reports leaders and any invariant violated meanwhile. */
export function labRun(lab: Lab, durationMs: number): LabResult {
  if (!Number.isSafeInteger(durationMs) || durationMs < 0)
    return failed('run for a whole number of milliseconds >= 0');
  if (durationMs > labRunDurationMaxMs) return failed('run at most one virtual hour at a time');
  const world = lab.world;
  const violationsBefore = world.violations.length;
  return operate(lab, `run ${durationMs}ms`, () => {
    world.causeId = 0;
    runFor(world, labRuntime, durationMs);
    const found = world.violations.slice(violationsBefore);
    const leaders = world.hosts
      .filter((host) => host.up && host.state.member.node?.role === 'leader')
      .map((host) => `${host.id} (term ${host.state.member.node?.term})`);
    const status = `at ${world.nowMs}ms; leader: ${leaders.length === 0 ? 'none' : leaders.join(', ')}`;
    if (found.length === 0) return { ok: true, text: `ran ${durationMs}ms, now ${status}` };
    const lines = found.map((event) =>
      event.kind === 'violation' ? `VIOLATION ${event.invariant}: ${event.message}` : '',
    );
    return { ok: false, text: [`ran ${durationMs}ms, now ${status}`, ...lines].join('\n') };
  });
}
