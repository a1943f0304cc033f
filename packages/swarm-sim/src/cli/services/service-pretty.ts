/**
 * `docker service inspect --pretty`: docker/cli's `serviceInspectPrettyTemplate`
 * (`cli/command/service/formatter.go`) rendered for one service, tab for tab, with the template's
 * whitespace trimming worked out by hand. Its output starts with a blank line (the template opens
 * with a newline) and ends with one (formatter.Context adds a newline after each service), e.g.
 *
 *     <blank>
 *     ID:		9uk4639qpg7npwf3fn2aasksr
 *     Name:		helloworld
 *     Service Mode:	Replicated
 *      Replicas:	1
 *     Placement:
 *     UpdateConfig:
 *      Parallelism:	1
 *     …
 *     Endpoint Mode:	vip
 *     <blank>
 */
import { bytesSize, humanDuration } from '../../docker/humanize.js';
import type { ServiceSpec, UpdateConfig } from '../../stack/service-spec.js';
import type { ServiceObject } from '../../swarm/objects.js';
import { formatDuration } from '../../units.js';
import { float32Text, isCliService } from './service-api.js';

/** Go's `%v` of a []string: `[a b]`. */
function goList(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

function labelLines(labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return [];
  return ['Labels:', ...keys.map((key) => (labels[key] === '' ? ` ${key}` : ` ${key}=${labels[key]}`))];
}

function modeLines(spec: ServiceSpec): string[] {
  if (spec.mode.kind === 'global') return ['Service Mode:\tGlobal'];
  if (spec.mode.kind === 'replicated')
    return ['Service Mode:\tReplicated', ` Replicas:\t${spec.mode.replicas}`];
  return ['Service Mode:'];
}

function updateStatusLines(service: ServiceObject, nowMs: number): string[] {
  const status = service.updateStatus;
  if (status === null) return [];
  const lines = [
    'UpdateStatus:',
    ` State:\t\t${status.state}`,
    ` Started:\t${humanDuration(nowMs - status.startedAtMs)} ago`,
  ];
  if (status.state === 'completed' && status.completedAtMs !== null) {
    lines.push(` Completed:\t${humanDuration(nowMs - status.completedAtMs)} ago`);
  }
  lines.push(` Message:\t${status.message}`);
  return lines;
}

function placementLines(spec: ServiceSpec): string[] {
  const lines = ['Placement:'];
  const { constraints, preferences, maxReplicas } = spec.placement;
  if (constraints.length > 0) lines.push(` Constraints:\t${goList(constraints)}`);
  if (preferences.length > 0)
    lines.push(` Preferences:   ${goList(preferences.map((preference) => `spread=${preference.spread}`))}`);
  if (maxReplicas > 0) lines.push(` Max Replicas Per Node:   ${maxReplicas}`);
  return lines;
}

function updateConfigLines(title: 'UpdateConfig' | 'RollbackConfig', config: UpdateConfig): string[] {
  const lines = [`${title}:`, ` Parallelism:\t${config.parallelism}`];
  if (config.delayMs > 0) lines.push(` Delay:\t\t${formatDuration(config.delayMs)}`);
  lines.push(` On failure:\t${config.failureAction}`);
  if (config.monitorMs > 0) lines.push(` Monitoring Period: ${formatDuration(config.monitorMs)}`);
  lines.push(
    ` Max failure ratio: ${float32Text(config.maxFailureRatio.numerator / config.maxFailureRatio.denominator)}`,
  );
  lines.push(
    title === 'UpdateConfig' ? ` Update order:      ${config.order}` : ` Rollback order:    ${config.order}`,
  );
  return lines;
}

function containerLines(spec: ServiceSpec): string[] {
  const lines = ['ContainerSpec:', ` Image:\t\t${spec.image}`];
  if (spec.args.length > 0) lines.push(` Args:\t\t${spec.args.map((arg) => `${arg} `).join('')}`);
  if (spec.env.length > 0) lines.push(` Env:\t\t${spec.env.map((variable) => `${variable} `).join('')}`);
  if (isCliService(spec)) lines.push(' Init:\t\tfalse');
  if (spec.configs.length > 0) {
    lines.push('Configs:');
    for (const config of spec.configs) lines.push(` Target:\t${config.target}`, `  Source:\t${config.name}`);
  }
  if (spec.secrets.length > 0) {
    lines.push('Secrets:');
    for (const secret of spec.secrets) lines.push(` Target:\t${secret.target}`, `  Source:\t${secret.name}`);
  }
  return lines;
}

function resourceLines(spec: ServiceSpec): string[] {
  const { limits, reservations } = spec.resources;
  const lines = ['Resources:'];
  if (reservations.nanoCpus > 0 || reservations.memoryBytes > 0) {
    lines.push(' Reservations:');
    if (reservations.nanoCpus > 0) lines.push(`  CPU:\t\t${reservations.nanoCpus / 1e9}`);
    if (reservations.memoryBytes > 0) lines.push(`  Memory:\t${bytesSize(reservations.memoryBytes)}`);
  }
  if (limits.nanoCpus > 0 || limits.memoryBytes > 0 || limits.pids > 0) {
    lines.push(' Limits:');
    if (limits.nanoCpus > 0) lines.push(`  CPU:\t\t${limits.nanoCpus / 1e9}`);
    if (limits.memoryBytes > 0) lines.push(`  Memory:\t${bytesSize(limits.memoryBytes)}`);
  }
  if (limits.pids > 0) lines.push(`  PIDs:\t\t${limits.pids}`);
  return lines;
}

/** Ports (from the allocated endpoint), then the healthcheck, as the template's tail prints them. */
function tailText(service: ServiceObject): string {
  const spec = service.spec;
  let text = '';
  if (service.endpointPorts.length > 0) {
    text += '\nPorts:';
    for (const port of service.endpointPorts) {
      text += `\n PublishedPort = ${port.publishedPort}\n  Protocol = ${port.protocol}\n  TargetPort = ${port.targetPort}\n  PublishMode = ${port.publishMode}`;
    }
    text += ' ';
  }
  const healthcheck = spec.healthcheck;
  if (healthcheck !== null) {
    text += `\n Healthcheck:\n  Interval = ${formatDuration(healthcheck.intervalMs)}\n  Retries = ${healthcheck.retries}`;
    text += `\n  StartPeriod =\t${formatDuration(healthcheck.startPeriodMs)}\n  Timeout =\t${formatDuration(healthcheck.timeoutMs)}`;
    if (healthcheck.test.length > 0)
      text += `\n  Tests:${healthcheck.test.map((test) => `\n\t Test = ${test}`).join('')} `;
  }
  return text;
}

/** One service, rendered as `docker service inspect --pretty` prints it (`nowMs` for "ago"). */
export function prettyService(service: ServiceObject, nowMs: number): string {
  const spec = service.spec;
  const lines = [
    '',
    `ID:\t\t${service.meta.id}`,
    `Name:\t\t${spec.name}`,
    ...labelLines(spec.labels),
    ...modeLines(spec),
    ...updateStatusLines(service, nowMs),
    ...placementLines(spec),
  ];
  if (spec.mode.kind === 'replicated' || spec.mode.kind === 'global') {
    lines.push(
      ...updateConfigLines('UpdateConfig', spec.updateConfig),
      ...updateConfigLines('RollbackConfig', spec.rollbackConfig),
    );
  }
  lines.push(...containerLines(spec), ...resourceLines(spec));
  if (spec.networks.length > 0)
    lines.push(`Networks:${spec.networks.map((network) => ` ${network.target}`).join('')} `);
  lines.push(`Endpoint Mode:\t${spec.endpoint.mode}`);
  return `${lines.join('\n')}${tailText(service)}\n\n`;
}
