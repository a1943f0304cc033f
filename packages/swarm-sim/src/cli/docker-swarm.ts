/**
 * `docker swarm init | join | join-token | leave | update | unlock | unlock-key`, request for
 * request as docker/cli runs them (`cli/command/swarm/*.go`), with its texts (swarm.md §1.1-§1.7).
 */
import { dockerCommands } from '../docker/grammar/commands.js';
import { commandPath, useLine } from '../docker/grammar/help.js';
import type { ParsedCommandOf } from '../docker/grammar/parse.js';
import type { SwarmInspect, SwarmUpdateParams } from '../swarm/control.js';
import type { InfoResult } from '../swarm/engine.js';
import { cidrText, parseCidr } from '../swarm/init-settings.js';
import { executeRequest } from '../swarm/requests.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import type { InitParams, InitResult, JoinParams, SwarmResponse } from '../swarm/types.js';
import {
  type DockerContext,
  failAfter,
  failAfterResponse,
  responseErrorText,
  responseValue,
} from './docker-context.js';
import type { CommandOutput } from './types.js';

/** docker/cli `printJoinCommand` for one role. */
export function joinCommandText(role: 'worker' | 'manager', token: string, managerAddr: string): string {
  return `To add a ${role} to this swarm, run the following command:\n\n    docker swarm join --token ${token} ${managerAddr}\n\n`;
}

/** docker/cli `runInit`'s output (swarm.md §1.1). */
export function initText(result: InitResult): string {
  let text = `Swarm initialized: current node (${result.nodeId}) is now a manager.\n\n`;
  text += joinCommandText('worker', result.workerToken, result.managerAddr);
  text +=
    "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n";
  if (result.unlockKey !== null) text += unlockKeyText(result.unlockKey);
  return text;
}

/** docker/cli `printUnlockCommand` (nothing for an empty key). */
export function unlockKeyText(unlockKey: string): string {
  if (unlockKey === '') return '';
  return (
    'To unlock a swarm manager after it restarts, run the `docker swarm unlock`\n' +
    `command and provide the following key:\n\n    ${unlockKey}\n\n` +
    'Remember to store this key in a password manager, since without it you\n' +
    'will not be able to restart the manager.\n'
  );
}

const availabilities = ['active', 'pause', 'drain'];

/** docker/cli's text when the daemon has no unlock key (autolock off). */
const noUnlockKeyText = 'no unlock key is set';

/** `--availability` is checked by the CLI before any request (init.go, join.go). */
function checkAvailability(value: string | undefined): string | null {
  if (value === undefined || availabilities.includes(value.toLowerCase())) return null;
  return `invalid availability "${value}", only active, pause and drain are supported`;
}

/**
 * docker/cli's `ipNetSlice` flag value: every occurrence is comma-separated CIDRs (quotes
 * removed), each printed back with its host bits cleared. A bad one is pflag's flag error.
 */
