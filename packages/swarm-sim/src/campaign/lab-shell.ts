/**
 * The Raft lab's shell language: what `swarmsim shell --lab N` reads, one line at a time, and
 * what `swarmsim check` prints as a counterexample. Both run lines through `labShellLine`, so a
 * counterexample replays in the shell exactly: same seed, same lines, same run.
 *
 * Each line maps to one lab text command (`labCommand`) after its own words are checked:
 *
 *   shell                          lab
 *   propose NODE VALUE             propose NODE set x VALUE   (one bare token: a write of key x)
 *   propose NODE set K V|del K|get K  the same
 *   kill NODE                      crash NODE                 (`crash` is accepted too)
 *   net drop|duplicate|reorder P   drop|duplicate|reorder P
 *   net delay MIN-MAX              delay MIN-MAX              (10-26, or 10ms-26ms)
 *   wait DURATION                  run DURATION               (500ms, 3s, 1m)
 *   add NODE [at NODE]             add NODE [at NODE]         (a voter added at the leader, or at the named node)
 *   remove NODE [at NODE]          remove NODE [at NODE]
 *   timeout, restart, pause, resume, disconnect, reconnect, partition, heal, cut, uncut: the same
 *   inspect [NODE]                 the lab's inspection (all of it, or one node)
 *
 * Exit codes: 0 done; 1 the lab refused (a node is down, not the leader, no such node);
 * 2 the line is not a command (unknown verb, wrong arguments, unreadable duration or probability);
 * 3 a safety checker found a violation while the line ran (the line's stdout names it).
 * Lines that are empty or start with `#` are comments: `labShellLine` returns null for them.
 */
import { checkLinearizability } from '../check/linearizability.js';
import type { LineResult } from '../cli/types.js';
import { traceToJsonLines } from '../kernel/trace.js';
import { labCommand, parseMembershipArguments, parseRatio } from '../lab/command.js';
import { parseKvCommand } from '../lab/kv.js';
import {
  createLab,
  type Lab,
  type LabMembershipOptions,
  type LabOptions,
  restoreLab,
  snapshotLab,
} from '../lab/lab.js';
import { parsePartition } from '../lab/operations.js';
import { formatLabView, type LabView, labInspect } from '../lab/view.js';
import { parseDuration } from '../units.js';

/**
 * One answered line: the record `swarmsim shell --json` prints, the swarm shell's `LineResult`
 * (`{atMs, node, command, exitCode, stdout, stderr}`). For the lab, `node` is the node the command
 * acts on (`kill n2`: n2), or null for the network, the clock or the whole lab; `command` is the
 * line trimmed; `stdout` and `stderr` end with a newline when not empty.
 */
export type ShellLineResult = LineResult;

export const shellExitRefused = 1;
export const shellExitUsage = 2;
export const shellExitViolation = 3;

/** A lab behind the shell, plus whether `inspect` answers in JSON. Plain data. */
export interface LabShell {
  lab: Lab;
  readonly json: boolean;
}

/**
 * The shell's lab settings differ from `createLab`'s in one place: CheckQuorum is on, as in
 * SwarmKit (`--no-checkquorum` turns it off). PreVote is off (`--prevote`), as in SwarmKit.
 */
export const labShellDefaults: Pick<LabOptions, 'checkQuorum' | 'preVote'> = {
  checkQuorum: true,
  preVote: false,
};

export type CreateLabShellResult =
  | { readonly ok: true; readonly shell: LabShell }
  | { readonly ok: false; readonly error: string };

export function createLabShell(
  options: Partial<LabOptions> & LabMembershipOptions = {},
  json = false,
): CreateLabShellResult {
  const created = createLab({ ...labShellDefaults, ...options });
  return created.ok ? { ok: true, shell: { lab: created.lab, json } } : created;
}

/** A deep copy: continue from it with `restoreLabShell` as many times as you like. */
export function snapshotLabShell(shell: LabShell): LabShell {
  return { lab: snapshotLab(shell.lab), json: shell.json };
}

export function restoreLabShell(snapshot: LabShell): LabShell {
  return { lab: restoreLab(snapshot.lab), json: snapshot.json };
}

/** The run's trace as JSON Lines (docs/trace.md). */
export function labShellTrace(shell: LabShell): string {
  return traceToJsonLines(shell.lab.world.trace);
}

