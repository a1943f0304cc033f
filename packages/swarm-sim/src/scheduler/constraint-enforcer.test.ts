/**
 * The constraint enforcer (swarm.md §4.8): after a node changes, tasks on it that no longer
 * satisfy their constraints or no longer fit its resources are reported for rejection.
 */
import { describe, expect, it } from 'vitest';
import { checkConstraintEnforcer } from './constraint-enforcer.js';
import { buildSchedulerState, upsertNode } from './node-info.js';
import { makeNode, makeTask, nanoCpusPerCpu } from './testing.js';
import type { SchedulerTask } from './types.js';

const ssdNode = makeNode('a', { labels: { disk: 'ssd' } });
const onSsd = (id: string, overrides: Partial<SchedulerTask> = {}) =>
  makeTask(id, { nodeId: 'a', state: 'running', constraints: ['node.labels.disk==ssd'], ...overrides });

describe('constraint enforcer (swarm.md §4.8)', () => {
  it('reports a task whose node lost the label its constraint needs', () => {
    const state = buildSchedulerState([ssdNode], [onSsd('t1')], 0);
    expect(checkConstraintEnforcer(state)).toEqual([]);
    upsertNode(state, { ...ssdNode, labels: {} }, 1000);
    expect(checkConstraintEnforcer(state)).toEqual([{ taskId: 't1', nodeId: 'a', reason: 'constraints' }]);
  });

  it("uses the service's current constraints over the task's stale copy", () => {
    const state = buildSchedulerState([ssdNode], [onSsd('t1', { constraints: [] })], 0);
    expect(checkConstraintEnforcer(state)).toEqual([]);
    expect(checkConstraintEnforcer(state, { web: ['node.labels.disk==hdd'] })).toEqual([
      { taskId: 't1', nodeId: 'a', reason: 'constraints' },
    ]);
  });

  it('rejects the tasks that no longer fit when the node shrinks, in task id order', () => {
    const reservations = { nanoCpus: 2 * nanoCpusPerCpu, memoryBytes: 0 };
    const tasks = ['t3', 't1', 't2'].map((id) => onSsd(id, { constraints: [], reservations }));
    const state = buildSchedulerState(
      [makeNode('a', { resources: { nanoCpus: 6 * nanoCpusPerCpu, memoryBytes: 0 } })],
      tasks,
      0,
    );
    upsertNode(state, makeNode('a', { resources: { nanoCpus: 5 * nanoCpusPerCpu, memoryBytes: 0 } }), 0);
    expect(checkConstraintEnforcer(state)).toEqual([{ taskId: 't3', nodeId: 'a', reason: 'resources' }]);
  });

  it('leaves Pause and Drain nodes alone', () => {
    for (const availability of ['pause', 'drain'] as const) {
      const state = buildSchedulerState([{ ...ssdNode, labels: {}, availability }], [onSsd('t1')], 0);
      expect(checkConstraintEnforcer(state)).toEqual([]);
    }
  });

  it('only checks tasks meant to run (desired ASSIGNED..COMPLETE)', () => {
    const tasks = [
      onSsd('stopping', { desiredState: 'shutdown' }),
      onSsd('starting', { desiredState: 'ready' }),
    ];
    const state = buildSchedulerState([{ ...ssdNode, labels: {} }], tasks, 0);
    expect(checkConstraintEnforcer(state).map((violation) => violation.taskId)).toEqual(['starting']);
  });

  it('ignores constraints that do not parse, as SwarmKit drops the parse error', () => {
    const state = buildSchedulerState([ssdNode], [onSsd('t1', { constraints: ['disk=ssd'] })], 0);
    expect(checkConstraintEnforcer(state)).toEqual([]);
  });
});
