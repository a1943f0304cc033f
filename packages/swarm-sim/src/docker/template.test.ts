import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  defaultHeader,
  executeTemplate,
  formatRows,
  resolveListFormat,
} from './template.js';

function render(source: string, data: unknown, options = {}): string {
  const compiled = compileTemplate(source);
  if (!compiled.ok) return `PARSE: ${compiled.error}`;
  const result = executeTemplate(compiled.template, data, options);
  return result.ok ? result.text : `EXEC: ${result.error}`;
}

const node = {
  ID: 'dxn1zf6l61qsb1josjja83ngz',
  Self: true,
  Hostname: 'manager1',
  Status: { State: 'ready', Addr: '192.168.99.100' },
  ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '192.168.99.100:2377' },
  Labels: ['zone=a', 'disk=ssd'],
  Endpoint: { Spec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }] } },
};

describe('--format templates: fields and functions (swarm.md §1.10, §6.9)', () => {
  it('reads fields, nested paths and paths written with spaces', () => {
    expect(render('{{.Hostname}}', node)).toBe('manager1');
    expect(render('{{ .ManagerStatus.Reachability }}', node)).toBe('reachable');
    expect(render('{{ .Status.State }}', node)).toBe('ready');
    expect(render('{{.ID}}: {{.Hostname}}', node)).toBe('dxn1zf6l61qsb1josjja83ngz: manager1');
  });

  it('prints Go-style values: booleans, numbers, slices, maps, nil and missing map keys', () => {
    expect(render('{{.Self}} {{.ManagerStatus.Leader}}', node)).toBe('true true');
    expect(render('{{.Labels}}', node)).toBe('[zone=a disk=ssd]');
    expect(render('{{.Status}}', node)).toBe('map[Addr:192.168.99.100 State:ready]');
    expect(render('{{.}}', null)).toBe('<nil>');
    expect(render('{{.Nope}}', {}, { missingField: 'no-value' })).toBe('<no value>');
  });

  it('encodes JSON as docker does: {{json .Endpoint.Spec.Ports}} and {{json .}}', () => {
    expect(render('{{json .Endpoint.Spec.Ports}}', node)).toBe(
      '[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080}]',
    );
    expect(render('{{json .Status}}', node)).toBe('{"State":"ready","Addr":"192.168.99.100"}');
    expect(render('{{json .Missing}}', {}, { missingField: 'no-value' })).toBe('null');
    expect(render('{{json "<a&b>"}}', {})).toBe('"<a&b>"');
  });

  it('applies upper, lower, title, join, split, pad, truncate, len, index and pipelines', () => {
    expect(render('{{upper .Hostname}}', node)).toBe('MANAGER1');
    expect(render('{{.Hostname | upper}}', node)).toBe('MANAGER1');
    expect(render('{{lower "ABC"}}', {})).toBe('abc');
    expect(render('{{title "hello swarm world"}}', {})).toBe('Hello Swarm World');
    expect(render('{{join .Labels ", "}}', node)).toBe('zone=a, disk=ssd');
    expect(render('{{split "a:b:c" ":"}}', {})).toBe('[a b c]');
    expect(render('[{{pad .Hostname 1 2}}]', node)).toBe('[ manager1  ]');
    expect(render('[{{pad "" 1 2}}]', node)).toBe('[]');
    expect(render('{{truncate .ID 12}}', node)).toBe('dxn1zf6l61qs');
    expect(render('{{len .Labels}}', node)).toBe('2');
    expect(render('{{index .Labels 1}}', node)).toBe('disk=ssd');
    expect(render('{{print "a" 1 2 "b"}}', {})).toBe('a1 2b');
  });

  it('branches with if / else if / else and compares with eq, ne, lt, and, or, not', () => {
    const self = '{{.ID}} {{if .Self}}*{{else}} {{end}}';
    expect(render(self, node)).toBe('dxn1zf6l61qsb1josjja83ngz *');
    expect(render(self, { ...node, Self: false })).toBe('dxn1zf6l61qsb1josjja83ngz  ');
    const chain = '{{if eq .Status.State "down"}}D{{else if eq .Status.State "ready"}}R{{else}}?{{end}}';
    expect(render(chain, node)).toBe('R');
    expect(render('{{if and .Self (not .Missing)}}yes{{end}}', { Self: true, Missing: false })).toBe('yes');
    expect(render('{{if or 0 ""}}t{{else}}f{{end}}', {})).toBe('f');
    expect(render('{{if lt 1 2}}lt{{end}}{{if ne "a" "b"}}ne{{end}}', {})).toBe('ltne');
  });

  it('ranges over lists (rebinding the dot, with an else branch) and scopes with "with"', () => {
    expect(render('{{range .Labels}}<{{.}}>{{end}}', node)).toBe('<zone=a><disk=ssd>');
    expect(render('{{range .Empty}}x{{else}}none{{end}}', { Empty: [] })).toBe('none');
    expect(render('{{with .ManagerStatus}}{{.Addr}}{{end}}', node)).toBe('192.168.99.100:2377');
    expect(render('{{range $.Labels}}{{$.Hostname}} {{end}}', node)).toBe('manager1 manager1 ');
  });

  it('trims whitespace around {{- and -}} and skips comments', () => {
    expect(render('a  {{- .Hostname -}}  b', node)).toBe('amanager1b');
    expect(render('a {{/* a comment */}}b', node)).toBe('a b');
    expect(render('a {{- /* gone */ -}} b', node)).toBe('ab');
  });
});

