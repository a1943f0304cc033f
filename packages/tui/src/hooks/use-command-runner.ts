import { useCallback, useEffect, useRef } from 'react';
import {
  actionToCommand,
  type CommandResult,
  type SandboxAction,
  type SandboxController,
} from '../app/controller.js';
import type { ShellEvent } from '../app/shell-state.js';

export interface CommandRunner {
  /** Runs a line typed at the prompt. */
  runLine(line: string): void;
  /** Runs a key's action; the transcript shows it as the command it equals. */
  runAction(action: SandboxAction): void;
}

function failure(error: unknown): CommandResult {
  const message = error instanceof Error ? error.message : String(error);
  return { stdout: '', stderr: `internal error: ${message}`, exitCode: 1 };
}

/**
 * Sends lines and actions to the controller, synchronous or not, and reports each start and
 * result to the shell (transcript, footer notice). A controller that throws is reported as a
 * failed command rather than crashing the app; results arriving after unmount are dropped.
 */
export function useCommandRunner(
  controller: SandboxController,
  host: string,
  send: (event: ShellEvent) => void,
): CommandRunner {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const settle = useCallback(
    (line: string, run: () => CommandResult | Promise<CommandResult>) => {
      const finish = (result: CommandResult) => {
        if (mounted.current) send({ type: 'commandFinished', line, result });
      };
      try {
        Promise.resolve(run()).then(finish, (error: unknown) => finish(failure(error)));
      } catch (error) {
        finish(failure(error));
      }
    },
    [send],
  );
  const runLine = useCallback(
    (line: string) => {
      if (line.trim() === '') return;
      send({ type: 'commandStarted', line, host, typed: true });
      settle(line, () => controller.runCommand(line));
    },
    [controller, host, send, settle],
  );
  const runAction = useCallback(
    (action: SandboxAction) => {
      const line = actionToCommand(action);
      send({ type: 'commandStarted', line, host, typed: false });
      settle(line, () => controller.dispatch(action));
    },
    [controller, host, send, settle],
  );
  return { runLine, runAction };
}
