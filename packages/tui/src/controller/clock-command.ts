/**
 * The controller's own commands, read from a line typed at the prompt (or produced by a key):
 * `clock pause|resume|speed N|step|back|forward`, `clock` alone for the clock's state,
 * `save FILE` and `load FILE`. Anything else belongs to the world's driver. Pure functions.
 */

/** Slowest and fastest clock: a hundred times slower than real time to a thousand times faster. */
export const speedMin = 0.01;
export const speedMax = 1000;

export type ControllerCommand =
  | { readonly kind: 'clockStatus' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'speed'; readonly speed: number }
  | { readonly kind: 'step' }
  | { readonly kind: 'back' }
  | { readonly kind: 'forward' }
  | { readonly kind: 'save'; readonly file: string }
  | { readonly kind: 'load'; readonly file: string };

export type ParsedLine =
  | { readonly kind: 'controller'; readonly command: ControllerCommand }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'world' };

export const clockUsage = 'clock pause | resume | speed N | step | back | forward';

/**
 * Reads a speed: `10`, `10x`, `10×`, `0.5`, `1/100`, `1/100×`. Returns the speed, or a sentence
 * saying what is accepted.
 */
export function parseSpeed(text: string): number | string {
  const trimmed = text.trim().replace(/[x×]$/i, '');
  const fraction = /^(\d{1,4})\/(\d{1,4})$/.exec(trimmed);
  const value = fraction
    ? Number(fraction[1]) / Number(fraction[2])
    : /^\d{1,4}(\.\d{1,4})?$/.test(trimmed)
      ? Number(trimmed)
      : Number.NaN;
  if (!Number.isFinite(value) || value < speedMin - 1e-12 || value > speedMax) {
    return `clock speed: "${text}" is not a speed from 1/100 to 1000 (write 10, 0.5 or 1/100)`;
  }
  return value;
}

/** Splits a line into words the way the controller's commands need (files may be quoted). */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    found.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return found;
}

export function parseControllerLine(line: string): ParsedLine {
  const [verb, ...rest] = words(line);
  if (verb === 'clock') return parseClock(rest);
  if (verb === 'save' || verb === 'load') {
    if (rest.length !== 1 || rest[0] === '') {
      return { kind: 'error', message: `${verb}: name one file, e.g. ${verb} session.json` };
    }
    return { kind: 'controller', command: { kind: verb, file: rest[0] as string } };
  }
  return { kind: 'world' };
}

function parseClock(rest: readonly string[]): ParsedLine {
  const [verb, ...values] = rest;
  const command = (parsed: ControllerCommand): ParsedLine => ({ kind: 'controller', command: parsed });
  if (verb === undefined) return command({ kind: 'clockStatus' });
  if (verb === 'speed') {
    if (values.length !== 1)
      return { kind: 'error', message: 'clock speed takes one speed, e.g. clock speed 10' };
    const speed = parseSpeed(values[0] as string);
    return typeof speed === 'string' ? { kind: 'error', message: speed } : command({ kind: 'speed', speed });
  }
  if (values.length > 0) return { kind: 'error', message: `clock ${verb} takes no argument` };
  switch (verb) {
    case 'pause':
    case 'resume':
    case 'step':
    case 'back':
    case 'forward':
      return command({ kind: verb });
    default:
      return { kind: 'error', message: `clock: unknown verb "${verb}" (${clockUsage})` };
  }
}
