/**
 * The Go text/template subset docker's `--format` uses, with docker/cli's functions
 * (`templates/templates.go`) and its table handling (`formatter/formatter.go`):
 *
 * - actions `{{.Field}}`, nested `{{.ManagerStatus.Reachability}}`, spaces `{{ .Status.State }}`,
 *   trim markers `{{-` / `-}}`, comments, pipelines `{{.Name | upper}}`, parentheses;
 * - `if` / `else if` / `else` / `end`, `range` (rebinding `.`), `with`;
 * - functions `json`, `split`, `join`, `title`, `lower`, `upper`, `pad`, `truncate` (docker) and
 *   `and`, `or`, `not`, `len`, `index`, `print`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`
 *   (Go builtins);
 * - `formatRows`: docker's preFormat (`table` prefix, `json`, `\t` / `\n` escapes, trimming)
 *   and postFormat (header row rendered with HeaderFunctions, then the tabwriter).
 *
 * Errors never throw: they come back as Docker prints them, `template parsing error: template:
 * :1: function "foo" not defined` or `template parsing error: template: :1:2: executing "" at
 * <.Foo>: can't evaluate field Foo in type *formatter.nodeContext`.
 */
import { tabwrite } from './tabwriter.js';

// ---------------------------------------------------------------------------------------------
// AST

type Operand =
  | { kind: 'field'; position: number; receiver: Operand | null; names: string[] }
  | { kind: 'dot'; position: number }
  | { kind: 'variable'; position: number; names: string[] }
  | { kind: 'string'; position: number; value: string }
  | { kind: 'number'; position: number; value: number; text: string }
  | { kind: 'bool'; position: number; value: boolean }
  | { kind: 'nil'; position: number }
  | { kind: 'identifier'; position: number; name: string }
  | { kind: 'pipeline'; position: number; pipeline: Pipeline };

interface Command {
  readonly position: number;
  readonly operands: Operand[];
}

interface Pipeline {
  readonly position: number;
  readonly commands: Command[];
}

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline }
  | { kind: 'if' | 'range' | 'with'; pipeline: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] };

/** A parsed template: plain data, reusable for every row. */
export interface CompiledTemplate {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

class TemplateError extends Error {}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'dot'
  | 'variable'
  | 'string'
  | 'number'
  | 'identifier'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly position: number;
}

const tokensMax = 100_000;

function lineOf(source: string, position: number): number {
  let line = 1;
  for (let index = 0; index < position && index < source.length; index++) if (source[index] === '\n') line++;
  return line;
}

function parseError(source: string, position: number, message: string): TemplateError {
  return new TemplateError(`template: :${lineOf(source, position)}: ${message}`);
}

/** Splits the source into text and action tokens, applying `{{-` / `-}}` trimming. */
function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  let trimNextText = false;
  while (position < source.length) {
    if (tokens.length > tokensMax) throw parseError(source, position, 'template too long');
    const start = source.indexOf('{{', position);
    const textEnd = start < 0 ? source.length : start;
    let text = source.slice(position, textEnd);
    const trimLeft = start >= 0 && /^\{\{-[ \t\r\n]/.test(source.slice(start, start + 4));
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text.length > 0) tokens.push({ kind: 'text', text, position });
    if (start < 0) break;
    const actionStart = start + (trimLeft ? 4 : 2);
    if (source.startsWith('/*', actionStart)) {
      const commentEnd = source.indexOf('*/', actionStart);
      if (commentEnd < 0) throw parseError(source, start, 'unclosed comment');
      const afterComment = source.slice(commentEnd + 2);
      if (!afterComment.startsWith('}}') && !afterComment.startsWith(' -}}')) {
        throw parseError(source, start, 'comment ends before closing delimiter');
      }
      trimNextText = afterComment.startsWith(' -}}');
      position = commentEnd + 2 + (trimNextText ? 4 : 2);
      continue;
    }
    tokens.push({ kind: 'leftDelim', text: '{{', position: start });
    const end = lexAction(source, actionStart, tokens);
    trimNextText = end.trimRight;
    position = end.position;
  }
  tokens.push({ kind: 'eof', text: '', position: source.length });
  return tokens;
}

