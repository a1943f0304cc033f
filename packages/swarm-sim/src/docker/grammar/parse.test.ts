import { describe, expect, it } from 'vitest';
import { type DockerCommandKey, dockerCommands } from './commands.js';
import { type DockerParseResult, parseDockerArgv, parseDockerLine, tokenizeCommandLine } from './parse.js';

function parsed(line: string): { key: string; options: Record<string, unknown>; args: readonly string[] } {
  const result = parseDockerLine(line);
  if (result.kind !== 'command') throw new Error(`${line}: ${JSON.stringify(result)}`);
  return {
    key: result.command.key,
    options: result.command.options as Record<string, unknown>,
    args: result.command.args,
  };
}

function failure(line: string): { stderr: string; exitCode: number } {
  const result = parseDockerLine(line);
  if (result.kind !== 'error') throw new Error(`${line}: expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('every supported docker command parses (swarm.md §1 flags, typed options)', () => {
  const cases: [string, DockerCommandKey, Record<string, unknown>, string[]][] = [
    [
      'docker swarm init --advertise-addr 192.168.99.100 --autolock --task-history-limit 3 --cert-expiry 720h --default-addr-pool 10.0.0.0/8 --default-addr-pool 20.0.0.0/8 --data-path-port 7777 --availability=drain --force-new-cluster',
      'swarm init',
      {
        'advertise-addr': '192.168.99.100',
        autolock: true,
        'task-history-limit': 3,
        'cert-expiry': 2_592_000_000,
        'default-addr-pool': ['10.0.0.0/8', '20.0.0.0/8'],
        'data-path-port': 7777,
        availability: 'drain',
        'force-new-cluster': true,
      },
      [],
    ],
    [
      'docker swarm join --token SWMTKN-1-abc 192.168.99.100:2377 --listen-addr 0.0.0.0:2377',
      'swarm join',
      { token: 'SWMTKN-1-abc', 'listen-addr': '0.0.0.0:2377' },
      ['192.168.99.100:2377'],
    ],
    [
      'docker swarm join-token --rotate -q worker',
      'swarm join-token',
      { rotate: true, quiet: true },
      ['worker'],
    ],
    ['docker swarm leave -f', 'swarm leave', { force: true }, []],
    [
      'docker swarm update --autolock=false --dispatcher-heartbeat 10s --snapshot-interval 5000 --max-snapshots 2',
      'swarm update',
      { autolock: false, 'dispatcher-heartbeat': 10_000, 'snapshot-interval': 5000, 'max-snapshots': 2 },
      [],
    ],
    ['docker swarm unlock', 'swarm unlock', {}, []],
    ['docker swarm unlock-key --rotate', 'swarm unlock-key', { rotate: true }, []],
    ['docker node demote worker1 worker2', 'node demote', {}, ['worker1', 'worker2']],
    ['docker node inspect --pretty self', 'node inspect', { pretty: true }, ['self']],
    [
      "docker node inspect -f '{{ .ManagerStatus.Reachability }}' manager1",
      'node inspect',
      { format: '{{ .ManagerStatus.Reachability }}' },
      ['manager1'],
    ],
    [
      'docker node ls -q -f role=manager --filter "node.label=zone=a"',
      'node ls',
      {
        quiet: true,
        filter: [
          { key: 'role', value: 'manager' },
          { key: 'node.label', value: 'zone=a' },
        ],
      },
      [],
    ],
    ['docker node promote worker1', 'node promote', {}, ['worker1']],
    [
      'docker node ps --no-trunc -f desired-state=running',
      'node ps',
      { 'no-trunc': true, filter: [{ key: 'desired-state', value: 'running' }] },
      [],
    ],
    ['docker node rm --force worker2', 'node rm', { force: true }, ['worker2']],
    [
      'docker node update --availability drain --label-add zone=a --label-add disk --label-rm old --role manager worker1',
      'node update',
      { availability: 'drain', 'label-add': ['zone=a', 'disk'], 'label-rm': ['old'], role: 'manager' },
      ['worker1'],
    ],
    ["docker info --format '{{.Swarm.LocalNodeState}}'", 'info', { format: '{{.Swarm.LocalNodeState}}' }, []],
    ['docker ps -a -n 3 --no-trunc', 'ps', { all: true, last: 3, 'no-trunc': true }, []],
    [
      'docker service create --replicas 5 --name helloworld --update-delay 10s --limit-memory 512m --reserve-cpu 0.5 --constraint node.role==worker --placement-pref spread=node.labels.zone -p published=8080,target=80 --mode replicated alpine ping docker.com',
      'service create',
      {
        replicas: 5,
        name: 'helloworld',
        'update-delay': 10_000,
        'limit-memory': 512 * 1024 * 1024,
        'reserve-cpu': 500_000_000,
        constraint: ['node.role==worker'],
        'placement-pref': [{ spread: 'node.labels.zone' }],
        publish: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
        mode: 'replicated',
      },
      ['alpine', 'ping', 'docker.com'],
    ],
    ['docker service inspect --pretty helloworld', 'service inspect', { pretty: true }, ['helloworld']],
    [
      'docker service logs -f --tail 10 -t web',
      'service logs',
      { follow: true, tail: '10', timestamps: true },
      ['web'],
    ],
    ['docker service list -q', 'service ls', { quiet: true }, []],
    ['docker service ps --no-resolve redis web', 'service ps', { 'no-resolve': true }, ['redis', 'web']],
    ['docker service remove web', 'service rm', {}, ['web']],
    ['docker service rollback -d web', 'service rollback', { detach: true }, ['web']],
    ['docker service scale web=5 api=2 -d', 'service scale', { detach: true }, ['web=5', 'api=2']],
    [
      'docker service update --image redis:3.0.7 --force --publish-add 8080:80 --env-add A=1 --update-parallelism 2 redis',
      'service update',
      {
        image: 'redis:3.0.7',
        force: true,
        'publish-add': [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
        'env-add': ['A=1'],
        'update-parallelism': 2,
      },
      ['redis'],
    ],
    [
      'docker stack deploy -c docker-compose.yml -c prod.yml --prune --resolve-image never myapp',
      'stack deploy',
      { 'compose-file': ['docker-compose.yml', 'prod.yml'], prune: true, 'resolve-image': 'never' },
      ['myapp'],
    ],
    ['docker stack ls --format "{{.Name}}"', 'stack ls', { format: '{{.Name}}' }, []],
    ['docker stack ps -q myapp', 'stack ps', { quiet: true }, ['myapp']],
    ['docker stack down myapp other', 'stack rm', {}, ['myapp', 'other']],
    [
      'docker stack services myapp --filter name=myapp_web',
      'stack services',
      { filter: [{ key: 'name', value: 'myapp_web' }] },
      ['myapp'],
    ],
  ];

  it('covers every command in the table', () => {
    expect(new Set(cases.map(([, key]) => key))).toEqual(new Set(Object.keys(dockerCommands)));
  });

  it.each(cases)('%s', (line, key, options, args) => {
    const command = parsed(line);
    expect(command.key).toBe(key);
    expect(command.options).toEqual(options);
    expect(command.args).toEqual(args);
  });

  it('gives typed options: a switch on key narrows them', () => {
    const result = parseDockerLine('docker service create --replicas 3 --name web nginx');
    if (result.kind !== 'command' || result.command.key !== 'service create')
      throw new Error('expected service create');
    const replicas: number | undefined = result.command.options.replicas;
    const name: string | undefined = result.command.options.name;
    expect([replicas, name]).toEqual([3, 'web']);
  });
});

describe('pflag semantics docker users rely on', () => {
  it('clusters short flags: -qf x', () => {
    expect(parsed('docker node ls -qf role=worker').options).toEqual({
      quiet: true,
      filter: [{ key: 'role', value: 'worker' }],
    });
  });

  it('reads bool values after = only: --detach=false, -d=false, and -d false leaves "false" an argument', () => {
    expect(parsed('docker service scale --detach=false web=2').options).toEqual({ detach: false });
    expect(parsed('docker service scale -d=false web=2').options).toEqual({ detach: false });
    expect(failure('docker service scale -d false').stderr).toContain("invalid scale specifier 'false'");
  });

  it('a value flag takes the next word even when it starts with a dash', () => {
    expect(parsed('docker service create --name -weird nginx').options).toEqual({ name: '-weird' });
  });

  it('accepts -fvalue, -f=value and --flag=value', () => {
    expect(parsed('docker node ls -frole=manager').options).toEqual({
      filter: [{ key: 'role', value: 'manager' }],
    });
    expect(parsed('docker node ls -f=role=manager').options).toEqual({
      filter: [{ key: 'role', value: 'manager' }],
    });
    expect(parsed('docker node ls --filter=role=manager').options).toEqual({
      filter: [{ key: 'role', value: 'manager' }],
    });
  });

  it('allows flags after arguments, except after the image of service create', () => {
    expect(parsed('docker service ps web --no-trunc').options).toEqual({ 'no-trunc': true });
    expect(parsed('docker service create nginx --name web')).toMatchObject({
      options: {},
      args: ['nginx', '--name', 'web'],
    });
  });

  it('-- ends the flags', () => {
    expect(parsed('docker service ps -- -odd-name')).toMatchObject({ options: {}, args: ['-odd-name'] });
  });

  it('repeatable flags accumulate; scalar flags keep the last value', () => {
    expect(parsed('docker service create -e A=1 --env B=2 --replicas 1 --replicas 4 nginx').options).toEqual({
      env: ['A=1', 'B=2'],
      replicas: 4,
    });
  });

  it('publish accepts the short syntax with protocol and ranges', () => {
    expect(parsed('docker service create -p 8080-8081:80-81/udp -p 53 nginx').options).toEqual({
      publish: [
        { protocol: 'udp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
        { protocol: 'udp', targetPort: 81, publishedPort: 8081, publishMode: 'ingress' },
        { protocol: 'tcp', targetPort: 53, publishedPort: 0, publishMode: 'ingress' },
      ],
    });
    expect(parsed('docker service create -p mode=host,target=80,published=80 nginx').options).toEqual({
      publish: [{ protocol: 'tcp', targetPort: 80, publishedPort: 80, publishMode: 'host' }],
    });
  });

  it("-h still shows help, with docker's deprecation notice on stderr", () => {
    const result = parseDockerLine('docker node rm -h');
    expect(result).toMatchObject({
      kind: 'output',
      exitCode: 0,
      stderr: 'Flag shorthand -h has been deprecated, use --help\n',
    });
  });
});

describe('docker usage errors, exact text and exit code', () => {
  it.each([
    ['docker service ls --x', 'unknown flag: --x', 'docker service ls [OPTIONS]', 'docker service ls'],
    [
      'docker service ls -x',
      "unknown shorthand flag: 'x' in -x",
      'docker service ls [OPTIONS]',
      'docker service ls',
    ],
    ['docker node ls -qx', "unknown shorthand flag: 'x' in -x", 'docker node ls [OPTIONS]', 'docker node ls'],
    [
      'docker node ls --filter',
      'flag needs an argument: --filter',
      'docker node ls [OPTIONS]',
      'docker node ls',
    ],
    ['docker node ls -f', "flag needs an argument: 'f' in -f", 'docker node ls [OPTIONS]', 'docker node ls'],
    ['docker node ls ---x', 'bad flag syntax: ---x', 'docker node ls [OPTIONS]', 'docker node ls'],
    [
      'docker service create --replicas x nginx',
      'invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create --replicas -1 nginx',
      'invalid argument "-1" for "--replicas" flag: strconv.ParseUint: parsing "-1": invalid syntax',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create --update-delay 10 nginx',
      'invalid argument "10" for "--update-delay" flag: time: missing unit in duration "10"',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create --limit-memory lots nginx',
      `invalid argument "lots" for "--limit-memory" flag: invalid size: 'lots'`,
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create --limit-cpu 0.0000000001 nginx',
      'invalid argument "0.0000000001" for "--limit-cpu" flag: value is too precise',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create --placement-pref pack=x nginx',
      'invalid argument "pack=x" for "--placement-pref" flag: unsupported placement preference pack (only spread is supported)',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create -p target=x nginx',
      'invalid argument "target=x" for "-p, --publish" flag: strconv.ParseUint: parsing "x": invalid syntax',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker service create -p published=80 nginx',
      'invalid argument "published=80" for "-p, --publish" flag: missing mandatory field "target"',
      'docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]',
      'docker service create',
    ],
    [
      'docker node ls -f role',
      'invalid argument "role" for "-f, --filter" flag: bad format of filter (expected name=value)',
      'docker node ls [OPTIONS]',
      'docker node ls',
    ],
    [
      'docker service scale --detach=maybe web=1',
      'invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
      'docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]',
      'docker service scale',
    ],
    ['docker --bogus', 'unknown flag: --bogus', 'docker [OPTIONS] COMMAND [ARG...]', 'docker'],
    ['docker service --bogus', 'unknown flag: --bogus', 'docker service', 'docker service'],
  ])('%s → flag error, exit 125', (line, message, usage, path) => {
    expect(failure(line)).toEqual({
      stderr: `${message}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information\n`,
      exitCode: 125,
    });
  });

  it.each([
    [
      'docker service ps',
      "docker: 'docker service ps' requires at least 1 argument\n\nUsage:  docker service ps [OPTIONS] SERVICE [SERVICE...]\n\nSee 'docker service ps --help' for more information\n",
    ],
    [
      'docker swarm join',
      "docker: 'docker swarm join' requires 1 argument\n\nUsage:  docker swarm join [OPTIONS] HOST:PORT\n\nRun 'docker swarm join --help' for more information\n",
    ],
    [
      'docker service update a b',
      "docker: 'docker service update' requires 1 argument\n\nUsage:  docker service update [OPTIONS] SERVICE\n\nRun 'docker service update --help' for more information\n",
    ],
    [
      'docker node ls extra',
      "docker: 'docker node ls' accepts no arguments\n\nUsage:  docker node ls [OPTIONS]\n\nRun 'docker node ls --help' for more information\n",
    ],
    [
      'docker service scale web',
      "invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services\n",
    ],
    [
      'docker service scale',
      "docker: 'docker service scale' requires at least 1 argument\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nSee 'docker service scale --help' for more information\n",
    ],
    ['docker foo', "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n"],
    [
      'docker service foo',
      "docker: unknown command: docker service foo\n\nUsage:  docker service\n\nRun 'docker service --help' for more information\n",
    ],
  ])('%s → argument error, exit 1', (line, stderr) => {
    expect(failure(line)).toEqual({ stderr, exitCode: 1 });
  });

  it('refuses service scale specifiers with an empty side', () => {
    expect(failure('docker service scale web=').stderr).toContain("invalid scale specifier 'web='");
    expect(failure('docker service scale =3').stderr).toContain("invalid scale specifier '=3'");
  });

  it('flag errors win over argument errors; --help wins over argument errors', () => {
    expect(failure('docker service ps --bogus').exitCode).toBe(125);
    expect(parseDockerLine('docker service ps --help')).toMatchObject({ kind: 'output', exitCode: 0 });
    expect(failure('docker service ps --help --bogus').exitCode).toBe(125);
  });

  it("a group flag before a real subcommand is pflag's bare error, exit 1", () => {
    expect(failure('docker service -q ls')).toEqual({
      stderr: "unknown shorthand flag: 'q' in -q\n",
      exitCode: 1,
    });
  });

  it('an unterminated quote is a clear, continuable error', () => {
    const tokens = tokenizeCommandLine('docker service create --name "web nginx');
    expect(tokens).toEqual({
      ok: false,
      incomplete: true,
      error: { stderr: 'unexpected EOF while looking for matching `"\'\n', exitCode: 2 },
    });
    expect(failure("docker node ls --format '{{.ID}}")).toEqual({
      stderr: "unexpected EOF while looking for matching `''\n",
      exitCode: 2,
    });
  });

  it('tokenises quotes and escapes as a shell does', () => {
    expect(tokenizeCommandLine(`docker service create --env "A=\\"q\\"" a\\ b 'x y'`)).toEqual({
      ok: true,
      words: ['docker', 'service', 'create', '--env', 'A="q"', 'a b', 'x y'],
    });
  });

  it('refuses a line that is not a docker command', () => {
    expect(failure('kubectl get pods').exitCode).toBe(127);
  });
});