describe('--format template errors read as Go prints them, never thrown', () => {
  it.each([
    ['{{.Foo', 'template: :1: unclosed action'],
    ['{{foo .ID}}', 'template: :1: function "foo" not defined'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{if .Self}}x', 'template: :1: unexpected EOF'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{if}}x{{end}}', 'template: :1: missing value for if'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['line1\n{{.A #}}', "template: :2: unexpected bad character U+0023 '#' in command"],
  ])('parse error for %j', (source, message) => {
    expect(compileTemplate(source)).toEqual({ ok: false, error: message });
  });

  it('reports a missing struct field with position and Go type', () => {
    const result = formatRows('{{.Foo}}', [node], { typeName: '*formatter.nodeContext' });
    expect(result).toEqual({
      ok: false,
      error:
        'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.nodeContext',
    });
  });

  it('reports wrong argument counts and non-functions given arguments', () => {
    expect(render('{{json .ID .ID}}', node)).toBe(
      'EXEC: template: :1:2: executing "" at <json>: wrong number of args for json: want 1 got 2',
    );
    expect(render('{{.ID .ID}}', node)).toBe(
      'EXEC: template: :1:2: executing "" at <.ID>: can\'t give argument to non-function .ID',
    );
    expect(render('{{.ID.Bad}}', node)).toBe(
      'EXEC: template: :1:2: executing "" at <.ID.Bad>: can\'t evaluate field Bad in type string',
    );
  });
});

describe('formatRows: docker formatter.Context.Write (table, json, escapes)', () => {
  const rows = [
    { ID: 'dxn1zf6l61qsb1josjja83ngz', Self: true, Hostname: 'manager1', ManagerStatus: 'Leader' },
    { ID: '9j68exjopxe7wfl6yuxml7a7j', Self: false, Hostname: 'worker1', ManagerStatus: '' },
  ];

  it('builds table headers from field names: table {{.ID}}\\t{{.Hostname}} → ID  HOSTNAME', () => {
    const result = formatRows('table {{.ID}}\\t{{.Hostname}}', rows);
    expect(result).toEqual({
      ok: true,
      text: 'ID                          HOSTNAME\ndxn1zf6l61qsb1josjja83ngz   manager1\n9j68exjopxe7wfl6yuxml7a7j   worker1\n',
    });
  });

  it('splits CamelCase field names into header words and honours explicit headers', () => {
    expect(defaultHeader('ManagerStatus')).toBe('MANAGER STATUS');
    expect(defaultHeader('TLSStatus')).toBe('TLS STATUS');
    expect(defaultHeader('ID')).toBe('ID');
    const result = formatRows('table {{.ManagerStatus}}', rows, { headers: { ManagerStatus: 'MGR' } });
    expect(result.ok && result.text.split('\n')[0]).toBe('MGR');
  });

  it('renders the header row with HeaderFunctions: upper/json leave headers intact, if on an unnamed field is false', () => {
    const result = formatRows(
      'table {{.ID}} {{if .Self}}*{{else}} {{end}}\\t{{upper .Hostname}}\\t{{json .ManagerStatus}}',
      rows,
    );
    expect(result.ok && result.text.split('\n')).toEqual([
      'ID                            HOSTNAME   MANAGER STATUS',
      'dxn1zf6l61qsb1josjja83ngz *   MANAGER1   "Leader"',
      '9j68exjopxe7wfl6yuxml7a7j     WORKER1    ""',
      '',
    ]);
  });

  it('prints the header even with no rows', () => {
    expect(formatRows('table {{.ID}}\\t{{.Hostname}}', [])).toEqual({
      ok: true,
      text: 'ID        HOSTNAME\n',
    });
  });

  it('json means {{json .}}, one object per line', () => {
    expect(formatRows('json', [{ ID: 'a', Name: 'web' }])).toEqual({
      ok: true,
      text: '{"ID":"a","Name":"web"}\n',
    });
  });

  it('replaces \\t and \\n escapes and trims spaces around a plain format', () => {
    expect(formatRows('  {{.ID}}\\n{{.Hostname}}  ', [rows[0]])).toEqual({
      ok: true,
      text: 'dxn1zf6l61qsb1josjja83ngz\nmanager1\n',
    });
  });

  it('prefixes parse errors with "template parsing error: "', () => {
    expect(formatRows('{{.ID', rows)).toEqual({
      ok: false,
      error: 'template parsing error: template: :1: unclosed action',
    });
  });

  it('resolves list formats as docker does: table → default, -q → {{.ID}}, custom kept', () => {
    const defaultTable = 'table {{.ID}}\t{{.Name}}';
    expect(resolveListFormat(undefined, false, defaultTable)).toBe(defaultTable);
    expect(resolveListFormat('table', true, defaultTable)).toBe('{{.ID}}');
    expect(resolveListFormat('', true, defaultTable)).toBe('{{.ID}}');
    expect(resolveListFormat('{{.Name}}', true, defaultTable)).toBe('{{.Name}}');
  });
});
