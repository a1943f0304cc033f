/**
 * Scenario and lesson files: the YAML an instructor writes to script a cluster, a timeline of
 * commands and faults, and expectations with time bounds (docs/scenarios.md). This module reads
 * one: YAML 1.2, a strict zod schema (unknown keys are errors, with a suggestion when close),
 * then the checks a schema cannot make (one cluster kind, conditions the cluster kind has,
 * `${var}` references to earlier captures, regular expressions that compile), and returns a
 * normalised `Scenario` (plain data, durations in ms) or every error with file, line, column
 * and key path.
 *
 * Files are data: nothing in them runs as code. Regular expressions are length-limited, checked
 * for nested quantifiers, and compiled here once to prove they are valid.
 *
 * Self-contained: the scenario runner builds on this module, never the other way round.
 */
import type { UnsafeSwitch } from '@swarmsim/raft';
import * as z from 'zod';
import { type FileError, fileError, formatFileErrors, sortFileErrors } from '../files/file-error.js';
import { closestMatch } from '../files/suggest.js';
import { durationMsSchema, type Ratio, ratioSchema } from '../files/values.js';
import {
  formatPath,
  type PathSegment,
  parseYamlSource,
  positionAt,
  type YamlSource,
} from '../files/yaml-source.js';
import {
  didYouMean,
  type KeyWording,
  oneOf,
  type ValidationContext,
  validateValue,
} from '../files/zod-errors.js';
import { assert } from '../kernel/assert.js';
import { parseMemoryBytes } from '../stack/compose-values.js';

// ---------------------------------------------------------------------------------------------
// The normalised scenario
// ---------------------------------------------------------------------------------------------

export interface Scenario {
  /** The file name it was read from, for reports. */
  readonly file: string;
  readonly version: 1;
  readonly title: string;
  /** What the scenario teaches. '' when not given. */
  readonly description: string;
  /** `demo` plays the steps; `exercise` makes the expectations goals a student reaches. */
  readonly mode: 'demo' | 'exercise';
  /** Drives every random choice; `--seed` overrides it. Default 1. */
  readonly seed: number;
  /** The scenario demonstrates a bug and passes when an expectation fails (e.g. Figure 8). */
  readonly expectFailure: boolean;
  readonly cluster: ClusterSetup;
  readonly network: NetworkSettings;
  readonly steps: readonly Step[];
}

export type ClusterSetup =
  /** A swarm already formed: `3m2w` is manager1–3 and worker1–2. */
  | {
      readonly kind: 'preset';
      readonly preset: string;
      readonly managers: number;
      readonly workers: number;
      readonly machines: readonly string[];
    }
  /** Bare machines with Docker engines, not yet in a swarm. */
  | { readonly kind: 'machines'; readonly machines: readonly MachineSpec[] }
  /** A bare Raft cluster of `size` nodes n1…nN (the Raft lab). */
  | {
      readonly kind: 'lab';
      readonly size: number;
      readonly nodes: readonly string[];
      readonly options: LabOptions;
    };

export interface MachineSpec {
  readonly name: string;
  /** null: assigned by the sandbox. */
  readonly ip: string | null;
  /** Whole CPUs; null: the sandbox default. */
  readonly cpus: number | null;
  readonly memoryBytes: number | null;
  /** Engine labels (constraints `engine.labels.K`). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Raft settings for the lab. null: the lab's default (SwarmKit's: checkQuorum on, preVote off). */
export interface LabOptions {
  readonly preVote: boolean | null;
  readonly checkQuorum: boolean | null;
  /** Classic bugs switched on for teaching. */
  readonly unsafe: readonly UnsafeSwitch[];
  readonly tickMs: number | null;
  readonly electionTimeoutTicks: number | null;
  readonly heartbeatIntervalTicks: number | null;
}

/** Link defaults for the whole network, in the kernel's terms; null: the world's default. */
export interface NetworkSettings {
  readonly latency: {
    readonly minMs: number;
    readonly maxMs: number;
    readonly distribution: 'uniform' | 'constant' | 'exponential';
  } | null;
  readonly drop: Ratio | null;
  readonly duplicate: Ratio | null;
  readonly reorder: Ratio | null;
}

interface StepBase {
  /** 0-based position in `steps`. */
  readonly index: number;
  /** The line the step starts on, for reports. */
  readonly line: number;
  /** Shown in demo mode before the step runs. */
  readonly note: string | null;
}

/** A shell line on a machine: a docker command or a sandbox command (`kill manager1`). */
export interface RunStep extends StepBase {
  readonly kind: 'run';
  readonly command: string;
  /** The machine whose shell runs it; null: the current one. */
  readonly on: string | null;
  readonly expect: CommandExpectation | null;
  readonly captures: readonly Capture[];
  readonly hint: string | null;
}

/** Lets virtual time pass. */
export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  readonly durationMs: number;
}

