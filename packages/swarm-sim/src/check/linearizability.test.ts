import { describe, expect, it } from 'vitest';
import { checkLinearizability, type HistoryOperation } from './linearizability.js';

let nextOperation = 1;
function op(
  command: string,
  invokeAtMs: number,
  completeAtMs: number | null,
  result = 'ok',
  status: HistoryOperation['status'] = completeAtMs === null ? 'info' : 'ok',
): HistoryOperation {
  return { operation: nextOperation++, command, invokeAtMs, completeAtMs, status, result };
}

describe('linearizability (Wing & Gong): a key-value client history', () => {
  it('sequential writes then a read of the last value are linearizable', () => {
    const history = [op('set x 1', 0, 10), op('set x 2', 20, 30), op('get x', 40, 50, '2')];
    expect(checkLinearizability(history)).toMatchObject({ outcome: 'ok' });
  });

  it('a read that misses an acknowledged write is a violation (a lost write)', () => {
    const history = [op('set x 1', 0, 10), op('set x 2', 20, 30), op('get x', 40, 50, '1')];
    const result = checkLinearizability(history);
    expect(result.outcome).toBe('violation');
    expect(result.outcome === 'violation' && result.key).toBe('x');
  });

  it('a read concurrent with a write may see either value', () => {
    for (const seen of ['1', '2']) {
      const history = [op('set x 1', 0, 10), op('set x 2', 20, 60), op('get x', 30, 40, seen)];
      expect(checkLinearizability(history).outcome).toBe('ok');
    }
  });

  it('values cannot go back in time: two sequential reads see 2 then 1 after concurrent writes', () => {
    const history = [
      op('set x 1', 0, 100),
      op('set x 2', 0, 100),
      op('get x', 110, 120, '2'),
      op('get x', 130, 140, '1'),
    ];
    expect(checkLinearizability(history).outcome).toBe('violation');
  });

  it('an info write may or may not have happened; a failed one did not', () => {
    const maybe = [
      op('set x 1', 0, 10),
      op('set x 2', 20, null),
      op('get x', 30, 40, '2'),
      op('get x', 50, 60, '2'),
    ];
    expect(checkLinearizability(maybe).outcome).toBe('ok');
    const maybeNot = [op('set x 1', 0, 10), op('set x 2', 20, null), op('get x', 30, 40, '1')];
    expect(checkLinearizability(maybeNot).outcome).toBe('ok');
    const failed = [
      op('set x 1', 0, 10),
      op('set x 2', 20, 25, 'not leader', 'fail'),
      op('get x', 30, 40, '2'),
    ];
    expect(checkLinearizability(failed).outcome).toBe('violation');
  });

  it('deletes read back as nil, and keys are checked independently', () => {
    const history = [
      op('set x 1', 0, 10),
      op('set y 5', 0, 10),
      op('del x', 20, 30),
      op('get x', 40, 50, 'nil'),
      op('get y', 40, 50, '5'),
    ];
    expect(checkLinearizability(history)).toMatchObject({
      outcome: 'ok',
      message: 'linearizable: 5 operations on 2 keys',
    });
    expect(checkLinearizability([...history, op('get y', 60, 70, 'nil')]).outcome).toBe('violation');
  });

  it('answers unknown when the step limit is reached, never a guess', () => {
    const history: HistoryOperation[] = [];
    for (let value = 0; value < 14; value++) history.push(op(`set x ${value}`, 0, 1000));
    history.push(op('get x', 1001, 1002, 'never written'));
    expect(checkLinearizability(history, 500)).toMatchObject({ outcome: 'unknown' });
  });

  it('a command it cannot read makes the answer unknown', () => {
    expect(checkLinearizability([op('launch rockets', 0, 1)]).outcome).toBe('unknown');
  });
});
