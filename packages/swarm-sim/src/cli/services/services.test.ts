/**
 * User stories of the service and stack commands beyond the goldens (swarm.md §1.12-§1.16, §6):
 * each runs on the tutorial swarm (manager1, worker1, worker2) through `runLine`, as a student
 * types, and checks the exact text docker prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../swarm/sandbox.js';
import type { Sandbox } from '../../swarm/sandbox-types.js';
import type { FileReadResult } from '../docker-context.js';
import { runLine, type ShellIo } from '../run-line.js';
import { loadSpec } from './sandbox-tools.js';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

function readRepositoryFile(path: string): FileReadResult {
  try {
    return { ok: true, text: readFileSync(join(repositoryRoot, path), 'utf8') };
  } catch {
    return { ok: false, error: 'no such file or directory' };
  }
}

/** The tutorial's three nodes in a swarm, the shell on manager1. */
function tutorialSwarm(seed = 3): Sandbox {
  const created = createSandbox({ seed, preset: 'tutorial' });
  if (!created.ok) throw new Error(created.error);
  const sandbox = created.value;
  runLine(sandbox, 'docker swarm init --advertise-addr 192.168.99.100');
  const token = runLine(sandbox, 'docker swarm join-token -q worker').stdout.trim();
  for (const worker of ['worker1', 'worker2']) {
    runLine(sandbox, `use ${worker}`);
    runLine(sandbox, `docker swarm join --token ${token} 192.168.99.100:2377`);
  }
  runLine(sandbox, 'use manager1');
  return sandbox;
}

function run(sandbox: Sandbox, line: string, io: ShellIo = { readFile: readRepositoryFile }) {
  return runLine(sandbox, line, io);
}

const serviceId = /^[0-9a-z]{25}$/;

describe('docker service create: the ID, then the wait (swarm.md §1.12, §6 step 3)', () => {
  it('without a terminal the final screen prints without bars, ending with the verify line', () => {
    const sandbox = tutorialSwarm();
    const startMs = sandbox.world.nowMs;
    const result = run(
      sandbox,
      'docker service create --replicas 1 --name helloworld alpine ping docker.com',
    );
    const lines = result.stdout.replace(/\n$/, '').split('\n');
    const id = lines[0] as string;
    expect(id).toMatch(serviceId);
    expect(lines.slice(1)).toEqual([
      'overall progress: 1 out of 1 tasks ',
      '1/1: running   ',
      `verify: Service ${id} converged `,
    ]);
    expect(result.stderr).toBe('');
    // It blocked for the task to start and for the monitor period.
    expect(sandbox.world.nowMs - startMs).toBeGreaterThanOrEqual(5_000);
  });

  it('on a terminal only the final screen stays; bars when it is wider than 110 columns', () => {
    const wide = run(tutorialSwarm(), 'docker service create --replicas 3 --name web nginx', {
      terminalWidthColumns: 120,
    });
    const id = wide.stdout.split('\n')[0] as string;
    expect(wide.stdout).toBe(
      `${id}\noverall progress: 3 out of 3 tasks \n` +
        `1/3: running   [${'='.repeat(50)}>] \n2/3: running   [${'='.repeat(50)}>] \n3/3: running   [${'='.repeat(50)}>] \n` +
        `verify: Service ${id} converged \n`,
    );
    const narrow = run(tutorialSwarm(), 'docker service create --replicas 1 --name web nginx', {
      terminalWidthColumns: 80,
    });
    expect(narrow.stdout.split('\n').slice(1).join('\n')).toMatch(
      /^overall progress: 1 out of 1 tasks \n1\/1: running {3}\nverify: Service [0-9a-z]{25} converged \n$/,
    );
  });

  it('-d returns at once with the ID; -q waits but prints only the ID', () => {
    const sandbox = tutorialSwarm();
    const startMs = sandbox.world.nowMs;
    const detached = run(sandbox, 'docker service create -d --name a nginx');
    expect(detached.stdout).toMatch(/^[0-9a-z]{25}\n$/);
    expect(sandbox.world.nowMs - startMs).toBeLessThan(1_000);
    const quiet = run(sandbox, 'docker service create -q --name b nginx');
    expect(quiet.stdout).toMatch(/^[0-9a-z]{25}\n$/);
    expect(sandbox.world.nowMs - startMs).toBeGreaterThan(5_000);
  });

  it('a global service lists its tasks by node, and the ID of every node in the bars', () => {
    const result = run(tutorialSwarm(), 'docker service create --mode global --name agent alpine top', {
      terminalWidthColumns: 80,
    });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('overall progress: 3 out of 3 tasks ');
    expect(lines.slice(2, 5).every((line) => /^[0-9a-z]{12}: running {3}$/.test(line))).toBe(true);
  });

  it('an unschedulable task shows the scheduler’s error in place of its bar, and the sandbox stops waiting', () => {
    const result = run(
      tutorialSwarm(),
      'docker service create --name lost --constraint node.labels.zone==mars nginx',
    );
    expect(result.stdout).toContain(
      '\n1/1: no suitable node (scheduling constraints not satisfied on 3 nodes) \n',
    );
    const id = result.stdout.split('\n')[0] as string;
    expect(
      result.stdout.endsWith(
        `Operation continuing in background.\nUse \`docker service ps ${id}\` to check progress.\n`,
      ),
    ).toBe(true);
    expect(result.exitCode).toBe(0);
  });
});

