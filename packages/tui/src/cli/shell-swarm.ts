/**
 * `swarmsim shell --preset P`: a swarm sandbox behind the shell (`empty`, `tutorial`, `3m2w`,
 * `5m5w`). Each line goes to swarm-sim's `runLine`, exactly as the TUI's prompt sends it:
 * `docker …` on the machine the shell is logged in to, sandbox commands (`machine add`, `use`,
 * `kill`, `partition`, `wait`, …) otherwise; `help` lists them.
 */
import { createSandbox, listMachines, presetNames, runLine, traceToJsonLines } from '@swarmsim/swarm-sim';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from './context.js';
import { type LabFlagValues, unsafeSwitchesOf } from './options.js';
import type { ShellBackend, ShellValues } from './shell.js';
import type { ShellSession } from './shell-session.js';

interface SwarmShellValues extends ShellValues {
  readonly preset?: string;
}

export const swarmShellBackend: ShellBackend = {
  flag: '--preset <preset>',
  addOptions(command: Command) {
    command.addOption(
      new Option('--preset <preset>', 'a swarm sandbox: machines running Docker').choices([...presetNames]),
    );
  },
  chosen: (values) => (values as SwarmShellValues).preset !== undefined,
  create(values: ShellValues, seed: number, _context: CliContext): ShellSession | string {
    const swarm = values as SwarmShellValues & LabFlagValues;
    if (swarm.prevote === true || !swarm.checkquorum || unsafeSwitchesOf(swarm).length > 0) {
      return '--prevote, --no-checkquorum and --unsafe set up the Raft lab: use them with --lab';
    }
    const preset = swarm.preset;
    // With --trace the whole trace is kept; otherwise the sandbox's default (no send/deliver).
    const created = createSandbox({
      seed,
      preset,
      ...(values.trace === undefined ? {} : { traceLevel: 'full' }),
    });
    if (!created.ok) return created.error;
    const sandbox = created.value;
    const machines = listMachines(sandbox).map((machine) => machine.name);
    return {
      banner: [
        `SEED=${seed}`,
        `# swarm sandbox, preset ${sandbox.preset}: machines ${machines.join(', ')}; ` +
          `logged in to ${sandbox.currentMachine ?? 'none'}; type help`,
      ],
      prompt: () => `${sandbox.currentMachine ?? 'sandbox'}$ `,
      runLine(line) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return null;
        return runLine(sandbox, line);
      },
      traceJsonLines: () => traceToJsonLines(sandbox.world.trace),
    };
  },
};