/** Conditions that must become true `within` a time, or hold `during` it. All must hold. */
export interface ExpectStep extends StepBase {
  readonly kind: 'expect';
  readonly timing: 'within' | 'during';
  readonly durationMs: number;
  readonly conditions: readonly Condition[];
  readonly hint: string | null;
}

export type Step = RunStep | WaitStep | ExpectStep;

export interface CommandExpectation {
  readonly exitCode: number | null;
  /** All must match. */
  readonly stdout: readonly TextMatch[];
  readonly stderr: readonly TextMatch[];
}

export interface TextMatch {
  readonly kind: 'contains' | 'matches' | 'equals';
  /** The text, or for `matches` a regular expression's source (compile with `compileScenarioPattern`). */
  readonly text: string;
}

/** Saves part of a run step's stdout as `${name}` for later steps: group 1, or the whole match. */
export interface Capture {
  readonly name: string;
  readonly pattern: string;
}

export type NodeStatus = 'ready' | 'down' | 'unknown' | 'disconnected';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeRole = 'manager' | 'worker';
export type ManagerStatus = 'leader' | 'reachable' | 'unreachable' | 'none';

export type Condition =
  /** `any`: some leader; `none`: no leader; `is`/`not`: the leader is (not) `node`. */
  | { readonly kind: 'leader'; readonly match: 'any' | 'none' | 'is' | 'not'; readonly node: string | null }
  | { readonly kind: 'quorum'; readonly state: 'ok' | 'lost' }
  | {
      readonly kind: 'node';
      readonly name: string;
      readonly status: NodeStatus | null;
      readonly availability: NodeAvailability | null;
      readonly role: NodeRole | null;
      readonly managerStatus: ManagerStatus | null;
    }
  | {
      readonly kind: 'service';
      readonly name: string;
      readonly running: number | null;
      readonly desired: number | null;
      readonly converged: boolean | null;
    }
  /** Lab only: `value` is committed on a majority of nodes, or on all of them. */
  | { readonly kind: 'committed'; readonly value: string; readonly on: 'majority' | 'all' };

export type ScenarioError = FileError;

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

export const stepsMax = 500;
export const machinesMax = 32;
export const labSizeMax = 9;
export const presetManagersMax = 7;
export const presetWorkersMax = 20;
/** A regular expression longer than this is refused: patterns in lessons are short. */
export const patternLengthMax = 200;
/** Every duration in a file is at most a day of virtual time. */
export const durationMsMax = 86_400_000;

/** The unsafe switches a lab may turn on (a test checks this lists every `UnsafeSwitch`). */
export const scenarioUnsafeSwitches = [
  'commitPreviousTermByCount',
  'voteWithoutLogCheck',
  'forgetVoteOnRestart',
  'concurrentMembershipChanges',
] as const satisfies readonly UnsafeSwitch[];

// ---------------------------------------------------------------------------------------------
// Schemas (also published as scenario/schema.json)
// ---------------------------------------------------------------------------------------------

const text = () => z.string().min(1);
const duration = () =>
  durationMsSchema().refine((durationMs) => durationMs > 0 && durationMs <= durationMsMax, {
    error: 'expected a duration above 0 and at most 24h',
  });

const textMatch = z
  .strictObject({
    contains: z.string().optional().describe('The output contains this text.'),
    matches: text().optional().describe('The output matches this regular expression.'),
    equals: z.string().optional().describe('The output is exactly this text.'),
  })
  .describe('Checks on an output stream; all given must hold.');

