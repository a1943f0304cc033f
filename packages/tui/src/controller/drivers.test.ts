/**
 * The worlds the app opens, each under the controller and a manual wall clock: a swarm sandbox,
 * a scenario played as a demo (paced by the clock, judged by swarm-sim's runner), and a lesson
 * whose goals tick as the student reaches them.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario } from '@swarmsim/swarm-sim';
import { describe, expect, test } from 'vitest';
import type { CommandResult } from '../app/controller.js';
import { createLessonPlay, lessonDriver } from './lesson-driver.js';
import { createSandboxController, type RunningSandbox } from './sandbox-controller.js';
import { createScenarioPlay, scenarioDriver } from './scenario-driver.js';
import { createSwarmSession, swarmDriver } from './swarm-driver.js';
import { createManualWallClock } from './wall-clock.js';

const examples = new URL('../../../../examples/', import.meta.url);
const example = (path: string) => ({ text: readFileSync(new URL(path, examples), 'utf8'), file: path });

function run<World>(controller: RunningSandbox<World>, line: string): CommandResult {
  const result = controller.runCommand(line);
  if (result instanceof Promise) throw new Error(`${line} answered asynchronously`);
  return result;
}

describe('the swarm sandbox', () => {
  test('docker swarm init at the prompt makes the machine the leader the status bar names', () => {
    const created = createSwarmSession(1, 'empty');
    if (!created.ok) throw new Error(created.error);
    const controller = createSandboxController({ driver: swarmDriver, world: created.session, paused: true });
    expect(controller.getView().status).toMatchObject({ mode: 'swarm', leader: null, shellMachine: 'node1' });
    const result = run(controller, 'docker swarm init');
    expect(result.stdout).toMatch(/^Swarm initialized: current node \(\w+\) is now a manager\./);
    const view = controller.getView();
    expect(view.status.leader).toBe('node1');
    expect(view.machines.find((machine) => machine.name === 'node1')).toMatchObject({
      managerStatus: 'Leader',
      raftRole: 'leader',
    });
  });

  test('the prompt completes docker commands, sandbox commands, machines and flags', () => {
    const created = createSwarmSession(1, 'tutorial');
    if (!created.ok) throw new Error(created.error);
    const candidates = swarmDriver.completion(created.session);
    const words = candidates.commands.map((command) => command.words.join(' '));
    expect(words).toEqual(
      expect.arrayContaining([
        'docker swarm init',
        'docker node ls',
        'docker node list',
        'kill',
        'partition',
      ]),
    );
    expect(
      candidates.commands.find((command) => command.words.join(' ') === 'docker node update')?.argument,
    ).toBe('machine');
    expect(
      candidates.commands.find((command) => command.words.join(' ') === 'docker swarm init')?.flags,
    ).toContain('--advertise-addr');
    expect(candidates.machines).toEqual(['manager1', 'worker1', 'worker2']);
  });

  test('a saved swarm session loads back to the same world, with the files its lines read', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'swarmsim-swarm-'));
    const compose = join(directory, 'web.yml');
    await writeFile(compose, 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n');
    const created = createSwarmSession(5, 'tutorial');
    if (!created.ok) throw new Error(created.error);
    const wallClock = createManualWallClock();
    const controller = createSandboxController({ driver: swarmDriver, world: created.session, wallClock });
    controller.start();
    wallClock.advance(500);
    run(controller, 'docker swarm init --advertise-addr 192.168.99.100');
    expect(run(controller, `docker stack deploy -c ${compose} shop`)).toMatchObject({ exitCode: 0 });
    wallClock.advance(2_000);
    run(controller, 'kill worker2');
    run(controller, 'clock step');
    const file = join(directory, 'swarm.json');
    expect((await controller.runCommand(`save ${file}`)).exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toMatch(/"format": "swarmsim-swarm-session"/);
    // The compose file changes after the save: the session replays what it said then.
    await writeFile(compose, 'not: [a compose file');

    const other = createSwarmSession(9, 'empty');
    if (!other.ok) throw new Error(other.error);
    const loader = createSandboxController({ driver: swarmDriver, world: other.session, paused: true });
    expect((await loader.runCommand(`load ${file}`)).exitCode).toBe(0);
    expect(JSON.stringify(loader.world())).toBe(JSON.stringify(controller.world()));
  });
});

describe('a scenario played as a demo', () => {
  test('the steps tick off as the clock reaches them, and the runner’s verdict is the same as headless', () => {
    const { text, file } = example('scenarios/lab-leader-failure.yaml');
    const created = createScenarioPlay(text, file, null);
    if (!created.ok) throw new Error(created.error);
    const wallClock = createManualWallClock();
    const controller = createSandboxController({ driver: scenarioDriver, world: created.play, wallClock });
    controller.start();
    const goals = () => controller.getView().goals ?? [];
    expect(goals().every((goal) => !goal.met)).toBe(true);
    wallClock.advance(150);
    // A fraction of a second in: the election has not finished, the first expectation is pending.
    expect(goals().filter((goal) => goal.met).length).toBeLessThan(goals().length);
    wallClock.advance(10_000);
    expect(goals().every((goal) => goal.met)).toBe(true);
    expect(controller.getView().status.scenarioTitle).toMatch(/: passed$/);

    const parsed = scenario.parseScenarioFile(text, file);
    if (!parsed.ok) throw new Error('the example parses');
    const headless = scenario.runScenario(parsed.scenario, { traceLevel: 'full' });
    if ('error' in headless) throw new Error(headless.error);
    const played = controller.world().run.steps;
    expect(played.map((step) => [step.outcome, step.endMs])).toEqual(
      headless.steps.map((step) => [step.outcome, step.endMs]),
    );
  });

  test('a scenario demo is not saved: it says how to replay it', async () => {
    const { text, file } = example('scenarios/lab-leader-failure.yaml');
    const created = createScenarioPlay(text, file, 4);
    if (!created.ok) throw new Error(created.error);
    const controller = createSandboxController({ driver: scenarioDriver, world: created.play, paused: true });
    const saved = await controller.runCommand('save /nonexistent/demo.json');
    expect(saved.stderr).toMatch(/replays from its file/);
  });

  test('a file that is not a scenario is refused with its line and column', () => {
    const created = createScenarioPlay('version: 1\nsteps: 3\n', 'bad.yaml', null);
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.error).toMatch(/bad\.yaml:\d+:\d+/);
  });
});

describe('a lesson', () => {
  test('goals tick as the student reaches them; the next goal shows its hint; a saved session grades the same', async () => {
    const { text, file } = example('lessons/01-create-a-swarm.yaml');
    const created = createLessonPlay(text, file, null);
    if (!created.ok) throw new Error(created.error);
    const driver = lessonDriver(created.session.scenario);
    const wallClock = createManualWallClock();
    const controller = createSandboxController({ driver, world: created.session, wallClock });
    controller.start();
    const goals = () => controller.getView().goals ?? [];
    expect(goals()[0]).toMatchObject({ met: false, hint: expect.stringMatching(/docker swarm init/) });
    expect(controller.getView().status.scenarioTitle).toBe('Lesson 1: create a swarm');
    expect(run(controller, 'hint').stdout).toMatch(
      /^Initialise a swarm on manager1.*\nhint: On manager1, run `docker swarm init/,
    );
    expect(created.session.inputs).toHaveLength(0);
    run(controller, 'docker swarm init --advertise-addr 192.168.99.100');
    expect(goals()[0]?.met).toBe(true);
    wallClock.advance(2_000);
    expect(goals()[1]?.met).toBe(true);
    expect(goals()[2]?.met).toBe(false);

    const saveFile = join(await mkdtemp(join(tmpdir(), 'swarmsim-lesson-')), 'lesson.json');
    expect((await controller.runCommand(`save ${saveFile}`)).exitCode).toBe(0);
    const again = createLessonPlay(text, file, null);
    if (!again.ok) throw new Error(again.error);
    const loader = createSandboxController({ driver, world: again.session, paused: true });
    expect((await loader.runCommand(`load ${saveFile}`)).exitCode).toBe(0);
    expect(loader.getView().goals?.map((goal) => goal.met)).toEqual(goals().map((goal) => goal.met));
  });

  test('a session saved from another lesson is refused and the lesson goes on', async () => {
    const first = example('lessons/01-create-a-swarm.yaml');
    const other = example('lessons/02-join-nodes.yaml');
    const directory = await mkdtemp(join(tmpdir(), 'swarmsim-lessons-'));
    const created = createLessonPlay(other.text, other.file, null);
    if (!created.ok) throw new Error(created.error);
    const otherController = createSandboxController({
      driver: lessonDriver(created.session.scenario),
      world: created.session,
      paused: true,
    });
    await otherController.runCommand(`save ${join(directory, 'other.json')}`);
    const mine = createLessonPlay(first.text, first.file, null);
    if (!mine.ok) throw new Error(mine.error);
    const controller = createSandboxController({
      driver: lessonDriver(mine.session.scenario),
      world: mine.session,
      paused: true,
    });
    const before = JSON.stringify(controller.world());
    const loaded = await controller.runCommand(`load ${join(directory, 'other.json')}`);
    expect(loaded.exitCode).toBe(1);
    expect(loaded.stderr).toMatch(/was saved from the lesson "Lesson 2/);
    expect(loaded.stderr).toMatch(/the session is unchanged/);
    expect(JSON.stringify(controller.world())).toBe(before);
  });
});
