import { assert } from '../../assert.js';
import type { CommandLine, InteractionEnvironment } from '../interaction.js';
import type { TestNetwork } from '../network.js';

export function requireNetwork(environment: InteractionEnvironment): TestNetwork {
  assert(environment.network !== null, 'run add-nodes first');
  return environment.network;
}

/** The node named by the first positional argument, checked against the cluster. */
export function nodeArgument(network: TestNetwork, command: CommandLine, position = 0): string {
  const id = command.positional[position];
  assert(id !== undefined, `${command.name} needs a node id`);
  assert(network.ids.includes(id), `unknown node ${id}`);
  return id;
}

export function integerOption(command: CommandLine, name: string, fallback: number): number {
  const text = command.options[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  assert(Number.isSafeInteger(value) && value >= 0, `${name} must be a non-negative integer, got ${text}`);
  return value;
}

export function booleanOption(command: CommandLine, name: string, fallback: boolean): boolean {
  const text = command.options[name];
  if (text === undefined) return fallback;
  assert(text === 'true' || text === 'false', `${name} must be true or false, got ${text}`);
  return text === 'true';
}
