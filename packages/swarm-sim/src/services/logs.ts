/**
 * `docker service logs` (swarm.md §1.15): the leader's log broker asks the agents for their
 * containers' output. The sandbox's containers print synthetic lines, derived only from the task
 * and the virtual clock (a hash, no prng), so the same run prints the same logs:
 *
 * - `ping HOST` (the tutorial's `alpine ping docker.com`): `PING HOST (IP): 56 data bytes`, then
 *   one `64 bytes from IP: seq=N ttl=37 time=T ms` a second;
 * - nginx: the entrypoint's start-up lines, then an access-log line every 10 s;
 * - redis: the start-up banner and `Ready to accept connections tcp`;
 * - anything else: one line saying the container started.
 *
 * Lines run from the container's start to its exit (or now). Only machines that are running
 * answer; a dead machine's tasks print nothing, as the log broker cannot reach them.
 */
import { createHash } from 'node:crypto';
import type { LeaderContext, WriteOutcome } from '../swarm/extensions.js';
import type { TaskObject } from '../swarm/objects.js';
import { serviceErrors } from './errors.js';
import { repositoryOf, type ServiceContainer, serviceContainers } from './executor.js';
import { machineOfNode, machineRunning } from './machines.js';
import { resolveService } from './queries.js';
import { taskName } from './spec.js';

export interface LogLine {
  readonly atMs: number;
  readonly taskId: string;
  /** `web.1` or `web.<nodeID>`: with the task ID, the `<svc>.<slot>.<taskid>@<node>` prefix. */
  readonly taskName: string;
  readonly nodeId: string;
  readonly hostname: string;
  readonly text: string;
}

export interface ServiceLogsParams {
  /** A service (ID, name, ID prefix) or a task (ID or ID prefix). */
  readonly ref: string;
  /** Only the last N lines (of each task, as `docker service logs --tail`). */
  readonly tail?: number;
}

/** Per task, lines beyond this are dropped from the front (a bound, like Docker's log rotation). */
export const logLinesPerTaskMax = 5000;

function hashNumber(...parts: readonly (string | number)[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000'), 'utf8').digest();
  return digest.readUInt32BE(0);
}

function pseudoIp(host: string): string {
  const value = hashNumber('ip', host);
  return `${((value >>> 24) % 200) + 20}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${(value & 253) + 1}`;
}

/** The `[10/Nov/2009:23:00:05 +0000]` of an access log line, virtual time 0 being that instant. */
function accessLogDate(atMs: number): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const instant = new Date(Date.UTC(2009, 10, 10, 23, 0, 0) + atMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${pad(instant.getUTCDate())}/${months[instant.getUTCMonth()]}/${instant.getUTCFullYear()}`;
  return `${day}:${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}:${pad(instant.getUTCSeconds())} +0000`;
}

/** Every line the container printed up to `nowMs`, oldest first, bounded by `logLinesPerTaskMax`. */
export function containerLogLines(
  container: ServiceContainer,
  nowMs: number,
): { atMs: number; text: string }[] {
  if (container.startedAtMs === null) return [];
  const startMs = container.startedAtMs;
  const endMs = Math.min(nowMs, container.finishedAtMs ?? nowMs);
  const lines: { atMs: number; text: string }[] = [];
  const periodic = (periodMs: number, text: (index: number) => string) => {
    const count = Math.floor((endMs - startMs) / periodMs);
    for (let index = Math.max(0, count - logLinesPerTaskMax); index < count; index++) {
      lines.push({ atMs: startMs + (index + 1) * periodMs, text: text(index) });
    }
  };
  const words = container.commandLine;
  const pingAt = words.indexOf('ping');
  const repository = repositoryOf(container.image);
  if (pingAt >= 0 && words[pingAt + 1] !== undefined) {
    const host = words[words.length - 1] as string;
    const ip = pseudoIp(host);
    lines.push({ atMs: startMs, text: `PING ${host} (${ip}): 56 data bytes` });
    periodic(1000, (index) => {
      const tenths = 50 + (hashNumber(container.taskId, index) % 400);
      return `64 bytes from ${ip}: seq=${index} ttl=37 time=${Math.floor(tenths / 10)}.${tenths % 10}00 ms`;
    });
  } else if (repository === 'nginx') {
    for (const text of [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ])
      lines.push({ atMs: startMs, text });
    periodic(10_000, (index) => {
      const atMs = startMs + (index + 1) * 10_000;
      return `10.0.0.${2 + (hashNumber(container.taskId, index) % 8)} - - [${accessLogDate(atMs)}] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"`;
    });
  } else if (repository === 'redis') {
    lines.push({ atMs: startMs, text: '1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo' });
    lines.push({ atMs: startMs, text: '1:M * Ready to accept connections tcp' });
  } else {
    lines.push({ atMs: startMs, text: `${container.name} started` });
  }
  return lines;
}

/** The `service.logs` control method. */
export function serviceLogs(context: LeaderContext, raw: unknown): WriteOutcome {
  const params = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ServiceLogsParams>;
  const reference = String(params.ref ?? '');
  const store = context.store;
  let tasks: TaskObject[];
  const resolved = resolveService(store, reference);
  if (resolved.ok) {
    tasks = Object.values(store.tasks).filter((task) => task.serviceId === resolved.value.meta.id);
  } else {
    const matches =
      reference === '' ? [] : Object.values(store.tasks).filter((task) => task.meta.id.startsWith(reference));
    if (matches.length !== 1)
      return {
        ok: false,
        error: matches.length === 0 ? resolved.error : serviceErrors.ambiguous(reference, matches.length),
      };
    tasks = matches;
  }
  const tail = typeof params.tail === 'number' && params.tail >= 0 ? params.tail : null;
  const lines: LogLine[] = [];
  for (const task of tasks.sort((left, right) => (left.meta.id < right.meta.id ? -1 : 1))) {
    const host = machineOfNode(context.world, task.nodeId);
    const engine = host?.state.engine ?? null;
    if (host === null || engine === null || !machineRunning(host)) continue;
    const container = serviceContainers(engine).find((candidate) => candidate.taskId === task.meta.id);
    if (container === undefined) continue;
    const name = taskName(store.services[task.serviceId]?.spec.name ?? task.spec.name, task);
    const own = containerLogLines(container, context.nowMs).map((line) => ({
      atMs: line.atMs,
      taskId: task.meta.id,
      taskName: name,
      nodeId: task.nodeId ?? '',
      hostname: host.state.hardware.hostname,
      text: line.text,
    }));
    lines.push(...(tail === null ? own : own.slice(Math.max(0, own.length - tail))));
  }
  lines.sort(
    (left, right) =>
      left.atMs - right.atMs || (left.taskId < right.taskId ? -1 : left.taskId > right.taskId ? 1 : 0),
  );
  return { ok: true, value: lines };
}