function parseAddressPools(
  texts: readonly string[],
): { ok: true; pools: string[] } | { ok: false; output: CommandOutput } {
  const pools: string[] = [];
  for (const text of texts) {
    for (const item of text.replace(/["'`]/g, '').split(',')) {
      if (item === '' && text === '') continue;
      const cidr = parseCidr(item.trim());
      if (cidr === null) {
        const spec = dockerCommands['swarm init'];
        const message = `invalid argument ${JSON.stringify(text)} for "--default-addr-pool" flag: invalid string being converted to CIDR: ${item}`;
        const usage = `Usage:  ${useLine(spec)}\n\nRun '${commandPath(spec)} --help' for more information`;
        return { ok: false, output: failAfter('', `${message}\n\n${usage}`, 125) };
      }
      pools.push(cidrText(cidr));
    }
  }
  return { ok: true, pools };
}

/** docker/cli `runInit`: the request, with only the spec flags that were given (`ToSpec`). */
function initParams(
  options: ParsedCommandOf<'swarm init'>['options'],
  pools: readonly string[] | null,
): InitParams {
  return {
    ...(options['advertise-addr'] !== undefined && { advertiseAddr: options['advertise-addr'] }),
    ...(options['listen-addr'] !== undefined && { listenAddr: options['listen-addr'] }),
    ...(options.availability !== undefined && { availability: options.availability.toLowerCase() }),
    ...(options['task-history-limit'] !== undefined && { taskHistoryLimit: options['task-history-limit'] }),
    ...(options['dispatcher-heartbeat'] !== undefined && {
      dispatcherHeartbeatMs: options['dispatcher-heartbeat'],
    }),
    ...(options['cert-expiry'] !== undefined && { certExpiryMs: options['cert-expiry'] }),
    ...(options['snapshot-interval'] !== undefined && { snapshotInterval: options['snapshot-interval'] }),
    ...(options['max-snapshots'] !== undefined && { maxSnapshots: options['max-snapshots'] }),
    ...(options['data-path-port'] !== undefined && { dataPathPort: options['data-path-port'] }),
    ...(pools !== null && { defaultAddrPool: pools }),
    ...(options['default-addr-pool-mask-length'] !== undefined && {
      defaultAddrPoolMaskLength: options['default-addr-pool-mask-length'],
    }),
    ...(options.autolock !== undefined && { autolock: options.autolock }),
    ...(options['force-new-cluster'] !== undefined && { forceNewCluster: options['force-new-cluster'] }),
  };
}

export function runSwarmInit(context: DockerContext, command: ParsedCommandOf<'swarm init'>): CommandOutput {
  const options = command.options;
  const pools =
    options['default-addr-pool'] === undefined ? null : parseAddressPools(options['default-addr-pool']);
  if (pools !== null && !pools.ok) return pools.output;
  const availabilityError = checkAvailability(options.availability);
  if (availabilityError !== null) return failAfter('', availabilityError);
  const params = initParams(options, pools === null ? null : pools.pools);
  const response = context.call({ method: 'swarm.init', params });
  if (!response.ok) {
    const addressHint = /could not choose an IP address to advertise|could not find the system's IP address/;
    if (response.fromDaemon && addressHint.test(response.error)) {
      return failAfter(
        '',
        `Error response from daemon: ${response.error} - specify one with --advertise-addr`,
      );
    }
    return failAfterResponse('', response);
  }
  return { stdout: initText(responseValue<InitResult>(response)), stderr: '', exitCode: 0 };
}

export function runSwarmJoin(context: DockerContext, command: ParsedCommandOf<'swarm join'>): CommandOutput {
  const options = command.options;
  const availabilityError = checkAvailability(options.availability);
  if (availabilityError !== null) return failAfter('', availabilityError);
  const params: JoinParams = {
    token: options.token ?? '',
    remoteAddr: command.args[0] as string,
    ...(options['advertise-addr'] !== undefined && { advertiseAddr: options['advertise-addr'] }),
    ...(options['listen-addr'] !== undefined && { listenAddr: options['listen-addr'] }),
    ...(options.availability !== undefined && { availability: options.availability.toLowerCase() }),
  };
  const joined = context.call({ method: 'swarm.join', params });
  if (!joined.ok) return failAfterResponse('', joined);
  const info = context.call({ method: 'info', params: {} });
  if (!info.ok) return failAfterResponse('', info);
  const manager = responseValue<InfoResult>(info).swarm.controlAvailable;
  return {
    stdout: `This node joined a swarm as a ${manager ? 'manager' : 'worker'}.\n`,
    stderr: '',
    exitCode: 0,
  };
}

function inspectSwarm(context: DockerContext): SwarmResponse<SwarmInspect> {
  return context.call({ method: 'swarm.inspect', params: {} }) as SwarmResponse<SwarmInspect>;
}

export function runSwarmJoinToken(
  context: DockerContext,
  command: ParsedCommandOf<'swarm join-token'>,
): CommandOutput {
  const role = command.args[0] as string;
  if (role !== 'worker' && role !== 'manager') return failAfter('', `unknown role ${role}`);
  const quiet = command.options.quiet === true;
  let stdout = '';
  if (command.options.rotate === true) {
    const before = inspectSwarm(context);
    if (!before.ok) return failAfterResponse(stdout, before);
    const rotate = role === 'worker' ? { rotateWorkerToken: true } : { rotateManagerToken: true };
    const updated = context.call({
      method: 'swarm.update',
      params: { version: before.value.version, ...rotate },
    });
    if (!updated.ok) return failAfterResponse(stdout, updated);
    if (!quiet) stdout += `Successfully rotated ${role} join token.\n\n`;
  }
  const swarm = inspectSwarm(context);
  if (!swarm.ok) return failAfterResponse(stdout, swarm);
  if (quiet) return { stdout: `${stdout}${swarm.value.joinTokens[role]}\n`, stderr: '', exitCode: 0 };
  const info = context.call({ method: 'info', params: {} });
  if (!info.ok) return failAfterResponse(stdout, info);
  return printJoinCommand(context, stdout, responseValue<InfoResult>(info).swarm.nodeId, role);
}

/** docker/cli `printJoinCommand`: inspects the node (for its manager address) and the swarm. */
function printJoinCommand(
  context: DockerContext,
  stdout: string,
  nodeId: string,
  role: 'worker' | 'manager',
): CommandOutput {
  const node = context.call({ method: 'node.inspect', params: { ref: nodeId } });
  if (!node.ok) return failAfterResponse(stdout, node);
  const swarm = inspectSwarm(context);
  if (!swarm.ok) return failAfterResponse(stdout, swarm);
  const managerStatus = responseValue<{ managerStatus: { addr: string } | null }>(node).managerStatus;
  if (managerStatus !== null)
    stdout += joinCommandText(role, swarm.value.joinTokens[role], managerStatus.addr);
  return { stdout, stderr: '', exitCode: 0 };
}

export function runSwarmLeave(
  context: DockerContext,
  command: ParsedCommandOf<'swarm leave'>,
): CommandOutput {
  const response = context.call({ method: 'swarm.leave', params: { force: command.options.force === true } });
  if (!response.ok) return failAfterResponse('', response);
  return { stdout: 'Node left the swarm.\n', stderr: '', exitCode: 0 };
}

/** docker/cli `swarmOptions.mergeSwarmSpec`: only the flags given change the spec. */
function specChanges(
  options: ParsedCommandOf<'swarm update'>['options'],
): NonNullable<SwarmUpdateParams['spec']> {
  return {
    ...(options['task-history-limit'] !== undefined && {
      taskHistoryRetentionLimit: options['task-history-limit'],
    }),
    ...(options['dispatcher-heartbeat'] !== undefined && {
      dispatcherHeartbeatPeriodMs: options['dispatcher-heartbeat'],
    }),
    ...(options['cert-expiry'] !== undefined && { nodeCertExpiryMs: options['cert-expiry'] }),
    ...(options.autolock !== undefined && { autolock: options.autolock }),
    ...(options['snapshot-interval'] !== undefined && { snapshotInterval: options['snapshot-interval'] }),
    ...(options['max-snapshots'] !== undefined && { keepOldSnapshots: options['max-snapshots'] }),
  };
}

export function runSwarmUpdate(
  context: DockerContext,
  command: ParsedCommandOf<'swarm update'>,
): CommandOutput {
  const before = inspectSwarm(context);
  if (!before.ok) return failAfterResponse('', before);
  const spec = specChanges(command.options);
  const params: SwarmUpdateParams = { version: before.value.version, spec };
  const updated = context.call({ method: 'swarm.update', params });
  if (!updated.ok) return failAfterResponse('', updated);
  let stdout = 'Swarm updated.\n';
  if (spec.autolock === true && !before.value.spec.autolock) {
    const key = context.call({ method: 'swarm.unlockKey', params: {} });
    if (!key.ok) return failAfter(stdout, `could not fetch unlock key: ${responseErrorText(key)}`);
    stdout += unlockKeyText(responseValue<{ unlockKey: string }>(key).unlockKey);
  }
  return { stdout, stderr: '', exitCode: 0 };
}

export function runSwarmUnlockKey(
  context: DockerContext,
  command: ParsedCommandOf<'swarm unlock-key'>,
): CommandOutput {
  const quiet = command.options.quiet === true;
  let stdout = '';
  if (command.options.rotate === true) {
    const before = inspectSwarm(context);
    if (!before.ok) return failAfterResponse(stdout, before);
    if (!before.value.spec.autolock)
      return failAfter(stdout, 'cannot rotate because autolock is not turned on');
    const updated = context.call({
      method: 'swarm.update',
      params: { version: before.value.version, rotateUnlockKey: true },
    });
    if (!updated.ok) return failAfterResponse(stdout, updated);
    if (!quiet) stdout += 'Successfully rotated manager unlock key.\n';
  }
  const key = context.call({ method: 'swarm.unlockKey', params: {} });
  // The daemon answers an empty key when autolock is off; the model says so as an error.
  const keyMissing = !key.ok && key.error === noUnlockKeyText;
  if (!key.ok && !keyMissing)
    return failAfter(stdout, `could not fetch unlock key: ${responseErrorText(key)}`);
  const unlockKey = key.ok ? responseValue<{ unlockKey: string }>(key).unlockKey : '';
  if (unlockKey === '') return failAfter(stdout, noUnlockKeyText);
  if (quiet) return { stdout: `${stdout}${unlockKey}\n`, stderr: '', exitCode: 0 };
  return { stdout: stdout + unlockKeyText(unlockKey), stderr: '', exitCode: 0 };
}

// ---------------------------------------------------------------------------------------------
// unlock

/** docker/cli `readKey`'s prompt on a terminal (the key is read without echo). */
export const unlockKeyPrompt = 'Enter unlock key: ';

/**
 * docker/cli `runUnlock`: `/info` first, and only a locked node is asked for its key (the others
 * get the CLI's own errors, without the daemon prefix). The sandbox shell is the terminal: the
 * prompt is printed and the next line typed is the key (`answerPendingInput`). Without a shell
 * (a bare context) stdin is empty, and the empty key goes to the daemon.
 */
export function runSwarmUnlock(
  context: DockerContext,
  _command: ParsedCommandOf<'swarm unlock'>,
): CommandOutput {
  const info = context.call({ method: 'info', params: {} });
  if (!info.ok) return failAfterResponse('', info);
  const state = responseValue<InfoResult>(info).swarm.localNodeState;
  if (state === 'inactive') return failAfter('', 'Error: This node is not part of a swarm');
  if (state !== 'locked') return failAfter('', 'Error: swarm is not locked');
  const host = context.host;
  if (host === undefined) return unlockWithKey(context, '');
  host.sandbox.pendingInput = { kind: 'unlockKey', machine: host.machine };
  return { stdout: unlockKeyPrompt, stderr: '', exitCode: 0 };
}

function unlockWithKey(context: DockerContext, key: string): CommandOutput {
  const unlocked = context.call({ method: 'swarm.unlock', params: { key } });
  if (!unlocked.ok) return failAfterResponse('', unlocked);
  return { stdout: '', stderr: '', exitCode: 0 };
}

/**
 * The line the shell got while a command waited for input: for `docker swarm unlock`, the key.
 * The terminal does not echo it; docker prints the newline the Enter key did not, then unlocks.
 * The key line is not recorded as a command (it is a secret, and not a command).
 */
export function answerPendingInput(sandbox: Sandbox, line: string): CommandOutput {
  const pending = sandbox.pendingInput ?? null;
  sandbox.pendingInput = null;
  if (pending === null) return { stdout: '', stderr: '', exitCode: 0 };
  const context: DockerContext = {
    call: (request) => executeRequest(sandbox, pending.machine, request),
    host: { sandbox, machine: pending.machine },
  };
  const output = unlockWithKey(context, line);
  return { ...output, stdout: `\n${output.stdout}` };
}