describe('help and no-op outputs, exit 0', () => {
  function outputOf(argv: string[]): DockerParseResult {
    return parseDockerArgv(argv);
  }

  it('docker service alone prints its help on stderr; --help prints it on stdout', () => {
    const alone = outputOf(['service']);
    expect(alone).toMatchObject({ kind: 'output', stdout: '', exitCode: 0 });
    expect(alone.kind === 'output' && alone.stderr.startsWith('Usage:  docker service COMMAND\n')).toBe(true);
    const help = outputOf(['service', '--help']);
    expect(help.kind === 'output' && help.stdout.startsWith('Usage:  docker service COMMAND\n')).toBe(true);
  });

  it('docker alone prints the root help on stderr; docker --help and docker help on stdout', () => {
    expect(outputOf([])).toMatchObject({ kind: 'output', stdout: '' });
    for (const argv of [['--help'], ['help']]) {
      const result = outputOf(argv);
      expect(result.kind === 'output' && result.stdout.startsWith('Usage:  docker [OPTIONS] COMMAND')).toBe(
        true,
      );
    }
  });

  it("docker help <command> shows that command's help, unknown topics fail", () => {
    const result = outputOf(['help', 'service', 'create']);
    expect(result.kind === 'output' && result.stdout.startsWith('Usage:  docker service create')).toBe(true);
    expect(outputOf(['help', 'nope'])).toEqual({
      kind: 'error',
      error: { stderr: 'unknown help topic: nope\n', exitCode: 1 },
    });
  });

  it('swarm update with no flags prints its help (docker/cli update-noargs.golden)', () => {
    const result = outputOf(['swarm', 'update']);
    expect(
      result.kind === 'output' &&
        result.stdout.startsWith('Usage:  docker swarm update [OPTIONS]\n\nUpdate the swarm\n'),
    ).toBe(true);
    expect(outputOf(['swarm', 'update', '--autolock'])).toMatchObject({ kind: 'command' });
  });

  it('docker --version prints the client version', () => {
    expect(parseDockerArgv(['--version'], { clientVersion: '27.3.1', clientBuild: 'ce12230' })).toEqual({
      kind: 'output',
      stdout: 'Docker version 27.3.1, build ce12230\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
