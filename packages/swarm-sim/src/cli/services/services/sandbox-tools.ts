/**
 * The sandbox's own commands for services (what a lab does outside docker): `curl NODE:PORT`
 * through the routing mesh, `load NODE:PORT --rate R --for D` to measure availability while
 * faults happen, and `container kill NODE TASK` to make a task's process die. Specs are data
 * (help and tab completion); handlers drive the services model's sandbox operations.
 */
import { assert } from '../../kernel/assert.js';
import { containerKill } from '../../services/containers.js';
import { curl, type LoadReport, load } from '../../services/mesh.js';
import { formatDuration } from '../../units.js';
import { noSuchMachine, type ShellSession } from '../sandbox-handlers.js';
import { parseWaitDuration } from '../sandbox-values.js';
import {
  argument,
  type ParsedShellCommand,
  type ShellCommand,
  type ShellCommandSpec,
  shellFlag,
  shellUsageError,
} from '../shell-table.js';
import { type CommandOutput, failed, printed } from '../types.js';

export const curlSpec: ShellCommandSpec = {
  name: 'curl',
  synopsis: 'MACHINE:PORT',
  summary: 'Send one HTTP request to a published port (the routing mesh answers)',
  description:
    'Sends `GET http://MACHINE:PORT/` as curl would. A port published in ingress mode answers on every ' +
    'machine of the swarm, even one running no task: the mesh forwards each request to the next task, ' +
    'round-robin. A host-mode port answers only on machines running a task. Prints which task and ' +
    'machine answered, or curl’s error (and its exit code).',
  args: [
    argument('MACHINE:PORT', 'text', 'the machine to connect to and the published port, e.g. worker1:8080'),
  ],
  flags: [],
  examples: [{ command: 'curl worker2:8080', output: 'Hello from my-web.1.<task-id> on worker1\n' }],
  errors: [
    'curl: (6) Could not resolve host: <machine>',
    'curl: (7) Failed to connect to <machine> port <port>: Connection refused',
    'curl: (28) Failed to connect to <machine> port <port> after 10000 ms: Timeout was reached',
  ],
};

export const loadSpec: ShellCommandSpec = {
  name: 'load',
  synopsis: 'MACHINE:PORT --rate R --for DURATION',
  summary: 'Send requests at a steady rate while time runs; report availability and latency',
  description:
    'Sends R requests a second to MACHINE:PORT for DURATION of virtual time (faults you scheduled, and ' +
    'the swarm’s reactions to them, happen meanwhile). Reports how many succeeded, the latency of the ' +
    'successful ones, which machines answered, and the longest window during which requests failed: ' +
    'how long the service was unavailable to a client. A request fails after 1 s without an answer.',
  args: [
    argument('MACHINE:PORT', 'text', 'the machine to send to and the published port, e.g. worker1:8080'),
  ],
  flags: [
    shellFlag('rate', 'R', 'count', 'requests per second, 1 to 1000', '10'),
    shellFlag('for', 'DURATION', 'duration', 'how long to send, e.g. 30s', '10s'),
  ],
  examples: [
    {
      command: 'load manager1:8080 --rate 10 --for 30s',
      output:
        '300 requests in 30s: 300 succeeded, 0 failed\n' +
        'latency: min 1ms, median 1ms, p99 7ms, max 7ms\n' +
        'answered by: manager1 150, worker2 150\n' +
        'failures: none\n' +
        'longest unavailability: none\n',
    },
  ],
  errors: [
    'load: invalid MACHINE:PORT "<text>": write it as worker1:8080',
    'load: invalid --rate "<r>": a whole number of requests per second, 1 to 1000',
    'load: invalid duration "<text>": write a duration such as 500ms, 20s or 1m30s',
    'load: at most 100000 requests per run',
  ],
};

export const containerKillSpec: ShellCommandSpec = {
  name: 'container kill',
  synopsis: 'MACHINE TASK [--exit-code N]',
  summary: 'Make a task’s container die on a machine (its process exits)',
  description:
    'The container of TASK on MACHINE exits with code N (137 by default, as after SIGKILL): the agent ' +
    'reports the task failed (or complete for 0), and the orchestrator replaces it as its restart policy ' +
    'says. TASK is a task ID or its prefix, or the container’s name (`web.1.<task-id>`) or ID prefix, as ' +
    '`docker ps` on that machine shows them.',
  args: [
    argument('MACHINE', 'machine', 'the machine running the container'),
    argument('TASK', 'text', 'a task ID (prefix), container name or container ID (prefix)'),
  ],
  flags: [shellFlag('exit-code', 'N', 'count', 'the exit code, 0 to 255', '137')],
  examples: [
    { command: 'container kill worker1 helloworld.1.<task-id>', output: 'helloworld.1.<task-id>\n' },
  ],
  errors: [
    'container kill: no such machine "<name>" (machines: <name>, <name>, …)',
    'container kill: No such container: <task>',
    'container kill: multiple containers match <task>',
    'container kill: invalid --exit-code "<n>": a whole number from 0 to 255',
  ],
};

