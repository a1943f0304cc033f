import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { CompletionCandidates } from '../app/complete.js';
import { fakeCommandSpecs } from '../app/fake-controller.js';
import { plain, settle } from '../app/terminal-harness.js';
import { Prompt, visibleLine } from './Prompt.js';

const candidates: CompletionCandidates = {
  commands: fakeCommandSpecs,
  machines: ['manager1', 'manager2', 'worker1'],
  services: ['web'],
};

const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  enter: '\r',
  tab: '\t',
  escape: '\u001B',
  backspace: '\u007F',
};

async function type(stdin: { write(data: string): void }, ...inputs: string[]) {
  for (const input of inputs) {
    stdin.write(input);
    await settle();
  }
}

function setup(history: readonly string[] = []) {
  const onSubmit = vi.fn<(line: string) => void>();
  const onCancel = vi.fn<() => void>();
  const rendered = render(
    <Prompt
      host="manager1"
      width={80}
      history={history}
      completionCandidates={() => candidates}
      onSubmit={onSubmit}
      onCancel={onCancel}
    />,
  );
  return { ...rendered, onSubmit, onCancel, frame: () => plain(rendered.lastFrame()) };
}

describe('prompt: a shell line on the current machine', () => {
  it('reads `manager1$` and shows what is typed', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, 'd', 'o', 'c');
    await expect.poll(prompt.frame).toBe('manager1$ doc');
  });

  it('runs the line on Enter and clears itself', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, 'heal', keys.enter);
    await vi.waitFor(() => expect(prompt.onSubmit).toHaveBeenCalledWith('heal'));
    await expect.poll(prompt.frame).toBe('manager1$');
  });

  it('edits in the middle of the line and erases with backspace', async () => {
    const prompt = setup();
    await settle();
    await type(
      prompt.stdin,
      'kil manager1',
      ...Array.from({ length: 9 }, () => keys.left),
      'l',
      keys.backspace,
      'l',
    );
    await type(prompt.stdin, keys.enter);
    await vi.waitFor(() => expect(prompt.onSubmit).toHaveBeenCalledWith('kill manager1'));
  });

  it('runs each line of a paste, as a shell does', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, 'docker node ls\rheal\rkill');
    await vi.waitFor(() => expect(prompt.onSubmit.mock.calls).toEqual([['docker node ls'], ['heal']]));
    await expect.poll(prompt.frame).toBe('manager1$ kill');
  });

  it('closes on Esc', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, keys.escape);
    await vi.waitFor(() => expect(prompt.onCancel).toHaveBeenCalled());
  });
});

describe('prompt: history with up and down', () => {
  it('recalls earlier lines, newest first, and comes back to the draft', async () => {
    const prompt = setup(['docker node ls', 'kill manager1']);
    await settle();
    await type(prompt.stdin, 'he', keys.up);
    await expect.poll(prompt.frame).toBe('manager1$ kill manager1');
    await type(prompt.stdin, keys.up);
    await expect.poll(prompt.frame).toBe('manager1$ docker node ls');
    await type(prompt.stdin, keys.down, keys.down);
    await expect.poll(prompt.frame).toBe('manager1$ he');
  });
});

describe('prompt: tab completion', () => {
  it('completes a command word by word', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, 'doc', keys.tab, 'se', keys.tab, 'sc', keys.tab, 'w', keys.tab);
    await expect.poll(prompt.frame).toBe('manager1$ docker service scale web');
  });

  it('lists the matches when the word is ambiguous', async () => {
    const prompt = setup();
    await settle();
    await type(prompt.stdin, 'kill man', keys.tab);
    await expect.poll(prompt.frame).toBe('manager1$ kill manager    manager1  manager2');
    await type(prompt.stdin, '2');
    await expect.poll(prompt.frame).toBe('manager1$ kill manager2');
  });
});

describe('prompt: long lines scroll to keep the cursor in view', () => {
  it('shows the end of a line longer than the room', () => {
    const text = 'docker service create --name web --replicas 3 nginx';
    expect(visibleLine({ text, cursor: text.length }, 10)).toEqual({
      before: 's 3 nginx',
      under: ' ',
      after: '',
    });
    expect(visibleLine({ text, cursor: 0 }, 10)).toEqual({ before: '', under: 'd', after: 'ocker ser' });
  });
});
