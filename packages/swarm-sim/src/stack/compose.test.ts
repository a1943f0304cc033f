/**
 * `docker stack deploy` reads compose files: these tests follow a student's stack file from
 * text to service specs, and check each rule against the docker/cli or SwarmKit behaviour it
 * reproduces (swarm.md §1.12 defaults, §1.16 compose keys and warnings).
 */
import { describe, expect, test } from 'vitest';
import { formatFileErrors } from '../files/file-error.js';
import { parseMemoryBytes, parseNanoCpus, parsePortShortSyntax } from './compose-values.js';
import { composeToStackSpec, type StackSpec } from './convert.js';
import { loadComposeFiles } from './merge-compose.js';
import { type ComposeResult, parseComposeFile } from './parse-compose.js';
import { createServiceSpec } from './service-spec.js';
import { formatComposeWarnings } from './warnings.js';

function project(result: ComposeResult) {
  if (!result.ok) expect.fail(formatFileErrors(result.errors));
  return result.project;
}

function stack(text: string, name = 'app'): StackSpec {
  const converted = composeToStackSpec(project(parseComposeFile(text, 'stack.yml')), name);
  if (!converted.ok) expect.fail(formatFileErrors(converted.errors));
  return converted.stack;
}

function errorsOf(result: ComposeResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : formatFileErrors(result.errors);
}

describe('value syntaxes, parsed as docker/cli parses them', () => {
  test('memory sizes are binary units (go-units RAMInBytes)', () => {
    expect(parseMemoryBytes('512M')).toEqual({ ok: true, value: 512 * 1024 * 1024 });
    expect(parseMemoryBytes('1.5g')).toEqual({ ok: true, value: 1.5 * 1024 ** 3 });
    expect(parseMemoryBytes('2GiB')).toEqual({ ok: true, value: 2 * 1024 ** 3 });
    expect(parseMemoryBytes('100')).toEqual({ ok: true, value: 100 });
    expect(parseMemoryBytes('512Q')).toEqual({ ok: false, message: "invalid size: '512Q'" });
  });

  test('CPU counts become exact nano-CPUs (opts.ParseCPUs)', () => {
    expect(parseNanoCpus('0.5')).toEqual({ ok: true, value: 500_000_000 });
    expect(parseNanoCpus('2')).toEqual({ ok: true, value: 2_000_000_000 });
    expect(parseNanoCpus('0.000000001')).toEqual({ ok: true, value: 1 });
    expect(parseNanoCpus('0.0000000001')).toEqual({ ok: false, message: 'value is too precise' });
    expect(parseNanoCpus('half')).toEqual({
      ok: false,
      message: 'failed to parse half as a rational number',
    });
  });

  test('short port syntax: target only, published:target, protocol, host IP, ranges', () => {
    const port = (target: number, published: number | null, protocol = 'tcp') => ({
      target,
      published,
      protocol,
      mode: 'ingress',
    });
    expect(parsePortShortSyntax('80')).toEqual({ ok: true, value: [port(80, null)] });
    expect(parsePortShortSyntax('8080:80/udp')).toEqual({ ok: true, value: [port(80, 8080, 'udp')] });
    expect(parsePortShortSyntax('127.0.0.1:8080:80')).toEqual({ ok: true, value: [port(80, 8080)] });
    expect(parsePortShortSyntax('8000-8001:80-81')).toEqual({
      ok: true,
      value: [port(80, 8000), port(81, 8001)],
    });
    expect(parsePortShortSyntax('80:99999')).toEqual({ ok: false, message: 'invalid containerPort: 99999' });
    expect(parsePortShortSyntax('x:80')).toEqual({ ok: false, message: 'invalid hostPort: x' });
  });
});

