import type { TaskView } from '@swarmsim/swarm-sim';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { swarmView } from '../app/fixtures.js';
import { segmentsText } from '../app/table.js';
import { plain } from '../app/terminal-harness.js';
import { abbreviate, cellSegments, ServicesPane, taskGlyph } from './ServicesPane.js';

const machines = swarmView.machines.map((machine) => machine.name);

function lines(frame: string | undefined): string[] {
  return plain(frame).split('\n');
}

/** The character under a column header in a row: where the grid puts a task. */
function under(frame: string | undefined, header: string, rowName: string): string {
  const all = lines(frame);
  const column = (all[1] ?? '').indexOf(header);
  const row = all.find((line) => line.slice(2).startsWith(`${rowName} `)) ?? '';
  return row[column] ?? ' ';
}

describe('services pane: a grid of services × machines with task states', () => {
  const frame = render(
    <ServicesPane services={swarmView.services} machines={machines} width={100} height={6} />,
  ).lastFrame();

  it('has a row per service with its replicas, and a column per machine', () => {
    expect(lines(frame)[1]).toMatch(
      /SERVICE\s+MODE\s+REPLICAS\s+manager1\s+manager2\s+manager3\s+worker1\s+worker2\s+waiting/,
    );
    expect(lines(frame)[2]).toMatch(/^ {2}api\s+replicated\s+2\/3/);
    expect(lines(frame)[3]).toMatch(/^ {2}web\s+replicated\s+4\/4/);
  });

  it('puts each task under the machine it runs on', () => {
    expect(under(frame, 'manager1', 'api')).toBe('●');
    expect(under(frame, 'worker1', 'api')).toBe('●');
    expect(under(frame, 'manager2', 'api')).toBe(' ');
    expect(under(frame, 'manager2', 'web')).toBe('●');
    expect(under(frame, 'worker2', 'web')).toBe('●');
  });

  it('shows a task no machine has yet in the waiting column', () => {
    expect(under(frame, 'waiting', 'api')).toBe('◐');
  });

  it('explains the glyphs on the last line when there is room', () => {
    expect(lines(frame)[4]).toContain('● running  ◐ starting  ○ ended  ✗ failed  ? orphaned');
    const tight = render(
      <ServicesPane services={swarmView.services} machines={machines} width={100} height={4} />,
    ).lastFrame();
    expect(plain(tight)).not.toContain('● running');
    expect(plain(tight)).toContain('web');
  });

  it('narrows machine columns to a distinct abbreviation rather than hide them', () => {
    const narrow = render(
      <ServicesPane services={swarmView.services} machines={machines} width={56} height={6} />,
    ).lastFrame();
    expect(lines(narrow)[1]).toMatch(/m…r1\s+m…r2\s+m…r3\s+w…r1\s+w…r2\s+w…ng/);
    expect(lines(narrow).every((line) => line.length <= 56)).toBe(true);
  });

  it('says so when there are no services yet', () => {
    expect(
      plain(render(<ServicesPane services={[]} machines={machines} width={80} height={4} />).lastFrame()),
    ).toContain('no services yet');
  });
});

describe('services pane: task glyphs', () => {
  it('draws running, starting, ended, failed and orphaned tasks differently', () => {
    expect(
      ['running', 'pending', 'preparing', 'shutdown', 'complete', 'failed', 'rejected', 'orphaned'].map(
        (state) => taskGlyph(state as TaskView['state']).glyph,
      ),
    ).toEqual(['●', '◐', '◐', '○', '○', '✗', '✗', '?']);
  });

  it('fills a cell exactly and cuts a crowded one with +N', () => {
    const task: TaskView = { name: 'web.1', machine: 'worker1', state: 'running', desiredState: 'running' };
    expect(segmentsText(cellSegments([task, task], 5))).toBe('●●   ');
    expect(
      segmentsText(
        cellSegments(
          Array.from({ length: 9 }, () => task),
          5,
        ),
      ),
    ).toBe('●●●+6');
  });

  it('shortens a machine name to its first character and its end', () => {
    expect(abbreviate('manager12', 6)).toBe('m…er12');
    expect(abbreviate('worker1', 4)).toBe('w…r1');
    expect(abbreviate('db', 6)).toBe('db');
  });
});
