/**
 * The docker commands the sandbox understands, as data. Usage lines, descriptions, flags, type
 * words and defaults are docker/cli's (checked against `--help` output and
 * `docs/reference/commandline/*.md`); argument rules follow each command's cobra `Args`.
 *
 * The TUI reads `dockerCommands` and `dockerCommandGroups` for tab completion; the parser and
 * the help printer read them for everything else.
 */
import { type CommandGroupSpec, command, flag } from './spec.js';

/** docker/cli `flagsHelper.FormatHelp`, the `--format` text of list commands. */
export const formatHelpText = `Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

/** docker/cli `flagsHelper.InspectFormatHelp`, the `--format` text of inspect commands. */
export const inspectFormatHelpText = `Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

const availabilityValues = ['active', 'pause', 'drain'] as const;
const durationUnits = '(ns|us|ms|s|m|h)';

// ---------------------------------------------------------------------------------------------
// docker swarm

const swarmSpecFlags = [
  flag('autolock', 'bool', 'Enable manager autolocking (requiring an unlock key to start a stopped manager)'),
  flag('cert-expiry', 'duration', `Validity period for node certificates ${durationUnits}`, {
    defaultText: '2160h0m0s',
  }),
  flag('dispatcher-heartbeat', 'duration', `Dispatcher heartbeat period ${durationUnits}`, {
    defaultText: '5s',
  }),
  flag('external-ca', 'list', 'Specifications of one or more certificate signing endpoints', {
    typeName: 'external-ca',
  }),
  flag('max-snapshots', 'uint', 'Number of additional Raft snapshots to retain'),
  flag('snapshot-interval', 'uint', 'Number of log entries between Raft snapshots', { defaultText: '10000' }),
  flag('task-history-limit', 'int', 'Task history retention limit', { defaultText: '5' }),
] as const;

const swarmInit = command({
  path: ['swarm', 'init'],
  use: 'init [OPTIONS]',
  short: 'Initialize a swarm',
  args: { kind: 'none' },
  flags: [
    flag('advertise-addr', 'string', 'Advertised address (format: "<ip|interface>[:port]")'),
    ...swarmSpecFlags,
    flag('availability', 'string', 'Availability of the node ("active", "pause", "drain")', {
      defaultText: 'active',
      values: availabilityValues,
    }),
    flag(
      'data-path-addr',
      'string',
      'Address or interface to use for data path traffic (format: "<ip|interface>")',
    ),
    flag(
      'data-path-port',
      'uint32',
      'Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.',
    ),
    flag('default-addr-pool', 'list', 'default address pool in CIDR format', {
      typeName: 'ipNetSlice',
      defaultText: '[]',
    }),
    flag('default-addr-pool-mask-length', 'uint32', 'default address pool subnet mask length', {
      defaultText: '24',
    }),
    flag('force-new-cluster', 'bool', 'Force create a new cluster from current state'),
    flag('listen-addr', 'string', 'Listen address (format: "<ip|interface>[:port]")', {
      typeName: 'node-addr',
      defaultText: '0.0.0.0:2377',
    }),
  ],
});

const swarmJoin = command({
  path: ['swarm', 'join'],
  use: 'join [OPTIONS] HOST:PORT',
  short: 'Join a swarm as a node and/or manager',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'address',
  flags: [
    flag('advertise-addr', 'string', 'Advertised address (format: "<ip|interface>[:port]")'),
    flag('availability', 'string', 'Availability of the node ("active", "pause", "drain")', {
      defaultText: 'active',
      values: availabilityValues,
    }),
    flag(
      'data-path-addr',
      'string',
      'Address or interface to use for data path traffic (format: "<ip|interface>")',
    ),
    flag('listen-addr', 'string', 'Listen address (format: "<ip|interface>[:port]")', {
      typeName: 'node-addr',
      defaultText: '0.0.0.0:2377',
    }),
    flag('token', 'string', 'Token for entry into the swarm'),
  ],
});

const swarmJoinToken = command({
  path: ['swarm', 'join-token'],
  use: 'join-token [OPTIONS] (worker|manager)',
  short: 'Manage join tokens',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'role',
  flags: [
    flag('quiet', 'bool', 'Only display token', { shorthand: 'q' }),
    flag('rotate', 'bool', 'Rotate join token'),
  ],
});