const commandExpectation = z
  .strictObject({
    exitCode: z.int().min(0).max(255).optional(),
    stdout: textMatch.optional(),
    stderr: textMatch.optional(),
  })
  .describe('What the command must produce.');

const leaderCondition = oneOf(
  [text(), z.strictObject({ not: text() })],
  'any, none, a node name or {not: name}',
).describe('any, none, a node name, or {not: name}.');

const nodeCondition = z.strictObject({
  name: text(),
  status: z.enum(['ready', 'down', 'unknown', 'disconnected']).optional(),
  availability: z.enum(['active', 'pause', 'drain']).optional(),
  role: z.enum(['manager', 'worker']).optional(),
  managerStatus: z.enum(['leader', 'reachable', 'unreachable', 'none']).optional(),
});

const serviceCondition = z.strictObject({
  name: text(),
  running: z.int().min(0).optional().describe('Tasks running.'),
  desired: z.int().min(0).optional().describe('Tasks desired.'),
  converged: z.boolean().optional(),
});

const committedCondition = z.strictObject({
  value: oneOf([z.string(), z.number()], 'a value').transform(String),
  on: z.enum(['majority', 'all']).optional().describe('Default: majority.'),
});

const conditionKeys = ['leader', 'quorum', 'node', 'service', 'committed'] as const;

const conditionExpectation = z
  .strictObject({
    within: duration().optional().describe('The conditions become true by then.'),
    during: duration().optional().describe('The conditions hold throughout.'),
    leader: leaderCondition.optional(),
    quorum: z.enum(['ok', 'lost']).optional(),
    node: nodeCondition.optional(),
    service: serviceCondition.optional(),
    committed: committedCondition.optional().describe('Raft lab only.'),
  })
  .describe('Conditions on the cluster, with `within` or `during`.');

const note = z.string().optional().describe('Shown in demo mode before the step runs.');
const hint = z.string().optional().describe('Shown to a student working towards this goal.');

const runStep = z
  .strictObject({
    run: text().describe('A shell line: a docker command or a sandbox command.'),
    on: text().optional().describe('The machine whose shell runs it (default: the current one).'),
    expect: commandExpectation.optional(),
    capture: z
      .record(z.string(), text())
      .optional()
      .describe(`name: regular expression; group 1 (or the whole match) of stdout becomes \${name}.`),
    hint,
    note,
  })
  .meta({ title: 'Run a command' });

const waitStep = z.strictObject({ wait: duration(), note }).meta({ title: 'Let time pass' });

const expectStep = z.strictObject({ expect: conditionExpectation, hint, note }).meta({ title: 'Expect' });

const stepKinds = ['run', 'wait', 'expect'] as const;
const stepSchemas = { run: runStep, wait: waitStep, expect: expectStep } as const;

