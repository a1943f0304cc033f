/**
 * The pieces of Docker's service output that need no swarm: the PORTS cell of `service ls`, Go's
 * float32 text, the progress display in both of jsonmessage's modes, the inspect JSON field order,
 * the `--pretty` layout, the flag → spec conversion and its client-side errors (swarm.md §1.12-§1.15).
 */
import { describe, expect, it } from 'vitest';
import { parseDockerLine } from '../../docker/grammar/parse.js';
import { createServiceSpec, type ServiceSpec } from '../../stack/service-spec.js';
import type { ServiceObject } from '../../swarm/objects.js';
import {
  type ProgressMessage,
  progressBar,
  renderProgressScreen,
  renderProgressStream,
  truncateProgressError,
} from './progress.js';
import { formatLoadReport, parseTarget } from './sandbox-tools.js';
import { float32Text, serviceToApi } from './service-api.js';
import { ingressPortsCell } from './service-format.js';
import { prettyService } from './service-pretty.js';
import { createSpecFromFlags, updateSpecFromFlags } from './spec-flags.js';

function serviceOf(spec: ServiceSpec, changes: Partial<ServiceObject> = {}): ServiceObject {
  return {
    meta: { id: '9uk4639qpg7npwf3fn2aasksr', version: 11, createdAtMs: 5_000, updatedAtMs: 5_000 },
    spec,
    previousSpec: null,
    specVersion: 1,
    endpointPorts: [],
    updateStatus: null,
    ...changes,
  };
}

function createCommand(line: string) {
  const parsed = parseDockerLine(line);
  if (parsed.kind !== 'command' || parsed.command.key !== 'service create')
    throw new Error(`not a create: ${line}`);
  return parsed.command;
}

function updateOptions(line: string) {
  const parsed = parseDockerLine(line);
  if (parsed.kind !== 'command' || parsed.command.key !== 'service update')
    throw new Error(`not an update: ${line}`);
  return parsed.command.options;
}

describe('service ls PORTS (docker/cli serviceContext.Ports, swarm.md §1.13)', () => {
  const port = (
    publishedPort: number,
    targetPort: number,
    protocol: 'tcp' | 'udp' = 'tcp',
    publishMode: 'ingress' | 'host' = 'ingress',
  ) => ({
    publishedPort,
    targetPort,
    protocol,
    publishMode,
  });

  it('one ingress port', () => {
    expect(ingressPortsCell([port(8080, 80)])).toBe('*:8080->80/tcp');
  });

  it('consecutive ports merge into ranges; tcp sorts before udp; host-mode ports are left out', () => {
    const cell = ingressPortsCell([
      port(81, 81),
      port(80, 80),
      port(53, 53, 'udp'),
      port(9000, 9000, 'tcp', 'host'),
      port(90, 90),
    ]);
    expect(cell).toBe('*:80-81->80-81/tcp, *:90->90/tcp, *:53->53/udp');
  });

  it('80->80, 81->81, 82->80 prints as two entries (a range never overlaps its targets)', () => {
    expect(ingressPortsCell([port(80, 80), port(81, 81), port(82, 80)])).toBe(
      '*:80-81->80-81/tcp, *:82->80/tcp',
    );
  });
});

describe('Go float32 text (MaxFailureRatio)', () => {
  it.each([
    [0, '0'],
    [0.2, '0.2'],
    [1 / 3, '0.33333334'],
    [1, '1'],
  ])('%s → %s', (value, text) => {
    expect(float32Text(value)).toBe(text);
  });
});

