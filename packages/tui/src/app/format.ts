/**
 * Small text helpers shared by the panes: virtual time, speed, fixed-width cells. Pure functions;
 * every pane pre-sizes its text with them so a line never wraps.
 */

/** The speeds `+` and `-` step through (a 1-2-5 ladder from 1/100× to 1000×). */
export const speedLadder: readonly number[] = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
];

/**
 * The next speed on the ladder in the given direction, from any current speed (even one not on
 * the ladder). Stays at the ends: 1000× does not get faster, 1/100× does not get slower.
 */
export function nextSpeed(speed: number, direction: 'faster' | 'slower'): number {
  if (direction === 'faster') {
    return speedLadder.find((step) => step > speed) ?? (speedLadder.at(-1) as number);
  }
  return speedLadder.findLast((step) => step < speed) ?? (speedLadder[0] as number);
}

/** `1×`, `10×`, `1000×`; below one as a fraction: `1/2×`, `1/100×`. */
export function formatSpeed(speed: number): string {
  if (speed >= 1) return `${Number(speed.toFixed(2))}×`;
  if (speed <= 0) return '0×';
  const denominator = 1 / speed;
  if (Math.abs(denominator - Math.round(denominator)) < 1e-9) return `1/${Math.round(denominator)}×`;
  return `${Number(speed.toFixed(3))}×`;
}

/** Virtual time as a stopwatch: `0.000s`, `12.345s`, `1m02.345s`, `1h00m02.345s`. */
export function formatVirtualTime(atMs: number): string {
  const totalMs = Math.max(0, Math.floor(atMs));
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const seconds = Math.floor((totalMs % 60_000) / 1000);
  const milliseconds = totalMs % 1000;
  const secondsText = `${seconds}.${String(milliseconds).padStart(3, '0')}s`;
  if (hours > 0) return `${hours}h${pad2(minutes)}m${secondsText.padStart(7, '0')}`;
  if (minutes > 0) return `${minutes}m${secondsText.padStart(7, '0')}`;
  return secondsText;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Cuts text to at most `width` characters, marking a cut with `…`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return '…';
  return `${text.slice(0, width - 1)}…`;
}

/** Exactly `width` characters: truncated or padded with spaces on the right. */
export function fit(text: string, width: number): string {
  return truncate(text, width).padEnd(Math.max(0, width));
}

/** Exactly `width` characters, padded on the left (for numbers). */
export function fitRight(text: string, width: number): string {
  return truncate(text, width).padStart(Math.max(0, width));
}

/** Ink colour names used for Raft terms, one per term modulo the palette's length. */
export const termPalette: readonly string[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

/** The colour of a term, so equal terms look alike across managers (RaftScope does the same). */
export function termColor(term: number): string {
  return termPalette[Math.abs(term) % termPalette.length] as string;
}

/**
 * The rows of a list of `total` rows to show in `height` rows so that `selected` stays visible:
 * a window [start, end). With no selection the window follows the tail (the newest rows).
 */
export function visibleWindow(
  total: number,
  height: number,
  selected: number | null,
): { readonly start: number; readonly end: number } {
  const rows = Math.max(0, height);
  if (total <= rows) return { start: 0, end: total };
  if (selected === null || selected < 0) return { start: total - rows, end: total };
  const centred = selected - Math.floor(rows / 2);
  const start = Math.min(Math.max(0, centred), total - rows);
  return { start, end: start + rows };
}
