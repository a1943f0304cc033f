/**
 * `docker node ps [NODE...]` (swarm.md §1.11, §1.14; docker/cli `cli/command/node/ps.go`): the
 * tasks of each node (default `self`) from `task.list` with `node=<id>` added to the filters,
 * printed with the task table `service ps` uses: sorted by name, then newest first, older tasks
 * of a slot indented with ` \_ `, IDs truncated (also with `-q`, unlike `service ps`), errors
 * collected per node and printed after what could be listed.
 *
 * Tasks come from a small extension that writes a service and its tasks through Raft, so the
 * test does not depend on the orchestrators.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createServiceSpec } from '../stack/service-spec.js';
import { registerSwarmExtension, unregisterSwarmExtension } from '../swarm/extensions.js';
import type { NodeObject, ServiceObject, StoreAction, TaskObject, TaskState } from '../swarm/objects.js';
import { executeRequest } from '../swarm/requests.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { sandboxFor } from '../swarm/testing.js';
import { runDockerArgv } from './docker-commands.js';
import type { CommandOutput } from './types.js';

interface PlacedTask {
  readonly id: string;
  readonly slot: number;
  readonly node: string;
  readonly desiredState: TaskState;
  readonly state: TaskState;
  readonly ageMs: number;
  readonly createdAgoMs: number;
  readonly err?: string;
}

function placeTasks(): void {
  registerSwarmExtension({
    name: 'test-tasks',
    controlMethods: {
      'test.placeTasks': {
        write: true,
        run(context, raw) {
          const placed = (raw as { tasks: readonly PlacedTask[] }).tasks;
          const spec = createServiceSpec('web', 'nginx:1.25');
          const nodes = Object.values(context.store.nodes) as NodeObject[];
          const nodeId = (hostname: string) =>
            nodes.find((node) => node.description.hostname === hostname)?.meta.id;
          const service: ServiceObject = {
            meta: { id: 'svc0000000000000000000web', version: 0, createdAtMs: 0, updatedAtMs: 0 },
            spec,
            previousSpec: null,
            specVersion: 1,
            endpointPorts: [],
            updateStatus: null,
          };
          const actions: StoreAction[] = [{ kind: 'create', target: { type: 'service', object: service } }];
          for (const task of placed) {
            const object: TaskObject = {
              meta: {
                id: task.id,
                version: 0,
                createdAtMs: context.nowMs - task.createdAgoMs,
                updatedAtMs: 0,
              },
              serviceId: service.meta.id,
              slot: task.slot,
              nodeId: nodeId(task.node) ?? task.node,
              specVersion: 1,
              spec,
              desiredState: task.desiredState,
              status: {
                state: task.state,
                timestampMs: context.nowMs - task.ageMs,
                message: '',
                err: task.err ?? '',
                exitCode: null,
                containerId: null,
                ports: [],
              },
            };
            actions.push({ kind: 'create', target: { type: 'task', object } });
          }
          return { ok: true, value: {}, actions };
        },
      },
    },
  });
}

beforeEach(placeTasks);
afterEach(() => unregisterSwarmExtension('test-tasks'));

function docker(sandbox: Sandbox, machine: string, line: string): CommandOutput {
  const context = {
    call: (request: Parameters<typeof executeRequest>[2]) => executeRequest(sandbox, machine, request),
  };
  return runDockerArgv(context, line.split(' ').slice(1));
}

const taskId = (letter: string) => letter.repeat(25);

/** web.1 ran on worker1 and failed; its replacement runs there; web.2 runs on worker2. */
function sandboxWithTasks(seed: number): Sandbox {
  const sandbox = sandboxFor(seed, '3m2w');
  const tasks: PlacedTask[] = [
    {
      id: taskId('a'),
      slot: 1,
      node: 'worker1',
      desiredState: 'shutdown',
      state: 'failed',
      ageMs: 65_000,
      createdAgoMs: 90_000,
      err: 'task: non-zero exit (1): the container could not start',
    },
    {
      id: taskId('b'),
      slot: 1,
      node: 'worker1',
      desiredState: 'running',
      state: 'running',
      ageMs: 5_000,
      createdAgoMs: 60_000,
    },
    {
      id: taskId('c'),
      slot: 2,
      node: 'worker2',
      desiredState: 'running',
      state: 'running',
      ageMs: 120_000,
      createdAgoMs: 130_000,
    },
    {
      id: taskId('d'),
      slot: 10,
      node: 'worker1',
      desiredState: 'running',
      state: 'pending',
      ageMs: 2_000,
      createdAgoMs: 2_000,
    },
  ];
  const placed = executeRequest(sandbox, 'manager1', { method: 'test.placeTasks', params: { tasks } });
  expect(placed.ok).toBe(true);
  return sandbox;
}

