/**
 * The lab's text commands, one line each, for a shell or a scenario file. Each line maps to
 * one operation in operations.ts; nothing here throws on bad input.
 */
import type { Ratio } from '../kernel/types.js';
import { parseDuration } from '../units.js';
import type { Lab } from './lab.js';
import {
  type LabResult,
  labAddVoter,
  labCrash,
  labCut,
  labDisconnect,
  labHeal,
  labNetwork,
  labPartition,
  labPause,
  labPropose,
  labReconnect,
  labRemoveVoter,
  labRestart,
  labResume,
  labRun,
  labTimeout,
  labUncut,
} from './operations.js';
import { formatLabView, labInspect } from './view.js';

export const labCommandHelp = [
  'propose NODE set KEY VALUE | del KEY | get KEY   a client command sent to NODE',
  'timeout NODE                 NODE times out and starts an election',
  'add NODE [at NODE]           the leader (or the named node) adds NODE as a voter',
  'remove NODE [at NODE]        the leader (or the named node) removes voter NODE',
  'crash NODE | restart NODE    lose volatile state / start again from persisted state',
  'pause NODE | resume NODE     freeze NODE (messages wait) / let it go on',
  'disconnect NODE | reconnect NODE',
  'partition n1,n2 | n3,n4,n5   split the network into groups; heal ends it',
  'heal                         end partitions and restore every cut link',
  'cut A B | uncut A B          lose / restore messages from A to B only',
  'drop P | duplicate P | reorder P   P as 10%, 2.5% or 1/20, on every link',
  'delay MIN-MAX | delay MS     one-way latency in milliseconds',
  'run DURATION                 advance virtual time: 500ms, 2s, 1m',
  'inspect                      every node: role, term, vote, commit, log',
].join('\n');

/** Parses "10%", "2.5%", "1/20" or "0" into a ratio; returns an error sentence otherwise. */
export function parseRatio(text: string): Ratio | string {
  const fraction = /^(\d{1,9})\/(\d{1,9})$/.exec(text);
  if (fraction !== null) {
    const numerator = Number(fraction[1]);
    const denominator = Number(fraction[2]);
    if (denominator === 0 || numerator > denominator) return `${text} is not a probability between 0 and 1`;
    return { numerator, denominator };
  }
  const percent = /^(\d{1,3})(?:\.(\d{1,3}))?%?$/.exec(text);
  if (percent === null) return `cannot read "${text}" as a probability: write 10%, 2.5% or 1/20`;
  const decimals = percent[2] ?? '';
  const denominator = 100 * 10 ** decimals.length;
  const numerator = Number(`${percent[1]}${decimals}`);
  if (numerator > denominator) return `${text} is more than 100%`;
  return { numerator, denominator };
}

function parseDelay(text: string): { minMs: number; maxMs: number } | string {
  const match = /^(\d{1,8})(?:ms)?(?:-(\d{1,8})(?:ms)?)?$/.exec(text);
  if (match === null) return `cannot read "${text}" as a delay: write 10-50 or 20 (milliseconds)`;
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  return { minMs, maxMs };
}

/** Reads "NODE" or "NODE at PROPOSER" after `add` / `remove`; an error sentence otherwise. */
export function parseMembershipArguments(
  verb: string,
  rest: readonly string[],
): { readonly node: string; readonly at: string | null } | string {
  if (rest.length === 1) return { node: rest[0] as string, at: null };
  if (rest.length === 3 && rest[1] === 'at') return { node: rest[0] as string, at: rest[2] as string };
  return `${verb} takes a node and optionally where to propose it: ${verb} n4 or ${verb} n4 at n1`;
}

/** Runs one line of the lab's command language. */
export function labCommand(lab: Lab, line: string): LabResult {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const [verb, ...rest] = words;
  if (verb === undefined) return { ok: false, text: 'empty command; try help' };
  const arity = (count: number): string | null =>
    rest.length === count ? null : `${verb} takes ${count} argument${count === 1 ? '' : 's'}`;
  const nodeCommands: Record<string, (target: Lab, node: string) => LabResult> = {
    timeout: labTimeout,
    crash: labCrash,
    restart: labRestart,
    pause: labPause,
    resume: labResume,
    disconnect: labDisconnect,
    reconnect: labReconnect,
  };
  const nodeCommand = Object.hasOwn(nodeCommands, verb) ? nodeCommands[verb] : undefined;
  if (nodeCommand !== undefined) {
    const error = arity(1);
    return error === null ? nodeCommand(lab, rest[0] as string) : { ok: false, text: error };
  }
  switch (verb) {
    case 'propose':
      if (rest.length < 2) return { ok: false, text: 'propose NODE COMMAND, e.g. propose n1 set x 1' };
      return labPropose(lab, rest[0] as string, rest.slice(1).join(' '));
    case 'add':
    case 'remove': {
      const parsed = parseMembershipArguments(verb, rest);
      if (typeof parsed === 'string') return { ok: false, text: parsed };
      return (verb === 'add' ? labAddVoter : labRemoveVoter)(lab, parsed.node, parsed.at);
    }
    case 'partition':
      return labPartition(lab, rest.join(' '));
    case 'heal':
      return arity(0) === null ? labHeal(lab) : { ok: false, text: 'heal takes no arguments' };
    case 'cut':
    case 'uncut': {
      const error = arity(2);
      if (error !== null) return { ok: false, text: `${error}: ${verb} FROM TO` };
      return (verb === 'cut' ? labCut : labUncut)(lab, rest[0] as string, rest[1] as string);
    }
    default:
      return networkOrTimeCommand(lab, verb, rest);
  }
}

function networkOrTimeCommand(lab: Lab, verb: string, rest: readonly string[]): LabResult {
  const argument = rest.length === 1 ? (rest[0] as string) : null;
  switch (verb) {
    case 'drop':
    case 'duplicate':
    case 'reorder': {
      if (argument === null) return { ok: false, text: `${verb} takes one probability, e.g. ${verb} 10%` };
      const ratio = parseRatio(argument);
      return typeof ratio === 'string' ? { ok: false, text: ratio } : labNetwork(lab, { [verb]: ratio });
    }
    case 'delay': {
      if (argument === null) return { ok: false, text: 'delay takes MIN-MAX or MS, e.g. delay 10-50' };
      const latency = parseDelay(argument);
      return typeof latency === 'string' ? { ok: false, text: latency } : labNetwork(lab, { latency });
    }
    case 'run': {
      const durationMs = argument === null ? null : parseDuration(argument);
      if (durationMs === null) return { ok: false, text: 'run takes a duration, e.g. run 500ms or run 2s' };
      return labRun(lab, durationMs);
    }
    case 'inspect':
      return { ok: true, text: formatLabView(labInspect(lab)) };
    case 'help':
      return { ok: true, text: labCommandHelp };
    default:
      return { ok: false, text: `unknown command "${verb}"; try help` };
  }
}
