/**
 * The task lifecycle (swarm.md §4.2) as an xstate v5 machine: the single source of truth for the
 * observed-state changes a task may make, in SwarmKit's order (`api/types.proto`):
 *
 *   new → pending → assigned → accepted → preparing → ready → starting → running
 *       → complete | shutdown | failed | rejected,   and orphaned
 *
 * Every writer of `TaskObject.status.state` in this folder (the allocator, the scheduler bridge,
 * the agent's executor, the constraint enforcer, `node rm` orphaning) steps the machine with the
 * pure `transition()` through `nextTaskState`. That happens only when a task's lifecycle changes
 * (a handful of times per task), never per tick. `remove` is a desired state only, so it is not a
 * state of this machine.
 *
 * Who sends which event:
 * - ALLOCATED (allocator), ASSIGNED (scheduler);
 * - ACCEPTED, PREPARING, PREPARED, STARTING, STARTED, EXITED, FAILED, REJECTED, SHUT_DOWN (agent);
 * - REJECTED also comes from the constraint enforcer, SHUT_DOWN also from the scheduler (an old
 *   revision it cannot place) and the orchestrator (a task never assigned);
 * - ORPHANED (`node rm`, or a node Down for 24 h).
 *
 * An error before STARTING rejects the task, from STARTING on it fails it (`agent/exec`
 * `fatal`). Terminal states are final: the observed state only ever increases.
 */
import { type SnapshotFrom, setup, transition } from 'xstate';
import { assert } from '../kernel/assert.js';
import { type TaskState, taskStateOrder } from '../swarm/objects.js';

/** The states a task can be observed in: every `TaskState` but the desired-only `remove`. */
export type ObservedTaskState = Exclude<TaskState, 'remove'>;

export type TaskLifecycleEventType =
  | 'ALLOCATED'
  | 'ASSIGNED'
  | 'ACCEPTED'
  | 'PREPARING'
  | 'PREPARED'
  | 'STARTING'
  | 'STARTED'
  | 'EXITED'
  | 'FAILED'
  | 'REJECTED'
  | 'SHUT_DOWN'
  | 'ORPHANED';

export interface TaskLifecycleEvent {
  readonly type: TaskLifecycleEventType;
}

export const taskLifecycleEventTypes: readonly TaskLifecycleEventType[] = [
  'ALLOCATED',
  'ASSIGNED',
  'ACCEPTED',
  'PREPARING',
  'PREPARED',
  'STARTING',
  'STARTED',
  'EXITED',
  'FAILED',
  'REJECTED',
  'SHUT_DOWN',
  'ORPHANED',
];

/** The ways out of every live state: a shutdown request and `node rm`. */
const liveExits = { SHUT_DOWN: { target: 'shutdown' }, ORPHANED: { target: 'orphaned' } } as const;
/** From ASSIGNED to READY an agent error rejects the task. */
const beforeStartExits = { ...liveExits, REJECTED: { target: 'rejected' } } as const;

export const taskLifecycleMachine = setup({
  types: {
    events: {} as TaskLifecycleEvent,
  },
}).createMachine({
  id: 'task',
  initial: 'new',
  states: {
    new: { on: { ALLOCATED: { target: 'pending' }, ...liveExits } },
    pending: { on: { ASSIGNED: { target: 'assigned' }, ...liveExits } },
    assigned: { on: { ACCEPTED: { target: 'accepted' }, ...beforeStartExits } },
    accepted: { on: { PREPARING: { target: 'preparing' }, ...beforeStartExits } },
    preparing: { on: { PREPARED: { target: 'ready' }, ...beforeStartExits } },
    ready: { on: { STARTING: { target: 'starting' }, ...beforeStartExits } },
    starting: {
      on: {
        STARTED: { target: 'running' },
        FAILED: { target: 'failed' },
        REJECTED: { target: 'rejected' },
        ...liveExits,
      },
    },
    running: {
      on: {
        EXITED: { target: 'complete' },
        FAILED: { target: 'failed' },
        REJECTED: { target: 'rejected' },
        ...liveExits,
      },
    },
    complete: { type: 'final' },
    shutdown: { type: 'final' },
    failed: { type: 'final' },
    rejected: { type: 'final' },
    orphaned: { type: 'final' },
  },
});

