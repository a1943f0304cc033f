/**
 * `docker swarm unlock` (swarm.md §1.7; docker/cli `cli/command/swarm/unlock.go`): `/info` first,
 * the CLI's own errors for a node that is not locked, then the prompt; the shell is the terminal,
 * so the next line typed is the key (`answerPendingInput`). While locked, manager commands fail
 * with the locked-swarm error. The golden `testdata/swarm-unlock.txt` shows a whole session.
 */
import { describe, expect, test } from 'vitest';
import { daemonErrors } from '../swarm/errors.js';
import { executeRequest } from '../swarm/requests.js';
import { killMachine, restartMachine } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { requestValue, sandboxFor } from '../swarm/testing.js';
import type { InitResult } from '../swarm/types.js';
import { runDockerArgv } from './docker-commands.js';
import type { DockerContext } from './docker-context.js';
import { answerPendingInput, unlockKeyPrompt } from './docker-swarm.js';
import type { CommandOutput } from './types.js';

function shellOn(sandbox: Sandbox, machine: string): DockerContext {
  return { call: (request) => executeRequest(sandbox, machine, request), host: { sandbox, machine } };
}

function docker(sandbox: Sandbox, machine: string, line: string, withHost = true): CommandOutput {
  const context = shellOn(sandbox, machine);
  return runDockerArgv(withHost ? context : { call: context.call }, line.split(' ').slice(1));
}

/** A tutorial swarm whose manager was initialised with autolock, then killed and restarted. */
function lockedManager(seed: number): { sandbox: Sandbox; key: string } {
  const sandbox = sandboxFor(seed, 'tutorial');
  const init = requestValue<InitResult>(sandbox, 'manager1', 'swarm.init', { autolock: true });
  killMachine(sandbox, 'manager1');
  restartMachine(sandbox, 'manager1');
  return { sandbox, key: init.unlockKey as string };
}

describe('docker swarm unlock (swarm.md §1.7)', () => {
  test("only a locked node is asked for its key; the others get the CLI's errors", () => {
    const sandbox = sandboxFor(61, 'tutorial');
    expect(docker(sandbox, 'worker1', 'docker swarm unlock')).toEqual({
      stdout: '',
      stderr: 'Error: This node is not part of a swarm\n',
      exitCode: 1,
    });
    requestValue(sandbox, 'manager1', 'swarm.init', { autolock: true });
    expect(docker(sandbox, 'manager1', 'docker swarm unlock')).toEqual({
      stdout: '',
      stderr: 'Error: swarm is not locked\n',
      exitCode: 1,
    });
    expect(sandbox.pendingInput ?? null).toBeNull();
  });

  test('a locked manager refuses manager commands; the prompt, then the next line is the key', () => {
    const { sandbox, key } = lockedManager(62);
    expect(docker(sandbox, 'manager1', 'docker node ls').stderr).toBe(
      `Error response from daemon: ${daemonErrors.swarmLocked.message}\n`,
    );
    expect(docker(sandbox, 'manager1', 'docker swarm unlock')).toEqual({
      stdout: unlockKeyPrompt,
      stderr: '',
      exitCode: 0,
    });
    expect(unlockKeyPrompt).toBe('Enter unlock key: ');
    expect(sandbox.pendingInput).toEqual({ kind: 'unlockKey', machine: 'manager1' });
    expect(answerPendingInput(sandbox, 'SWMKEY-1-not+the+right+key+at+allAAAAAAAAAAAAAAAAAAA')).toEqual({
      stdout: '\n',
      stderr: 'Error response from daemon: swarm could not be unlocked: invalid key provided\n',
      exitCode: 1,
    });
    expect(sandbox.pendingInput).toBeNull();
    docker(sandbox, 'manager1', 'docker swarm unlock');
    expect(answerPendingInput(sandbox, 'hunter2')).toMatchObject({
      stderr: 'Error response from daemon: invalid key string\n',
    });
    docker(sandbox, 'manager1', 'docker swarm unlock');
    expect(answerPendingInput(sandbox, key)).toEqual({ stdout: '\n', stderr: '', exitCode: 0 });
    expect(docker(sandbox, 'manager1', 'docker node ls').exitCode).toBe(0);
  });

  test('without a terminal (no shell around the command) stdin is empty: the empty key is refused', () => {
    const { sandbox } = lockedManager(63);
    expect(docker(sandbox, 'manager1', 'docker swarm unlock', false)).toEqual({
      stdout: '',
      stderr: 'Error response from daemon: invalid key string\n',
      exitCode: 1,
    });
    expect(sandbox.pendingInput ?? null).toBeNull();
  });
});
