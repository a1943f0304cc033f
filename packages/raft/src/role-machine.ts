import { setup } from 'xstate';
import { assert } from './assert.js';
import type { Role, RoleEvent } from './types.js';

/**
 * The role lifecycle of a Raft node as an xstate v5 machine: the single source of truth for
 * which role changes are legal. It is exported so that docs and UIs can draw it and so that a
 * test can walk every edge with @xstate/graph.
 *
 * The hot path never runs this machine. At module load, `roleTransitions` is derived from the
 * machine's state nodes; `becomeFollower`, `becomePreCandidate`, `becomeCandidate` and
 * `becomeLeader` look a transition up in that table (a few property reads) and assert it.
 *
 * The context holds the one configuration switch that picks between two targets of the same
 * event: with PreVote on, an election timeout leads to preCandidate instead of candidate.
 */
export const roleMachine = setup({
  types: {
    context: {} as { preVote: boolean },
    input: {} as { preVote: boolean },
    events: {} as { type: RoleEvent },
  },
  guards: {
    preVoteEnabled: ({ context }) => context.preVote,
  },
}).createMachine({
  id: 'raftRole',
  context: ({ input }) => ({ preVote: input.preVote }),
  initial: 'follower',
  states: {
    follower: {
      on: {
        TIMEOUT: [{ guard: 'preVoteEnabled', target: 'preCandidate' }, { target: 'candidate' }],
        TIMEOUT_NOW: { target: 'candidate' },
        HIGHER_TERM: { target: 'follower', reenter: true },
      },
    },
    preCandidate: {
      on: {
        TIMEOUT: { target: 'preCandidate', reenter: true },
        PRE_VOTE_WON: { target: 'candidate' },
        PRE_VOTE_LOST: { target: 'follower' },
        HIGHER_TERM: { target: 'follower' },
        LEADER_DISCOVERED: { target: 'follower' },
      },
    },
    candidate: {
      on: {
        TIMEOUT: [
          { guard: 'preVoteEnabled', target: 'preCandidate' },
          { target: 'candidate', reenter: true },
        ],
        WON_ELECTION: { target: 'leader' },
        LOST_ELECTION: { target: 'follower' },
        HIGHER_TERM: { target: 'follower' },
        LEADER_DISCOVERED: { target: 'follower' },
      },
    },
    leader: {
      on: {
        HIGHER_TERM: { target: 'follower' },
        QUORUM_LOST: { target: 'follower' },
        REMOVED: { target: 'follower' },
      },
    },
  },
});

/** For each role and event, the roles the machine may move to (more than one when guarded). */
export type RoleTransitionTable = Readonly<
  Record<Role, Readonly<Partial<Record<RoleEvent, readonly Role[]>>>>
>;

const roles: readonly Role[] = ['follower', 'preCandidate', 'candidate', 'leader'];

/** Reads every transition out of the machine's state nodes. Runs once, at module load. */
export function deriveRoleTransitions(): RoleTransitionTable {
  const table: Record<Role, Partial<Record<RoleEvent, Role[]>>> = {
    follower: {},
    preCandidate: {},
    candidate: {},
    leader: {},
  };
  for (const role of roles) {
    const stateNode = roleMachine.root.states[role];
    assert(stateNode !== undefined, `roleMachine has no state "${role}"`);
    for (const [eventType, transitions] of stateNode.transitions) {
      const targets: Role[] = [];
      for (const transition of transitions) {
        for (const target of transition.target ?? []) {
          assert(isRole(target.key), `roleMachine targets unknown state "${target.key}"`);
          if (!targets.includes(target.key)) targets.push(target.key);
        }
      }
      table[role][eventType as RoleEvent] = targets;
    }
  }
  return table;
}

export const roleTransitions: RoleTransitionTable = deriveRoleTransitions();

/** True when `roleMachine` allows moving from `from` to `to` on `event`. */
export function isLegalRoleTransition(from: Role, event: RoleEvent, to: Role): boolean {
  const targets = roleTransitions[from][event];
  return targets?.includes(to) ?? false;
}

/** Asserts that `roleMachine` allows moving from `from` to `to` on `event`. */
export function assertLegalRoleTransition(from: Role, event: RoleEvent, to: Role): void {
  assert(isLegalRoleTransition(from, event, to), `illegal role transition ${from} --${event}--> ${to}`);
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
