/**
 * `swarmsim shell --lab N`: the Raft lab behind the shell. The language and its answers live in
 * swarm-sim (`labShellLine`), shared with `swarmsim check`, so a counterexample the campaign
 * prints replays here line for line.
 */
import { createLabShell, labShellBanner, labShellLine, labShellTrace } from '@swarmsim/swarm-sim';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from './context.js';
import { addLabFlags, type LabFlagValues, unsafeSwitchesOf, wholeNumber } from './options.js';
import type { ShellBackend, ShellValues } from './shell.js';
import type { ShellSession } from './shell-session.js';

interface LabShellValues extends ShellValues, LabFlagValues {
  readonly lab?: number;
}

export const labShellBackend: ShellBackend = {
  flag: '--lab <nodes>',
  addOptions(command: Command) {
    command.addOption(
      new Option('--lab <nodes>', 'a bare Raft cluster of 1 to 9 nodes n1…n9 (RaftScope timings)').argParser(
        wholeNumber('the node count', 1, 9),
      ),
    );
    addLabFlags(command);
  },
  chosen: (values) => (values as LabShellValues).lab !== undefined,
  create(values: ShellValues, seed: number, _context: CliContext): ShellSession | string {
    const lab = values as LabShellValues;
    const created = createLabShell(
      {
        seed,
        nodeCount: lab.lab,
        preVote: lab.prevote === true,
        checkQuorum: lab.checkquorum,
        unsafe: unsafeSwitchesOf(lab),
      },
      values.json === true,
    );
    if (!created.ok) return created.error;
    const shell = created.shell;
    return {
      banner: labShellBanner(shell),
      prompt: () => 'lab> ',
      runLine: (line) => labShellLine(shell, line),
      traceJsonLines: () => labShellTrace(shell),
    };
  },
};
