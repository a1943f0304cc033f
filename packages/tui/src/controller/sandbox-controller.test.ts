/**
 * The controller over a real Raft lab and a manual wall clock: nothing here waits for real time.
 * Each test is a user story of the clock (slices, speed, pause, step) or of time travel (the
 * snapshot ring, stepping back and forward, forking the timeline when acting in the past).
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createLabSession, type LabSession, labDriver } from './lab-driver.js';
import { type ControllerOptions, createSandboxController } from './sandbox-controller.js';
import { createManualWallClock, type WallClock } from './wall-clock.js';

function labController(overrides: Partial<ControllerOptions<LabSession>> = {}) {
  const created = createLabSession({ seed: 11, nodeCount: 3 });
  if (!created.ok) throw new Error(created.error);
  const wallClock = createManualWallClock();
  const controller = createSandboxController({
    driver: labDriver,
    world: created.session,
    wallClock,
    ...overrides,
  });
  return { controller, wallClock };
}

const nowMs = (controller: ReturnType<typeof labController>['controller']) =>
  controller.world().lab.world.nowMs;

/** Runs a line that answers synchronously (every line but save and load). */
function run(controller: ReturnType<typeof labController>['controller'], line: string) {
  const result = controller.runCommand(line);
  if (result instanceof Promise) throw new Error(`${line} answered asynchronously`);
  return result;
}

