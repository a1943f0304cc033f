/**
 * What the command line talks to: standard input and output, files, and where a fresh seed comes
 * from. `nodeCliIo()` is the real process; tests pass their own (memory streams, a fixed seed, a
 * file map), so the whole program runs in-process without touching `process`.
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True when a person types into standard input: the shell then shows a prompt. */
  readonly interactive: boolean;
  /** Writes a whole file; returns an error sentence, or null when it was written. */
  writeFile(path: string, text: string): string | null;
  /** A seed for a run started without `--seed` (the run prints it first). */
  randomSeed(): number;
}

/** The largest seed this command line draws or accepts for a campaign: 2^31 - 1. */
export const seedMax = 0x7fff_ffff;

export function nodeCliIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: process.stdin.isTTY === true,
    writeFile(path, text) {
      try {
        writeFileSync(path, text);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    randomSeed: () => randomInt(1, seedMax),
  };
}