const machine = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, {
    error: 'a machine name is lower-case letters, digits and -, starting with a letter (at most 32)',
  }),
  ip: z
    .ipv4({
      error: (issue) => `expected an IPv4 address such as 10.0.0.5, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  cpus: z.int().min(1).max(64).optional(),
  memory: z
    .string()
    .transform((value, context) => {
      const parsed = parseMemoryBytes(value);
      if (parsed.ok) return parsed.value;
      context.issues.push({ code: 'custom', input: value, message: parsed.message });
      return z.NEVER;
    })
    .optional()
    .describe('A size such as 2G or 512M.'),
  labels: z.record(z.string(), z.string()).optional().describe('Engine labels.'),
});

const labOptions = z.strictObject({
  preVote: z.boolean().optional(),
  checkQuorum: z.boolean().optional(),
  unsafe: z.array(z.enum(scenarioUnsafeSwitches)).optional().describe('Classic Raft bugs to switch on.'),
  timing: z
    .strictObject({
      tick: duration().optional(),
      electionTimeoutTicks: z.int().min(1).max(1000).optional(),
      heartbeatIntervalTicks: z.int().min(1).max(1000).optional(),
    })
    .optional(),
});

const latency = oneOf(
  [
    duration(),
    z.strictObject({
      min: durationMsSchema(),
      max: durationMsSchema(),
      distribution: z.enum(['uniform', 'constant', 'exponential']).optional(),
    }),
  ],
  'a duration or {min, max, distribution}',
);

const networkSettings = z.strictObject({
  latency: latency.optional().describe('One-way latency: a fixed duration, or {min, max, distribution}.'),
  drop: ratioSchema().optional().describe('Chance a message is lost.'),
  duplicate: ratioSchema().optional().describe('Chance a message is delivered twice.'),
  reorder: ratioSchema().optional().describe('Chance a message may overtake earlier ones.'),
});

const presetPattern = /^([1-9])m(\d{1,2})w$/;

function scenarioFileSchema<Step extends z.ZodType>(step: Step) {
  return z.strictObject({
    version: z.literal(1).describe('The scenario format version.'),
    title: text(),
    description: z.string().optional().describe('What the scenario teaches.'),
    mode: z.enum(['demo', 'exercise']).optional().describe('Default: demo.'),
    seed: z.int().min(0).optional().describe('Drives every random choice; --seed overrides it. Default: 1.'),
    expectFailure: z
      .boolean()
      .optional()
      .describe('The scenario demonstrates a bug: it passes when an expectation fails.'),
    preset: z
      .string()
      .regex(presetPattern, {
        error: (issue) =>
          `expected a preset such as 3m2w (3 managers, 2 workers), got ${JSON.stringify(issue.input)}`,
      })
      .optional()
      .describe('A formed swarm: <managers>m<workers>w.'),
    machines: z
      .array(machine)
      .min(1)
      .max(machinesMax)
      .optional()
      .describe('Bare machines, not yet in a swarm.'),
    lab: z.int().min(1).max(labSizeMax).optional().describe('A bare Raft cluster of this many nodes, n1…nN.'),
    options: labOptions.optional().describe('Raft lab settings.'),
    network: networkSettings.optional(),
    steps: z.array(step).min(1).max(stepsMax),
  });
}

/** What `parseScenarioFile` validates first; steps are validated one by one, by kind. */
const scenarioFile = scenarioFileSchema(z.unknown());

/** The file format as a JSON Schema, for editors (published as scenario/schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = scenarioFileSchema(z.union([runStep, waitStep, expectStep])).meta({
    title: 'swarmsim scenario',
    description: 'A scenario or lesson for the swarmsim sandbox (docs/scenarios.md).',
  });
  return z.toJSONSchema(schema, { io: 'input' });
}

// ---------------------------------------------------------------------------------------------
// Reading a file
// ---------------------------------------------------------------------------------------------

export const scenarioKeyWording: KeyWording = {
  unknownKey: (key, suggestion) => `unknown key ${JSON.stringify(key)}${didYouMean(suggestion)}`,
  missingKey: (key) => `missing required key ${JSON.stringify(key)}`,
};

type RawFile = z.output<typeof scenarioFile>;
type RawStep =
  | { readonly kind: 'run'; readonly value: z.output<typeof runStep> }
  | { readonly kind: 'wait'; readonly value: z.output<typeof waitStep> }
  | { readonly kind: 'expect'; readonly value: z.output<typeof expectStep> };

export function parseScenarioFile(text: string, fileName: string): ScenarioResult {
  const parsed = parseYamlSource(text, fileName, 'yaml-1.2');
  if (!parsed.ok) return parsed;
  const source = parsed.source;
  const context: ValidationContext = { source, wording: scenarioKeyWording };
  const keyErrors = source.nonStringKeys.map((key) =>
    fileError(fileName, key.position, formatPath(key.parentPath), `expected a text key, got ${key.rendered}`),
  );
  const file = validateValue(scenarioFile, source.data, [], context);
  const errors: FileError[] = [...keyErrors, ...(file.ok ? [] : file.errors)];
  // Steps are read even when the rest of the file has errors, so that one run reports both.
  const rawSteps = (source.data as { steps?: unknown } | null)?.steps;
  const steps: RawStep[] = [];
  (Array.isArray(rawSteps) ? rawSteps.slice(0, stepsMax) : []).forEach((step, index) => {
    const read = readStep(step, index, context);
    if (read.ok) steps.push(read.step);
    else errors.push(...read.errors);
  });
  if (!file.ok || errors.length > 0) return { ok: false, errors: sortFileErrors(errors) };
  errors.push(...checkScenario(file.value, steps, source));
  if (errors.length > 0) return { ok: false, errors: sortFileErrors(errors) };
  return { ok: true, scenario: normaliseScenario(file.value, steps, source) };
}

export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return formatFileErrors(errors);
}

/** A step is a run, a wait or an expect, told apart by which of those keys it has. */
function readStep(
  step: unknown,
  index: number,
  context: ValidationContext,
): { ok: true; step: RawStep } | { ok: false; errors: FileError[] } {
  const path: PathSegment[] = ['steps', index];
  const at = (message: string, where: readonly PathSegment[] = path) =>
    fileError(context.source.fileName, positionAt(context.source, where), formatPath(path), message);
  if (typeof step !== 'object' || step === null || Array.isArray(step)) {
    return { ok: false, errors: [at('expected a mapping with run, wait or expect')] };
  }
  const keys = Object.keys(step);
  const actions = stepKinds.filter(
    (kind) => keys.includes(kind) && !(kind === 'expect' && keys.includes('run')),
  );
  const kind = actions[0];
  if (kind === undefined) {
    const misspelt = keys.find((key) => closestMatch(key, stepKinds) !== null);
    if (misspelt === undefined) return { ok: false, errors: [at('a step needs one of run, wait or expect')] };
    return {
      ok: false,
      errors: [
        at(scenarioKeyWording.unknownKey(misspelt, closestMatch(misspelt, stepKinds)), [...path, misspelt]),
      ],
    };
  }
  if (actions.length > 1)
    return { ok: false, errors: [at(`a step does one thing: ${actions.join(' and ')} cannot be combined`)] };
  const validated = validateValue(stepSchemas[kind], step, path, context);
  if (!validated.ok) return { ok: false, errors: [...validated.errors] };
  return { ok: true, step: { kind, value: validated.value } as RawStep };
}

// ---------------------------------------------------------------------------------------------
// Checks a schema cannot make
// ---------------------------------------------------------------------------------------------

type Report = (path: readonly PathSegment[], message: string) => void;

function checkScenario(file: RawFile, steps: readonly RawStep[], source: YamlSource): FileError[] {
  const errors: FileError[] = [];
  const report: Report = (path, message) =>
    errors.push(fileError(source.fileName, positionAt(source, path), formatPath(path), message));
  const cluster = checkCluster(file, report);
  checkNetwork(file, report);
  const captured: string[] = [];
  steps.forEach((step, index) => {
    const path: PathSegment[] = ['steps', index];
    if (step.kind === 'expect')
      checkConditionExpectation(step.value.expect, [...path, 'expect'], cluster, report);
    if (step.kind === 'run') checkRunStep(step.value, path, report);
    checkVariables(step.value, path, captured, report);
    if (step.kind === 'run') captured.push(...Object.keys(step.value.capture ?? {}));
  });
  const goals = steps.filter(
    (step) => step.kind === 'expect' || (step.kind === 'run' && step.value.expect !== undefined),
  );
  if (file.mode === 'exercise' && goals.length === 0) {
    report(['mode'], 'an exercise needs at least one goal: an expect step, or a run step with expect');
  }
  return errors;
}

type ClusterKind = { kind: 'swarm' } | { kind: 'lab'; nodes: readonly string[] };

function checkCluster(file: RawFile, report: Report): ClusterKind {
  const chosen = (['preset', 'machines', 'lab'] as const).filter((key) => file[key] !== undefined);
  if (chosen.length === 0) {
    report(
      [],
      'choose a cluster: add preset (a formed swarm), machines (bare machines) or lab (a Raft cluster)',
    );
  }
  if (chosen.length > 1)
    report([chosen[1] as string], `choose one cluster: ${chosen.join(' and ')} cannot be combined`);
  if (file.options !== undefined && file.lab === undefined) {
    report(['options'], 'options are Raft lab settings: use them with lab');
  }
  const timing = file.options?.timing;
  if (
    timing?.heartbeatIntervalTicks !== undefined &&
    timing.electionTimeoutTicks !== undefined &&
    timing.heartbeatIntervalTicks >= timing.electionTimeoutTicks
  ) {
    report(['options', 'timing', 'heartbeatIntervalTicks'], 'must be less than electionTimeoutTicks');
  }
  const preset = file.preset === undefined ? null : presetPattern.exec(file.preset);
  if (preset !== null && Number(preset[1]) > presetManagersMax) {
    report(['preset'], `a preset has at most ${presetManagersMax} managers`);
  }
  if (preset !== null && Number(preset[2]) > presetWorkersMax) {
    report(['preset'], `a preset has at most ${presetWorkersMax} workers`);
  }
  checkMachines(file.machines ?? [], report);
  if (file.lab !== undefined && chosen.length === 1) return { kind: 'lab', nodes: labNodes(file.lab) };
  return { kind: 'swarm' };
}

function checkMachines(machines: RawFile['machines'] & object, report: Report): void {
  const names: string[] = [];
  const addresses: string[] = [];
  machines.forEach((machine, index) => {
    if (names.includes(machine.name))
      report(['machines', index, 'name'], `duplicate machine name "${machine.name}"`);
    names.push(machine.name);
    if (machine.ip === undefined) return;
    if (addresses.includes(machine.ip)) report(['machines', index, 'ip'], `duplicate address ${machine.ip}`);
    addresses.push(machine.ip);
  });
}

function checkNetwork(file: RawFile, report: Report): void {
  const latency = file.network?.latency;
  if (typeof latency === 'object' && latency.min > latency.max) {
    report(['network', 'latency', 'min'], 'must not be more than max');
  }
}

function labNodes(size: number): string[] {
  return Array.from({ length: size }, (_, index) => `n${index + 1}`);
}

function checkConditionExpectation(
  expectation: z.output<typeof conditionExpectation>,
  path: readonly PathSegment[],
  cluster: ClusterKind,
  report: Report,
): void {
  if (expectation.within === undefined && expectation.during === undefined) {
    report(path, 'add within (the conditions become true by then) or during (they hold throughout)');
  }
  if (expectation.within !== undefined && expectation.during !== undefined) {
    report([...path, 'during'], 'use within or during, not both');
  }
  const present = conditionKeys.filter((key) => expectation[key] !== undefined);
  if (present.length === 0) report(path, `add a condition: ${conditionKeys.join(', ')}`);
  for (const key of present) {
    if (cluster.kind === 'lab' && (key === 'node' || key === 'service')) {
      report(
        [...path, key],
        `the ${key} condition needs a swarm; this scenario is a Raft lab (lab: ${cluster.nodes.length})`,
      );
    }
    if (cluster.kind === 'swarm' && key === 'committed') {
      report([...path, key], 'the committed condition needs a Raft lab (lab: N); this scenario runs a swarm');
    }
  }
  const onlyName = (condition: object | undefined) =>
    condition !== undefined && Object.keys(condition).every((key) => key === 'name');
  if (onlyName(expectation.node))
    report([...path, 'node'], 'add what to check: status, availability, role or managerStatus');
  if (onlyName(expectation.service))
    report([...path, 'service'], 'add what to check: running, desired or converged');
  if (cluster.kind === 'lab' && expectation.leader !== undefined) {
    const node = typeof expectation.leader === 'string' ? expectation.leader : expectation.leader.not;
    const nodePath =
      typeof expectation.leader === 'string' ? [...path, 'leader'] : [...path, 'leader', 'not'];
    const known = node === 'any' || node === 'none' || node.includes('${') || cluster.nodes.includes(node);
    if (!known) {
      const last = cluster.nodes[cluster.nodes.length - 1];
      const message = `unknown node "${node}": the lab's nodes are n1 to ${last}`;
      report(nodePath, `${message}${didYouMean(closestMatch(node, cluster.nodes))}`);
    }
  }
}

