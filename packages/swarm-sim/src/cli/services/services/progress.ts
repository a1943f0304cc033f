/**
 * The convergence display of `docker service create | update | scale | rollback` (docker/cli
 * `cli/command/service/progress/progress.go`), poll for poll: every 200 ms the CLI inspects the
 * service, lists its up-to-date tasks and the nodes, and writes progress messages; it returns
 * once every slot has run for the update monitor period (5 s by default), or with an error when
 * the update pauses.
 *
 * The messages then go through `jsonmessage.DisplayJSONMessagesStream`, which prints them in one
 * of two ways (`renderProgress`):
 *
 * - not a terminal (the sandbox shell, goldens, pipes): every message is a line of its own, in
 *   order, and messages carrying a bar (`1/3: running [===>]`) are dropped
 *   (`jm.Progress.Current > 0 || Total > 0`: "disable progressbar in non-terminal"). So a create
 *   prints `overall progress: 0 out of 1 tasks` at every poll until the task runs, then
 *   `verify: Waiting N seconds to verify that tasks are stable...` at every poll of the monitor
 *   period, then `verify: Service <id> converged`;
 * - a terminal: each message ID owns one line, redrawn in place, so what stays on the screen is
 *   each ID's last message, with bars when the terminal is wider than 110 columns.
 *
 * docker blocks until convergence; a student would press Ctrl-C on a service that never
 * converges. The sandbox does that for them: after `progressPatienceMs` (plus the service's update
 * delay, a quiet time of its own) without any change in what the display shows, or
 * `progressBoundMs` in all, it prints docker's Ctrl-C lines.
 */

import { truncateId } from '../../docker/identity.js';
import { assert } from '../../kernel/assert.js';
import { nodeMatchesConstraints, parseConstraints } from '../../scheduler/constraint.js';
import type { TaskListResult } from '../../services/queries.js';
import { schedulerNodeOf } from '../../services/scheduling.js';
import { isTaskDirty } from '../../services/spec.js';
import type { ServiceSpec } from '../../stack/service-spec.js';
import type { NodeObject, ServiceObject, TaskObject } from '../../swarm/objects.js';
import { wait } from '../../swarm/sandbox.js';
import { type DockerContext, type DockerHost, responseErrorText } from '../docker-context.js';

/** One `progress.Progress` written by ServiceProgress. */
export interface ProgressMessage {
  /** The line's ID (`overall progress`, `1/3`, `verify`, `rollback`); '' for none. */
  readonly id: string;
  readonly text: string;
  /** A bar's position: `current` of `total` (both 0 when the message has no bar). */
  readonly current: number;
  readonly total: number;
  /** `progress.Message` (a status line, never a bar) rather than `WriteProgress` with an action. */
  readonly plain: boolean;
}

/** docker/cli `numberedStates`: the bar position of each state; states not listed count 0. */
const numberedStates: Readonly<Record<string, number>> = {
  new: 1,
  allocated: 2,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
  complete: 10,
  shutdown: 11,
  failed: 12,
  rejected: 13,
};

/** The widest state word shown (`preparing`, `allocated`): state words are padded to it. */
const longestStateLength = 9;
const maxProgress = 9;
const maxJobProgress = 10;
const maxProgressBars = 20;
const pollIntervalMs = 200;
const monitorDefaultMs = 5_000;
/** The sandbox "presses Ctrl-C" after this long (plus the update delay) without a visible change… */
export const progressPatienceMs = 10_000;
/** …or after this long in all. */
export const progressBoundMs = 120_000;
const pollsMax = progressBoundMs / pollIntervalMs + 1;

function numbered(state: string): number {
  return numberedStates[state] ?? 0;
}

function terminalState(state: string): boolean {
  return numbered(state) > numbered('running');
}

function progressLine(id: string, text: string, current = 0, total = 0): ProgressMessage {
  return { id, text, current, total, plain: false };
}

