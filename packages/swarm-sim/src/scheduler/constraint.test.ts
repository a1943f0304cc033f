/**
 * Placement constraints and preferences as `docker service create --constraint` /
 * `--placement-pref` accept them. Each test names the rule it proves; the rules come from
 * swarm.md §1.12 and `moby/swarmkit:manager/constraint/constraint.go`.
 */
import { describe, expect, it } from 'vitest';
import {
  equalFold,
  nodeMatchesConstraints,
  parseConstraint,
  parseConstraints,
  parsePlacementPreference,
  spreadLabel,
} from './constraint.js';
import { parseCidr, parseIpAddress } from './ip.js';
import { makeNode } from './testing.js';
import type { SchedulerNode } from './types.js';

const node: SchedulerNode = makeNode('n1abc', {
  hostname: 'Worker-1',
  role: 'manager',
  platform: { os: 'linux', architecture: 'x86_64' },
  ip: '192.168.99.101',
  labels: { zone: 'East', Tier: 'front' },
  engineLabels: { storage: 'ssd' },
});

function matches(text: string, target: SchedulerNode = node): boolean {
  const parsed = parseConstraint(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return nodeMatchesConstraints([parsed.value], target);
}

describe('constraint parsing (swarm.md §1.12, constraint.Parse)', () => {
  it('splits at the first operator and trims both sides', () => {
    expect(parseConstraint('  node.role == manager ')).toEqual({
      ok: true,
      value: { key: 'node.role', operator: '==', value: 'manager' },
    });
    expect(parseConstraint('node.labels.zone!=west')).toEqual({
      ok: true,
      value: { key: 'node.labels.zone', operator: '!=', value: 'west' },
    });
  });

  it('rejects a constraint without an operator with SwarmKit text', () => {
    expect(parseConstraint('node.role=manager')).toEqual({
      ok: false,
      error: 'constraint expected one operator from ==, !=',
    });
  });

  it("rejects bad keys with `key 'x' is invalid` (a key needs two characters and no spaces inside)", () => {
    expect(parseConstraint('a==b')).toEqual({ ok: false, error: "key 'a' is invalid" });
    expect(parseConstraint('node role==manager')).toEqual({ ok: false, error: "key 'node role' is invalid" });
    expect(parseConstraint('==manager')).toEqual({ ok: false, error: "key '' is invalid" });
  });

  it("rejects bad values with `value 'x' is invalid`, including an empty value and a second operator", () => {
    expect(parseConstraint('node.role==')).toEqual({ ok: false, error: "value '' is invalid" });
    expect(parseConstraint('node.labels.a===b')).toEqual({ ok: false, error: "value '=b' is invalid" });
    expect(parseConstraint('node.labels.a==b!=c')).toEqual({ ok: false, error: "value 'b!=c' is invalid" });
    expect(parseConstraint('node.labels.a==x>1')).toEqual({ ok: false, error: "value 'x>1' is invalid" });
  });

  it('accepts the punctuation SwarmKit allows in values (regex-like and path characters)', () => {
    expect(parseConstraint('node.labels.path==/srv/data:rw').ok).toBe(true);
    expect(parseConstraint('node.labels.x==a*b?c+[d]|e^f$(g)\\h').ok).toBe(true);
  });

  it('reports the first bad constraint of a list', () => {
    expect(parseConstraints(['node.role==manager', 'node.labels.x~y', 'x=='])).toEqual({
      ok: false,
      error: 'constraint expected one operator from ==, !=',
    });
  });
});

describe('constraint matching: every key with == and != (constraint.NodeMatches)', () => {
  it.each([
    ['node.id', 'n1abc', 'n2def'],
    ['node.hostname', 'worker-1', 'worker-2'],
    ['node.role', 'MANAGER', 'worker'],
    ['node.platform.os', 'Linux', 'windows'],
    ['node.platform.arch', 'X86_64', 'arm64'],
    ['node.labels.zone', 'east', 'west'],
    ['engine.labels.storage', 'SSD', 'hdd'],
    ['node.ip', '192.168.99.101', '192.168.99.102'],
    ['node.ip', '192.168.99.0/24', '10.0.0.0/8'],
  ])('%s: == matches %s only, != the reverse, values case-insensitive', (key, same, other) => {
    expect(matches(`${key}==${same}`)).toBe(true);
    expect(matches(`${key}!=${same}`)).toBe(false);
    expect(matches(`${key}==${other}`)).toBe(false);
    expect(matches(`${key}!=${other}`)).toBe(true);
  });

  it('matches keys case-insensitively but label names case-sensitively', () => {
    expect(matches('NODE.ROLE==manager')).toBe(true);
    expect(matches('Node.Labels.zone==east')).toBe(true);
    expect(matches('node.labels.Zone==east')).toBe(false);
    expect(matches('node.labels.Tier==front')).toBe(true);
    expect(matches('node.labels.tier==front')).toBe(false);
  });

  it('treats a missing label as "" so != matches it and == does not', () => {
    expect(matches('node.labels.gpu==true')).toBe(false);
    expect(matches('node.labels.gpu!=true')).toBe(true);
    expect(matches('engine.labels.gpu!=true')).toBe(true);
    expect(matches('node.labels.constructor!=x')).toBe(true);
  });

  it('compares node.role against the current role', () => {
    expect(matches('node.role==worker', makeNode('w', { role: 'worker' }))).toBe(true);
    expect(matches('node.role==manager', makeNode('w', { role: 'worker' }))).toBe(false);
  });

  it('never matches an unknown key, whatever the operator', () => {
    expect(matches('node.name==worker-1')).toBe(false);
    expect(matches('node.name!=worker-1')).toBe(false);
  });

  it('makes every node fail a node.ip constraint that is neither an address nor a network', () => {
    expect(matches('node.ip==192.168.99')).toBe(false);
    expect(matches('node.ip!=192.168.99')).toBe(false);
  });

  it('compares IPv6 addresses and networks, and IPv4 with its IPv4-mapped form', () => {
    const v6 = makeNode('v6', { ip: '2001:db8::2' });
    expect(matches('node.ip==2001:DB8:0:0::2', v6)).toBe(true);
    expect(matches('node.ip==2001:db8::/32', v6)).toBe(true);
    expect(matches('node.ip!=2001:db9::/32', v6)).toBe(true);
    expect(matches('node.ip==::ffff:192.168.99.101')).toBe(true);
    expect(matches('node.ip==::/0')).toBe(false);
    expect(matches('node.ip==0.0.0.0/0')).toBe(true);
  });

  it('requires every constraint of a list (AND)', () => {
    const parsed = parseConstraints(['node.role==manager', 'node.labels.zone==east']);
    expect(parsed.ok && nodeMatchesConstraints(parsed.value, node)).toBe(true);
    const failing = parseConstraints(['node.role==manager', 'node.labels.zone==west']);
    expect(failing.ok && nodeMatchesConstraints(failing.value, node)).toBe(false);
  });
});

describe('addresses as Go parses them (net.ParseIP, net.ParseCIDR)', () => {
  it('rejects IPv4 with leading zeros, out-of-range or missing fields', () => {
    expect(parseIpAddress('10.0.0.1')).not.toBeNull();
    expect(parseIpAddress('010.0.0.1')).toBeNull();
    expect(parseIpAddress('10.0.0.256')).toBeNull();
    expect(parseIpAddress('10.0.0')).toBeNull();
    expect(parseIpAddress('10..0.1')).toBeNull();
  });

  it('parses IPv6 with one :: and a dotted tail, and rejects the rest', () => {
    expect(parseIpAddress('::')).not.toBeNull();
    expect(parseIpAddress('fe80::1:2')).not.toBeNull();
    expect(parseIpAddress('::ffff:1.2.3.4')).toEqual(parseIpAddress('1.2.3.4'));
    expect(parseIpAddress('1::2::3')).toBeNull();
    expect(parseIpAddress('12345::1')).toBeNull();
    expect(parseIpAddress('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpAddress('fe80::1%eth0')).toBeNull();
  });

  it('parses CIDR prefixes up to the address length, leading zeros allowed', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ prefixBits: 8, ipv4: true });
    expect(parseCidr('10.0.0.0/008')).toMatchObject({ prefixBits: 8, ipv4: true });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('2001:db8::/129')).toBeNull();
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ prefixBits: 8, ipv4: true });
  });
});