function checkRunStep(step: z.output<typeof runStep>, path: readonly PathSegment[], report: Report): void {
  const expectation = step.expect;
  if (expectation !== undefined) {
    if (Object.keys(expectation).length === 0) report([...path, 'expect'], 'add exitCode, stdout or stderr');
    for (const stream of ['stdout', 'stderr'] as const) {
      const match = expectation[stream];
      const matchPath = [...path, 'expect', stream];
      if (match !== undefined && Object.keys(match).length === 0)
        report(matchPath, 'add contains, matches or equals');
      if (match?.matches !== undefined) checkPattern(match.matches, [...matchPath, 'matches'], report);
    }
  }
  if (step.hint !== undefined && expectation === undefined) {
    report([...path, 'hint'], 'a hint belongs to a goal: add expect to this step');
  }
  for (const [name, pattern] of Object.entries(step.capture ?? {})) {
    const capturePath = [...path, 'capture', name];
    if (!variableNamePattern.test(name)) {
      report(capturePath, `a capture name is letters, digits and _, not starting with a digit: "${name}"`);
    }
    checkPattern(pattern, capturePath, report);
  }
}

const variableNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `(a+)+`, `(.*)*`, `(x+){2,}`: a quantified group holding a quantifier can backtrack exponentially. */
const nestedQuantifierPattern = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