function plainLine(id: string, text: string): ProgressMessage {
  return { id, text, current: 0, total: 0, plain: true };
}

/** docker/cli `truncError`: newlines become spaces, at most 75 characters. */
export function truncateProgressError(error: string): string {
  const text = error.replaceAll('\n', ' ');
  const characters = [...text];
  return characters.length > 75 ? `${characters.slice(0, 74).join('')}…` : text;
}

function stateWord(state: string): string {
  return state.padEnd(longestStateLength);
}

function overallProgress(running: number, desired: number, rollback: boolean): ProgressMessage {
  const text = rollback
    ? `rolling back update: ${running} out of ${desired} tasks`
    : `${running} out of ${desired} tasks`;
  return progressLine('overall progress', text);
}

// ---------------------------------------------------------------------------------------------
// The updaters, one per service mode (plain state, mutated poll by poll within one command)

interface UpdaterState {
  readonly mode: ServiceSpec['mode']['kind'];
  initialized: boolean;
  done: boolean;
  /** Replicated: slot → its row number (rows appear in the order slots are first seen). */
  readonly slotRows: Map<number, number>;
  /** Global jobs: the nodes of the job's first tasks. */
  taskNodes: Set<string> | null;
}

interface PollView {
  readonly service: ServiceObject;
  /** Up-to-date tasks of the service, in task ID order. */
  readonly tasks: readonly TaskObject[];
  readonly activeNodes: ReadonlySet<string>;
  readonly rollback: boolean;
}

/** `tasksBySlot` / `tasksByNode`: per key, the task with the lowest desired, then observed, state. */
function pickTasks(
  tasks: readonly TaskObject[],
  key: (task: TaskObject) => string,
  activeNodes: ReadonlySet<string> | null,
): Map<string, TaskObject> {
  const picked = new Map<string, TaskObject>();
  for (const task of tasks) {
    if (numbered(task.desiredState) === 0 || numbered(task.status.state) === 0) continue;
    const existing = picked.get(key(task));
    if (existing !== undefined) {
      if (numbered(existing.desiredState) < numbered(task.desiredState)) continue;
      const sameDesired = numbered(existing.desiredState) === numbered(task.desiredState);
      if (sameDesired && numbered(existing.status.state) <= numbered(task.status.state)) continue;
    }
    if (activeNodes !== null && task.nodeId !== null && !activeNodes.has(task.nodeId)) continue;
    picked.set(key(task), task);
  }
  return picked;
}

function taskProgress(id: string, task: TaskObject, total: number): ProgressMessage | null {
  if (task.status.err !== '') return progressLine(id, truncateProgressError(task.status.err));
  if (terminalState(task.desiredState) || terminalState(task.status.state)) return null;
  return progressLine(id, stateWord(task.status.state), numbered(task.status.state), total);
}

function updateReplicated(state: UpdaterState, view: PollView, out: ProgressMessage[]): boolean {
  const mode = view.service.spec.mode;
  const replicas = mode.kind === 'replicated' ? mode.replicas : 0;
  if (!state.initialized) {
    out.push(overallProgress(0, replicas, view.rollback));
    if (replicas <= maxProgressBars)
      for (let row = 1; row <= replicas; row++) out.push(progressLine(`${row}/${replicas}`, ' '));
    state.initialized = true;
  }
  const bySlot = pickTasks(view.tasks, (task) => String(task.slot), view.activeNodes);
  const slots = [...bySlot.values()].sort((left, right) => left.slot - right.slot);
  if (state.done && slots.some((task) => task.status.state !== 'running')) state.done = false;
  let running = 0;
  for (const task of slots) {
    let row = state.slotRows.get(task.slot);
    if (row === undefined) {
      row = state.slotRows.size + 1;
      state.slotRows.set(task.slot, row);
    }
    if (!terminalState(task.desiredState) && task.status.state === 'running') running++;
    if (state.done || replicas > maxProgressBars || row > replicas) continue;
    const message = taskProgress(`${row}/${replicas}`, task, maxProgress);
    if (message !== null) out.push(message);
  }
  if (!state.done) {
    out.push(overallProgress(running, replicas, view.rollback));
    if (running === replicas) state.done = true;
  }
  return running === replicas;
}

