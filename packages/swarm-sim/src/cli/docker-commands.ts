/**
 * `docker …` in the sandbox shell: the grammar (docker/grammar) turns the words into a typed
 * command, help text or Docker's usage error; a handler runs the command against the engine of
 * the machine the shell is logged in to. Handlers are registered per command key, so the service
 * and stack commands (issue 6) plug in beside the swarm and node ones without editing this file.
 */
import { type DockerCommandKey, dockerCommands } from '../docker/grammar/commands.js';
import { type ParsedCommandOf, parseDockerArgv } from '../docker/grammar/parse.js';
import type { DockerContext, DockerHandler } from './docker-context.js';
import { runInfo } from './docker-info.js';
import {
  runNodeDemote,
  runNodeInspect,
  runNodeList,
  runNodePromote,
  runNodePs,
  runNodeRemove,
  runNodeUpdate,
} from './docker-node.js';
import {
  runSwarmInit,
  runSwarmJoin,
  runSwarmJoinToken,
  runSwarmLeave,
  runSwarmUnlock,
  runSwarmUnlockKey,
  runSwarmUpdate,
} from './docker-swarm.js';
import { type CommandOutput, failed } from './types.js';

type HandlerTable = { [K in DockerCommandKey]?: DockerHandler<K> };

const handlers: HandlerTable = {
  'swarm init': runSwarmInit,
  'swarm join': runSwarmJoin,
  'swarm join-token': runSwarmJoinToken,
  'swarm leave': runSwarmLeave,
  'swarm update': runSwarmUpdate,
  'swarm unlock': runSwarmUnlock,
  'swarm unlock-key': runSwarmUnlockKey,
  'node ls': runNodeList,
  'node inspect': runNodeInspect,
  'node promote': runNodePromote,
  'node demote': runNodeDemote,
  'node update': runNodeUpdate,
  'node rm': runNodeRemove,
  'node ps': runNodePs,
  info: runInfo,
};

/**
 * Adds (or replaces) the handler of a docker command, e.g. `service create` from the
 * orchestration layer. Call it at module load; handlers are code, never sandbox state.
 */
export function registerDockerCommand<K extends DockerCommandKey>(key: K, handler: DockerHandler<K>): void {
  (handlers as Record<string, unknown>)[key] = handler;
}

/** The docker commands this shell can run, in the grammar's order (for `help` and completion). */
export function supportedDockerCommands(): DockerCommandKey[] {
  return (Object.keys(dockerCommands) as DockerCommandKey[]).filter((key) => handlers[key] !== undefined);
}

/** The sandbox's error for a command the grammar knows but no handler runs yet. */
export function unsupportedDockerCommand(key: string): CommandOutput {
  return failed(
    `docker: 'docker ${key}' is not available in this sandbox yet\nRun 'help' to list the docker commands it runs.`,
  );
}

/** Runs the words after `docker` on the engine `context` talks to. */
export function runDockerArgv(context: DockerContext, argv: readonly string[]): CommandOutput {
  const parsed = parseDockerArgv(argv);
  if (parsed.kind === 'output') return { stdout: parsed.stdout, stderr: parsed.stderr, exitCode: 0 };
  if (parsed.kind === 'error')
    return { stdout: '', stderr: parsed.error.stderr, exitCode: parsed.error.exitCode };
  const handler = handlers[parsed.command.key] as DockerHandler<DockerCommandKey> | undefined;
  if (handler === undefined) return unsupportedDockerCommand(parsed.command.key);
  const output = handler(context, parsed.command as ParsedCommandOf<DockerCommandKey>);
  return parsed.stderr === '' ? output : { ...output, stderr: parsed.stderr + output.stderr };
}
