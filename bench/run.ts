/**
 * `npm run bench` (= `tsx bench/run.ts`): runs every benchmark section and prints its figures;
 * `npm run bench -- --json` prints them as one JSON document, `--only NAME` runs one section,
 * `--quick` does about a tenth of the work. The simulator is imported from the built packages
 * (what `swarmsim` runs), so build first: `npm ci` or `npm run build`.
 *
 * Adding a section: write `bench/<name>.ts` exporting a `BenchSection` (types.ts) and add it to
 * `loadSections` below. docs/benchmarks.md records the figures and what limits them.
 */
import { cpus } from 'node:os';
import type { BenchFigure, BenchSection } from './types.js';

async function loadSections(): Promise<BenchSection[]> {
  const { kernelSection } = await import('./kernel.js');
  const { lossyLabSection, raftScopeLabSection, raftScopeLabTraceOffSection } = await import('./lab.js');
  const { tuiLargeSection, tuiSwarmSection } = await import('./tui.js');
  const { swarm2kSection } = await import('./swarm2k.js');
  return [
    kernelSection,
    raftScopeLabSection,
    raftScopeLabTraceOffSection,
    lossyLabSection,
    tuiSwarmSection,
    tuiLargeSection,
    swarm2kSection,
  ];
}

interface BenchArguments {
  readonly json: boolean;
  readonly quick: boolean;
  readonly only: string | null;
}

function parseArguments(argv: readonly string[]): BenchArguments | string {
  let json = false;
  let quick = false;
  let only: string | null = null;
  for (let position = 0; position < argv.length; position++) {
    const argument = argv[position];
    if (argument === '--json') json = true;
    else if (argument === '--quick') quick = true;
    else if (argument === '--only' && argv[position + 1] !== undefined) only = argv[++position] ?? null;
    else return `unknown argument "${argument}"; usage: npm run bench -- [--json] [--quick] [--only NAME]`;
  }
  return { json, quick, only };
}

function formatTable(section: BenchSection, figures: readonly BenchFigure[]): string {
  const lines = [`${section.title}`, `  ${section.setup}`];
  for (const figure of figures) {
    lines.push(
      `  ${figure.name.padEnd(32)} ${figure.value.toLocaleString('en-US').padStart(14)}  ${figure.unit}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`bench: ${parsed}\n`);
    return 2;
  }
  let sections: BenchSection[];
  try {
    sections = await loadSections();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`bench: cannot load the simulator; run \`npm run build\` first (${message})\n`);
    return 1;
  }
  const chosen = sections.filter((section) => parsed.only === null || section.name === parsed.only);
  if (chosen.length === 0) {
    process.stderr.write(
      `bench: no section "${parsed.only}"; sections: ${sections.map((each) => each.name).join(', ')}\n`,
    );
    return 2;
  }
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? '',
  };
  if (!parsed.json) process.stdout.write(`node ${machine.node}, ${machine.platform}, ${machine.cpu}\n\n`);
  const results: Record<string, { title: string; setup: string; figures: Record<string, number> }> = {};
  for (const section of chosen) {
    const figures = await section.run({ quick: parsed.quick });
    results[section.name] = {
      title: section.title,
      setup: section.setup,
      figures: Object.fromEntries(figures.map((figure) => [figure.name, figure.value])),
    };
    if (!parsed.json) process.stdout.write(`${formatTable(section, figures)}\n\n`);
  }
  if (parsed.json) process.stdout.write(`${JSON.stringify({ machine, sections: results }, null, 2)}\n`);
  return 0;
}

process.exitCode = await main();