function updateGlobal(state: UpdaterState, view: PollView, out: ProgressMessage[]): boolean {
  const byNode = pickTasks(view.tasks, (task) => task.nodeId ?? '', null);
  const nodeCount = byNode.size;
  if (!state.initialized) {
    if (nodeCount === 0) {
      out.push(progressLine('overall progress', 'waiting for new tasks'));
      return false;
    }
    out.push(overallProgress(0, nodeCount, view.rollback));
    state.initialized = true;
  }
  const tasks = [...byNode.values()].sort((left, right) =>
    (left.nodeId ?? '') < (right.nodeId ?? '') ? -1 : 1,
  );
  if (state.done && tasks.some((task) => task.status.state !== 'running')) state.done = false;
  let running = 0;
  for (const task of tasks) {
    if (task.nodeId === null || !view.activeNodes.has(task.nodeId)) continue;
    if (!terminalState(task.desiredState) && task.status.state === 'running') running++;
    if (state.done || nodeCount > maxProgressBars) continue;
    const message = taskProgress(truncateId(task.nodeId), task, maxProgress);
    if (message !== null) out.push(message);
  }
  if (!state.done) {
    out.push(overallProgress(running, nodeCount, view.rollback));
    if (running === nodeCount) state.done = true;
  }
  return running === nodeCount;
}

function digits(value: number): number {
  return String(value).length;
}

/** Replicated jobs: the model numbers job slots from 1 (SwarmKit from 0, shown +1): same rows. */
function updateReplicatedJob(state: UpdaterState, view: PollView, out: ProgressMessage[]): boolean {
  const mode = view.service.spec.mode;
  const total = mode.kind === 'replicated-job' ? mode.totalCompletions : 0;
  const concurrent = mode.kind === 'replicated-job' ? mode.maxConcurrent : 0;
  const jobProgress = (active: number, completed: number) => {
    out.push(
      progressLine(
        'job progress',
        `${String(completed).padStart(digits(total))} out of ${total} complete`,
        completed,
        total,
      ),
    );
    const desired = Math.min(total - completed, concurrent);
    const width = digits(concurrent);
    out.push(
      progressLine(
        'active tasks',
        `${String(active).padStart(width)} out of ${String(desired).padStart(width)} tasks`,
      ),
    );
  };
  if (!state.initialized) {
    jobProgress(0, 0);
    if (total <= maxProgressBars)
      for (let row = 1; row <= total; row++) out.push(progressLine(`${row}/${total}`, ' '));
    state.initialized = true;
  }
  const bySlot = new Map<number, TaskObject>();
  for (const task of view.tasks) {
    if (numbered(task.desiredState) === 0 || numbered(task.status.state) === 0) continue;
    const existing = bySlot.get(task.slot);
    if (existing === undefined || numbered(existing.status.state) > numbered(task.status.state))
      bySlot.set(task.slot, task);
  }
  let active = 0;
  let complete = 0;
  for (const task of [...bySlot.values()].sort((left, right) => left.slot - right.slot)) {
    if (total <= maxProgressBars) {
      const id = `${task.slot}/${total}`;
      const error = task.status.err;
      out.push(
        error !== ''
          ? progressLine(id, truncateProgressError(error))
          : progressLine(id, stateWord(task.status.state), numbered(task.status.state), maxJobProgress),
      );
    }
    if (numbered(task.status.state) < numbered('complete')) active++;
    if (task.status.state === 'complete') complete++;
  }
  jobProgress(active, complete);
  return complete === total;
}

