/**
 * End-to-end: the `swarmsim` command in a real pseudo-terminal, as a student runs it. Each test is
 * a user story from the issue; there are few of them, each bounded, because every one starts a
 * process (they run in CI on two cores). They poll the screen for text and never sleep-assert.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { type AppTerminal, keys, spawnApp } from './pty.js';

const running: AppTerminal[] = [];

function start(args: readonly string[], size = { columns: 80, rows: 24 }): AppTerminal {
  const app = spawnApp(args, size);
  running.push(app);
  return app;
}

afterEach(() => {
  for (const app of running.splice(0)) app.dispose();
});

describe('swarmsim in a terminal', { timeout: 60_000 }, () => {
  test('a student types docker swarm init at the : prompt and the machines pane shows a leader', async () => {
    const app = start(['--seed', '1']);
    await app.waitFor(/leader none\s+quorum —\s+swarm/);
    app.write(':');
    await app.waitFor(/node1\$/);
    app.write('docker swarm init');
    await app.waitFor(/node1\$ docker swarm init/);
    app.write(keys.enter);
    await app.waitFor(/Swarm initialized: current node \(\w+\) is now a manager/);
    app.write(keys.escape);
    // Esc closes the prompt: the events pane replaces the shell's transcript. (Wait for it: an Esc
    // and a key arriving together read as Alt+key.)
    await app.waitFor(/── Events/);
    // At 80 columns the machines pane leaves out the IP column.
    const screen = await app.waitFor(/node1 +up +— +leader t1 +Ready +Active +Leader/);
    expect(screen).toMatch(/leader node1\s+quorum 1\/1 ok/);
    app.write('q');
    expect(await app.exited).toBe(0);
  });

  test('a formed 3m2w swarm at 100×: x kills the leader, the managers elect a new one', async () => {
    const app = start(['--preset', '3m2w', '--seed', '4', '--speed', '100']);
    const first = await app.waitFor(/leader (manager\d)\s+quorum 3\/3 ok/);
    const leader = /leader (manager\d)/.exec(first)?.[1] as string;
    const row = Number(leader.slice('manager'.length));
    for (let index = 1; index <= row; index++) {
      app.write('j');
      await app.waitFor(new RegExp(`› +manager${index} `));
    }
    app.write('x');
    await app.waitFor(new RegExp(`${leader} +crashed`));
    const after = await app.waitFor(new RegExp(`leader (?!${leader})manager\\d\\s+quorum 2/3 ok`));
    expect(after).toMatch(/MANAGER STATUS/);
    app.write('q');
    expect(await app.exited).toBe(0);
  });

  test('the Raft lab: an election is visible as it happens, and q leaves the alternate screen with the terminal restored', async () => {
    const app = start(['--lab', '3', '--seed', '7', '--speed', '1']);
    await app.waitFor(/leader n\d\s+quorum 3\/3 ok\s+lab/);
    expect(app.alternateScreen()).toBe(true);
    const screen = app.screen();
    expect(screen).toMatch(/━━ Machines/);
    expect(screen).toMatch(/── Raft/);
    expect(screen).toMatch(/became leader for term \d|heartbeat t\d/);
    app.write('q');
    expect(await app.exited).toBe(0);
    expect(app.alternateScreen()).toBe(false);
    // The cursor is shown again, and the alternate screen was left after it was entered.
    const output = app.output();
    expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.lastIndexOf('\u001B[?1049h'));
    expect(output.lastIndexOf('\u001B[?25h')).toBeGreaterThan(output.lastIndexOf('\u001B[?25l'));
  });

  test('a resize redraws: two columns at 120×32, one again at 80×24', async () => {
    const app = start(['--lab', '5', '--seed', '3', '--paused']);
    await app.waitFor(/‖ paused/);
    expect(app.screen()).not.toMatch(/Machines.*Events/);
    app.resize(120, 32);
    await app.waitFor(/━━ Machines.*── Events/);
    app.resize(80, 24);
    await app.waitFor(/^(?![\s\S]*Machines.*Events)[\s\S]*── Events/);
    app.write(keys.ctrlC);
    expect(await app.exited).toBe(0);
    expect(app.alternateScreen()).toBe(false);
  });
});