const swarmLeave = command({
  path: ['swarm', 'leave'],
  use: 'leave [OPTIONS]',
  short: 'Leave the swarm',
  args: { kind: 'none' },
  flags: [flag('force', 'bool', 'Force this node to leave the swarm, ignoring warnings', { shorthand: 'f' })],
});

const swarmUpdate = command({
  path: ['swarm', 'update'],
  use: 'update [OPTIONS]',
  short: 'Update the swarm',
  args: { kind: 'none' },
  helpWhenNoFlags: true,
  flags: [
    flag('autolock', 'bool', 'Change manager autolocking setting (true|false)'),
    ...swarmSpecFlags.slice(1),
  ],
});

const swarmUnlock = command({
  path: ['swarm', 'unlock'],
  use: 'unlock',
  short: 'Unlock swarm',
  args: { kind: 'none' },
  flags: [],
});

const swarmUnlockKey = command({
  path: ['swarm', 'unlock-key'],
  use: 'unlock-key [OPTIONS]',
  short: 'Manage the unlock key',
  args: { kind: 'none' },
  flags: [
    flag('quiet', 'bool', 'Only display token', { shorthand: 'q' }),
    flag('rotate', 'bool', 'Rotate unlock key'),
  ],
});

// ---------------------------------------------------------------------------------------------
// docker node

const filterFlag = flag('filter', 'filter', 'Filter output based on conditions provided', { shorthand: 'f' });
const listFormatFlag = flag('format', 'string', formatHelpText);
const inspectFormatFlag = flag('format', 'string', inspectFormatHelpText, { shorthand: 'f' });
const prettyFlag = flag('pretty', 'bool', 'Print the information in a human friendly format');
const quietIdsFlag = flag('quiet', 'bool', 'Only display IDs', { shorthand: 'q' });
const taskListFlags = [
  filterFlag,
  flag('no-resolve', 'bool', 'Do not map IDs to Names'),
  flag('no-trunc', 'bool', 'Do not truncate output'),
  flag('quiet', 'bool', 'Only display task IDs', { shorthand: 'q' }),
] as const;

const nodeDemote = command({
  path: ['node', 'demote'],
  use: 'demote NODE [NODE...]',
  short: 'Demote one or more nodes from manager in the swarm',
  args: { kind: 'min', count: 1 },
  argumentKind: 'node',
  flags: [],
});

const nodeInspect = command({
  path: ['node', 'inspect'],
  use: 'inspect [OPTIONS] self|NODE [NODE...]',
  short: 'Display detailed information on one or more nodes',
  args: { kind: 'min', count: 1 },
  argumentKind: 'node',
  flags: [inspectFormatFlag, prettyFlag],
});

const nodeList = command({
  path: ['node', 'ls'],
  use: 'ls [OPTIONS]',
  short: 'List nodes in the swarm',
  aliases: ['list'],
  args: { kind: 'none' },
  flags: [filterFlag, listFormatFlag, quietIdsFlag],
});

const nodePromote = command({
  path: ['node', 'promote'],
  use: 'promote NODE [NODE...]',
  short: 'Promote one or more nodes to manager in the swarm',
  args: { kind: 'min', count: 1 },
  argumentKind: 'node',
  flags: [],
});

const nodePs = command({
  path: ['node', 'ps'],
  use: 'ps [OPTIONS] [NODE...]',
  short: 'List tasks running on one or more nodes, defaults to current node',
  args: { kind: 'any' },
  argumentKind: 'node',
  flags: [...taskListFlags, flag('format', 'string', 'Pretty-print tasks using a Go template')],
});

const nodeRemove = command({
  path: ['node', 'rm'],
  use: 'rm [OPTIONS] NODE [NODE...]',
  short: 'Remove one or more nodes from the swarm',
  aliases: ['remove'],
  args: { kind: 'min', count: 1 },
  argumentKind: 'node',
  flags: [flag('force', 'bool', 'Force remove a node from the swarm', { shorthand: 'f' })],
});

const nodeUpdate = command({
  path: ['node', 'update'],
  use: 'update [OPTIONS] NODE',
  short: 'Update a node',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'node',
  flags: [
    flag('availability', 'string', 'Availability of the node ("active", "pause", "drain")', {
      values: availabilityValues,
    }),
    flag('label-add', 'list', 'Add or update a node label ("key=value")'),
    flag('label-rm', 'list', 'Remove a node label if exists'),
    flag('role', 'string', 'Role of the node ("worker", "manager")', { values: ['worker', 'manager'] }),
  ],
});