describe('stack deploy: compose services become service specs', () => {
  test('objects are named <stack>_<name> and labelled com.docker.stack.namespace (swarm.md §1.16)', () => {
    const spec = stack('services:\n  web:\n    image: nginx\n    labels: [tier=front]\n', 'shop');
    expect(spec.networks.map((network) => network.name)).toEqual(['shop_default']);
    const web = spec.services[0];
    expect(web?.name).toBe('shop_web');
    expect(web?.labels).toEqual({ 'com.docker.stack.namespace': 'shop', 'com.docker.stack.image': 'nginx' });
    expect(web?.containerLabels).toEqual({ tier: 'front', 'com.docker.stack.namespace': 'shop' });
    expect(web?.networks).toEqual([{ target: 'shop_default', aliases: ['web'] }]);
  });

  test('a service without deploy settings gets SwarmKit defaults (swarm.md §1.12)', () => {
    const web = stack('services:\n  web:\n    image: nginx\n').services[0];
    expect(web).toEqual({
      ...createServiceSpec('app_web', 'nginx'),
      labels: { 'com.docker.stack.namespace': 'app', 'com.docker.stack.image': 'nginx' },
      containerLabels: { 'com.docker.stack.namespace': 'app' },
      networks: [{ target: 'app_default', aliases: ['web'] }],
    });
    expect(web?.mode).toEqual({ kind: 'replicated', replicas: 1 });
    expect(web?.restartPolicy).toEqual({ condition: 'any', delayMs: 5000, maxAttempts: 0, windowMs: 0 });
    expect(web?.updateConfig).toMatchObject({ parallelism: 1, monitorMs: 5000, failureAction: 'pause' });
    expect(web?.stopGracePeriodMs).toBe(10_000);
  });

  test('durations are milliseconds, CPUs nano-CPUs, memory bytes, ratios integer fractions', () => {
    const text = `services:
  web:
    image: nginx
    stop_grace_period: 1m30s
    deploy:
      resources:
        limits: { cpus: "1.5", memory: 1G, pids: 100 }
        reservations: { cpus: "0.25", memory: 256M }
      restart_policy: { condition: on-failure, delay: 500ms, max_attempts: 2, window: 2m }
      update_config: { parallelism: 0, delay: 10s, monitor: 1m, max_failure_ratio: 0.3, order: start-first }
`;
    const web = stack(text).services[0];
    expect(web?.stopGracePeriodMs).toBe(90_000);
    expect(web?.resources).toEqual({
      limits: { nanoCpus: 1_500_000_000, memoryBytes: 1024 ** 3, pids: 100 },
      reservations: { nanoCpus: 250_000_000, memoryBytes: 256 * 1024 ** 2 },
    });
    expect(web?.restartPolicy).toEqual({
      condition: 'on-failure',
      delayMs: 500,
      maxAttempts: 2,
      windowMs: 120_000,
    });
    expect(web?.updateConfig).toEqual({
      parallelism: 0,
      delayMs: 10_000,
      failureAction: 'pause',
      monitorMs: 60_000,
      maxFailureRatio: { numerator: 3, denominator: 10 },
      order: 'start-first',
    });
  });

  test('command is the args, entrypoint the command; strings split as a shell would', () => {
    const text = `services:
  web:
    image: nginx
    entrypoint: /docker-entrypoint.sh
    command: nginx -g 'daemon off;'
    environment: [B=2, A=1, DEBUG]
`;
    const web = stack(text).services[0];
    expect(web?.command).toEqual(['/docker-entrypoint.sh']);
    expect(web?.args).toEqual(['nginx', '-g', 'daemon off;']);
    expect(web?.env).toEqual(['A=1', 'B=2', 'DEBUG']);
  });

  test('modes: replicated, global, and jobs (replicas is the job size)', () => {
    const text = `services:
  a: { image: x, deploy: { mode: global } }
  b: { image: x, deploy: { mode: replicated-job, replicas: 4 } }
  c: { image: x, deploy: { mode: global-job } }
  d: { image: x, deploy: { replicas: 0 } }
`;
    expect(stack(text).services.map((service) => service.mode)).toEqual([
      { kind: 'global' },
      { kind: 'replicated-job', maxConcurrent: 4, totalCompletions: 4 },
      { kind: 'global-job' },
      { kind: 'replicated', replicas: 0 },
    ]);
  });

  test('ports: short and long syntax, sorted by published port, host mode kept', () => {
    const text = `services:
  web:
    image: nginx
    ports:
      - "9090:90"
      - target: 53
        published: 53
        protocol: udp
        mode: host
      - 80
`;
    expect(stack(text).services[0]?.endpoint.ports).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: null, publishMode: 'ingress' },
      { protocol: 'udp', targetPort: 53, publishedPort: 53, publishMode: 'host' },
      { protocol: 'tcp', targetPort: 90, publishedPort: 9090, publishMode: 'ingress' },
    ]);
  });

  test('the legacy restart key is the fallback restart policy (convertRestartPolicy quirk)', () => {
    const policies = stack(`services:
  a: { image: x, restart: "on-failure:3" }
  b: { image: x, restart: always }
  c: { image: x, restart: "no" }
  d: { image: x, restart: always, deploy: { restart_policy: { condition: none } } }
`).services.map((service) => [service.restartPolicy.condition, service.restartPolicy.maxAttempts]);
    expect(policies).toEqual([
      ['on-failure', 3],
      ['any', 0],
      ['any', 0],
      ['none', 0],
    ]);
    const parsed = project(
      parseComposeFile('services:\n  a:\n    image: x\n    restart: sometimes\n', 'r.yml'),
    );
    const converted = composeToStackSpec(parsed, 'app');
    expect(converted.ok ? '' : formatFileErrors(converted.errors)).toBe(
      "r.yml:4:5: services.a.restart: invalid restart policy: unknown policy 'sometimes' (must be one of 'no', 'always', 'on-failure', or 'unless-stopped')",
    );
  });

  test('networks, secrets and configs: namespaced unless external or renamed', () => {
    const text = `services:
  web:
    image: nginx
    networks:
      front: { aliases: [www] }
      shared:
    secrets: [db_password, { source: api_key, target: key.txt }]
networks:
  front: { attachable: true }
  shared: { external: true, name: proxy_net }
  unused:
secrets:
  db_password: { file: ./db_password.txt }
  api_key: { external: true }
`;
    const spec = stack(text, 'shop');
    expect(spec.networks).toEqual([
      {
        name: 'shop_front',
        driver: 'overlay',
        attachable: true,
        internal: false,
        labels: { 'com.docker.stack.namespace': 'shop' },
      },
    ]);
    expect(spec.externalNetworks).toEqual(['proxy_net']);
    expect(spec.services[0]?.networks).toEqual([
      { target: 'proxy_net', aliases: ['web'] },
      { target: 'shop_front', aliases: ['www', 'web'] },
    ]);
    expect(spec.secrets).toEqual([
      {
        name: 'shop_db_password',
        file: './db_password.txt',
        labels: { 'com.docker.stack.namespace': 'shop' },
      },
    ]);
    expect(spec.externalSecrets).toEqual(['api_key']);
    expect(spec.services[0]?.secrets).toEqual([
      { name: 'api_key', target: 'key.txt' },
      { name: 'shop_db_password', target: 'db_password' },
    ]);
  });

  test('an empty stack name is refused as docker/cli refuses it', () => {
    const parsed = project(parseComposeFile('services:\n  web:\n    image: nginx\n', 'stack.yml'));
    const converted = composeToStackSpec(parsed, ' "" ');
    expect(converted.ok ? '' : formatFileErrors(converted.errors)).toBe('invalid stack name: " \\"\\" "');
  });
});

