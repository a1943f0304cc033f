/**
 * Reading and writing session files for `save` and `load`. A save never leaves half a file: the
 * text goes to a temporary file beside the target, which is then renamed over it (a rename within
 * one directory is atomic on POSIX file systems), so a crash mid-save keeps the old file whole.
 * Errors come back as sentences, never as exceptions.
 */

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

export interface SessionFiles {
  read(path: string): Promise<ReadResult>;
  /** Writes atomically; returns an error sentence or null. */
  write(path: string, text: string): Promise<string | null>;
}

/** A session file larger than this is not one swarmsim wrote. */
export const sessionFileBytesMax = 64 * 1024 * 1024;

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

export const systemSessionFiles: SessionFiles = {
  async read(path) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) return { ok: false, error: `cannot read ${path}: it is a directory` };
      if (info.size > sessionFileBytesMax)
        return { ok: false, error: `${path} is too large to be a session` };
      return { ok: true, text: await readFile(path, 'utf8') };
    } catch (error) {
      return { ok: false, error: `cannot read ${path}: ${reason(error)}` };
    }
  },
  async write(path, text) {
    const temporary = join(
      dirname(path),
      `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    try {
      await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
      await rename(temporary, path);
      return null;
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      return `cannot write ${path}: ${reason(error)}`;
    }
  },
};
