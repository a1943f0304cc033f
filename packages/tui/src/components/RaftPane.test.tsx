import type { RaftMemberView } from '@swarmsim/swarm-sim';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { labView, logTail, partitionedView, swarmView } from '../app/fixtures.js';
import { segmentsText } from '../app/table.js';
import { plain } from '../app/terminal-harness.js';
import { logStrip, logWindow, RaftPane } from './RaftPane.js';

const [manager1, manager2, manager3] = swarmView.raft as [RaftMemberView, RaftMemberView, RaftMemberView];

function row(frame: string | undefined, name: string): string {
  return (
    plain(frame)
      .split('\n')
      .find((line) => line.startsWith(`  ${name}`) || line.startsWith(`› ${name}`)) ?? ''
  );
}

describe('raft pane: per manager, term, role, vote, commit index and the tail of its log', () => {
  const frame = render(
    <RaftPane members={swarmView.raft} leader="manager2" width={100} height={6} />,
  ).lastFrame();

  it('has a column for each of the paper’s fields and the log', () => {
    expect(plain(frame).split('\n')[1]).toMatch(
      /MEMBER\s+ROLE\s+TERM\s+VOTE\s+COMMIT\s+LAST\s+MATCH\s+NEXT\s+LOG from #1/,
    );
  });

  it('shows each member’s role, term, vote and commit index', () => {
    expect(row(frame, 'manager2')).toMatch(/manager2\s+leader\s+2\s+manager2\s+9\s+11\s+—\s+—/);
    expect(row(frame, 'manager1')).toMatch(/manager1\s+follower\s+2\s+—\s+9\s+9/);
  });

  it("shows the leader's view of each follower's match and next index (§5.3)", () => {
    expect(row(frame, 'manager1')).toMatch(/follower\s+2\s+—\s+9\s+9\s+9\s+10/);
    expect(row(frame, 'manager3')).toMatch(/follower\s+2\s+manager2\s+9\s+11\s+9\s+12/);
  });

  it('marks the commit point with │ and leaves uncommitted entries visible after it', () => {
    expect(row(frame, 'manager2').endsWith('1 1 1 1 1 1 2 2 2│2 2')).toBe(true);
    expect(row(frame, 'manager1').endsWith('1 1 1 1 1 1 2 2 2│')).toBe(true);
  });
});

describe('raft pane: log strips aligned by index (RaftScope’s log grid)', () => {
  it('draws one cell per index from the window start, blank past a member’s last entry', () => {
    const window = { startIndex: 1, endIndex: 11 };
    expect(segmentsText(logStrip(manager2, window, 2))).toBe(' 1 1 1 1 1 1 2 2 2│2 2 ');
    expect(segmentsText(logStrip(manager1, window, 2))).toBe(' 1 1 1 1 1 1 2 2 2│    ');
  });

  it('marks entries the view omitted with ·, and a window that starts late with …', () => {
    const tailOnly = { ...manager3, logTail: manager3.logTail.slice(-2) };
    expect(segmentsText(logStrip(tailOnly, { startIndex: 7, endIndex: 11 }, 2))).toBe('…· · ·│2 2 ');
  });

  it('puts the commit marker first when every shown entry is uncommitted', () => {
    const member = { ...manager2, commitIndex: 6 };
    expect(segmentsText(logStrip(member, { startIndex: 7, endIndex: 11 }, 2)).startsWith('│')).toBe(true);
  });

  it('shows the newest indexes that fit', () => {
    expect(logWindow(swarmView.raft, 4)).toEqual({ startIndex: 8, endIndex: 11 });
    expect(logWindow([], 4)).toEqual({ startIndex: 1, endIndex: 0 });
  });

  it('widens cells for two-digit terms', () => {
    const entries = [
      { index: 1, term: 9, kind: 'noop' as const, label: 'no-op' },
      { index: 2, term: 12, kind: 'noop' as const, label: 'no-op' },
    ];
    const member = { ...manager1, term: 12, lastIndex: 2, commitIndex: 2, logTail: logTail(entries, 2, 2) };
    const frame = render(<RaftPane members={[member]} leader={null} width={80} height={3} />).lastFrame();
    expect(row(frame, 'manager1').endsWith('  9 12│')).toBe(true);
  });
});

describe('raft pane: more log with more room', () => {
  it("lists the leader's entries with labels, the uncommitted ones flagged", () => {
    const frame = plain(
      render(<RaftPane members={swarmView.raft} leader="manager2" width={100} height={12} />).lastFrame(),
    );
    expect(frame).toContain("manager2's log, newest last:");
    expect(frame).toMatch(/#11\s+t2\s+command\s+create task api\.3\s+\(not committed\)/);
    expect(frame).toMatch(/#9\s+t2\s+command\s+update node manager1: Ready\n/);
  });

  it('lists the selected member instead of the leader', () => {
    const frame = plain(
      render(
        <RaftPane members={swarmView.raft} leader="manager2" width={100} height={12} selected="manager1" />,
      ).lastFrame(),
    );
    expect(frame).toContain("manager1's log, newest last:");
    expect(frame).not.toContain('#11');
  });
});

describe('raft pane: short of rows', () => {
  it('keeps the leader in view, or the selected member', () => {
    const leaderOnly = plain(
      render(<RaftPane members={swarmView.raft} leader="manager2" width={100} height={3} />).lastFrame(),
    );
    expect(leaderOnly.split('\n')[2]).toMatch(/^ {2}manager2\s+leader/);
    const selected = plain(
      render(
        <RaftPane members={swarmView.raft} leader="manager2" width={100} height={3} selected="manager3" />,
      ).lastFrame(),
    );
    expect(selected.split('\n')[2]).toMatch(/^› manager3\s+follower/);
  });
});

describe('raft pane: trouble', () => {
  it('shows a crashed member as down and no leader during a split vote', () => {
    const down = swarmView.raft.map((member) =>
      member.name === 'manager3' ? { ...member, up: false } : member,
    );
    expect(
      row(
        render(<RaftPane members={down} leader="manager2" width={100} height={6} />).lastFrame(),
        'manager3',
      ),
    ).toContain('follower (down)');
    const lab = plain(
      render(<RaftPane members={labView.raft} leader={null} width={100} height={8} />).lastFrame(),
    );
    expect(lab.split('\n')[0]).toContain('no leader');
    expect(lab).toMatch(/n2\s+candidate\s+3\s+n2/);
  });

  it('leaves MATCH empty when there is no leader to know it', () => {
    const frame = render(
      <RaftPane members={partitionedView.raft} leader={null} width={100} height={6} />,
    ).lastFrame();
    expect(row(frame, 'manager3')).toMatch(/manager3\s+follower\s+2\s+manager2\s+9\s+11\s{2,}/);
  });
});
