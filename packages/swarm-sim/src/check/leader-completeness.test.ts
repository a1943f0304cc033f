import { describe, expect, it } from 'vitest';
import { labCommand } from '../lab/command.js';
import { createLab } from '../lab/lab.js';
import { labInspect } from '../lab/view.js';

/**
 * Leader Completeness binds leaders of later terms only (§5.4): an entry committed in term T must
 * be in the log of every leader of a term after T. A candidate of an older term whose vote
 * replies were held while it was paused can still win that older term after newer terms have
 * committed entries; that is legal Raft, and the checker must not flag it.
 */
describe('checker: Leader Completeness is about later terms (§5.4)', () => {
  it('a candidate paused mid-election and resumed after newer commits is not a violation', () => {
    const created = createLab({ seed: 3, nodeCount: 3, checkQuorum: true });
    if (!created.ok) throw new Error(created.error);
    const lab = created.lab;
    for (const line of ['run 100ms', 'pause n3', 'run 400ms', 'resume n3', 'run 1s']) {
      expect(labCommand(lab, line).ok, line).toBe(true);
    }
    expect(labInspect(lab).violations).toEqual([]);
  });
});