describe('docker service update and rollback (swarm.md §1.15, §4.7)', () => {
  it('an update whose tasks fail pauses: the error is docker’s, and inspect --pretty shows it', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name web --replicas 2 nginx');
    run(sandbox, 'wait 15s');
    const result = run(sandbox, 'docker service update --image nginx:broken web');
    expect(result.stdout.startsWith('web\noverall progress: ')).toBe(true);
    expect(result.stderr).toMatch(
      /^service update paused: update paused due to failure or early termination of task [0-9a-z]{25}\n$/,
    );
    expect(result.exitCode).toBe(1);
    const pretty = run(sandbox, 'docker service inspect --pretty web').stdout;
    expect(pretty).toMatch(
      /\nUpdateStatus:\n State:\t\tpaused\n Started:\t\d+ seconds ago\n Message:\tupdate paused due to failure/,
    );
  });

  it('an update that rolls back prints the rollback message and counts the rollback', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name web --replicas 2 --update-failure-action rollback nginx');
    run(sandbox, 'wait 15s');
    const result = run(sandbox, 'docker service update --image nginx:broken web');
    expect(result.stdout).toMatch(
      /\nrollback: update rolled back due to failure or early termination of task [0-9a-z]{25} \n/,
    );
    expect(result.stdout).toContain('\noverall progress: rolling back update: 2 out of 2 tasks \n');
    expect(result.stdout.endsWith('verify: Service web converged \n')).toBe(true);
    expect(run(sandbox, 'docker service ls --format "{{.Image}} {{.Replicas}}"').stdout).toBe(
      'nginx:latest 2/2\n',
    );
  });

  it('--force replaces every task; --rollback goes back to the previous spec', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name web --replicas 2 nginx:1.24');
    run(sandbox, 'wait 15s');
    run(sandbox, 'docker service update -d --force web');
    run(sandbox, 'wait 30s');
    const history = run(sandbox, 'docker service ps --format "{{.Name}} {{.DesiredState}}" web').stdout;
    // Outside a table format, older tasks of a slot are not indented.
    expect(history).toBe('web.1 Running\nweb.1 Shutdown\nweb.2 Running\nweb.2 Shutdown\n');
    run(sandbox, 'docker service update -d --image nginx:1.25 web');
    run(sandbox, 'wait 30s');
    expect(run(sandbox, 'docker service update --rollback web').stdout).toMatch(
      /^web\nrollback: manually requested rollback \noverall progress: rolling back update: 2 out of 2 tasks \n/,
    );
    expect(run(sandbox, 'docker service ls --format "{{.Image}}"').stdout).toBe('nginx:1.24\n');
  });
});

