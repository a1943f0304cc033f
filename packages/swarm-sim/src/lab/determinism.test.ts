/**
 * Determinism and safety under a seeded nemesis (TigerBeetle's VOPR in miniature): a script of
 * timed lab commands derived from a seed — client writes and reads, crashes, restarts,
 * partitions, one-way cuts, loss and duplication — then a heal and a quiet period.
 */
import { createHash } from 'node:crypto';
import { createPrng, nextInt, type Prng } from '@swarmsim/raft';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../check/linearizability.js';
import { traceToJsonLines } from '../kernel/trace.js';
import { labCommand } from './command.js';
import { type Lab, type LabOptions, restoreLab, snapshotLab } from './lab.js';
import { leaders, mustCreateLab } from './lab-test-helpers.js';
import { labHeal, labPropose, labRestart, labRun } from './operations.js';
import { labInspect } from './view.js';

interface TimedCommand {
  readonly atMs: number;
  readonly line: string;
}

function pick<Item>(prng: Prng, items: readonly Item[]): Item {
  return items[nextInt(prng, 0, items.length)] as Item;
}

/** A nemesis and client workload as data: one command every 20-120 ms for `durationMs`. */
function nemesisScript(seed: number, nodeCount: number, durationMs: number): TimedCommand[] {
  const prng = createPrng(seed);
  const ids = Array.from({ length: nodeCount }, (_, position) => `n${position + 1}`);
  const script: TimedCommand[] = [];
  for (let atMs = 100; atMs < durationMs; atMs += nextInt(prng, 20, 121)) {
    const node = pick(prng, ids);
    const other = pick(prng, ids);
    const roll = nextInt(prng, 0, 100);
    let line: string;
    if (roll < 45)
      line = `client ${node} ${pick(prng, ['set', 'set', 'get', 'del'])} ${pick(prng, ['a', 'b'])}`;
    else if (roll < 55) line = `crash ${node}`;
    else if (roll < 70) line = `restart ${node}`;
    else if (roll < 78)
      line = `partition ${ids.filter((id) => id <= node).join(',')} | ${ids.filter((id) => id > node).join(',')}`;
    else if (roll < 86) line = 'heal';
    else if (roll < 90) line = `cut ${node} ${other}`;
    else if (roll < 94) line = `drop ${pick(prng, ['0', '5%', '20%'])}`;
    else if (roll < 97) line = `duplicate ${pick(prng, ['0', '10%'])}`;
    else line = `timeout ${node}`;
    script.push({ atMs, line });
  }
  return script;
}

/** A client that follows the leader hint once, as Maelstrom's proxying does. */
function client(lab: Lab, node: string, verb: string, key: string): void {
  const command = verb === 'set' ? `set ${key} ${lab.client.nextOperation}` : `${verb} ${key}`;
  const first = labPropose(lab, node, command);
  if (!first.ok && first.leaderHint !== null) labPropose(lab, first.leaderHint, command);
}

/** Plays the commands due in [fromMs, toMs), then runs the clock to toMs. */
function play(lab: Lab, script: readonly TimedCommand[], fromMs: number, toMs: number): void {
  for (const { atMs, line } of script) {
    if (atMs < fromMs || atMs >= toMs) continue;
    labRun(lab, atMs - lab.world.nowMs);
    const [verb, node, clientVerb, key] = line.split(' ');
    if (verb === 'client') client(lab, node as string, clientVerb as string, key as string);
    else labCommand(lab, line);
  }
  labRun(lab, toMs - lab.world.nowMs);
}

/** Heal everything, restart every node, and let the cluster settle. */
function settle(lab: Lab): void {
  labHeal(lab);
  labCommand(lab, 'drop 0');
  labCommand(lab, 'duplicate 0');
  for (const host of lab.world.hosts) if (!host.up) labRestart(lab, host.id);
  labRun(lab, 3000);
}

function busyLab(seed: number, options: Partial<LabOptions> = {}): { lab: Lab; script: TimedCommand[] } {
  return { lab: mustCreateLab({ seed, nodeCount: 5, ...options }), script: nemesisScript(seed, 5, 6000) };
}

