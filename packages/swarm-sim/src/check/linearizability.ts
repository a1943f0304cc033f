/**
 * A linearizability checker for a key-value client history (Wing & Gong's search, with Lowe's
 * memoisation of (linearized set, state) as in Porcupine). It answers the question "could the
 * operations, each taking effect at one instant between its invocation and its answer, have run
 * one at a time against a single copy of the store?", which is how "no acknowledged write is
 * lost" is checked.
 *
 * - Linearizability is local (Herlihy & Wing): the history is checked key by key.
 * - `fail` operations did not happen and are ignored; `info` (and still pending) operations may
 *   or may not have happened: they have no end time, and the search may leave them out.
 * - Reads whose outcome is unknown constrain nothing and are ignored.
 * - Times are integer milliseconds; two events in the same millisecond are treated as concurrent
 *   (the lenient choice: an equal-time answer and invocation may be ordered either way).
 * - The search is bounded by `stepsMax`; past it the answer is `unknown`, never a guess.
 */
import { parseKvCommand } from '../lab/kv.js';

export interface HistoryOperation {
  readonly operation: number;
  /** "set x 1", "del x", "get x". */
  readonly command: string;
  readonly invokeAtMs: number;
  /** null when the outcome is unknown. */
  readonly completeAtMs: number | null;
  readonly status: 'pending' | 'ok' | 'fail' | 'info';
  /** For an ok read: the value read, or "nil". */
  readonly result: string;
}

export type LinearizabilityResult =
  | { readonly outcome: 'ok'; readonly steps: number; readonly message: string }
  | {
      readonly outcome: 'violation';
      readonly steps: number;
      readonly key: string;
      /** The operations on that key, for the report. */
      readonly operations: readonly number[];
      readonly message: string;
    }
  | { readonly outcome: 'unknown'; readonly steps: number; readonly message: string };

export const linearizabilityStepsMaxDefault = 1_000_000;

/** One operation on a single key, ready for the search. */
interface KeyOperation {
  readonly operation: number;
  readonly kind: 'write' | 'read';
  /** write: the value written (null for del). read: the value read (null for nil). */
  readonly value: string | null;
  readonly invokeAtMs: number;
  /** Infinity when the outcome is unknown. */
  readonly completeAtMs: number;
  readonly text: string;
}

/** A call or return in the search's doubly linked list of events. */
interface ListEntry {
  readonly operationIndex: number;
  readonly isCall: boolean;
  readonly atMs: number;
  /** The return entry of a call (null for a return). */
  match: ListEntry | null;
  previous: ListEntry | null;
  next: ListEntry | null;
}

function keyOperations(history: readonly HistoryOperation[]): Map<string, KeyOperation[]> | string {
  const byKey = new Map<string, KeyOperation[]>();
  for (const operation of history) {
    if (operation.status === 'fail') continue;
    const command = parseKvCommand(operation.command);
    if (typeof command === 'string') return `operation #${operation.operation}: ${command}`;
    const known = operation.status === 'ok' && operation.completeAtMs !== null;
    if (command.type === 'get' && !known) continue;
    const value =
      command.type === 'set'
        ? command.value
        : command.type === 'del'
          ? null
          : operation.result === 'nil'
            ? null
            : operation.result;
    const list = byKey.get(command.key) ?? [];
    list.push({
      operation: operation.operation,
      kind: command.type === 'get' ? 'read' : 'write',
      value,
      invokeAtMs: operation.invokeAtMs,
      completeAtMs: known ? (operation.completeAtMs as number) : Number.POSITIVE_INFINITY,
      text: `#${operation.operation} ${operation.command}${command.type === 'get' ? ` -> ${operation.result}` : ''}`,
    });
    byKey.set(command.key, list);
  }
  return byKey;
}