describe('docker service inspect, ps, logs (swarm.md §1.14, §1.15)', () => {
  it('--format sees the API shape; a missing field falls back to the raw JSON (<no value>)', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name my-web -p published=8080,target=80 --replicas 2 nginx');
    expect(
      run(
        sandbox,
        'docker service inspect --format "{{.Spec.Mode.Replicated.Replicas}} {{.Spec.Name}}" my-web',
      ).stdout,
    ).toBe('2 my-web\n');
    expect(run(sandbox, 'docker service inspect --format "{{.Spec.Mode.Global}}" my-web').stdout).toBe(
      '<no value>\n',
    );
    expect(run(sandbox, "docker service inspect --format '{{json .Endpoint.Ports}}' my-web").stdout).toBe(
      '[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]\n',
    );
  });

  it('service ps: a prefix matching two services, -q with whole IDs, a node filter by name', () => {
    const sandbox = tutorialSwarm();
    // 37 IDs in base 36: two of them share their first character.
    const ids = Array.from({ length: 37 }, (_, index) =>
      run(sandbox, `docker service create -d --replicas 0 --name s${index} nginx`).stdout.trim(),
    );
    const prefix =
      (ids.map((id) => id.charAt(0)).find((first, index, all) => all.indexOf(first) !== index) as string) ??
      '';
    expect(run(sandbox, `docker service ps ${prefix}`)).toMatchObject({
      stderr: `multiple services found with provided prefix: ${prefix}\n`,
      exitCode: 1,
    });
    run(sandbox, 'docker service create -d --name a1 nginx');
    run(sandbox, 'wait 12s');
    expect(run(sandbox, 'docker service ps -q a1').stdout).toMatch(/^[0-9a-z]{25}\n$/);
    expect(run(sandbox, 'docker service ps -f node=node9 a1')).toMatchObject({
      stderr: 'Error response from daemon: node node9 not found\n',
      exitCode: 1,
    });
  });

  it('logs: the task prefix padded to the widest slot, --raw, --no-trunc', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name pinger --replicas 10 alpine ping docker.com');
    run(sandbox, 'wait 20s');
    const lines = run(sandbox, 'docker service logs --tail 1 pinger').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.some((line) => /^pinger\.1\.[0-9a-z]{12}@\S+ {5}\| 64 bytes from /.test(line))).toBe(true);
    expect(lines.some((line) => /^pinger\.10\.[0-9a-z]{12}@\S+ {4}\| 64 bytes from /.test(line))).toBe(true);
    expect(run(sandbox, 'docker service logs --raw --tail 1 pinger').stdout.split('\n')[0]).toMatch(
      /^64 bytes from /,
    );
    expect(run(sandbox, 'docker service logs --no-trunc --tail 1 pinger').stdout).toMatch(
      /^pinger\.\d+\.[0-9a-z]{25}@/,
    );
  });
});

