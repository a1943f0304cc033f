/**
 * Issue 5: the shell takes any line. Random sessions of command lines — valid, nearly valid and
 * junk, on any machine, killed or not — never throw, and every failure prints Docker's own text
 * or a documented sandbox error with a known exit code. The same seed and the same lines give
 * the same session, byte for byte.
 *
 * Replay a failure with the seed and path fast-check prints: `fc.assert(…, { seed, path })`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../swarm/sandbox.js';
import type { Sandbox } from '../swarm/sandbox-types.js';
import { runLine } from './run-line.js';
import { sandboxCommandSpecs } from './sandbox-commands.js';
import type { LineResult } from './types.js';

const machines = ['manager1', 'manager2', 'manager3', 'worker1', 'worker2', 'node9', 'self', ''];
const machine = fc.constantFrom(...machines);
const role = fc.constantFrom('worker', 'manager', 'boss');
const word = fc.constantFrom(
  'zone=a',
  'zone',
  'x=',
  '=y',
  'role=manager',
  'name=work',
  'membership=pending',
  'colour=red',
);
const format = fc.constantFrom(
  '{{.ID}}',
  '{{json .}}',
  'table {{.Hostname}}\\t{{.Status}}',
  '{{.Nope}}',
  '{{',
  'raw',
  'json',
  '{{ .ManagerStatus.Reachability }}',
);

/** Lines a student could type: commands with random machines, flags and values. */
const plausibleLine: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'docker swarm init',
    'docker swarm init --advertise-addr 192.168.99.100',
    'docker swarm init --force-new-cluster',
    'docker swarm init --availability drain',
    'docker swarm leave',
    'docker swarm leave --force',
    'docker swarm update --task-history-limit 3',
    'docker swarm update --autolock',
    'docker swarm unlock-key',
    'docker info',
    'docker node ls',
    'docker node ls -q',
    'heal',
    'status',
    'status --json',
    'machine ls',
    'help',
    'docker',
    'docker node',
    '# a comment',
    '',
  ),
  role.map((value) => `docker swarm join-token ${value}`),
  fc
    .tuple(role, fc.boolean(), fc.boolean())
    .map(
      ([value, quiet, rotate]) =>
        `docker swarm join-token ${quiet ? '-q ' : ''}${rotate ? '--rotate ' : ''}${value}`,
    ),
  fc
    .tuple(
      fc.constantFrom('SWMTKN-1-abc', 'garbage', `SWMTKN-1-${'0'.repeat(50)}-${'1'.repeat(25)}`),
      fc.constantFrom('192.168.99.100:2377', '192.168.99.101', 'nowhere'),
    )
    .map(([token, address]) => `docker swarm join --token ${token} ${address}`),
  fc
    .tuple(word, format)
    .map(([filter, template]) => `docker node ls --filter ${filter} --format '${template}'`),
  fc
    .tuple(machine, fc.boolean(), format)
    .map(
      ([name, pretty, template]) =>
        `docker node inspect ${pretty ? '--pretty ' : `--format '${template}' `}${name}`,
    ),
  fc
    .tuple(fc.constantFrom('promote', 'demote', 'rm', 'rm --force', 'ps'), machine)
    .map(([verb, name]) => `docker node ${verb} ${name}`),
  fc
    .tuple(fc.constantFrom('active', 'pause', 'drain', 'sometimes'), word, machine)
    .map(
      ([availability, label, name]) =>
        `docker node update --availability ${availability} --label-add ${label} ${name}`,
    ),
  fc
    .tuple(fc.constantFrom('manager', 'worker', 'boss'), machine)
    .map(([value, name]) => `docker node update --role ${value} ${name}`),
  fc.tuple(word, machine).map(([label, name]) => `docker node update --label-rm ${label} ${name}`),
  fc
    .tuple(fc.constantFrom('use', 'kill', 'restart', 'disconnect', 'reconnect'), machine)
    .map(([verb, name]) => `${verb} ${name}`),
  fc.tuple(machine, machine, machine).map(([a, b, c]) => `partition ${a},${b} | ${c}`),
  fc.constantFrom('0', '10%', '0.5', '150%', 'x').map((value) => `net drop ${value}`),
  fc.constantFrom('1-5', '5ms-50ms', '50-5', 'fast').map((value) => `net delay ${value}`),
  fc.constantFrom('500ms', '2s', '11s', '21s', 'forever', '25h').map((value) => `wait ${value}`),
  fc.constantFrom('worker3', 'bad_name', 'manager1').map((name) => `machine add ${name}`),
  fc
    .constantFrom('kill', 'machine add', 'docker node ls', 'frob', 'docker frob')
    .map((words) => `help ${words}`),
);