// ---------------------------------------------------------------------------------------------
// docker info, docker ps

const info = command({
  path: ['info'],
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  aliasesText: 'docker system info, docker info',
  args: { kind: 'none' },
  flags: [inspectFormatFlag],
});

const containerList = command({
  path: ['ps'],
  use: 'ps [OPTIONS]',
  short: 'List containers',
  aliasesText: 'docker container ls, docker container list, docker container ps, docker ps',
  args: { kind: 'none' },
  flags: [
    flag('all', 'bool', 'Show all containers (default shows just running)', { shorthand: 'a' }),
    filterFlag,
    listFormatFlag,
    flag('last', 'int', 'Show n last created containers (includes all states)', {
      shorthand: 'n',
      defaultText: '-1',
    }),
    flag('latest', 'bool', 'Show the latest created container (includes all states)', { shorthand: 'l' }),
    flag('no-trunc', 'bool', "Don't truncate output"),
    flag('quiet', 'bool', 'Only display container IDs', { shorthand: 'q' }),
    flag('size', 'bool', 'Display total file sizes', { shorthand: 's' }),
  ],
});

// ---------------------------------------------------------------------------------------------
// docker service

const detachFlag = flag('detach', 'bool', 'Exit immediately instead of waiting for the service to converge', {
  shorthand: 'd',
});
const quietProgressFlag = flag('quiet', 'bool', 'Suppress progress output', { shorthand: 'q' });
const modeValues = ['replicated', 'global', 'replicated-job', 'global-job'] as const;

/** Flags `service create` and `service update` share, with the same text in both. */
const serviceSharedFlags = [
  flag('cap-add', 'list', 'Add Linux capabilities'),
  flag('cap-drop', 'list', 'Drop Linux capabilities'),
  flag('credential-spec', 'string', 'Credential spec for managed service account (Windows only)', {
    typeName: 'credential-spec',
  }),
  detachFlag,
  flag('entrypoint', 'command', 'Overwrite the default ENTRYPOINT of the image'),
  flag('health-cmd', 'string', 'Command to run to check health'),
  flag('health-interval', 'duration', 'Time between running the check (ms|s|m|h)'),
  flag('health-retries', 'int', 'Consecutive failures needed to report unhealthy'),
  flag(
    'health-start-interval',
    'duration',
    'Time between running the check during the start period (ms|s|m|h)',
  ),
  flag(
    'health-start-period',
    'duration',
    'Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)',
  ),
  flag('health-timeout', 'duration', 'Maximum time to allow one check to run (ms|s|m|h)'),
  flag('hostname', 'string', 'Container hostname'),
  flag('init', 'bool', 'Use an init inside each service container to forward signals and reap processes'),
  flag('isolation', 'string', 'Service container isolation mode'),
  flag('limit-cpu', 'decimal', 'Limit CPUs'),
  flag('limit-memory', 'bytes', 'Limit Memory'),
  flag('limit-pids', 'int', 'Limit maximum number of processes (default 0 = unlimited)'),
  flag('log-driver', 'string', 'Logging driver for service'),
  flag('log-opt', 'list', 'Logging driver options'),
  flag('max-concurrent', 'uint', 'Number of job tasks to run concurrently (default equal to --replicas)'),
  flag('memory-swap', 'swapBytes', 'Swap Bytes (-1 for unlimited)'),
  flag('memory-swappiness', 'int', 'Tune memory swappiness (0-100), -1 to reset to default', {
    defaultText: '-1',
  }),
  flag('no-healthcheck', 'bool', 'Disable any container-specified HEALTHCHECK'),
  flag(
    'no-resolve-image',
    'bool',
    'Do not query the registry to resolve image digest and supported platforms',
  ),
  flag('oom-score-adj', 'int', "Tune host's OOM preferences (-1000 to 1000)"),
  quietProgressFlag,
  flag('read-only', 'bool', "Mount the container's root filesystem as read only"),
  flag('replicas', 'uint', 'Number of tasks'),
  flag('replicas-max-per-node', 'uint', 'Maximum number of tasks per node (default 0 = unlimited)'),
  flag('reserve-cpu', 'decimal', 'Reserve CPUs'),
  flag('reserve-memory', 'bytes', 'Reserve Memory'),
  flag('restart-max-attempts', 'uint', 'Maximum number of restarts before giving up'),
  flag('restart-window', 'duration', `Window used to evaluate the restart policy ${durationUnits}`),
  flag('stop-signal', 'string', 'Signal to stop the container'),
  flag('tty', 'bool', 'Allocate a pseudo-TTY', { shorthand: 't' }),
  flag('user', 'string', 'Username or UID (format: <name|uid>[:<group|gid>])', { shorthand: 'u' }),
  flag('with-registry-auth', 'bool', 'Send registry authentication details to swarm agents'),
  flag('workdir', 'string', 'Working directory inside the container', { shorthand: 'w' }),
] as const;

