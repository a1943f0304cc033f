import { describe, expect, it } from 'vitest';
import { dockerCommands } from './commands.js';
import { commandHelp, flagUsages, groupHelp, rootHelp, wrap } from './help.js';
import { parseDockerLine } from './parse.js';

/**
 * Goldens: `--help` output captured from a current docker CLI on a wide terminal (so pflag
 * does not wrap), the usage template of docker/cli `cli/cobra.go` around it.
 */
const wide = 400;

function helpOf(line: string, widthColumns = wide): string {
  const result = parseDockerLine(line, { widthColumns });
  if (result.kind !== 'output')
    throw new Error(`expected help output for ${line}, got ${JSON.stringify(result)}`);
  return result.stdout;
}

describe('docker help text (docker/cli cli/cobra.go usage template, pflag FlagUsagesWrapped)', () => {
  it('swarm init --help', () => {
    expect(helpOf('docker swarm init --help')).toBe(`Usage:  docker swarm init [OPTIONS]

Initialize a swarm

Options:
      --advertise-addr string                  Advertised address (format: "<ip|interface>[:port]")
      --autolock                               Enable manager autolocking (requiring an unlock key to start a stopped manager)
      --availability string                    Availability of the node ("active", "pause", "drain") (default "active")
      --cert-expiry duration                   Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)
      --data-path-addr string                  Address or interface to use for data path traffic (format: "<ip|interface>")
      --data-path-port uint32                  Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.
      --default-addr-pool ipNetSlice           default address pool in CIDR format (default [])
      --default-addr-pool-mask-length uint32   default address pool subnet mask length (default 24)
      --dispatcher-heartbeat duration          Dispatcher heartbeat period (ns|us|ms|s|m|h) (default 5s)
      --external-ca external-ca                Specifications of one or more certificate signing endpoints
      --force-new-cluster                      Force create a new cluster from current state
      --listen-addr node-addr                  Listen address (format: "<ip|interface>[:port]") (default 0.0.0.0:2377)
      --max-snapshots uint                     Number of additional Raft snapshots to retain
      --snapshot-interval uint                 Number of log entries between Raft snapshots (default 10000)
      --task-history-limit int                 Task history retention limit (default 5)
`);
  });

  it('node ls --help, with aliases and the multi-line --format text', () => {
    expect(helpOf('docker node list --help')).toBe(`Usage:  docker node ls [OPTIONS]

List nodes in the swarm

Aliases:
  docker node ls, docker node list

Options:
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format with column headers (default)
                        'table TEMPLATE':   Print output in table format using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given Go template.
                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
  -q, --quiet           Only display IDs
`);
  });

  it('stack deploy --help, with the up alias and bool default true', () => {
    expect(helpOf('docker stack deploy --help')).toBe(`Usage:  docker stack deploy [OPTIONS] STACK

Deploy a new stack or update an existing stack

Aliases:
  docker stack deploy, docker stack up

Options:
  -c, --compose-file strings   Path to a Compose file, or "-" to read from stdin
  -d, --detach                 Exit immediately instead of waiting for the stack services to converge (default true)
      --prune                  Prune services that are no longer referenced
  -q, --quiet                  Suppress progress output
      --resolve-image string   Query the registry to resolve image digest and supported platforms ("always", "changed", "never") (default "always")
      --with-registry-auth     Send registry authentication details to Swarm agents
`);
  });

  it('commands without flags have no Options section', () => {
    expect(helpOf('docker service rm --help')).toBe(
      'Usage:  docker service rm SERVICE [SERVICE...]\n\nRemove one or more services\n\nAliases:\n  docker service rm, docker service remove\n',
    );
    expect(helpOf('docker swarm unlock --help')).toBe('Usage:  docker swarm unlock\n\nUnlock swarm\n');
  });

  it('service create --help lists every flag as docker does', () => {
    const lines = helpOf('docker service create --help').split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      '',
      'Create a new service',
      '',
      'Options:',
    ]);
    const expectedOptionLines = `      --cap-add list                       Add Linux capabilities
      --cap-drop list                      Drop Linux capabilities
      --config config                      Specify configurations to expose to the service
      --constraint list                    Placement constraints
      --container-label list               Container labels
      --credential-spec credential-spec    Credential spec for managed service account (Windows only)
  -d, --detach                             Exit immediately instead of waiting for the service to converge
      --dns list                           Set custom DNS servers
      --dns-option list                    Set DNS options
      --dns-search list                    Set custom DNS search domains
      --endpoint-mode string               Endpoint mode (vip or dnsrr) (default "vip")
      --entrypoint command                 Overwrite the default ENTRYPOINT of the image
  -e, --env list                           Set environment variables
      --env-file list                      Read in a file of environment variables
      --generic-resource list              User defined resources
      --group list                         Set one or more supplementary user groups for the container
      --health-cmd string                  Command to run to check health
      --health-interval duration           Time between running the check (ms|s|m|h)
      --health-retries int                 Consecutive failures needed to report unhealthy
      --health-start-interval duration     Time between running the check during the start period (ms|s|m|h)
      --health-start-period duration       Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)
      --health-timeout duration            Maximum time to allow one check to run (ms|s|m|h)
      --host list                          Set one or more custom host-to-IP mappings (host:ip)
      --hostname string                    Container hostname
      --init                               Use an init inside each service container to forward signals and reap processes
      --isolation string                   Service container isolation mode
  -l, --label list                         Service labels
      --limit-cpu decimal                  Limit CPUs
      --limit-memory bytes                 Limit Memory
      --limit-pids int                     Limit maximum number of processes (default 0 = unlimited)
      --log-driver string                  Logging driver for service
      --log-opt list                       Logging driver options
      --max-concurrent uint                Number of job tasks to run concurrently (default equal to --replicas)
      --memory-swap bytes                  Swap Bytes (-1 for unlimited)
      --memory-swappiness int              Tune memory swappiness (0-100), -1 to reset to default (default -1)
      --mode string                        Service mode ("replicated", "global", "replicated-job", "global-job") (default "replicated")
      --mount mount                        Attach a filesystem mount to the service
      --name string                        Service name
      --network network                    Network attachments
      --no-healthcheck                     Disable any container-specified HEALTHCHECK
      --no-resolve-image                   Do not query the registry to resolve image digest and supported platforms
      --oom-score-adj int                  Tune host's OOM preferences (-1000 to 1000)
      --placement-pref pref                Add a placement preference
  -p, --publish port                       Publish a port as a node port
  -q, --quiet                              Suppress progress output
      --read-only                          Mount the container's root filesystem as read only
      --replicas uint                      Number of tasks
      --replicas-max-per-node uint         Maximum number of tasks per node (default 0 = unlimited)
      --reserve-cpu decimal                Reserve CPUs
      --reserve-memory bytes               Reserve Memory
      --restart-condition string           Restart when condition is met ("none", "on-failure", "any") (default "any")
      --restart-delay duration             Delay between restart attempts (ns|us|ms|s|m|h) (default 5s)
      --restart-max-attempts uint          Maximum number of restarts before giving up
      --restart-window duration            Window used to evaluate the restart policy (ns|us|ms|s|m|h)
      --rollback-delay duration            Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)
      --rollback-failure-action string     Action on rollback failure ("pause", "continue") (default "pause")
      --rollback-max-failure-ratio float   Failure rate to tolerate during a rollback (default 0)
      --rollback-monitor duration          Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)
      --rollback-order string              Rollback order ("start-first", "stop-first") (default "stop-first")
      --rollback-parallelism uint          Maximum number of tasks rolled back simultaneously (0 to roll back all at once) (default 1)
      --secret secret                      Specify secrets to expose to the service
      --stop-grace-period duration         Time to wait before force killing a container (ns|us|ms|s|m|h) (default 10s)
      --stop-signal string                 Signal to stop the container
      --sysctl list                        Sysctl options
  -t, --tty                                Allocate a pseudo-TTY
      --ulimit ulimit                      Ulimit options (default [])
      --update-delay duration              Delay between updates (ns|us|ms|s|m|h) (default 0s)
      --update-failure-action string       Action on update failure ("pause", "continue", "rollback") (default "pause")
      --update-max-failure-ratio float     Failure rate to tolerate during an update (default 0)
      --update-monitor duration            Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)
      --update-order string                Update order ("start-first", "stop-first") (default "stop-first")
      --update-parallelism uint            Maximum number of tasks updated simultaneously (0 to update all at once) (default 1)
  -u, --user string                        Username or UID (format: <name|uid>[:<group|gid>])
      --with-registry-auth                 Send registry authentication details to swarm agents
  -w, --workdir string                     Working directory inside the container`.split('\n');
    expect(lines.slice(5, -1)).toEqual(expectedOptionLines);
    expect(lines.at(-1)).toBe('');
  });

  it('wraps descriptions at the terminal width like pflag (80 columns by default)', () => {
    const help = helpOf('docker swarm join-token --help', 80);
    expect(help).toBe(
      'Usage:  docker swarm join-token [OPTIONS] (worker|manager)\n\nManage join tokens\n\nOptions:\n' +
        '  -q, --quiet    Only display token\n      --rotate   Rotate join token\n',
    );
    const narrow = helpOf('docker node ls --help', 80).split('\n');
    expect(narrow).toContain("                        'table':            Print output in table format");
    expect(narrow).toContain('                        with column headers (default)');
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(79);
  });

  it('pflag wrap keeps short text, breaks at spaces, and falls back to a block when the room is tiny', () => {
    expect(wrap(10, 0, 'a\nb')).toBe(`a\n${' '.repeat(10)}b`);
    expect(wrap(10, 79, 'short')).toBe('short');
    expect(wrap(60, 79, 'x'.repeat(30))).toBe(`\n${' '.repeat(16)}${'x'.repeat(30)}`);
    expect(flagUsages([], 79)).toBe('');
  });

  it('management commands list their subcommands (docker service)', () => {
    expect(groupHelp('swarm')).toBe(`Usage:  docker swarm COMMAND

Manage Swarm

Commands:
  init        Initialize a swarm
  join        Join a swarm as a node and/or manager
  join-token  Manage join tokens
  leave       Leave the swarm
  unlock      Unlock swarm
  unlock-key  Manage the unlock key
  update      Update the swarm

Run 'docker swarm COMMAND --help' for more information on a command.
`);
  });

  it('docker --help lists the sandbox commands in docker sections', () => {
    expect(rootHelp()).toContain(
      'Common Commands:\n  ps          List containers\n  info        Display system-wide information',
    );
    expect(rootHelp()).toContain('Swarm Commands:\n  node        Manage Swarm nodes\n');
    expect(
      rootHelp().endsWith('For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n'),
    ).toBe(true);
  });

  it('every command in the table renders help that starts with its usage line', () => {
    for (const spec of Object.values(dockerCommands)) {
      const help = commandHelp(spec);
      expect(
        help.startsWith(
          `Usage:  docker ${spec.path.slice(0, -1).concat(spec.use).join(' ')}\n\n${spec.short}`,
        ),
      ).toBe(true);
      expect(help.endsWith('\n')).toBe(true);
    }
  });
});
