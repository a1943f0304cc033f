/**
 * Docker's daemon error texts for swarm mode, verbatim (swarm.md §1-§3, §5), each with the HTTP
 * status the Engine API gives it (swarm.md §0: InvalidArgument/FailedPrecondition 400, NotFound
 * 404, AlreadyExists 409, Unavailable 503, Unknown/DeadlineExceeded 500). The CLI prints them
 * after `Error response from daemon: `.
 */
import type { SwarmError } from './types.js';

function error(message: string, status: number): SwarmError {
  return { message, status };
}

/** moby/moby daemon/cluster/errors.go and cluster.go. */
export const daemonErrors = {
  notSwarmManager: error(
    'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
    503,
  ),
  workerNotManager: error(
    "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
    503,
  ),
  managerNotReady: error(
    'This node is not a swarm manager. Manager is being prepared or has trouble connecting to the cluster.',
    503,
  ),
  notPartOfSwarm: error('This node is not part of a swarm', 503),
  alreadyInSwarm: error(
    'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.',
    503,
  ),
  joinTimeout: error(
    'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
    500,
  ),
  swarmLocked: error(
    'Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.',
    503,
  ),
  leaveLocked: error(
    'Swarm is encrypted and locked. Please unlock it first or use `--force` to ignore this message.',
    503,
  ),
  notLocked: error('swarm is not locked', 503),
  invalidUnlockKey: error('swarm could not be unlocked: invalid key provided', 400),
  invalidKeyString: error('invalid key string', 400),
  noUnlockKey: error('no unlock key is set', 404),
  cannotRotateUnlockKey: error('cannot rotate because autolock is not turned on', 400),
  daemonDown: error(
    'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    0,
  ),
} as const;

/** gRPC errors from SwarmKit keep their `rpc error: code = … desc = …` text. */
export const rpcErrors = {
  /** SwarmKit `validateClusterSpec` (ca.MinNodeCertExpiration is one hour). */
  minimumCertExpiry: error(
    'rpc error: code = InvalidArgument desc = minimum certificate expiry time is: 1h0m0s',
    400,
  ),
  negativeHeartbeatPeriod: error(
    'rpc error: code = InvalidArgument desc = heartbeat time period cannot be a negative duration',
    400,
  ),
  noLeader: error(
    "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.",
    500,
  ),
  deadlineExceeded: error('rpc error: code = DeadlineExceeded desc = context deadline exceeded', 500),
  lostLeadership: error(
    'rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status',
    500,
  ),
  invalidJoinSecret: error(
    'rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster',
    400,
  ),
  demoteLastManager: error(
    'rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm',
    400,
  ),
  demoteLosesQuorum: error(
    "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result in a loss of quorum",
    400,
  ),
  managerNotInMemberlist: error(
    "rpc error: code = NotFound desc = can't find manager in raft memberlist",
    404,
  ),
  updateOutOfSequence: error('rpc error: code = Unknown desc = update out of sequence', 500),
  clusterNotFound: error('rpc error: code = NotFound desc = cluster not found', 404),
  nodeNotRegistered: error('rpc error: code = NotFound desc = node not registered', 404),
  sessionInvalid: error('rpc error: code = InvalidArgument desc = session invalid', 400),
  healthCheckFailed: error(
    "manager stopped: can't initialize raft node: rpc error: code = Unknown desc = could not connect to prospective new cluster member using its advertised address: rpc error: code = DeadlineExceeded desc = context deadline exceeded",
    500,
  ),
  memberRemoved: error('rpc error: code = Unknown desc = raft: member was removed from the cluster', 500),
  /** Our wording: a node whose promotion was undone asks to join Raft. */
  workerCannotJoinRaft: error(
    'rpc error: code = PermissionDenied desc = only managers can join the raft cluster',
    403,
  ),
  membershipChangeInProgress: error(
    'rpc error: code = Unknown desc = raft: propose configuration change refused',
    500,
  ),
} as const;

export function nodeNotFound(reference: string): SwarmError {
  return error(`node ${reference} not found`, 404);
}

export function nodeAmbiguous(reference: string, matchCount: number): SwarmError {
  return error(`node ${reference} is ambiguous (${matchCount} matches found)`, 400);
}

export function removeManagerRefused(nodeId: string): SwarmError {
  return error(
    `rpc error: code = FailedPrecondition desc = node ${nodeId} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`,
    400,
  );
}

export function removeNotDownRefused(nodeId: string): SwarmError {
  return error(
    `rpc error: code = FailedPrecondition desc = node ${nodeId} is not down and can't be removed`,
    400,
  );
}

export function invalidAvailability(value: string): SwarmError {
  return error(`invalid Availability: "${value}"`, 400);
}

export function invalidRole(value: string): SwarmError {
  return error(`invalid Role: "${value}"`, 400);
}

/** `docker swarm init/join --availability` is checked by the CLI (swarm.md §1.1). */
export function invalidAvailabilityFlag(value: string): SwarmError {
  return error(`invalid availability "${value}", only active, pause and drain are supported`, 400);
}

export function remoteCaMismatch(expectedHex: string): SwarmError {
  return error(`remote CA does not match fingerprint. Expected: ${expectedHex}`, 500);
}

export function registrationRateLimited(nodeId: string): SwarmError {
  return error(
    `rpc error: code = Unavailable desc = node ${nodeId} exceeded rate limit count of registrations`,
    503,
  );
}

export function nodeRemovedFromSwarm(nodeId: string): SwarmError {
  return error(`rpc error: code = PermissionDenied desc = node ${nodeId} was removed from the swarm`, 403);
}

export function unknownMethod(method: string): SwarmError {
  return error(`unknown request ${method}`, 400);
}

export function invalidArgument(message: string): SwarmError {
  return error(message, 400);
}

/** The refusal of `docker swarm leave` on a manager without `--force` (moby `Cluster.Leave`). */
export function leaveManagerRefused(
  stats: { active: boolean; reachable: number; unreachable: number } | null,
  isActiveManager: boolean,
): SwarmError {
  let message = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
  if (isActiveManager) {
    if (stats?.active && stats.reachable - 2 <= stats.unreachable) {
      if (stats.reachable === 1 && stats.unreachable === 0) {
        message +=
          'Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. ';
        return error(message, 503);
      }
      message += `Removing this node leaves ${stats.reachable - 1} managers out of ${stats.reachable + stats.unreachable}. Without a Raft quorum your swarm will be inaccessible. `;
    }
  } else {
    message += 'Doing so may lose the consensus of your cluster. ';
  }
  message +=
    'The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.';
  return error(message, 503);
}

/** `docker info` adds this with exactly two managers (moby `Cluster.Info`). */
export const twoManagerWarning =
  'WARNING: Running Swarm in a two-manager configuration. This configuration provides\n' +
  '         no fault tolerance, and poses a high risk to lose control over the cluster.\n' +
  '         Refer to https://docs.docker.com/engine/swarm/admin_guide/ to configure the\n' +
  '         Swarm for fault-tolerance.';
