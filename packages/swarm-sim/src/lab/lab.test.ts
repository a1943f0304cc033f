import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../check/linearizability.js';
import { explainEvent } from '../kernel/trace.js';
import { labCommand } from './command.js';
import { createLab } from './lab.js';
import { leaders, liveNode, mustCreateLab, runUntilCondition } from './lab-test-helpers.js';
import {
  labCrash,
  labCut,
  labDisconnect,
  labHeal,
  labNetwork,
  labPartition,
  labPropose,
  labReconnect,
  labRestart,
  labRun,
  labTimeout,
} from './operations.js';
import { labInspect } from './view.js';

/** A 5-node lab with a leader elected by forcing n1's timeout. */
function labWithLeader(nodeCount = 5) {
  const lab = mustCreateLab({ seed: 7, nodeCount });
  labTimeout(lab, 'n1');
  labRun(lab, 100);
  expect(leaders(lab)).toEqual(['n1']);
  return lab;
}

describe('lab: creating a cluster', () => {
  it('starts n1…nN as followers in term 0 with RaftScope timing, and elects a leader within a second', () => {
    const lab = mustCreateLab({ seed: 3 });
    const view = labInspect(lab);
    expect(view.nodes.map((node) => [node.id, node.role, node.term])).toEqual([
      ['n1', 'follower', 0],
      ['n2', 'follower', 0],
      ['n3', 'follower', 0],
      ['n4', 'follower', 0],
      ['n5', 'follower', 0],
    ]);
    expect(view.network.defaults.latency).toEqual({ minMs: 10, maxMs: 15, distribution: 'uniform' });
    labRun(lab, 99);
    expect(leaders(lab)).toEqual([]);
    labRun(lab, 901);
    expect(leaders(lab)).toHaveLength(1);
  });

  it.each([
    [{ nodeCount: 0 }, 'a lab has 1 to 9 nodes'],
    [{ nodeCount: 10 }, 'a lab has 1 to 9 nodes'],
    [{ latencyMinMs: 20, latencyMaxMs: 10 }, 'latency maximum is below its minimum'],
    [
      { heartbeatIntervalTicks: 10 },
      'heartbeatIntervalTicks (10) must be less than electionTimeoutTicks (10)',
    ],
    [{ tickIntervalMs: 0 }, 'tick interval must be at least 1 ms'],
  ])('refuses options %j: %s', (options, error) => {
    expect(createLab(options)).toEqual({ ok: false, error });
  });

  it('a single-node cluster elects itself and commits alone', () => {
    const lab = mustCreateLab({ nodeCount: 1 });
    labRun(lab, 300);
    expect(leaders(lab)).toEqual(['n1']);
    expect(labPropose(lab, 'n1', 'set x 1').ok).toBe(true);
    labRun(lab, 10);
    expect(labInspect(lab).nodes[0]?.store).toEqual({ x: '1' });
  });
});

describe('lab: client commands (§5.3, §8)', () => {
  it('a follower refuses a command and names the leader; the leader commits it and answers', () => {
    const lab = labWithLeader();
    const refused = labPropose(lab, 'n3', 'set x 1');
    expect(refused).toMatchObject({ ok: false, leaderHint: 'n1', text: 'n3 is not the leader; try n1' });
    const accepted = labPropose(lab, 'n1', 'set x 1');
    expect(accepted).toMatchObject({ ok: true, index: 2, term: 1 });
    const read = labPropose(lab, 'n1', 'get x');
    labRun(lab, 100);
    const history = labInspect(lab).client;
    expect(history.map((operation) => [operation.command, operation.status, operation.result])).toEqual([
      ['set x 1', 'fail', 'n3 is not the leader; try n1'],
      ['set x 1', 'ok', 'ok'],
      ['get x', 'ok', '1'],
    ]);
    expect(history[2]?.operation).toBe(read.operation);
    for (const node of labInspect(lab).nodes) expect(node.store).toEqual({ x: '1' });
    expect(checkLinearizability(history).outcome).toBe('ok');
  });

  it('refuses bad commands and unknown or down nodes with a sentence', () => {
    const lab = labWithLeader(3);
    expect(labPropose(lab, 'n1', 'put x 1').text).toBe(
      'unknown command "put"; commands are: set KEY VALUE, del KEY, get KEY',
    );
    expect(labPropose(lab, 'n1', 'set x').text).toBe(
      'set takes 2 arguments; commands are: set KEY VALUE, del KEY, get KEY',
    );
    expect(labPropose(lab, 'n7', 'get x').text).toBe('no such node: n7 (nodes are n1, n2, n3)');
    labCrash(lab, 'n2');
    expect(labPropose(lab, 'n2', 'get x').text).toBe('n2 is down');
    expect(lab.client.history).toEqual([]);
  });

  it('an answer the node could not give before crashing becomes info (unknown outcome)', () => {
    const lab = labWithLeader(3);
    labPropose(lab, 'n1', 'set y 2');
    labCrash(lab, 'n1');
    expect(lab.client.history[0]).toMatchObject({ status: 'info', result: 'n1 crashed before answering' });
  });
});