describe('the progress display (docker/cli progress.go through jsonmessage)', () => {
  const messages: ProgressMessage[] = [
    { id: 'overall progress', text: '0 out of 1 tasks', current: 0, total: 0, plain: false },
    { id: '1/1', text: ' ', current: 0, total: 0, plain: false },
    { id: '1/1', text: 'running  ', current: 9, total: 9, plain: false },
    { id: 'overall progress', text: '1 out of 1 tasks', current: 0, total: 0, plain: false },
    {
      id: 'verify',
      text: 'Waiting 5 seconds to verify that tasks are stable...',
      current: 0,
      total: 0,
      plain: false,
    },
    { id: 'verify', text: 'Service x converged', current: 0, total: 0, plain: false },
  ];

  it('not a terminal: one line per message, bar messages dropped ("disable progressbar in non-terminal")', () => {
    expect(renderProgressStream(messages)).toBe(
      'overall progress: 0 out of 1 tasks\n1/1:  \noverall progress: 1 out of 1 tasks\n' +
        'verify: Waiting 5 seconds to verify that tasks are stable...\nverify: Service x converged\n',
    );
  });

  it('a terminal wider than 110 columns keeps each ID’s last line, with bars (swarm.md §1.12)', () => {
    expect(renderProgressScreen(messages, 120)).toBe(
      'overall progress: 1 out of 1 tasks \n' +
        `1/1: running   [${'='.repeat(50)}>] \n` +
        'verify: Service x converged \n',
    );
  });

  it('a terminal of 110 columns or fewer shows no bars', () => {
    expect(renderProgressScreen(messages, 80)).toContain('1/1: running   \n');
    expect(progressBar(4, 9, 80)).toBe('');
    expect(progressBar(4, 9, 111)).toBe(`[${'='.repeat(22)}>${' '.repeat(28)}] `);
  });

  it('task errors are cut to 75 characters with …', () => {
    expect(truncateProgressError('x'.repeat(80))).toBe(`${'x'.repeat(74)}…`);
    expect(truncateProgressError('no suitable node\n(a)')).toBe('no suitable node (a)');
  });
});

describe('service inspect JSON (moby api/types/swarm, swarm.md §6 step 9)', () => {
  it('Endpoint.Spec.Ports in Go field order, PublishMode included as moby converts it', () => {
    const spec: ServiceSpec = {
      ...createServiceSpec('my-web', 'nginx'),
      endpoint: {
        mode: 'vip',
        ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
      },
    };
    const api = serviceToApi(
      serviceOf(spec, {
        endpointPorts: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
      }),
    );
    expect(JSON.stringify((api.Endpoint as { Spec: { Ports: unknown } }).Spec.Ports)).toBe(
      '[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]',
    );
    expect(Object.keys(api)).toEqual(['ID', 'Version', 'CreatedAt', 'UpdatedAt', 'Spec', 'Endpoint']);
    expect(Object.keys(api.Spec as object)).toEqual([
      'Name',
      'Labels',
      'TaskTemplate',
      'Mode',
      'UpdateConfig',
      'RollbackConfig',
      'EndpointSpec',
    ]);
  });

  it('SwarmKit defaults are inserted: restart policy, update config, stop grace period in nanoseconds', () => {
    const api = serviceToApi(serviceOf(createServiceSpec('web', 'nginx'))) as {
      Spec: { TaskTemplate: Record<string, unknown>; UpdateConfig: unknown };
    };
    expect(api.Spec.TaskTemplate.RestartPolicy).toEqual({
      Condition: 'any',
      Delay: 5_000_000_000,
      MaxAttempts: 0,
    });
    expect(api.Spec.UpdateConfig).toEqual({
      Parallelism: 1,
      FailureAction: 'pause',
      Monitor: 5_000_000_000,
      MaxFailureRatio: 0,
      Order: 'stop-first',
    });
    expect((api.Spec.TaskTemplate.ContainerSpec as Record<string, unknown>).StopGracePeriod).toBe(
      10_000_000_000,
    );
  });
});

