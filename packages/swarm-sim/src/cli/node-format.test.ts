/**
 * `docker node ls | inspect` rendering from store objects, checked against the exact texts of
 * swarm.md §1.9 and §1.10 (docker/cli formatter.go and its goldens).
 */
import { describe, expect, it } from 'vitest';
import type { NodeObject } from '../swarm/objects.js';
import {
  formatNodeList,
  inspectJson,
  inspectWithTemplate,
  lookupNode,
  nodeMatchesFilter,
  nodeToApi,
  parseNodeFilter,
  prettyNode,
} from './node-format.js';

interface NodeFixture {
  id: string;
  hostname: string;
  role?: 'manager' | 'worker';
  leader?: boolean;
  reachability?: 'reachable' | 'unreachable';
  state?: NodeObject['status']['state'];
  message?: string;
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  ip?: string;
  createdAtMs?: number;
}

function node(fixture: NodeFixture): NodeObject {
  const role = fixture.role ?? 'worker';
  const ip = fixture.ip ?? '192.168.99.100';
  return {
    meta: { id: fixture.id, version: 9, createdAtMs: fixture.createdAtMs ?? 0, updatedAtMs: 1500 },
    spec: { desiredRole: role, availability: 'active', labels: fixture.labels ?? {}, name: '' },
    role,
    membership: 'accepted',
    description: {
      hostname: fixture.hostname,
      platform: { os: 'linux', architecture: 'x86_64' },
      resources: { nanoCpus: 2_000_000_000, memoryBytes: 2098200576 },
      engineVersion: '27.3.1',
      engineLabels: fixture.engineLabels ?? {},
    },
    status: { state: fixture.state ?? 'ready', message: fixture.message ?? '', addr: ip },
    managerStatus:
      role === 'manager'
        ? {
            raftId: '1',
            addr: `${ip}:2377`,
            leader: fixture.leader ?? false,
            reachability: fixture.reachability ?? 'reachable',
          }
        : null,
  };
}

const manager1 = node({
  id: 'dxn1zf6l61qsb1josjja83ngz',
  hostname: 'manager1',
  role: 'manager',
  leader: true,
});
const worker1 = node({ id: '9j68exjopxe7wfl6yuxml7a7j', hostname: 'worker1', ip: '192.168.99.101' });
const worker2 = node({ id: '03g1y59jwfg7cf99w4lt0f662', hostname: 'worker2', ip: '192.168.99.102' });