describe('placement preferences (docker/cli placementPrefOpts, swarm.md §1.12)', () => {
  it('accepts spread=<descriptor>', () => {
    expect(parsePlacementPreference('spread=node.labels.datacenter')).toEqual({
      ok: true,
      value: { spread: 'node.labels.datacenter' },
    });
  });

  it('rejects other strategies with Docker text', () => {
    expect(parsePlacementPreference('pack=node.labels.zone')).toEqual({
      ok: false,
      error: 'unsupported placement preference pack (only spread is supported)',
    });
  });

  it('rejects anything that is not exactly one strategy=arg pair', () => {
    const error = 'placement preference must be of the format "<strategy>=<arg>"';
    expect(parsePlacementPreference('spread')).toEqual({ ok: false, error });
    expect(parsePlacementPreference('spread=a=b')).toEqual({ ok: false, error });
  });

  it('spreads over node.labels.K or engine.labels.K only (prefix case-insensitive)', () => {
    expect(spreadLabel('node.labels.zone')).toEqual({ source: 'node', key: 'zone' });
    expect(spreadLabel('ENGINE.labels.Disk')).toEqual({ source: 'engine', key: 'Disk' });
    expect(spreadLabel('node.labels.')).toBeNull();
    expect(spreadLabel('node.hostname')).toBeNull();
  });
});

describe('equalFold (Go strings.EqualFold)', () => {
  it('folds ASCII and simple Unicode case pairs but not multi-letter expansions', () => {
    expect(equalFold('Manager', 'MANAGER')).toBe(true);
    expect(equalFold('\u212a', 'k')).toBe(true);
    expect(equalFold('\u017f', 'S')).toBe(true);
    expect(equalFold('stra\u00dfe', 'strasse')).toBe(false);
    expect(equalFold('a', 'ab')).toBe(false);
  });
});
