/**
 * The control API's answers (swarm.md §1.12-§1.15, §2): Docker's daemon errors verbatim, the
 * service references the daemon resolves, published-port allocation, spec versions and the
 * previous spec, manual rollback, and `service ls` counts.
 */
import { describe, expect, test } from 'vitest';
import type { ServiceObject } from '../swarm/objects.js';
import { wait } from '../swarm/sandbox.js';
import { forceUpdateOf } from './spec.js';
import {
  call,
  callValue,
  createService,
  listEntry,
  runningTasks,
  service,
  spec,
  tutorialSwarm,
  waitUntil,
} from './testing.js';

function ports(published: number | null, mode: 'ingress' | 'host' = 'ingress') {
  return {
    mode: 'vip' as const,
    ports: [{ protocol: 'tcp' as const, targetPort: 80, publishedPort: published, publishMode: mode }],
  };
}

describe('service create (swarm.md §1.12)', () => {
  test('a duplicate name is refused with AlreadyExists', () => {
    const sandbox = tutorialSwarm(21);
    createService(sandbox, spec('web', 'nginx'));
    expect(call(sandbox, 'service.create', { spec: spec('web', 'nginx') })).toMatchObject({
      ok: false,
      error:
        'rpc error: code = AlreadyExists desc = name conflicts with an existing object: service web already exists',
      status: 409,
    });
  });

  test('a published port in use is refused, naming the service that holds it', () => {
    const sandbox = tutorialSwarm(22);
    const id = createService(sandbox, spec('web', 'nginx', { endpoint: ports(8080) }));
    expect(
      call(sandbox, 'service.create', { spec: spec('api', 'nginx', { endpoint: ports(8080) }) }),
    ).toMatchObject({
      ok: false,
      error: `rpc error: code = InvalidArgument desc = port '8080' is already in use by service 'web' (${id}) as an ingress port`,
      status: 400,
    });
  });

  test('ports without a number get the next free one from 30000', () => {
    const sandbox = tutorialSwarm(23);
    createService(sandbox, spec('first', 'nginx', { endpoint: ports(null) }));
    createService(sandbox, spec('second', 'nginx', { endpoint: ports(null) }));
    expect(service(sandbox, 'first').endpointPorts).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: 30000, publishMode: 'ingress' },
    ]);
    expect(service(sandbox, 'second').endpointPorts[0]?.publishedPort).toBe(30001);
    const current = service(sandbox, 'first');
    callValue(sandbox, 'service.update', { ref: 'first', spec: { ...current.spec, image: 'nginx:1.25' } });
    expect(service(sandbox, 'first').endpointPorts[0]?.publishedPort).toBe(30000);
  });

  test('no name gets a random adjective_surname; validation errors are SwarmKit texts', () => {
    const sandbox = tutorialSwarm(24);
    const id = createService(sandbox, spec('', 'nginx'));
    expect(service(sandbox, id).spec.name).toMatch(/^[a-z]+_[a-z]+$/);
    const refusals: [Partial<ReturnType<typeof spec>>, string][] = [
      [
        { name: 'bad name' },
        'rpc error: code = InvalidArgument desc = name must be valid as a DNS name component',
      ],
      [
        { image: '' },
        'rpc error: code = InvalidArgument desc = ContainerSpec: image reference must be provided',
      ],
      [
        { image: 'Nginx' },
        'rpc error: code = InvalidArgument desc = ContainerSpec: "Nginx" is not a valid repository/tag',
      ],
      [
        { mode: { kind: 'replicated', replicas: -1 } },
        'rpc error: code = InvalidArgument desc = Number of replicas must be non-negative',
      ],
      [
        { placement: { constraints: ['node.role=manager'], preferences: [], maxReplicas: 0 } },
        'rpc error: code = Unknown desc = constraint expected one operator from ==, !=',
      ],
    ];
    for (const [changes, error] of refusals) {
      expect(call(sandbox, 'service.create', { spec: { ...spec('x', 'nginx'), ...changes } })).toMatchObject({
        ok: false,
        error,
      });
    }
  });
});