describe('stack deploy: ignored, deprecated and forbidden keys (swarm.md §1.16)', () => {
  test('unsupported keys are listed sorted in one warning line, then a blank line', () => {
    const parsed = project(
      parseComposeFile(
        'services:\n  web:\n    image: nginx\n    links: [db]\n    build: .\n    privileged: true\n',
        's.yml',
      ),
    );
    expect(parsed.warnings.unsupported).toEqual(['build', 'links', 'privileged']);
    expect(formatComposeWarnings(parsed.warnings)).toBe(
      'Ignoring unsupported options: build, links, privileged\n\n',
    );
  });

  test('deprecated keys are explained one per paragraph', () => {
    const parsed = project(
      parseComposeFile(
        'services:\n  web:\n    image: nginx\n    expose: [80]\n    container_name: web\n',
        's.yml',
      ),
    );
    expect(formatComposeWarnings(parsed.warnings)).toBe(
      'Ignoring deprecated options:\n\n' +
        'container_name: Setting the container name is not supported.\n\n' +
        "expose: Exposing ports is unnecessary - services on the same network can access each other's containers on any port.\n\n",
    );
  });

  test('keys Docker honours but the sandbox does not model are accepted and noted', () => {
    const text =
      'services:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql]\n    user: postgres\n';
    const parsed = project(parseComposeFile(text, 's.yml'));
    expect(parsed.warnings.notSimulated).toEqual(['user', 'volumes']);
    expect(formatComposeWarnings(parsed.warnings)).toBe('');
  });

  test('every forbidden key is an error at its own line', () => {
    const text = 'services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    volumes_from: [db]\n';
    expect(errorsOf(parseComposeFile(text, 's.yml'))).toBe(
      's.yml:4:5: services.web: Compose file contains unsupported options: mem_limit: Set resource limits using deploy.resources\n' +
        's.yml:5:5: services.web: Compose file contains unsupported options: volumes_from: To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
    );
  });

  test('x- extension keys are ignored, as the schema allows them', () => {
    const text = 'x-common: &common\n  image: nginx\nservices:\n  web:\n    <<: *common\n    x-note: hi\n';
    expect(project(parseComposeFile(text, 's.yml')).services[0]?.image).toBe('nginx');
  });
});

