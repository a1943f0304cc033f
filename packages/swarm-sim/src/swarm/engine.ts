/**
 * The Docker daemon's swarm side (moby `daemon/cluster`): what a request does on the machine it
 * was typed at. `swarm.init`, `swarm.join`, `swarm.leave`, `swarm.unlock` and `info` are the
 * daemon's own; every other method is a control call, gated first (not in a swarm, a worker, a
 * manager not ready, locked) and then sent to the local manager, whose raft proxy takes it to
 * the leader. Answers land in `engine.responses` for requests.ts.
 */
import { forceNewCluster as forceRaftNewCluster } from '@swarmsim/raft';
import { clusterResetNote } from '../check/raft-safety.js';
import {
  fakeRootCaPem,
  newSwarmId,
  parseJoinToken,
  parseUnlockKey,
  rootCaDigestHex,
} from '../docker/identity.js';
import { setTimer } from '../kernel/run.js';
import { emit } from '../kernel/trace.js';
import { entryValue, raftCampaign } from '../lab/raft-host.js';
import { startAgent, stopAgent } from './agent.js';
import type { ControlCallBody, SwarmInfoSummary, SwarmInspect } from './control.js';
import { clusterSpecRefusal, isControlMethod } from './control.js';
import {
  daemonErrors,
  invalidAvailabilityFlag,
  leaveManagerRefused,
  remoteCaMismatch,
  rpcErrors,
  twoManagerWarning,
  unknownMethod,
} from './errors.js';
import { initSpecChanges, initSpecError, resolveInitSettings } from './init-settings.js';
import { prepareListParams } from './list-filters.js';
import {
  bootManager,
  managerOf,
  raftHooksFor,
  raftIdOf,
  raftWorld,
  settleManager,
  stopManager,
} from './manager.js';
import { newRaftId } from './membership.js';
import type { NodeAvailability } from './objects.js';
import { createReplica } from './store.js';
import {
  caCallTimeoutMs,
  clientRequestsMax,
  joinBackgroundRetryMs,
  joinTimeoutMs,
  managerStatsTimeoutMs,
  raftJoinTimeoutMs,
  requestTimeoutMs,
  rootCaAttemptsMax,
  rootCaRetryMs,
  swarmPort,
} from './timing.js';
import {
  dropCalls,
  engineOf,
  type MachineHost,
  parseAddress,
  resolveAddress,
  startCall,
} from './transport.js';
import type {
  BootstrapParams,
  EngineState,
  InitParams,
  InitResult,
  JoinAttempt,
  JoinParams,
  RpcResult,
  SwarmError,
  SwarmRequest,
  SwarmResponse,
  SwarmWorld,
} from './types.js';

/** A fresh engine: not in a swarm until its disk says so (boot.ts decides). */
export function newEngineState(nowMs: number): EngineState {
  return {
    bootedAtMs: nowMs,
    localState: 'inactive',
    error: '',
    nextCallNumber: 1,
    manager: null,
    agent: null,
    join: null,
    requests: [],
    responses: {},
    calls: {},
    containers: [],
    readyWaiters: [],
    initError: null,
    extensionState: {},
  };
}

/**
 * The engine starts on a (re)booted machine: with a swarm identity on disk it starts its agent
 * and, for a manager, its Raft member from the WAL; an autolocked manager waits for `unlock`.
 */