function checkPattern(pattern: string, path: readonly PathSegment[], report: Report): void {
  const problem = patternProblem(pattern);
  if (problem !== null) report(path, problem);
}

/** Why `pattern` is refused as a regular expression in a scenario, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > patternLengthMax) {
    return `a regular expression is at most ${patternLengthMax} characters, this one has ${pattern.length}`;
  }
  if (nestedQuantifierPattern.test(pattern)) {
    return 'a quantified group that holds a quantifier, such as (a+)+, can take exponential time: simplify it';
  }
  try {
    new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
  return null;
}

/** Compiles a pattern `parseScenarioFile` accepted (it is known to be valid). */
export function compileScenarioPattern(pattern: string): RegExp {
  const problem = patternProblem(pattern);
  if (problem !== null) throw new Error(`scenario pattern was not validated: ${problem}`);
  return new RegExp(pattern);
}

/** Bounds the walk over one step's values. */
const stepValuesMax = 10_000;

/** Every `${name}` in a step's text must name a capture made by an earlier step. */
function checkVariables(
  step: object,
  path: readonly PathSegment[],
  captured: readonly string[],
  report: Report,
): void {
  const pending: { value: unknown; path: PathSegment[] }[] = [{ value: step, path: [...path] }];
  for (let visited = 0; pending.length > 0 && visited < stepValuesMax; visited++) {
    const { value, path: valuePath } = pending.pop() as { value: unknown; path: PathSegment[] };
    if (typeof value === 'string') checkReferences(value, valuePath, captured, report);
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      if (valuePath.length === path.length && key === 'capture') continue;
      pending.push({ value: child, path: [...valuePath, Array.isArray(value) ? Number(key) : key] });
    }
  }
}

