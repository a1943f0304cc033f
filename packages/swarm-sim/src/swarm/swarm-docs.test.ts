/**
 * docs/swarm-model.md says what the code does: every exported operation of sandbox.ts and
 * requests.ts appears there with its exact parameter list, every name the operations section
 * shows exists, the request parameter shapes list exactly the interfaces' fields, and the old
 * names of the network operations (removed from sandbox.ts) are gone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/swarm-model.md', import.meta.url)), 'utf8');

function source(file: string): string {
  return readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
}

/** Splits `text` at commas outside brackets, braces, parentheses and angle brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if ('([{<'.includes(character)) depth++;
    if (')]}>'.includes(character)) depth--;
    if (character === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += character;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** `name(first, second?)` for every `export function` of a file: `?` marks optional or defaulted. */
function exportedSignatures(text: string): Map<string, string> {
  const signatures = new Map<string, string>();
  const pattern = /export function (\w+)(?:<[^>(]*>)?\(/g;
  for (const match of text.matchAll(pattern)) {
    let depth = 1;
    let end = (match.index as number) + match[0].length;
    const start = end;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '(') depth++;
      if (text[end] === ')') depth--;
    }
    const parameters = splitTopLevel(text.slice(start, end - 1)).map((parameter) => {
      const name = (/^(\w+)/.exec(parameter) as RegExpExecArray)[1] as string;
      const optional = /^\w+\?:/.test(parameter) || /=/.test(parameter.replace(/=>/g, ''));
      return optional ? `${name}?` : name;
    });
    signatures.set(match[1] as string, `${match[1]}(${parameters.join(', ')})`);
  }
  return signatures;
}

function exportedConstants(text: string): string[] {
  return [...text.matchAll(/export const (\w+)/g)].map((match) => match[1] as string);
}

/** The fields of `export interface Name { … }`, in order, `?` marking optional ones. */
function interfaceFields(text: string, name: string): string[] {
  const start = text.indexOf(`export interface ${name} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}readonly (\w+)(\??):/gm)].map((match) => `${match[1]}${match[2]}`);
}

function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? doc.length : end);
}

describe('docs/swarm-model.md matches the code', () => {
  const sandbox = exportedSignatures(source('sandbox.ts'));
  const requests = exportedSignatures(source('requests.ts'));

  it.each([...sandbox.values(), ...requests.values()])('names `%s` exactly', (signature) => {
    expect(doc).toContain(`\`${signature}\``);
  });

  it('shows only operations that exist, with their real parameters', () => {
    const known = new Map([
      ...sandbox,
      ...requests,
      ...exportedSignatures(source('status.ts')),
      ...exportedSignatures(source('view.ts')),
    ]);
    const shown = [...section('Sandbox operations').matchAll(/`(\w+)\(([^`]*)\)`/g)];
    expect(shown.length).toBeGreaterThan(10);
    for (const [text, name] of shown) expect(known.get(name as string)).toBe(text.slice(1, -1));
  });

  it('names every exported constant of sandbox.ts and requests.ts', () => {
    for (const name of [
      ...exportedConstants(source('sandbox.ts')),
      ...exportedConstants(source('requests.ts')),
    ])
      expect(doc).toContain(`\`${name}\``);
  });

  it.each(['InitParams', 'JoinParams'])('lists the fields of %s exactly', (name) => {
    const fields = interfaceFields(source('types.ts'), name);
    expect(doc).toContain(`\`${name} {${fields.join(', ')}}\``);
  });

  it('no longer mentions the removed names', () => {
    for (const removed of [
      'disconnectMachine',
      'reconnectMachine',
      'setNetworkDrop',
      'setNetworkDelay',
      'waitMsMax',
    ])
      expect(doc).not.toMatch(new RegExp(`\\b${removed}\\b`));
    const rows = section('Sandbox operations')
      .split('\n')
      .filter((line) => line.startsWith('|'));
    for (const row of rows) expect(row).not.toMatch(/\b(partitionNetwork|healNetwork)\b/);
    expect(source('sandbox.ts')).not.toMatch(/@deprecated/);
  });
});
