/**
 * A command typed at a machine becomes a request to that machine's engine, answered later in
 * virtual time (docs/swarm-model.md "Requests"). `executeRequest` runs the world until the
 * answer arrives; `submitRequest` + `takeResponse` (or `runUntilResponse`) are the pieces for a
 * caller that keeps the clock running itself.
 */
import { assert } from '../kernel/assert.js';
import { heapPeek } from '../kernel/heap.js';
import { step } from '../kernel/run.js';
import { routeTrace } from '../kernel/trace.js';
import type { World } from '../kernel/types.js';
import { hostById } from '../kernel/world.js';
import { acceptRequest } from './engine.js';
import { daemonErrors } from './errors.js';
import { swarmRuntime } from './machine.js';
import type { Sandbox } from './sandbox-types.js';
import type { MachineHost } from './transport.js';
import type { SwarmRequest, SwarmResponse } from './types.js';

/** How long `executeRequest` runs the world at most, by default (the longest deadline is 25 s). */
export const requestBoundMsDefault = 60_000;
/** Queue events `runUntilResponse` processes at most. */
export const requestStepsMax = 5_000_000;

export type SubmitResult =
  | { readonly ok: true; readonly requestId: string }
  | { readonly ok: false; readonly response: SwarmResponse };

function failure(message: string, status: number, fromDaemon: boolean, atMs: number): SwarmResponse {
  return { ok: false, error: message, status, fromDaemon, atMs };
}

/** Hands a request to the engine of `machine`. Errors that need no daemon come back at once. */
export function submitRequest(sandbox: Sandbox, machine: string, request: SwarmRequest): SubmitResult {
  const world = sandbox.world;
  const host = hostById(world, machine) as MachineHost | null;
  if (host === null)
    return { ok: false, response: failure(`no such machine: ${machine}`, 0, false, world.nowMs) };
  if (!host.up || host.state.engine === null) {
    const down = daemonErrors.daemonDown;
    return { ok: false, response: failure(down.message, down.status, false, world.nowMs) };
  }
  if (host.paused) {
    // The shell and the daemon are frozen with the machine (SIGSTOP): nothing can answer.
    return { ok: false, response: failure(`${machine} is paused`, 0, false, world.nowMs) };
  }
  const requestId = `request-${sandbox.nextRequestNumber++}`;
  sandbox.pending.push({ requestId, machine, incarnation: host.incarnation });
  const savedCause = world.causeId;
  world.causeId = sandbox.commandCauseId;
  acceptRequest(world, host, requestId, request);
  world.causeId = savedCause;
  routeTrace(world as World, swarmRuntime as never);
  return { ok: true, requestId };
}

/**
 * The answer, once there is one (it is then forgotten), or null while the request is in flight.
 * A machine killed meanwhile answers that its daemon is gone.
 */
export function takeResponse(sandbox: Sandbox, requestId: string): SwarmResponse | null {
  const position = sandbox.pending.findIndex((pending) => pending.requestId === requestId);
  if (position < 0) return null;
  const pending = sandbox.pending[position] as Sandbox['pending'][number];
  const host = hostById(sandbox.world, pending.machine) as MachineHost | null;
  assert(host !== null, 'a pending request names an existing machine');
  if (host.incarnation !== pending.incarnation || host.state.engine === null) {
    sandbox.pending.splice(position, 1);
    const down = daemonErrors.daemonDown;
    return failure(down.message, down.status, false, sandbox.world.nowMs);
  }
  const response = host.state.engine.responses[requestId];
  if (response === undefined) return null;
  delete host.state.engine.responses[requestId];
  sandbox.pending.splice(position, 1);
  return response;
}

/** Runs the world event by event until the request is answered or `boundMs` of virtual time pass. */
export function runUntilResponse(sandbox: Sandbox, requestId: string, boundMs: number): SwarmResponse | null {
  const world = sandbox.world;
  const limitMs = world.nowMs + boundMs;
  let response = takeResponse(sandbox, requestId);
  for (let steps = 0; response === null && steps < requestStepsMax; steps++) {
    const next = heapPeek(world.queue);
    if (next === null || next.atMs > limitMs) break;
    step(world, swarmRuntime);
    response = takeResponse(sandbox, requestId);
  }
  return response;
}

/** Submits a request and runs the world until it is answered (bounded by `boundMs`, default 60 s). */
export function executeRequest(
  sandbox: Sandbox,
  machine: string,
  request: SwarmRequest,
  options: { readonly boundMs?: number } = {},
): SwarmResponse {
  const submitted = submitRequest(sandbox, machine, request);
  if (!submitted.ok) return submitted.response;
  const boundMs = options.boundMs ?? requestBoundMsDefault;
  const response = runUntilResponse(sandbox, submitted.requestId, boundMs);
  if (response !== null) return response;
  sandbox.pending = sandbox.pending.filter((pending) => pending.requestId !== submitted.requestId);
  return failure(`no answer within ${boundMs} ms of virtual time`, 0, false, sandbox.world.nowMs);
}