function lexAction(source: string, start: number, tokens: Token[]): { position: number; trimRight: boolean } {
  let position = start;
  let parenDepth = 0;
  while (position < source.length) {
    const trimmedClose = /^[ \t\r\n]+-\}\}/.exec(source.slice(position));
    if (trimmedClose !== null && parenDepth === 0) {
      const closeAt = position + trimmedClose[0].length - 2;
      tokens.push({ kind: 'rightDelim', text: '}}', position: closeAt });
      return { position: closeAt + 2, trimRight: true };
    }
    if (source.startsWith('}}', position)) {
      if (parenDepth > 0) throw parseError(source, position, 'unclosed left paren');
      tokens.push({ kind: 'rightDelim', text: '}}', position });
      return { position: position + 2, trimRight: false };
    }
    const token = lexActionToken(source, position);
    if (token.kind === 'leftParen') parenDepth++;
    if (token.kind === 'rightParen') parenDepth--;
    if (parenDepth < 0) throw parseError(source, position, 'unexpected right paren');
    tokens.push(token);
    position += token.text.length;
  }
  throw parseError(source, start, 'unclosed action');
}

const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*/;
const fieldPattern = /^\.[A-Za-z_][A-Za-z0-9_]*/;
const variablePattern = /^\$[A-Za-z0-9_]*/;
const numberPattern = /^[+-]?(0[xX][0-9a-fA-F_]+|\d[\d_]*(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/;

function lexActionToken(source: string, position: number): Token {
  const rest = source.slice(position);
  const character = rest.charAt(0);
  const make = (kind: TokenKind, text: string): Token => ({ kind, text, position });
  if (/^[ \t\r\n]+/.test(rest)) return make('space', (/^[ \t\r\n]+/.exec(rest) as RegExpExecArray)[0]);
  if (character === '|') return make('pipe', '|');
  if (character === '(') return make('leftParen', '(');
  if (character === ')') return make('rightParen', ')');
  if (character === '"') return make('string', lexQuoted(source, position));
  if (character === '`') {
    const end = source.indexOf('`', position + 1);
    if (end < 0) throw parseError(source, position, 'unterminated raw quoted string');
    return make('string', source.slice(position, end + 1));
  }
  const field = fieldPattern.exec(rest);
  if (field !== null) return make('field', field[0]);
  if (character === '.' && !/^\.\d/.test(rest)) return make('dot', '.');
  const variable = variablePattern.exec(rest);
  if (variable !== null) return make('variable', variable[0]);
  const number = numberPattern.exec(rest);
  if (number !== null) return make('number', number[0]);
  const identifier = identifierPattern.exec(rest);
  if (identifier !== null) return make('identifier', identifier[0]);
  const codePoint = (rest.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  throw parseError(source, position, `unexpected bad character U+${codePoint} '${character}' in command`);
}

function lexQuoted(source: string, position: number): string {
  let index = position + 1;
  while (index < source.length) {
    const character = source[index];
    if (character === '\\') {
      index += 2;
      continue;
    }
    if (character === '\n') break;
    if (character === '"') return source.slice(position, index + 1);
    index++;
  }
  throw parseError(source, position, 'unterminated quoted string');
}

// ---------------------------------------------------------------------------------------------
// Parser

const knownFunctionNames = new Set([
  'json',
  'split',
  'join',
  'title',
  'lower',
  'upper',
  'pad',
  'truncate',
  'and',
  'or',
  'not',
  'len',
  'index',
  'print',
  'println',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
]);

interface ParserState {
  readonly source: string;
  readonly tokens: Token[];
  index: number;
}

function peek(state: ParserState): Token {
  return state.tokens[state.index] as Token;
}

function next(state: ParserState): Token {
  const token = state.tokens[state.index] as Token;
  if (token.kind !== 'eof') state.index++;
  return token;
}

function skipSpaces(state: ParserState): void {
  while (peek(state).kind === 'space') next(state);
}

/** Parses a template source; throws TemplateError with Go's message. */
function parseTemplate(source: string): TemplateNode[] {
  const state: ParserState = { source, tokens: lex(source), index: 0 };
  const { nodes, terminator } = parseList(state, 0);
  if (terminator !== 'eof') throw parseError(source, peek(state).position, `unexpected {{${terminator}}}`);
  return nodes;
}

type ListTerminator = 'eof' | 'end' | 'else';

const nestingMax = 64;

function parseList(state: ParserState, depth: number): { nodes: TemplateNode[]; terminator: ListTerminator } {
  if (depth > nestingMax) throw parseError(state.source, peek(state).position, 'template nested too deeply');
  const nodes: TemplateNode[] = [];
  for (;;) {
    const token = next(state);
    if (token.kind === 'eof') return { nodes, terminator: 'eof' };
    if (token.kind === 'text') {
      nodes.push({ kind: 'text', text: token.text });
      continue;
    }
    skipSpaces(state);
    const keyword = peek(state);
    if (keyword.kind === 'identifier' && (keyword.text === 'end' || keyword.text === 'else')) {
      if (keyword.text === 'end') {
        next(state);
        expectRightDelim(state, 'end');
        return { nodes, terminator: 'end' };
      }
      return { nodes, terminator: 'else' };
    }
    if (keyword.kind === 'identifier' && ['if', 'range', 'with'].includes(keyword.text)) {
      next(state);
      nodes.push(parseControl(state, keyword.text as 'if' | 'range' | 'with', depth));
      continue;
    }
    const pipeline = parsePipeline(state, 'command');
    nodes.push({ kind: 'action', pipeline });
  }
}

function expectRightDelim(state: ParserState, context: string): void {
  skipSpaces(state);
  const token = next(state);
  if (token.kind !== 'rightDelim') {
    throw parseError(state.source, token.position, `unexpected ${describe(token)} in ${context}`);
  }
}

function parseControl(state: ParserState, kind: 'if' | 'range' | 'with', depth: number): TemplateNode {
  const pipeline = parsePipeline(state, kind);
  const body = parseList(state, depth + 1);
  if (body.terminator === 'eof') throw parseError(state.source, state.source.length, 'unexpected EOF');
  if (body.terminator === 'end') return { kind, pipeline, list: body.nodes, elseList: [] };
  next(state); // `else`
  skipSpaces(state);
  const chained = peek(state);
  if (
    chained.kind === 'identifier' &&
    (chained.text === 'if' || chained.text === 'with') &&
    kind !== 'range'
  ) {
    // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer {{end}}.
    next(state);
    const nested = parseControl(state, chained.text, depth + 1);
    return { kind, pipeline, list: body.nodes, elseList: [nested] };
  }
  expectRightDelim(state, kind);
  const elseBody = parseList(state, depth + 1);
  if (elseBody.terminator === 'eof') throw parseError(state.source, state.source.length, 'unexpected EOF');
  if (elseBody.terminator === 'else') {
    throw parseError(state.source, peek(state).position, 'expected end; found {{else}}');
  }
  return { kind, pipeline, list: body.nodes, elseList: elseBody.nodes };
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'EOF';
  if (token.kind === 'rightDelim') return '}}';
  return JSON.stringify(token.text);
}

/** A pipeline up to `}}` (or `)` when `context` is 'paren'). */
function parsePipeline(state: ParserState, context: string): Pipeline {
  skipSpaces(state);
  const position = peek(state).position;
  const commands: Command[] = [];
  for (let guard = 0; guard < tokensMax; guard++) {
    const command = parseCommand(state);
    if (command.operands.length === 0) {
      throw parseError(
        state.source,
        position,
        context === 'command' ? 'missing value for command' : `missing value for ${context}`,
      );
    }
    commands.push(command);
    const token = next(state);
    if (token.kind === 'pipe') continue;
    if (token.kind === 'rightDelim' && context !== 'paren') return { position, commands };
    if (token.kind === 'rightParen' && context === 'paren') return { position, commands };
    throw parseError(state.source, token.position, `unexpected ${describe(token)} in operand`);
  }
  throw parseError(state.source, position, 'pipeline too long');
}

function parseCommand(state: ParserState): Command {
  skipSpaces(state);
  const position = peek(state).position;
  const operands: Operand[] = [];
  for (;;) {
    skipSpaces(state);
    const token = peek(state);
    if (['rightDelim', 'rightParen', 'pipe', 'eof'].includes(token.kind)) return { position, operands };
    operands.push(parseOperand(state));
  }
}

function parseOperand(state: ParserState): Operand {
  const token = next(state);
  const position = token.position;
  let operand: Operand;
  switch (token.kind) {
    case 'field':
      return { kind: 'field', position, receiver: null, names: readFieldChain(state, token.text) };
    case 'dot':
      return { kind: 'dot', position };
    case 'variable':
      if (token.text !== '$') throw parseError(state.source, position, `undefined variable "${token.text}"`);
      return { kind: 'variable', position, names: readFieldChain(state, '') };
    case 'string':
      return { kind: 'string', position, value: unquote(state.source, token) };
    case 'number':
      return { kind: 'number', position, value: Number(token.text.replaceAll('_', '')), text: token.text };
    case 'identifier':
      if (token.text === 'true' || token.text === 'false')
        return { kind: 'bool', position, value: token.text === 'true' };
      if (token.text === 'nil') return { kind: 'nil', position };
      if (!knownFunctionNames.has(token.text)) {
        throw parseError(state.source, position, `function ${JSON.stringify(token.text)} not defined`);
      }
      return { kind: 'identifier', position, name: token.text };
    case 'leftParen':
      operand = { kind: 'pipeline', position, pipeline: parsePipeline(state, 'paren') };
      if (peek(state).kind === 'field') {
        return { kind: 'field', position, receiver: operand, names: readFieldChain(state, '') };
      }
      return operand;
    default:
      throw parseError(state.source, position, `unexpected ${describe(token)} in operand`);
  }
}

/** `.A.B.C` arrives as one field token `.A` followed by more field tokens. */
function readFieldChain(state: ParserState, first: string): string[] {
  const names = first === '' ? [] : [first.slice(1)];
  while (peek(state).kind === 'field') names.push(next(state).text.slice(1));
  return names;
}

function unquote(source: string, token: Token): string {
  if (token.text.startsWith('`')) return token.text.slice(1, -1);
  try {
    return JSON.parse(
      token.text.replace(/\\([abfv'])/g, (_, escaped: string) => escapeFor(escaped)),
    ) as string;
  } catch {
    throw parseError(source, token.position, `invalid syntax`);
  }
}

function escapeFor(escaped: string): string {
  const codes: Record<string, string> = { a: '\\u0007', b: '\\b', f: '\\f', v: '\\u000b', "'": "'" };
  return codes[escaped] as string;
}

/** Parses a Go template (docker's subset). */
export function compileTemplate(
  source: string,
): { ok: true; template: CompiledTemplate } | { ok: false; error: string } {
  try {
    return { ok: true, template: { source, nodes: parseTemplate(source) } };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, error: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Execution

export interface TemplateOptions {
  /**
   * How a field missing from the data reads. `error` (default) is Go on a struct — docker's
   * list contexts — `can't evaluate field Foo in type T`; `no-value` is Go on a map — docker's
   * inspect fallback on raw JSON — and prints `<no value>`.
   */
  readonly missingField?: 'error' | 'no-value';
  /** The Go type named in missing-field errors, e.g. `*formatter.nodeContext`. */
  readonly typeName?: string;
}

interface ExecState {
  readonly source: string;
  readonly options: TemplateOptions;
  readonly root: unknown;
  /** Header mode: fields print their column header, docker's HeaderFunctions apply. */
  readonly headers: Readonly<Record<string, string>> | null;
  steps: number;
}

const stepsMax = 1_000_000;
const noFinal: unique symbol = Symbol('no final value');
type Final = unknown | typeof noFinal;

function execError(state: ExecState, position: number, context: string, message: string): TemplateError {
  const before = state.source.slice(0, position);
  const lastNewline = before.lastIndexOf('\n');
  const column = lastNewline < 0 ? position : position - lastNewline - 1;
  const shown = context.length > 20 ? `${context.slice(0, 20)}...` : context;
  return new TemplateError(
    `template: :${lineOf(state.source, position)}:${column}: executing "" at <${shown}>: ${message}`,
  );
}

function operandText(operand: Operand): string {
  switch (operand.kind) {
    case 'field':
      return `${operand.receiver === null ? '' : '(...)'}.${operand.names.join('.')}`;
    case 'dot':
      return '.';
    case 'variable':
      return ['$', ...operand.names].join('.');
    case 'string':
      return JSON.stringify(operand.value);
    case 'number':
      return operand.text;
    case 'bool':
      return String(operand.value);
    case 'nil':
      return 'nil';
    case 'identifier':
      return operand.name;
    case 'pipeline':
      return '(...)';
  }
}

function renderNodes(state: ExecState, nodes: readonly TemplateNode[], dot: unknown, output: string[]): void {
  for (const node of nodes) {
    state.steps++;
    if (state.steps > stepsMax) throw new TemplateError('template: execution exceeded its step budget');
    if (node.kind === 'text') {
      output.push(node.text);
      continue;
    }
    if (node.kind === 'action') {
      output.push(printValue(evalPipeline(state, node.pipeline, dot)));
      continue;
    }
    const value = evalCondition(state, node.pipeline, dot);
    if (node.kind === 'range') {
      renderRange(state, node, value, output);
      continue;
    }
    if (truth(value)) renderNodes(state, node.list, node.kind === 'with' ? value : dot, output);
    else renderNodes(state, node.elseList, dot, output);
  }
}

function renderRange(
  state: ExecState,
  node: { pipeline: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] },
  value: unknown,
  output: string[],
): void {
  let items: unknown[];
  if (value === undefined || value === null) items = [];
  else if (Array.isArray(value)) items = value;
  else if (isRecord(value))
    items = Object.keys(value)
      .sort()
      .map((key) => value[key]);
  else if (state.headers !== null) items = [];
  else
    throw execError(state, node.pipeline.position, 'range', `range can't iterate over ${printValue(value)}`);
  if (items.length === 0) {
    renderNodes(state, node.elseList, value, output);
    return;
  }
  for (const item of items) renderNodes(state, node.list, item, output);
}

/** In header mode a condition on a field is true only if the caller named that header. */
function evalCondition(state: ExecState, pipeline: Pipeline, dot: unknown): unknown {
  const only = pipeline.commands.length === 1 ? pipeline.commands[0]?.operands : undefined;
  if (state.headers !== null && only !== undefined && only.length === 1 && only[0]?.kind === 'field') {
    return state.headers[only[0].names[0] as string];
  }
  return evalPipeline(state, pipeline, dot);
}

function evalPipeline(state: ExecState, pipeline: Pipeline, dot: unknown): unknown {
  let final: Final = noFinal;
  for (const command of pipeline.commands) final = evalCommand(state, command, dot, final);
  return final === noFinal ? undefined : final;
}

function evalCommand(state: ExecState, command: Command, dot: unknown, final: Final): unknown {
  const [first, ...rest] = command.operands as [Operand, ...Operand[]];
  if (first.kind === 'identifier') {
    const args = rest.map((operand) => evalOperand(state, operand, dot));
    if (final !== noFinal) args.push(final);
    return callFunction(state, first, args);
  }
  if (rest.length > 0 || final !== noFinal) {
    const text = operandText(first);
    throw execError(state, first.position, text, `can't give argument to non-function ${text}`);
  }
  return evalOperand(state, first, dot);
}

function evalOperand(state: ExecState, operand: Operand, dot: unknown): unknown {
  switch (operand.kind) {
    case 'field': {
      if (state.headers !== null) return headerFor(state.headers, operand.names[0] as string);
      const receiver = operand.receiver === null ? dot : evalOperand(state, operand.receiver, dot);
      return walkFields(state, operand, receiver, operand.names);
    }
    case 'dot':
      return dot;
    case 'variable':
      return walkFields(state, operand, state.root, operand.names);
    case 'string':
    case 'number':
    case 'bool':
      return operand.value;
    case 'nil':
      return null;
    case 'identifier':
      return callFunction(state, operand, []);
    case 'pipeline':
      return evalPipeline(state, operand.pipeline, dot);
  }
}

function walkFields(state: ExecState, operand: Operand, start: unknown, names: readonly string[]): unknown {
  let value = start;
  for (const name of names) {
    if (value === undefined) return undefined;
    if (value === null) {
      throw execError(
        state,
        operand.position,
        operandText(operand),
        `nil pointer evaluating interface {}.${name}`,
      );
    }
    if (isRecord(value)) {
      if (Object.hasOwn(value, name)) {
        value = value[name];
        continue;
      }
      if ((state.options.missingField ?? 'error') === 'no-value') return undefined;
      const typeName = value === state.root ? (state.options.typeName ?? 'interface {}') : 'interface {}';
      throw execError(
        state,
        operand.position,
        operandText(operand),
        `can't evaluate field ${name} in type ${typeName}`,
      );
    }
    throw execError(
      state,
      operand.position,
      operandText(operand),
      `can't evaluate field ${name} in type ${goTypeOf(value)}`,
    );
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function goTypeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'interface {}';
}

/** Go's truth: false, 0, nil, empty string, empty slice or map are false. */
function truth(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** Go's `%v` as text/template prints values (maps with sorted keys). */
export function printValue(value: unknown): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => printNested(item)).join(' ')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${printNested(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

function printNested(value: unknown): string {
  return value === undefined ? '<nil>' : printValue(value);
}

/** `ManagerStatus` → `MANAGER STATUS`, `TLSStatus` → `TLS STATUS`, `ID` → `ID`. */
export function defaultHeader(fieldName: string): string {
  return fieldName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toUpperCase();
}

function headerFor(headers: Readonly<Record<string, string>>, fieldName: string): string {
  return headers[fieldName] ?? defaultHeader(fieldName);
}

// ---------------------------------------------------------------------------------------------
// Functions

/** docker/cli HeaderFunctions: these return their first argument so headers stay intact. */
const headerPassThrough = new Set(['json', 'split', 'join', 'title', 'lower', 'upper', 'truncate']);

const functionArity: Readonly<Record<string, number>> = {
  json: 1,
  split: 2,
  join: 2,
  title: 1,
  lower: 1,
  upper: 1,
  pad: 3,
  truncate: 2,
  not: 1,
  len: 1,
};

function callFunction(
  state: ExecState,
  identifier: { name: string; position: number },
  args: unknown[],
): unknown {
  const name = identifier.name;
  const fail = (message: string): TemplateError => execError(state, identifier.position, name, message);
  const arity = functionArity[name];
  if (arity !== undefined && args.length !== arity) {
    throw fail(`wrong number of args for ${name}: want ${arity} got ${args.length}`);
  }
  if (state.headers !== null && headerPassThrough.has(name)) return args[0];
  switch (name) {
    case 'json':
      return goJson(args[0]);
    case 'split':
      return requireString(fail, args[0], name).split(requireString(fail, args[1], name));
    case 'join':
      return requireStrings(fail, args[0]).join(requireString(fail, args[1], name));
    case 'title':
      return requireString(fail, args[0], name).replace(
        /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
        (_, separator: string, letter: string) => separator + letter.toUpperCase(),
      );
    case 'lower':
      return requireString(fail, args[0], name).toLowerCase();
    case 'upper':
      return requireString(fail, args[0], name).toUpperCase();
    case 'pad':
      return padWithSpace(
        requireString(fail, args[0], name),
        requireInteger(fail, args[1]),
        requireInteger(fail, args[2]),
      );
    case 'truncate':
      return truncateWithLength(requireString(fail, args[0], name), requireInteger(fail, args[1]));
    default:
      return callBuiltin(name, args, fail);
  }
}

function callBuiltin(name: string, args: unknown[], fail: (message: string) => TemplateError): unknown {
  switch (name) {
    case 'not':
      return !truth(args[0]);
    case 'and':
      if (args.length === 0) throw fail('wrong number of args for and: want at least 1 got 0');
      return args.find((arg) => !truth(arg)) ?? args[args.length - 1];
    case 'or':
      if (args.length === 0) throw fail('wrong number of args for or: want at least 1 got 0');
      return args.find((arg) => truth(arg)) ?? args[args.length - 1];
    case 'len':
      return lengthOf(args[0], fail);
    case 'index':
      return indexInto(args, fail);
    case 'print':
      return goSprint(args);
    case 'println':
      return `${args.map((arg) => printValue(arg)).join(' ')}\n`;
    default:
      return compare(name, args, fail);
  }
}

function compare(name: string, args: unknown[], fail: (message: string) => TemplateError): boolean {
  if (args.length < 2) throw fail(`wrong number of args for ${name}: want 2 got ${args.length}`);
  const [left, ...rights] = args;
  const comparable = (value: unknown): boolean =>
    ['string', 'number', 'boolean'].includes(typeof value) || value === null;
  for (const right of rights) {
    if (
      !comparable(left) ||
      !comparable(right) ||
      (typeof left !== typeof right && left !== null && right !== null)
    ) {
      throw fail(`error calling ${name}: incompatible types for comparison`);
    }
  }
  const right = rights[0];
  switch (name) {
    case 'eq':
      return rights.some((candidate) => candidate === left);
    case 'ne':
      return left !== right;
    case 'lt':
      return (left as number) < (right as number);
    case 'le':
      return (left as number) <= (right as number);
    case 'gt':
      return (left as number) > (right as number);
    default:
      return (left as number) >= (right as number);
  }
}

function lengthOf(value: unknown, fail: (message: string) => TemplateError): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return value.length;
  if (isRecord(value)) return Object.keys(value).length;
  throw fail(`error calling len: len of type ${goTypeOf(value)}`);
}

function indexInto(args: unknown[], fail: (message: string) => TemplateError): unknown {
  if (args.length === 0) throw fail('wrong number of args for index: want at least 1 got 0');
  let value = args[0];
  for (const key of args.slice(1)) {
    if (Array.isArray(value) && typeof key === 'number') {
      if (key < 0 || key >= value.length) throw fail(`error calling index: index out of range: ${key}`);
      value = value[key];
    } else if (isRecord(value) && typeof key === 'string') {
      value = Object.hasOwn(value, key) ? value[key] : null;
    } else {
      throw fail(`error calling index: cannot index slice/array with type ${goTypeOf(key)}`);
    }
  }
  return value;
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
function goSprint(args: unknown[]): string {
  let text = '';
  for (let index = 0; index < args.length; index++) {
    const current = args[index];
    const previous = args[index - 1];
    if (index > 0 && typeof current !== 'string' && typeof previous !== 'string') text += ' ';
    text += printValue(current);
  }
  return text;
}

function requireString(fail: (message: string) => TemplateError, value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw fail(`wrong type for value; expected string; got ${goTypeOf(value)}${name === '' ? '' : ''}`);
}

function requireStrings(fail: (message: string) => TemplateError, value: unknown): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw fail(`wrong type for value; expected []string; got ${goTypeOf(value)}`);
}

function requireInteger(fail: (message: string) => TemplateError, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw fail(`wrong type for value; expected int; got ${goTypeOf(value)}`);
}

/** docker/cli `pad`: surround a non-empty string with spaces. */
function padWithSpace(source: string, prefix: number, suffix: number): string {
  if (source === '') return source;
  return ' '.repeat(Math.max(0, prefix)) + source + ' '.repeat(Math.max(0, suffix));
}

/** docker/cli `truncate`: the first `length` characters. */
function truncateWithLength(source: string, length: number): string {
  if (source.length < length) return source;
  return source.slice(0, Math.max(0, length));
}

/** docker/cli `json`: encoding/json without HTML escaping, trailing newline trimmed. */
export function goJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value) ?? 'null';
}

// ---------------------------------------------------------------------------------------------
// Public entry points

export type TemplateResult = { ok: true; text: string } | { ok: false; error: string };

/** Renders a compiled template against one value (no docker prefixes, no table handling). */
export function executeTemplate(
  template: CompiledTemplate,
  data: unknown,
  options: TemplateOptions = {},
): TemplateResult {
  const state: ExecState = { source: template.source, options, root: data, headers: null, steps: 0 };
  const output: string[] = [];
  try {
    renderNodes(state, template.nodes, data, output);
    return { ok: true, text: output.join('') };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, error: error.message };
    throw error;
  }
}

export interface FormatOptions extends TemplateOptions {
  /**
   * Column headers by field name for `table` formats. Fields not named here get their name
   * split at case changes and upper-cased (`ManagerStatus` → `MANAGER STATUS`). A condition
   * such as `{{if .Self}}` is true in the header row only if its field is named here.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

const templateErrorPrefix = 'template parsing error: ';

/**
 * docker/cli `formatter.Context.Write` for a list of rows: `json` means `{{json .}}`; a
 * `table` prefix is stripped and turns on the header row and the tabwriter; literal `\t` and
 * `\n` become tab and newline; spaces around the format are trimmed. Every row ends with a
 * newline. Errors read as Docker prints them (`template parsing error: …`).
 */
export function formatRows(
  format: string,
  rows: readonly unknown[],
  options: FormatOptions = {},
): TemplateResult {
  const isTable = format.startsWith('table');
  let source = isTable ? format.slice('table'.length) : format === 'json' ? '{{json .}}' : format;
  source = source
    .replace(/^ +| +$/g, '')
    .replaceAll('\\t', '\t')
    .replaceAll('\\n', '\n');
  const compiled = compileTemplate(source);
  if (!compiled.ok) return { ok: false, error: templateErrorPrefix + compiled.error };
  let body = '';
  for (const row of rows) {
    const rendered = executeTemplate(compiled.template, row, options);
    if (!rendered.ok) return { ok: false, error: templateErrorPrefix + rendered.error };
    body += `${rendered.text}\n`;
  }
  if (!isTable) return { ok: true, text: body };
  return { ok: true, text: tabwrite(`${renderHeader(compiled.template, options)}\n${body}`) };
}

/** The header row: the template run with field names as values, errors cut it short as in Go. */
function renderHeader(template: CompiledTemplate, options: FormatOptions): string {
  const headers = options.headers ?? {};
  const state: ExecState = { source: template.source, options, root: headers, headers, steps: 0 };
  const output: string[] = [];
  try {
    renderNodes(state, template.nodes, headers, output);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
  }
  return output.join('');
}

/**
 * The format a docker list command uses (`newFormat` in each formatter): no `--format` or
 * `table` means the command's default table, or `{{.ID}}` with `-q`; anything else is used
 * as given.
 */
export function resolveListFormat(
  format: string | undefined,
  quiet: boolean,
  defaultTableFormat: string,
): string {
  const source = format === undefined || format === '' ? 'table' : format;
  if (source === 'table') return quiet ? '{{.ID}}' : defaultTableFormat;
  return source;
}
