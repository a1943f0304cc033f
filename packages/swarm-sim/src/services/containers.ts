/**
 * What a machine's own engine answers about its task containers, without a manager: `docker ps`
 * (docker/cli `container/formatter.go`: `Up 5 seconds`, `Exited (137) 2 seconds ago`), and the
 * sandbox's container faults: `containerKill` (a process dies with an exit code) and
 * `setImageFailure` (every container of an image dies after a while, for failing rolling updates).
 */
import { humanDuration } from '../docker/humanize.js';
import type { Sandbox, SandboxResult } from '../swarm/sandbox-types.js';
import {
  killContainer,
  repositoryOf,
  type ServiceContainer,
  serviceContainers,
  wakeExecutor,
} from './executor.js';
import { machineNamed, machineRunning } from './machines.js';
import { setImageFailureRule } from './slots.js';
import { imageWithoutDigest } from './spec.js';

export interface ContainerEntry {
  /** 64 hex characters (the CLI truncates to 12). */
  readonly id: string;
  readonly image: string;
  /** The command as `docker ps` shows it before quoting: `ping docker.com`. */
  readonly command: string;
  readonly createdAtMs: number;
  /** `Up 5 seconds`, `Created`, `Exited (137) 2 seconds ago`. */
  readonly status: string;
  /** `0.0.0.0:8080->80/tcp` for host-mode ports, else the image's exposed ports (`80/tcp`). */
  readonly ports: string;
  /** `web.1.<taskID>`. */
  readonly names: string;
  readonly state: 'created' | 'running' | 'exited';
  readonly taskId: string;
  readonly serviceId: string;
}

/** The default command and exposed ports of images people use in tutorials. */
const imageDefaults: Readonly<Record<string, { command: string; ports: string }>> = {
  nginx: { command: "/docker-entrypoint.sh nginx -g 'daemon off;'", ports: '80/tcp' },
  httpd: { command: 'httpd-foreground', ports: '80/tcp' },
  redis: { command: 'docker-entrypoint.sh redis-server', ports: '6379/tcp' },
  postgres: { command: 'docker-entrypoint.sh postgres', ports: '5432/tcp' },
  mysql: { command: 'docker-entrypoint.sh mysqld', ports: '3306/tcp, 33060/tcp' },
  alpine: { command: '/bin/sh', ports: '' },
  busybox: { command: 'sh', ports: '' },
  ubuntu: { command: '/bin/bash', ports: '' },
};

function defaultsOf(image: string): { command: string; ports: string } {
  return imageDefaults[repositoryOf(image)] ?? { command: '', ports: '' };
}

function statusText(container: ServiceContainer, nowMs: number): string {
  if (container.state === 'running') return `Up ${humanDuration(nowMs - (container.startedAtMs ?? nowMs))}`;
  if (container.state === 'created') return 'Created';
  const finishedAtMs = container.finishedAtMs ?? nowMs;
  return `Exited (${container.exitCode ?? 0}) ${humanDuration(nowMs - finishedAtMs)} ago`;
}

function entryOf(container: ServiceContainer, nowMs: number): ContainerEntry {
  const defaults = defaultsOf(container.image);
  const hostPorts = container.hostPorts.map(
    (port) => `0.0.0.0:${port.publishedPort}->${port.targetPort}/${port.protocol}`,
  );
  return {
    id: container.id,
    image: container.image,
    command: container.commandLine.length > 0 ? container.commandLine.join(' ') : defaults.command,
    createdAtMs: container.createdAtMs,
    status: statusText(container, nowMs),
    ports: hostPorts.length > 0 ? hostPorts.join(', ') : container.state === 'running' ? defaults.ports : '',
    names: container.name,
    state: container.state,
    taskId: container.taskId,
    serviceId: container.serviceId,
  };
}

/**
 * `docker ps` (running containers) or `docker ps -a` (all) on a machine, newest first as Docker
 * lists them. A machine that is down has no daemon to ask.
 */
export function listContainers(
  sandbox: Sandbox,
  machine: string,
  options: { readonly all?: boolean } = {},
): SandboxResult<ContainerEntry[]> {
  const host = machineNamed(sandbox.world, machine);
  if (host === null) return { ok: false, error: `no such machine: ${machine}` };
  const engine = host.state.engine;
  if (!machineRunning(host) || engine === null) {
    return {
      ok: false,
      error:
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    };
  }
  const nowMs = sandbox.world.nowMs;
  const entries = serviceContainers(engine)
    .filter((container) => options.all === true || container.state === 'running')
    .sort((left, right) => right.createdAtMs - left.createdAtMs || (left.id < right.id ? -1 : 1))
    .map((container) => entryOf(container, nowMs));
  return { ok: true, value: entries };
}

/**
 * Kills the container of a task on a machine (`taskRef`: a task ID, its prefix, or the container's
 * name or ID prefix) with `exitCode`: 0 completes the task, anything else fails it.
 */
export function containerKill(
  sandbox: Sandbox,
  machine: string,
  taskRef: string,
  exitCode = 137,
): SandboxResult<{ taskId: string; containerId: string }> {
  if (!Number.isSafeInteger(exitCode) || exitCode < 0 || exitCode > 255)
    return { ok: false, error: 'an exit code is 0 to 255' };
  const host = machineNamed(sandbox.world, machine);
  if (host === null) return { ok: false, error: `no such machine: ${machine}` };
  const engine = host.state.engine;
  if (!machineRunning(host) || engine === null) return { ok: false, error: `${machine} is not running` };
  const matches = serviceContainers(engine).filter(
    (container) =>
      taskRef !== '' &&
      (container.taskId.startsWith(taskRef) ||
        container.id.startsWith(taskRef) ||
        container.name === taskRef),
  );
  if (matches.length === 0) return { ok: false, error: `No such container: ${taskRef}` };
  if (matches.length > 1) return { ok: false, error: `multiple containers match ${taskRef}` };
  const container = matches[0] as ServiceContainer;
  if (!killContainer(engine, container.taskId, exitCode, sandbox.world.nowMs)) {
    return { ok: false, error: `container ${container.name} is not running` };
  }
  wakeExecutor(sandbox.world, host);
  return { ok: true, value: { taskId: container.taskId, containerId: container.id } };
}

/**
 * From now on, containers of `image` exit with `exitCode` `afterMs` after they start (containers
 * already running keep their fate). `null` removes the rule.
 */
export function setImageFailure(
  sandbox: Sandbox,
  image: string,
  rule: { readonly exitCode: number; readonly afterMs: number } | null,
): SandboxResult {
  if (image === '') return { ok: false, error: 'an image name is required' };
  if (rule !== null) {
    if (!Number.isSafeInteger(rule.exitCode) || rule.exitCode < 0 || rule.exitCode > 255)
      return { ok: false, error: 'an exit code is 0 to 255' };
    if (!Number.isSafeInteger(rule.afterMs) || rule.afterMs < 0)
      return { ok: false, error: 'afterMs is a whole number of milliseconds >= 0' };
  }
  setImageFailureRule(sandbox.world, imageWithoutDigest(image), rule);
  return { ok: true, value: null };
}