describe('the clock runs in slices of wall time × speed', () => {
  test('at 1× one wall second is one virtual second, slice by slice', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(99);
    expect(nowMs(controller)).toBe(99);
    wallClock.advance(901);
    // The last slice ran at 990 ms (every 33 ms); the next is due at 1023 ms.
    expect(nowMs(controller)).toBe(990);
    expect(controller.stats().slices).toBe(30);
  });

  test('speed scales it: 10× runs ten virtual ms per wall ms, 1/100× one per hundred', () => {
    const fast = labController({ speed: 10 });
    fast.controller.start();
    fast.wallClock.advance(330);
    expect(nowMs(fast.controller)).toBe(3_300);
    const slow = labController({ speed: 0.01 });
    slow.controller.start();
    slow.wallClock.advance(3_300);
    // Fractions of a virtual millisecond carry over from slice to slice.
    expect(nowMs(slow.controller)).toBe(33);
  });

  test('a slice never runs more than its bound of events: at 1000× the clock falls behind and drops the debt', () => {
    const { controller, wallClock } = labController({ speed: 1000, sliceStepsMax: 200, chunkStepsMax: 50 });
    controller.start();
    const stepsBefore = controller.world().lab.world.stats.steps;
    wallClock.advance(330);
    const stats = controller.stats();
    expect(stats.slices).toBe(10);
    expect(stats.behindSlices).toBe(10);
    // Each slice stopped near its bound (it finishes the millisecond it reached, a few events more).
    const perSlice = (controller.world().lab.world.stats.steps - stepsBefore) / stats.slices;
    expect(perSlice).toBeGreaterThanOrEqual(200);
    expect(perSlice).toBeLessThan(260);
    expect(nowMs(controller)).toBeLessThan(330_000 / 10);
  });

  test('a slice stops when its wall-time budget is spent, whatever is left to run', () => {
    const manual = createManualWallClock();
    // Every look at the clock costs 5 ms of wall time: a slow machine.
    let drift = 0;
    const slowClock: WallClock = {
      now: () => manual.now() + (drift += 5),
      schedule: (callback, delayMs) => manual.schedule(callback, delayMs),
    };
    const { controller } = labController({
      speed: 1000,
      wallClock: slowClock,
      sliceBudgetMs: 12,
      chunkStepsMax: 10,
    });
    controller.start();
    manual.advance(33);
    // One slice: chunks of 10 events until 12 ms had gone (three looks at 5 ms), far short of 33 virtual s.
    expect(controller.stats().slices).toBe(1);
    expect(controller.stats().steps).toBeLessThan(50);
    expect(controller.stats().behindSlices).toBe(1);
  });

  test('when drawing a frame keeps the event loop busy, slices space out so the loop is idle as long', () => {
    const manual = createManualWallClock();
    // Each view published is drawn after the slice, in 60 ms: the next timer fires that late.
    let drawnMs = 0;
    let toDrawMs = 0;
    const drawingClock: WallClock = {
      now: () => manual.now() + drawnMs,
      schedule: (callback, delayMs) =>
        manual.schedule(() => {
          drawnMs += toDrawMs;
          toDrawMs = 0;
          callback();
        }, delayMs),
    };
    const { controller } = labController({ wallClock: drawingClock });
    controller.subscribe(() => {
      toDrawMs = 60;
    });
    controller.start();
    manual.advance(3_000);
    // Idle time between slices: 90 slices of 33 ms without pacing (the loop drawing 60 ms after each,
    // never idle); with pacing each waits about as long as drawing took, 60 ms, so about 50.
    expect(controller.stats().slices).toBeLessThanOrEqual(56);
    expect(controller.stats().slices).toBeGreaterThanOrEqual(48);
  });

  test('paused, nothing runs and no slice is scheduled; resuming starts from the moment of resuming', () => {
    const { controller, wallClock } = labController({ paused: true });
    controller.start();
    wallClock.advance(1_000);
    expect(nowMs(controller)).toBe(0);
    expect(wallClock.pendingCount()).toBe(0);
    expect(run(controller, 'clock resume')).toMatchObject({ exitCode: 0, stdout: 'clock running at 1×\n' });
    wallClock.advance(66);
    expect(nowMs(controller)).toBe(66);
    expect(run(controller, 'clock pause').stdout).toBe('clock paused at 0.066s\n');
    wallClock.advance(1_000);
    expect(nowMs(controller)).toBe(66);
    expect(controller.getView().status.paused).toBe(true);
  });

  test('clock speed N sets the speed the status bar shows; out of range is refused as a usage error', () => {
    const { controller } = labController();
    expect(run(controller, 'clock speed 1/10').stdout).toBe('clock speed 1/10×\n');
    expect(controller.getView().status.speed).toBe(0.1);
    expect(run(controller, 'clock speed 1000x').exitCode).toBe(0);
    expect(run(controller, 'clock speed 5000')).toMatchObject({ exitCode: 2 });
    expect(run(controller, 'clock speed 0')).toMatchObject({ exitCode: 2 });
    expect(run(controller, 'clock faster')).toMatchObject({ exitCode: 2 });
    expect(controller.clock().speed).toBe(1000);
  });

  test('clock step runs exactly one event and leaves the clock paused', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(200);
    const before = controller.world().lab.world.stats.steps;
    expect(run(controller, 'clock step').stdout).toMatch(/^ran one event, at 0\.\d{3}s\n$/);
    expect(controller.world().lab.world.stats.steps).toBe(before + 1);
    expect(controller.clock().paused).toBe(true);
    wallClock.advance(500);
    expect(controller.world().lab.world.stats.steps).toBe(before + 1);
  });
});

