/**
 * The names of the Raft core's `unsafe` switches, as a user types them after `--unsafe`.
 *
 * The list is spelled out here because `@swarmsim/raft` does not export its own; the two type
 * checks below fail to compile if a switch is added to (or removed from) `UnsafeSwitch` without
 * this list following.
 */
import type { UnsafeSwitch } from '@swarmsim/raft';

export const unsafeSwitchNames = [
  'commitPreviousTermByCount',
  'voteWithoutLogCheck',
  'forgetVoteOnRestart',
  'concurrentMembershipChanges',
] as const satisfies readonly UnsafeSwitch[];

type Listed = (typeof unsafeSwitchNames)[number];
/** `true` only when every UnsafeSwitch is listed. */
const everySwitchListed: Exclude<UnsafeSwitch, Listed> extends never ? true : never = true;
void everySwitchListed;

/** What the switch breaks, in a few words, for `--unsafe list` and the docs. */
export const unsafeSwitchSummaries: Readonly<Record<UnsafeSwitch, string>> = {
  commitPreviousTermByCount: 'Figure 8: commit an earlier term entry by counting replicas (§5.4.2)',
  voteWithoutLogCheck: 'grant votes without the up-to-date log check (§5.4.1)',
  forgetVoteOnRestart: 'votedFor is not persisted, so a restarted node can vote twice (§5.2)',
  concurrentMembershipChanges:
    'a second membership change before the first commits: disjoint majorities (thesis §4.1)',
};

/** Reads a switch name a user typed; returns an error sentence for anything else. */
export function parseUnsafeSwitch(name: string): UnsafeSwitch | string {
  const found = unsafeSwitchNames.find((known) => known === name);
  if (found !== undefined) return found;
  return `unknown unsafe switch "${name}"; known: ${unsafeSwitchNames.join(', ')} (or "list")`;
}
