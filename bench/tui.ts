/**
 * The terminal app's frame: how long the simulation takes to derive a view (`sandboxView`) and
 * ink takes to draw it, for a 5m5w swarm running a 50-task service, and for a 2,000-machine
 * swarm whose panes show what fits and scroll. Target: a frame under 16 ms for the first (60
 * frames a second; the app draws at most 30).
 *
 * The 5m5w swarm is real: the preset is formed through the model, `docker service create
 * --replicas 50` runs through the shell, and the clock runs until the 50 tasks run. Views are
 * taken 100 ms of virtual time apart, so consecutive frames differ as they do on screen. The
 * kernel holds at most 1,024 hosts, so the 2,000-machine view is built directly, in the shape
 * `sandboxView` gives (5 managers, 1,995 workers, 20 services of 100 tasks, 500 events).
 *
 * Frames are drawn by ink into an in-memory terminal (debug mode: every render is written,
 * none throttled), after a warm-up; the median and the 95th percentile of the wall time of one
 * `rerender` are reported, and the median CPU time (what a busy machine inflates least). The app
 * is imported from the built package (`npm run build`).
 */
import {
  createSandbox,
  runFor,
  runLine,
  type Sandbox,
  type SandboxView,
  sandboxView,
  swarmRuntime,
} from '@swarmsim/swarm-sim';
import { render } from 'ink';
import { createElement } from 'react';
import { createFakeController } from '../packages/tui/dist/app/fake-controller.js';
import { Sandbox as SandboxApp } from '../packages/tui/dist/app/Sandbox.js';
import { FakeStdin, FakeStdout } from '../packages/tui/dist/app/terminal-harness.js';
import { type BenchFigure, type BenchSection, roundRate, wallMs } from './types.js';

interface Size {
  readonly columns: number;
  readonly rows: number;
}

const small: Size = { columns: 80, rows: 24 };
const large: Size = { columns: 160, rows: 48 };

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

interface FrameTimes {
  /** Wall milliseconds per frame, sorted. */
  readonly wall: number[];
  /** CPU milliseconds per frame (all of the process's threads), sorted: less sensitive to a busy machine. */
  readonly cpu: number[];
}

function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Wall and CPU milliseconds of each of `frames` renders of `views` (in turn) at `size`, after a warm-up. */
function renderTimes(views: readonly SandboxView[], size: Size, frames: number): FrameTimes {
  const first = views[0] as SandboxView;
  const stdout = new FakeStdout(size.columns, size.rows);
  const controller = createFakeController(first);
  const element = (view: SandboxView) => createElement(SandboxApp, { view, controller });
  const instance = render(element(first), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let frame = -20; frame < frames; frame++) {
    const view = views[(frame + views.length * 100) % views.length] as SandboxView;
    const written = stdout.frames.length;
    let elapsedMs = 0;
    const usedMs = cpuMs(() => {
      elapsedMs = wallMs(() => instance.rerender(element(view)));
    });
    if (stdout.frames.length === written)
      throw new Error('a rerender wrote no frame: the timing would be empty');
    if (frame >= 0) {
      wall.push(elapsedMs);
      cpu.push(usedMs);
    }
  }
  instance.unmount();
  instance.cleanup();
  const sorted = (values: number[]) => values.sort((left, right) => left - right);
  return { wall: sorted(wall), cpu: sorted(cpu) };
}

function frameFigures(times: FrameTimes, size: Size): BenchFigure[] {
  const label = `${size.columns}x${size.rows}`;
  return [
    {
      name: `render${label}MedianMs`,
      value: roundRate(percentile(times.wall, 0.5)),
      unit: `ms per frame at ${label}`,
    },
    {
      name: `render${label}P95Ms`,
      value: roundRate(percentile(times.wall, 0.95)),
      unit: 'ms, 95th percentile',
    },
    {
      name: `render${label}CpuMedianMs`,
      value: roundRate(percentile(times.cpu, 0.5)),
      unit: 'ms of CPU per frame',
    },
  ];
}

// ——— 5m5w with 50 tasks ———

function swarmWithService(): Sandbox {
  const created = createSandbox({ seed: 1, preset: '5m5w' });
  if (!created.ok) throw new Error(created.error);
  const sandbox = created.value;
  const made = runLine(sandbox, 'docker service create --name web --replicas 50 nginx');
  if (made.exitCode !== 0) throw new Error(`service create failed: ${made.stderr}`);
  for (let second = 0; second < 300; second++) {
    const web = sandboxView(sandbox).services.find((service) => service.name === 'web');
    if (web !== undefined && web.runningCount === 50) return sandbox;
    runFor(sandbox.world, swarmRuntime, 1000);
  }
  throw new Error('the 50 tasks did not all run within 300 s of virtual time');
}

