/**
 * Random `docker service` / `docker stack` / `docker ps` / `curl` / `load` / `container kill`
 * lines — valid, nearly valid and junk — on a formed tutorial swarm never throw, and every failure
 * prints Docker's own text (or a documented sandbox error) with a known exit code. The same lines
 * on the same sandbox give the same session, byte for byte.
 *
 * Replay a failure with the seed and path fast-check prints: `fc.assert(…, { seed, path })`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../swarm/sandbox.js';
import type { Sandbox } from '../../swarm/sandbox-types.js';
import type { FileReadResult } from '../docker-context.js';
import { runLine, type ShellIo } from '../run-line.js';
import type { LineResult } from '../types.js';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

function readRepositoryFile(path: string): FileReadResult {
  try {
    return { ok: true, text: readFileSync(join(repositoryRoot, path), 'utf8') };
  } catch {
    return { ok: false, error: 'no such file or directory' };
  }
}

const io: ShellIo = { readFile: readRepositoryFile };

const service = fc.constantFrom('web', 'helloworld', 'redis', 'we', 'nope', 'shop_web', '');
const image = fc.constantFrom('nginx', 'nginx:1.25', 'redis:3.0.6', 'alpine', 'Bad/Image', 'web:broken', '');
const createFlag = fc.constantFrom(
  '-d',
  '-q',
  '--replicas 2',
  '--replicas 0',
  '--replicas x',
  '--mode global',
  '--mode replicated-job',
  '--mode daemon',
  '--constraint node.role==worker',
  '--constraint node.role=worker',
  '--placement-pref spread=node.labels.zone',
  '--placement-pref pack=x',
  '-p 8080:80',
  '-p published=8081,target=80,mode=host',
  '-p 80',
  '-p x:y',
  '--reserve-memory 3g',
  '--limit-cpu 0.5',
  '--restart-condition always',
  '--update-delay 1s',
  '--update-failure-action rollback',
  '--update-order middle',
  '--endpoint-mode dnsrr',
  '-e A=1',
  '-e =x',
  '--env-file nowhere.env',
  '--network shop_default',
  '--secret s',
  '--health-cmd true',
  '--no-healthcheck',
  '--replicas-max-per-node 1',
  '--max-concurrent 2',
);
const updateFlag = fc.constantFrom(
  '-d',
  '--image nginx:1.26',
  '--image web:broken',
  '--replicas 3',
  '--force',
  '--rollback',
  '--label-add a=b',
  '--label-rm a',
  '--env-add B=2',
  '--env-rm B',
  '--constraint-add node.role==manager',
  '--constraint-rm node.role==manager',
  '--publish-add 9090:90',
  '--publish-rm 90',
  '--update-parallelism 0',
  '--update-monitor 1s',
  '--network-add ingress',
  '--bogus',
);
const format = fc.constantFrom(
  '{{.ID}}',
  '{{json .}}',
  'table {{.Name}}\\t{{.Replicas}}',
  '{{.Nope}}',
  '{{',
  'raw',
  'json',
  '{{json .Endpoint.Spec.Ports}}',
);
const machine = fc.constantFrom('manager1', 'worker1', 'worker2', 'node9');
const stackFile = fc.constantFrom(
  'examples/stacks/web.yml',
  'examples/stacks/voting.yml',
  'examples/stacks/monitoring.yml',
  'examples/stacks/broken/bad-port.yml',
  'examples/stacks/broken/undefined-network.yml',
  'examples/stacks/broken/version-2.yml',
  'missing.yml',
  '-',
);
const stackName = fc.constantFrom('shop', 'vote', '', '"  "', 'x');

function flags(pool: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(pool, { maxLength: 3 }).map((chosen) => chosen.join(' '));
}

const plausibleLine: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(flags(createFlag), service, image)
    .map(([given, name, picked]) => `docker service create -d ${given} --name ${name || 'x'} ${picked}`),
  fc
    .tuple(flags(createFlag), image)
    .map(([given, picked]) => `docker service create ${given} ${picked} ping docker.com`),
  fc.tuple(flags(updateFlag), service).map(([given, name]) => `docker service update -d ${given} ${name}`),
  fc
    .tuple(fc.boolean(), fc.constantFrom('id=x', 'mode=global', 'label=a', 'bogus=1', 'name=we'), format)
    .map(
      ([quiet, filter, template]) =>
        `docker service ls ${quiet ? '-q' : ''} -f ${filter} --format '${template}'`,
    ),
  fc.constantFrom(
    'docker service ls',
    'docker stack ls',
    'docker ps',
    'docker ps -a',
    'docker ps -q --no-trunc',
    'docker ps -f status=exited',
    'docker ps -f bogus=1',
  ),
  fc
    .tuple(
      fc.constantFrom(
        '',
        '-q',
        '--no-trunc',
        '--no-resolve',
        '-f desired-state=running',
        '-f desired-state=asleep',
        '-f node=self',
        '-f node=node9',
      ),
      service,
    )
    .map(([given, name]) => `docker service ps ${given} ${name}`),
  fc
    .tuple(fc.boolean(), format, service)
    .map(
      ([pretty, template, name]) =>
        `docker service inspect ${pretty ? '--pretty' : `--format '${template}'`} ${name}`,
    ),
  fc
    .tuple(service, fc.constantFrom('0', '3', '-1', 'x', ''))
    .map(([name, count]) => `docker service scale -d ${name}=${count}`),
  fc
    .tuple(
      fc.constantFrom('rollback -d', 'rm', 'logs', 'logs --tail 2 --no-task-ids', 'logs --raw -t'),
      service,
    )
    .map(([verb, name]) => `docker service ${verb} ${name}`),
  fc
    .tuple(
      stackFile,
      stackName,
      fc.constantFrom('', '--prune', '-d', '--resolve-image never', '--resolve-image sometimes'),
    )
    .map(([file, name, given]) => `docker stack deploy ${given} -c ${file} ${name}`),
  fc
    .tuple(fc.constantFrom('services', 'ps', 'rm', 'services -q', 'ps --no-trunc'), stackName)
    .map(([verb, name]) => `docker stack ${verb} ${name}`),
  fc
    .tuple(machine, fc.constantFrom('8080', '80', '30000', 'x'))
    .map(([target, port]) => `curl ${target}:${port}`),
  fc
    .tuple(machine, fc.constantFrom('1', '50', '0', 'x'), fc.constantFrom('1s', '3s', 'forever'))
    .map(([target, rate, duration]) => `load ${target}:8080 --rate ${rate} --for ${duration}`),
  fc
    .tuple(
      machine,
      fc.constantFrom('web.1', 'abc', '', '1'),
      fc.constantFrom('', '--exit-code 0', '--exit-code 300'),
    )
    .map(([target, task, code]) => `container kill ${target} '${task}' ${code}`),
  fc.constantFrom('use worker1', 'use manager1', 'kill worker2', 'restart worker2', 'wait 3s'),
);

const junkLine: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      'docker',
      'service',
      'stack',
      'ps',
      'create',
      'update',
      'deploy',
      '-c',
      '-d',
      '--format',
      '{{',
      '=',
      'web',
      'curl',
      'load',
      'container',
      'kill',
      '--',
      '"',
    ),
    {
      maxLength: 7,
    },
  )
  .map((words) => words.join(' '));

const line = fc.oneof({ weight: 5, arbitrary: plausibleLine }, { weight: 1, arbitrary: junkLine });

/** The first line of every error these commands may print: Docker's texts, then the sandbox's. */
const knownErrorPatterns: readonly RegExp[] = [
  /^Error response from daemon: /,
  /^Error: no such service: /,
  /^Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock\. Is the docker daemon running\?$/,
  /^docker: /,
  /^(unknown flag|unknown shorthand flag|flag needs an argument|bad flag syntax|invalid argument)[: ]/,
  /^invalid scale specifier /,
  /^template parsing error: /,
  /^[^ ]*: (invalid replicas value|scale can only be used|Error response from daemon: )/,
  /^(no such service|multiple services found with provided prefix|no such task or service): /,
  /^(replicas|replicas-max-per-node|max-concurrent) can only be used with /,
  /^Unknown mode: /,
  /^update and rollback configuration is not supported for jobs$/,
  /^--no-healthcheck conflicts with --health-\* options$/,
  /^other flags may not be combined with --rollback$/,
  /^--format is incompatible with human friendly format$/,
  /^service (update|rollback) paused: /,
  /^(secret|config) not found: /,
  /^service is already attached to network /,
  /^open [^:]+: /,
  /^invalid stack name: /,
  /^Invalid option .* for flag --resolve-image$/,
  /^Ignoring (unsupported|deprecated) options/,
  /^Since --detach=false was not specified/,
  /^this node is not a swarm manager\. /,
  /^network ".*" is declared as external/,
  /^failed to (create|update) service /,
  /^(Nothing|nothing) found in stack: /,
  /^Please specify a Compose file/,
  /^[^\s:]+\.yml:\d+:\d+: /,
  /^[^\s:]+\.yml: /,
  /^curl: \(\d+\) /,
  /^(curl|load|container kill|container|use|kill|restart|wait): /,
  /^unexpected EOF while looking for matching /,
  /^.+: command not found$/,
  /^ERROR: /,
];