function checkReferences(
  value: string,
  path: readonly PathSegment[],
  captured: readonly string[],
  report: Report,
): void {
  for (let at = value.indexOf('${'); at >= 0; at = value.indexOf('${', at + 2)) {
    const end = value.indexOf('}', at);
    const name = end < 0 ? '' : value.slice(at + 2, end);
    if (!variableNamePattern.test(name)) {
      report(path, `"\${" starts a variable: write \${name}, where an earlier step captures name`);
      continue;
    }
    if (!captured.includes(name)) {
      const suggestion = didYouMean(closestMatch(name, captured));
      report(path, `unknown variable \${${name}}: no earlier step captures "${name}"${suggestion}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

function normaliseScenario(file: RawFile, steps: readonly RawStep[], source: YamlSource): Scenario {
  assert(steps.length === file.steps.length, 'every step of a valid file was read');
  return {
    file: source.fileName,
    version: 1,
    title: file.title,
    description: file.description ?? '',
    mode: file.mode ?? 'demo',
    seed: file.seed ?? 1,
    expectFailure: file.expectFailure ?? false,
    cluster: normaliseCluster(file),
    network: normaliseNetwork(file.network),
    steps: steps.map((step, index) => normaliseStep(step, index, positionAt(source, ['steps', index]).line)),
  };
}

function normaliseCluster(file: RawFile): ClusterSetup {
  if (file.lab !== undefined) {
    const options = file.options ?? {};
    return {
      kind: 'lab',
      size: file.lab,
      nodes: labNodes(file.lab),
      options: {
        preVote: options.preVote ?? null,
        checkQuorum: options.checkQuorum ?? null,
        unsafe: options.unsafe ?? [],
        tickMs: options.timing?.tick ?? null,
        electionTimeoutTicks: options.timing?.electionTimeoutTicks ?? null,
        heartbeatIntervalTicks: options.timing?.heartbeatIntervalTicks ?? null,
      },
    };
  }
  if (file.machines !== undefined) {
    const machines = file.machines.map((machine) => ({
      name: machine.name,
      ip: machine.ip ?? null,
      cpus: machine.cpus ?? null,
      memoryBytes: machine.memory ?? null,
      labels: machine.labels ?? {},
    }));
    return { kind: 'machines', machines };
  }
  const [, managers, workers] = presetPattern.exec(file.preset ?? '') ?? [];
  const count = { managers: Number(managers), workers: Number(workers) };
  const names = [
    ...Array.from({ length: count.managers }, (_, index) => `manager${index + 1}`),
    ...Array.from({ length: count.workers }, (_, index) => `worker${index + 1}`),
  ];
  return { kind: 'preset', preset: file.preset ?? '', ...count, machines: names };
}

function normaliseNetwork(network: RawFile['network']): NetworkSettings {
  const latency = network?.latency;
  return {
    latency:
      latency === undefined
        ? null
        : typeof latency === 'number'
          ? { minMs: latency, maxMs: latency, distribution: 'constant' }
          : { minMs: latency.min, maxMs: latency.max, distribution: latency.distribution ?? 'uniform' },
    drop: network?.drop ?? null,
    duplicate: network?.duplicate ?? null,
    reorder: network?.reorder ?? null,
  };
}

function normaliseStep(step: RawStep, index: number, line: number): Step {
  const base = { index, line, note: step.value.note ?? null };
  switch (step.kind) {
    case 'wait':
      return { ...base, kind: 'wait', durationMs: step.value.wait };
    case 'run': {
      const { run, on, expect, capture, hint } = step.value;
      return {
        ...base,
        kind: 'run',
        command: run,
        on: on ?? null,
        expect: expect === undefined ? null : normaliseCommandExpectation(expect),
        captures: Object.entries(capture ?? {}).map(([name, pattern]) => ({ name, pattern })),
        hint: hint ?? null,
      };
    }
    case 'expect': {
      const expectation = step.value.expect;
      const within = expectation.within;
      return {
        ...base,
        kind: 'expect',
        timing: within !== undefined ? 'within' : 'during',
        durationMs: within ?? expectation.during ?? 0,
        conditions: normaliseConditions(expectation),
        hint: step.value.hint ?? null,
      };
    }
  }
}

function normaliseCommandExpectation(expectation: z.output<typeof commandExpectation>): CommandExpectation {
  const matches = (match: z.output<typeof textMatch> | undefined): TextMatch[] =>
    (['contains', 'matches', 'equals'] as const).flatMap((kind) => {
      const value = match?.[kind];
      return value === undefined ? [] : [{ kind, text: value }];
    });
  return {
    exitCode: expectation.exitCode ?? null,
    stdout: matches(expectation.stdout),
    stderr: matches(expectation.stderr),
  };
}

function normaliseConditions(expectation: z.output<typeof conditionExpectation>): Condition[] {
  const conditions: Condition[] = [];
  const { leader, quorum, node, service, committed } = expectation;
  if (leader !== undefined) {
    if (typeof leader === 'object') conditions.push({ kind: 'leader', match: 'not', node: leader.not });
    else if (leader === 'any' || leader === 'none')
      conditions.push({ kind: 'leader', match: leader, node: null });
    else conditions.push({ kind: 'leader', match: 'is', node: leader });
  }
  if (quorum !== undefined) conditions.push({ kind: 'quorum', state: quorum });
  if (node !== undefined) {
    conditions.push({
      kind: 'node',
      name: node.name,
      status: node.status ?? null,
      availability: node.availability ?? null,
      role: node.role ?? null,
      managerStatus: node.managerStatus ?? null,
    });
  }
  if (service !== undefined) {
    const { name, running, desired, converged } = service;
    conditions.push({
      kind: 'service',
      name,
      running: running ?? null,
      desired: desired ?? null,
      converged: converged ?? null,
    });
  }
  if (committed !== undefined)
    conditions.push({ kind: 'committed', value: committed.value, on: committed.on ?? 'majority' });
  return conditions;
}
