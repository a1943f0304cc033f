/**
 * What a benchmark section is: a name, a title, and a function that measures and returns
 * figures. `run.ts` imports every section and prints their figures as a table or as JSON.
 * To add one (the swarm at Swarm2K scale, TUI frame times), write a file exporting a
 * `BenchSection` and add it to the list in run.ts.
 *
 * Wall-clock time is read here and only here: benchmarks measure the simulator from outside.
 */

export interface BenchFigure {
  /** camelCase, with its unit last: `deliveriesPerWallSecond`, `peakRssMegabytes`. */
  readonly name: string;
  readonly value: number;
  /** What the number counts, for the table: "deliveries/s", "MB". */
  readonly unit: string;
}

export interface BenchOptions {
  /** Shorter runs (for a smoke test): about a tenth of the work. */
  readonly quick: boolean;
}

export interface BenchSection {
  /** The key in `--json` output and for `--only NAME`. */
  readonly name: string;
  readonly title: string;
  /** What was run, in one sentence (parameters included). */
  readonly setup: string;
  run(options: BenchOptions): BenchFigure[] | Promise<BenchFigure[]>;
}

/** Milliseconds of wall time `work` took. */
export function wallMs(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** The process's peak resident set so far, in megabytes (`maxRSS` is in kilobytes). */
export function peakRssMegabytes(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Rounds a rate to three significant digits, so tables stay readable. */
export function roundRate(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
