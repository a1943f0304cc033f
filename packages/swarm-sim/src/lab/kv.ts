/**
 * The lab's replicated state machine: a small key-value store. Commands travel through the
 * Raft log as text; reads do too (`get x` is a log entry), so every answer is linearizable.
 *
 *   set KEY VALUE   -> "ok"
 *   del KEY         -> "ok"
 *   get KEY         -> the value, or "nil"
 *
 * Keys and values are 1-64 characters from [A-Za-z0-9_.:-]; `__proto__` is refused as a key
 * (the store is a plain object).
 */

export type KvCommand =
  | { readonly type: 'set'; readonly key: string; readonly value: string }
  | { readonly type: 'del'; readonly key: string }
  | { readonly type: 'get'; readonly key: string };

/** The store: plain data. Keys are strings, iterated in sorted order for display. */
export type KvStore = Record<string, string>;

const tokenPattern = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Parses a command; returns an error sentence for anything else. */
export function parseKvCommand(text: string): KvCommand | string {
  const words = text.trim().split(/\s+/);
  const [verb, key, value] = words;
  const usage = 'commands are: set KEY VALUE, del KEY, get KEY';
  if (verb === undefined || verb === '') return `empty command; ${usage}`;
  if (verb !== 'set' && verb !== 'del' && verb !== 'get') return `unknown command "${verb}"; ${usage}`;
  const expected = verb === 'set' ? 3 : 2;
  if (words.length !== expected)
    return `${verb} takes ${expected - 1} argument${expected === 3 ? 's' : ''}; ${usage}`;
  if (key === undefined || !tokenPattern.test(key) || key === '__proto__') {
    return `bad key "${key ?? ''}": use 1-64 of A-Z a-z 0-9 _ . : -`;
  }
  if (verb === 'set') {
    if (value === undefined || !tokenPattern.test(value)) {
      return `bad value "${value ?? ''}": use 1-64 of A-Z a-z 0-9 _ . : -`;
    }
    return { type: 'set', key, value };
  }
  return verb === 'del' ? { type: 'del', key } : { type: 'get', key };
}

export function formatKvCommand(command: KvCommand): string {
  return command.type === 'set' ? `set ${command.key} ${command.value}` : `${command.type} ${command.key}`;
}

/** Applies a command to the store in place; returns what the client is told. */
export function applyKvCommand(store: KvStore, command: KvCommand): string {
  switch (command.type) {
    case 'set':
      store[command.key] = command.value;
      return 'ok';
    case 'del':
      delete store[command.key];
      return 'ok';
    case 'get':
      return Object.hasOwn(store, command.key) ? (store[command.key] as string) : 'nil';
  }
}

/** Serialises a store for a snapshot: sorted keys, so equal stores give equal text. */
export function serializeKvStore(store: KvStore): string {
  const sorted: KvStore = {};
  for (const key of Object.keys(store).sort()) sorted[key] = store[key] as string;
  return JSON.stringify(sorted);
}

export function deserializeKvStore(data: string): KvStore {
  if (data === '') return {};
  const parsed: unknown = JSON.parse(data);
  const store: KvStore = {};
  if (typeof parsed !== 'object' || parsed === null) return store;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') store[key] = value;
  return store;
}
