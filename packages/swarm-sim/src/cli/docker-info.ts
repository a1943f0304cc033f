/**
 * `docker info`: docker/cli `cli/command/system/info.go` prettyPrintInfo, kept to what the
 * sandbox knows honestly — the Client header, the engine's containers, version, the Swarm
 * section exactly as `printSwarmInfo` prints it (swarm.md §1.8), and the machine's OS,
 * architecture, CPUs, memory and name. Storage drivers, plugins, runtimes, kernel and security
 * options are left out: the sandbox has none to report.
 */
import type { ParsedCommandOf } from '../docker/grammar/parse.js';
import { bytesSize, humanDuration } from '../docker/humanize.js';
import { compileTemplate, executeTemplate } from '../docker/template.js';
import type { SwarmInspect } from '../swarm/control.js';
import type { InfoResult } from '../swarm/engine.js';
import type { DockerContext } from './docker-context.js';
import { failAfter, responseErrorText, responseValue } from './docker-context.js';
import type { CommandOutput } from './types.js';

export const clientVersion = '27.3.1';

function clientSection(): string {
  return `Client:\n Version:    ${clientVersion}\n Context:    default\n Debug Mode: false\n`;
}

type SwarmInfo = InfoResult['swarm'];

/** docker/cli `printSwarmInfo`. */
export function swarmSection(swarm: SwarmInfo): string {
  let text = ` Swarm: ${swarm.localNodeState}\n`;
  if (swarm.localNodeState === 'inactive' || swarm.localNodeState === 'locked') return text;
  text += `  NodeID: ${swarm.nodeId}\n`;
  if (swarm.error !== '') text += `  Error: ${swarm.error}\n`;
  text += `  Is Manager: ${swarm.controlAvailable}\n`;
  const cluster = swarm.cluster;
  if (cluster !== null && swarm.controlAvailable && swarm.error === '' && swarm.localNodeState !== 'error') {
    text += clusterLines(swarm, cluster);
  }
  text += `  Node Address: ${swarm.nodeAddr}\n`;
  if (swarm.remoteManagers.length > 0) {
    text += '  Manager Addresses:\n';
    for (const address of swarm.remoteManagers.map((manager) => manager.addr).sort())
      text += `   ${address}\n`;
  }
  return text;
}

/**
 * docker/cli `printSwarmInfo`: each pool followed by two spaces (so the line ends in spaces), the
 * subnet size, the data path port (the daemon fills in SwarmKit's defaults).
 */
function clusterLines(swarm: SwarmInfo, cluster: SwarmInspect): string {
  const spec = cluster.spec;
  return [
    `  ClusterID: ${cluster.id}`,
    `  Managers: ${swarm.managers}`,
    `  Nodes: ${swarm.nodes}`,
    `  Default Address Pool: ${cluster.defaultAddrPool.map((pool) => `${pool}  `).join('')}`,
    `  SubnetSize: ${cluster.subnetSize}`,
    `  Data Path Port: ${cluster.dataPathPort}`,
    '  Orchestration:',
    `   Task History Retention Limit: ${spec.taskHistoryRetentionLimit}`,
    '  Raft:',
    `   Snapshot Interval: ${spec.raft.snapshotInterval}`,
    `   Number of Old Snapshots to Retain: ${spec.raft.keepOldSnapshots}`,
    `   Heartbeat Tick: ${spec.raft.heartbeatTick}`,
    `   Election Tick: ${spec.raft.electionTick}`,
    '  Dispatcher:',
    `   Heartbeat Period: ${humanDuration(spec.dispatcherHeartbeatPeriodMs)}`,
    '  CA Configuration:',
    `   Expiry Duration: ${humanDuration(spec.nodeCertExpiryMs)}`,
    '   Force Rotate: 0',
    `  Autolock Managers: ${spec.autolock}`,
    '  Root Rotation In Progress: false',
    '',
  ].join('\n');
}

