import type { SandboxView } from '@swarmsim/swarm-sim';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { createFakeController } from './fake-controller.js';
import { labView, lessonView, swarmView } from './fixtures.js';
import { LiveSandbox } from './LiveSandbox.js';
import { plain, settle } from './terminal-harness.js';

const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  tab: '\t',
  shiftTab: '\u001B[Z',
  escape: '\u001B',
  ctrlC: '\u0003',
};

/** The app on a fixed world with the fake controller; keys go in one at a time. */
async function start(view: SandboxView = swarmView) {
  const controller = createFakeController(view);
  const onQuit = vi.fn<() => void>();
  const quit = vi.fn<() => void>();
  controller.quit = quit;
  const rendered = render(<LiveSandbox source={controller} controller={controller} onQuit={onQuit} />);
  await settle();
  const press = async (...inputs: string[]) => {
    for (const input of inputs) {
      rendered.stdin.write(input);
      await settle();
    }
  };
  const frame = () => plain(rendered.lastFrame());
  const machineRow = (name: string) =>
    frame()
      .split('\n')
      .find((line) => line.slice(2).startsWith(`${name} `)) ?? '';
  return { controller, onQuit, quit, press, frame, machineRow, ...rendered };
}

describe('keys: ? shows the help generated from the key table', () => {
  it('opens on ?, closes on ? or esc, and ignores other keys while open', async () => {
    const app = await start();
    await app.press('?');
    await expect.poll(app.frame).toContain('kill the machine');
    await app.press('x');
    expect(app.controller.actions).toEqual([]);
    await app.press('?');
    await expect.poll(app.frame).toContain('Machines');
    await app.press('?', keys.escape);
    await expect.poll(app.frame).not.toContain('kill the machine');
  });
});

describe('keys: : opens the prompt', () => {
  it('runs a command on the shell machine and shows its output in the transcript', async () => {
    const app = await start();
    await app.press(':');
    await expect.poll(app.frame).toContain('manager1$');
    await app.press('docker node ls', keys.enter);
    await expect.poll(app.frame).toMatch(/manager1\$ docker node ls\n HOSTNAME\s+STATUS/);
    expect(app.frame()).toMatch(/manager2\s+Ready\s+Active\s+Leader/);
    expect(app.controller.lines).toEqual(['docker node ls']);
  });

  it('recalls the last command with ↑ and closes with esc', async () => {
    const app = await start();
    await app.press(':', 'heal', keys.enter, keys.up);
    await expect.poll(app.frame).toMatch(/manager1\$ heal\s*$/);
    await app.press(keys.escape);
    await expect.poll(app.frame).toContain('── Events');
    expect(app.frame()).not.toContain('manager1$');
  });

  it('completes with tab from the controller’s candidates', async () => {
    const app = await start();
    await app.press(':', 'kill w', keys.tab);
    await expect.poll(app.frame).toContain('manager1$ kill worker    worker1  worker2');
  });
});

describe('keys: / filters the events', () => {
  it('filters as typed, keeps the filter on enter, and clears it on esc', async () => {
    const app = await start();
    await app.press('/', 'kind=fault');
    await expect.poll(app.frame).toContain('/kind=fault · 2 of 18');
    await app.press(keys.enter);
    await expect.poll(app.frame).toContain('? help');
    expect(app.frame()).toContain('/kind=fault · 2 of 18');
    await app.press('/', keys.escape);
    await expect.poll(app.frame).not.toContain('kind=fault');
  });
});