describe('lab: faults', () => {
  it('timeout NODE: a follower starts an election in the next term and wins it', () => {
    const lab = labWithLeader();
    expect(labTimeout(lab, 'n4')).toEqual({ ok: true, text: 'n4 timed out: now candidate in term 2' });
    labRun(lab, 100);
    expect(leaders(lab)).toEqual(['n4']);
  });

  it('crash keeps the persisted term, vote and log; restart comes back as a follower (TLA+ Restart)', () => {
    const lab = labWithLeader();
    labPropose(lab, 'n1', 'set x 1');
    labRun(lab, 100);
    labCrash(lab, 'n2');
    const down = labInspect(lab).nodes[1];
    expect(down).toMatchObject({
      id: 'n2',
      up: false,
      role: null,
      commitIndex: null,
      term: 1,
      votedFor: 'n1',
    });
    expect(down?.log.map((entry) => [entry.index, entry.term, entry.kind])).toEqual([
      [1, 1, 'noop'],
      [2, 1, 'command'],
    ]);
    expect(labCrash(lab, 'n2')).toEqual({ ok: false, text: 'n2 is already down' });
    expect(labRestart(lab, 'n2')).toEqual({
      ok: true,
      text: 'n2 restarted as follower in term 1, log up to 2',
    });
    labRun(lab, 100);
    expect(labInspect(lab).nodes[1]).toMatchObject({
      role: 'follower',
      commitIndex: 2,
      appliedIndex: 2,
      store: { x: '1' },
    });
  });

  it('network: disconnecting the leader elects another; reconnecting makes the old one step down', () => {
    const lab = labWithLeader();
    labDisconnect(lab, 'n1');
    labRun(lab, 1000);
    const [newLeader, ...others] = leaders(lab).filter((id) => id !== 'n1');
    expect(newLeader).toBeDefined();
    expect(others).toEqual([]);
    labReconnect(lab, 'n1');
    labRun(lab, 300);
    expect(leaders(lab)).toEqual([newLeader]);
    expect(liveNode(lab, 'n1')?.role).toBe('follower');
  });

  it('network: partition 2-3 with the leader in the minority: the majority elects, the minority cannot commit, heal repairs', () => {
    const lab = labWithLeader();
    expect(labPartition(lab, 'n1,n2 | n3,n4,n5').text).toBe('partitioned: n1,n2 | n3,n4,n5');
    const stranded = labPropose(lab, 'n1', 'set x lost');
    expect(stranded.ok).toBe(true);
    labRun(lab, 1000);
    const majorityLeader = leaders(lab).find((id) => id !== 'n1') as string;
    expect(['n3', 'n4', 'n5']).toContain(majorityLeader);
    expect(liveNode(lab, 'n1')?.commitIndex).toBe(1);
    expect(labPropose(lab, majorityLeader, 'set x kept').ok).toBe(true);
    labRun(lab, 200);
    expect(labHeal(lab).ok).toBe(true);
    labRun(lab, 1000);
    const view = labInspect(lab);
    for (const node of view.nodes) expect(node.store).toEqual({ x: 'kept' });
    expect(view.client.map((operation) => [operation.command, operation.status])).toEqual([
      ['set x lost', 'fail'],
      ['set x kept', 'ok'],
    ]);
    expect(view.violations).toEqual([]);
    expect(checkLinearizability(view.client).outcome).toBe('ok');
  });

  it('network: a one-way cut n1→n2 starves n2 of heartbeats, so n2 campaigns (no CheckQuorum, no PreVote)', () => {
    const lab = labWithLeader(3);
    expect(labCut(lab, 'n1', 'n2').text).toBe('cut n1→n2 (n2→n1 still works)');
    labRun(lab, 400);
    expect(liveNode(lab, 'n2')?.term).toBeGreaterThan(1);
    expect(labInspect(lab).network.cutLinks).toEqual(['n1→n2']);
  });

  it('network: drop 100% stops every election; delay and duplicate change the link defaults', () => {
    const lab = mustCreateLab({ seed: 5, nodeCount: 3 });
    expect(labCommand(lab, 'drop 100%').ok).toBe(true);
    labRun(lab, 2000);
    expect(leaders(lab)).toEqual([]);
    expect(labCommand(lab, 'drop 0').ok).toBe(true);
    expect(labCommand(lab, 'delay 20-40').text).toBe(
      'network: delay 20-40ms, drop 0%, duplicate 0%, reorder 0%',
    );
    expect(labCommand(lab, 'duplicate 1/4').text).toBe(
      'network: delay 20-40ms, drop 0%, duplicate 25%, reorder 0%',
    );
    labRun(lab, 3000);
    expect(leaders(lab)).toHaveLength(1);
    expect(labNetwork(lab, { drop: { numerator: 2, denominator: 1 } })).toEqual({
      ok: false,
      text: 'drop must be between 0 and 1',
    });
  });
});