describe('errors name the file, line, column and key path', () => {
  test('every error in a file is reported, in file order', () => {
    const text = `version: "3.8"
services:
  web:
    image: nginx
    deploy:
      replicas: -1
      update_config: { order: start-frist, failure_action: retry }
      endpoint_mode: VIP
name: shop
`;
    expect(errorsOf(parseComposeFile(text, 'web.yml'))).toBe(
      [
        'web.yml:6:7: services.web.deploy.replicas: expected at least 0, got -1',
        'web.yml:7:24: services.web.deploy.update_config.order: expected one of start-first, stop-first, got "start-frist" (did you mean "start-first"?)',
        'web.yml:7:44: services.web.deploy.update_config.failure_action: expected one of pause, continue, rollback, got "retry"',
        'web.yml:8:7: services.web.deploy.endpoint_mode: expected one of vip, dnsrr, got "VIP" (did you mean "vip"?)',
        'web.yml:9:1: Additional property name is not allowed',
      ].join('\n'),
    );
  });

  test('a mapping where a value belongs, and a value where a mapping belongs', () => {
    const text = 'services:\n  web:\n    image: [nginx]\n    environment: yes\n';
    expect(errorsOf(parseComposeFile(text, 's.yml'))).toBe(
      's.yml:3:5: services.web.image: expected a string, got a list\n' +
        's.yml:4:5: services.web.environment: expected a mapping or a list of "KEY=value" strings, got true',
    );
  });

  test('bad YAML reports the YAML parser message and position', () => {
    // Not a file in examples/stacks/broken: Biome parses YAML files and would reject it.
    const text =
      'version: "3.8"\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"\n    deploy:\n      replicas: 2\n';
    expect(errorsOf(parseComposeFile(text, 'bad-yaml.yml'))).toBe(
      'bad-yaml.yml:6:5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  test('the top level must be a mapping; duplicate keys are a YAML error', () => {
    expect(errorsOf(parseComposeFile('- web\n', 'list.yml'))).toBe(
      'list.yml:1:1: top-level object must be a mapping',
    );
    expect(errorsOf(parseComposeFile('services: {}\nservices: {}\n', 'dup.yml'))).toBe(
      'dup.yml:2:1: invalid YAML: Map keys must be unique',
    );
  });

  test('healthcheck test and disable together are refused (convertHealthcheck)', () => {
    const text =
      'services:\n  web:\n    image: nginx\n    healthcheck: { test: [CMD, "true"], disable: true }\n';
    expect(errorsOf(parseComposeFile(text, 's.yml'))).toBe(
      "s.yml:4:5: services.web.healthcheck: test and disable can't be set at the same time",
    );
  });
});

describe('docker stack deploy -c a.yml -c b.yml: later files override earlier ones', () => {
  const base = `version: "3.8"
services:
  web:
    image: nginx:1.24
    environment: { A: "1", B: "1" }
    ports: ["80:80"]
    deploy:
      replicas: 2
      placement: { constraints: [node.role == worker] }
      update_config: { parallelism: 2, delay: 10s }
`;

  test('values replace, mappings merge, constraints append, ports merge as a set', () => {
    const override = `version: "3.8"
services:
  web:
    image: nginx:1.25
    environment: { B: "2" }
    ports: ["80:80", "443:443"]
    deploy:
      replicas: 5
      placement: { constraints: [node.labels.zone == east] }
      update_config: { delay: 30s }
  cache:
    image: redis
`;
    const merged = project(
      loadComposeFiles([
        { text: base, fileName: 'base.yml' },
        { text: override, fileName: 'prod.yml' },
      ]),
    );
    expect(merged.files).toEqual(['base.yml', 'prod.yml']);
    expect(merged.services.map((service) => service.name)).toEqual(['cache', 'web']);
    const web = merged.services[1];
    expect(web?.image).toBe('nginx:1.25');
    expect(web?.environment).toEqual({ A: '1', B: '2' });
    expect(web?.ports?.map((port) => port.published)).toEqual([80, 443]);
    expect(web?.deploy?.replicas).toBe(5);
    expect(web?.deploy?.placement?.constraints).toEqual(['node.role == worker', 'node.labels.zone == east']);
    expect(web?.deploy?.updateConfig).toEqual({ parallelism: 2, delayMs: 30_000 });
  });

  test('a conflict made by merging points at the file that made it', () => {
    const override = 'version: "3.8"\nservices:\n  web:\n    deploy:\n      mode: global\n';
    const result = loadComposeFiles([
      { text: base, fileName: 'base.yml' },
      { text: override, fileName: 'global.yml' },
    ]);
    expect(errorsOf(result)).toBe(
      'base.yml:8:7: services.web.deploy.replicas: replicas can only be used with replicated or replicated-job mode',
    );
  });

  test('files must agree on the version; errors from every file are reported', () => {
    const mismatch = loadComposeFiles([
      { text: base, fileName: 'base.yml' },
      { text: 'version: "3.7"\nservices: {}\n', fileName: 'old.yml' },
    ]);
    expect(errorsOf(mismatch)).toBe(
      'old.yml:1:1: version: version mismatched between two composefiles : 3.8 and 3.7',
    );
    const broken = loadComposeFiles([
      { text: 'services:\n  a: { image: x, deploy: { replicas: two } }\n', fileName: 'a.yml' },
      { text: 'services:\n  b: { image: x, bogus: 1 }\n', fileName: 'b.yml' },
    ]);
    expect(errorsOf(broken)).toBe(
      'a.yml:2:28: services.a.deploy.replicas: expected an integer, got "two"\n' +
        'b.yml:2:18: services.b: Additional property bogus is not allowed',
    );
    expect(errorsOf(loadComposeFiles([]))).toBe('Please specify a Compose file (with --compose-file)');
  });
});