function updateGlobalJob(state: UpdaterState, view: PollView, out: ProgressMessage[]): boolean {
  if (!state.initialized) {
    if (view.tasks.length === 0 && view.activeNodes.size !== 0) {
      out.push(progressLine('job progress', 'waiting for tasks'));
      return false;
    }
    state.taskNodes = new Set(view.tasks.map((task) => task.nodeId ?? ''));
    state.initialized = true;
  }
  const nodes = state.taskNodes ?? new Set<string>();
  const total = nodes.size;
  const byNode = new Map<string, TaskObject>();
  for (const task of view.tasks) {
    const node = task.nodeId ?? '';
    if (!nodes.has(node)) continue;
    const existing = byNode.get(node);
    if (existing === undefined || numbered(existing.status.state) > numbered(task.status.state))
      byNode.set(node, task);
  }
  let complete = 0;
  for (const [node, task] of [...byNode.entries()].sort(([left], [right]) => (left < right ? -1 : 1))) {
    if (total <= maxProgressBars) {
      const error = task.status.err;
      out.push(
        error !== ''
          ? progressLine(node, truncateProgressError(error))
          : progressLine(node, stateWord(task.status.state), numbered(task.status.state), maxJobProgress),
      );
    }
    if (task.status.state === 'complete') complete++;
  }
  out.push(
    progressLine(
      'job progress',
      `${String(complete).padStart(digits(total))} out of ${total} complete`,
      complete,
      total,
    ),
  );
  return complete === total;
}

function runUpdater(state: UpdaterState, view: PollView, out: ProgressMessage[]): boolean {
  switch (state.mode) {
    case 'replicated':
      return updateReplicated(state, view, out);
    case 'global':
      return updateGlobal(state, view, out);
    case 'replicated-job':
      return updateReplicatedJob(state, view, out);
    case 'global-job':
      return updateGlobalJob(state, view, out);
  }
}

// ---------------------------------------------------------------------------------------------
// The poll loop

export interface ProgressOutcome {
  readonly messages: readonly ProgressMessage[];
  /** The error ServiceProgress returned (`service update paused: …`, a daemon error), or null. */
  readonly error: string | null;
}

/** SwarmKit's `_up-to-date` filter: the task runs the service's current spec (`IsTaskDirty`). */
function upToDate(service: ServiceObject, task: TaskObject, nodes: ReadonlyMap<string, NodeObject>): boolean {
  const node = task.nodeId === null ? undefined : nodes.get(task.nodeId);
  const stillFits =
    node === undefined
      ? null
      : (spec: ServiceSpec) => {
          const parsed = parseConstraints(spec.placement.constraints);
          return parsed.ok && nodeMatchesConstraints(parsed.value, schedulerNodeOf(node));
        };
  const isJob = service.spec.mode.kind === 'replicated-job' || service.spec.mode.kind === 'global-job';
  if (isJob) return task.specVersion === service.specVersion;
  return !isTaskDirty(service, task, stillFits);
}

interface LoopState {
  converged: boolean;
  convergedAtMs: number | null;
  rollback: boolean;
  finalMessage: ProgressMessage | null;
  updater: UpdaterState | null;
  /** How long the display may stay unchanged before the sandbox gives up waiting. */
  patienceMs: number;
}

type PollResult =
  | { readonly kind: 'continue' }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly error: string };