const serviceCreate = command({
  path: ['service', 'create'],
  use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new service',
  args: { kind: 'min', count: 1 },
  argumentKind: 'image',
  interspersed: false,
  flags: [
    ...serviceSharedFlags,
    flag('config', 'list', 'Specify configurations to expose to the service', { typeName: 'config' }),
    flag('constraint', 'list', 'Placement constraints'),
    flag('container-label', 'list', 'Container labels'),
    flag('dns', 'list', 'Set custom DNS servers'),
    flag('dns-option', 'list', 'Set DNS options'),
    flag('dns-search', 'list', 'Set custom DNS search domains'),
    flag('endpoint-mode', 'string', 'Endpoint mode (vip or dnsrr)', {
      defaultText: 'vip',
      values: ['vip', 'dnsrr'],
    }),
    flag('env', 'list', 'Set environment variables', { shorthand: 'e' }),
    flag('env-file', 'list', 'Read in a file of environment variables'),
    flag('generic-resource', 'list', 'User defined resources'),
    flag('group', 'list', 'Set one or more supplementary user groups for the container'),
    flag('host', 'list', 'Set one or more custom host-to-IP mappings (host:ip)'),
    flag('label', 'list', 'Service labels', { shorthand: 'l' }),
    flag('mode', 'string', 'Service mode ("replicated", "global", "replicated-job", "global-job")', {
      defaultText: 'replicated',
      values: modeValues,
    }),
    flag('mount', 'list', 'Attach a filesystem mount to the service', { typeName: 'mount' }),
    flag('name', 'string', 'Service name'),
    flag('network', 'list', 'Network attachments', { typeName: 'network' }),
    flag('placement-pref', 'pref', 'Add a placement preference'),
    flag('publish', 'port', 'Publish a port as a node port', { shorthand: 'p' }),
    flag(
      'restart-condition',
      'string',
      'Restart when condition is met ("none", "on-failure", "any") (default "any")',
      {
        values: ['none', 'on-failure', 'any'],
      },
    ),
    flag('restart-delay', 'duration', `Delay between restart attempts ${durationUnits} (default 5s)`),
    flag('rollback-delay', 'duration', `Delay between task rollbacks ${durationUnits} (default 0s)`),
    flag(
      'rollback-failure-action',
      'string',
      'Action on rollback failure ("pause", "continue") (default "pause")',
      {
        values: ['pause', 'continue'],
      },
    ),
    flag('rollback-max-failure-ratio', 'float', 'Failure rate to tolerate during a rollback (default 0)'),
    flag(
      'rollback-monitor',
      'duration',
      `Duration after each task rollback to monitor for failure ${durationUnits} (default 5s)`,
    ),
    flag('rollback-order', 'string', 'Rollback order ("start-first", "stop-first") (default "stop-first")', {
      values: ['start-first', 'stop-first'],
    }),
    flag(
      'rollback-parallelism',
      'uint',
      'Maximum number of tasks rolled back simultaneously (0 to roll back all at once)',
      { defaultText: '1' },
    ),
    flag('secret', 'list', 'Specify secrets to expose to the service', { typeName: 'secret' }),
    flag(
      'stop-grace-period',
      'duration',
      `Time to wait before force killing a container ${durationUnits} (default 10s)`,
    ),
    flag('sysctl', 'list', 'Sysctl options'),
    flag('ulimit', 'list', 'Ulimit options', { typeName: 'ulimit', defaultText: '[]' }),
    flag('update-delay', 'duration', `Delay between updates ${durationUnits} (default 0s)`),
    flag(
      'update-failure-action',
      'string',
      'Action on update failure ("pause", "continue", "rollback") (default "pause")',
      { values: ['pause', 'continue', 'rollback'] },
    ),
    flag('update-max-failure-ratio', 'float', 'Failure rate to tolerate during an update (default 0)'),
    flag(
      'update-monitor',
      'duration',
      `Duration after each task update to monitor for failure ${durationUnits} (default 5s)`,
    ),
    flag('update-order', 'string', 'Update order ("start-first", "stop-first") (default "stop-first")', {
      values: ['start-first', 'stop-first'],
    }),
    flag(
      'update-parallelism',
      'uint',
      'Maximum number of tasks updated simultaneously (0 to update all at once)',
      { defaultText: '1' },
    ),
  ],
});