describe('service inspect --pretty (docker/cli serviceInspectPrettyTemplate, swarm.md §6 steps 4 and 7)', () => {
  it('helloworld: a blank line, the header with tabs, defaults, Args with a trailing space, a blank line', () => {
    const spec = { ...createServiceSpec('helloworld', 'alpine:latest'), args: ['ping', 'docker.com'] };
    expect(prettyService(serviceOf(spec), 60_000)).toBe(
      [
        '',
        'ID:\t\t9uk4639qpg7npwf3fn2aasksr',
        'Name:\t\thelloworld',
        'Service Mode:\tReplicated',
        ' Replicas:\t1',
        'Placement:',
        'UpdateConfig:',
        ' Parallelism:\t1',
        ' On failure:\tpause',
        ' Monitoring Period: 5s',
        ' Max failure ratio: 0',
        ' Update order:      stop-first',
        'RollbackConfig:',
        ' Parallelism:\t1',
        ' On failure:\tpause',
        ' Monitoring Period: 5s',
        ' Max failure ratio: 0',
        ' Rollback order:    stop-first',
        'ContainerSpec:',
        ' Image:\t\talpine:latest',
        ' Args:\t\tping docker.com ',
        ' Init:\t\tfalse',
        'Resources:',
        'Endpoint Mode:\tvip',
        '',
        '',
      ].join('\n'),
    );
  });

  it('a paused update, a delay, constraints and published ports', () => {
    const spec: ServiceSpec = {
      ...createServiceSpec('redis', 'redis:3.0.7'),
      placement: {
        constraints: ['node.role!=manager'],
        preferences: [{ spread: 'node.labels.zone' }],
        maxReplicas: 2,
      },
      updateConfig: { ...createServiceSpec('x', 'y').updateConfig, delayMs: 10_000 },
    };
    const text = prettyService(
      serviceOf(spec, {
        updateStatus: {
          state: 'paused',
          startedAtMs: 0,
          completedAtMs: null,
          message: 'update paused due to failure or early termination of task abc',
        },
        endpointPorts: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
      }),
      65_000,
    );
    expect(text).toContain(
      'UpdateStatus:\n State:\t\tpaused\n Started:\tAbout a minute ago\n Message:\tupdate paused due to failure or early termination of task abc\n',
    );
    expect(text).toContain(
      'Placement:\n Constraints:\t[node.role!=manager]\n Preferences:   [spread=node.labels.zone]\n Max Replicas Per Node:   2\n',
    );
    expect(text).toContain(' Parallelism:\t1\n Delay:\t\t10s\n On failure:\tpause\n');
    expect(text).toContain(
      'Endpoint Mode:\tvip\nPorts:\n PublishedPort = 8080\n  Protocol = tcp\n  TargetPort = 80\n  PublishMode = ingress \n\n',
    );
  });
});

describe('service create flags → spec (docker/cli opts.go ToService, swarm.md §1.12)', () => {
  it('replicas, constraints, preferences, limits, restart and update settings, both publish syntaxes', () => {
    const command = createCommand(
      'docker service create --name web --replicas 3 --replicas-max-per-node 2 --constraint node.role==worker ' +
        '--placement-pref spread=node.labels.zone --limit-cpu 0.5 --reserve-memory 128m --restart-condition on-failure ' +
        '--restart-delay 3s --update-delay 10s --update-parallelism 2 --update-failure-action rollback ' +
        '-p 8080:80 -p published=9000,target=90,mode=host -e A=1 -e A=2 -l tier=web nginx:1.25 nginx -g daemon',
    );
    const built = createSpecFromFlags(command.options, command.args, []);
    if (!built.ok) throw new Error(built.message);
    const spec = built.spec;
    expect(spec.mode).toEqual({ kind: 'replicated', replicas: 3 });
    expect(spec.placement).toEqual({
      constraints: ['node.role==worker'],
      preferences: [{ spread: 'node.labels.zone' }],
      maxReplicas: 2,
    });
    expect(spec.resources.limits.nanoCpus).toBe(500_000_000);
    expect(spec.resources.reservations.memoryBytes).toBe(128 * 1024 * 1024);
    expect(spec.restartPolicy).toEqual({
      condition: 'on-failure',
      delayMs: 3_000,
      maxAttempts: 0,
      windowMs: 0,
    });
    expect(spec.updateConfig).toMatchObject({
      parallelism: 2,
      delayMs: 10_000,
      failureAction: 'rollback',
      monitorMs: 5_000,
      order: 'stop-first',
    });
    expect(spec.endpoint.ports).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
      { protocol: 'tcp', targetPort: 90, publishedPort: 9000, publishMode: 'host' },
    ]);
    expect(spec.env).toEqual(['A=2']);
    expect(spec.labels).toEqual({ tier: 'web' });
    expect(spec.image).toBe('nginx:1.25');
    expect(spec.args).toEqual(['nginx', '-g', 'daemon']);
  });

  it.each([
    ['--mode global --replicas 2 nginx', 'replicas can only be used with replicated or replicated-job mode'],
    [
      '--mode global --replicas-max-per-node 2 nginx',
      'replicas-max-per-node can only be used with replicated or replicated-job mode',
    ],
    ['--mode daemon nginx', 'Unknown mode: daemon, only replicated and global supported'],
    ['--max-concurrent 2 nginx', 'max-concurrent can only be used with replicated-job mode'],
    [
      '--mode replicated-job --update-delay 1s nginx',
      'update and rollback configuration is not supported for jobs',
    ],
    ['--no-healthcheck --health-cmd true nginx', '--no-healthcheck conflicts with --health-* options'],
    ['--restart-condition always nginx', 'Error response from daemon: invalid RestartCondition: "always"'],
    [
      '--update-order middle-first nginx',
      'Error response from daemon: unrecognized update order middle-first',
    ],
    [
      '--endpoint-mode round-robin nginx',
      'Error response from daemon: invalid resolution mode: "round-robin"',
    ],
  ])('%s → %s', (flags, message) => {
    const command = createCommand(`docker service create ${flags}`);
    expect(createSpecFromFlags(command.options, command.args, [])).toEqual({
      ok: false,
      message,
      exitCode: 1,
    });
  });

  it('an empty environment variable name is pflag’s flag error, exit 125', () => {
    const command = createCommand('docker service create -e =x nginx');
    const built = createSpecFromFlags(command.options, command.args, []);
    expect(built).toMatchObject({ ok: false, exitCode: 125 });
    expect(built.ok ? '' : built.message).toMatch(
      /^invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x\n\nUsage: {2}docker service create/,
    );
  });
});

