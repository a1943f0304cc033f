/**
 * What the machines do with tasks (swarm.md §6 steps 4 and 9, §4.5): `docker ps` on a node, a
 * container that dies and is restarted after the restart delay, logs, the routing mesh answering
 * on every node round-robin, host-mode ports, and the unavailability a load generator sees while
 * a worker dies.
 */
import { describe, expect, test } from 'vitest';
import { killMachine, wait } from '../swarm/sandbox.js';
import { containerKill, listContainers, setImageFailure } from './containers.js';
import type { LogLine } from './logs.js';
import { curl, load } from './mesh.js';
import {
  callValue,
  createService,
  runningTasks,
  service,
  spec,
  tasks,
  tutorialSwarm,
  waitUntil,
} from './testing.js';

const web = (replicas: number, published = 8080, publishMode: 'ingress' | 'host' = 'ingress') =>
  spec('my-web', 'nginx', {
    mode: { kind: 'replicated', replicas },
    endpoint: {
      mode: 'vip',
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: published, publishMode }],
    },
  });

describe('containers on the nodes (swarm.md §6 step 4)', () => {
  test('docker ps on the task node shows helloworld.1.<taskid>, its command and Up N seconds', () => {
    const sandbox = tutorialSwarm(41);
    createService(sandbox, spec('helloworld', 'alpine', { args: ['ping', 'docker.com'] }));
    waitUntil(sandbox, () => runningTasks(sandbox, 'helloworld').length === 1, 15_000);
    wait(sandbox, 3000);
    const [entry] = tasks(sandbox, 'helloworld');
    const listed = listContainers(sandbox, entry?.nodeName ?? '');
    if (!listed.ok) throw new Error(listed.error);
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({
      image: 'alpine',
      command: 'ping docker.com',
      names: `helloworld.1.${entry?.task.meta.id}`,
      state: 'running',
    });
    expect(listed.value[0]?.status).toMatch(/^Up \d+ seconds$/);
    const others = ['manager1', 'worker1', 'worker2'].filter((name) => name !== entry?.nodeName);
    for (const name of others) expect(listContainers(sandbox, name)).toEqual({ ok: true, value: [] });
  });

  test('a killed container fails its task (exit 137); the replacement starts after the 5 s restart delay', () => {
    const sandbox = tutorialSwarm(42);
    createService(sandbox, spec('web', 'nginx'));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 1, 15_000);
    const [entry] = tasks(sandbox, 'web');
    const killed = containerKill(sandbox, entry?.nodeName ?? '', entry?.task.meta.id.slice(0, 6) ?? '');
    expect(killed.ok).toBe(true);
    waitUntil(sandbox, () => tasks(sandbox, 'web').some((row) => row.task.status.state === 'failed'), 5000);
    const failed = tasks(sandbox, 'web').find((row) => row.task.status.state === 'failed');
    expect(failed?.task.status).toMatchObject({ err: 'task: non-zero exit (137)', exitCode: 137 });
    const replacement = tasks(sandbox, 'web').find((row) => row.task.meta.id !== entry?.task.meta.id);
    expect(replacement?.task.desiredState).toBe('ready');
    const since = sandbox.world.nowMs;
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 1, 20_000);
    expect(sandbox.world.nowMs - since).toBeGreaterThanOrEqual(4000);
    expect(listContainers(sandbox, entry?.nodeName ?? '', { all: true }).ok).toBe(true);
  });

  test('an image failure rule makes new containers exit after the given time', () => {
    const sandbox = tutorialSwarm(43);
    expect(setImageFailure(sandbox, 'nginx:crashy', { exitCode: 3, afterMs: 2000 })).toEqual({
      ok: true,
      value: null,
    });
    createService(sandbox, spec('web', 'nginx:crashy'));
    waitUntil(sandbox, () => tasks(sandbox, 'web').some((row) => row.task.status.state === 'failed'), 20_000);
    const failed = tasks(sandbox, 'web').find((row) => row.task.status.state === 'failed');
    expect(failed?.task.status.err).toBe('task: non-zero exit (3)');
    expect(setImageFailure(sandbox, 'nginx:crashy', { exitCode: 300, afterMs: 1 })).toMatchObject({
      ok: false,
    });
  });

  test('service logs of `ping docker.com` print a PING line, then one reply a second, from the task', () => {
    const sandbox = tutorialSwarm(44);
    createService(sandbox, spec('helloworld', 'alpine', { args: ['ping', 'docker.com'] }));
    waitUntil(sandbox, () => runningTasks(sandbox, 'helloworld').length === 1, 15_000);
    wait(sandbox, 5000);
    const lines = callValue<LogLine[]>(sandbox, 'service.logs', { ref: 'helloworld' });
    expect(lines[0]?.text).toMatch(/^PING docker\.com \(\d+\.\d+\.\d+\.\d+\): 56 data bytes$/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines[1]?.text).toMatch(/^64 bytes from [\d.]+: seq=0 ttl=37 time=\d+\.\d+ ms$/);
    expect(lines.every((line) => line.taskName === 'helloworld.1')).toBe(true);
    const again = callValue<LogLine[]>(sandbox, 'service.logs', { ref: 'helloworld', tail: 2 });
    expect(again).toHaveLength(2);
    expect(again[1]).toEqual(lines.at(-1));
  });
});

