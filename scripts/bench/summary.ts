/** What a run measured, summed up and printed: the header, the tables and the verdicts. */
import os from 'node:os';
import { callsInProgress, evaluateTargets, fixed, percentile, ratiosByRound, spread, throughputReport, verdictsFor, type Findings } from './arithmetic.js';
import type { BenchRequest } from './call-steps.js';
import { FIXED_RATE, LIMITS, ROUND_ORDER, SECONDS_BETWEEN_REQUESTS_PER_CALL, type Options } from './options.js';
import type { PacedResult } from './paced-load.js';
import type { ByServer, PacedReading } from './phases.js';
import { fixedRateTable, longRunLine, memoryGrowth, memoryTable, startupLine, targetLines, throughputTable, type FixedRateSummary, type MemoryFindings } from './report.js';
import { CONNECTIONS, PIPELINING, type Measurement } from './saturation.js';
import { HOST, type ServerName } from './servers.js';

/** p50 and p99 of one run; a run with no answer at all has infinite latency. */
export function latencyOf(run: PacedResult): { p50: number; p99: number } {
  if (run.latenciesMs.length === 0) return { p50: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY };
  return { p50: percentile(run.latenciesMs, 50), p99: percentile(run.latenciesMs, 99) };
}

export function summarizeFixedRate(name: ServerName, runs: readonly PacedReading[]): FixedRateSummary {
  const serverStalls = runs.flatMap((r) => (r.serverStallMs === undefined ? [] : [r.serverStallMs]));
  const latencies = runs.map(latencyOf);
  return {
    server: name,
    p50Ms: spread(latencies.map((l) => l.p50)),
    p99Ms: spread(latencies.map((l) => l.p99)),
    maxMs: Math.max(...runs.flatMap((r) => (r.latenciesMs.length > 0 ? [Math.max(...r.latenciesMs)] : []))),
    answered: runs.reduce((sum, r) => sum + r.answered, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    generatorStallMs: Math.max(...runs.map((r) => r.generatorStallMs)),
    serverStallMs: serverStalls.length > 0 ? Math.max(...serverStalls) : undefined,
  };
}

export function headerLines(options: Options): string[] {
  const cpus = os.cpus();
  const flags = options.nodeFlags.join(' ') || 'none';
  return [
    `Safety hotline benchmark, ${new Date().toISOString()}${options.quick ? ' (--quick: a smoke run, too short for verdicts)' : ''}`,
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${fixed(os.totalmem() / 1024 ** 3, 1)} GB memory, ${os.platform()} ${os.release()}, node ${process.version}; load generator and servers share it, all on ${HOST}`,
    `node flags for every server (npm start's, then --node-flags): ${flags}; the app measured for memory also gets --expose-gc --import gc-probe (bench only)`,
    loadLine('at start'),
  ];
}

/** Other work on the machine decides much of what a run shows; the load average says how much there was. */
export function loadLine(when: string): string {
  const [oneMinute, , fifteenMinutes] = os.loadavg();
  return `machine load average ${when}: ${fixed(oneMinute ?? 0, 1)} over 1 min, ${fixed(fifteenMinutes ?? 0, 1)} over 15 min, on ${os.cpus().length} cores`;
}

export const roundsText = (rounds: number) => `${rounds} interleaved round${rounds === 1 ? '' : 's'}`;

/** Everything one run measured, before it is summed up. */
export interface Measured {
  readonly startupMs: readonly number[];
  readonly steps: readonly BenchRequest[];
  readonly warm: ByServer<Measurement>;
  readonly memory: MemoryFindings;
  readonly rounds: ByServer<Measurement[]>;
  readonly fixedRate: ByServer<PacedReading[]>;
}

export function errorsOf(name: ServerName, measured: Measured): number {
  const sum = (values: readonly { errors: number }[]) => values.reduce((total, v) => total + v.errors, 0);
  return measured.warm[name].errors + sum(measured.rounds[name]) + sum(measured.fixedRate[name]);
}

export function findingsOf(measured: Measured, appFixedRate: FixedRateSummary, options: Options): Findings {
  const { memory } = measured;
  const growth = memoryGrowth(memory);
  return {
    shareOfExpress: shareOf(measured.rounds, 'express'),
    shareOfNodeHttp: shareOf(measured.rounds, 'node:http'),
    fixedRate: FIXED_RATE,
    fixedRateP99Ms: appFixedRate.p99Ms,
    startupMs: spread(measured.startupMs),
    residentAfterWarmupMb: memory.afterWarmup.rss / (1024 * 1024),
    residentGrowth: growth.resident,
    heapGrowth: growth.heap,
    longRunRequests: options.longRunRequests,
    longRunComplete: memory.longRun.requests >= options.longRunRequests,
    errors: {
      app: errorsOf('app', measured) + memory.longRun.errors,
      references: errorsOf('express', measured) + errorsOf('node:http', measured),
    },
  };
}

/** The app's requests per second over a reference's, round by round. */
export const shareOf = (rounds: ByServer<Measurement[]>, reference: ServerName) => spread(ratiosByRound(rounds.app.map((m) => m.rps), rounds[reference].map((m) => m.rps)));

/** Prints what the run measured; `loadAtStart` is the 1-minute load average when it began. */
export function printReport(measured: Measured, options: Options, loadAtStart: number): void {
  const fixedRateSummaries = ROUND_ORDER.map((name) => summarizeFixedRate(name, measured.fixedRate[name]));
  const appFixedRate = fixedRateSummaries[ROUND_ORDER.indexOf('app')] as FixedRateSummary;
  const findings = findingsOf(measured, appFixedRate, options);
  const targets = evaluateTargets(findings, LIMITS);

  console.log(`\n${startupLine(measured.startupMs)}`);
  console.log(`\nThroughput at saturation over the call steps: autocannon, ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${options.durationSeconds} s per run,`);
  console.log(`${roundsText(options.rounds)} (app, express, node:http); median (min–max over the rounds), ratios taken within a round`);
  console.log(throughputTable(measured.rounds));
  console.log(`\nLatency at a fixed rate: ${FIXED_RATE} req/s open loop over the call steps (about ${fixed(callsInProgress(FIXED_RATE, SECONDS_BETWEEN_REQUESTS_PER_CALL))} calls in progress),`);
  console.log(`${roundsText(options.rounds)} of ${options.fixedRateSeconds} s per server; latency from sending to the end of the answer; median (min–max over the rounds)`);
  console.log(fixedRateTable(fixedRateSummaries));
  console.log("(bench / server stalled ms = the longest the load generator's / the app's own event loop was held up in those runs, the app's read by gc-probe;");
  console.log(' an answer is late by a stall on either side, and both stalling alike points at the machine, not the server)');
  console.log('\nMemory (process.memoryUsage() in the app after two forced full collections, via gc-probe; resident = VmRSS)');
  console.log(memoryTable(measured.memory));
  console.log(longRunLine(measured.memory, options.longRunLimitSeconds));
  console.log(`\n${loadLine('at the end')}`);
  const verdicts = verdictsFor(options.quick, loadAtStart, os.cpus().length);
  console.log(`\n${targetLines(targets, verdicts).join('\n')}\n      ${throughputReport(findings)}`);
}