/** docker/cli `prettyPrintServerInfo`, the parts the sandbox can report. */
export function serverSection(info: InfoResult): string {
  const { total, running, stopped } = info.containers;
  const labels = Object.keys(info.engineLabels)
    .sort()
    .map((key) => `  ${key}=${info.engineLabels[key]}`);
  return [
    'Server:',
    ` Containers: ${total}`,
    `  Running: ${running}`,
    '  Paused: 0',
    `  Stopped: ${stopped}`,
    ` Server Version: ${info.engineVersion}`,
    swarmSection(info.swarm).replace(/\n$/, ''),
    ` OSType: ${info.os}`,
    ` Architecture: ${info.architecture}`,
    ` CPUs: ${info.cpus}`,
    ` Total Memory: ${bytesSize(info.memoryBytes)}`,
    ` Name: ${info.hostname}`,
    ...(labels.length > 0 ? [' Labels:', ...labels] : []),
    '',
    '',
  ].join('\n');
}

/** The Engine API's `GET /info` shape for `--format` (the fields the sandbox has). */
export function infoToApi(info: InfoResult): Record<string, unknown> {
  const swarm: Record<string, unknown> = {
    NodeID: info.swarm.nodeId,
    NodeAddr: info.swarm.nodeAddr,
    LocalNodeState: info.swarm.localNodeState,
    ControlAvailable: info.swarm.controlAvailable,
    Error: info.swarm.error,
    RemoteManagers: info.swarm.remoteManagers.map((manager) => ({ Addr: manager.addr })),
  };
  if (info.swarm.cluster !== null && info.swarm.controlAvailable) {
    swarm.Nodes = info.swarm.nodes;
    swarm.Managers = info.swarm.managers;
    const cluster = info.swarm.cluster;
    swarm.Cluster = {
      ID: cluster.id,
      Version: { Index: cluster.version },
      DefaultAddrPool: [...cluster.defaultAddrPool],
      SubnetSize: cluster.subnetSize,
      DataPathPort: cluster.dataPathPort,
    };
  }
  return {
    Containers: info.containers.total,
    ContainersRunning: info.containers.running,
    ContainersPaused: 0,
    ContainersStopped: info.containers.stopped,
    Name: info.hostname,
    Labels: Object.keys(info.engineLabels)
      .sort()
      .map((key) => `${key}=${info.engineLabels[key]}`),
    ServerVersion: info.engineVersion,
    OSType: info.os,
    Architecture: info.architecture,
    NCPU: info.cpus,
    MemTotal: info.memoryBytes,
    Swarm: swarm,
    ClientInfo: { Version: clientVersion, Context: 'default', Debug: false },
  };
}

export function runInfo(context: DockerContext, command: ParsedCommandOf<'info'>): CommandOutput {
  const format = command.options.format ?? '';
  const response = context.call({ method: 'info', params: {} });
  if (format === '') {
    if (!response.ok) {
      // docker prints the Client section, then the server error (info.go prettyPrintInfo).
      const stderr = `ERROR: ${responseErrorText(response)}\nerrors pretty printing info\n`;
      return { stdout: `${clientSection()}\nServer:\n`, stderr, exitCode: 1 };
    }
    const info = responseValue<InfoResult>(response);
    const warnings = info.warnings.map((warning) => `${warning}\n`).join('');
    return { stdout: `${clientSection()}\n${serverSection(info)}`, stderr: warnings, exitCode: 0 };
  }
  const source = format === 'json' ? '{{json .}}' : format;
  const compiled = compileTemplate(source);
  if (!compiled.ok) return failAfter('', `template parsing error: ${compiled.error}`, 64);
  if (!response.ok) return failAfter('', responseErrorText(response));
  const rendered = executeTemplate(compiled.template, infoToApi(responseValue<InfoResult>(response)), {
    typeName: 'system.Info',
  });
  if (!rendered.ok) return failAfter('', `template parsing error: ${rendered.error}`);
  return { stdout: `${rendered.text}\n`, stderr: '', exitCode: 0 };
}
