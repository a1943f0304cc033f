/**
 * The swarm scheduler (`moby/swarmkit:manager/scheduler/scheduler.go`, `nodeset.go`,
 * `decision_tree.go`), as a pure function of plain data: no clock, no randomness, no I/O.
 *
 * One pass (`scheduleTasks`) does what SwarmKit's `processPreassignedTasks` then `tick` do:
 * 1. Tasks that already name a node (global services) only run the filters against that node.
 * 2. The other pending tasks are grouped by (service, spec version); each group is placed at once:
 *    - a decision tree is built from *all* nodes, one level per spread preference, with the
 *      service's active task count summed per branch;
 *    - each leaf keeps the best N nodes that pass the filters (N = group size), ranked by
 *      `nodeLess`: nodes with >= 5 recent failures of this service version rank last, then fewest
 *      active tasks of the service, then fewest active tasks in total;
 *    - tasks are split over branches so each reaches (existing + new) / branches, remainder one
 *      each, re-splitting over the others when a branch has no room;
 *    - in a leaf, tasks fill the best node until the next one is strictly better, then move on;
 *      past the last node they go round-robin; nodes that stop passing the filters are skipped.
 * 3. Tasks left over stay PENDING with `no suitable node (<explanation>)`.
 *
 * Where SwarmKit iterates Go maps (random order), this code uses a fixed order instead: nodes by
 * id, branches by label value, groups and tasks in the order given, and ties between equally
 * loaded nodes go to the smaller node id. See docs/scheduling.md.
 */
import { assert } from './assert.js';
import { labelValue, spreadLabel } from './constraint.js';
import { createPipeline, explainPipeline, type FilterPipeline, processNode } from './filters.js';
import {
  activeTaskCountOf,
  addTaskToNode,
  failureKey,
  isSchedulerRelevant,
  type NodeInfo,
  nodeInfoOf,
  recentFailureCount,
  type SchedulerState,
} from './node-info.js';
import {
  assignedMessage,
  faultyNodeFailuresMin,
  noSuitableNodeError,
  preassignedConfirmedMessage,
  type SchedulerTask,
  type SchedulingDecisions,
  taskStateRank,
} from './types.js';

export interface ScheduleOptions {
  /**
   * The current spec version of every service that still exists. When given, leftover tasks of
   * deleted services are dropped without a decision, and leftover tasks of an older revision are
   * not retried (those with desired state SHUTDOWN or later are reported in `shutdown`), as in
   * SwarmKit's `noSuitableNode`.
   */
  readonly serviceSpecVersions?: Readonly<Record<string, number | null>>;
}

/** Preference levels beyond this are a caller bug (Docker users write one or two). */
export const preferenceLevelsMax = 16;

/**
 * A node as one task group sees it, with the load `nodeLess` compares cached as plain fields.
 * Lives only during the group's placement; a node sits in exactly one leaf.
 */
interface Candidate {
  readonly info: NodeInfo;
  readonly id: string;
  /** Recent failures of this service version when they reach the faulty-node threshold, else 0. */
  readonly penalty: number;
  /** Invariant: `activeTaskCountOf(info, serviceId)` for the group's service. */
  serviceTaskCount: number;
}

const failuresMin = faultyNodeFailuresMin;

/**
 * One scheduling pass over `tasks` (the pending ones; others are ignored). Records every
 * assignment in `state` (as SwarmKit updates its node set at once) and returns the decisions for
 * the model to write through the store. Mutates `state`; clone it first to keep the old one.
 */
export function scheduleTasks(
  state: SchedulerState,
  tasks: readonly SchedulerTask[],
  nowMs: number,
  options: ScheduleOptions = {},
): SchedulingDecisions {
  assert(Number.isSafeInteger(nowMs), 'nowMs must be an integer');
  assert(new Set(tasks.map((task) => task.id)).size === tasks.length, 'task ids must be unique');
  assert(
    !tasks.some((task) => task.id === '' || task.id === '__proto__'),
    'task ids must be plain non-empty keys',
  );
  const decisions: SchedulingDecisions = { assignments: [], unschedulable: [], shutdown: [] };
  for (const task of tasks) {
    if (task.nodeId !== null && task.state === 'pending') confirmPreassignedTask(state, task, decisions);
  }
  const unassigned = tasks.filter((task) => task.nodeId === null && isSchedulerRelevant(task.state));
  for (const group of groupTasks(unassigned)) scheduleTaskGroup(state, group, nowMs, decisions, options);
  return decisions;
}

