import { describe, expect, it } from 'vitest';
import {
  callsInProgress,
  evaluateTargets,
  throughputReport,
  growth,
  median,
  missingPackages,
  percentile,
  ratiosByRound,
  spread,
  verdictsFor,
  type Findings,
  type Limits,
} from '../scripts/bench/arithmetic.js';
import { targetLines } from '../scripts/bench/report.js';

describe('bench arithmetic: medians, ranges, percentiles, ratios', () => {
  it('When the count is odd, Then the median is the middle value, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('When the count is even, Then the median is the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('When there are no values, Then median, spread and percentile refuse', () => {
    expect(() => median([])).toThrow(/no values/);
    expect(() => spread([])).toThrow(/no values/);
    expect(() => percentile([], 99)).toThrow(/no values/);
  });

  it('When rounds are summed up, Then the spread is their median, lowest and highest', () => {
    expect(spread([0.92, 0.81, 1.04, 0.95, 0.88])).toEqual({ median: 0.92, min: 0.81, max: 1.04 });
  });

  it('When a percentile is asked, Then it is the nearest-rank value, one that occurred', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([10, 20, 30, 40], 99)).toBe(40);
  });

  it('When ratios are taken, Then each round is divided by the same round, not by a median', () => {
    const app = [4_500, 3_000, 5_000];
    const express = [5_000, 3_000, 6_250];
    expect(ratiosByRound(app, express)).toEqual([0.9, 1, 0.8]);
    expect(median(ratiosByRound(app, express))).toBe(0.9);
    // A round where the machine slowed both servers down still compares them fairly:
    expect(ratiosByRound([4_000, 2_000], [5_000, 2_500])).toEqual([0.8, 0.8]);
  });

  it('When the rounds differ in count, Then the ratios refuse', () => {
    expect(() => ratiosByRound([1, 2], [1])).toThrow(/2 and 1 rounds/);
  });

  it('When memory goes from 100 to 104, Then growth is +4 %; from 100 to 97, -3 %', () => {
    expect(growth(100, 104)).toBeCloseTo(0.04, 10);
    expect(growth(100, 97)).toBeCloseTo(-0.03, 10);
  });

  it('When 1,250 requests/s arrive and each call makes one every 20 s, Then 25,000 calls are in progress', () => {
    expect(callsInProgress(1_250, 20)).toBe(25_000);
  });
});


const LIMITS: Limits = { fixedRateP99Ms: 10, residentMb: 100, memoryGrowth: 0.05, startupMs: 1_000 };
const GOOD: Findings = {
  shareOfExpress: { median: 0.95, min: 0.8, max: 1.1 },
  shareOfNodeHttp: { median: 0.4, min: 0.3, max: 0.5 },
  fixedRate: 200,
  fixedRateP99Ms: { median: 4, min: 3, max: 12 },
  startupMs: { median: 600, min: 550, max: 1_200 },
  residentAfterWarmupMb: 100,
  residentGrowth: 0.05,
  heapGrowth: -0.01,
  longRunRequests: 100_000,
  longRunComplete: true,
  errors: { app: 0, references: 0 },
};
const verdicts = (findings: Findings) => evaluateTargets(findings, LIMITS).map((t) => t.pass);

describe('bench arithmetic: verdicts', () => {
  it('When every median is within its limit, Then every target passes, however wide a range is', () => {
    expect(verdicts(GOOD)).toEqual([true, true, true, true, true]);
  });

  it('When the app is far slower than Express, Then throughput is reported, and decides no target', () => {
    const findings = { ...GOOD, shareOfExpress: { median: 0.25, min: 0.2, max: 0.3 } };
    expect(verdicts(findings)).toEqual(verdicts(GOOD));
    expect(throughputReport(findings)).toBe('throughput (reported, not a target): median app ÷ Express 25% (rounds 20%–30%), app ÷ node:http 40% (rounds 30%–50%)');
  });

  it('When p99 at the fixed rate reaches 10 ms, Then latency fails', () => {
    expect(verdicts({ ...GOOD, fixedRateP99Ms: { median: 10, min: 9, max: 11 } })[0]).toBe(false);
  });

  it('When resident memory after warm-up is over 100 MB, Then the memory target fails', () => {
    expect(verdicts({ ...GOOD, residentAfterWarmupMb: 100.1 })[1]).toBe(false);
  });

  it('When resident or heap grows more than 5 %, or the long run did not finish, Then growth fails', () => {
    expect(verdicts({ ...GOOD, residentGrowth: 0.051 })[2]).toBe(false);
    expect(verdicts({ ...GOOD, heapGrowth: 0.06 })[2]).toBe(false);
    expect(verdicts({ ...GOOD, longRunComplete: false })[2]).toBe(false);
  });

  it('When the median start-up is 1 s, Then start-up fails', () => {
    expect(verdicts({ ...GOOD, startupMs: { median: 1_000, min: 900, max: 1_100 } })[3]).toBe(false);
  });

  it('When any server had an error, Then the errors target fails', () => {
    expect(verdicts({ ...GOOD, errors: { app: 0, references: 1 } })[4]).toBe(false);
  });
});

describe('bench: a run that cannot decide says so instead of FAIL', () => {
  const targets = [
    { pass: false, what: "latency: the app's median p99 at 200 req/s < 10 ms", measured: '102.4 ms (80.1–130.2)' },
    { pass: true, what: 'memory: resident after warm-up, after collection ≤ 100 MB', measured: '90.8 MB' },
  ];

  it('When the run is --quick, Then no line says PASS or FAIL, the slow figure is "over", and the last line says why there is no verdict, with the load', () => {
    const lines = targetLines(targets, verdictsFor(true, 3.24, 2));
    expect(lines.slice(0, -1).map((line) => line.split(' ')[0])).toEqual(['over', 'within']);
    expect(lines[0]).toBe("over    latency: the app's median p99 at 200 req/s < 10 ms: 102.4 ms (80.1–130.2)");
    expect(lines[1]).toBe('within  memory: resident after warm-up, after collection ≤ 100 MB: 90.8 MB');
    expect(lines.at(-1)).toBe('No verdict: a --quick smoke run (load average 3.2 on 2 cores at the start). Run "npm run bench" on a quiet machine for PASS or FAIL.');
  });

  it('When a full run starts on a machine whose load is as high as its cores, Then it is no verdict either; below that, PASS and FAIL', () => {
    expect(verdictsFor(false, 2.0, 2)).toEqual({ kind: 'smoke', why: 'the machine was busy (load average 2.0 on 2 cores at the start)' });
    expect(verdictsFor(false, 1.9, 2)).toEqual({ kind: 'verdicts' });
    expect(targetLines(targets, verdictsFor(false, 0.3, 2))).toEqual([
      "FAIL  latency: the app's median p99 at 200 req/s < 10 ms: 102.4 ms (80.1–130.2)",
      'PASS  memory: resident after warm-up, after collection ≤ 100 MB: 90.8 MB',
    ]);
  });

  it('When a package the bench loads cannot be resolved (a host pruned of devDependencies), Then it is named before anything starts', () => {
    const installed = new Set(['express']);
    const resolve = (name: string) => {
      if (!installed.has(name)) throw new Error(`Cannot find package '${name}'`);
      return name;
    };
    expect(missingPackages(['autocannon', 'express'], resolve)).toEqual(['autocannon']);
    expect(missingPackages(['express'], resolve)).toEqual([]);
  });
});