describe('service update flags merge into the stored spec (docker/cli update.go)', () => {
  const current: ServiceSpec = {
    ...createServiceSpec('web', 'nginx:1.24'),
    env: ['B=1', 'A=1'],
    labels: { keep: '1', drop: '1' },
    placement: { constraints: ['node.role==worker'], preferences: [], maxReplicas: 0 },
    endpoint: {
      mode: 'vip',
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
    },
  };

  it('adds and removes labels, env, constraints and ports; the image and replicas change', () => {
    const merged = updateSpecFromFlags(
      current,
      updateOptions(
        'docker service update --image nginx:1.25 --replicas 4 --label-add new=2 --label-rm drop --env-add C=3 --env-rm B ' +
          '--constraint-add node.labels.zone==east --constraint-rm node.role==worker --publish-rm 80 --publish-add 9090:90 web',
      ),
    );
    if (!merged.ok) throw new Error(merged.message);
    expect(merged.spec.image).toBe('nginx:1.25');
    expect(merged.spec.mode).toEqual({ kind: 'replicated', replicas: 4 });
    expect(merged.spec.labels).toEqual({ keep: '1', new: '2' });
    expect(merged.spec.env).toEqual(['A=1', 'C=3']);
    expect(merged.spec.placement.constraints).toEqual(['node.labels.zone==east']);
    expect(merged.spec.endpoint.ports).toEqual([
      { protocol: 'tcp', targetPort: 90, publishedPort: 9090, publishMode: 'ingress' },
    ]);
  });

  it('--replicas on a global service is refused with update.go’s text', () => {
    const global: ServiceSpec = { ...current, mode: { kind: 'global' } };
    expect(updateSpecFromFlags(global, updateOptions('docker service update --replicas 2 web'))).toEqual({
      ok: false,
      message: 'replicas can only be used with replicated mode',
      exitCode: 1,
    });
  });
});

describe('curl and load', () => {
  it('MACHINE:PORT and http://MACHINE:PORT/ name a machine and a port; anything else does not', () => {
    expect(parseTarget('worker1:8080')).toEqual({ ok: true, machine: 'worker1', port: 8080 });
    expect(parseTarget('http://worker1:8080/')).toEqual({ ok: true, machine: 'worker1', port: 8080 });
    expect(parseTarget('worker1')).toEqual({ ok: false });
    expect(parseTarget('worker1:70000')).toEqual({ ok: false });
  });

  it('the report names the longest run of failed requests and when it happened', () => {
    const report = {
      requests: 100,
      successes: 90,
      failures: 10,
      latency: { minMs: 2, medianMs: 2, p99Ms: 3, maxMs: 3 },
      failureWindows: [
        { fromMs: 61_000, toMs: 61_000, failures: 1 },
        { fromMs: 62_000, toMs: 62_800, failures: 9 },
      ],
      answeredBy: { worker2: 45, worker1: 45 },
    };
    expect(formatLoadReport(report, 10_000, 100)).toBe(
      '100 requests in 10s: 90 succeeded, 10 failed\n' +
        'latency: min 2ms, median 2ms, p99 3ms, max 3ms\n' +
        'answered by: worker1 45, worker2 45\n' +
        'failures: 10 between 1m1s and 1m2.8s\n' +
        'longest unavailability: 900ms (9 failed requests in a row from 1m2s to 1m2.8s)\n',
    );
  });
});
