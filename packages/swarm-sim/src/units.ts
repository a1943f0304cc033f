/**
 * Durations as the sandbox reads and writes them: integer milliseconds inside, Go-style text
 * outside (`500ms`, `3s`, `1m30s`, `2h`), as Docker's flags accept them.
 */
const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `3s`, `1m30s`, `1.5s`; returns null for anything else. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let totalMs = 0;
  let position = 0;
  while (position < trimmed.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(trimmed);
    if (match === null) return null;
    totalMs += Number(match[1]) * (unitMs[match[2] as string] as number);
    position = pattern.lastIndex;
  }
  if (position === 0) return null;
  return Math.round(totalMs);
}

/** Formats milliseconds as Go's time.Duration does: `0s`, `500ms`, `10s`, `1m30s`, `2h0m0s`. */
export function formatDuration(durationMs: number): string {
  if (durationMs === 0) return '0s';
  if (durationMs < 1000) return `${durationMs}ms`;
  const hours = Math.floor(durationMs / 3_600_000);
  const minutes = Math.floor((durationMs % 3_600_000) / 60_000);
  const seconds = (durationMs % 60_000) / 1000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
