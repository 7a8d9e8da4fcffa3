/**
 * The arithmetic of `npm run bench`, apart from its processes and sockets so it can be tested on
 * fixed numbers: medians and ranges over rounds, ratios within a round, percentiles, and the
 * PASS/FAIL verdicts. No side effects.
 */

/** The middle of a set of rounds, and how far apart its extremes are. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function nonEmpty(values: readonly number[], what: string): readonly number[] {
  if (values.length === 0) throw new Error(`${what} of no values.`);
  return values;
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle values when the count is even. */
export function median(values: readonly number[]): number {
  const ordered = sorted(nonEmpty(values, 'Median'));
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? (ordered[middle] as number) : ((ordered[middle - 1] as number) + (ordered[middle] as number)) / 2;
}

export function spread(values: readonly number[]): Spread {
  nonEmpty(values, 'Spread');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Nearest-rank percentile (p in 0–100): the smallest value with at least p % of the values at or
 * below it, so p99 of 1,000 latencies is the 990th smallest, a latency that really occurred.
 */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(nonEmpty(values, 'Percentile'));
  const rank = Math.max(1, Math.ceil((p / 100) * ordered.length));
  return ordered[Math.min(rank, ordered.length) - 1] as number;
}

/**
 * Round by round, numerator ÷ denominator. Interleaved runs of a round are seconds apart, so their
 * ratio cancels most of the machine's drift; the median of these ratios is the verdict.
 */
export function ratiosByRound(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) throw new Error(`Ratios of ${numerators.length} and ${denominators.length} rounds.`);
  return numerators.map((n, round) => n / (denominators[round] as number));
}

/** Relative change, e.g. 0.05 for 5 % more. */
export function growth(before: number, after: number): number {
  return after / before - 1;
}

/** Calls in progress that a rate of webhooks carries, when each call makes one every `secondsBetweenRequests`. */
export function callsInProgress(requestsPerSecond: number, secondsBetweenRequests: number): number {
  return requestsPerSecond * secondsBetweenRequests;
}

// ---------------------------------------------------------------- verdicts

export interface Limits {
  /** The app's p99 at the fixed rate, median over rounds. */
  readonly fixedRateP99Ms: number;
  /** Resident memory after warm-up, after collection. */
  readonly residentMb: number;
  /** Growth of resident memory and of heap used over the long run, after collection. */
  readonly memoryGrowth: number;
  /** Spawn to the first 200 on /healthz, median over starts. */
  readonly startupMs: number;
}

/** The measured figures the verdicts are drawn from. */
export interface Findings {
  /** The app's requests per second over Express's and over node:http's, round by round: reported, never a verdict. */
  readonly shareOfExpress: Spread;
  readonly shareOfNodeHttp: Spread;
  readonly fixedRate: number;
  readonly fixedRateP99Ms: Spread;
  readonly startupMs: Spread;
  readonly residentAfterWarmupMb: number;
  readonly residentGrowth: number;
  readonly heapGrowth: number;
  readonly longRunRequests: number;
  readonly longRunComplete: boolean;
  readonly errors: { readonly app: number; readonly references: number };
}

export interface Target {
  readonly pass: boolean;
  readonly what: string;
  readonly measured: string;
}

export const fixed = (n: number, digits = 0): string => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const percent = (ratio: number, digits = 0): string => `${fixed(ratio * 100, digits)}%`;
export const signedPercent = (ratio: number): string => `${ratio >= 0 ? '+' : ''}${percent(ratio, 1)}`;
export const spreadText = (s: Spread, digits = 0, unit = ''): string => `${fixed(s.median, digits)}${unit} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;

/**
 * Throughput against bare Express, reported and never a verdict: a caller waits on latency, and the
 * line gets a few webhooks a second, far below what either server carries.
 */
export function throughputReport(findings: Findings): string {
  const share = (s: Spread) => `${percent(s.median)} (rounds ${percent(s.min)}–${percent(s.max)})`;
  return `throughput (reported, not a target): median app ÷ Express ${share(findings.shareOfExpress)}, app ÷ node:http ${share(findings.shareOfNodeHttp)}`;
}

export function evaluateTargets(findings: Findings, limits: Limits): Target[] {
  const { errors } = findings;
  return [
    {
      pass: findings.fixedRateP99Ms.median < limits.fixedRateP99Ms,
      what: `latency: the app's median p99 at ${fixed(findings.fixedRate)} req/s < ${fixed(limits.fixedRateP99Ms)} ms`,
      measured: `${spreadText(findings.fixedRateP99Ms, 1, ' ms')}`,
    },
    {
      pass: findings.residentAfterWarmupMb <= limits.residentMb,
      what: `memory: resident after warm-up, after collection ≤ ${fixed(limits.residentMb)} MB`,
      measured: `${fixed(findings.residentAfterWarmupMb, 1)} MB`,
    },
    {
      pass: findings.longRunComplete && findings.residentGrowth <= limits.memoryGrowth && findings.heapGrowth <= limits.memoryGrowth,
      what: `memory: growth over ${fixed(findings.longRunRequests)} requests, after collection ≤ ${percent(limits.memoryGrowth)} (resident and heap used)`,
      measured: `resident ${signedPercent(findings.residentGrowth)}, heap ${signedPercent(findings.heapGrowth)}${findings.longRunComplete ? '' : ', long run incomplete'}`,
    },
    {
      pass: findings.startupMs.median < limits.startupMs,
      what: `start-up: spawn to the first 200 on /healthz < ${fixed(limits.startupMs)} ms (median)`,
      measured: spreadText(findings.startupMs, 0, ' ms'),
    },
    {
      pass: errors.app + errors.references === 0,
      what: 'errors: none (socket errors, timeouts, non-2xx)',
      measured: `app ${fixed(errors.app)}, references ${fixed(errors.references)}`,
    },
  ];
}

/**
 * Whether a run's figures are verdicts. A --quick run is too short to decide anything, and a run on a
 * machine whose load average at the start was already as high as its cores shares them with other
 * work: both say "within" or "over" with why, never PASS or FAIL.
 */
export type Verdicts = { readonly kind: 'verdicts' } | { readonly kind: 'smoke'; readonly why: string };

export function verdictsFor(quick: boolean, loadAtStart: number, cores: number): Verdicts {
  const load = `load average ${fixed(loadAtStart, 1)} on ${cores} cores at the start`;
  if (quick) return { kind: 'smoke', why: `a --quick smoke run (${load})` };
  if (loadAtStart >= cores) return { kind: 'smoke', why: `the machine was busy (${load})` };
  return { kind: 'verdicts' };
}

/** The packages of `names` that `resolve` cannot find (it throws for a package that is not installed). */
export function missingPackages(names: readonly string[], resolve: (name: string) => unknown): string[] {
  return names.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}