describe('docker node ls (swarm.md §1.9)', () => {
  it('prints the table with full IDs, the * on self, sorted by hostname, spaced as the reference', () => {
    const rendered = formatNodeList([worker2, manager1, worker1], manager1.meta.id, {
      quiet: false,
      format: undefined,
    });
    expect(rendered).toEqual({
      ok: true,
      text:
        'ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n' +
        'dxn1zf6l61qsb1josjja83ngz *   manager1   Ready     Active         Leader           27.3.1\n' +
        '9j68exjopxe7wfl6yuxml7a7j     worker1    Ready     Active                          27.3.1\n' +
        '03g1y59jwfg7cf99w4lt0f662     worker2    Ready     Active                          27.3.1\n',
    });
  });

  it('sorts hostnames naturally: node2 before node10', () => {
    const nodes = ['node10', 'node2', 'node1'].map((hostname, index) =>
      node({ id: `${index}`.padEnd(25, 'a'), hostname }),
    );
    const rendered = formatNodeList(nodes, null, { quiet: false, format: '{{.Hostname}}' });
    expect(rendered).toEqual({ ok: true, text: 'node1\nnode2\nnode10\n' });
  });

  it('-q prints the full IDs, one a line', () => {
    expect(formatNodeList([worker1, manager1], null, { quiet: true, format: undefined })).toEqual({
      ok: true,
      text: 'dxn1zf6l61qsb1josjja83ngz\n9j68exjopxe7wfl6yuxml7a7j\n',
    });
  });

  it('shows Down and Unreachable for a dead manager, empty MANAGER STATUS for workers', () => {
    const down = node({
      id: 'k9iihxr5m2o126lsuqyh99iuu',
      hostname: 'manager2',
      role: 'manager',
      reachability: 'unreachable',
      state: 'down',
    });
    const rendered = formatNodeList([down, worker1], null, {
      quiet: false,
      format: 'table {{.Hostname}}\t{{.Status}}\t{{.ManagerStatus}}',
    });
    expect(rendered).toEqual({
      ok: true,
      text: 'HOSTNAME   STATUS    MANAGER STATUS\nmanager2   Down      Unreachable\nworker1    Ready     \n',
    });
  });

  it('{{json .}} prints the row with sorted keys, as formatter.MarshalJSON does', () => {
    const rendered = formatNodeList([manager1], manager1.meta.id, { quiet: false, format: '{{json .}}' });
    expect(rendered).toEqual({
      ok: true,
      text: '{"Availability":"Active","EngineVersion":"27.3.1","Hostname":"manager1","ID":"dxn1zf6l61qsb1josjja83ngz","ManagerStatus":"Leader","Self":true,"Status":"Ready","TLSStatus":"Unknown"}\n',
    });
  });

  it('reports a template error as docker does', () => {
    const rendered = formatNodeList([manager1], null, { quiet: false, format: '{{.Nope}}' });
    expect(rendered.ok).toBe(false);
    if (!rendered.ok) expect(rendered.error).toMatch(/^template parsing error: .*can't evaluate field Nope/);
  });
});

describe('docker node ls --filter (moby daemon/cluster/filters.go)', () => {
  const labelled = node({
    id: 'aaaaaaaaaaaaaaaaaaaaaaaaa',
    hostname: 'edge1',
    labels: { zone: 'a', ssd: '' },
    engineLabels: { gpu: 'yes' },
  });
  const filter = (key: string, value: string) => {
    const parsed = parseNodeFilter([{ key, value }]);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.filter;
  };

  it('role matches the current role, case-insensitively', () => {
    expect(nodeMatchesFilter(manager1, filter('role', 'MANAGER'))).toBe(true);
    expect(nodeMatchesFilter(worker1, filter('role', 'manager'))).toBe(false);
  });

  it('name and id match prefixes', () => {
    expect(nodeMatchesFilter(worker1, filter('name', 'work'))).toBe(true);
    expect(nodeMatchesFilter(manager1, filter('name', 'work'))).toBe(false);
    expect(nodeMatchesFilter(manager1, filter('id', 'dxn1'))).toBe(true);
  });

  it('node.label matches a key alone or key=value; label matches engine labels', () => {
    expect(nodeMatchesFilter(labelled, filter('node.label', 'zone'))).toBe(true);
    expect(nodeMatchesFilter(labelled, filter('node.label', 'zone=a'))).toBe(true);
    expect(nodeMatchesFilter(labelled, filter('node.label', 'zone=b'))).toBe(false);
    expect(nodeMatchesFilter(labelled, filter('label', 'gpu=yes'))).toBe(true);
    expect(nodeMatchesFilter(labelled, filter('label', 'zone'))).toBe(false);
  });

  it('membership accepted matches joined nodes', () => {
    expect(nodeMatchesFilter(worker1, filter('membership', 'accepted'))).toBe(true);
    expect(nodeMatchesFilter(worker1, filter('membership', 'pending'))).toBe(false);
  });

  it("refuses unknown keys and values with the daemon's texts", () => {
    expect(parseNodeFilter([{ key: 'colour', value: 'x' }])).toEqual({
      ok: false,
      error: "invalid filter 'colour'",
    });
    expect(parseNodeFilter([{ key: 'role', value: 'boss' }])).toEqual({
      ok: false,
      error: "Invalid role filter: 'boss'",
    });
    expect(parseNodeFilter([{ key: 'membership', value: 'x' }])).toEqual({
      ok: false,
      error: "Invalid membership filter: 'x'",
    });
  });
});

describe('docker node inspect (swarm.md §1.10)', () => {
  it('prints the API shape: PascalCase, Go field order, RFC 3339 times from the virtual epoch', () => {
    const api = nodeToApi(manager1);
    expect(Object.keys(api)).toEqual([
      'ID',
      'Version',
      'CreatedAt',
      'UpdatedAt',
      'Spec',
      'Description',
      'Status',
      'ManagerStatus',
    ]);
    expect(api.CreatedAt).toBe('2009-11-10T23:00:00Z');
    expect(api.UpdatedAt).toBe('2009-11-10T23:00:01.5Z');
    expect(api.Spec).toEqual({ Labels: {}, Role: 'manager', Availability: 'active' });
    expect(api.ManagerStatus).toEqual({
      Leader: true,
      Reachability: 'reachable',
      Addr: '192.168.99.100:2377',
    });
  });

  it('omits ManagerStatus for a worker and Leader for a follower (omitempty)', () => {
    expect(Object.hasOwn(nodeToApi(worker1), 'ManagerStatus')).toBe(false);
    const follower = node({ id: 'bbbbbbbbbbbbbbbbbbbbbbbbb', hostname: 'manager2', role: 'manager' });
    expect(nodeToApi(follower).ManagerStatus).toEqual({
      Reachability: 'reachable',
      Addr: '192.168.99.100:2377',
    });
  });

  it('indents with four spaces inside a JSON array', () => {
    const text = inspectJson([worker1]);
    expect(
      text.startsWith(
        '[\n    {\n        "ID": "9j68exjopxe7wfl6yuxml7a7j",\n        "Version": {\n            "Index": 9\n',
      ),
    ).toBe(true);
    expect(text.endsWith('\n]\n')).toBe(true);
    expect(inspectJson([])).toBe('[]\n');
  });

  it("--format '{{ .ManagerStatus.Reachability }}' prints reachable, and <no value> on a worker", () => {
    expect(inspectWithTemplate([manager1, worker1], '{{ .ManagerStatus.Reachability }}')).toEqual({
      ok: true,
      text: 'reachable\n<no value>\n',
    });
    expect(inspectWithTemplate([manager1], '{{ .Status.State }}')).toEqual({ ok: true, text: 'ready\n' });
  });

  it('--pretty prints the leader with the exact tab layout', () => {
    expect(prettyNode(manager1)).toBe(
      [
        'ID:\t\t\tdxn1zf6l61qsb1josjja83ngz',
        'Hostname:              \tmanager1',
        'Joined at:             \t2009-11-10 23:00:00 +0000 utc',
        'Status:',
        ' State:\t\t\tReady',
        ' Availability:         \tActive',
        ' Address:\t\t192.168.99.100',
        'Manager Status:',
        ' Address:\t\t192.168.99.100:2377',
        ' Raft Status:\t\tReachable',
        ' Leader:\t\tYes',
        'Platform:',
        ' Operating System:\tlinux',
        ' Architecture:\t\tx86_64',
        'Resources:',
        ' CPUs:\t\t\t2',
        ' Memory:\t\t1.954GiB',
        'Engine Version:\t\t27.3.1',
        '',
      ].join('\n'),
    );
  });

  it('--pretty prints labels, the status message, and no Manager Status for a worker', () => {
    const dead = node({
      id: 'ccccccccccccccccccccccccc',
      hostname: 'worker3',
      state: 'down',
      message: 'heartbeat failure',
      labels: { zone: 'b', ssd: '' },
      createdAtMs: 12_340,
    });
    const text = prettyNode(dead);
    expect(text).toContain('Labels:\n - ssd\n - zone=b\nHostname:');
    expect(text).toContain('Joined at:             \t2009-11-10 23:00:12.34 +0000 utc\n');
    expect(text).toContain(' State:\t\t\tDown\n Message:              \tHeartbeat failure\n');
    expect(text).not.toContain('Manager Status');
  });
});

describe('node references (moby daemon/cluster/helpers.go getNode)', () => {
  const nodes = [manager1, worker1, worker2];

  it('finds a node by full ID, hostname or unique ID prefix', () => {
    expect(lookupNode(nodes, manager1.meta.id)).toEqual({ ok: true, node: manager1 });
    expect(lookupNode(nodes, 'worker2')).toEqual({ ok: true, node: worker2 });
    expect(lookupNode(nodes, '9j6')).toEqual({ ok: true, node: worker1 });
  });

  it('reports a missing and an ambiguous reference with the daemon texts', () => {
    expect(lookupNode(nodes, 'node9')).toEqual({ ok: false, error: 'node node9 not found' });
    const rejoined = node({ id: 'zzzzzzzzzzzzzzzzzzzzzzzzz', hostname: 'worker1', state: 'down' });
    expect(lookupNode([...nodes, rejoined], 'worker1')).toEqual({
      ok: false,
      error: 'node worker1 is ambiguous (2 matches found)',
    });
  });
});
