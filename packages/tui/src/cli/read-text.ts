/**
 * Reading files a user named: a scenario or session on the command line (`readText`), and the
 * files the sandbox shell opens while a scenario runs (`readShellFile`, for `docker stack deploy
 * -c FILE`; paths are relative to the working directory, as in a real shell). Errors come back
 * as sentences, never as exceptions.
 */
import { readFileSync, statSync } from 'node:fs';

export type ReadText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** Bigger than any scenario, session or compose file a person writes. */
export const textFileBytesMax = 16 * 1024 * 1024;

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The file's text, or why not: `no such file or directory`, `is a directory`, … */
export function readShellFile(path: string): ReadText {
  try {
    const info = statSync(path);
    if (info.isDirectory()) return { ok: false, error: 'is a directory' };
    if (info.size > textFileBytesMax) return { ok: false, error: `file is too large (${info.size} bytes)` };
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { ok: false, error: reason(error) };
  }
}

/** The file's text, or an error sentence that names it: `web.yaml: no such file or directory`. */
export function readText(path: string): ReadText {
  const read = readShellFile(path);
  return read.ok ? read : { ok: false, error: `${path}: ${read.error}` };
}