describe('the routing mesh (swarm.md §6 step 9)', () => {
  test('port 8080 answers on every node, round-robin over the tasks, even where no task runs', () => {
    const sandbox = tutorialSwarm(45);
    createService(sandbox, web(2));
    waitUntil(sandbox, () => runningTasks(sandbox, 'my-web').length === 2, 15_000);
    const hosts = new Set(tasks(sandbox, 'my-web').map((entry) => entry.nodeName));
    const idle = ['manager1', 'worker1', 'worker2'].find((name) => !hosts.has(name)) as string;
    const answers = [0, 1, 2, 3].map(() => curl(sandbox, idle, 8080));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const names = answers.map((answer) => (answer.ok ? answer.containerName : ''));
    expect(names[0]).not.toBe(names[1]);
    expect(names[2]).toBe(names[0]);
    expect(names[3]).toBe(names[1]);
    expect(answers[0]?.ok && answers[0].text).toMatch(
      /^Hello from my-web\.[12]\.[a-z0-9]{25} on (manager1|worker1|worker2)$/,
    );
    expect(curl(sandbox, idle, 9999)).toMatchObject({
      ok: false,
      error: `curl: (7) Failed to connect to ${idle} port 9999: Connection refused`,
    });
    expect(curl(sandbox, 'nowhere', 8080)).toMatchObject({
      ok: false,
      error: 'curl: (6) Could not resolve host: nowhere',
    });
  });

  test('host-mode ports bypass the mesh: only a node running a task answers, with that task', () => {
    const sandbox = tutorialSwarm(46);
    createService(sandbox, web(1, 8081, 'host'));
    waitUntil(sandbox, () => runningTasks(sandbox, 'my-web').length === 1, 15_000);
    const [entry] = tasks(sandbox, 'my-web');
    const node = entry?.nodeName as string;
    expect(curl(sandbox, node, 8081)).toMatchObject({ ok: true, machine: node });
    const other = ['manager1', 'worker1', 'worker2'].find((name) => name !== node) as string;
    expect(curl(sandbox, other, 8081).ok).toBe(false);
    expect(entry?.task.status.ports).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: 8081, publishMode: 'host' },
    ]);
    expect(service(sandbox, 'my-web').endpointPorts[0]?.publishMode).toBe('host');
  });

  test('a dead machine times out; while a worker dies the load sees failures until its tasks are replaced', () => {
    const sandbox = tutorialSwarm(47);
    createService(sandbox, web(3));
    waitUntil(sandbox, () => runningTasks(sandbox, 'my-web').length === 3, 20_000);
    const before = load(sandbox, 'manager1', 8080, { ratePerSecond: 10, durationMs: 3000 });
    expect(before).toMatchObject({ ok: true, value: { requests: 30, failures: 0 } });
    const victim = tasks(sandbox, 'my-web').find((entry) => entry.nodeName !== 'manager1')
      ?.nodeName as string;
    killMachine(sandbox, victim);
    expect(curl(sandbox, victim, 8080)).toMatchObject({ ok: false, latencyMs: 10_000 });
    const during = load(sandbox, 'manager1', 8080, { ratePerSecond: 10, durationMs: 40_000 });
    if (!during.ok) throw new Error(during.error);
    const report = during.value;
    expect(report.failures).toBeGreaterThan(0);
    expect(report.successes).toBeGreaterThan(report.failures);
    const lastWindow = report.failureWindows.at(-1);
    // Failures last until the node is Down (~15 s) and the orchestrator drops its tasks.
    expect((lastWindow?.toMs ?? 0) - (report.failureWindows[0]?.fromMs ?? 0)).toBeLessThanOrEqual(18_000);
    expect(report.answeredBy[victim]).toBeUndefined();
    expect(report.latency?.minMs).toBeGreaterThan(0);
    const after = load(sandbox, 'manager1', 8080, { ratePerSecond: 10, durationMs: 3000 });
    expect(after).toMatchObject({ ok: true, value: { failures: 0 } });
  });
});