/** `worker1:8080`, `http://worker1:8080/`: the machine and the port. */
export function parseTarget(text: string): { ok: true; machine: string; port: number } | { ok: false } {
  const match = /^(?:https?:\/\/)?([^:/\s]+):(\d{1,5})\/?$/.exec(text);
  if (match === null) return { ok: false };
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return { ok: false };
  return { ok: true, machine: match[1] as string, port };
}

function runCurl(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const text = command.args[0] as string;
  const target = parseTarget(text);
  if (!target.ok)
    return shellUsageError(command.spec, `invalid MACHINE:PORT "${text}": write it as worker1:8080`);
  const result = curl(session.sandbox, target.machine, target.port);
  if (result.ok) return printed(`${result.text}\n`);
  const code = /^curl: \((\d+)\)/.exec(result.error);
  return failed(result.error, code === null ? 1 : Number(code[1]));
}

/** The report `load` prints (see loadSpec). */
export function formatLoadReport(report: LoadReport, durationMs: number, intervalMs: number): string {
  let text = `${report.requests} requests in ${formatDuration(durationMs)}: ${report.successes} succeeded, ${report.failures} failed\n`;
  const latency = report.latency;
  text +=
    latency === null
      ? 'latency: no request succeeded\n'
      : `latency: min ${latency.minMs}ms, median ${latency.medianMs}ms, p99 ${latency.p99Ms}ms, max ${latency.maxMs}ms\n`;
  const answered = Object.keys(report.answeredBy)
    .sort()
    .map((machine) => `${machine} ${report.answeredBy[machine]}`);
  text += `answered by: ${answered.length === 0 ? 'no machine' : answered.join(', ')}\n`;
  const windows = report.failureWindows;
  const first = windows[0];
  const last = windows[windows.length - 1];
  if (first === undefined || last === undefined)
    return `${text}failures: none\nlongest unavailability: none\n`;
  text += `failures: ${report.failures} between ${formatDuration(first.fromMs)} and ${formatDuration(last.toMs)}\n`;
  let longest = first;
  for (const window of windows) if (window.failures > longest.failures) longest = window;
  const spanMs = longest.toMs - longest.fromMs + intervalMs;
  const inARow = longest.failures === 1 ? '1 failed request' : `${longest.failures} failed requests in a row`;
  const when =
    longest.failures === 1
      ? `at ${formatDuration(longest.fromMs)}`
      : `from ${formatDuration(longest.fromMs)} to ${formatDuration(longest.toMs)}`;
  return `${text}longest unavailability: ${formatDuration(spanMs)} (${inARow} ${when})\n`;
}

function runLoad(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const text = command.args[0] as string;
  const target = parseTarget(text);
  if (!target.ok)
    return shellUsageError(command.spec, `invalid MACHINE:PORT "${text}": write it as worker1:8080`);
  const rateText = typeof command.flags.rate === 'string' ? command.flags.rate : '10';
  if (!/^\d{1,4}$/.test(rateText) || Number(rateText) < 1 || Number(rateText) > 1000) {
    return shellUsageError(
      command.spec,
      `invalid --rate "${rateText}": a whole number of requests per second, 1 to 1000`,
    );
  }
  const duration = parseWaitDuration(typeof command.flags.for === 'string' ? command.flags.for : '10s');
  if (!duration.ok) return shellUsageError(command.spec, duration.error);
  if (duration.value < 1) return shellUsageError(command.spec, 'invalid duration "0": load for at least 1ms');
  const ratePerSecond = Number(rateText);
  assert(ratePerSecond >= 1 && ratePerSecond <= 1000, 'a checked rate');
  const reported = load(session.sandbox, target.machine, target.port, {
    ratePerSecond,
    durationMs: duration.value,
  });
  if (!reported.ok) return failed(`load: ${reported.error}`);
  const intervalMs = Math.max(1, Math.floor(1000 / ratePerSecond));
  return printed(formatLoadReport(reported.value, duration.value, intervalMs));
}

function runContainerKill(session: ShellSession, command: ParsedShellCommand): CommandOutput {
  const machine = command.args[0] as string;
  const task = command.args[1] as string;
  const missing = noSuchMachine(session.sandbox, 'container kill', machine);
  if (missing !== null) return missing;
  const codeText = typeof command.flags['exit-code'] === 'string' ? command.flags['exit-code'] : '137';
  if (!/^\d{1,3}$/.test(codeText) || Number(codeText) > 255) {
    return shellUsageError(command.spec, `invalid --exit-code "${codeText}": a whole number from 0 to 255`);
  }
  const killed = containerKill(session.sandbox, machine, task, Number(codeText));
  return killed.ok ? printed(`${task}\n`) : failed(`container kill: ${killed.error}`);
}

/** The service tools with their handlers, for the sandbox command table. */
export const serviceSandboxCommands: readonly ShellCommand<ShellSession>[] = [
  { spec: curlSpec, run: runCurl },
  { spec: loadSpec, run: runLoad },
  { spec: containerKillSpec, run: runContainerKill },
];
