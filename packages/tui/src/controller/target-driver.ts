/**
 * What the lesson and scenario drivers share: a scenario's cluster (`ScenarioTarget`: a Raft lab
 * or a swarm sandbox) seen by the app. How to draw it, how to run its clock in bounded chunks, how
 * to run one event, what the prompt completes; the view of each comes from swarm-sim
 * (`labSandboxView`, `sandboxView`), never from here.
 */

import {
  assert,
  type Lab,
  labRuntime,
  labSandboxView,
  runUntil,
  type Sandbox,
  type SandboxView,
  sandboxView,
  type scenario,
  step,
  swarmRuntime,
} from '@swarmsim/swarm-sim';
import type { CompletionCandidates } from '../app/complete.js';
import type { AdvanceResult, ClockSettings } from './driver.js';
import { labCompletion, labHelp } from './lab-driver.js';
import { swarmCommandSpecs, swarmHelp } from './swarm-driver.js';

type Target = scenario.ScenarioTarget;

/** Trace events an app's target keeps: the events pane shows the newest few hundred. */
export const targetTraceEventsMax = 4_000;
const sameMillisecondStepsMax = 1_000_000;

/** The kernel world under a target. */
function worldOf(target: Target) {
  return target.kind === 'lab'
    ? (target as { lab: Lab }).lab.world
    : (target as { sandbox: Sandbox }).sandbox.world;
}

/** Keeps the target's trace short, so snapshots stay small (the events pane shows the newest). */
export function boundTrace(target: Target): void {
  worldOf(target).trace.eventsMax = targetTraceEventsMax;
}

export function targetFingerprint(target: Target): string {
  const world = worldOf(target);
  const machine = target.kind === 'swarm' ? (target as { sandbox: Sandbox }).sandbox.currentMachine : null;
  return `${world.nowMs}/${world.stats.steps}/${world.trace.nextId}/${world.sequenceNext}/${machine}`;
}

export function targetSteps(target: Target): number {
  return worldOf(target).stats.steps;
}

/**
 * Runs the target's kernel up to `untilMs`, at most `stepsMax` events; when cut short, finishes
 * the millisecond it reached, so the world never stops between two events of one millisecond.
 */
export function advanceTarget(target: Target, untilMs: number, stepsMax: number): AdvanceResult {
  const world = worldOf(target);
  const runtime = target.kind === 'lab' ? labRuntime : swarmRuntime;
  const run = (limitMs: number, limit: number) =>
    runUntil(world as Parameters<typeof runUntil>[0], runtime as Parameters<typeof runUntil>[1], limitMs, {
      stepsMax: limit,
    });
  const result = run(untilMs, stepsMax);
  if (result.stoppedBy === 'time') return { steps: result.steps, reached: true };
  const rest = run(world.nowMs, sameMillisecondStepsMax);
  assert(rest.stoppedBy === 'time', 'one millisecond holds a bounded number of events');
  return { steps: result.steps + rest.steps, reached: false };
}

export function stepTarget(target: Target): boolean {
  const world = worldOf(target);
  const runtime = target.kind === 'lab' ? labRuntime : swarmRuntime;
  return step(world as Parameters<typeof step>[0], runtime as Parameters<typeof step>[1]);
}

/** The target as the app draws it (without goals: the caller adds its own). */
export function targetView(target: Target, clock: ClockSettings): SandboxView {
  if (target.kind === 'lab') return labSandboxView((target as { lab: Lab }).lab, clock);
  return sandboxView((target as { sandbox: Sandbox }).sandbox, clock);
}

export function targetCompletion(target: Target): CompletionCandidates {
  if (target.kind === 'lab') return labCompletion((target as { lab: Lab }).lab);
  const view = sandboxView((target as { sandbox: Sandbox }).sandbox, { eventsMax: 0 });
  return {
    commands: swarmCommandSpecs,
    machines: view.machines.map((machine) => machine.name),
    services: view.services.map((service) => service.name),
  };
}

export function targetHelp(target: Target): string {
  if (target.kind === 'lab') return labHelp;
  return swarmHelp((target as { sandbox: Sandbox }).sandbox);
}
