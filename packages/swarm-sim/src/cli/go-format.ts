/**
 * Go's text forms of values that docker prints: `time.Time` in JSON (RFC 3339 with trimmed
 * nanoseconds) and through `%v` (`2009-11-10 23:00:00 +0000 UTC`), and `encoding/json`'s
 * indented output with its HTML escaping.
 *
 * Virtual time starts at a fixed epoch so that timestamps replay byte for byte:
 * `virtualEpochMs` is 2009-11-10T23:00:00Z, the Go playground's "now", which docker/cli's own
 * golden files use. A node created at virtual time 5 s shows `CreatedAt: 2009-11-10T23:00:05Z`.
 */

/** 2009-11-10T23:00:00Z in Unix milliseconds: virtual time 0 as a wall-clock instant. */
export const virtualEpochMs = Date.UTC(2009, 10, 10, 23, 0, 0);

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

interface Parts {
  readonly date: string;
  readonly clock: string;
  /** `.5`, `.123`, or '' when the milliseconds are 0 (Go trims trailing zeros). */
  readonly fraction: string;
}

function parts(atMs: number): Parts {
  const instant = new Date(virtualEpochMs + atMs);
  const date = `${pad(instant.getUTCFullYear(), 4)}-${pad(instant.getUTCMonth() + 1, 2)}-${pad(instant.getUTCDate(), 2)}`;
  const clock = `${pad(instant.getUTCHours(), 2)}:${pad(instant.getUTCMinutes(), 2)}:${pad(instant.getUTCSeconds(), 2)}`;
  const milliseconds = instant.getUTCMilliseconds();
  const fraction = milliseconds === 0 ? '' : `.${pad(milliseconds, 3).replace(/0+$/, '')}`;
  return { date, clock, fraction };
}

/** `time.Time` marshalled to JSON (RFC3339Nano): `2009-11-10T23:00:05.25Z`. */
export function rfc3339(atMs: number): string {
  const { date, clock, fraction } = parts(atMs);
  return `${date}T${clock}${fraction}Z`;
}

/** `time.Time.String()`: `2009-11-10 23:00:05.25 +0000 UTC`. */
export function goTimeString(atMs: number): string {
  const { date, clock, fraction } = parts(atMs);
  return `${date} ${clock}${fraction} +0000 UTC`;
}

/** encoding/json's HTML-safe escaping of `<`, `>`, `&`, U+2028 and U+2029. */
function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (character) => {
    return `\\u${(character.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
  });
}

/**
 * `json.MarshalIndent(value, "", "    ")` as docker's inspect prints it: four-space indent,
 * `{}` and `[]` for empty containers, HTML characters escaped. Object keys keep their order
 * (build API objects in Go's struct field order; sort map keys with `sortedRecord`).
 */
export function goJsonIndent(value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 4) ?? 'null');
}

/** A Go map marshals with sorted keys. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key] as string;
  return sorted;
}
