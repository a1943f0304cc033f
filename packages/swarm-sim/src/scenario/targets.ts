/**
 * The targets a scenario can run on, as one tagged union of plain data, and the driver for each.
 * `createTarget` builds the cluster a scenario describes (`lab: N`, `preset: 3m2w`, `machines:`)
 * from its seed; `driverOf` gives the functions that act on it.
 */
import { assert } from '../kernel/assert.js';
import type { Scenario } from './format.js';
import { createLabTarget, type LabTarget, labDriver } from './lab-target.js';
import { createSwarmTarget, type SwarmTarget, swarmDriver } from './swarm-target.js';
import type { CreateTargetResult, TargetDriver, TargetOptions } from './target.js';

export type ScenarioTarget = LabTarget | SwarmTarget;

export function createTarget(scenario: Scenario, options: TargetOptions): CreateTargetResult<ScenarioTarget> {
  assert(Number.isSafeInteger(options.seed) && options.seed >= 0, 'a seed is an integer >= 0');
  const cluster = scenario.cluster;
  if (cluster.kind === 'lab') return createLabTarget(cluster, scenario.network, options);
  return createSwarmTarget(cluster, scenario.network, options);
}

/** The driver of a target. Each driver reads only its own kind, which the tag guarantees. */
export function driverOf(target: ScenarioTarget): TargetDriver<ScenarioTarget> {
  switch (target.kind) {
    case 'lab':
      return labDriver as TargetDriver<ScenarioTarget>;
    case 'swarm':
      return swarmDriver as TargetDriver<ScenarioTarget>;
  }
}
