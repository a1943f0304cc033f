import { describe, expect, it } from 'vitest';
import { actionToCommand, type SandboxAction } from './controller.js';
import { createFakeController } from './fake-controller.js';
import { swarmView } from './fixtures.js';

describe('every key action is also a command at the prompt', () => {
  it.each<[SandboxAction, string]>([
    [{ type: 'pauseClock' }, 'clock pause'],
    [{ type: 'resumeClock' }, 'clock resume'],
    [{ type: 'setSpeed', speed: 0.01 }, 'clock speed 0.01'],
    [{ type: 'stepEvent' }, 'clock step'],
    [{ type: 'stepBack' }, 'clock back'],
    [{ type: 'stepForward' }, 'clock forward'],
    [{ type: 'kill', machine: 'manager1' }, 'kill manager1'],
    [{ type: 'restart', machine: 'worker2' }, 'restart worker2'],
    [{ type: 'pause', machine: 'worker1' }, 'pause worker1'],
    [{ type: 'unpause', machine: 'worker1' }, 'unpause worker1'],
    [{ type: 'disconnect', machine: 'manager3' }, 'disconnect manager3'],
    [{ type: 'reconnect', machine: 'manager3' }, 'reconnect manager3'],
    [
      { type: 'partition', groups: [['manager1', 'worker1'], ['manager2']] },
      'partition manager1,worker1 | manager2',
    ],
    [{ type: 'heal' }, 'heal'],
  ])('%o is `%s`', (action, command) => {
    expect(actionToCommand(action)).toBe(command);
  });
});

describe('the fake controller (tests and the demo story)', () => {
  it('dispatches an action as its command line, and publishes the changed view', () => {
    const controller = createFakeController(swarmView);
    let published = 0;
    controller.subscribe(() => {
      published++;
    });
    expect(controller.dispatch({ type: 'kill', machine: 'manager1' })).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(controller.lines).toEqual(['kill manager1']);
    expect(published).toBe(1);
    expect(controller.getView().machines[0]).toMatchObject({ name: 'manager1', power: 'crashed' });
    expect(controller.getView().events.at(-1)).toMatchObject({
      kind: 'fault',
      text: 'kill manager1',
      id: 19,
    });
  });

  it('partitions the network into the groups given, the machines left out forming one more, and heals', () => {
    const controller = createFakeController(swarmView);
    expect(controller.runCommand('partition manager1,worker1 | manager2').exitCode).toBe(0);
    const sides = controller.getView().machines.map((machine) => machine.partitionSide);
    expect(sides).toEqual(['A', 'B', 'C', 'A', 'C']);
    controller.runCommand('heal');
    expect(controller.getView().machines.every((machine) => machine.partitionSide === null)).toBe(true);
  });

  it('reports bad input as a failed command, never by throwing', () => {
    const controller = createFakeController(swarmView);
    expect(controller.runCommand('kill nobody')).toMatchObject({
      exitCode: 1,
      stderr: 'no such machine: nobody',
    });
    expect(controller.runCommand('kill').exitCode).toBe(1);
    expect(controller.runCommand('clock speed 3').exitCode).toBe(1);
    expect(controller.runCommand('docker ps').exitCode).toBe(127);
  });

  it('answers docker node ls from the view', () => {
    const { stdout } = createFakeController(swarmView).runCommand('docker node ls');
    expect(stdout.split('\n')[0]).toMatch(/^HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS$/);
    expect(stdout).toMatch(/manager2\s+Ready\s+Active\s+Leader/);
  });

  it("offers the view's machines and services for completion", () => {
    const candidates = createFakeController(swarmView).completionCandidates();
    expect(candidates.machines).toEqual(['manager1', 'manager2', 'manager3', 'worker1', 'worker2']);
    expect(candidates.services).toEqual(['api', 'web']);
  });
});
