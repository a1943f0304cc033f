import { campaign, propose } from '../api.js';
import { assert } from '../assert.js';
import { defaultConfig } from '../config.js';
import { createNode, type RaftNode } from '../node.js';
import { step } from '../step.js';
import type { LogEntry, Message, NodeId, RaftConfig, RaftOutput, Role } from '../types.js';

/**
 * Builders for single-node unit tests in the style of etcd's raft_paper_test.go: make a node,
 * put it in a role by driving it (no private setters), hand it messages, read its output.
 */

/** Command entries with the given terms, at indexes 1, 2, …. */
export function entriesWithTerms(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, offset) => ({
    index: firstIndex + offset,
    term,
    kind: 'command' as const,
    data: `e${firstIndex + offset}`,
  }));
}

export interface TestNodeOptions {
  readonly id?: NodeId;
  readonly voters?: readonly NodeId[];
  readonly term?: number;
  readonly votedFor?: NodeId | null;
  /** Terms of the log's entries. */
  readonly logTerms?: readonly number[];
  readonly config?: Partial<RaftConfig>;
  readonly seed?: number;
}

export function voterIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, position) => `n${position + 1}`);
}

/** A node as if restarted from the given persistent state: a follower. */
export function newTestNode(options: TestNodeOptions = {}): RaftNode {
  const id = options.id ?? 'n1';
  return createNode(defaultConfig(id, options.config), {
    seed: options.seed ?? 1,
    membership: { voters: options.voters ?? voterIds(3) },
    persisted: {
      term: options.term ?? 0,
      votedFor: options.votedFor ?? null,
      entries: entriesWithTerms(options.logTerms ?? []),
      snapshot: null,
    },
  });
}

/** A vote answer addressed to `node`, in its current term. */
export function voteResponse(node: RaftNode, from: NodeId, granted: boolean): Message {
  return { type: 'requestVoteResponse', from, to: node.config.id, term: node.term, granted, preVote: false };
}

/** Drives a follower into `role`: a candidate campaigns once; a leader also gets a majority of votes. */
export function driveToRole(node: RaftNode, role: Role): RaftOutput[] {
  const outputs: RaftOutput[] = [];
  if (role === 'follower') return outputs;
  outputs.push(campaign(node));
  if (role === 'candidate') return outputs;
  assert(role === 'leader', `driveToRole cannot reach ${role}`);
  for (const peer of node.peers) {
    if (node.role === 'leader') break;
    outputs.push(step(node, voteResponse(node, peer, true)));
  }
  assert(node.role === 'leader', 'the node should have won');
  return outputs;
}

export function appendEntries(
  fields: Partial<Extract<Message, { type: 'appendEntries' }>> & { from: NodeId; to: NodeId; term: number },
): Message {
  return { type: 'appendEntries', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, ...fields };
}

/** A follower's success answer to the leader `to`. */
export function appendAccepted(from: NodeId, to: NodeId, term: number, matchIndex: number): Message {
  return {
    type: 'appendEntriesResponse',
    from,
    to,
    term,
    success: true,
    matchIndex,
    conflictIndex: 0,
    conflictTerm: 0,
    rejectedIndex: 0,
  };
}

/**
 * Answers every appendEntries in `messages` as an accepting follower would, then the
 * appendEntries those answers provoke, until the leader sends no more (bounded). With `from`,
 * only those followers answer.
 */
export function acceptAll(
  leader: RaftNode,
  messages: readonly Message[],
  from?: readonly NodeId[],
): RaftOutput[] {
  const outputs: RaftOutput[] = [];
  const pending = messages.slice();
  for (let answered = 0; answered < 10_000; answered++) {
    const message = pending.shift();
    if (message === undefined) return outputs;
    if (message.type !== 'appendEntries') continue;
    if (from !== undefined && !from.includes(message.to)) continue;
    const matchIndex = message.prevLogIndex + message.entries.length;
    const output = step(leader, appendAccepted(message.to, message.from, message.term, matchIndex));
    outputs.push(output);
    pending.push(...output.messages);
  }
  assert(false, 'acceptAll did not settle');
}

/** A leader of a fresh cluster whose no-op entry every follower has acknowledged. */
export function newCommittedLeader(options: TestNodeOptions = {}): RaftNode {
  const node = newTestNode(options);
  const messages = driveToRole(node, 'leader').flatMap((output) => output.messages);
  acceptAll(node, messages);
  return node;
}

export function proposeData(node: RaftNode, data: string): RaftOutput {
  const { output, result } = propose(node, data);
  assert(result.ok, `proposal refused: ${JSON.stringify(result)}`);
  return output;
}

export function messagesOf(outputs: readonly RaftOutput[]): Message[] {
  return outputs.flatMap((output) => output.messages);
}