const serviceUpdate = command({
  path: ['service', 'update'],
  use: 'update [OPTIONS] SERVICE',
  short: 'Update a service',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'service',
  flags: [
    ...serviceSharedFlags,
    flag('args', 'command', 'Service command args'),
    flag('config-add', 'list', 'Add or update a config file on a service', { typeName: 'config' }),
    flag('config-rm', 'list', 'Remove a configuration file'),
    flag('constraint-add', 'list', 'Add or update a placement constraint'),
    flag('constraint-rm', 'list', 'Remove a constraint'),
    flag('container-label-add', 'list', 'Add or update a container label'),
    flag('container-label-rm', 'list', 'Remove a container label by its key'),
    flag('dns-add', 'list', 'Add or update a custom DNS server'),
    flag('dns-option-add', 'list', 'Add or update a DNS option'),
    flag('dns-option-rm', 'list', 'Remove a DNS option'),
    flag('dns-rm', 'list', 'Remove a custom DNS server'),
    flag('dns-search-add', 'list', 'Add or update a custom DNS search domain'),
    flag('dns-search-rm', 'list', 'Remove a DNS search domain'),
    flag('endpoint-mode', 'string', 'Endpoint mode (vip or dnsrr)', { values: ['vip', 'dnsrr'] }),
    flag('env-add', 'list', 'Add or update an environment variable'),
    flag('env-rm', 'list', 'Remove an environment variable'),
    flag('force', 'bool', 'Force update even if no changes require it'),
    flag('generic-resource-add', 'list', 'Add a Generic resource'),
    flag('generic-resource-rm', 'list', 'Remove a Generic resource'),
    flag('group-add', 'list', 'Add an additional supplementary user group to the container'),
    flag('group-rm', 'list', 'Remove a previously added supplementary user group from the container'),
    flag('host-add', 'list', 'Add a custom host-to-IP mapping ("host:ip")'),
    flag('host-rm', 'list', 'Remove a custom host-to-IP mapping ("host:ip")'),
    flag('image', 'string', 'Service image tag'),
    flag('label-add', 'list', 'Add or update a service label'),
    flag('label-rm', 'list', 'Remove a label by its key'),
    flag('mount-add', 'list', 'Add or update a mount on a service', { typeName: 'mount' }),
    flag('mount-rm', 'list', 'Remove a mount by its target path'),
    flag('network-add', 'list', 'Add a network', { typeName: 'network' }),
    flag('network-rm', 'list', 'Remove a network'),
    flag('placement-pref-add', 'pref', 'Add a placement preference'),
    flag('placement-pref-rm', 'pref', 'Remove a placement preference'),
    flag('publish-add', 'port', 'Add or update a published port'),
    flag('publish-rm', 'port', 'Remove a published port by its target port'),
    flag('restart-condition', 'string', 'Restart when condition is met ("none", "on-failure", "any")', {
      values: ['none', 'on-failure', 'any'],
    }),
    flag('restart-delay', 'duration', `Delay between restart attempts ${durationUnits}`),
    flag('rollback', 'bool', 'Rollback to previous specification'),
    flag('rollback-delay', 'duration', `Delay between task rollbacks ${durationUnits}`),
    flag('rollback-failure-action', 'string', 'Action on rollback failure ("pause", "continue")', {
      values: ['pause', 'continue'],
    }),
    flag('rollback-max-failure-ratio', 'float', 'Failure rate to tolerate during a rollback'),
    flag(
      'rollback-monitor',
      'duration',
      `Duration after each task rollback to monitor for failure ${durationUnits}`,
    ),
    flag('rollback-order', 'string', 'Rollback order ("start-first", "stop-first")', {
      values: ['start-first', 'stop-first'],
    }),
    flag(
      'rollback-parallelism',
      'uint',
      'Maximum number of tasks rolled back simultaneously (0 to roll back all at once)',
    ),
    flag('secret-add', 'list', 'Add or update a secret on a service', { typeName: 'secret' }),
    flag('secret-rm', 'list', 'Remove a secret'),
    flag('stop-grace-period', 'duration', `Time to wait before force killing a container ${durationUnits}`),
    flag('sysctl-add', 'list', 'Add or update a Sysctl option'),
    flag('sysctl-rm', 'list', 'Remove a Sysctl option'),
    flag('ulimit-add', 'list', 'Add or update a ulimit option', { typeName: 'ulimit', defaultText: '[]' }),
    flag('ulimit-rm', 'list', 'Remove a ulimit option'),
    flag('update-delay', 'duration', `Delay between updates ${durationUnits}`),
    flag('update-failure-action', 'string', 'Action on update failure ("pause", "continue", "rollback")', {
      values: ['pause', 'continue', 'rollback'],
    }),
    flag('update-max-failure-ratio', 'float', 'Failure rate to tolerate during an update'),
    flag(
      'update-monitor',
      'duration',
      `Duration after each task update to monitor for failure ${durationUnits}`,
    ),
    flag('update-order', 'string', 'Update order ("start-first", "stop-first")', {
      values: ['start-first', 'stop-first'],
    }),
    flag(
      'update-parallelism',
      'uint',
      'Maximum number of tasks updated simultaneously (0 to update all at once)',
    ),
  ],
});

