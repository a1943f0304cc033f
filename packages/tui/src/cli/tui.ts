/**
 * `swarmsim` with no subcommand: the full-screen sandbox. `--preset P` (default `empty`) opens a
 * swarm, `--lab N` a bare Raft cluster, `--scenario FILE` plays a scenario, `--lesson FILE` a
 * lesson; `--seed S` and `--speed N` set the world's seed and the clock. Without a terminal it
 * says so and exits 2 (controller/launch.ts).
 */
import { InvalidArgumentError, Option } from 'commander';
import { parseSpeed } from '../controller/clock-command.js';
import { prepareSandbox } from '../controller/open.js';
import type { CliSubcommand } from './context.js';
import { exitUsage, printError } from './context.js';
import {
  addLabFlags,
  type LabFlagValues,
  listUnsafeIfAsked,
  parseSeed,
  unsafeSwitchesOf,
  wholeNumber,
} from './options.js';

interface TuiValues extends LabFlagValues {
  readonly lab?: number;
  readonly preset?: string;
  readonly scenario?: string;
  readonly lesson?: string;
  readonly seed?: number;
  readonly speed?: number;
  readonly paused?: boolean;
}

function speedArgument(value: string): number {
  const speed = parseSpeed(value);
  if (typeof speed === 'string')
    throw new InvalidArgumentError('a speed from 1/100 to 1000, e.g. 10, 0.5 or 1/100.');
  return speed;
}

export const tuiSubcommand: CliSubcommand = {
  name: '',
  register(program, context) {
    program
      .addOption(
        new Option(
          '--preset <preset>',
          'open a swarm sandbox: empty, tutorial, 3m2w or 5m5w (default: empty)',
        ),
      )
      .addOption(
        new Option('--lab <nodes>', 'open a bare Raft cluster of 1 to 9 nodes, RaftScope-style').argParser(
          wholeNumber('the node count', 1, 9),
        ),
      )
      .option(
        '--scenario <file>',
        'play a scenario file: its steps and expectations pass or fail as you watch',
      )
      .option('--lesson <file>', 'work through a lesson: its goals tick as you reach them')
      .option('--seed <seed>', 'the world seed (default: a fresh one, shown in the status bar)', parseSeed)
      .option(
        '--speed <speed>',
        'the clock: 1/100 to 1000 times real time (default 1; the lab 1/10)',
        speedArgument,
      )
      .option('--paused', 'start with the clock stopped');
    addLabFlags(program);
    program.action(async (values: TuiValues) => {
      if (listUnsafeIfAsked(context, values)) return;
      const sandbox = prepareSandbox({
        seed: values.seed ?? null,
        freshSeed: context.io.randomSeed(),
        ...(values.lab === undefined ? {} : { lab: values.lab }),
        ...(values.preset === undefined ? {} : { preset: values.preset }),
        ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
        ...(values.lesson === undefined ? {} : { lesson: values.lesson }),
        ...(values.speed === undefined ? {} : { speed: values.speed }),
        paused: values.paused === true,
        preVote: values.prevote === true,
        checkQuorum: values.checkquorum,
        unsafe: unsafeSwitchesOf(values),
      });
      if (!sandbox.ok) {
        printError(context, `error: ${sandbox.error}`);
        context.exitCode = exitUsage;
        return;
      }
      context.exitCode = await sandbox.launch(terminalOf(context));
    });
  },
};

/** The process to draw on: the real one, unless a test gave the program streams of its own. */
function terminalOf(context: Parameters<CliSubcommand['register']>[1]) {
  const io = context.io;
  if (io.stdin === process.stdin && io.stdout === process.stdout) return undefined;
  return {
    stdin: io.stdin as NodeJS.ReadStream,
    stdout: io.stdout as NodeJS.WriteStream,
    stderr: io.stderr,
    on: () => undefined,
    off: () => undefined,
    exit: () => undefined,
  };
}