/** The first line of a shell session: the seed, then every option derived from it. */
export function labShellBanner(shell: LabShell): string[] {
  const options = shell.lab.options;
  const timeoutMs = options.electionTimeoutTicks * options.tickIntervalMs;
  const unsafe = options.unsafe.length === 0 ? 'none' : options.unsafe.join(',');
  const voterCount = shell.lab.initialVoters.length;
  const spares =
    voterCount === options.nodeCount
      ? ''
      : ` (voters n1-n${voterCount}, spares n${voterCount + 1}-n${options.nodeCount})`;
  return [
    `SEED=${options.seed}`,
    `# ${options.nodeCount} nodes n1-n${options.nodeCount}${spares}; election timeout ${timeoutMs}-${2 * timeoutMs}ms, ` +
      `heartbeat ${options.heartbeatIntervalTicks * options.tickIntervalMs}ms, ` +
      `latency ${options.latencyMinMs}-${options.latencyMaxMs}ms; checkQuorum ${onOff(options.checkQuorum)}, ` +
      `preVote ${onOff(options.preVote)}, unsafe ${unsafe}; type help`,
  ];
}

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

export const labShellHelp = [
  'propose NODE VALUE           a client writes VALUE to key x through NODE (it must be the leader)',
  'propose NODE set K V | del K | get K   any key-value command',
  'timeout NODE                 NODE times out and starts an election',
  'add NODE [at NODE]           the leader (or the named node) adds NODE as a voter',
  'remove NODE [at NODE]        the leader (or the named node) removes voter NODE',
  'kill NODE | restart NODE     crash NODE (term, vote and log survive) / start it again',
  'pause NODE | resume NODE     freeze NODE (its messages wait) / let it go on',
  'disconnect NODE | reconnect NODE   cut / restore every link of NODE',
  'partition n1,n2 | n3,n4,n5   split the network into groups',
  'heal                         end partitions, restore every cut link',
  'cut A B | uncut A B          lose / restore messages from A to B only',
  'net drop P | net duplicate P | net reorder P   P as 10%, 2.5% or 1/20, on every link',
  'net delay MIN-MAX            one-way latency, e.g. net delay 10ms-26ms',
  'wait DURATION                advance virtual time: 500ms, 3s, 1m',
  'inspect [NODE]               every node (or one): role, term, vote, commit index, log',
  'help                         this list; lines starting with # are comments',
].join('\n');

/** A line translated for `labCommand`, the node it is about, or a usage error. */
type Translation =
  | { readonly kind: 'lab'; readonly line: string; readonly node: string | null }
  | { readonly kind: 'local'; readonly node: string | null; readonly run: (shell: LabShell) => Answer }
  | { readonly kind: 'usage'; readonly error: string; readonly node: string | null };

