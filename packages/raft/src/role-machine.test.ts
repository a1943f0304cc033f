import { getShortestPaths, toDirectedGraph } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { campaign, tick } from './api.js';
import { proposeConfigChange } from './membership.js';
import type { RaftNode } from './node.js';
import {
  assertLegalRoleTransition,
  deriveRoleTransitions,
  isLegalRoleTransition,
  roleMachine,
  roleTransitions,
} from './role-machine.js';
import { nodeStatus } from './status.js';
import { step } from './step.js';
import { appendAccepted, appendEntries, newTestNode } from './testing/fixtures.js';
import type { RaftOutput, Role, RoleEvent } from './types.js';

const roles: Role[] = ['follower', 'preCandidate', 'candidate', 'leader'];
const allEvents: { type: RoleEvent }[] = (
  [
    'TIMEOUT',
    'TIMEOUT_NOW',
    'PRE_VOTE_WON',
    'PRE_VOTE_LOST',
    'WON_ELECTION',
    'LOST_ELECTION',
    'HIGHER_TERM',
    'LEADER_DISCOVERED',
    'QUORUM_LOST',
    'REMOVED',
  ] as const
).map((type) => ({ type }));

function graphEdges(): string[] {
  const graph = toDirectedGraph(roleMachine);
  const edges = graph.children.flatMap((child) =>
    child.edges.map((edge) => `${edge.source.key} --${edge.label.text}--> ${edge.target.key}`),
  );
  return [...new Set(edges)].sort();
}

function tableEdges(): string[] {
  const edges: string[] = [];
  for (const from of roles) {
    for (const [event, targets] of Object.entries(roleTransitions[from])) {
      for (const to of targets ?? []) edges.push(`${from} --${event}--> ${to}`);
    }
  }
  return edges.sort();
}

/**
 * Makes a real node (n1 of n1..n3) live through `event`: the protocol stimulus that the event
 * names, delivered through the public API.
 */
function stimulate(node: RaftNode, event: RoleEvent): RaftOutput {
  const { term } = node;
  switch (event) {
    case 'TIMEOUT':
      return campaign(node);
    case 'TIMEOUT_NOW':
      return step(node, { type: 'timeoutNow', from: 'n2', to: 'n1', term });
    case 'HIGHER_TERM':
      return step(node, appendEntries({ from: 'n3', to: 'n1', term: term + 1 }));
    case 'LEADER_DISCOVERED':
      return step(node, appendEntries({ from: 'n2', to: 'n1', term }));
    case 'PRE_VOTE_WON':
      return step(node, {
        type: 'requestVoteResponse',
        from: 'n2',
        to: 'n1',
        term: term + 1,
        granted: true,
        preVote: true,
      });
    case 'WON_ELECTION':
      return step(node, {
        type: 'requestVoteResponse',
        from: 'n2',
        to: 'n1',
        term,
        granted: true,
        preVote: false,
      });
    case 'PRE_VOTE_LOST':
    case 'LOST_ELECTION': {
      const preVote = event === 'PRE_VOTE_LOST';
      step(node, { type: 'requestVoteResponse', from: 'n2', to: 'n1', term, granted: false, preVote });
      return step(node, { type: 'requestVoteResponse', from: 'n3', to: 'n1', term, granted: false, preVote });
    }
    case 'QUORUM_LOST': {
      let output = tick(node);
      for (let ticks = 1; ticks < node.config.electionTimeoutTicks; ticks++) output = tick(node);
      return output;
    }
    case 'REMOVED': {
      // The leader commits its no-op, removes itself, and the two remaining voters acknowledge.
      step(node, appendAccepted('n2', 'n1', term, nodeStatus(node).lastLogIndex));
      proposeConfigChange(node, { type: 'removeVoter', node: 'n1' });
      const lastIndex = nodeStatus(node).lastLogIndex;
      step(node, appendAccepted('n2', 'n1', term, lastIndex));
      return step(node, appendAccepted('n3', 'n1', term, lastIndex));
    }
  }
}

describe('role lifecycle: roleMachine is the single source of truth for role changes', () => {
  it('derives the transition table from the machine definition, edge for edge', () => {
    expect(tableEdges()).toEqual(graphEdges());
    expect(deriveRoleTransitions()).toEqual(roleTransitions);
    expect(tableEdges()).toContain('follower --TIMEOUT--> preCandidate');
    expect(tableEdges()).toContain('follower --TIMEOUT--> candidate');
    expect(tableEdges()).not.toContain('leader --TIMEOUT--> candidate');
  });

  it('walks every edge of the machine with a real node, which ends in the role the machine predicts', () => {
    // For each configuration, @xstate/graph gives the shortest event path to every role; from
    // there every event the role handles is tried. Each event becomes a real protocol stimulus.
    const covered = new Set<string>();
    const reached = new Set<string>();
    for (const preVote of [false, true]) {
      const paths = getShortestPaths(roleMachine, { events: allEvents, input: { preVote } });
      for (const path of paths) {
        reached.add(`${path.state.value} (preVote ${preVote})`);
        const source = path.state.value as Role;
        for (const event of allEvents) {
          if (!roleMachine.root.states[source]?.transitions.has(event.type)) continue;
          const [next] = transition(roleMachine, path.state, event);
          const node = newTestNode({ config: { preVote } });
          for (const pathStep of path.steps) {
            stimulate(node, pathStep.event.type);
            expect(node.role).toBe(pathStep.state.value);
          }
          expect(node.role).toBe(source);
          const output = stimulate(node, event.type);
          expect(node.role, `${source} --${event.type}--> (preVote ${preVote})`).toBe(next.value);
          expect(output.roleChanges.map((change) => change.event)).toContain(event.type);
          covered.add(`${source} --${event.type}--> ${next.value}`);
        }
      }
    }
    expect([...covered].sort()).toEqual(graphEdges());
    // Without PreVote no path leads to preCandidate.
    expect(reached.size).toBe(2 * roles.length - 1);
  });

  it('rejects every role change the machine does not allow', () => {
    let illegal = 0;
    for (const from of roles) {
      for (const { type } of allEvents) {
        for (const to of roles) {
          if (isLegalRoleTransition(from, type, to)) continue;
          illegal++;
          expect(() => assertLegalRoleTransition(from, type, to)).toThrow(/illegal role transition/);
        }
      }
    }
    expect(illegal).toBe(roles.length * allEvents.length * roles.length - tableEdges().length);
  });

  it('never lets a leader campaign: a forced timeout at a leader changes nothing', () => {
    const node = newTestNode({ voters: ['n1'] });
    campaign(node);
    expect(node.role).toBe('leader');
    const output = campaign(node);
    expect(output.roleChanges).toEqual([]);
    expect(node.role).toBe('leader');
    expect(node.term).toBe(1);
  });
});