/** One iteration of ServiceProgress's loop, up to (not including) the 200 ms sleep. */
function poll(
  context: DockerContext,
  host: DockerHost,
  serviceRef: string,
  loop: LoopState,
  out: ProgressMessage[],
): PollResult {
  const inspected = context.call({ method: 'service.inspect', params: { ref: serviceRef } });
  if (!inspected.ok) return { kind: 'error', error: responseErrorText(inspected) };
  const service = inspected.value as ServiceObject;
  const monitorMs =
    service.spec.updateConfig.monitorMs !== 0 ? service.spec.updateConfig.monitorMs : monitorDefaultMs;
  loop.updater ??= {
    mode: service.spec.mode.kind,
    initialized: false,
    done: false,
    slotRows: new Map(),
    taskNodes: null,
  };
  const status = service.updateStatus;
  if (status !== null) {
    const early = applyUpdateStatus(status, loop, out);
    if (early !== null) return early;
  }
  const nowMs = host.sandbox.world.nowMs;
  if (loop.converged && loop.convergedAtMs !== null && nowMs - loop.convergedAtMs >= monitorMs) {
    out.push(progressLine('verify', `Service ${serviceRef} converged`));
    if (loop.finalMessage !== null) out.push(loop.finalMessage);
    return { kind: 'done' };
  }
  const listed = context.call({ method: 'service.tasks', params: { services: [service.meta.id] } });
  if (!listed.ok) return { kind: 'error', error: responseErrorText(listed) };
  const nodeList = context.call({ method: 'node.list', params: {} });
  if (!nodeList.ok) return { kind: 'error', error: responseErrorText(nodeList) };
  const nodes = new Map((nodeList.value as NodeObject[]).map((node) => [node.meta.id, node]));
  const activeNodes = new Set(
    [...nodes.values()].filter((node) => node.status.state !== 'down').map((node) => node.meta.id),
  );
  const tasks = (listed.value as TaskListResult).entries
    .map((entry) => entry.task)
    .filter((task) => upToDate(service, task, nodes));
  loop.converged = runUpdater(loop.updater, { service, tasks, activeNodes, rollback: loop.rollback }, out);
  loop.patienceMs = progressPatienceMs + service.spec.updateConfig.delayMs;
  return afterUpdate(service, host, monitorMs, loop, out);
}

function applyUpdateStatus(
  status: NonNullable<ServiceObject['updateStatus']>,
  loop: LoopState,
  out: ProgressMessage[],
): PollResult | null {
  switch (status.state) {
    case 'updating':
      loop.rollback = false;
      return null;
    case 'completed':
      return loop.converged ? null : { kind: 'done' };
    case 'paused':
      return { kind: 'error', error: `service update paused: ${status.message}` };
    case 'rollback_started':
      if (!loop.rollback && status.message !== '') out.push(progressLine('rollback', status.message));
      loop.rollback = true;
      return null;
    case 'rollback_paused':
      return { kind: 'error', error: `service rollback paused: ${status.message}` };
    case 'rollback_completed':
      if (!loop.converged) loop.finalMessage = plainLine('rollback', status.message);
      loop.rollback = true;
      return null;
  }
}

function afterUpdate(
  service: ServiceObject,
  host: DockerHost,
  monitorMs: number,
  loop: LoopState,
  out: ProgressMessage[],
): PollResult {
  const nowMs = host.sandbox.world.nowMs;
  if (!loop.converged) {
    if (loop.convergedAtMs !== null) out.push(progressLine('verify', 'Detected task failure'));
    loop.convergedAtMs = null;
    return { kind: 'continue' };
  }
  const kind = service.spec.mode.kind;
  if (kind === 'replicated-job' || kind === 'global-job') {
    out.push(plainLine('', 'job complete'));
    return { kind: 'done' };
  }
  loop.convergedAtMs ??= nowMs;
  // Go computes `monitor - time.Since(convergedAt)` a few nanoseconds after convergedAt, so an
  // exact multiple of a second reads as the second below it plus one: `Waiting 5 seconds`.
  const waitMs = monitorMs - (nowMs - loop.convergedAtMs);
  if (waitMs > 0)
    out.push(
      progressLine(
        'verify',
        `Waiting ${Math.ceil(waitMs / 1000)} seconds to verify that tasks are stable...`,
      ),
    );
  return { kind: 'continue' };
}