export function bootEngine(world: SwarmWorld, host: MachineHost): void {
  host.state.engine = newEngineState(world.nowMs);
  const disk = host.state.disk.swarm;
  if (disk === null) return;
  const engine = engineOf(host);
  if (disk.raft !== null && disk.unlockKey !== null) {
    engine.localState = 'locked';
    engine.error = daemonErrors.swarmLocked.message;
    return;
  }
  engine.localState = 'pending';
  if (disk.raft !== null) bootManager(world, host, null, null);
  startAgent(world, host);
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Takes a request typed at this machine. The answer comes later (or at once) through `respond`. */
export function acceptRequest(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  request: SwarmRequest,
): void {
  const engine = engineOf(host);
  if (engine.requests.length >= clientRequestsMax) {
    respondError(world, host, requestId, rpcErrors.deadlineExceeded);
    return;
  }
  engine.requests.push({
    requestId,
    request,
    issuedAtMs: world.nowMs,
    deadlineAtMs: world.nowMs + requestTimeoutMs,
  });
  const params = (request.params ?? {}) as never;
  switch (request.method) {
    case 'swarm.init':
      initSwarm(world, host, requestId, params as InitParams);
      return;
    case 'swarm.join':
      joinSwarm(world, host, requestId, params as JoinParams);
      return;
    case 'swarm.leave':
      leaveSwarm(world, host, requestId, (params as { force?: boolean }).force === true);
      return;
    case 'swarm.unlock':
      unlockSwarm(world, host, requestId, String((params as { key?: unknown }).key ?? ''));
      return;
    case 'info':
      requestInfo(world, host, requestId);
      return;
  }
  if (!isControlMethod(request.method)) {
    respondError(world, host, requestId, unknownMethod(request.method));
    return;
  }
  sendControl(
    world,
    host,
    { kind: 'client', requestId },
    request.method,
    request.params ?? {},
    requestTimeoutMs,
  );
}

/** moby `errNoManager` and the locked check: why this machine cannot take a control request. */
export function controlGate(host: MachineHost): SwarmError | null {
  const engine = engineOf(host);
  if (engine.localState === 'locked') return daemonErrors.swarmLocked;
  if (host.state.disk.swarm === null && engine.join === null) return daemonErrors.notSwarmManager;
  if (engine.manager !== null && managerOf(host)?.removed !== true) return null;
  if (engine.join?.phase === 'raftJoin') return daemonErrors.managerNotReady;
  return daemonErrors.workerNotManager;
}

function sendControl(
  world: SwarmWorld,
  host: MachineHost,
  purpose: { kind: 'client'; requestId: string } | { kind: 'leaveStats'; requestId: string },
  method: string,
  params: unknown,
  timeoutMs: number,
): void {
  const gate = controlGate(host);
  if (gate !== null) {
    respondError(world, host, purpose.requestId, gate);
    return;
  }
  // moby checks list filters itself before any call leaves for the leader (list-filters.ts).
  const prepared = prepareListParams(method, params);
  if (!prepared.ok) {
    respondError(world, host, purpose.requestId, prepared.error);
    return;
  }
  const body: ControlCallBody = {
    method,
    params: prepared.params,
    callerNodeId: host.state.disk.swarm?.nodeId ?? null,
  };
  startCall(world, host, host, 'control', body, purpose, timeoutMs);
}

export function respond(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  response: SwarmResponse,
): void {
  const engine = host.state.engine;
  if (engine === null) return;
  const position = engine.requests.findIndex((request) => request.requestId === requestId);
  if (position < 0) return;
  engine.requests.splice(position, 1);
  engine.responses[requestId] = response;
  // Answers nobody takes are forgotten, oldest first (bounded like everything else).
  const answered = Object.keys(engine.responses);
  for (const stale of answered.slice(0, Math.max(0, answered.length - clientRequestsMax)))
    delete engine.responses[stale];
  emit(world, {
    kind: 'note',
    node: host.id,
    text: response.ok ? `request ${requestId} answered` : `request ${requestId} failed: ${response.error}`,
  });
}

export function respondError(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  error: SwarmError,
): void {
  respond(world, host, requestId, {
    ok: false,
    error: error.message,
    status: error.status,
    fromDaemon: true,
    atMs: world.nowMs,
  });
}

export function respondValue(world: SwarmWorld, host: MachineHost, requestId: string, value: unknown): void {
  respond(world, host, requestId, { ok: true, value, atMs: world.nowMs });
}

/** A control call answered (or timed out) for a client request. */
export function clientCallAnswered(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  result: RpcResult,
): void {
  if (result.ok) respondValue(world, host, requestId, result.value);
  else respondError(world, host, requestId, result.error);
}

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * `--advertise-addr <ip|interface>[:port]` on this machine: `eth0` is its address; an IP is
 * taken as given (it may be a NAT address); the port defaults to the listen port.
 */
export function resolveAdvertiseAddr(
  host: MachineHost,
  value: string | undefined,
  listenPort: number,
): string | SwarmError {
  if (value === undefined || value === '') return `${host.state.hardware.ip}:${listenPort}`;
  const parsed = parseAddress(value);
  const port = parsed !== null && /:\d+$/.test(value) ? parsed.port : listenPort;
  if (parsed?.host === 'eth0') return `${host.state.hardware.ip}:${port}`;
  if (parsed !== null && isIpv4(parsed.host) && parsed.host !== '0.0.0.0') return `${parsed.host}:${port}`;
  // moby listen_addr.go errBadAdvertiseAddr: neither an interface nor an IP.
  return {
    message:
      'advertise address must be a non-zero IP address or network interface (with optional port number)',
    status: 400,
  };
}

function isIpv4(text: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return match?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}

function parseAvailability(value: string | undefined): NodeAvailability | SwarmError {
  const availability = value === undefined || value === '' ? 'active' : value;
  if (availability === 'active' || availability === 'pause' || availability === 'drain') return availability;
  return invalidAvailabilityFlag(availability);
}

function listenPortFrom(listenAddr: string | undefined): number | SwarmError {
  if (listenAddr === undefined || listenAddr === '') return swarmPort;
  const parsed = parseAddress(listenAddr);
  if (parsed !== null && (parsed.host === 'eth0' || isIpv4(parsed.host))) return parsed.port;
  // moby listen_addr.go errBadListenAddr.
  return {
    message: 'listen address must be an IP address or network interface (with optional port number)',
    status: 400,
  };
}

// ---------------------------------------------------------------------------------------------
// init

function initSwarm(world: SwarmWorld, host: MachineHost, requestId: string, params: InitParams): void {
  const engine = engineOf(host);
  const disk = host.state.disk;
  if (params.forceNewCluster === true && disk.swarm !== null) {
    forceNewCluster(world, host, requestId, params);
    return;
  }
  if (disk.swarm !== null || engine.join !== null) {
    respondError(world, host, requestId, daemonErrors.alreadyInSwarm);
    return;
  }
  const availability = parseAvailability(params.availability);
  const listenPort = listenPortFrom(params.listenAddr);
  if (typeof availability !== 'string') {
    respondError(world, host, requestId, availability);
    return;
  }
  if (typeof listenPort !== 'number') {
    respondError(world, host, requestId, listenPort);
    return;
  }
  const advertiseAddr = resolveAdvertiseAddr(host, params.advertiseAddr, listenPort);
  if (typeof advertiseAddr !== 'string') {
    respondError(world, host, requestId, advertiseAddr);
    return;
  }
  const resolved = resolveInitSettings(params);
  if (!resolved.ok) {
    respondError(world, host, requestId, resolved.refusal);
    return;
  }
  const nodeId = newSwarmId(world.prng);
  const clusterId = newSwarmId(world.prng);
  const rootCaPem = fakeRootCaPem(world.prng);
  const raftId = newRaftId(world.prng, createReplica());
  disk.swarm = {
    nodeId,
    clusterId,
    role: 'manager',
    advertiseAddr,
    listenAddr: `0.0.0.0:${listenPort}`,
    remoteManagers: [advertiseAddr],
    rootCaPem,
    unlockKey: null,
    raft: null,
    appliedIndexDurable: 0,
  };
  const bootstrap: BootstrapParams = {
    nodeId,
    clusterId,
    advertiseAddr,
    availability,
    autolock: params.autolock === true,
    rootCaPem,
    ...resolved.settings,
  };
  engine.localState = 'pending';
  engine.initError = resolved.specError;
  bootManager(world, host, { raftId, voters: [raftId] }, bootstrap);
  campaignNow(world, host);
  engine.readyWaiters.push(requestId);
  startAgent(world, host);
}

/** The first manager "starts with itself as the only peer, and campaigns" (swarm.md §5). */
function campaignNow(world: SwarmWorld, host: MachineHost): void {
  raftCampaign(raftWorld(world), host, raftHooksFor(world, host));
  settleManager(world, host);
}

/**
 * `--force-new-cluster` (swarm.md §1.2): only on a manager; Raft restarts from local state as
 * the only member (uncommitted entries dropped), keeping services, tasks and worker nodes.
 */
function forceNewCluster(world: SwarmWorld, host: MachineHost, requestId: string, params: InitParams): void {
  const disk = host.state.disk.swarm;
  const engine = engineOf(host);
  if (disk === null || disk.role !== 'manager' || disk.raft === null) {
    respondError(world, host, requestId, daemonErrors.workerNotManager);
    return;
  }
  const changes = initSpecChanges(params);
  const refusal = clusterSpecRefusal(changes);
  stopAgent(host);
  stopManager(world, host, false);
  restartAsSingleMember(world, host);
  engine.localState = 'pending';
  engine.join = null;
  bootManager(world, host, null, null);
  const manager = managerOf(host);
  if (manager !== null) {
    manager.forceNewCluster = true;
    manager.forcedSpecChanges = refusal === null && Object.keys(changes).length > 0 ? changes : null;
  }
  engine.initError = refusal === null ? null : initSpecError(refusal);
  emit(world, { kind: 'note', node: host.id, text: `${host.id} forces a new cluster from its local state` });
  campaignNow(world, host);
  engine.readyWaiters.push(requestId);
  startAgent(world, host);
}

/**
 * Rewrites the WAL so the restarted node is the only voter (the raft package's
 * `forceNewCluster`). The forced entries are persisted writes, so they are traced as appends
 * (the safety checker's shadow of this node's log stays true), after a note that tells the
 * checker a new cluster epoch starts here (check/raft-safety.ts `clusterResetNote`): the forced
 * entries may take the indexes of a dead old leader's uncommitted ones, in the same term.
 */
function restartAsSingleMember(world: SwarmWorld, host: MachineHost): void {
  const raft = host.state.disk.swarm?.raft ?? null;
  if (raft === null) return;
  const before = raft.persisted;
  const after = forceRaftNewCluster(before, raft.config.id);
  const id = raft.config.id;
  const removed = after.entries
    .slice(before.entries.length)
    .flatMap((entry) =>
      entry.kind === 'config' && entry.change.type === 'removeVoter' ? [entry.change.node] : [],
    );
  emit(world, { kind: 'note', node: host.id, text: clusterResetNote(id, removed) });
  if (after.term !== before.term)
    emit(world, { kind: 'term', node: id, term: after.term, previousTerm: before.term });
  for (const entry of after.entries.slice(before.entries.length)) {
    emit(world, {
      kind: 'append',
      node: id,
      index: entry.index,
      term: entry.term,
      entryKind: entry.kind,
      value: entryValue(entry),
    });
  }
  raft.persisted = {
    term: after.term,
    votedFor: after.votedFor,
    entries: [...after.entries],
    snapshot: after.snapshot,
  };
}

/** Answers the requests waiting for the node to be ready (init, unlock). */
export function engineAgentRegistered(world: SwarmWorld, host: MachineHost): void {
  const engine = engineOf(host);
  if (engine.localState === 'pending') engine.localState = 'active';
  const join = engine.join;
  if (join !== null && join.phase === 'registering') finishJoin(world, host, join);
  const waiters = engine.readyWaiters;
  engine.readyWaiters = [];
  const initError = engine.initError;
  engine.initError = null;
  for (const requestId of waiters) {
    const request = engine.requests.find((candidate) => candidate.requestId === requestId);
    if (request === undefined) continue;
    if (request.request.method !== 'swarm.init') respondValue(world, host, requestId, {});
    else if (initError !== null) respondError(world, host, requestId, initError);
    else respondValue(world, host, requestId, initResult(host));
  }
}

function initResult(host: MachineHost): InitResult {
  const disk = host.state.disk.swarm;
  const cluster = managerOf(host)?.replica.store.cluster ?? null;
  return {
    nodeId: disk?.nodeId ?? '',
    workerToken: cluster?.joinTokens.worker ?? '',
    managerToken: cluster?.joinTokens.manager ?? '',
    managerAddr: disk?.advertiseAddr ?? '',
    unlockKey: cluster?.spec.autolock ? cluster.unlockKey : null,
  };
}

// ---------------------------------------------------------------------------------------------
// join

function joinSwarm(world: SwarmWorld, host: MachineHost, requestId: string, params: JoinParams): void {
  const engine = engineOf(host);
  if (host.state.disk.swarm !== null || engine.join !== null) {
    respondError(world, host, requestId, daemonErrors.alreadyInSwarm);
    return;
  }
  const availability = parseAvailability(params.availability);
  if (typeof availability !== 'string') {
    respondError(world, host, requestId, availability);
    return;
  }
  const listenPort = listenPortFrom(params.listenAddr);
  if (typeof listenPort !== 'number') {
    respondError(world, host, requestId, listenPort);
    return;
  }
  const advertiseAddr = resolveAdvertiseAddr(host, params.advertiseAddr, listenPort);
  if (typeof advertiseAddr !== 'string') {
    respondError(world, host, requestId, advertiseAddr);
    return;
  }
  const parsed = parseJoinToken(params.token ?? '');
  if (!parsed.ok) {
    respondError(world, host, requestId, { message: parsed.error, status: 400 });
    return;
  }
  const remote = parseAddress(params.remoteAddr ?? '');
  engine.join = {
    requestId,
    token: params.token,
    rootDigestHex: parsed.token.rootDigestHex,
    remoteAddr: remote === null ? (params.remoteAddr ?? '') : `${remote.host}:${remote.port}`,
    advertiseAddr,
    listenAddr: `0.0.0.0:${listenPort}`,
    availability,
    phase: 'rootCa',
    caAttempts: 0,
    startedAtMs: world.nowMs,
    promotion: false,
  };
  engine.localState = 'pending';
  setTimer(world, host, joinTimeoutMs, 'requestDeadline', {
    kind: 'timer',
    timer: { type: 'requestDeadline', requestId },
  });
  fetchRootCa(world, host);
}

function fetchRootCa(world: SwarmWorld, host: MachineHost): void {
  const join = engineOf(host).join;
  if (join === null) return;
  join.phase = 'rootCa';
  startCall(
    world,
    host,
    resolveAddress(world, join.remoteAddr),
    'ca.rootCa',
    {},
    { kind: 'joinRootCa' },
    caCallTimeoutMs,
  );
}

/** The 20 s join timeout: the client is told, the join goes on in the background. */
export function requestDeadlinePassed(world: SwarmWorld, host: MachineHost, requestId: string): void {
  const join = host.state.engine?.join ?? null;
  if (join === null || join.requestId !== requestId) return;
  join.requestId = null;
  respondError(world, host, requestId, daemonErrors.joinTimeout);
}

/** The root CA arrived (or not): check its digest against the token's (5 tries, 2 s apart). */
export function rootCaAnswered(world: SwarmWorld, host: MachineHost, result: RpcResult): void {
  const join = host.state.engine?.join ?? null;
  if (join === null || join.phase !== 'rootCa') return;
  const pem = result.ok ? (result.value as { rootCaPem: string }).rootCaPem : null;
  if (pem !== null && rootCaDigestHex(pem) === join.rootDigestHex) {
    requestCertificate(world, host, join);
    return;
  }
  const error =
    pem !== null
      ? remoteCaMismatch(join.rootDigestHex)
      : result.ok
        ? rpcErrors.deadlineExceeded
        : result.error;
  join.caAttempts++;
  if (join.caAttempts < rootCaAttemptsMax) {
    join.phase = 'waitingRetry';
    setTimer(world, host, rootCaRetryMs, 'joinRetry', { kind: 'timer', timer: { type: 'joinRetry' } });
    return;
  }
  failJoin(world, host, join, error, pem !== null);
}

export function joinRetryDue(world: SwarmWorld, host: MachineHost): void {
  const join = host.state.engine?.join ?? null;
  if (join === null || join.phase !== 'waitingRetry') return;
  if (join.caAttempts >= rootCaAttemptsMax) join.caAttempts = 0;
  if (join.promotion) {
    sendRaftJoin(world, host, join);
    return;
  }
  fetchRootCa(world, host);
}

/** A join round failed: terminal errors end the join; others retry in the background. */
function failJoin(
  world: SwarmWorld,
  host: MachineHost,
  join: JoinAttempt,
  error: SwarmError,
  terminal: boolean,
): void {
  if (terminal || (join.requestId !== null && !join.promotion)) {
    if (join.requestId !== null) respondError(world, host, join.requestId, error);
    abandonJoin(world, host, error.message);
    return;
  }
  join.phase = 'waitingRetry';
  setTimer(world, host, joinBackgroundRetryMs, 'joinRetry', { kind: 'timer', timer: { type: 'joinRetry' } });
}

function abandonJoin(world: SwarmWorld, host: MachineHost, reason: string): void {
  const engine = engineOf(host);
  const join = engine.join;
  engine.join = null;
  dropCalls(host, (purpose) => purpose.kind.startsWith('join'));
  if (join?.promotion) return;
  stopAgent(host);
  if (engine.manager !== null) stopManager(world, host, true);
  host.state.disk.swarm = null;
  engine.localState = 'inactive';
  engine.error = reason;
}

function requestCertificate(world: SwarmWorld, host: MachineHost, join: JoinAttempt): void {
  join.phase = 'certificate';
  const body = { token: join.token, availability: join.availability };
  const target = resolveAddress(world, join.remoteAddr);
  startCall(
    world,
    host,
    target,
    'ca.issueCertificate',
    body,
    { kind: 'joinCertificate' },
    caCallTimeoutMs + requestTimeoutMs,
  );
}

/** The CA answered: write the identity; a worker starts its agent, a manager joins Raft first. */
export function certificateAnswered(world: SwarmWorld, host: MachineHost, result: RpcResult): void {
  const join = host.state.engine?.join ?? null;
  if (join === null || join.phase !== 'certificate') return;
  if (!result.ok) {
    const terminal = result.error === rpcErrors.invalidJoinSecret || result.error.status === 400;
    failJoin(world, host, join, result.error, terminal);
    return;
  }
  const issued = result.value as {
    nodeId: string;
    role: 'manager' | 'worker';
    clusterId: string;
    rootCaPem: string;
    managers: string[];
  };
  host.state.disk.swarm = {
    nodeId: issued.nodeId,
    clusterId: issued.clusterId,
    role: issued.role,
    advertiseAddr: join.advertiseAddr,
    listenAddr: join.listenAddr,
    remoteManagers: issued.managers.length > 0 ? [...issued.managers] : [join.remoteAddr],
    rootCaPem: issued.rootCaPem,
    unlockKey: null,
    raft: null,
    appliedIndexDurable: 0,
  };
  if (issued.role === 'manager') {
    sendRaftJoin(world, host, join);
    return;
  }
  join.phase = 'registering';
  startAgent(world, host);
}

function sendRaftJoin(world: SwarmWorld, host: MachineHost, join: JoinAttempt): void {
  const disk = host.state.disk.swarm;
  if (disk === null) return;
  join.phase = 'raftJoin';
  const remotes = disk.remoteManagers.length > 0 ? disk.remoteManagers : [join.remoteAddr];
  const target = resolveAddress(
    world,
    remotes.includes(join.remoteAddr) ? join.remoteAddr : (remotes[0] as string),
  );
  const body = { nodeId: disk.nodeId, advertiseAddr: disk.advertiseAddr, callerNodeId: disk.nodeId };
  startCall(world, host, target, 'raft.join', body, { kind: 'joinRaft' }, raftJoinTimeoutMs);
}

/**
 * The leader chose this joiner's raft ID and is about to propose it: start the Raft member now
 * (empty log, no configuration), so it can acknowledge the entry that makes it a voter.
 */
export function prepareRaftJoin(world: SwarmWorld, host: MachineHost, nodeId: string, raftId: string): void {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  if (engine.join?.phase !== 'raftJoin' || disk === null || disk.nodeId !== nodeId || engine.manager !== null)
    return;
  disk.role = 'manager';
  disk.raft = null;
  bootManager(world, host, { raftId, voters: [] }, null);
  emit(world, {
    kind: 'note',
    node: host.id,
    text: `${host.id} starts Raft member ${raftId} and waits to be added`,
  });
}

/** The leader added this node to Raft (the entry is applied): the agent starts through the manager. */
export function raftJoinAnswered(world: SwarmWorld, host: MachineHost, result: RpcResult): void {
  const join = host.state.engine?.join ?? null;
  if (join === null || join.phase !== 'raftJoin') return;
  if (!result.ok) {
    if (engineOf(host).manager !== null) stopManager(world, host, true);
    failJoin(world, host, join, result.error, result.error === rpcErrors.healthCheckFailed);
    return;
  }
  const answer = result.value as {
    raftId: string;
    members: { raftId: string; nodeId: string; addr: string }[];
  };
  const disk = host.state.disk.swarm;
  if (disk === null) return;
  if (raftIdOf(host) !== answer.raftId || engineOf(host).manager === null) {
    if (engineOf(host).manager !== null) stopManager(world, host, true);
    prepareRaftJoin(world, host, disk.nodeId, answer.raftId);
  }
  const manager = managerOf(host);
  for (const member of answer.members) if (manager !== null) manager.peerAddrs[member.raftId] = member.addr;
  emit(world, { kind: 'note', node: host.id, text: `${host.id} joined Raft as ${answer.raftId}` });
  if (join.promotion) {
    engineOf(host).join = null;
    startAgent(world, host);
    return;
  }
  join.phase = 'registering';
  startAgent(world, host);
}

function finishJoin(world: SwarmWorld, host: MachineHost, join: JoinAttempt): void {
  const engine = engineOf(host);
  engine.join = null;
  engine.error = '';
  if (join.requestId !== null)
    respondValue(world, host, join.requestId, { role: host.state.disk.swarm?.role ?? 'worker' });
}

/** The store says this worker is a manager now: renew the certificate and join Raft (swarm.md §4.9). */
export function promoteLocally(world: SwarmWorld, host: MachineHost): void {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  if (disk === null || engine.join !== null || engine.manager !== null) return;
  disk.role = 'manager';
  engine.join = {
    requestId: null,
    token: '',
    rootDigestHex: '',
    remoteAddr: disk.remoteManagers[0] ?? '',
    advertiseAddr: disk.advertiseAddr,
    listenAddr: disk.listenAddr,
    availability: 'active',
    phase: 'raftJoin',
    caAttempts: 0,
    startedAtMs: world.nowMs,
    promotion: true,
  };
  emit(world, { kind: 'note', node: host.id, text: `${host.id} was promoted: joining Raft` });
  sendRaftJoin(world, host, engine.join);
}

/** The store says this manager is a worker now (its Raft member is gone): stop the manager. */
export function demoteLocally(world: SwarmWorld, host: MachineHost): void {
  const disk = host.state.disk.swarm;
  if (disk === null) return;
  if (engineOf(host).manager !== null) stopManager(world, host, true);
  if (disk.raft !== null) {
    disk.raft = null;
    disk.appliedIndexDurable = 0;
  }
  disk.role = 'worker';
  disk.unlockKey = null;
  emit(world, { kind: 'note', node: host.id, text: `${host.id} was demoted: manager stopped, now a worker` });
  startAgent(world, host);
}

/** A manager learnt it was removed from Raft: it stops its manager and goes on as a node. */
export function leaveRemovedManager(world: SwarmWorld, host: MachineHost): void {
  if (host.state.engine?.manager === null || host.state.engine === null) return;
  stopManager(world, host, true);
  emit(world, { kind: 'note', node: host.id, text: `${host.id} was removed from Raft: manager stopped` });
  startAgent(world, host);
}

// ---------------------------------------------------------------------------------------------
// leave

function leaveSwarm(world: SwarmWorld, host: MachineHost, requestId: string, force: boolean): void {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  if (disk === null && engine.join === null) {
    respondError(world, host, requestId, daemonErrors.notPartOfSwarm);
    return;
  }
  if (engine.localState === 'locked' && !force) {
    respondError(world, host, requestId, daemonErrors.leaveLocked);
    return;
  }
  const isManager = engine.manager !== null || (disk?.role === 'manager' && disk.raft !== null);
  if (isManager && !force) {
    if (engine.manager === null || engine.localState === 'locked') {
      respondError(world, host, requestId, leaveManagerRefused(null, false));
      return;
    }
    sendControl(world, host, { kind: 'leaveStats', requestId }, 'leave.stats', {}, managerStatsTimeoutMs);
    return;
  }
  leaveNow(world, host);
  respondValue(world, host, requestId, {});
}

/** The answer of `managerStats` (or its failure): the refusal text of moby `Cluster.Leave`. */
export function leaveStatsAnswered(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  result: RpcResult,
): void {
  const stats = result.ok
    ? (result.value as { active: boolean; reachable: number; unreachable: number })
    : null;
  respondError(world, host, requestId, leaveManagerRefused(stats, true));
}

/** Stops the node and clears its swarm state; its task containers are removed (swarm.md §1.5). */
function leaveNow(world: SwarmWorld, host: MachineHost): void {
  const engine = engineOf(host);
  const nodeId = host.state.disk.swarm?.nodeId ?? null;
  stopAgent(host);
  if (engine.manager !== null) stopManager(world, host, true);
  engine.join = null;
  dropCalls(host, (purpose) => purpose.kind !== 'client');
  engine.containers = engine.containers.filter((container) => container.nodeId !== nodeId);
  host.state.disk.swarm = null;
  engine.localState = 'inactive';
  engine.error = '';
  emit(world, { kind: 'note', node: host.id, text: `${host.id} left the swarm` });
}

// ---------------------------------------------------------------------------------------------
// unlock

function unlockSwarm(world: SwarmWorld, host: MachineHost, requestId: string, key: string): void {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  if (engine.localState !== 'locked' || disk === null) {
    respondError(world, host, requestId, daemonErrors.notLocked);
    return;
  }
  if (!parseUnlockKey(key).ok) {
    respondError(world, host, requestId, daemonErrors.invalidKeyString);
    return;
  }
  if (key !== disk.unlockKey) {
    respondError(world, host, requestId, daemonErrors.invalidUnlockKey);
    return;
  }
  engine.localState = 'pending';
  engine.error = '';
  bootManager(world, host, null, null);
  engine.readyWaiters.push(requestId);
  startAgent(world, host);
}

// ---------------------------------------------------------------------------------------------
// info

/** `docker info` facts (the Swarm section is swarm.md §1.8). */
export interface InfoResult {
  readonly hostname: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly engineVersion: string;
  readonly os: string;
  readonly architecture: string;
  readonly engineLabels: Readonly<Record<string, string>>;
  readonly containers: { readonly total: number; readonly running: number; readonly stopped: number };
  readonly swarm: {
    readonly localNodeState: EngineState['localState'];
    readonly nodeId: string;
    /** The node's IP, without the port. */
    readonly nodeAddr: string;
    readonly controlAvailable: boolean;
    readonly error: string;
    /** Known managers, sorted by address. */
    readonly remoteManagers: readonly { readonly addr: string }[];
    readonly cluster: SwarmInspect | null;
    readonly nodes: number;
    readonly managers: number;
  };
  readonly warnings: readonly string[];
}

function requestInfo(world: SwarmWorld, host: MachineHost, requestId: string): void {
  const engine = engineOf(host);
  if (engine.manager === null || engine.localState === 'locked') {
    respondValue(world, host, requestId, infoResult(host, null, ''));
    return;
  }
  const body: ControlCallBody = {
    method: 'info.swarm',
    params: {},
    callerNodeId: host.state.disk.swarm?.nodeId ?? null,
  };
  startCall(world, host, host, 'control', body, { kind: 'client', requestId }, requestTimeoutMs);
}

/** Routes a control answer that belongs to an `info` request. True when it did. */
export function infoAnswered(
  world: SwarmWorld,
  host: MachineHost,
  requestId: string,
  result: RpcResult,
): boolean {
  const request = host.state.engine?.requests.find((candidate) => candidate.requestId === requestId);
  if (request === undefined || request.request.method !== 'info') return false;
  const summary = result.ok ? (result.value as SwarmInfoSummary) : null;
  respondValue(world, host, requestId, infoResult(host, summary, result.ok ? '' : result.error.message));
  return true;
}

function infoResult(host: MachineHost, summary: SwarmInfoSummary | null, error: string): InfoResult {
  const engine = engineOf(host);
  const disk = host.state.disk.swarm;
  const hardware = host.state.hardware;
  const running = engine.containers.filter((container) => container.state === 'running').length;
  const managerCount = summary?.managerCount ?? 0;
  return {
    hostname: hardware.hostname,
    cpus: hardware.cpus,
    memoryBytes: hardware.memoryBytes,
    engineVersion: hardware.engineVersion,
    os: hardware.os,
    architecture: hardware.architecture,
    engineLabels: { ...hardware.engineLabels },
    containers: { total: engine.containers.length, running, stopped: engine.containers.length - running },
    swarm: {
      localNodeState: engine.localState,
      nodeId: disk?.nodeId ?? '',
      nodeAddr: disk === null ? '' : (parseAddress(disk.advertiseAddr)?.host ?? ''),
      controlAvailable: engine.manager !== null && engine.localState !== 'locked',
      error: error !== '' ? error : engine.error,
      remoteManagers: (disk?.remoteManagers ?? []).map((addr) => ({ addr })),
      cluster: summary?.cluster ?? null,
      nodes: summary?.nodeCount ?? 0,
      managers: managerCount,
    },
    warnings: managerCount === 2 ? [twoManagerWarning] : [],
  };
}