describe('time travel: a bounded ring of snapshots', () => {
  test('while running, a snapshot is kept every second of wall time, and the ring keeps at most checkpointsMax', () => {
    const { controller, wallClock } = labController({ checkpointsMax: 4 });
    controller.start();
    wallClock.advance(2_100);
    expect(controller.timeline().checkpointCount).toBe(3);
    wallClock.advance(5_000);
    expect(controller.timeline().checkpointCount).toBe(4);
    expect(controller.timeline().oldestMs).toBeGreaterThan(0);
  });

  test('back restores the previous snapshot and pauses; forward returns to exactly the world that was left', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(1_500);
    const left = JSON.stringify(controller.world());
    const leftMs = nowMs(controller);
    expect(run(controller, 'clock back').stdout).toBe('back to 1.023s (snapshot 2 of 3)\n');
    expect(controller.clock().paused).toBe(true);
    expect(run(controller, 'clock back').stdout).toBe('back to 0.000s (snapshot 1 of 3)\n');
    expect(nowMs(controller)).toBe(0);
    expect(run(controller, 'clock back')).toMatchObject({ exitCode: 1 });
    run(controller, 'clock forward');
    expect(run(controller, 'clock forward').stdout).toMatch(/the newest snapshot: live again/);
    expect(nowMs(controller)).toBe(leftMs);
    expect(JSON.stringify(controller.world())).toBe(left);
    expect(controller.timeline().position).toBeNull();
  });

  test('running again from the past replays the same run: the world is deterministic', () => {
    const { controller, wallClock } = labController({ paused: true });
    run(controller, 'timeout n2');
    run(controller, 'clock resume');
    wallClock.advance(1_320);
    run(controller, 'clock pause');
    const first = JSON.stringify(controller.world().lab.world.trace.events);
    // Snapshots at 0 (before the timeout), 1.023s (a second of running) and 1.320s (kept on the way back).
    expect(run(controller, 'clock back').stdout).toBe('back to 1.023s (snapshot 2 of 3)\n');
    run(controller, 'clock resume');
    wallClock.advance(1_320 - nowMs(controller));
    run(controller, 'clock pause');
    expect(JSON.stringify(controller.world().lab.world.trace.events)).toBe(first);
  });

  test('acting in the past forks the timeline: the later snapshots are discarded and the act is kept', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(3_100);
    // Snapshots at 0, 1.023, 2.046 and 3.069s; the world is live at 3.069s.
    run(controller, 'clock back');
    run(controller, 'clock back');
    const pastMs = nowMs(controller);
    expect(pastMs).toBe(1_023);
    expect(controller.timeline()).toMatchObject({ checkpointCount: 4, position: 1 });
    const killed = run(controller, 'kill n1');
    expect(killed.exitCode).toBe(0);
    expect(killed.stdout).toMatch(/n1 crashed/);
    expect(killed.stdout).toMatch(
      /you acted in the past: the timeline forked at \d\.\d{3}s, 2 later snapshots discarded/,
    );
    expect(controller.timeline()).toMatchObject({ checkpointCount: 2, position: null, newestMs: pastMs });
    expect(controller.getView().machines.find((machine) => machine.name === 'n1')?.power).toBe('crashed');
    // The act can be undone in turn: one step back is the moment before it.
    run(controller, 'clock back');
    expect(controller.getView().machines.find((machine) => machine.name === 'n1')?.power).toBe('up');
  });

  test('a line that changes nothing (inspect, a usage error) neither keeps a snapshot nor forks', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(2_100);
    run(controller, 'clock back');
    const before = controller.timeline();
    expect(run(controller, 'inspect').exitCode).toBe(0);
    expect(run(controller, 'crash').exitCode).toBe(1);
    expect(controller.timeline()).toEqual(before);
    // A refused operation is still traced by the lab ("crash n9" failed): that is an act.
    expect(run(controller, 'crash n9').exitCode).toBe(1);
    expect(controller.timeline().position).toBeNull();
  });

  test('stepping one event in the past forks too, and back undoes the step', () => {
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(2_100);
    run(controller, 'clock back');
    run(controller, 'clock back');
    const pastSteps = controller.world().lab.world.stats.steps;
    expect(run(controller, 'clock step').stdout).toMatch(
      /timeline forked at 1\.023s: 2 later snapshots discarded/,
    );
    expect(controller.world().lab.world.stats.steps).toBe(pastSteps + 1);
    run(controller, 'clock back');
    expect(controller.world().lab.world.stats.steps).toBe(pastSteps);
  });
});

