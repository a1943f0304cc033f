/**
 * Docker's help text, rendered from the command table with docker/cli's cobra usage template
 * (`cli/cobra.go`) and pflag's `FlagUsagesWrapped` (flags sorted by name, descriptions aligned
 * and wrapped to the terminal width minus one, `(default …)` for non-zero defaults).
 */
import { type DockerCommandKey, dockerCommandGroups, dockerCommands } from './commands.js';
import type { CommandSpec, FlagSpec } from './spec.js';

/** docker/cli uses 80 columns when the terminal size is unknown. */
export const defaultHelpWidth = 80;
/** cobra's minimum name padding in command lists. */
const minimumNamePadding = 11;

export type GroupName = keyof typeof dockerCommandGroups;

/** `docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]` (cobra UseLine). */
export function useLine(spec: CommandSpec): string {
  return ['docker', ...spec.path.slice(0, -1), spec.use].join(' ');
}

/** `docker service create` (cobra CommandPath). */
export function commandPath(spec: CommandSpec): string {
  return ['docker', ...spec.path].join(' ');
}

/** The commands under a management command, sorted by name as cobra lists them. */
export function groupCommands(group: GroupName): CommandSpec[] {
  return (Object.keys(dockerCommands) as DockerCommandKey[])
    .map((key) => dockerCommands[key] as CommandSpec)
    .filter((spec) => spec.path.length === 2 && spec.path[0] === group)
    .sort((left, right) => ((left.path[1] as string) < (right.path[1] as string) ? -1 : 1));
}

/** `docker service ls --help`. */
export function commandHelp(spec: CommandSpec, width = defaultHelpWidth): string {
  let text = `Usage:  ${useLine(spec)}\n\n${spec.short}`;
  const aliases = aliasesLine(spec);
  if (aliases !== '') text += `\n\nAliases:\n  ${aliases}`;
  const usages = flagUsages(spec.flags, width - 1);
  if (usages !== '') text += `\n\nOptions:\n${usages.replace(/\s+$/, '')}`;
  return `${text}\n`;
}

function aliasesLine(spec: CommandSpec): string {
  if (spec.aliasesText !== undefined) return spec.aliasesText;
  if (spec.aliases.length === 0) return '';
  const parent = ['docker', ...spec.path.slice(0, -1)].join(' ');
  return [commandPath(spec), ...spec.aliases.map((alias) => `${parent} ${alias}`)].join(', ');
}

/** `docker service --help` (and `docker service` alone, on stderr). */
export function groupHelp(group: GroupName): string {
  const commands = groupCommands(group);
  const padding = Math.max(minimumNamePadding, ...commands.map((spec) => (spec.path[1] as string).length));
  const rows = commands.map((spec) => `\n  ${(spec.path[1] as string).padEnd(padding)} ${spec.short}`);
  return (
    `Usage:  docker ${group} COMMAND\n\n${dockerCommandGroups[group].short}\n\nCommands:${rows.join('')}\n\n` +
    `Run 'docker ${group} COMMAND --help' for more information on a command.\n`
  );
}

/**
 * `docker --help`, listing only the commands the sandbox supports (docker's full list and its
 * global options are left out), in docker's sections and layout.
 */
export function rootHelp(): string {
  const padding = minimumNamePadding + 1;
  const common = ['ps', 'info'].map((key) => {
    const spec = dockerCommands[key as DockerCommandKey] as CommandSpec;
    return `\n  ${`${key} `.padEnd(padding)}${spec.short}`;
  });
  const groups = (Object.keys(dockerCommandGroups) as GroupName[])
    .sort()
    .map((group) => `\n  ${`${group} `.padEnd(padding)}${dockerCommandGroups[group].short}`);
  return (
    'Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n' +
    `Common Commands:${common.join('')}\n\nSwarm Commands:${groups.join('')}\n\n` +
    "Run 'docker COMMAND --help' for more information on a command.\n\n" +
    'For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n'
  );
}

/** pflag `FlagUsagesWrapped(columns)`. */
export function flagUsages(flags: readonly FlagSpec[], columns: number): string {
  const visible = flags
    .filter((spec) => !spec.hidden)
    .sort((left, right) => (left.name < right.name ? -1 : 1));
  const heads = visible.map((spec) => {
    const name =
      spec.shorthand === undefined ? `      --${spec.name}` : `  -${spec.shorthand}, --${spec.name}`;
    return spec.typeName === '' ? name : `${name} ${spec.typeName}`;
  });
  const headWidthMax = Math.max(0, ...heads.map((head) => head.length + 1));
  let text = '';
  visible.forEach((spec, index) => {
    const head = heads[index] as string;
    let usage = spec.description;
    if (spec.defaultText !== '') {
      usage +=
        spec.typeName === 'string' ? ` (default "${spec.defaultText}")` : ` (default ${spec.defaultText})`;
    }
    const spacing = ' '.repeat(headWidthMax - head.length);
    text += `${head} ${spacing} ${wrap(headWidthMax + 2, columns, usage)}\n`;
  });
  return text;
}

/** pflag `wrap`: wrap `text` to `columns`, continuation lines indented by `indent`. */
export function wrap(indent: number, columns: number, text: string): string {
  if (columns === 0) return text.replaceAll('\n', `\n${' '.repeat(indent)}`);
  let lineIndent = indent;
  let width = columns - lineIndent;
  let result = '';
  if (width < 24) {
    lineIndent = 16;
    width = columns - lineIndent;
    result += `\n${' '.repeat(lineIndent)}`;
  }
  if (width < 24) return text.replaceAll('\n', result);
  const slop = 5;
  width -= slop;
  const pad = ' '.repeat(lineIndent);
  let [line, rest] = wrapN(width, slop, text);
  result += line.replaceAll('\n', `\n${pad}`);
  for (let guard = 0; rest !== '' && guard < 10_000; guard++) {
    [line, rest] = wrapN(width, slop, rest);
    result += `\n${pad}${line.replaceAll('\n', `\n${pad}`)}`;
  }
  return result;
}

/** pflag `wrapN`: the first line of up to `width` characters (`slop` more if that ends the text). */
function wrapN(width: number, slop: number, text: string): [string, string] {
  if (width + slop > text.length) return [text, ''];
  const head = text.slice(0, width);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (space <= 0) return [text, ''];
  const newline = head.lastIndexOf('\n');
  if (newline > 0 && newline < space) return [text.slice(0, newline), text.slice(newline + 1)];
  return [text.slice(0, space), text.slice(space + 1)];
}
