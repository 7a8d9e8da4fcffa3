/**
 * The arithmetic of `npm run bench`, apart from its processes and sockets so it can be tested on
 * fixed numbers: medians and ranges over rounds, ratios within a round, percentiles, the search for
 * the highest sustainable rate, and the PASS/FAIL verdicts. No side effects.
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

// ---------------------------------------------------------------- capacity

/** One step of the fixed-rate search: the rate asked for and what came back. */
export interface RateStep {
  readonly rate: number;
  readonly answeredPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** What a rate must meet to count as carried. */
export interface CapacityRule {
  readonly p99Ms: number;
  /** Answers per second ÷ rate asked for, at least; below it the server is falling behind. */
  readonly minAnsweredShare: number;
}

/** How the search steps: double from startRate until a rate fails, then halve the gap. */
export interface RatePlan {
  readonly startRate: number;
  readonly maxRate: number;
  readonly maxSteps: number;
  /** Stop when the gap between carried and failed is at most this share of the failed rate. */
  readonly precision: number;
  /** Rates are rounded to a multiple of this. */
  readonly granularity: number;
}

export function rateCarried(step: RateStep, rule: CapacityRule): boolean {
  return step.errors === 0 && step.p99Ms < rule.p99Ms && step.answeredPerSecond >= rule.minAnsweredShare * step.rate;
}

/** The lowest rate that failed, if any. */
function lowestFailed(steps: readonly RateStep[], rule: CapacityRule): number | undefined {
  const failed = steps.filter((s) => !rateCarried(s, rule)).map((s) => s.rate);
  return failed.length > 0 ? Math.min(...failed) : undefined;
}

/**
 * The highest rate carried below the lowest one that failed: a rate that happened to pass above a
 * failure is not counted, so one lucky step cannot raise the capacity.
 */
export function sustainedRate(steps: readonly RateStep[], rule: CapacityRule): number | undefined {
  const ceiling = lowestFailed(steps, rule) ?? Number.POSITIVE_INFINITY;
  const carried = steps.filter((s) => s.rate < ceiling && rateCarried(s, rule)).map((s) => s.rate);
  return carried.length > 0 ? Math.max(...carried) : undefined;
}

/** The next rate to try, or undefined when the search is done (bounded in steps and rate). */
export function nextRate(steps: readonly RateStep[], rule: CapacityRule, plan: RatePlan): number | undefined {
  if (steps.length === 0) return plan.startRate;
  if (steps.length >= plan.maxSteps) return undefined;
  const round = (rate: number) => Math.max(plan.granularity, Math.round(rate / plan.granularity) * plan.granularity);
  const tried = new Set(steps.map((s) => s.rate));
  const failed = lowestFailed(steps, rule);
  let next: number;
  if (failed === undefined) {
    const highest = Math.max(...tried);
    next = Math.min(highest * 2, plan.maxRate);
  } else {
    const carried = sustainedRate(steps, rule) ?? 0;
    if (failed - carried <= plan.precision * failed) return undefined;
    next = round(carried === 0 ? failed / 2 : (carried + failed) / 2);
  }
  return tried.has(next) ? undefined : next;
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
  readonly shareOfExpressByStep: readonly { readonly step: string; readonly share: Spread }[];
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
  const worst = findings.shareOfExpressByStep.reduce((a, b) => (b.share.median < a.share.median ? b : a));
  return `throughput (reported, not a target): median app ÷ Express lowest ${percent(worst.share.median)} (${worst.step}; rounds ${percent(worst.share.min)}–${percent(worst.share.max)})`;
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
      what: 'errors: none (socket errors, timeouts, non-2xx) outside the capacity search',
      measured: `app ${fixed(errors.app)}, references ${fixed(errors.references)}`,
    },
  ];
}