describe('docker ps on the machine the shell is on', () => {
  it('lists the task containers, quotes and cuts COMMAND, filters by status; a killed container exits', () => {
    const sandbox = tutorialSwarm();
    run(sandbox, 'docker service create -d --name web --replicas 3 --constraint node.role==manager nginx');
    run(sandbox, 'wait 15s');
    const listed = run(sandbox, 'docker ps').stdout.split('\n');
    expect(listed[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(listed[1]).toMatch(
      /^[0-9a-f]{12} +nginx:latest +"\/docker-entrypoint\.…" +\d+ seconds ago +Up \d+ seconds +80\/tcp +web\.\d\.[0-9a-z]{25}$/,
    );
    const name = (listed[1] as string).split(/\s+/).at(-1) as string;
    expect(run(sandbox, `container kill manager1 ${name} --exit-code 3`)).toMatchObject({
      stdout: `${name}\n`,
      exitCode: 0,
    });
    run(sandbox, 'wait 1s');
    expect(run(sandbox, 'docker ps -a -f status=exited --format "{{.Names}} {{.Status}}"').stdout).toMatch(
      new RegExp(`^${name.replaceAll('.', '\\.')} Exited \\(3\\) (Less than a second|1 second) ago\\n$`),
    );
    expect(run(sandbox, 'docker ps -f volume=x')).toMatchObject({
      stderr: "docker: the sandbox does not filter containers by 'volume'\n",
      exitCode: 1,
    });
  });
});

describe('docker stack deploy (swarm.md §1.16)', () => {
  it('deploys nothing when a file is broken, and says where', () => {
    const sandbox = tutorialSwarm();
    const result = run(sandbox, 'docker stack deploy -c examples/stacks/broken/missing-image.yml app');
    expect(result).toMatchObject({
      stdout: '',
      stderr: 'examples/stacks/broken/missing-image.yml:3:3: services.web: image is required\n',
      exitCode: 1,
    });
    expect(run(sandbox, 'docker service ls -q').stdout).toBe('');
  });

  it('prints the ignored options, the detach notice, networks and services; redeploys update; --prune removes', () => {
    const sandbox = tutorialSwarm();
    const deployed = run(sandbox, 'docker stack deploy -c examples/stacks/voting.yml vote');
    expect(deployed.stdout).toMatch(
      /^(Creating network vote_\w+\n)+(Creating (secret|config) vote_\w+\n)*(Creating service vote_\w+\n)+$/,
    );
    expect(deployed.stderr).toContain(
      'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n',
    );
    const again = run(sandbox, 'docker stack deploy -d -c examples/stacks/voting.yml vote');
    expect(again.stdout).toMatch(/^(Updating service vote_\w+ \(id: [0-9a-z]{25}\)\n)+$/);
    expect(again.stderr).not.toContain('Since --detach=false');
    expect(run(sandbox, 'docker stack ls').stdout).toMatch(/^NAME {6}SERVICES\nvote {6}\d+\n$/);
    const removed = run(sandbox, 'docker stack rm vote');
    expect(removed.stdout).toMatch(
      /^(Removing service vote_\w+\n)+(Removing (secret|config) vote_\w+\n)*(Removing network vote_\w+\n)+$/,
    );
    expect(run(sandbox, 'docker stack ls').stdout).toBe('NAME      SERVICES\n');
  });

  it('an external network must exist: a missing one stops the deploy; one another stack uses will do', () => {
    const files: Record<string, string> = {
      'front.yml':
        'services:\n  web:\n    image: nginx\nnetworks:\n  default:\n    external: true\n    name: back_default\n',
      'back.yml': 'services:\n  db:\n    image: redis\n',
    };
    const io: ShellIo = {
      readFile: (path) =>
        Object.hasOwn(files, path)
          ? { ok: true, text: files[path] as string }
          : { ok: false, error: 'no such file or directory' },
    };
    const sandbox = tutorialSwarm();
    expect(run(sandbox, 'docker stack deploy -d -c front.yml front', io)).toMatchObject({
      stdout: '',
      stderr:
        'network "back_default" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed\n',
      exitCode: 1,
    });
    expect(run(sandbox, 'docker stack deploy -d -c back.yml back', io).stdout).toBe(
      'Creating network back_default\nCreating service back_db\n',
    );
    expect(run(sandbox, 'docker stack deploy -d -c front.yml front', io)).toMatchObject({
      stdout: 'Creating service front_web\n',
      exitCode: 0,
    });
  });
});

describe('curl and load through the routing mesh (swarm.md §6 step 9)', () => {
  it('curl answers on a node without a task; load reports the requests, latency and machines', () => {
    const sandbox = tutorialSwarm();
    run(
      sandbox,
      'docker service create -d --name web --replicas 1 --constraint node.hostname==worker1 -p 8080:80 nginx',
    );
    run(sandbox, 'wait 15s');
    expect(run(sandbox, 'curl worker2:8080').stdout).toMatch(
      /^Hello from web\.1\.[0-9a-z]{25} on worker1\n$/,
    );
    expect(run(sandbox, 'curl worker2:9999')).toMatchObject({
      stderr: 'curl: (7) Failed to connect to worker2 port 9999: Connection refused\n',
      exitCode: 7,
    });
    expect(run(sandbox, 'curl nowhere:8080')).toMatchObject({ exitCode: 6 });
    const report = run(sandbox, 'load manager1:8080 --rate 10 --for 5s').stdout;
    expect(report).toMatch(
      /^50 requests in 5s: 50 succeeded, 0 failed\nlatency: min \d+ms, median \d+ms, p99 \d+ms, max \d+ms\nanswered by: worker1 50\nfailures: none\nlongest unavailability: none\n$/,
    );
  });

  it('bad values are usage errors (exit 2)', () => {
    const sandbox = tutorialSwarm();
    expect(run(sandbox, 'load worker1 --rate 10 --for 5s')).toMatchObject({ exitCode: 2 });
    expect(run(sandbox, 'load worker1:80 --rate 0 --for 5s').stderr).toMatch(/^load: invalid --rate "0"/);
    expect(run(sandbox, 'container kill worker1 x --exit-code 300').stderr).toMatch(
      /^container kill: invalid --exit-code "300"/,
    );
    expect(run(sandbox, 'container kill worker1 nope')).toMatchObject({
      stderr: 'container kill: No such container: nope\n',
      exitCode: 1,
    });
  });

  it('the help example of load prints what load prints (a 2-replica service published on 8080)', () => {
    const sandbox = tutorialSwarm(7);
    run(sandbox, 'docker service create -d --name my-web -p 8080:80 --replicas 2 nginx');
    run(sandbox, 'wait 15s');
    const example = loadSpec.examples[0] as { command: string; output: string };
    expect(run(sandbox, example.command).stdout).toBe(example.output);
  });
});
