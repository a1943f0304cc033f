import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { swarmView } from '../app/fixtures.js';
import { plain } from '../app/terminal-harness.js';
import { EventsPane } from './EventsPane.js';

function lines(frame: string | undefined): string[] {
  return plain(frame).split('\n');
}

describe('events pane: the trace in plain words', () => {
  it('shows the newest events at the bottom, with time, kind and machine', () => {
    const frame = render(<EventsPane events={swarmView.events} width={100} height={4} />).lastFrame();
    expect(lines(frame)).toHaveLength(4);
    expect(lines(frame)[1]).toMatch(/30\.850s\s+raft\s+manager1\s+manager1 learned term 2 from manager2/);
    expect(lines(frame)[3]).toMatch(/42\.300s\s+task\s+api\.3 is pending: waiting for the scheduler/);
  });

  it('shows more of the trace in a taller pane', () => {
    const frame = render(<EventsPane events={swarmView.events} width={100} height={19} />).lastFrame();
    expect(lines(frame)[1]).toContain('docker swarm init');
    expect(lines(frame)).toHaveLength(19);
  });
});

describe('events pane: filterable by kind and machine', () => {
  it('keeps matching events and says how many of how many', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={8} filter="kind=fault" />,
    ).lastFrame();
    expect(lines(frame)[0]).toContain('/kind=fault · 2 of 18');
    expect(lines(frame).slice(1, 3)).toEqual([
      expect.stringMatching(/20\.000s\s+fault\s+manager1\s+kill manager1/),
      expect.stringMatching(/30\.000s\s+fault\s+manager1\s+restart manager1/),
    ]);
  });

  it('filters by machine and words together', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={8} filter="machine=manager2 leader" />,
    ).lastFrame();
    expect(plain(frame)).toContain('manager2 became leader for term 2');
    expect(plain(frame)).not.toContain('candidate');
  });

  it('says when nothing matches', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={5} filter="m=worker9" />,
    ).lastFrame();
    expect(plain(frame)).toContain('no event matches the filter');
  });
});

describe('events pane: selecting an event shows why it happened', () => {
  it('walks from the new leader back through the election to the kill', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={20} selectedId={13} focused />,
    ).lastFrame();
    const text = lines(frame);
    expect(text.find((line) => line.startsWith('› '))).toContain('manager2 became leader for term 2');
    const why = text.findIndex((line) => line.startsWith('  why #13'));
    expect(text.slice(why)).toEqual([
      expect.stringContaining('why #13 21.540s manager2: manager2 became leader for term 2'),
      expect.stringContaining('← because #12 21.538s manager3: manager3 voted for manager2 in term 2'),
      expect.stringContaining('← because #11 21.534s manager2: manager2 became candidate for term 2'),
      expect.stringContaining('← because #10 21.534s manager2: manager2 heard no heartbeat'),
      expect.stringContaining('← because #9 20.000s manager1: kill manager1'),
    ]);
  });

  it('calls a fault a root cause', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={10} selectedId={9} />,
    ).lastFrame();
    expect(plain(frame)).toContain('a root cause: a command, a fault or a timer');
  });

  it('says when the cause is older than the events kept', () => {
    const recent = swarmView.events.filter((event) => event.id >= 12);
    const frame = render(<EventsPane events={recent} width={100} height={12} selectedId={13} />).lastFrame();
    expect(plain(frame)).toContain('← because #11, older than the events kept');
  });

  it('keeps the selected event in view however old it is', () => {
    const frame = render(
      <EventsPane events={swarmView.events} width={100} height={8} selectedId={2} />,
    ).lastFrame();
    expect(
      lines(frame).some((line) => line.startsWith('› ') && line.includes('became leader for term 1')),
    ).toBe(true);
    expect(lines(frame)).toHaveLength(8);
  });
});
