/**
 * Fixed views of a world, for tests and the demo: plain data shaped as the simulation will
 * produce it. The story of `swarmView`: a swarm of three managers and two workers; at 20s
 * manager1 (the leader) was killed, manager2 won the election for term 2, manager1 came back at
 * 30s as a follower; a second service was just created and is not yet committed everywhere.
 */

import type {
  EventView,
  MachineView,
  RaftLogEntryView,
  RaftMemberView,
  SandboxView,
  ServiceView,
} from '@swarmsim/swarm-sim';

type Entry = Omit<RaftLogEntryView, 'committed'>;

const swarmLog: readonly Entry[] = [
  { index: 1, term: 1, kind: 'config', label: 'add voter manager1' },
  { index: 2, term: 1, kind: 'command', label: 'create node worker1' },
  { index: 3, term: 1, kind: 'command', label: 'create node worker2' },
  { index: 4, term: 1, kind: 'config', label: 'add voter manager2' },
  { index: 5, term: 1, kind: 'config', label: 'add voter manager3' },
  { index: 6, term: 1, kind: 'command', label: 'create service web' },
  { index: 7, term: 2, kind: 'noop', label: 'no-op' },
  { index: 8, term: 2, kind: 'command', label: 'update node manager1: Down' },
  { index: 9, term: 2, kind: 'command', label: 'update node manager1: Ready' },
  { index: 10, term: 2, kind: 'command', label: 'create service api' },
  { index: 11, term: 2, kind: 'command', label: 'create task api.3' },
];

/** The first `lastIndex` entries of a log, marked committed up to `commitIndex`. */
export function logTail(
  entries: readonly Entry[],
  lastIndex: number,
  commitIndex: number,
): RaftLogEntryView[] {
  return entries
    .filter((entry) => entry.index <= lastIndex)
    .map((entry) => ({ ...entry, committed: entry.index <= commitIndex }));
}

function machine(overrides: Partial<MachineView> & Pick<MachineView, 'name' | 'ip'>): MachineView {
  return {
    power: 'up',
    disconnected: false,
    partitionSide: null,
    swarmRole: 'worker',
    raftRole: null,
    raftTerm: null,
    nodeStatus: 'Ready',
    availability: 'Active',
    managerStatus: null,
    runningTaskCount: 0,
    ...overrides,
  };
}

const swarmMachines: readonly MachineView[] = [
  machine({
    name: 'manager1',
    ip: '192.168.99.100',
    swarmRole: 'manager',
    raftRole: 'follower',
    raftTerm: 2,
    managerStatus: 'Reachable',
    runningTaskCount: 1,
  }),
  machine({
    name: 'manager2',
    ip: '192.168.99.101',
    swarmRole: 'manager',
    raftRole: 'leader',
    raftTerm: 2,
    managerStatus: 'Leader',
    runningTaskCount: 1,
  }),
  machine({
    name: 'manager3',
    ip: '192.168.99.102',
    swarmRole: 'manager',
    raftRole: 'follower',
    raftTerm: 2,
    managerStatus: 'Reachable',
    runningTaskCount: 1,
  }),
  machine({ name: 'worker1', ip: '192.168.99.103', runningTaskCount: 2 }),
  machine({ name: 'worker2', ip: '192.168.99.104', runningTaskCount: 1 }),
];

const swarmRaft: readonly RaftMemberView[] = [
  {
    name: 'manager1',
    up: true,
    term: 2,
    role: 'follower',
    votedFor: null,
    commitIndex: 9,
    lastIndex: 9,
    logTail: logTail(swarmLog, 9, 9),
    progress: [],
  },
  {
    name: 'manager2',
    up: true,
    term: 2,
    role: 'leader',
    votedFor: 'manager2',
    commitIndex: 9,
    lastIndex: 11,
    logTail: logTail(swarmLog, 11, 9),
    progress: [
      { name: 'manager1', matchIndex: 9, nextIndex: 10 },
      { name: 'manager3', matchIndex: 9, nextIndex: 12 },
    ],
  },
  {
    name: 'manager3',
    up: true,
    term: 2,
    role: 'follower',
    votedFor: 'manager2',
    commitIndex: 9,
    lastIndex: 11,
    logTail: logTail(swarmLog, 11, 9),
    progress: [],
  },
];

const swarmServices: readonly ServiceView[] = [
  {
    name: 'api',
    mode: 'replicated',
    image: 'alpine:latest',
    runningCount: 2,
    desiredCount: 3,
    tasks: [
      { name: 'api.1', machine: 'worker1', state: 'running', desiredState: 'running' },
      { name: 'api.2', machine: 'manager1', state: 'running', desiredState: 'running' },
      { name: 'api.3', machine: null, state: 'pending', desiredState: 'running' },
    ],
  },
  {
    name: 'web',
    mode: 'replicated',
    image: 'nginx:latest',
    runningCount: 4,
    desiredCount: 4,
    tasks: [
      { name: 'web.1', machine: 'worker1', state: 'running', desiredState: 'running' },
      { name: 'web.2', machine: 'worker2', state: 'running', desiredState: 'running' },
      { name: 'web.3', machine: 'manager2', state: 'running', desiredState: 'running' },
      { name: 'web.4', machine: 'manager3', state: 'running', desiredState: 'running' },
    ],
  },
];

