import type { SandboxView } from '@swarmsim/swarm-sim';
import { useInput } from 'ink';
import { findBinding, keyNameOf } from '../keys/key-table.js';
import { resolveKey } from '../keys/resolve.js';
import type { CommandRunner } from './use-command-runner.js';
import type { ShellStore } from './use-shell-state.js';

/**
 * The app's keys outside the prompt and the filter: each press is looked up in the key table,
 * resolved against the view and the selection, and sent on — an action to the controller (via
 * `runner`), a change to the shell, a notice, or a quit. While help is open only `?`, Esc and
 * quit work.
 */
export function useSandboxKeys(
  view: SandboxView,
  shell: ShellStore,
  runner: CommandRunner,
  quit: () => void,
): void {
  const { mode } = shell.state;
  useInput(
    (input, key) => {
      const name = keyNameOf(input, key);
      const binding = name === null ? null : findBinding(name);
      const now = shell.current();
      // A key typed right after `:` or `/` can arrive before this handler is switched off: it
      // belongs to the prompt or the filter, never to the key table.
      if (binding === null || now.mode === 'prompt' || now.mode === 'filter') return;
      if (now.mode === 'help' && !['help', 'back', 'quit'].includes(binding.command)) return;
      const context = { view, selectedMachine: now.selectedMachine, markedMachines: now.markedMachines };
      const intent = resolveKey(binding.command, context);
      if (intent.kind === 'quit') return quit();
      if (intent.kind === 'sandbox') return runner.runAction(intent.action);
      if (intent.kind === 'notice')
        return shell.send({ type: 'notice', notice: { text: intent.text, tone: 'info' } });
      shell.send({ type: 'key', command: intent.command });
    },
    { isActive: mode === 'normal' || mode === 'help' },
  );
}
