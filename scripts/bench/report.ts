/** The text `npm run bench` prints: plain tables, medians with the range over rounds in brackets. */
import { fixed, growth, signedPercent, spread, spreadText, type RateStep, type Spread, type Target } from './arithmetic.js';
import type { MemorySample } from './memory-line.js';
import type { Measurement } from './saturation.js';
import type { ServerName } from './servers.js';

const MB = 1024 * 1024;

/** Per step, the interleaved rounds summed up; every figure from ratios taken within a round. */
export interface StepSummary {
  readonly step: string;
  readonly appBytes: number;
  readonly appRps: Spread;
  readonly shareOfExpress: Spread;
  readonly shareOfNodeHttp: Spread;
  readonly appCpuMicros: Spread;
  readonly expressCpuMicros: Spread;
  /** Express CPU per request ÷ the app's: the throughput share the app would reach on a CPU of its own. */
  readonly cpuShareOfExpress: Spread;
}

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

export interface CapacityStep extends RateStep {
  readonly p50Ms: number;
  readonly carried: boolean;
  readonly generatorStallMs: number;
  readonly serverStallMs: number;
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

export function stepTable(summaries: readonly StepSummary[]): string {
  const header = ['step', 'app req/s', 'app ÷ express', 'app ÷ node:http', 'app CPU µs/req', 'express CPU µs/req', 'express ÷ app CPU', 'answer bytes'];
  const rows = summaries.map((s) => [
    s.step,
    spreadText(s.appRps),
    ratioText(s.shareOfExpress),
    ratioText(s.shareOfNodeHttp),
    spreadText(s.appCpuMicros),
    spreadText(s.expressCpuMicros),
    ratioText(s.cpuShareOfExpress),
    fixed(s.appBytes),
  ]);
  return table([header, ...rows], new Set([1, 2, 3, 4, 5, 6, 7]));
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

export function capacityTable(steps: readonly CapacityStep[]): string {
  const header = ['asked req/s', 'answered/s', 'p50 ms', 'p99 ms', 'errors', 'bench stalled ms', 'app stalled ms', ''];
  const rows = steps.map((s) => [
    fixed(s.rate),
    fixed(s.answeredPerSecond),
    fixed(s.p50Ms, 1),
    fixed(s.p99Ms, 1),
    fixed(s.errors),
    fixed(s.generatorStallMs),
    fixed(s.serverStallMs),
    s.carried ? 'carried' : 'not carried',
  ]);
  return table([header, ...rows], new Set([0, 1, 2, 3, 4, 5, 6]));
}

export function capacityLine(rate: number | undefined, calls: number | undefined, p99Ms: number, secondsBetweenRequests: number): string {
  const assumption = `assuming each call in progress makes one webhook request every ${secondsBetweenRequests} s`;
  if (rate === undefined || calls === undefined) return `one instance on this machine carried none of the rates tried at p99 < ${p99Ms} ms (${assumption})`;
  return `one instance on this machine answers ${fixed(rate)} requests/s at p99 < ${p99Ms} ms, about ${fixed(calls)} calls in progress (${assumption})`;
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

export function targetLines(targets: readonly Target[]): string[] {
  return targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.what}: ${t.measured}`);
}
