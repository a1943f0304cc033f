/**
 * Helpers for lab tests and scripted scenarios: build a lab or fail loudly, run until a
 * condition holds (one virtual millisecond at a time, so a fault can land between two
 * messages), and read a node's live Raft state.
 */
import type { RaftNode } from '@swarmsim/raft';
import { hostById } from '../kernel/world.js';
import { createLab, type Lab, type LabMembershipOptions, type LabOptions } from './lab.js';
import { labRun } from './operations.js';

export function mustCreateLab(options: Partial<LabOptions> & LabMembershipOptions = {}): Lab {
  const created = createLab(options);
  if (!created.ok) throw new Error(created.error);
  return created.lab;
}

/** The live node, or null while the host is down. */
export function liveNode(lab: Lab, nodeId: string): RaftNode | null {
  const host = hostById(lab.world, nodeId);
  return host?.up === true ? host.state.member.node : null;
}

/** Runs 1 ms at a time until `condition` holds; returns false if it never did within limitMs. */
export function runUntilCondition(lab: Lab, condition: () => boolean, limitMs: number): boolean {
  for (let elapsedMs = 0; elapsedMs < limitMs; elapsedMs++) {
    if (condition()) return true;
    labRun(lab, 1);
  }
  return condition();
}

/** The ids of the live leaders, in host order. */
export function leaders(lab: Lab): string[] {
  return lab.world.hosts
    .filter((host) => host.up && host.state.member.node?.role === 'leader')
    .map((host) => host.id);
}