function sameMessages(left: readonly ProgressMessage[], right: readonly ProgressMessage[]): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * Follows a service until it converges (docker's `WaitOnService`), running the world meanwhile.
 * `serviceRef` is what the command was given (the ID for create, the name for update): docker
 * inspects by it and prints it in `verify: Service <ref> converged`.
 */
export function followServiceProgress(
  context: DockerContext,
  host: DockerHost,
  serviceRef: string,
): ProgressOutcome {
  const messages: ProgressMessage[] = [];
  const loop: LoopState = {
    converged: false,
    convergedAtMs: null,
    rollback: false,
    finalMessage: null,
    updater: null,
    patienceMs: progressPatienceMs,
  };
  const startMs = host.sandbox.world.nowMs;
  assert(serviceRef !== '', 'a service to follow');
  let previous: ProgressMessage[] = [];
  let lastChangeMs = startMs;
  for (let count = 0; count < pollsMax; count++) {
    const written: ProgressMessage[] = [];
    const result = poll(context, host, serviceRef, loop, written);
    messages.push(...written);
    if (result.kind === 'done') return { messages, error: null };
    if (result.kind === 'error') return { messages, error: result.error };
    const nowMs = host.sandbox.world.nowMs;
    if (!sameMessages(written, previous)) lastChangeMs = nowMs;
    previous = written;
    if (nowMs - lastChangeMs >= loop.patienceMs || nowMs - startMs >= progressBoundMs) break;
    const waited = wait(host.sandbox, pollIntervalMs);
    if (!waited.ok) return { messages, error: waited.error };
  }
  assert(host.sandbox.world.nowMs - startMs <= progressBoundMs + 60_000, 'the wait is bounded');
  if (!loop.converged) {
    messages.push(plainLine('', 'Operation continuing in background.'));
    messages.push(plainLine('', `Use \`docker service ps ${serviceRef}\` to check progress.`));
  }
  return { messages, error: null };
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** jsonmessage's non-terminal display: one line per message, bar messages dropped. */
export function renderProgressStream(messages: readonly ProgressMessage[]): string {
  let text = '';
  for (const message of messages) {
    if (!message.plain && (message.current > 0 || message.total > 0)) continue;
    text += `${message.id === '' ? '' : `${message.id}: `}${message.text}\n`;
  }
  return text;
}

/** `JSONProgress.String()` with HideCounts and no start time: the bar, or '' when ≤ 110 columns. */
export function progressBar(current: number, total: number, widthColumns: number): string {
  if (current <= 0 && total <= 0) return '';
  if (total <= 0 || widthColumns <= 110) return '';
  const percentage = Math.min(50, Math.trunc(Math.trunc((current / total) * 100) / 2));
  return `[${'='.repeat(percentage)}>${' '.repeat(Math.max(0, 50 - percentage))}] `;
}

/** What a terminal shows once the command returns: each ID's last message, in first-seen order. */
export function renderProgressScreen(messages: readonly ProgressMessage[], widthColumns: number): string {
  const lines: { id: string; line: string }[] = [];
  for (const message of messages) {
    const prefix = message.id === '' ? '' : `${message.id}: `;
    const line = message.plain
      ? `${prefix}${message.text}`
      : `${prefix}${message.text} ${progressBar(message.current, message.total, widthColumns)}`;
    const existing = message.id === '' ? undefined : lines.find((entry) => entry.id === message.id);
    if (existing !== undefined) existing.line = line;
    else lines.push({ id: message.id, line });
  }
  return lines.map((entry) => `${entry.line}\n`).join('');
}

/**
 * The display once the command returns: the terminal's final screen, with bars when it is wider
 * than 110 columns. Without a terminal the sandbox prints the same final screen without bars
 * (issue 6: "the progress display prints its final state, the non-terminal form"), rather than
 * Docker's poll-by-poll stream (`renderProgressStream`), which repeats a line every 200 ms and
 * would bury the outcome a student is looking for.
 */
export function renderProgress(messages: readonly ProgressMessage[], host: DockerHost): string {
  return renderProgressScreen(messages, host.terminalWidthColumns ?? 0);
}