/** Anything at all: printable junk, quotes, unicode, control characters. */
const junkLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc
    .array(
      fc.constantFrom(
        'docker',
        'node',
        'swarm',
        'ls',
        '-q',
        '--',
        '"',
        "'",
        '|',
        ',',
        '--format',
        '-f',
        'kill',
        'machine',
        'net',
        '\\',
        '{{',
      ),
      { maxLength: 8 },
    )
    .map((words) => words.join(' ')),
);

const line = fc.oneof({ weight: 4, arbitrary: plausibleLine }, { weight: 1, arbitrary: junkLine });

const sandboxErrorPrefixes = [
  ...new Set(sandboxCommandSpecs.map((spec) => spec.name.split(' ')[0] as string)),
];

/** The first line of every error the shell may print (Docker's texts, then the sandbox's). */
const knownErrorPatterns: readonly RegExp[] = [
  /^Error response from daemon: /,
  /^Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock\. Is the docker daemon running\?$/,
  /^docker: /,
  /^(unknown flag|unknown shorthand flag|flag needs an argument|bad flag syntax|invalid argument)[: ]/,
  /^template parsing error: /,
  /^unknown role /,
  /^invalid availability "/,
  /^key .* doesn't exist in node's labels$/,
  /^cannot supply extra formatting options to the pretty template$/,
  /^could not fetch unlock key: /,
  /^no unlock key is set$/,
  /^cannot rotate because autolock is not turned on$/,
  /^ERROR: /,
  /^WARNING: /,
  /^Flag shorthand -h has been deprecated/,
  /^unexpected EOF while looking for matching /,
  /^.+: command not found$/,
  new RegExp(`^(${sandboxErrorPrefixes.map((name) => name.replace(/[-]/g, '\\-')).join('|')})( [a-z]+)?: `),
  /^swarmsim: (line too long|the line contains a control character)/,
];

const exitCodes = new Set([0, 1, 2, 64, 125, 127]);

function newSandbox(seed: number, preset: string): Sandbox {
  const created = createSandbox({ seed, preset });
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

function checkResult(result: LineResult): void {
  expect(
    exitCodes.has(result.exitCode),
    `exit code ${result.exitCode} for ${JSON.stringify(result.command)}`,
  ).toBe(true);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  if (result.exitCode === 0) return;
  expect(result.stderr.length, `a failure says why: ${JSON.stringify(result)}`).toBeGreaterThan(0);
  const first = result.stderr.split('\n')[0] as string;
  const known = knownErrorPatterns.some((pattern) => pattern.test(first));
  expect(known, `unknown error text for ${JSON.stringify(result.command)}: ${JSON.stringify(first)}`).toBe(
    true,
  );
}

describe('issue 5: the shell never throws and speaks only documented errors', () => {
  it('random sessions on a formed swarm (3 managers, 2 workers)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(line, { minLength: 1, maxLength: 12 }),
        (seed, lines) => {
          const sandbox = newSandbox(seed, '3m2w');
          for (const text of lines) checkResult(runLine(sandbox, text));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('random sessions on machines not yet in a swarm', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(line, { minLength: 1, maxLength: 12 }),
        (seed, lines) => {
          const sandbox = newSandbox(seed, 'tutorial');
          for (const text of lines) checkResult(runLine(sandbox, text));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('the same seed and the same lines give the same session, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(plausibleLine, { minLength: 1, maxLength: 8 }),
        (seed, lines) => {
          const first = newSandbox(seed, '3m2w');
          const second = newSandbox(seed, '3m2w');
          const left = lines.map((text) => JSON.stringify(runLine(first, text)));
          const right = lines.map((text) => JSON.stringify(runLine(second, text)));
          expect(right).toEqual(left);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
