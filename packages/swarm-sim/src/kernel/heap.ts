/**
 * A binary min-heap over a plain array of queue events, ordered by (atMs, sequence). The array
 * is the whole state, so the queue is snapshotted with the world. Written by hand (no class,
 * no comparator closure) because it is the hottest code in the simulator.
 *
 * Invariant: for every i > 0, items[parent(i)] precedes-or-equals items[i].
 */
import type { QueueEvent } from './types.js';

/** True when `a` comes before `b`: earlier time, or the same time and scheduled earlier. */
function precedes(a: QueueEvent<unknown>, b: QueueEvent<unknown>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
}

export function heapPush<Payload>(items: QueueEvent<Payload>[], event: QueueEvent<Payload>): void {
  let position = items.length;
  items.push(event);
  while (position > 0) {
    const parent = (position - 1) >> 1;
    const above = items[parent] as QueueEvent<Payload>;
    if (!precedes(event, above)) break;
    items[position] = above;
    position = parent;
  }
  items[position] = event;
}

/** Removes and returns the first event, or null when the heap is empty. */
export function heapPop<Payload>(items: QueueEvent<Payload>[]): QueueEvent<Payload> | null {
  const length = items.length;
  if (length === 0) return null;
  const first = items[0] as QueueEvent<Payload>;
  const last = items.pop() as QueueEvent<Payload>;
  if (length === 1) return first;
  const size = length - 1;
  const half = size >> 1;
  let position = 0;
  while (position < half) {
    let child = 2 * position + 1;
    let best = items[child] as QueueEvent<Payload>;
    const right = child + 1;
    if (right < size && precedes(items[right] as QueueEvent<Payload>, best)) {
      child = right;
      best = items[right] as QueueEvent<Payload>;
    }
    if (!precedes(best, last)) break;
    items[position] = best;
    position = child;
  }
  items[position] = last;
  return first;
}

export function heapPeek<Payload>(items: readonly QueueEvent<Payload>[]): QueueEvent<Payload> | null {
  return items.length === 0 ? null : (items[0] as QueueEvent<Payload>);
}

/** Checks the heap property over the whole array (for tests and debug assertions). */
export function heapIsValid(items: readonly QueueEvent<unknown>[]): boolean {
  for (let position = 1; position < items.length; position++) {
    const parent = (position - 1) >> 1;
    if (precedes(items[position] as QueueEvent<unknown>, items[parent] as QueueEvent<unknown>)) return false;
  }
  return true;
}
