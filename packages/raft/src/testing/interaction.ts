import type { TestNetwork } from './network.js';

/**
 * Interaction tests in etcd's datadriven style (raft.md §1.5). A script is a series of stanzas:
 *
 *     # comment lines are kept
 *     campaign n1
 *     ----
 *     <expected output, or "ok" when there is none>
 *
 * Each command runs against one in-memory `TestNetwork`; its output is the network's trace
 * lines produced while it ran plus whatever the handler prints. `runScript` returns the script
 * re-rendered with the actual outputs, so a test compares it with the file itself
 * (`toMatchFileSnapshot`), and `vitest -u` rewrites the expectations: accept only diffs you
 * understand.
 */
export interface InteractionEnvironment {
  network: TestNetwork | null;
}

/** A parsed command line: `name positional… key=value…`. */
export interface CommandLine {
  readonly name: string;
  readonly positional: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

/** Runs one command; returns lines to print after the trace lines. Throws on bad input. */
export type CommandHandler = (environment: InteractionEnvironment, command: CommandLine) => string[];

export interface Stanza {
  readonly comments: readonly string[];
  readonly command: string;
}

const separator = '----';

export function parseScript(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  const lines = text.split('\n');
  let comments: string[] = [];
  let position = 0;
  while (position < lines.length) {
    const line = lines[position]!.trimEnd();
    position++;
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.push(line);
      continue;
    }
    stanzas.push({ comments, command: line });
    comments = [];
    if (lines[position]?.trimEnd() === separator) {
      position++;
      // Skip the old expected output: up to the next blank line.
      while (position < lines.length && lines[position]!.trim() !== '') position++;
    }
  }
  return stanzas;
}

export function parseCommandLine(line: string): CommandLine {
  const words = line.split(/\s+/).filter((word) => word.length > 0);
  const [name, ...rest] = words;
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (const word of rest) {
    const equals = word.indexOf('=');
    if (equals > 0) options[word.slice(0, equals)] = word.slice(equals + 1);
    else positional.push(word);
  }
  return { name: name ?? '', positional, options };
}

/** Runs every stanza and renders the script with the actual outputs. */
export function runScript(text: string, handlers: Readonly<Record<string, CommandHandler>>): string {
  const environment: InteractionEnvironment = { network: null };
  const rendered: string[] = [];
  for (const stanza of parseScript(text)) {
    const output = runCommand(environment, stanza.command, handlers);
    rendered.push(
      [...stanza.comments, stanza.command, separator, ...(output.length > 0 ? output : ['ok'])].join('\n'),
    );
  }
  return `${rendered.join('\n\n')}\n`;
}

function runCommand(
  environment: InteractionEnvironment,
  line: string,
  handlers: Readonly<Record<string, CommandHandler>>,
): string[] {
  const command = parseCommandLine(line);
  const handler = handlers[command.name];
  if (handler === undefined) return [`error: unknown command "${command.name}"`];
  const traceStart = environment.network?.trace.length ?? 0;
  try {
    const printed = handler(environment, command);
    const network = environment.network;
    const traced = network === null ? [] : network.trace.slice(command.name === 'add-nodes' ? 0 : traceStart);
    return [...traced, ...printed];
  } catch (error) {
    return [`error: ${error instanceof Error ? error.message : String(error)}`];
  }
}
