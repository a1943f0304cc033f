import type { MachineView } from '@swarmsim/swarm-sim';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { labView, partitionedView, swarmView } from '../app/fixtures.js';
import { plain } from '../app/terminal-harness.js';
import { MachinesPane } from './MachinesPane.js';

function lines(frame: string | undefined): string[] {
  return plain(frame).split('\n');
}

function row(frame: string | undefined, name: string): string {
  return lines(frame).find((line) => line.slice(2).startsWith(`${name} `)) ?? '';
}

describe('machines pane: one row per machine, like docker node ls plus what the sandbox knows', () => {
  const { lastFrame } = render(<MachinesPane machines={swarmView.machines} width={100} height={8} />);

  it("has docker node ls's columns and the sandbox's own", () => {
    const header = lines(lastFrame())[1] ?? '';
    expect(header).toMatch(
      /MACHINE\s+IP\s+STATE\s+NET\s+ROLE\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS\s+TASKS/,
    );
  });

  it('shows each machine with its Raft role and term, node status and manager status', () => {
    expect(row(lastFrame(), 'manager2')).toMatch(
      /manager2\s+192\.168\.99\.101\s+up\s+—\s+leader t2\s+Ready\s+Active\s+Leader\s+1/,
    );
    expect(row(lastFrame(), 'manager1')).toMatch(/follower t2\s+Ready\s+Active\s+Reachable/);
    expect(row(lastFrame(), 'worker1')).toMatch(
      /worker1\s+192\.168\.99\.103\s+up\s+—\s+worker\s+Ready\s+Active\s+2$/,
    );
  });

  it('shows crashed machines, partition sides and cut links', () => {
    const frame = render(
      <MachinesPane machines={partitionedView.machines} width={100} height={8} />,
    ).lastFrame();
    expect(row(frame, 'manager3')).toMatch(/crashed\s+—\s+follower t2\s+Down\s+Active\s+Unreachable/);
    expect(row(frame, 'manager1')).toMatch(/up\s+A\s+/);
    expect(row(frame, 'manager2')).toMatch(/up\s+B\s+/);
    expect(row(frame, 'worker2')).toMatch(/up\s+cut\s+worker\s+Unknown/);
  });

  it('drops the least important columns first in a narrow pane', () => {
    const frame = render(<MachinesPane machines={swarmView.machines} width={50} height={8} />).lastFrame();
    const header = lines(frame)[1] ?? '';
    expect(header).toMatch(/MACHINE\s+STATE\s+ROLE/);
    expect(header).not.toContain('IP');
    expect(header).not.toContain('TASKS');
    expect(lines(frame).every((line) => line.length <= 50)).toBe(true);
  });

  it('marks the selected machine with › and marked ones with *', () => {
    const frame = render(
      <MachinesPane
        machines={swarmView.machines}
        width={100}
        height={8}
        selected="worker1"
        marked={['manager1', 'worker1']}
      />,
    ).lastFrame();
    expect(row(frame, 'worker1').startsWith('›*worker1')).toBe(true);
    expect(row(frame, 'manager1').startsWith(' *manager1')).toBe(true);
    expect(row(frame, 'manager2').startsWith('  manager2')).toBe(true);
  });

  it('scrolls to keep the selected machine in view and says which rows show', () => {
    const many: MachineView[] = Array.from({ length: 9 }, (_, index) => ({
      ...(swarmView.machines[3] as MachineView),
      name: `worker${index + 1}`,
    }));
    const frame = render(
      <MachinesPane machines={many} width={80} height={5} selected="worker9" />,
    ).lastFrame();
    expect(lines(frame)).toHaveLength(5);
    expect(lines(frame)[0]).toContain('7-9 of 9');
    expect(plain(frame)).toContain('worker9');
    expect(plain(frame)).not.toContain('worker1 ');
  });

  it('says so when there are no machines', () => {
    expect(plain(render(<MachinesPane machines={[]} width={60} height={4} />).lastFrame())).toContain(
      'no machines yet',
    );
  });

  it('in the Raft lab shows power and Raft role, not the columns only a swarm fills', () => {
    const machines = labView.machines.map(
      (machine): MachineView => (machine.name === 'n5' ? { ...machine, power: 'paused' } : machine),
    );
    const frame = render(<MachinesPane machines={machines} width={120} height={8} mode="lab" />).lastFrame();
    const header = lines(frame)[1] ?? '';
    expect(header).toMatch(/MACHINE\s+IP\s+STATE\s+NET\s+ROLE$/);
    for (const column of ['STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'TASKS']) {
      expect(header).not.toContain(column);
    }
    expect(row(frame, 'n2')).toMatch(/n2\s+10\.0\.0\.2\s+up\s+—\s+candidate t3$/);
    expect(row(frame, 'n5')).toMatch(/n5\s+10\.0\.0\.5\s+paused\s+—\s+follower t2$/);
  });
});
