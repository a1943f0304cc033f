import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type CompletionCandidates, complete } from './complete.js';

const candidates: CompletionCandidates = {
  commands: [
    { words: ['docker', 'node', 'ls'], flags: ['--filter', '--format', '-q'], argument: 'none' },
    { words: ['docker', 'node', 'update'], flags: ['--availability', '--role'], argument: 'machine' },
    { words: ['docker', 'service', 'scale'], flags: ['--detach'], argument: 'service' },
    { words: ['docker', 'service', 'ps'], flags: ['--no-trunc'], argument: 'service' },
    { words: ['docker', 'swarm', 'init'], flags: ['--advertise-addr'], argument: 'none' },
    { words: ['kill'], flags: [], argument: 'machine' },
    { words: ['heal'], flags: [], argument: 'none' },
    { words: ['partition'], flags: [], argument: 'machineGroups' },
  ],
  machines: ['manager1', 'manager2', 'worker1'],
  services: ['web', 'webapp', 'db'],
};

const at = (line: string) => complete(line, line.length, candidates);

describe('prompt: tab completion of commands, flags, machine and service names', () => {
  it('completes a unique command word and adds a space', () => {
    expect(at('doc')).toEqual({ line: 'docker ', cursor: 7, matches: ['docker'] });
    expect(at('docker no')).toMatchObject({ line: 'docker node ', matches: ['node'] });
  });

  it('lists every candidate for an empty word after a command prefix', () => {
    expect(at('docker ').matches).toEqual(['node', 'service', 'swarm']);
    expect(at('docker ').line).toBe('docker ');
  });

  it('extends an ambiguous word to the longest common prefix and lists the matches', () => {
    expect(at('docker s')).toEqual({ line: 'docker s', cursor: 8, matches: ['service', 'swarm'] });
    expect(at('kill man')).toEqual({ line: 'kill manager', cursor: 12, matches: ['manager1', 'manager2'] });
  });

  it('completes machine names where the command takes a machine', () => {
    expect(at('kill w').line).toBe('kill worker1 ');
    expect(at('docker node update --availability drain w').line).toBe(
      'docker node update --availability drain worker1 ',
    );
  });

  it('completes the name after the last comma in a partition group', () => {
    expect(at('partition manager1,w').line).toBe('partition manager1,worker1 ');
    expect(at('partition manager1 | manager2,man').matches).toEqual([
      'manager2,manager1',
      'manager2,manager2',
    ]);
    expect(at('partition manager1 | manager2,man').line).toBe('partition manager1 | manager2,manager');
  });

  it('completes service names where the command takes a service', () => {
    expect(at('docker service scale d').line).toBe('docker service scale db ');
    expect(at('docker service ps we')).toMatchObject({
      line: 'docker service ps web',
      matches: ['web', 'webapp'],
    });
  });

  it('completes the flags of the typed command', () => {
    expect(at('docker node ls --f').matches).toEqual(['--filter', '--format']);
    expect(at('docker swarm init --adv').line).toBe('docker swarm init --advertise-addr ');
  });

  it('offers no machines to a command without machine arguments', () => {
    expect(at('heal m')).toEqual({ line: 'heal m', cursor: 6, matches: [] });
    expect(at('docker node ls m').matches).toEqual([]);
  });

  it('leaves unknown words, quoted words and key=value words alone', () => {
    expect(at('frobnicate x').matches).toEqual([]);
    expect(at('docker service create --name "we').matches).toEqual([]);
    expect(at('docker service scale web=').matches).toEqual([]);
  });

  it('completes the word before the cursor and keeps the text after it', () => {
    const line = 'kill man && heal';
    const completion = complete(line, 'kill man'.length, candidates);
    expect(completion.line).toBe('kill manager && heal');
    expect(completion.cursor).toBe('kill manager'.length);
  });

  it('clamps a cursor outside the line', () => {
    expect(complete('doc', 99, candidates).line).toBe('docker ');
    expect(complete('doc', -4, candidates).matches).toContain('docker');
  });

  test.prop([fc.string({ maxLength: 30 }), fc.nat({ max: 40 })])(
    'never loses what was typed: the completed line starts with the text before the cursor',
    (line, cursor) => {
      const completion = complete(line, cursor, candidates);
      const before = line.slice(0, Math.min(cursor, line.length));
      expect(completion.line.startsWith(before)).toBe(true);
      expect(completion.line.endsWith(line.slice(Math.min(cursor, line.length)))).toBe(true);
      expect(completion.cursor).toBeGreaterThanOrEqual(before.length);
      expect(completion.cursor).toBeLessThanOrEqual(completion.line.length);
    },
  );
});