const exitCodes = new Set([0, 1, 2, 6, 7, 28, 64, 125, 127]);

function checkResult(result: LineResult): void {
  expect(
    exitCodes.has(result.exitCode),
    `exit code ${result.exitCode} for ${JSON.stringify(result.command)}`,
  ).toBe(true);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  if (result.exitCode === 0) return;
  expect(result.stderr.length, `a failure says why: ${JSON.stringify(result)}`).toBeGreaterThan(0);
  const first = result.stderr.split('\n').find((text) => text !== '') ?? '';
  const known = knownErrorPatterns.some((pattern) => pattern.test(first));
  expect(known, `unknown error text for ${JSON.stringify(result.command)}: ${JSON.stringify(first)}`).toBe(
    true,
  );
}

let formed: Sandbox;

beforeAll(() => {
  const created = createSandbox({ seed: 5, preset: 'tutorial' });
  if (!created.ok) throw new Error(created.error);
  formed = created.value;
  runLine(formed, 'docker swarm init --advertise-addr 192.168.99.100');
  const token = runLine(formed, 'docker swarm join-token -q worker').stdout.trim();
  for (const worker of ['worker1', 'worker2']) {
    runLine(formed, `use ${worker}`);
    runLine(formed, `docker swarm join --token ${token} 192.168.99.100:2377`);
  }
  runLine(formed, 'use manager1');
  runLine(formed, 'docker service create -d --name web --replicas 2 -p 8080:80 nginx');
  runLine(formed, 'wait 15s');
}, 60_000);

describe('random service and stack lines never throw and speak only documented errors', () => {
  it('random sessions on the tutorial swarm with a service running', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const sandbox = structuredClone(formed);
        for (const text of lines) checkResult(runLine(sandbox, text, io));
      }),
      { numRuns: 150 },
    );
  }, 240_000);

  it('the same lines on the same sandbox give the same session, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(plausibleLine, { minLength: 1, maxLength: 5 }), (lines) => {
        const first = structuredClone(formed);
        const second = structuredClone(formed);
        const left = lines.map((text) => JSON.stringify(runLine(first, text, io)));
        const right = lines.map((text) => JSON.stringify(runLine(second, text, io)));
        expect(right).toEqual(left);
      }),
      { numRuns: 30 },
    );
  }, 240_000);
});