describe('service update, rollback, scale, remove (swarm.md §1.15)', () => {
  test('an update bumps the spec version and keeps the previous spec; --force bumps ForceUpdate', () => {
    const sandbox = tutorialSwarm(25);
    createService(sandbox, spec('web', 'nginx'));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 1, 15_000);
    const before = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: { ...before.spec, image: 'nginx:1.25' } });
    const after = service(sandbox, 'web');
    expect(after.specVersion).toBe(before.specVersion + 1);
    expect(after.previousSpec?.image).toBe('nginx');
    // The spec change resets the update status; the updater starts on the dirty task with the
    // next pass, 50 ms after the commit (the scheduler's batching wait).
    wait(sandbox, 100);
    expect(service(sandbox, 'web').updateStatus).toMatchObject({
      state: 'updating',
      message: 'update in progress',
    });
    callValue(sandbox, 'service.update', { ref: 'web', spec: after.spec, force: true });
    expect(forceUpdateOf(service(sandbox, 'web').spec)).toBe(1);
  });

  test('mode change and rename are refused as Unimplemented', () => {
    const sandbox = tutorialSwarm(26);
    createService(sandbox, spec('web', 'nginx'));
    const current = service(sandbox, 'web').spec;
    expect(
      call(sandbox, 'service.update', { ref: 'web', spec: { ...current, mode: { kind: 'global' } } }),
    ).toMatchObject({
      ok: false,
      error: 'rpc error: code = Unimplemented desc = service mode change is not allowed',
    });
    expect(call(sandbox, 'service.update', { ref: 'web', spec: { ...current, name: 'api' } })).toMatchObject({
      ok: false,
      error: 'rpc error: code = Unimplemented desc = renaming services is not supported',
    });
  });

  test('rollback without a previous spec fails; a manual rollback swaps the specs with its message', () => {
    const sandbox = tutorialSwarm(27);
    const id = createService(sandbox, spec('web', 'nginx:1.24'));
    expect(call(sandbox, 'service.rollback', { ref: 'web' })).toMatchObject({
      ok: false,
      error: `rpc error: code = FailedPrecondition desc = service ${id} does not have a previous spec`,
    });
    const current = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: { ...current.spec, image: 'nginx:1.25' } });
    callValue(sandbox, 'service.rollback', { ref: 'web' });
    const rolledBack = service(sandbox, 'web');
    expect(rolledBack.spec.image).toBe('nginx:1.24');
    expect(rolledBack.previousSpec?.image).toBe('nginx:1.25');
    expect(rolledBack.updateStatus).toMatchObject({
      state: 'rollback_started',
      message: 'manually requested rollback',
    });
  });

  test('a stale version is refused: update out of sequence', () => {
    const sandbox = tutorialSwarm(28);
    createService(sandbox, spec('web', 'nginx'));
    const current = service(sandbox, 'web');
    callValue(sandbox, 'service.update', { ref: 'web', spec: current.spec, version: current.meta.version });
    expect(
      call(sandbox, 'service.update', { ref: 'web', spec: current.spec, version: current.meta.version }),
    ).toMatchObject({
      ok: false,
      error: 'rpc error: code = Unknown desc = update out of sequence',
    });
  });

  test('scale refuses a global service; references resolve by ID, name, then unique ID prefix', () => {
    const sandbox = tutorialSwarm(29);
    createService(sandbox, spec('agent', 'nginx', { mode: { kind: 'global' } }));
    expect(call(sandbox, 'service.scale', { ref: 'agent', replicas: 2 })).toMatchObject({
      ok: false,
      error: 'agent: scale can only be used with replicated or replicated-job mode',
    });
    const id = service(sandbox, 'agent').meta.id;
    expect(service(sandbox, id.slice(0, 4)).spec.name).toBe('agent');
    expect(call(sandbox, 'service.inspect', { ref: 'nope' })).toMatchObject({
      ok: false,
      error: 'service nope not found',
      status: 404,
    });
    expect(call(sandbox, 'service.remove', { ref: 'nope' })).toMatchObject({
      ok: false,
      error: 'service nope not found',
    });
  });
});

describe('service ls and service ps (swarm.md §1.13, §1.14)', () => {
  test('REPLICAS counts observed running tasks against the replica count; filters narrow the list', () => {
    const sandbox = tutorialSwarm(30);
    createService(
      sandbox,
      spec('web', 'nginx', { mode: { kind: 'replicated', replicas: 2 }, labels: { tier: 'front' } }),
    );
    createService(sandbox, spec('db', 'redis'));
    expect(listEntry(sandbox, 'web')).toMatchObject({ runningTasks: 0, desiredTasks: 2 });
    waitUntil(sandbox, () => listEntry(sandbox, 'web')?.runningTasks === 2, 15_000);
    const byLabel = callValue<{ service: ServiceObject }[]>(sandbox, 'service.list', {
      filters: { label: ['tier=front'] },
    });
    expect(byLabel.map((entry) => entry.service.spec.name)).toEqual(['web']);
    const byName = callValue<{ service: ServiceObject }[]>(sandbox, 'service.list', {
      filters: { name: ['d'] },
    });
    expect(byName.map((entry) => entry.service.spec.name)).toEqual(['db']);
  });

  test('service.tasks names tasks, resolves nodes, reports unknown services, filters by desired state', () => {
    const sandbox = tutorialSwarm(31);
    createService(sandbox, spec('web', 'nginx', { mode: { kind: 'replicated', replicas: 2 } }));
    waitUntil(sandbox, () => runningTasks(sandbox, 'web').length === 2, 15_000);
    const result = callValue<{ entries: { name: string; nodeName: string }[]; notFound: string[] }>(
      sandbox,
      'service.tasks',
      {
        services: ['web', 'nope'],
        filters: { desiredState: ['running'] },
      },
    );
    expect(result.notFound).toEqual(['nope']);
    expect(result.entries.map((entry) => entry.name).sort()).toEqual(['web.1', 'web.2']);
    expect(result.entries.every((entry) => ['manager1', 'worker1', 'worker2'].includes(entry.nodeName))).toBe(
      true,
    );
  });
});