function swarmFigures(quick: boolean): BenchFigure[] {
  const sandbox = swarmWithService();
  const viewCount = quick ? 10 : 40;
  const views: SandboxView[] = [];
  const viewTimes: number[] = [];
  for (let index = 0; index < viewCount; index++) {
    runFor(sandbox.world, swarmRuntime, 100);
    viewTimes.push(wallMs(() => views.push(sandboxView(sandbox))));
  }
  viewTimes.sort((left, right) => left - right);
  const frames = quick ? 50 : 300;
  const smallTimes = renderTimes(views, small, frames);
  const largeTimes = renderTimes(views, large, frames);
  const viewMs = percentile(viewTimes, 0.5);
  const snapshotMs = wallMs(() => structuredClone(sandbox));
  const tasks = views.at(-1)?.services.reduce((total, service) => total + service.tasks.length, 0) ?? 0;
  return [
    { name: 'tasksShown', value: tasks, unit: 'tasks in the view' },
    { name: 'viewMedianMs', value: roundRate(viewMs), unit: 'ms to derive a view (sandboxView)' },
    ...frameFigures(smallTimes, small),
    ...frameFigures(largeTimes, large),
    {
      name: 'frame80x24MedianMs',
      value: roundRate(viewMs + percentile(smallTimes.wall, 0.5)),
      unit: 'ms: view + render at 80x24 (target < 16)',
    },
    {
      name: 'frame160x48MedianMs',
      value: roundRate(viewMs + percentile(largeTimes.wall, 0.5)),
      unit: 'ms: view + render at 160x48 (target < 16)',
    },
    { name: 'snapshotMs', value: roundRate(snapshotMs), unit: 'ms to keep a snapshot (time travel)' },
  ];
}

// ——— 2,000 machines ———

const managerCount = 5;
const machineCount = 2_000;

function largeView(variant: number): SandboxView {
  const names = Array.from({ length: machineCount }, (_, index) =>
    index < managerCount
      ? `manager${index + 1}`
      : `worker${String(index - managerCount + 1).padStart(4, '0')}`,
  ).sort();
  const machines = names.map((name, index): SandboxView['machines'][number] => {
    const manager = name.startsWith('manager');
    return {
      name,
      ip: `10.${index >> 8}.${index & 0xff}.1`,
      power: index % 97 === variant % 97 ? 'crashed' : 'up',
      disconnected: false,
      partitionSide: null,
      swarmRole: manager ? 'manager' : 'worker',
      raftRole: manager ? (name === 'manager1' ? 'leader' : 'follower') : null,
      raftTerm: manager ? 3 : null,
      nodeStatus: index % 97 === variant % 97 ? 'Down' : 'Ready',
      availability: 'Active',
      managerStatus: manager ? (name === 'manager1' ? 'Leader' : 'Reachable') : null,
      runningTaskCount: 1,
    };
  });
  const lastIndex = 400 + variant;
  const raft = names.slice(0, managerCount).map((name, index): SandboxView['raft'][number] => ({
    name,
    up: true,
    term: 3,
    role: index === 0 ? 'leader' : 'follower',
    votedFor: 'manager1',
    commitIndex: lastIndex - 1,
    lastIndex,
    logTail: Array.from({ length: 20 }, (_, offset) => {
      const entryIndex = lastIndex - 19 + offset;
      return {
        index: entryIndex,
        term: 3,
        kind: 'command',
        label: `update task web.${entryIndex % 100}`,
        committed: entryIndex < lastIndex,
      };
    }),
    progress:
      index === 0
        ? names
            .slice(1, managerCount)
            .map((follower) => ({ name: follower, matchIndex: lastIndex - 1, nextIndex: lastIndex }))
        : [],
  }));
  const services = Array.from({ length: 20 }, (_, service): SandboxView['services'][number] => ({
    name: `service${String(service + 1).padStart(2, '0')}`,
    mode: 'replicated',
    image: 'nginx:latest',
    runningCount: 100,
    desiredCount: 100,
    tasks: Array.from({ length: 100 }, (_, slot) => ({
      name: `service${String(service + 1).padStart(2, '0')}.${slot + 1}`,
      machine: names[(service * 100 + slot + variant) % machineCount] as string,
      state: 'running',
      desiredState: 'running',
    })),
  }));
  const events = Array.from({ length: 500 }, (_, index): SandboxView['events'][number] => ({
    id: variant * 1000 + index + 1,
    atMs: 60_000 + variant * 100 + index,
    kind: index % 3 === 0 ? 'task' : 'swarm',
    machine: names[index % machineCount] as string,
    text: `task service${String((index % 20) + 1).padStart(2, '0')}.${(index % 100) + 1} is running`,
    causeId: index === 0 ? null : variant * 1000 + index,
  }));
  return {
    status: {
      atMs: 60_000 + variant * 100,
      speed: 1,
      paused: false,
      seed: 1,
      leader: 'manager1',
      quorum: { up: managerCount, total: managerCount, ok: true },
      mode: 'swarm',
      shellMachine: 'manager1',
    },
    machines,
    raft,
    services,
    events,
  };
}

function largeFigures(quick: boolean): BenchFigure[] {
  const views = Array.from({ length: 10 }, (_, variant) => largeView(variant));
  const frames = quick ? 30 : 150;
  return [
    { name: 'machines', value: machineCount, unit: 'machines in the view' },
    ...frameFigures(renderTimes(views, small, frames), small),
    ...frameFigures(renderTimes(views, large, frames), large),
  ];
}

export const tuiSwarmSection: BenchSection = {
  name: 'tui5m5w',
  title: 'TUI frame: 5m5w swarm, 50 tasks',
  setup:
    'preset 5m5w, `docker service create --replicas 50`, views 100 ms of virtual time apart; ink draws each into an in-memory terminal',
  run: ({ quick }) => swarmFigures(quick),
};

export const tuiLargeSection: BenchSection = {
  name: 'tui2000',
  title: 'TUI frame: 2,000 machines',
  setup:
    '5 managers + 1,995 workers, 20 services × 100 tasks, 500 events (a view built directly: the kernel holds at most 1,024 hosts); panes show what fits',
  run: ({ quick }) => largeFigures(quick),
};
