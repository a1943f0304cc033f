/**
 * The sandbox commands, as data: what a real lab would do with its hands (add a machine, pull a
 * power cord, unplug a cable, wait) rather than with `docker`. The TUI reads `sandboxCommandSpecs`
 * for tab completion and help; `sandbox-handlers.ts` runs them; docs/commands.md documents them.
 */
import { argument, type ShellCommandSpec, shellFlag } from './shell-table.js';

const machineArgument = argument('MACHINE', 'machine', 'the machine, by name (as `machine ls` lists it)');

const noSuchMachine = '<command>: no such machine "<name>" (machines: <name>, <name>, …)';

export const machineAddSpec: ShellCommandSpec = {
  name: 'machine add',
  synopsis: 'NAME [--ip IP] [--cpus N] [--memory SIZE]',
  summary: 'Add a machine running a Docker engine (not in a swarm yet)',
  description:
    'Adds a machine to the sandbox network: a host with a Docker engine that has not joined a swarm. ' +
    'Its hostname is NAME; `docker swarm init` or `docker swarm join` on it makes it a swarm node. ' +
    'The first machine you add is the one the shell is logged in to.',
  args: [argument('NAME', 'newMachine', 'the hostname: letters, digits and dashes, up to 63 characters')],
  flags: [
    shellFlag('ip', 'IP', 'ip', 'its address on the sandbox network', 'the next free 192.168.99.x from .100'),
    shellFlag('cpus', 'N', 'count', 'CPUs the engine reports (NanoCPUs in `docker node inspect`)', '2'),
    shellFlag(
      'memory',
      'SIZE',
      'size',
      'memory the engine reports, e.g. 512m, 2g',
      '2001m, shown as 1.954GiB',
    ),
  ],
  examples: [
    { command: 'machine add worker3 --ip 192.168.99.110 --cpus 4 --memory 4g', output: 'worker3\n' },
  ],
  errors: [
    'machine add: machine "<name>" already exists',
    'machine add: address <ip> is already used by <name>',
    'machine add: invalid machine name "<name>": use letters, digits and dashes (at most 63), starting with a letter or digit',
    'machine add: invalid IP address "<ip>"',
    'machine add: invalid --cpus "<n>": a whole number from 1 to 256',
    'machine add: invalid --memory "<size>": invalid size: \'<size>\'',
  ],
};

export const machineListSpec: ShellCommandSpec = {
  name: 'machine ls',
  synopsis: '',
  summary: 'List the machines: address, power, CPUs, memory, swarm role',
  description:
    'Lists every machine in the sandbox, sorted by name, with its address, whether it is up, ' +
    'crashed or disconnected, and its role in the swarm as its own engine sees it.',
  args: [],
  flags: [],
  examples: [
    {
      command: 'machine ls',
      output:
        'NAME       IP               POWER     NETWORK   CPUS      MEMORY     SWARM\n' +
        'manager1   192.168.99.100   up        ok        2         1.954GiB   manager\n' +
        'worker1    192.168.99.101   crashed   ok        2         1.954GiB   worker\n' +
        'worker2    192.168.99.102   up        ok        2         1.954GiB   -\n',
    },
  ],
  errors: [],
};

export const useSpec: ShellCommandSpec = {
  name: 'use',
  synopsis: 'MACHINE',
  summary: 'Log the shell in to another machine',
  description:
    'Switches the machine the shell types into, as `ssh MACHINE` would: every docker command that ' +
    'follows runs on that machine’s engine. You may log in to a crashed machine, but its engine does not answer.',
  args: [machineArgument],
  flags: [],
  examples: [{ command: 'use worker1', output: '' }],
  errors: [noSuchMachine.replace('<command>', 'use')],
};

function faultSpec(
  name: string,
  summary: string,
  description: string,
  errors: readonly string[],
): ShellCommandSpec {
  return {
    name,
    synopsis: 'MACHINE',
    summary,
    description,
    args: [machineArgument],
    flags: [],
    examples: [{ command: `${name} worker1`, output: 'worker1\n' }],
    errors: [noSuchMachine.replace('<command>', name), ...errors],
  };
}

