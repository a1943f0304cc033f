import { describe, expect, it } from 'vitest';
import { createFakeController } from './fake-controller.js';
import { largeSwarmView, lessonView, swarmView } from './fixtures.js';
import { Sandbox } from './Sandbox.js';
import { renderInTerminal, settle } from './terminal-harness.js';

function show(view = swarmView, size = { columns: 80, rows: 24 }) {
  const controller = createFakeController(view);
  return renderInTerminal(<Sandbox view={view} controller={controller} onQuit={() => {}} />, size);
}

function eventLines(frame: string): number {
  return frame.split('\n').filter((line) => /event number \d+/.test(line)).length;
}

describe('layout: 80×24', () => {
  it('fits the terminal: at most 23 rows (ink needs the last) of at most 80 columns', async () => {
    const terminal = show();
    await settle();
    const lines = terminal.lastFrame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    terminal.unmount();
  });

  it('shows every machine, every manager, every service and the newest events', async () => {
    const terminal = show();
    await settle();
    const frame = terminal.lastFrame();
    for (const name of ['manager1', 'manager2', 'manager3', 'worker1', 'worker2']) {
      expect(frame).toMatch(new RegExp(`^. ${name} `, 'm'));
    }
    expect(frame).toMatch(/^ {2}manager3\s+follower\s+2/m);
    expect(frame).toMatch(/^ {2}web\s+4\/4/m);
    expect(frame).toContain('api.3 is pending');
    terminal.unmount();
  });
});

describe('layout: 160×48 uses the room', () => {
  it('puts the events beside the machines and shows more of everything', async () => {
    const small = show(largeSwarmView(), { columns: 80, rows: 24 });
    const large = show(largeSwarmView(), { columns: 160, rows: 48 });
    await settle();
    const lines = large.lastFrame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(47);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(160);
    expect(lines[1]).toMatch(/━━ Machines ━+ ── Events ─+/);
    expect(eventLines(large.lastFrame())).toBeGreaterThan(3 * eventLines(small.lastFrame()));
    expect(large.lastFrame()).toContain("manager1's log, newest last:");
    expect(small.lastFrame()).not.toContain("manager1's log");
    small.unmount();
    large.unmount();
  });

  it('shows more machine columns in a wider terminal', async () => {
    const narrow = show(swarmView, { columns: 80, rows: 24 });
    const wide = show(swarmView, { columns: 200, rows: 48 });
    await settle();
    expect(narrow.lastFrame()).not.toContain('192.168.99.100');
    expect(wide.lastFrame()).toContain('192.168.99.100');
    narrow.unmount();
    wide.unmount();
  });

  it('puts a lesson checklist above the events', async () => {
    const terminal = show(lessonView, { columns: 160, rows: 48 });
    await settle();
    const lines = terminal.lastFrame().split('\n');
    const goals = lines.findIndex((line) => line.includes('── Goals'));
    const events = lines.findIndex((line) => line.includes('── Events'));
    expect(goals).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(goals);
    terminal.unmount();
  });
});

describe('layout: redraws on resize', () => {
  it('switches between one and two columns as the terminal changes size', async () => {
    const terminal = show(largeSwarmView(), { columns: 80, rows: 24 });
    await settle();
    expect(terminal.lastFrame().split('\n').length).toBeLessThanOrEqual(23);
    terminal.resize(160, 48);
    await expect.poll(() => terminal.lastFrame().split('\n')[1]).toMatch(/Machines.*Events/);
    expect(terminal.lastFrame().split('\n').length).toBeLessThanOrEqual(47);
    terminal.resize(80, 24);
    await expect.poll(() => terminal.lastFrame().split('\n').length).toBeLessThanOrEqual(23);
    expect(
      Math.max(
        ...terminal
          .lastFrame()
          .split('\n')
          .map((line) => line.length),
      ),
    ).toBeLessThanOrEqual(80);
    terminal.unmount();
  });
});