const serviceInspect = command({
  path: ['service', 'inspect'],
  use: 'inspect [OPTIONS] SERVICE [SERVICE...]',
  short: 'Display detailed information on one or more services',
  args: { kind: 'min', count: 1 },
  argumentKind: 'service',
  flags: [inspectFormatFlag, prettyFlag],
});

const serviceLogs = command({
  path: ['service', 'logs'],
  use: 'logs [OPTIONS] SERVICE|TASK',
  short: 'Fetch the logs of a service or task',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'service',
  flags: [
    flag('details', 'bool', 'Show extra details provided to logs'),
    flag('follow', 'bool', 'Follow log output', { shorthand: 'f' }),
    flag('no-resolve', 'bool', 'Do not map IDs to Names in output'),
    flag('no-task-ids', 'bool', 'Do not include task IDs in output'),
    flag('no-trunc', 'bool', 'Do not truncate output'),
    flag('raw', 'bool', 'Do not neatly format logs'),
    flag(
      'since',
      'string',
      'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    flag('tail', 'string', 'Number of lines to show from the end of the logs', {
      shorthand: 'n',
      defaultText: 'all',
    }),
    flag('timestamps', 'bool', 'Show timestamps', { shorthand: 't' }),
  ],
});

const serviceList = command({
  path: ['service', 'ls'],
  use: 'ls [OPTIONS]',
  short: 'List services',
  aliases: ['list'],
  args: { kind: 'none' },
  flags: [filterFlag, listFormatFlag, quietIdsFlag],
});

const servicePs = command({
  path: ['service', 'ps'],
  use: 'ps [OPTIONS] SERVICE [SERVICE...]',
  short: 'List the tasks of one or more services',
  args: { kind: 'min', count: 1 },
  argumentKind: 'service',
  flags: [...taskListFlags, flag('format', 'string', 'Pretty-print tasks using a Go template')],
});

const serviceRemove = command({
  path: ['service', 'rm'],
  use: 'rm SERVICE [SERVICE...]',
  short: 'Remove one or more services',
  aliases: ['remove'],
  args: { kind: 'min', count: 1 },
  argumentKind: 'service',
  flags: [],
});

const serviceRollback = command({
  path: ['service', 'rollback'],
  use: 'rollback [OPTIONS] SERVICE',
  short: "Revert changes to a service's configuration",
  args: { kind: 'exact', count: 1 },
  argumentKind: 'service',
  flags: [detachFlag, quietProgressFlag],
});

