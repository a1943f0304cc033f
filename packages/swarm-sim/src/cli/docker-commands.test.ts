/**
 * docker swarm / node / info in the shell, beyond the goldens: each test is a user story from
 * swarm.md §1 run on a formed swarm (3 managers, 2 workers), checking the exact text docker/cli
 * prints and the requests it makes in order.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import type { SwarmRequest } from '../swarm/types.js';
import { runDockerArgv, unsupportedDockerCommand } from './docker-commands.js';
import { dockerContextOn, runLine } from './run-line.js';

function formed(seed = 17): Sandbox {
  const created = createSandbox({ seed, preset: '3m2w' });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

function run(sandbox: Sandbox, line: string) {
  return runLine(sandbox, line);
}

describe('docker swarm join-token (swarm.md §1.4)', () => {
  it('-q prints only the token; --rotate -q prints only the new one, which differs in the secret only', () => {
    const sandbox = formed();
    const before = run(sandbox, 'docker swarm join-token -q worker').stdout.trim();
    const rotated = run(sandbox, 'docker swarm join-token --rotate -q worker');
    expect(rotated.stdout).toMatch(/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}\n$/);
    const after = rotated.stdout.trim();
    expect(after).not.toBe(before);
    expect(after.slice(0, 60)).toBe(before.slice(0, 60));
  });

  it('--rotate prints the success line and a blank line before the join block', () => {
    const rotated = run(formed(), 'docker swarm join-token --rotate manager');
    expect(rotated.stdout).toMatch(
      /^Successfully rotated manager join token\.\n\nTo add a manager to this swarm, run the following command:\n\n {4}docker swarm join --token SWMTKN-1-\S+ 192\.168\.99\.100:2377\n\n$/,
    );
  });

  it('prints the address of the manager it ran on, not the leader', () => {
    const sandbox = formed();
    run(sandbox, 'use manager2');
    expect(run(sandbox, 'docker swarm join-token worker').stdout).toContain(' 192.168.99.101:2377\n');
  });

  it('a rotated worker token no longer joins', () => {
    const sandbox = formed();
    const old = run(sandbox, 'docker swarm join-token -q worker').stdout.trim();
    run(sandbox, 'docker swarm join-token --rotate worker');
    run(sandbox, 'machine add worker3');
    run(sandbox, 'use worker3');
    expect(run(sandbox, `docker swarm join --token ${old} 192.168.99.100:2377`)).toMatchObject({
      stderr:
        'Error response from daemon: rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster\n',
      exitCode: 1,
    });
  });
});

describe('docker swarm join (swarm.md §1.3)', () => {
  it('joins as a manager with the manager token, and a malformed token is refused', () => {
    const sandbox = formed();
    const token = run(sandbox, 'docker swarm join-token -q manager').stdout.trim();
    run(sandbox, 'machine add manager4');
    run(sandbox, 'use manager4');
    expect(run(sandbox, 'docker swarm join --token SWMTKN-1-nope 192.168.99.100:2377').stderr).toBe(
      'Error response from daemon: invalid join token\n',
    );
    expect(run(sandbox, `docker swarm join --token ${token} 192.168.99.100:2377`).stdout).toBe(
      'This node joined a swarm as a manager.\n',
    );
    expect(run(sandbox, 'docker swarm join --token x 192.168.99.100:2377').stderr).toBe(
      'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.\n',
    );
  });
});

describe('docker swarm leave (swarm.md §1.5)', () => {
  it('a worker leaves; a manager is refused without --force, with the quorum arithmetic once one is down', () => {
    const sandbox = formed();
    const prefix =
      'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. ';
    const suffix =
      'The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.\n';
    run(sandbox, 'use worker1');
    expect(run(sandbox, 'docker swarm leave')).toMatchObject({
      stdout: 'Node left the swarm.\n',
      exitCode: 0,
    });
    run(sandbox, 'use manager2');
    expect(run(sandbox, 'docker swarm leave')).toMatchObject({ stderr: prefix + suffix, exitCode: 1 });
    run(sandbox, 'kill manager3');
    run(sandbox, 'wait 10s');
    expect(run(sandbox, 'docker swarm leave').stderr).toBe(
      `${prefix}Removing this node leaves 1 managers out of 3. Without a Raft quorum your swarm will be inaccessible. ${suffix}`,
    );
  });
});

describe('docker swarm update and unlock-key (swarm.md §1.6-§1.7)', () => {
  it('turning autolock on prints the unlock block; unlock-key -q prints the key', () => {
    const sandbox = formed();
    expect(run(sandbox, 'docker swarm unlock-key')).toMatchObject({
      stderr: 'no unlock key is set\n',
      exitCode: 1,
    });
    const updated = run(sandbox, 'docker swarm update --autolock');
    expect(updated.stdout).toMatch(
      /^Swarm updated\.\nTo unlock a swarm manager after it restarts, run the `docker swarm unlock`\ncommand and provide the following key:\n\n {4}SWMKEY-1-\S+\n\nRemember to store this key in a password manager, since without it you\nwill not be able to restart the manager\.\n$/,
    );
    const key = /SWMKEY-1-\S+/.exec(updated.stdout)?.[0];
    expect(run(sandbox, 'docker swarm unlock-key -q').stdout).toBe(`${key}\n`);
    expect(run(sandbox, 'docker swarm update --task-history-limit 3').stdout).toBe('Swarm updated.\n');
    expect(run(sandbox, 'docker info').stdout).toContain('   Task History Retention Limit: 3\n');
  });

  it('--rotate without autolock is refused by the CLI', () => {
    expect(run(formed(), 'docker swarm unlock-key --rotate')).toMatchObject({
      stderr: 'cannot rotate because autolock is not turned on\n',
      exitCode: 1,
    });
  });
});

describe('docker node update (swarm.md §1.11)', () => {
  it('adds and removes labels, prints the argument, and filters see them', () => {
    const sandbox = formed();
    expect(run(sandbox, 'docker node update --label-add zone=a --label-add ssd worker1').stdout).toBe(
      'worker1\n',
    );
    expect(run(sandbox, "docker node inspect --format '{{json .Spec.Labels}}' worker1").stdout).toBe(
      '{"ssd":"","zone":"a"}\n',
    );
    expect(run(sandbox, "docker node ls -f node.label=zone=a --format '{{.Hostname}}'").stdout).toBe(
      'worker1\n',
    );
    expect(run(sandbox, 'docker node update --label-rm ssd worker1').exitCode).toBe(0);
    expect(run(sandbox, 'docker node update --label-rm ssd worker1').stderr).toBe(
      "key ssd doesn't exist in node's labels\n",
    );
  });

  it('drains a node and shows it in ls and inspect --pretty (tutorial step 8)', () => {
    const sandbox = formed();
    expect(run(sandbox, 'docker node update --availability drain worker1').stdout).toBe('worker1\n');
    expect(
      run(sandbox, "docker node ls --format '{{.Hostname}} {{.Availability}}' -f name=worker1").stdout,
    ).toBe('worker1 Drain\n');
    expect(run(sandbox, 'docker node inspect --pretty worker1').stdout).toContain(
      ' State:\t\t\tReady\n Availability:         \tDrain\n',
    );
  });

  it('--role manager promotes, as docker node promote does', () => {
    const sandbox = formed();
    expect(run(sandbox, 'docker node update --role manager worker1').stdout).toBe('worker1\n');
    expect(run(sandbox, 'docker node promote worker1').stdout).toMatch(
      /^Node [0-9a-z]{25} is already a manager\.\n$/,
    );
  });
});

describe('docker node promote / demote (swarm.md §1.11, §4.9)', () => {
  it('promote prints one line per node; the promoted worker becomes Reachable once it joins Raft', () => {
    const sandbox = formed();
    expect(run(sandbox, 'docker node promote worker1 worker2').stdout).toBe(
      'Node worker1 promoted to a manager in the swarm.\nNode worker2 promoted to a manager in the swarm.\n',
    );
    run(sandbox, 'wait 20s');
    expect(
      run(sandbox, "docker node ls -f role=manager --format '{{.Hostname}} {{.ManagerStatus}}'").stdout,
    ).toBe('manager1 Leader\nmanager2 Reachable\nmanager3 Reachable\nworker1 Reachable\nworker2 Reachable\n');
  });

  it('stops at the first error, keeping what it printed', () => {
    const sandbox = formed();
    const result = run(sandbox, 'docker node demote manager3 nope manager2');
    expect(result.stdout).toBe('Manager manager3 demoted in the swarm.\n');
    expect(result.stderr).toBe('Error response from daemon: node nope not found\n');
  });
});

describe('docker node inspect (swarm.md §1.10)', () => {
  it('prints the nodes found and reports the missing ones (exit 1)', () => {
    const result = run(formed(), 'docker node inspect --format {{.Description.Hostname}} worker2 nope self');
    expect(result).toMatchObject({
      stdout: 'worker2\nmanager1\n',
      stderr: 'Error response from daemon: node nope not found\n',
      exitCode: 1,
    });
  });

  it('--pretty prints nothing when one node is missing', () => {
    expect(run(formed(), 'docker node inspect --pretty worker1 nope')).toMatchObject({
      stdout: '',
      exitCode: 1,
    });
  });

  it('refuses extra formatting on the pretty template', () => {
    expect(run(formed(), "docker node inspect --format 'pretty{{.ID}}' self").stderr).toBe(
      'cannot supply extra formatting options to the pretty template\n',
    );
  });
});

describe('docker info (swarm.md §1.8)', () => {
  it('shows the two-manager warning on stderr when exactly two managers are left', () => {
    const sandbox = formed();
    run(sandbox, 'docker node demote manager3');
    run(sandbox, 'wait 10s');
    const info = run(sandbox, 'docker info');
    expect(info.stdout).toContain('  Managers: 2\n  Nodes: 5\n');
    expect(info.stderr).toBe(
      'WARNING: Running Swarm in a two-manager configuration. This configuration provides\n' +
        '         no fault tolerance, and poses a high risk to lose control over the cluster.\n' +
        '         Refer to https://docs.docker.com/engine/swarm/admin_guide/ to configure the\n' +
        '         Swarm for fault-tolerance.\n',
    );
  });

  it('--format reads the API shape', () => {
    const sandbox = formed();
    expect(
      run(sandbox, "docker info --format '{{.Swarm.ControlAvailable}} {{.Swarm.Managers}} {{.NCPU}}'").stdout,
    ).toBe('true 3 2\n');
    run(sandbox, 'use worker2');
    expect(
      run(sandbox, "docker info -f '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'").stdout,
    ).toBe('active false\n');
  });
});

describe('the requests a command makes', () => {
  it('node promote inspects, then updates with the version it read (docker/cli updateNodes)', () => {
    const sandbox = formed();
    const calls: SwarmRequest[] = [];
    const recorder = dockerContextOn(sandbox, 'manager1');
    const recording = {
      call(request: SwarmRequest) {
        calls.push(request);
        return recorder.call(request);
      },
    };
    const output = runDockerArgv(recording, ['node', 'promote', 'worker1']);
    expect(output.exitCode).toBe(0);
    expect(calls.map((call) => call.method)).toEqual(['node.inspect', 'node.update']);
    expect(calls[1]?.params).toMatchObject({ spec: { role: 'manager' }, version: expect.any(Number) });
  });

  it('a command the grammar knows but no handler runs says so', () => {
    const output = unsupportedDockerCommand('service ls');
    expect(output).toEqual({
      stdout: '',
      stderr:
        "docker: 'docker service ls' is not available in this sandbox yet\nRun 'help' to list the docker commands it runs.\n",
      exitCode: 1,
    });
  });
});
