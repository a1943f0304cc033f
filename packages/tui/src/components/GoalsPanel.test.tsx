import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { lessonView } from '../app/fixtures.js';
import { plain } from '../app/terminal-harness.js';
import { GoalsPanel } from './GoalsPanel.js';

const goals = lessonView.goals ?? [];

describe('goals panel: a lesson checklist', () => {
  it('ticks met goals, and hints at the first one not met', () => {
    const frame = plain(render(<GoalsPanel goals={goals} width={80} height={6} />).lastFrame()).split('\n');
    expect(frame[0]).toContain('1/3 met');
    expect(frame.slice(1)).toEqual([
      '  [x] Kill the leader and watch a new one get elected',
      '  [ ] Lose quorum: stop two of the three managers',
      '      hint: With 3 managers, a majority is 2. How many are up?',
      '  [ ] See `docker service scale` fail without quorum',
      '',
    ]);
  });

  it('scrolls to the first goal not met when it is short of rows', () => {
    const frame = plain(render(<GoalsPanel goals={goals} width={80} height={2} />).lastFrame()).split('\n');
    expect(frame[1]).toBe('  [ ] Lose quorum: stop two of the three managers');
  });
});