const serviceScale = command({
  path: ['service', 'scale'],
  use: 'scale SERVICE=REPLICAS [SERVICE=REPLICAS...]',
  short: 'Scale one or multiple replicated services',
  args: { kind: 'scale' },
  argumentKind: 'scale',
  flags: [detachFlag],
});

// ---------------------------------------------------------------------------------------------
// docker stack

const stackDeploy = command({
  path: ['stack', 'deploy'],
  use: 'deploy [OPTIONS] STACK',
  short: 'Deploy a new stack or update an existing stack',
  aliases: ['up'],
  args: { kind: 'exact', count: 1 },
  argumentKind: 'stack',
  flags: [
    flag('compose-file', 'stringSlice', 'Path to a Compose file, or "-" to read from stdin', {
      shorthand: 'c',
    }),
    flag('detach', 'bool', 'Exit immediately instead of waiting for the stack services to converge', {
      shorthand: 'd',
      defaultText: 'true',
    }),
    flag('prune', 'bool', 'Prune services that are no longer referenced'),
    quietProgressFlag,
    flag(
      'resolve-image',
      'string',
      'Query the registry to resolve image digest and supported platforms ("always", "changed", "never")',
      { defaultText: 'always', values: ['always', 'changed', 'never'] },
    ),
    flag('with-registry-auth', 'bool', 'Send registry authentication details to Swarm agents'),
  ],
});

const stackList = command({
  path: ['stack', 'ls'],
  use: 'ls [OPTIONS]',
  short: 'List stacks',
  aliases: ['list'],
  args: { kind: 'none' },
  flags: [listFormatFlag],
});

const stackPs = command({
  path: ['stack', 'ps'],
  use: 'ps [OPTIONS] STACK',
  short: 'List the tasks in the stack',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'stack',
  flags: [...taskListFlags, listFormatFlag],
});

const stackRemove = command({
  path: ['stack', 'rm'],
  use: 'rm [OPTIONS] STACK [STACK...]',
  short: 'Remove one or more stacks',
  aliases: ['remove', 'down'],
  args: { kind: 'min', count: 1 },
  argumentKind: 'stack',
  flags: [flag('detach', 'bool', 'Do not wait for stack removal', { shorthand: 'd', defaultText: 'true' })],
});

const stackServices = command({
  path: ['stack', 'services'],
  use: 'services [OPTIONS] STACK',
  short: 'List the services in the stack',
  args: { kind: 'exact', count: 1 },
  argumentKind: 'stack',
  flags: [filterFlag, listFormatFlag, quietIdsFlag],
});

// ---------------------------------------------------------------------------------------------
// The table

/** Every supported command, keyed by its path joined with spaces. */
export const dockerCommands = {
  'swarm init': swarmInit,
  'swarm join': swarmJoin,
  'swarm join-token': swarmJoinToken,
  'swarm leave': swarmLeave,
  'swarm update': swarmUpdate,
  'swarm unlock': swarmUnlock,
  'swarm unlock-key': swarmUnlockKey,
  'node demote': nodeDemote,
  'node inspect': nodeInspect,
  'node ls': nodeList,
  'node promote': nodePromote,
  'node ps': nodePs,
  'node rm': nodeRemove,
  'node update': nodeUpdate,
  info,
  ps: containerList,
  'service create': serviceCreate,
  'service inspect': serviceInspect,
  'service logs': serviceLogs,
  'service ls': serviceList,
  'service ps': servicePs,
  'service rm': serviceRemove,
  'service rollback': serviceRollback,
  'service scale': serviceScale,
  'service update': serviceUpdate,
  'stack deploy': stackDeploy,
  'stack ls': stackList,
  'stack ps': stackPs,
  'stack rm': stackRemove,
  'stack services': stackServices,
} as const;

export type DockerCommandKey = keyof typeof dockerCommands;

/** The management commands (`docker swarm`, …) and their descriptions, as docker lists them. */
export const dockerCommandGroups: Readonly<Record<'node' | 'service' | 'stack' | 'swarm', CommandGroupSpec>> =
  {
    node: { name: 'node', short: 'Manage Swarm nodes' },
    service: { name: 'service', short: 'Manage Swarm services' },
    stack: { name: 'stack', short: 'Manage Swarm stacks' },
    swarm: { name: 'swarm', short: 'Manage Swarm' },
  };
