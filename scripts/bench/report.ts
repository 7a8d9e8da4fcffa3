/** The text `npm run bench` prints: plain tables, medians with the range over rounds in brackets. */
import { fixed, growth, ratiosByRound, signedPercent, spread, spreadText, type Spread, type Target, type Verdicts } from './arithmetic.js';
import type { MemorySample } from './memory-line.js';
import type { Measurement } from './saturation.js';
import type { ServerName } from './servers.js';

const MB = 1024 * 1024;

export interface FixedRateSummary {
  readonly server: ServerName;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  readonly maxMs: number;
  readonly answered: number;
  readonly errors: number;
  /** The load generator's longest own stall over the rounds (see PacedResult). */
  readonly generatorStallMs: number;
  /** The app's longest own event-loop stall over the rounds, from gc-probe; undefined for the references. */
  readonly serverStallMs: number | undefined;
}

export interface MemoryFindings {
  readonly atStart: MemorySample;
  readonly afterWarmup: MemorySample;
  readonly afterLongRun: MemorySample;
  /** VmRSS read just before each collection, to show what garbage-collection timing adds. */
  readonly residentBeforeCollection: { readonly afterWarmup: number; readonly afterLongRun: number };
  readonly warmupRequests: number;
  readonly longRun: Measurement;
  readonly longRunRequests: number;
}

export function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

const ratioText = (s: Spread) => spreadText(s, 2);

/** Each server's requests per second over the rounds, and the app's share of each reference's, taken within a round. */
export function throughputTable(rounds: Readonly<Record<ServerName, readonly Measurement[]>>): string {
  const rps = (name: ServerName) => rounds[name].map((m) => m.rps);
  const rows = (['app', 'express', 'node:http'] as const).map((name) => [
    name,
    spreadText(spread(rps(name))),
    name === 'app' ? '' : ratioText(spread(ratiosByRound(rps('app'), rps(name)))),
  ]);
  return table([['server', 'req/s', 'app ÷ this server'], ...rows], new Set([1, 2]));
}

export function fixedRateTable(summaries: readonly FixedRateSummary[]): string {
  const header = ['server', 'p50 ms', 'p99 ms', 'max ms', 'answered', 'errors', 'bench stalled ms', 'server stalled ms'];
  const rows = summaries.map((s) => [
    s.server,
    spreadText(s.p50Ms, 1),
    spreadText(s.p99Ms, 1),
    fixed(s.maxMs, 1),
    fixed(s.answered),
    fixed(s.errors),
    fixed(s.generatorStallMs),
    s.serverStallMs === undefined ? '–' : fixed(s.serverStallMs),
  ]);
  return table([header, ...rows], new Set([1, 2, 3, 4, 5, 6, 7]));
}

export function memoryTable(memory: MemoryFindings): string {
  const mb = (bytes: number) => fixed(bytes / MB, 1);
  const row = (what: string, sample: MemorySample, before?: number) => [
    what,
    mb(sample.rss),
    mb(sample.heapUsed),
    mb(sample.heapTotal),
    mb(sample.youngGeneration),
    before === undefined ? '' : mb(before),
  ];
  const { resident, heap } = memoryGrowth(memory);
  const growthRow = ['growth over the long run', signedPercent(resident), signedPercent(heap), '', '', ''];
  return table(
    [
      ['app, after two full collections', 'resident MB', 'heap used MB', 'heap total MB', 'of it young generation MB', 'resident before collection MB'],
      row('at start, before the first call', memory.atStart),
      row(`after warm-up (${fixed(memory.warmupRequests)} requests)`, memory.afterWarmup, memory.residentBeforeCollection.afterWarmup),
      row(`after ${fixed(memory.longRun.requests)} more requests`, memory.afterLongRun, memory.residentBeforeCollection.afterLongRun),
      growthRow,
    ],
    new Set([1, 2, 3, 4, 5]),
  );
}

export function memoryGrowth(memory: MemoryFindings): { resident: number; heap: number } {
  return { resident: growth(memory.afterWarmup.rss, memory.afterLongRun.rss), heap: growth(memory.afterWarmup.heapUsed, memory.afterLongRun.heapUsed) };
}

export function longRunLine(memory: MemoryFindings, limitSeconds: number): string {
  const run = memory.longRun;
  const stopped = run.requests < memory.longRunRequests ? ` (stopped at the ${limitSeconds} s limit)` : '';
  return `long run: ${fixed(run.requests)} requests over the call steps in ${fixed(run.seconds, 1)} s${stopped}, ${fixed(run.rps)} req/s, ${fixed(run.errors)} errors`;
}

export function startupLine(startupMs: readonly number[]): string {
  return `app start-up, spawn to the first 200 on GET /healthz, ${startupMs.length} start${startupMs.length === 1 ? '' : 's'}: ${spreadText(spread(startupMs), 0, ' ms')}`;
}

/** One line per target: PASS or FAIL when the run decides, else "within" or "over" and, last, why it does not. */
export function targetLines(targets: readonly Target[], verdicts: Verdicts = { kind: 'verdicts' }): string[] {
  if (verdicts.kind === 'verdicts') return targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.what}: ${t.measured}`);
  return [
    ...targets.map((t) => `${t.pass ? 'within' : 'over  '}  ${t.what}: ${t.measured}`),
    `No verdict: ${verdicts.why}. Run "npm run bench" on a quiet machine for PASS or FAIL.`,
  ];
}