describe('the controller as the app sees it', () => {
  test('dispatch(action) does what typing its command does', () => {
    const { controller } = labController({ paused: true });
    expect(controller.dispatch({ type: 'kill', machine: 'n2' })).toMatchObject({ exitCode: 0 });
    expect(controller.dispatch({ type: 'unpause', machine: 'n2' })).toMatchObject({ exitCode: 1 });
    expect(controller.dispatch({ type: 'setSpeed', speed: 20 })).toMatchObject({ exitCode: 0 });
    expect(controller.getView().machines.find((machine) => machine.name === 'n2')?.power).toBe('crashed');
    expect(controller.getView().status.speed).toBe(20);
  });

  test('getView returns the same view until the world or the clock changes, and tells subscribers', () => {
    const { controller, wallClock } = labController();
    let calls = 0;
    const unsubscribe = controller.subscribe(() => calls++);
    const first = controller.getView();
    expect(controller.getView()).toBe(first);
    controller.start();
    wallClock.advance(33);
    expect(calls).toBe(1);
    expect(controller.getView()).not.toBe(first);
    unsubscribe();
    wallClock.advance(33);
    expect(calls).toBe(1);
  });

  test('quit stops the clock for good', () => {
    const { controller, wallClock } = labController();
    controller.start();
    controller.quit?.();
    wallClock.advance(1_000);
    expect(nowMs(controller)).toBe(0);
    expect(wallClock.pendingCount()).toBe(0);
  });

  test('completion offers the clock, the session and the lab commands with the node names', () => {
    const { controller } = labController();
    const candidates = controller.completionCandidates();
    expect(candidates.machines).toEqual(['n1', 'n2', 'n3']);
    const words = candidates.commands.map((command) => command.words.join(' '));
    expect(words).toEqual(
      expect.arrayContaining(['clock speed', 'save', 'load', 'propose', 'timeout', 'kill']),
    );
  });
});

describe('save and load keep a whole session', () => {
  test('a saved session loads back to the same world, and replays every line at its point', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'swarmsim-save-'));
    const file = join(directory, 'lab.json');
    const { controller, wallClock } = labController({ speed: 0.5 });
    controller.start();
    wallClock.advance(800);
    run(controller, 'clock step');
    run(controller, 'timeout n3');
    run(controller, 'propose n3 set x 1');
    run(controller, 'clock resume');
    wallClock.advance(700);
    const saved = await controller.runCommand(`save ${file}`);
    expect(saved.stdout).toMatch(/^saved the session to .*lab\.json/);
    expect(await readdir(directory)).toEqual(['lab.json']);
    const world = JSON.stringify(controller.world());

    const other = labController();
    const loaded = await other.controller.runCommand(`load ${file}`);
    expect(loaded).toMatchObject({ exitCode: 0 });
    expect(JSON.stringify(other.controller.world())).toBe(world);
    expect(other.controller.clock()).toEqual({ speed: 0.5, paused: true });
  });

  test('a bad file is refused with a clear error and the session is unchanged', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'swarmsim-load-'));
    const { controller, wallClock } = labController();
    controller.start();
    wallClock.advance(500);
    const before = JSON.stringify(controller.world());
    const cases: [string, RegExp][] = [
      ['{ not json', /not valid JSON/],
      [
        '{"format": "swarmsim-session", "version": 1}',
        /a "swarmsim-session" file; this session needs "format": "swarmsim-lab-session"/,
      ],
      [
        '{"format":"swarmsim-lab-session","version":1,"setup":{"seed":1},"inputs":[],"endMs":0,"endSteps":0,"clock":{"speed":1}}',
        /setup: nodeCount must be a number/,
      ],
    ];
    for (const [text, error] of cases) {
      const file = join(directory, 'bad.json');
      await writeFile(file, text);
      const result = await controller.runCommand(`load ${file}`);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(error);
      expect(result.stderr).toMatch(/the session is unchanged/);
    }
    const missing = await controller.runCommand(`load ${join(directory, 'nothing.json')}`);
    expect(missing.stderr).toMatch(/no such file/);
    expect(JSON.stringify(controller.world())).toBe(before);
  });

  test('a file whose inputs do not replay is refused', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'swarmsim-replay-'));
    const { controller } = labController();
    const file = join(directory, 'lab.json');
    await controller.runCommand(`save ${file}`);
    const text = (await readFile(file, 'utf8')).replace('"endSteps": 0', '"endSteps": 5000');
    await writeFile(file, text);
    const result = await controller.runCommand(`load ${file}`);
    expect(result.stderr).toMatch(/does not replay/);
  });
});