/** Checks a whole history; the first key that fails (in key order) is reported. */
export function checkLinearizability(
  history: readonly HistoryOperation[],
  stepsMax = linearizabilityStepsMaxDefault,
): LinearizabilityResult {
  const byKey = keyOperations(history);
  if (typeof byKey === 'string') return { outcome: 'unknown', steps: 0, message: byKey };
  let steps = 0;
  let unknownKey: string | null = null;
  for (const key of [...byKey.keys()].sort()) {
    const operations = byKey.get(key) as KeyOperation[];
    const result = searchKey(operations, stepsMax - steps);
    steps += result.steps;
    if (result.outcome === 'violation') {
      return {
        outcome: 'violation',
        steps,
        key,
        operations: operations.map((operation) => operation.operation),
        message: `key ${key}: no order of its ${operations.length} operations explains ${result.blocking}`,
      };
    }
    if (result.outcome === 'unknown') unknownKey ??= key;
  }
  if (unknownKey !== null) {
    return { outcome: 'unknown', steps, message: `gave up on key ${unknownKey} after ${stepsMax} steps` };
  }
  return {
    outcome: 'ok',
    steps,
    message: `linearizable: ${history.length} operations on ${byKey.size} keys`,
  };
}

function buildList(operations: readonly KeyOperation[]): ListEntry | null {
  const entries: ListEntry[] = [];
  operations.forEach((operation, operationIndex) => {
    const call: ListEntry = {
      operationIndex,
      isCall: true,
      atMs: operation.invokeAtMs,
      match: null,
      previous: null,
      next: null,
    };
    const answer: ListEntry = {
      operationIndex,
      isCall: false,
      atMs: operation.completeAtMs,
      match: null,
      previous: null,
      next: null,
    };
    call.match = answer;
    entries.push(call, answer);
  });
  // Calls before returns at equal times: equal-time events are concurrent.
  entries.sort((left, right) => left.atMs - right.atMs || Number(right.isCall) - Number(left.isCall));
  for (let position = 0; position < entries.length; position++) {
    const entry = entries[position] as ListEntry;
    entry.previous = entries[position - 1] ?? null;
    entry.next = entries[position + 1] ?? null;
  }
  return entries[0] ?? null;
}

interface SearchResult {
  readonly outcome: 'ok' | 'violation' | 'unknown';
  readonly steps: number;
  readonly blocking: string;
}

/** Wing & Gong with memoisation over one key's operations. The state is the key's value. */
function searchKey(operations: readonly KeyOperation[], stepsMax: number): SearchResult {
  const sentinel: ListEntry = {
    operationIndex: -1,
    isCall: true,
    atMs: -1,
    match: null,
    previous: null,
    next: null,
  };
  sentinel.next = buildList(operations);
  if (sentinel.next !== null) sentinel.next.previous = sentinel;
  const linearized = new Uint8Array(operations.length);
  const seen = new Set<string>();
  const stack: { entry: ListEntry; state: string | null }[] = [];
  let state: string | null = null;
  let entry = sentinel.next;
  let steps = 0;
  while (entry !== null) {
    if (++steps > stepsMax) return { outcome: 'unknown', steps, blocking: '' };
    const operation = operations[entry.operationIndex] as KeyOperation;
    if (!entry.isCall) {
      // Everything left may be left out: an unknown outcome's "return" is at infinity.
      if (operation.completeAtMs === Number.POSITIVE_INFINITY) return { outcome: 'ok', steps, blocking: '' };
      const top = stack.pop();
      if (top === undefined) return { outcome: 'violation', steps, blocking: operation.text };
      linearized[top.entry.operationIndex] = 0;
      state = top.state;
      unlift(top.entry);
      entry = top.entry.next;
      continue;
    }
    const allowed = operation.kind === 'write' || operation.value === state;
    const nextState = operation.kind === 'write' ? operation.value : state;
    linearized[entry.operationIndex] = 1;
    const memo = `${linearized.join('')}|${nextState ?? '\u0000nil'}`;
    if (allowed && !seen.has(memo)) {
      seen.add(memo);
      stack.push({ entry, state });
      state = nextState;
      lift(entry);
      entry = sentinel.next;
    } else {
      linearized[entry.operationIndex] = 0;
      entry = entry.next;
    }
  }
  return { outcome: 'ok', steps, blocking: '' };
}

function lift(call: ListEntry): void {
  const answer = call.match as ListEntry;
  (call.previous as ListEntry).next = call.next;
  if (call.next !== null) call.next.previous = call.previous;
  (answer.previous as ListEntry).next = answer.next;
  if (answer.next !== null) answer.next.previous = answer.previous;
}

function unlift(call: ListEntry): void {
  const answer = call.match as ListEntry;
  (answer.previous as ListEntry).next = answer;
  if (answer.next !== null) answer.next.previous = answer;
  (call.previous as ListEntry).next = call;
  if (call.next !== null) call.next.previous = call;
}
