import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { lessonView, partitionedView, swarmView } from '../app/fixtures.js';
import { plain } from '../app/terminal-harness.js';
import { StatusBar } from './StatusBar.js';

describe('status bar: time, speed, paused or running, seed, leader, quorum', () => {
  it('shows a running swarm with its leader and a healthy quorum', () => {
    const { lastFrame } = render(<StatusBar status={swarmView.status} width={100} />);
    expect(plain(lastFrame())).toBe(
      ' 42.317s  ▶ running 1×  seed 1337  leader manager2  quorum 3/3 ok  swarm',
    );
  });

  it('shows a paused, slowed run that has lost its leader and quorum', () => {
    const frame = plain(render(<StatusBar status={partitionedView.status} width={100} />).lastFrame());
    expect(frame).toContain('‖ paused 1/10×');
    expect(frame).toContain('leader none');
    expect(frame).toContain('quorum 1/3 LOST');
  });

  it('names the lesson being played in place of the mode', () => {
    const frame = plain(render(<StatusBar status={lessonView.status} width={100} />).lastFrame());
    expect(frame.endsWith('quorum 3/3 ok  Lose and regain manager quorum')).toBe(true);
  });

  it('shows no quorum before a swarm exists, and cuts the line to the width', () => {
    const empty = { ...swarmView.status, leader: null, quorum: { up: 0, total: 0, ok: false } };
    const frame = plain(render(<StatusBar status={empty} width={60} />).lastFrame());
    expect(frame).toContain('quorum —');
    expect(frame.length).toBeLessThanOrEqual(60);
  });
});