const swarmEvents: readonly EventView[] = [
  event(1, 0, 'command', 'manager1', 'docker swarm init --advertise-addr 192.168.99.100 (exit 0)', null),
  event(2, 12, 'raft', 'manager1', 'manager1 became leader for term 1: it is the only voter', 1),
  event(
    3,
    1_200,
    'command',
    'worker1',
    'docker swarm join --token SWMTKN-1-… 192.168.99.100:2377 (exit 0)',
    null,
  ),
  event(4, 1_210, 'swarm', 'worker1', 'worker1 joined the swarm as a worker', 3),
  event(5, 2_000, 'command', 'manager2', 'docker swarm join as a manager (exit 0)', null),
  event(6, 2_015, 'raft', 'manager1', 'manager1 added manager2 as a voter (entry 4 committed)', 5),
  event(
    7,
    8_000,
    'command',
    'manager1',
    'docker service create --name web --replicas 4 nginx (exit 0)',
    null,
  ),
  event(8, 8_040, 'task', 'worker1', 'web.1 is running on worker1', 7),
  event(9, 20_000, 'fault', 'manager1', 'kill manager1', null),
  event(10, 21_534, 'raft', 'manager2', 'manager2 heard no heartbeat for 1534ms: election timeout', 9),
  event(11, 21_534, 'raft', 'manager2', 'manager2 became candidate for term 2 and asked for votes', 10),
  event(12, 21_538, 'raft', 'manager3', 'manager3 voted for manager2 in term 2', 11),
  event(
    13,
    21_540,
    'raft',
    'manager2',
    'manager2 became leader for term 2 with votes from manager2, manager3',
    12,
  ),
  event(14, 26_541, 'swarm', 'manager2', 'manager1 is Down: no heartbeat for 5s', 9),
  event(15, 30_000, 'fault', 'manager1', 'restart manager1', null),
  event(16, 30_850, 'raft', 'manager1', 'manager1 learned term 2 from manager2 and became a follower', 15),
  event(
    17,
    41_900,
    'command',
    'manager2',
    'docker service create --name api --replicas 3 alpine (exit 0)',
    null,
  ),
  event(18, 42_300, 'task', null, 'api.3 is pending: waiting for the scheduler', 17),
];

function event(
  id: number,
  atMs: number,
  kind: EventView['kind'],
  machineName: string | null,
  text: string,
  causeId: number | null,
): EventView {
  return { id, atMs, kind, machine: machineName, text, causeId };
}

/** Three managers, two workers, two services, eighteen events. See the file's comment. */
export const swarmView: SandboxView = {
  status: {
    atMs: 42_317,
    speed: 1,
    paused: false,
    seed: 1337,
    leader: 'manager2',
    quorum: { up: 3, total: 3, ok: true },
    mode: 'swarm',
    shellMachine: 'manager1',
  },
  machines: swarmMachines,
  raft: swarmRaft,
  services: swarmServices,
  events: swarmEvents,
};

/** The same swarm with a lesson loaded: a scenario title and a checklist, one goal met. */
export const lessonView: SandboxView = {
  ...swarmView,
  status: { ...swarmView.status, scenarioTitle: 'Lose and regain manager quorum' },
  goals: [
    { text: 'Kill the leader and watch a new one get elected', met: true },
    {
      text: 'Lose quorum: stop two of the three managers',
      met: false,
      hint: 'With 3 managers, a majority is 2. How many are up?',
    },
    { text: 'See `docker service scale` fail without quorum', met: false },
  ],
};

/**
 * The swarm after `partition manager1` and `kill manager3`: manager2 cannot reach a majority, so
 * there is no leader and quorum is lost; worker2 is disconnected.
 */
export const partitionedView: SandboxView = {
  ...swarmView,
  status: {
    ...swarmView.status,
    leader: null,
    quorum: { up: 1, total: 3, ok: false },
    paused: true,
    speed: 0.1,
  },
  machines: swarmMachines.map((row) => {
    if (row.name === 'manager1') return { ...row, partitionSide: 'A', managerStatus: 'Unreachable' };
    if (row.name === 'manager3')
      return { ...row, power: 'crashed', nodeStatus: 'Down', managerStatus: 'Unreachable' };
    if (row.name === 'worker2')
      return { ...row, disconnected: true, partitionSide: null, nodeStatus: 'Unknown' };
    return { ...row, partitionSide: 'B' };
  }),
};