/** `taskFitNode`: a preassigned task only checks its own node. The error has no "no suitable node" prefix. */
function confirmPreassignedTask(
  state: SchedulerState,
  task: SchedulerTask,
  decisions: SchedulingDecisions,
): void {
  assert(task.nodeId !== null, 'a preassigned task names its node');
  state.preassignedTaskIds[task.id] = true;
  const info = nodeInfoOf(state, task.nodeId);
  if (info === undefined) return;
  const pipeline = createPipeline(task);
  if (!processNode(pipeline, info)) {
    decisions.unschedulable.push({ taskId: task.id, error: explainPipeline(pipeline) });
    return;
  }
  addTaskToNode(info, task, 'assigned');
  decisions.assignments.push({ taskId: task.id, nodeId: info.node.id, message: preassignedConfirmedMessage });
}

/** Groups by (service, spec version) in first-seen order; tasks without a version go alone, last. */
export function groupTasks(tasks: readonly SchedulerTask[]): SchedulerTask[][] {
  const groups = new Map<string, SchedulerTask[]>();
  const oneOff: SchedulerTask[][] = [];
  for (const task of tasks) {
    if (task.specVersion === null) {
      oneOff.push([task]);
      continue;
    }
    const key = `${task.serviceId}\u0000${task.specVersion}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [task]);
    else group.push(task);
  }
  return [...groups.values(), ...oneOff];
}

/** Everything one group's placement needs; lives only during the call. */
interface GroupContext {
  readonly state: SchedulerState;
  readonly group: readonly SchedulerTask[];
  /** Tasks before this index have been placed; SwarmKit deletes them from its `taskGroup` map. */
  next: number;
  readonly pipeline: FilterPipeline;
  readonly serviceId: string;
  readonly decisions: SchedulingDecisions;
  readonly levelCount: number;
}

function scheduleTaskGroup(
  state: SchedulerState,
  group: readonly SchedulerTask[],
  nowMs: number,
  decisions: SchedulingDecisions,
  options: ScheduleOptions,
): void {
  const first = group[0];
  assert(first !== undefined, 'groups are never empty');
  const levels = spreadLevels(first);
  assert(levels.length <= preferenceLevelsMax, 'too many placement preferences');
  const context: GroupContext = {
    state,
    group,
    next: 0,
    pipeline: createPipeline(first),
    serviceId: first.serviceId,
    decisions,
    levelCount: levels.length,
  };
  const tree = buildDecisionTree(context, levels, failureKey(first.serviceId, first.specVersion), nowMs);
  const scheduled = scheduleOnSubtree(context, group.length, tree, 0);
  assert(scheduled === context.next, 'every scheduled task was taken from the group');
  if (context.next < group.length) reportNoSuitableNode(context, options);
}

interface SpreadLevel {
  readonly source: 'node' | 'engine';
  readonly key: string;
}

/** Spread descriptors that name a label; others are skipped for every node alike (`nodeSet.tree`). */
function spreadLevels(task: SchedulerTask): SpreadLevel[] {
  const levels: SpreadLevel[] = [];
  for (const preference of task.preferences) {
    const level = spreadLabel(preference.spread);
    if (level !== null) levels.push(level);
  }
  return levels;
}

/** A branch of the decision tree (`decisionTree`). */
interface DecisionTree {
  /** Active tasks of the service on every node under this branch, filtered or not. */
  tasks: number;
  /** Sub-branches sorted by label value; null at a leaf. */
  branches: DecisionTree[] | null;
  /** Leaf only: the best nodes that passed the filters, as a max-heap until first sorted. */
  candidates: Candidate[];
  /** Leaf only: false while `candidates` is still the heap built with the tree. */
  visited: boolean;
}

function emptyTree(): DecisionTree {
  return { tasks: 0, branches: null, candidates: [], visited: false };
}

/** `nodeSet.tree`: every node goes to the leaf its label values name, counted whatever its state. */
function buildDecisionTree(
  context: GroupContext,
  levels: readonly SpreadLevel[],
  versionKey: string,
  nowMs: number,
): DecisionTree {
  const root = emptyTree();
  const children = new Map<DecisionTree, Map<string, DecisionTree>>();
  for (const nodeId of context.state.nodeIds) {
    const info = context.state.nodes[nodeId] as NodeInfo;
    const failures = recentFailureCount(info, versionKey, nowMs);
    const penalty = failures >= failuresMin ? failures : 0;
    const serviceTaskCount = info.activeTaskCount === 0 ? 0 : activeTaskCountOf(info, context.serviceId);
    let tree = root;
    for (const level of levels) {
      const value = labelValue(
        level.source === 'node' ? info.node.labels : info.node.engineLabels,
        level.key,
      );
      tree.tasks += serviceTaskCount;
      let byValue = children.get(tree);
      if (byValue === undefined) children.set(tree, (byValue = new Map()));
      let next = byValue.get(value);
      if (next === undefined) byValue.set(value, (next = emptyTree()));
      tree = next;
    }
    tree.tasks += serviceTaskCount;
    offerCandidate(context, tree.candidates, info, penalty, serviceTaskCount);
  }
  for (const [tree, byValue] of children) {
    const values = [...byValue.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    tree.branches = values.map((value) => byValue.get(value) as DecisionTree);
  }
  return root;
}

/**
 * Keeps the `group.length` best nodes of a leaf in a max-heap (worst on top). A node is only run
 * through the filters when it would enter the heap, as in SwarmKit, which matters for the counts
 * in the explanation.
 */
function offerCandidate(
  context: GroupContext,
  heap: Candidate[],
  info: NodeInfo,
  penalty: number,
  serviceTaskCount: number,
): void {
  if (heap.length < context.group.length) {
    if (processNode(context.pipeline, info))
      heapPush(heap, { info, id: info.node.id, penalty, serviceTaskCount });
    return;
  }
  // Compare before allocating: most nodes of a big cluster never enter a small group's heap.
  const worst = heap[0] as Candidate;
  const load =
    penalty - worst.penalty ||
    serviceTaskCount - worst.serviceTaskCount ||
    info.activeTaskCount - worst.info.activeTaskCount;
  const better = load < 0 || (load === 0 && info.node.id < worst.id);
  if (better && processNode(context.pipeline, info)) {
    heap[0] = { info, id: info.node.id, penalty, serviceTaskCount };
    siftDown(heap, 0);
  }
}

/**
 * `scheduleNTasksOnSubtree`: splits `taskCount` tasks over the branches. Faithful to SwarmKit,
 * branch counts are not updated between passes (a re-split levels the original counts plus the
 * tasks still to place). Recursion depth is bounded by the number of preference levels.
 */
function scheduleOnSubtree(
  context: GroupContext,
  taskCount: number,
  tree: DecisionTree,
  depth: number,
): number {
  assert(depth <= context.levelCount, 'the tree is no deeper than the preference levels');
  if (tree.branches === null) {
    const nodes = orderedCandidates(context, tree);
    return nodes.length === 0 ? 0 : scheduleOnNodes(context, taskCount, nodes);
  }
  const branches = tree.branches;
  const noRoom = new Set<DecisionTree>();
  let scheduled = 0;
  let usableTasks = tree.tasks;
  const passesMax = context.group.length + branches.length + 1;
  for (let pass = 0; scheduled !== taskCount && noRoom.size !== branches.length; pass++) {
    assert(pass < passesMax, 'every pass places a task or rules out a branch');
    const usableBranches = branches.length - noRoom.size;
    const total = usableTasks + taskCount - scheduled;
    const desiredPerBranch = Math.trunc(total / usableBranches);
    let remainder = total % usableBranches;
    let progressed = false;
    for (const branch of branches) {
      if (noRoom.has(branch)) continue;
      const existing = branch.tasks;
      if (!(existing < desiredPerBranch || (existing === desiredPerBranch && remainder > 0))) continue;
      const toAssign = desiredPerBranch - existing + (remainder > 0 ? 1 : 0);
      const placed = scheduleOnSubtree(context, toAssign, branch, depth + 1);
      if (placed < toAssign) {
        noRoom.add(branch);
        usableTasks -= existing;
      } else if (remainder > 0) {
        remainder--;
      }
      scheduled += placed;
      progressed = true;
    }
    // SwarmKit would spin here forever once a nested split over-assigned; stop instead.
    if (!progressed) break;
  }
  return scheduled;
}

/**
 * `decisionTree.orderedNodes`: the leaf's nodes best first. On a second visit (after a re-split)
 * the nodes are filtered again, since the tasks just placed may have filled some.
 */
function orderedCandidates(context: GroupContext, leaf: DecisionTree): Candidate[] {
  const nodes = leaf.candidates;
  if (leaf.visited) {
    let index = 0;
    while (index < nodes.length) {
      if (processNode(context.pipeline, (nodes[index] as Candidate).info)) {
        index++;
      } else {
        nodes[index] = nodes[nodes.length - 1] as Candidate;
        nodes.pop();
      }
    }
  }
  nodes.sort(compareCandidates);
  leaf.visited = true;
  return nodes;
}

/**
 * `scheduleNTasksOnNodes`: gives tasks to `nodes` (sorted best first) until `taskCount` are
 * placed, the group is empty, or no node passes the filters any more.
 */
function scheduleOnNodes(context: GroupContext, taskCount: number, nodes: readonly Candidate[]): number {
  const nodeCount = nodes.length;
  const failed = new Uint8Array(nodeCount);
  let scheduled = 0;
  let position = 0;
  while (context.next < context.group.length) {
    const task = context.group[context.next] as SchedulerTask;
    context.next++;
    const candidate = nodes[position % nodeCount] as Candidate;
    const info = candidate.info;
    addTaskToNode(info, task, 'assigned');
    candidate.serviceTaskCount = activeTaskCountOf(info, context.serviceId);
    context.decisions.assignments.push({ taskId: task.id, nodeId: info.node.id, message: assignedMessage });
    scheduled++;
    if (scheduled === taskCount) return scheduled;
    if (position + 1 < nodeCount) {
      // First pass: stay on this node until the next one is strictly better, which levels them.
      if (compareLoad(nodes[position + 1] as Candidate, candidate) < 0) position++;
    } else {
      // Later passes: one task per node, round-robin.
      position++;
    }
    const origin = position;
    while (
      failed[position % nodeCount] === 1 ||
      !processNode(context.pipeline, (nodes[position % nodeCount] as Candidate).info)
    ) {
      failed[position % nodeCount] = 1;
      position++;
      if (position - origin === nodeCount) return scheduled;
    }
  }
  return scheduled;
}

/** `noSuitableNode`: the leftover tasks stay pending with the pipeline's explanation. */
function reportNoSuitableNode(context: GroupContext, options: ScheduleOptions): void {
  const explanation = explainPipeline(context.pipeline);
  const error = explanation === '' ? noSuitableNodeError : `${noSuitableNodeError} (${explanation})`;
  const versions = options.serviceSpecVersions;
  for (let index = context.next; index < context.group.length; index++) {
    const task = context.group[index] as SchedulerTask;
    if (versions !== undefined) {
      if (!Object.hasOwn(versions, task.serviceId)) continue;
      const current = versions[task.serviceId] ?? null;
      if (current !== null && task.specVersion !== null && current > task.specVersion) {
        const shutDown =
          task.state === 'pending' && taskStateRank[task.desiredState] >= taskStateRank.shutdown;
        if (shutDown) context.decisions.shutdown.push(task.id);
        continue;
      }
    }
    context.decisions.unschedulable.push({ taskId: task.id, error });
  }
}

/**
 * SwarmKit's `nodeLess` as a three-way comparison: if either node has >= 5 recent failures the
 * one with fewer wins; then fewer active tasks of the service; then fewer active tasks in all.
 * This equals comparing (penalty, service tasks, all tasks) lexicographically, where the penalty
 * is the failure count once it reaches the threshold and 0 below it.
 */
function compareLoad(left: Candidate, right: Candidate): number {
  return (
    left.penalty - right.penalty ||
    left.serviceTaskCount - right.serviceTaskCount ||
    left.info.activeTaskCount - right.info.activeTaskCount
  );
}

/** `nodeLess`, then node id: a total order, so ties resolve the same way on every run. */
function compareCandidates(left: Candidate, right: Candidate): number {
  return compareLoad(left, right) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}

function heapPush(heap: Candidate[], candidate: Candidate): void {
  heap.push(candidate);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (compareCandidates(heap[index] as Candidate, heap[parent] as Candidate) <= 0) break;
    [heap[index], heap[parent]] = [heap[parent] as Candidate, heap[index] as Candidate];
    index = parent;
  }
}

/** Restores the max-heap below `start`; each step goes one level down, so it ends within log2(n) steps. */
function siftDown(heap: Candidate[], start: number): void {
  let index = start;
  while (2 * index + 1 < heap.length) {
    const left = 2 * index + 1;
    const right = left + 1;
    let largest = left;
    if (right < heap.length && compareCandidates(heap[right] as Candidate, heap[left] as Candidate) > 0)
      largest = right;
    if (compareCandidates(heap[largest] as Candidate, heap[index] as Candidate) <= 0) return;
    [heap[index], heap[largest]] = [heap[largest] as Candidate, heap[index] as Candidate];
    index = largest;
  }
}