interface Answer {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const nodeVerbs: Readonly<Record<string, string>> = {
  timeout: 'timeout',
  kill: 'crash',
  crash: 'crash',
  restart: 'restart',
  pause: 'pause',
  resume: 'resume',
  disconnect: 'disconnect',
  reconnect: 'reconnect',
};

/** Runs one line; null for a comment or an empty line (nothing to answer). Never throws on input. */
export function labShellLine(shell: LabShell, line: string): ShellLineResult | null {
  const command = line.trim();
  if (command === '' || command.startsWith('#')) return null;
  const atMs = shell.lab.world.nowMs;
  const translation = translate(command);
  const answer = answerOf(shell, translation);
  return { atMs, node: translation.node, command, ...answer };
}

function answerOf(shell: LabShell, translation: Translation): Answer {
  if (translation.kind === 'usage')
    return { exitCode: shellExitUsage, stdout: '', stderr: line(translation.error) };
  if (translation.kind === 'local') return translation.run(shell);
  const world = shell.lab.world;
  const violationsBefore = world.violations.length;
  const result = labCommand(shell.lab, translation.line);
  const found = world.violations
    .slice(violationsBefore)
    .flatMap((event) =>
      event.kind === 'violation' ? [`VIOLATION ${event.invariant}: ${event.message}`] : [],
    );
  const text = result.text
    .split('\n')
    .filter((each) => !each.startsWith('VIOLATION '))
    .join('\n');
  if (found.length > 0) {
    return { exitCode: shellExitViolation, stdout: line([text, ...found].join('\n')), stderr: '' };
  }
  if (result.ok) return { exitCode: 0, stdout: line(text), stderr: '' };
  return { exitCode: shellExitRefused, stdout: '', stderr: line(text) };
}

function line(text: string): string {
  if (text === '') return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

function translate(command: string): Translation {
  const words = command.split(/\s+/);
  const verb = words[0] as string;
  const rest = words.slice(1);
  const usage = (error: string, node: string | null = null): Translation => ({ kind: 'usage', error, node });
  const labVerb = Object.hasOwn(nodeVerbs, verb) ? nodeVerbs[verb] : undefined;
  if (labVerb !== undefined) {
    if (rest.length !== 1) return usage(`${verb} takes one node, e.g. ${verb} n1`);
    return { kind: 'lab', line: `${labVerb} ${rest[0]}`, node: rest[0] as string };
  }
  switch (verb) {
    case 'propose':
      return translatePropose(rest);
    case 'add':
    case 'remove': {
      const parsed = parseMembershipArguments(verb, rest);
      if (typeof parsed === 'string') return usage(parsed);
      const at = parsed.at === null ? '' : ` at ${parsed.at}`;
      return { kind: 'lab', line: `${verb} ${parsed.node}${at}`, node: parsed.node };
    }
    case 'partition': {
      const groups = parsePartition(rest.join(' '));
      if (typeof groups === 'string') return usage(groups);
      return {
        kind: 'lab',
        line: `partition ${groups.map((group) => group.join(',')).join(' | ')}`,
        node: null,
      };
    }
    case 'heal':
      return rest.length === 0 ? { kind: 'lab', line: 'heal', node: null } : usage('heal takes no arguments');
    case 'cut':
    case 'uncut':
      if (rest.length !== 2) return usage(`${verb} takes two nodes: ${verb} FROM TO`);
      return { kind: 'lab', line: `${verb} ${rest[0]} ${rest[1]}`, node: null };
    case 'net':
      return translateNet(rest);
    case 'wait': {
      const durationMs = rest.length === 1 ? parseDuration(rest[0] as string) : null;
      if (durationMs === null) return usage('wait takes one duration, e.g. wait 500ms or wait 3s');
      return { kind: 'lab', line: `run ${durationMs}ms`, node: null };
    }
    case 'inspect':
      if (rest.length > 1) return usage('inspect takes at most one node');
      return { kind: 'local', node: rest[0] ?? null, run: (shell) => inspectAnswer(shell, rest[0] ?? null) };
    case 'help':
      return {
        kind: 'local',
        node: null,
        run: () => ({ exitCode: 0, stdout: line(labShellHelp), stderr: '' }),
      };
    default:
      return usage(`unknown command "${verb}"; type help for the list`);
  }
}

function translatePropose(rest: readonly string[]): Translation {
  const node = rest[0] ?? null;
  const words = rest.slice(1);
  if (node === null || words.length === 0) {
    return { kind: 'usage', error: 'propose takes a node and a value, e.g. propose n1 42', node };
  }
  const kvText = words.length === 1 ? `set x ${words[0]}` : words.join(' ');
  const parsed = parseKvCommand(kvText);
  if (typeof parsed === 'string') return { kind: 'usage', error: `propose: ${parsed}`, node };
  return { kind: 'lab', line: `propose ${node} ${kvText}`, node };
}

function translateNet(rest: readonly string[]): Translation {
  const [setting, value, ...extra] = rest;
  const usage = (error: string): Translation => ({ kind: 'usage', error, node: null });
  const settings = 'net drop P, net duplicate P, net reorder P or net delay MIN-MAX';
  if (setting === undefined || value === undefined || extra.length > 0) return usage(`usage: ${settings}`);
  if (setting === 'drop' || setting === 'duplicate' || setting === 'reorder') {
    const ratio = parseRatio(value);
    if (typeof ratio === 'string') return usage(ratio);
    return { kind: 'lab', line: `${setting} ${value}`, node: null };
  }
  if (setting === 'delay') {
    const delay = /^(\d{1,8})(?:ms)?(?:-(\d{1,8})(?:ms)?)?$/.exec(value);
    if (delay === null) return usage(`cannot read "${value}" as a delay: write 10ms-26ms, 10-26 or 20ms`);
    const minMs = delay[1] as string;
    return { kind: 'lab', line: `delay ${minMs}-${delay[2] ?? minMs}`, node: null };
  }
  return usage(`unknown network setting "${setting}"; ${settings}`);
}

function inspectAnswer(shell: LabShell, nodeId: string | null): Answer {
  const view = labInspect(shell.lab);
  if (nodeId === null) {
    if (shell.json) return { exitCode: 0, stdout: line(JSON.stringify(view)), stderr: '' };
    return { exitCode: 0, stdout: line(`${formatLabView(view)}\n${clientSummary(view)}`), stderr: '' };
  }
  const node = view.nodes.find((each) => each.id === nodeId);
  if (node === undefined) {
    const known = view.nodes.map((each) => each.id).join(', ');
    return {
      exitCode: shellExitRefused,
      stdout: '',
      stderr: line(`no such node: ${nodeId} (nodes are ${known})`),
    };
  }
  if (shell.json) return { exitCode: 0, stdout: line(JSON.stringify(node)), stderr: '' };
  const text = formatLabView({ ...view, nodes: [node] }, view.nodes.length);
  return { exitCode: 0, stdout: line(text), stderr: '' };
}

/** "client: 7 operations (4 ok, 2 fail, 0 info, 1 pending); linearizable: ok". */
export function clientSummary(view: LabView): string {
  const count = (status: string) => view.client.filter((operation) => operation.status === status).length;
  const check = checkLinearizability(view.client);
  const verdict = check.outcome === 'ok' ? 'ok' : `${check.outcome}: ${check.message}`;
  return (
    `client: ${view.client.length} operations (${count('ok')} ok, ${count('fail')} fail, ` +
    `${count('info')} info, ${count('pending')} pending); linearizable: ${verdict}`
  );
}
