/**
 * Golden transcripts: the format, the normaliser ("modulo IDs, tokens and times", issue 5) and
 * the diff a failing golden prints.
 */
import { describe, expect, it } from 'vitest';
import { diffLines, normaliseTranscript, parseTranscript, renderResult } from './transcript.js';

describe('the transcript format', () => {
  it('reads header directives and the commands after each prompt', () => {
    const parsed = parseTranscript(
      '# A session.\n# seed: 42\n# preset: tutorial\n$ use manager1\nmanager1$ docker node ls\nID   HOSTNAME\n! an error\n[exit 1]\n',
    );
    expect(parsed).toEqual({
      ok: true,
      transcript: {
        header: ['# A session.', '# seed: 42', '# preset: tutorial'],
        seed: 42,
        preset: 'tutorial',
        commands: ['use manager1', 'docker node ls'],
      },
    });
    expect(parseTranscript('# nothing\n').ok).toBe(false);
    expect(parseTranscript('# seed: x\n$ heal\n')).toEqual({
      ok: false,
      error: 'line 1: seed must be a whole number',
    });
  });

  it('renders stdout as is, stderr with "! ", a non-zero exit code last', () => {
    expect(
      renderResult({
        atMs: 0,
        node: 'worker1',
        command: 'docker node ls',
        stdout: '',
        stderr: 'Error: x\n\nUsage\n',
        exitCode: 1,
      }),
    ).toBe('worker1$ docker node ls\n! Error: x\n!\n! Usage\n[exit 1]\n');
    expect(
      renderResult({ atMs: 0, node: null, command: 'machine ls', stdout: 'a\nb', stderr: '', exitCode: 0 }),
    ).toBe('$ machine ls\na\nb\n[no newline at end of stdout]\n');
  });
});

describe('normalising (modulo IDs, tokens and times)', () => {
  const id1 = 'dxn1zf6l61qsb1josjja83ngz';
  const id2 = '9j68exjopxe7wfl6yuxml7a7j';
  const token = `SWMTKN-1-${'4'.repeat(50)}-${'8'.repeat(25)}`;

  it('numbers IDs by first appearance and keeps table columns aligned', () => {
    const text = `current node (${id1}) is\n${id2}     worker1\n${id1} *   manager1\n`;
    expect(normaliseTranscript(text)).toBe(
      'current node (<ID-1>~~~~~~~~~~~~~~~~~~~) is\n<ID-2>~~~~~~~~~~~~~~~~~~~     worker1\n<ID-1>~~~~~~~~~~~~~~~~~~~ *   manager1\n',
    );
  });

  it('masks tokens, unlock keys, timestamps and relative times', () => {
    const text = `--token ${token} 192.168.99.100:2377\nSWMKEY-1-abc+/def\n"CreatedAt": "2009-11-10T23:00:05.25Z"\nJoined at: 2009-11-10 23:00:05 +0000 utc\nRunning 5 seconds ago\nRunning about a minute ago\n`;
    expect(normaliseTranscript(text)).toBe(
      '--token <TOKEN-1> 192.168.99.100:2377\n<UNLOCK-KEY-1>\n"CreatedAt": "<TIME>"\nJoined at: <TIME>\nRunning <N> seconds ago\nRunning <N> minutes ago\n',
    );
  });

  it('is idempotent, so a stored golden normalises to itself', () => {
    const once = normaliseTranscript(`${id1} ${token} ${id2} 3 hours ago`);
    expect(normaliseTranscript(once)).toBe(once);
  });

  it('treats the same ID as the same placeholder, different IDs as different ones', () => {
    const a = normaliseTranscript(`${id1} ${id2}`);
    const b = normaliseTranscript(`${id1} ${id1}`);
    expect(a).not.toBe(b);
  });
});

describe('the diff a failing golden prints', () => {
  it('marks missing and added lines with two lines of context', () => {
    expect(diffLines('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nD\ne\nf\ng')).toBe(
      '--- expected\n+++ actual\n  b\n  c\n- d\n+ D\n  e\n  f',
    );
    expect(diffLines('same', 'same')).toBeNull();
  });
});