describe('keys: q and ctrl-c quit', () => {
  it.each([['q'], [keys.ctrlC]])('quits on %j, telling the controller first', async (key) => {
    const app = await start();
    await app.press(key);
    await vi.waitFor(() => expect(app.onQuit).toHaveBeenCalledTimes(1));
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});

describe('keys: time', () => {
  it('space pauses and resumes the clock', async () => {
    const app = await start();
    await app.press(' ');
    await expect.poll(app.frame).toContain('‖ paused');
    await app.press(' ');
    await expect.poll(app.frame).toContain('▶ running');
    expect(app.controller.actions).toEqual([{ type: 'pauseClock' }, { type: 'resumeClock' }]);
  });

  it('+ and - step the speed along the ladder', async () => {
    const app = await start();
    await app.press('+');
    await expect.poll(app.frame).toContain('▶ running 2×');
    await app.press('-', '-');
    await expect.poll(app.frame).toContain('▶ running 1/2×');
    expect(app.controller.lines).toEqual(['clock speed 2', 'clock speed 1', 'clock speed 0.5']);
  });

  it('. steps one event, ← and → step back and forward in time', async () => {
    const app = await start();
    await app.press('.', keys.left, keys.right);
    await vi.waitFor(() =>
      expect(app.controller.actions).toEqual([
        { type: 'stepEvent' },
        { type: 'stepBack' },
        { type: 'stepForward' },
      ]),
    );
  });
});

describe('keys: select a machine, then fail it', () => {
  it('j and k (or the arrows) move the selection', async () => {
    const app = await start();
    await app.press('j', 'j');
    await expect.poll(() => app.machineRow('manager2')).toMatch(/^› manager2/);
    await app.press('k');
    await expect.poll(() => app.machineRow('manager1')).toMatch(/^› manager1/);
    await app.press(keys.down, keys.down, keys.up);
    await expect.poll(() => app.machineRow('manager2')).toMatch(/^› manager2/);
  });

  it('x kills the selected machine, r restarts it', async () => {
    const app = await start();
    await app.press('j', 'j', 'x');
    await expect.poll(() => app.machineRow('manager2')).toMatch(/manager2\s+\S+\s+crashed/);
    expect(app.frame()).toContain('kill manager2');
    await app.press('r');
    await expect.poll(() => app.machineRow('manager2')).toMatch(/manager2\s+\S+\s+up/);
    expect(app.controller.lines).toEqual(['kill manager2', 'restart manager2']);
  });

  it('p pauses and unpauses, d disconnects and reconnects', async () => {
    const app = await start();
    await app.press('j', 'p');
    await expect.poll(() => app.machineRow('manager1')).toMatch(/manager1\s+\S+\s+paused/);
    await app.press('d');
    await expect.poll(() => app.machineRow('manager1')).toMatch(/paused\s+cut/);
    await app.press('p', 'd');
    await vi.waitFor(() =>
      expect(app.controller.lines).toEqual([
        'pause manager1',
        'disconnect manager1',
        'unpause manager1',
        'reconnect manager1',
      ]),
    );
  });

  it('m marks machines, P partitions them from the rest, h heals', async () => {
    const app = await start();
    await app.press('j', 'm', 'j', 'j', 'j', 'm');
    await expect.poll(() => app.machineRow('worker1')).toMatch(/^›\*worker1/);
    await app.press('P');
    await expect.poll(() => app.machineRow('worker1')).toMatch(/worker1\s+\S+\s+up\s+A/);
    expect(app.machineRow('manager2')).toMatch(/manager2\s+\S+\s+up\s+B/);
    await app.press('h');
    await expect.poll(() => app.machineRow('worker1')).toMatch(/worker1\s+\S+\s+up\s+—/);
    expect(app.controller.lines).toEqual(['partition manager1,worker1 | manager2,manager3,worker2', 'heal']);
  });

  it('says to select a machine first rather than guess one', async () => {
    const app = await start();
    await app.press('x');
    await expect.poll(app.frame).toContain('select a machine first');
    expect(app.controller.actions).toEqual([]);
  });

  it('reports a failed command in the footer', async () => {
    const app = await start();
    app.controller.runCommand = () => ({ stdout: '', stderr: 'Error: quorum lost\n', exitCode: 1 });
    await app.press(':', 'docker service scale web=6', keys.enter, keys.escape);
    await expect.poll(app.frame).toContain('docker service scale web=6: Error: quorum lost');
  });
});

describe('keys: tab moves between panes', () => {
  it('moves the focus (the heavy rule) through the panes, shift-tab back', async () => {
    const app = await start();
    expect(app.frame()).toContain('━━ Machines');
    await app.press(keys.tab);
    await expect.poll(app.frame).toContain('━━ Raft');
    await app.press(keys.tab, keys.tab);
    await expect.poll(app.frame).toContain('━━ Events');
    await app.press(keys.shiftTab);
    await expect.poll(app.frame).toContain('━━ Services');
  });

  it('selects an event in the events pane and shows why it happened', async () => {
    const app = await start();
    await app.press(keys.tab, keys.tab, keys.tab, 'k', 'k', 'k');
    await expect.poll(app.frame).toContain('why #16');
    expect(app.frame()).toContain('← because #15');
  });
});

describe('goals: a lesson checklist panel when the view has goals', () => {
  it('shows the first goal not met', async () => {
    const app = await start(lessonView);
    await expect.poll(app.frame).toContain('[ ] Lose quorum: stop two of the three managers');
    expect(app.frame()).toContain('1/3 met');
  });
});

describe('the Raft lab', () => {
  it('leaves out the machine columns only a swarm fills', async () => {
    const { frame, unmount } = await start(labView);
    const header = frame()
      .split('\n')
      .find((line) => line.includes('MACHINE'));
    expect(header).toMatch(/MACHINE\s+IP\s+STATE\s+NET\s+ROLE$/);
    expect(header).not.toContain('MANAGER STATUS');
    unmount();
  });
});