export const killSpec = faultSpec(
  'kill',
  'Crash a machine (pull its power cord)',
  'Crashes the machine at once: its engine and Raft member stop, messages to it are lost, its ' +
    'volatile state is gone. What it wrote to disk (its Raft log, term and vote) survives for `restart`.',
  ['kill: machine "<name>" is already down'],
);

export const restartSpec = faultSpec(
  'restart',
  'Start a crashed machine again',
  'Powers a crashed machine back on: the engine restarts from what it persisted, rejoins the swarm ' +
    'it was in, and its Raft member catches up from the leader.',
  ['restart: machine "<name>" is already up'],
);

export const pauseSpec = faultSpec(
  'pause',
  'Freeze a machine (like `docker pause`)',
  'Freezes the machine without losing anything: its engine and Raft member stop running, so it sends ' +
    'no heartbeats and the others soon see it as Down or Unreachable. Messages and timers for it wait ' +
    'until `unpause`, which handles them in order.',
  ['pause: machine "<name>" is down', 'pause: machine "<name>" is already paused'],
);

export const unpauseSpec = faultSpec(
  'unpause',
  'Unfreeze a paused machine',
  'Resumes a paused machine where it stopped: it handles the messages and timers that waited for it, ' +
    'in order, and takes part in the swarm again.',
  ['unpause: machine "<name>" is not paused'],
);

export const disconnectSpec = faultSpec(
  'disconnect',
  'Unplug a machine from the network',
  'Cuts every link to and from the machine: it keeps running but hears nothing and is heard by no one, ' +
    'until `reconnect`.',
  ['disconnect: machine "<name>" is already disconnected'],
);

export const reconnectSpec = faultSpec(
  'reconnect',
  'Plug a disconnected machine back in',
  'Restores the links `disconnect` cut. (A partition is healed with `heal`.)',
  ['reconnect: machine "<name>" is not disconnected'],
);

export const partitionSpec: ShellCommandSpec = {
  name: 'partition',
  synopsis: 'GROUP | GROUP [| GROUP...]',
  summary: 'Split the network into groups that cannot reach each other',
  description:
    'Splits the network: machines in one group reach each other but no machine of another group. ' +
    'A group is a comma-separated list of machine names; groups are separated by `|`. Machines you ' +
    'leave out form one more group. A new partition replaces the previous one; `heal` ends it.',
  args: [
    argument('GROUPS', 'machineGroups', 'machine names, comma-separated, groups separated by |', {
      repeated: true,
    }),
  ],
  flags: [],
  examples: [
    {
      command: 'partition manager1 | manager2,manager3',
      output: 'manager1 | manager2,manager3 | worker1,worker2\n',
    },
  ],
  errors: [
    'partition: no such machine "<name>" (machines: <name>, <name>, …)',
    'partition: machine "<name>" is in two groups',
    'partition: a partition needs at least two groups, separated by |',
    'partition: empty group (two | in a row, or a | at either end)',
  ],
};

export const healSpec: ShellCommandSpec = {
  name: 'heal',
  synopsis: '',
  summary: 'End the partition and restore every cut link',
  description:
    'Ends any partition and reconnects every disconnected machine. Message loss and delay set with ' +
    '`net` stay as they are.',
  args: [],
  flags: [],
  examples: [{ command: 'heal', output: '' }],
  errors: [],
};

export const netDropSpec: ShellCommandSpec = {
  name: 'net drop',
  synopsis: 'PROBABILITY',
  summary: 'Lose each message with this probability (0 turns loss off)',
  description:
    'Every message on every link is lost with this probability, drawn from the sandbox seed. ' +
    'Write it as a percentage (`30%`) or a fraction (`0.3`).',
  args: [argument('PROBABILITY', 'probability', 'from 0 to 1, or 0% to 100%')],
  flags: [],
  examples: [{ command: 'net drop 10%', output: 'every link drops 10% of messages\n' }],
  errors: ['net drop: invalid probability "<p>": write a percentage such as 30% or a fraction from 0 to 1'],
};