describe('lab: text commands, inspection and the trace', () => {
  it('runs one line at a time and refuses bad lines with a sentence', () => {
    const lab = mustCreateLab({ seed: 2, nodeCount: 3 });
    expect(labCommand(lab, 'run 1s').text).toMatch(/^ran 1000ms, now at 1000ms; leader: n\d \(term \d+\)$/);
    expect(labCommand(lab, 'inspect').text.split('\n')[0]).toMatch(/^time 1000ms, seed 2, leader n\d$/);
    expect(labCommand(lab, 'partition n1').text).toBe(
      'a partition needs at least two groups separated by |, e.g. "n1,n2 | n3,n4,n5"',
    );
    expect(labCommand(lab, 'partition n1 | n1,n2').text).toBe('n1 is in two groups');
    expect(labCommand(lab, 'drop lots').text).toBe(
      'cannot read "lots" as a probability: write 10%, 2.5% or 1/20',
    );
    expect(labCommand(lab, 'run soon').text).toBe('run takes a duration, e.g. run 500ms or run 2s');
    expect(labCommand(lab, 'crash').text).toBe('crash takes 1 argument');
    expect(labCommand(lab, 'explode n1').text).toBe('unknown command "explode"; try help');
    expect(labCommand(lab, '').text).toBe('empty command; try help');
    expect(labCommand(lab, 'cut n1 n9').text).toBe('no such node: n9');
  });

  it('inspect is a JSON-able view of every node, the network and the client', () => {
    const lab = labWithLeader(3);
    labPropose(lab, 'n1', 'set x 1');
    labPartition(lab, [['n1'], ['n2', 'n3']]);
    labCrash(lab, 'n3');
    const view = labInspect(lab);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view.network.partition).toEqual([['n1'], ['n2', 'n3']]);
    expect(view.nodes[0]?.log.at(-1)).toEqual({
      index: 2,
      term: 1,
      kind: 'command',
      value: 'set x 1',
      committed: false,
    });
  });

  it('explains a leader back to the timeout command that started its election', () => {
    const lab = labWithLeader(3);
    const roleEvent = lab.world.trace.events.find(
      (event) => event.kind === 'role' && event.role === 'leader',
    );
    const chain = explainEvent(lab.world.trace, roleEvent?.id ?? 0);
    expect(chain[0]?.kind).toBe('role');
    expect(chain.map((event) => event.kind).slice(1, 3)).toEqual(['deliver', 'send']);
    expect(chain.at(-1)).toMatchObject({ kind: 'command', text: 'timeout n1' });
  });
});

describe('lab: every client operation ends ok, fail or info', () => {
  it('a crash-and-partition session leaves a linearizable history and no violations', () => {
    const lab = labWithLeader();
    const script = [
      'propose n1 set a 1',
      'run 50ms',
      'partition n1 | n2,n3,n4,n5',
      'propose n1 set a 2',
      'run 800ms',
      'crash n1',
      'heal',
      'run 500ms',
      'restart n1',
      'run 500ms',
    ];
    for (const line of script) labCommand(lab, line);
    const leader = leaders(lab)[0] as string;
    labPropose(lab, leader, 'get a');
    labRun(lab, 200);
    const view = labInspect(lab);
    expect(view.client.map((operation) => operation.status)).toEqual(['ok', 'info', 'ok']);
    expect(view.client[2]?.result).toBe('1');
    expect(view.violations).toEqual([]);
    expect(checkLinearizability(view.client).outcome).toBe('ok');
    expect(runUntilCondition(lab, () => leaders(lab).length === 1, 10)).toBe(true);
  });
});
