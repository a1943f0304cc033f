/**
 * Services on the swarm model: one extension (swarm/extensions.ts) with the control methods, the
 * leader's orchestration pass, and the agent's executor. `registerServices()` runs when this
 * folder's index is imported, so every sandbox has services.
 */
import { unknownMethod } from '../swarm/errors.js';
import { type ControlMethod, registerSwarmExtension } from '../swarm/extensions.js';
import {
  createService,
  inspectService,
  listServicesMethod,
  listTasksMethod,
  removeService,
  scaleService,
  updateService,
} from './control.js';
import { executorAssignments, executorTick, executorTimer } from './executor.js';
import { afterApplied, leaderTick, onLeaderTimer, reconcileMethod, reconcilePass } from './leader.js';
import { serviceLogs } from './logs.js';
import { servicesExtensionName } from './slots.js';

export { servicesExtensionName };

function write(run: ControlMethod['run']): ControlMethod {
  return { write: true, run };
}

function read(run: ControlMethod['run']): ControlMethod {
  return { write: false, run };
}

export const serviceControlMethods: Readonly<Record<string, ControlMethod>> = {
  'service.create': write(createService),
  'service.update': write(updateService),
  'service.rollback': write((context, raw) => updateService(context, { ...(raw as object), rollback: true })),
  'service.scale': write(scaleService),
  'service.remove': write(removeService),
  'service.inspect': read(inspectService),
  'service.list': read(listServicesMethod),
  'service.tasks': read(listTasksMethod),
  'service.logs': read(serviceLogs),
  // The leader's own write: a request from a client does not reach it.
  [reconcileMethod]: write((context) =>
    context.callerNodeId === null
      ? reconcilePass(context)
      : { ok: false, error: unknownMethod(reconcileMethod) },
  ),
};

export function registerServices(): void {
  registerSwarmExtension({
    name: servicesExtensionName,
    controlMethods: serviceControlMethods,
    leaderTick,
    onApplied: afterApplied,
    onLeaderTimer,
    agentTick: executorTick,
    onAgentTimer: executorTimer,
    onAssignments: executorAssignments,
  });
}