export const netDelaySpec: ShellCommandSpec = {
  name: 'net delay',
  synopsis: 'MIN-MAX',
  summary: 'Delay each message by a time drawn from MIN to MAX',
  description:
    'Every message takes a latency drawn uniformly from MIN to MAX (durations such as `5ms-50ms`, or ' +
    'whole milliseconds such as `5-50`). A latency near the election timeout makes elections flap.',
  args: [argument('MIN-MAX', 'delayRange', 'the latency range')],
  flags: [],
  examples: [{ command: 'net delay 10ms-200ms', output: 'every message takes 10ms to 200ms\n' }],
  errors: [
    'net delay: invalid range "<range>": write MIN-MAX such as 10ms-200ms or 5-50',
    'net delay: the maximum <max> is below the minimum <min>',
  ],
};

export const waitSpec: ShellCommandSpec = {
  name: 'wait',
  synopsis: 'DURATION',
  summary: 'Let virtual time run (heartbeats, elections, scheduling happen)',
  description:
    'Runs the sandbox for DURATION of virtual time (`500ms`, `20s`, `1m30s`): heartbeats are sent, ' +
    'timeouts fire, leaders are elected, nodes go Down. Docker commands also take the time they take.',
  args: [argument('DURATION', 'duration', 'how long, e.g. 20s')],
  flags: [],
  examples: [{ command: 'wait 20s', output: '' }],
  errors: [
    'wait: invalid duration "<text>": write a duration such as 500ms, 20s or 1m30s',
    'wait: <text> is longer than the 24h a single wait may take',
  ],
};

export const statusSpec: ShellCommandSpec = {
  name: 'status',
  synopsis: '[--json]',
  summary: 'One screen: machines, swarm roles, Raft roles, terms, commit indexes, node status',
  description:
    'Shows the sandbox at this virtual moment: the clock, the leader and the quorum, then one row per ' +
    'machine with its power, swarm role, Raft role, term, commit index, and the STATUS and MANAGER ' +
    'STATUS the leader records for it. `--json` prints the same as one JSON object.',
  args: [],
  flags: [shellFlag('json', null, 'text', 'print one JSON object instead of the table')],
  examples: [
    {
      command: 'status',
      output:
        'time 1m0.5s   leader manager1 (term 2)   quorum 1/1 ok\n\n' +
        'MACHINE    IP               POWER     NETWORK   SWARM     RAFT      TERM      COMMIT    STATUS    AVAILABILITY   MANAGER STATUS\n' +
        'manager1   192.168.99.100   up        ok        manager   leader    2         9         Ready     Active         Leader\n' +
        'worker1    192.168.99.101   crashed   ok        worker    -         -         -         Down      Active         -\n',
    },
  ],
  errors: [],
};

export const helpSpec: ShellCommandSpec = {
  name: 'help',
  synopsis: '[COMMAND]',
  summary: 'List the commands, or explain one',
  description:
    'Without an argument, lists the docker commands and the sandbox commands. With one, explains it: ' +
    '`help kill`, `help machine add`, `help docker node ls` (the last is `docker node ls --help`).',
  args: [
    argument('COMMAND', 'command', 'a sandbox command, or docker and its words', {
      optional: true,
      repeated: true,
    }),
  ],
  flags: [],
  examples: [{ command: 'help wait', output: 'Usage:  wait DURATION\n…' }],
  errors: ['help: no such command "<words>"'],
};

/** Every sandbox command, in the order `help` lists them. */
export const sandboxCommandSpecs: readonly ShellCommandSpec[] = [
  machineAddSpec,
  machineListSpec,
  useSpec,
  killSpec,
  restartSpec,
  pauseSpec,
  unpauseSpec,
  disconnectSpec,
  reconnectSpec,
  partitionSpec,
  healSpec,
  netDropSpec,
  netDelaySpec,
  waitSpec,
  statusSpec,
  helpSpec,
];