/** A Raft lab of five nodes during a split vote: two candidates in term 3, no leader. */
export const labView: SandboxView = {
  status: {
    atMs: 3_250,
    speed: 0.5,
    paused: true,
    seed: 7,
    leader: null,
    quorum: { up: 5, total: 5, ok: true },
    mode: 'lab',
    shellMachine: null,
  },
  machines: ['n1', 'n2', 'n3', 'n4', 'n5'].map((name, index) =>
    machine({
      name,
      ip: `10.0.0.${index + 1}`,
      swarmRole: null,
      raftRole: name === 'n2' || name === 'n4' ? 'candidate' : 'follower',
      raftTerm: name === 'n2' || name === 'n4' ? 3 : 2,
      nodeStatus: null,
      availability: null,
    }),
  ),
  raft: ['n1', 'n2', 'n3', 'n4', 'n5'].map((name) => ({
    name,
    up: true,
    term: name === 'n2' || name === 'n4' ? 3 : 2,
    role: name === 'n2' || name === 'n4' ? 'candidate' : 'follower',
    votedFor: name === 'n1' ? 'n2' : name === 'n5' ? 'n4' : name === 'n2' || name === 'n4' ? name : null,
    commitIndex: 2,
    lastIndex: 3,
    logTail: logTail(
      [
        { index: 1, term: 1, kind: 'noop', label: 'no-op' },
        { index: 2, term: 1, kind: 'command', label: 'set x=1' },
        { index: 3, term: 2, kind: 'noop', label: 'no-op' },
      ],
      3,
      2,
    ),
    progress: [],
  })),
  services: [],
  events: [
    event(1, 3_100, 'raft', 'n2', 'n2 became candidate for term 3', null),
    event(2, 3_102, 'raft', 'n4', 'n4 became candidate for term 3', null),
    event(3, 3_110, 'raft', 'n1', 'n1 voted for n2 in term 3', 1),
    event(4, 3_111, 'raft', 'n5', 'n5 voted for n4 in term 3', 2),
    event(5, 3_120, 'raft', 'n3', 'n3 refused n4: already voted in term 3', 2),
  ],
};

/**
 * A larger swarm for wide terminals: seven machines (five managers), three services and
 * `eventCount` events, built deterministically from the index.
 */
export function largeSwarmView(eventCount = 80): SandboxView {
  const names = ['manager1', 'manager2', 'manager3', 'manager4', 'manager5', 'worker1', 'worker2'];
  const machines = names.map((name, index) =>
    machine({
      name,
      ip: `192.168.99.${100 + index}`,
      swarmRole: name.startsWith('manager') ? 'manager' : 'worker',
      raftRole: name === 'manager1' ? 'leader' : name.startsWith('manager') ? 'follower' : null,
      raftTerm: name.startsWith('manager') ? 3 : null,
      managerStatus: name === 'manager1' ? 'Leader' : name.startsWith('manager') ? 'Reachable' : null,
      runningTaskCount: 1 + (index % 2),
    }),
  );
  const log: Entry[] = Array.from({ length: 40 }, (_, index) => ({
    index: index + 1,
    term: 1 + Math.floor(index / 15),
    kind: index % 15 === 0 ? 'noop' : 'command',
    label: index % 15 === 0 ? 'no-op' : `update task web.${1 + (index % 7)}`,
  }));
  const raft: RaftMemberView[] = names.slice(0, 5).map((name, index) => ({
    name,
    up: true,
    term: 3,
    role: index === 0 ? 'leader' : 'follower',
    votedFor: 'manager1',
    commitIndex: 38,
    lastIndex: 40 - (index % 3),
    logTail: logTail(log, 40 - (index % 3), 38),
    progress:
      index === 0
        ? names.slice(1, 5).map((follower, offset) => {
            const followerLastIndex = 40 - ((offset + 1) % 3);
            return { name: follower, matchIndex: followerLastIndex, nextIndex: followerLastIndex + 1 };
          })
        : [],
  }));
  const services: ServiceView[] = ['cache', 'db', 'web'].map((name, serviceIndex) => ({
    name,
    mode: name === 'cache' ? 'global' : 'replicated',
    image: `${name}:latest`,
    runningCount: 3 + serviceIndex,
    desiredCount: 3 + serviceIndex,
    tasks: Array.from({ length: 3 + serviceIndex }, (_, taskIndex) => ({
      name: `${name}.${taskIndex + 1}`,
      machine: names[(taskIndex + serviceIndex) % names.length] as string,
      state: 'running' as const,
      desiredState: 'running' as const,
    })),
  }));
  const events = Array.from({ length: eventCount }, (_, index) =>
    event(
      index + 1,
      1_000 * index,
      index % 4 === 0 ? 'raft' : index % 4 === 1 ? 'task' : index % 4 === 2 ? 'swarm' : 'network',
      names[index % names.length] as string,
      `event number ${index + 1} on ${names[index % names.length]}`,
      index === 0 ? null : index,
    ),
  );
  return {
    status: { ...swarmView.status, leader: 'manager1', quorum: { up: 5, total: 5, ok: true }, atMs: 80_000 },
    machines,
    raft,
    services,
    events,
  };
}
