/**
 * A scenario's conditions on the cluster (`leader`, `quorum`, `node`, `service`, `committed`),
 * said in words and checked against a target. Each check returns whether it holds and what was
 * seen, so a failure report can put the two side by side.
 */
import type { Condition } from './format.js';
import type { TargetDriver } from './target.js';

export interface ConditionCheck {
  readonly holds: boolean;
  /** What the target showed, in words: `leader n2 (term 3)`. */
  readonly seen: string;
}

/** The condition in words, for reports and a student's checklist: `the leader is not n1`. */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'leader':
      if (condition.match === 'any') return 'there is a leader';
      if (condition.match === 'none') return 'there is no leader';
      return condition.match === 'is'
        ? `${condition.node} is the leader`
        : `there is a leader and it is not ${condition.node}`;
    case 'quorum':
      return condition.state === 'ok' ? 'a majority is up and connected (quorum)' : 'quorum is lost';
    case 'node': {
      const facts = [
        condition.status === null ? null : `status ${condition.status}`,
        condition.availability === null ? null : `availability ${condition.availability}`,
        condition.role === null ? null : `role ${condition.role}`,
        condition.managerStatus === null ? null : `manager status ${condition.managerStatus}`,
      ].filter((fact) => fact !== null);
      return `node ${condition.name} has ${facts.join(', ')}`;
    }
    case 'service': {
      const facts = [
        condition.running === null ? null : `${condition.running} running`,
        condition.desired === null ? null : `${condition.desired} desired`,
        condition.converged === null ? null : condition.converged ? 'converged' : 'not converged',
      ].filter((fact) => fact !== null);
      return `service ${condition.name}: ${facts.join(', ')}`;
    }
    case 'committed':
      return `"${condition.value}" is committed on ${condition.on === 'all' ? 'every node' : 'a majority'}`;
  }
}

/** Several conditions in words, joined with "and". */
export function describeConditions(conditions: readonly Condition[]): string {
  return conditions.map(describeCondition).join(' and ');
}

export function checkCondition<Target>(
  driver: TargetDriver<Target>,
  target: Target,
  condition: Condition,
): ConditionCheck {
  switch (condition.kind) {
    case 'leader': {
      const leader = driver.leader(target);
      const seen =
        leader.name === null
          ? `no leader (highest term ${leader.term})`
          : `leader ${leader.name} (term ${leader.term})`;
      const holds =
        condition.match === 'any'
          ? leader.name !== null
          : condition.match === 'none'
            ? leader.name === null
            : condition.match === 'is'
              ? leader.name === condition.node
              : leader.name !== null && leader.name !== condition.node;
      return { holds, seen };
    }
    case 'quorum': {
      const quorum = driver.quorum(target);
      return {
        holds: quorum.ok === (condition.state === 'ok'),
        seen: `quorum ${quorum.ok ? 'ok' : 'lost'}: ${quorum.detail}`,
      };
    }
    case 'node':
      return checkNode(driver, target, condition);
    case 'service':
      return checkService(driver, target, condition);
    case 'committed': {
      const facts = driver.committed(target, condition.value);
      if (facts === null) return { holds: false, seen: 'not a Raft lab' };
      const needed = condition.on === 'all' ? facts.total : Math.floor(facts.total / 2) + 1;
      const where = facts.nodes.length === 0 ? '' : ` (${facts.nodes.join(', ')})`;
      return {
        holds: facts.nodes.length >= needed,
        seen: `committed on ${facts.nodes.length} of ${facts.total} nodes${where}`,
      };
    }
  }
}

/** Why a node or service was not found: without a leader the swarm cannot say. */
function missing<Target>(driver: TargetDriver<Target>, target: Target, text: string): string {
  return driver.leader(target).name === null
    ? 'no leader: the swarm cannot list its nodes and services'
    : text;
}

function checkNode<Target>(
  driver: TargetDriver<Target>,
  target: Target,
  condition: Extract<Condition, { kind: 'node' }>,
): ConditionCheck {
  const node = driver.node(target, condition.name);
  if (node === null)
    return { holds: false, seen: missing(driver, target, `no node ${condition.name} in the swarm`) };
  const holds =
    (condition.status === null || node.status === condition.status) &&
    (condition.availability === null || node.availability === condition.availability) &&
    (condition.role === null || node.role === condition.role) &&
    (condition.managerStatus === null || node.managerStatus === condition.managerStatus);
  return {
    holds,
    seen: `node ${node.name}: status ${node.status}, availability ${node.availability}, role ${node.role}, manager status ${node.managerStatus}`,
  };
}

function checkService<Target>(
  driver: TargetDriver<Target>,
  target: Target,
  condition: Extract<Condition, { kind: 'service' }>,
): ConditionCheck {
  const service = driver.service(target, condition.name);
  if (service === null)
    return { holds: false, seen: missing(driver, target, `no service ${condition.name}`) };
  const holds =
    (condition.running === null || service.running === condition.running) &&
    (condition.desired === null || service.desired === condition.desired) &&
    (condition.converged === null || service.converged === condition.converged);
  return {
    holds,
    seen: `service ${service.name}: ${service.running} running, ${service.desired} desired, ${service.converged ? 'converged' : 'not converged'}`,
  };
}

/** All conditions at once: holds when every one does; `seen` lists what each showed. */
export function checkConditions<Target>(
  driver: TargetDriver<Target>,
  target: Target,
  conditions: readonly Condition[],
): ConditionCheck {
  const checks = conditions.map((condition) => checkCondition(driver, target, condition));
  return { holds: checks.every((check) => check.holds), seen: checks.map((check) => check.seen).join('; ') };
}