describe('docker node ps (swarm.md §1.11)', () => {
  test('defaults to self: a manager without tasks prints the header only', () => {
    const sandbox = sandboxFor(51, '3m2w');
    expect(docker(sandbox, 'manager1', 'docker node ps')).toEqual({
      stdout: 'ID        NAME      IMAGE     NODE      DESIRED STATE   CURRENT STATE   ERROR     PORTS\n',
      stderr: '',
      exitCode: 0,
    });
  });

  test('a worker cannot list (not a manager); a machine outside a swarm neither', () => {
    const sandbox = sandboxFor(52, '3m2w');
    expect(docker(sandbox, 'worker1', 'docker node ps').stderr).toBe(
      "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.\n",
    );
    const outside = sandboxFor(52, 'tutorial');
    expect(docker(outside, 'worker1', 'docker node ps')).toEqual({
      stdout: '',
      stderr:
        'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
      exitCode: 1,
    });
  });

  test("the node's tasks, sorted by name naturally then newest first, history rows indented", () => {
    const sandbox = sandboxWithTasks(53);
    const output = docker(sandbox, 'manager1', 'docker node ps worker1');
    expect(output.stderr).toBe('');
    expect(output.stdout.split('\n')).toEqual([
      'ID             NAME        IMAGE        NODE      DESIRED STATE   CURRENT STATE               ERROR                              PORTS',
      'bbbbbbbbbbbb   web.1       nginx:1.25   worker1   Running         Running 5 seconds ago                                          ',
      'aaaaaaaaaaaa    \\_ web.1   nginx:1.25   worker1   Shutdown        Failed about a minute ago   "task: non-zero exit (1): the …"   ',
      'dddddddddddd   web.10      nginx:1.25   worker1   Running         Pending 2 seconds ago                                          ',
      '',
    ]);
  });

  test('several nodes, filters, -q (truncated, unlike service ps), --no-trunc, --format', () => {
    const sandbox = sandboxWithTasks(54);
    const names = (line: string) =>
      docker(sandbox, 'manager2', line)
        .stdout.trim()
        .split('\n')
        .map((row) => row.trim());
    expect(names('docker node ps -q worker1 worker2')).toEqual([
      'bbbbbbbbbbbb',
      'aaaaaaaaaaaa',
      'cccccccccccc',
      'dddddddddddd',
    ]);
    expect(names('docker node ps -q --no-trunc worker2')).toEqual([taskId('c')]);
    expect(names('docker node ps -q -f desired-state=running worker1')).toEqual([
      'bbbbbbbbbbbb',
      'dddddddddddd',
    ]);
    expect(names('docker node ps -q -f name=web.1 worker1')).toEqual([
      'bbbbbbbbbbbb',
      'aaaaaaaaaaaa',
      'dddddddddddd',
    ]);
    expect(names(`docker node ps -q -f id=${taskId('a').slice(0, 3)} worker1`)).toEqual(['aaaaaaaaaaaa']);
    expect(names('docker node ps --format {{.Name}}@{{.Node}} worker1 worker2')).toEqual([
      'web.1@worker1',
      'web.1@worker1',
      'web.2@worker2',
      'web.10@worker1',
    ]);
  });

  test('an unknown node is an error after the tasks of the others; a bad filter fails every node', () => {
    const sandbox = sandboxWithTasks(55);
    const output = docker(sandbox, 'manager1', 'docker node ps -q worker2 nowhere');
    expect(output).toEqual({
      stdout: 'cccccccccccc\n',
      stderr: 'Error response from daemon: node nowhere not found\n',
      exitCode: 1,
    });
    expect(docker(sandbox, 'manager1', 'docker node ps -f colour=red worker1 worker2')).toEqual({
      stdout: '',
      stderr:
        "Error response from daemon: invalid filter 'colour'\nError response from daemon: invalid filter 'colour'\n",
      exitCode: 1,
    });
  });
});