export const observedTaskStates: readonly ObservedTaskState[] = [
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'orphaned',
];

type TaskSnapshot = SnapshotFrom<typeof taskLifecycleMachine>;

/** One resolved snapshot per state, built once at load (machine data, not simulation state). */
const snapshotByState: ReadonlyMap<ObservedTaskState, TaskSnapshot> = new Map(
  observedTaskStates.map((state) => [
    state,
    taskLifecycleMachine.resolveState({ value: state, context: {} }),
  ]),
);

/**
 * The machine's answers, asked once per (state, event) pair and kept: machine data like the
 * snapshots above, so the hot paths (an executor steps tens of thousands of tasks) do not run
 * xstate's `transition()` for a question it has answered before.
 */
const answers = new Map<string, ObservedTaskState | null>();

/**
 * The state `event` moves a task in `from` to, by the machine's pure `transition()`, or null when
 * the machine has no such transition (the caller then leaves the task alone).
 */
export function nextTaskState(
  from: ObservedTaskState,
  event: TaskLifecycleEventType,
): ObservedTaskState | null {
  const key = `${from}:${event}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const snapshot = snapshotByState.get(from);
  assert(snapshot !== undefined, `task state ${from} is a state of the lifecycle machine`);
  let value: ObservedTaskState | null = null;
  if (snapshot.can({ type: event })) {
    const [next] = transition(taskLifecycleMachine, snapshot, { type: event });
    value = next.value as ObservedTaskState;
    assert(taskStateOrder[value] > taskStateOrder[from], 'an observed task state only ever increases');
  }
  answers.set(key, value);
  return value;
}

export function isObservedTaskState(state: TaskState): state is ObservedTaskState {
  return state !== 'remove';
}

/** complete, shutdown, failed, rejected, orphaned: the task has stopped for good. */
export function isTerminalTaskState(state: TaskState): boolean {
  return taskStateOrder[state] > taskStateOrder.running;
}

/**
 * The events that take a task from `from` forward to `to` along the main line (new → … →
 * running), or null when `to` is not ahead on it. The executor uses this to report the states a
 * container went through since the last report.
 */
export function mainLineEvents(
  from: ObservedTaskState,
  to: ObservedTaskState,
): TaskLifecycleEventType[] | null {
  const line: readonly ObservedTaskState[] = observedTaskStates.slice(0, 8);
  const steps: readonly TaskLifecycleEventType[] = [
    'ALLOCATED',
    'ASSIGNED',
    'ACCEPTED',
    'PREPARING',
    'PREPARED',
    'STARTING',
    'STARTED',
  ];
  const start = line.indexOf(from);
  const end = line.indexOf(to);
  if (start < 0 || end < 0 || end < start) return null;
  return steps.slice(start, end) as TaskLifecycleEventType[];
}

/**
 * The machine as a Mermaid `stateDiagram-v2`, read from its state nodes, so the drawing in
 * docs/services.md cannot drift from the code (a test compares them).
 */
export function taskLifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', '    [*] --> new'];
  for (const state of observedTaskStates) {
    const node = taskLifecycleMachine.root.states[state];
    assert(node !== undefined, `the machine has a state ${state}`);
    for (const [eventType, transitions] of node.transitions) {
      for (const candidate of transitions) {
        for (const target of candidate.target ?? [])
          lines.push(`    ${state} --> ${target.key}: ${eventType}`);
      }
    }
  }
  for (const state of observedTaskStates) {
    if (isTerminalTaskState(state)) lines.push(`    ${state} --> [*]`);
  }
  return lines.join('\n');
}