function traceHash(lab: Lab): string {
  return createHash('sha256').update(traceToJsonLines(lab.world.trace)).digest('hex');
}

describe('determinism: same seed and inputs, byte-identical trace', () => {
  it('a busy 5-node run with drops, duplicates, partitions and crashes hashes the same twice', () => {
    const hashes = [1, 2].map(() => {
      const { lab, script } = busyLab(42);
      play(lab, script, 0, 6000);
      expect(lab.world.stats.dropped).toBeGreaterThan(0);
      expect(lab.world.stats.duplicated).toBeGreaterThan(0);
      expect(
        lab.world.trace.events.some((event) => event.kind === 'fault' && event.fault === 'partition'),
      ).toBe(true);
      return traceHash(lab);
    });
    expect(hashes[0]).toBe(hashes[1]);
    const { lab, script } = busyLab(43);
    play(lab, script, 0, 6000);
    expect(traceHash(lab)).not.toBe(hashes[0]);
  });

  it('time travel: a snapshot restored and replayed equals the uninterrupted run', () => {
    // `run` commands are traced inputs, so both runs advance the clock in the same steps.
    const { lab: uninterrupted, script } = busyLab(7);
    play(uninterrupted, script, 0, 3000);
    play(uninterrupted, script, 3000, 6000);
    const { lab: traveller } = busyLab(7);
    play(traveller, script, 0, 3000);
    const saved = snapshotLab(traveller);
    play(traveller, script, 3000, 4500);
    const restored = restoreLab(saved);
    play(restored, script, 3000, 6000);
    expect(traceToJsonLines(restored.world.trace)).toBe(traceToJsonLines(uninterrupted.world.trace));
    expect(JSON.stringify(labInspect(restored))).toBe(JSON.stringify(labInspect(uninterrupted)));
  });
});

describe('safety under a seeded nemesis (safety always, liveness after heal)', () => {
  const configurations: [string, Partial<LabOptions>][] = [
    ['plain Raft', {}],
    ['PreVote and CheckQuorum', { preVote: true, checkQuorum: true }],
    ['batches of 8 entries, latency 1-40 ms', { entriesPerMessageMax: 8, latencyMinMs: 1, latencyMaxMs: 40 }],
  ];
  it.each(configurations)(
    '%s: 8 seeds, no violation, linearizable, one leader and equal stores after heal',
    (_name, options) => {
      for (let seed = 100; seed < 108; seed++) {
        const { lab, script } = busyLab(seed, options);
        play(lab, script, 0, 6000);
        settle(lab);
        const view = labInspect(lab);
        expect({ seed, violations: view.violations }).toEqual({ seed, violations: [] });
        expect({ seed, check: checkLinearizability(view.client).outcome }).toEqual({ seed, check: 'ok' });
        expect({ seed, leaders: leaders(lab).length }).toEqual({ seed, leaders: 1 });
        const stores = new Set(view.nodes.map((node) => JSON.stringify(node.store)));
        expect({ seed, distinctStores: stores.size }).toEqual({ seed, distinctStores: 1 });
        expect(view.client.filter((operation) => operation.status === 'ok').length).toBeGreaterThan(0);
      }
    },
  );
});

describe('the nemesis finds a classic bug on its own', () => {
  it('voteWithoutLogCheck: some seed among 40 loses a committed entry, and the checkers say so', () => {
    let caught: { seed: number; invariants: string[]; linearizability: string } | null = null;
    for (let seed = 100; seed < 140 && caught === null; seed++) {
      const { lab, script } = busyLab(seed, { unsafe: ['voteWithoutLogCheck'] });
      play(lab, script, 0, 6000);
      settle(lab);
      const view = labInspect(lab);
      if (view.violations.length === 0) continue;
      const invariants = [...new Set(view.violations.map((violation) => violation.invariant))];
      caught = { seed, invariants, linearizability: checkLinearizability(view.client).outcome };
    }
    expect(caught?.invariants).toContain('leaderCompleteness');
  });
});
