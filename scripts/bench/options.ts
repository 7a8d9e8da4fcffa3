/** `npm run bench`: its options, limits and the fixed figures every phase shares. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError, type ParsedLine } from '../../src/cli/command-line.js';
import type { Limits } from './arithmetic.js';
import type { ServerName } from './servers.js';

export interface Options {
  readonly quick: boolean;
  /** Node flags for every server: those of npm start, then any given with --node-flags to try one out. */
  readonly nodeFlags: readonly string[];
  /** Seconds of each saturation run. */
  readonly durationSeconds: number;
  /** Interleaved rounds of the saturation and of the fixed-rate runs. */
  readonly rounds: number;
  /**
   * Requests of the warm-up each server gets before it is measured, counted rather than timed:
   * the app's young generation only reaches its working size after a few thousand requests, and
   * a warm-up cut short by a busy machine would show that growth later as if it were a leak.
   */
  readonly warmupRequests: number;
  /** Requests in the app's long run, between the two memory readings. */
  readonly longRunRequests: number;
  /** The long run is stopped after this, whatever it has done, so the benchmark always ends. */
  readonly longRunLimitSeconds: number;
  /** Plain starts of the app timed for start-up. */
  readonly startups: number;
  /** Seconds of each fixed-rate run. */
  readonly fixedRateSeconds: number;
}

/** What a phone line needs: a caller waits on latency; throughput against Express is only reported. */
export const LIMITS: Limits = {
  fixedRateP99Ms: 10,
  residentMb: 100,
  memoryGrowth: 0.05,
  startupMs: 1_000,
};

/** About 4,000 calls in progress at one request every 20 s: a busy day for this line, not a peak. */
export const FIXED_RATE = 200;
/**
 * A call makes five webhooks (incoming call, language, topic, "talk to someone", dial result) over
 * roughly a hundred seconds of prompts and key presses: one request every 20 s while in progress.
 */
export const SECONDS_BETWEEN_REQUESTS_PER_CALL = 20;
/** Open-loop client: enough sockets for the rate; beyond maxInFlight the server has fallen behind. */
export const PACED = { maxSockets: 64, maxInFlight: 2_000, timeoutMs: 2_000 };
/** Pause between runs, so one run's last answers and collection do not land in the next. */
export const SETTLE_MS = 300;

/** dist/: this file runs from dist/scripts/bench/. */
export const DIST = join(import.meta.dirname, '..', '..');
export const APP_ENTRY = join(DIST, 'src', 'main.js');
export const GC_PROBE = pathToFileURL(join(import.meta.dirname, 'gc-probe.js')).href;
export const REFERENCE_ENTRIES: Record<Exclude<ServerName, 'app'>, string> = {
  express: join(import.meta.dirname, 'reference-express.js'),
  'node:http': join(import.meta.dirname, 'reference-node-http.js'),
};
/** The order of every round: the app, then the reference it must keep up with, then the floor. */
export const ROUND_ORDER: readonly ServerName[] = ['app', 'express', 'node:http'];

export function positiveNumber(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} is "${value}", but it must be a whole number from 1 to ${max}.`, true);
  return n;
}

export const USAGE = [
  'Usage: npm run bench -- [--duration <s>] [--rounds <n>] [--node-flags=<flags>] [--quick]',
  '',
  'Measures the built hotline against its own limits (start-up, memory, throughput against bare',
  'Express and node:http reported, latency at a fixed rate) and prints PASS or FAIL per target; a',
  '--quick run, or one on a machine busy at its start, says within or over instead: no verdict.',
  'It needs the devDependencies (npm ci). It exits 0 whatever the targets say, 1 only when the',
  'benchmark itself could not run.',
  '',
  '  --duration <s>      seconds per saturation run (default 3)',
  '  --rounds <n>        interleaved rounds (default 5)',
  '  --node-flags=<flags> node flags tried on every server, such as --node-flags=--max-semi-space-size=4',
  '  --quick             a smoke run of under a minute; its figures are not verdicts',
].join('\n');

export const COMMAND_LINE = {
  usage: USAGE,
  options: { duration: { type: 'string' }, rounds: { type: 'string' }, 'node-flags': { type: 'string' }, quick: { type: 'boolean' } },
} as const;

export function readOptions({ values }: ParsedLine<(typeof COMMAND_LINE)['options']>): Options {
  const quick = values.quick === true;
  const tried = (values['node-flags'] ?? '').split(/\s+/).filter((flag) => flag !== '');
  const notFlag = tried.find((flag) => !flag.startsWith('--'));
  if (notFlag !== undefined) throw new UsageError(`--node-flags takes node flags such as "--max-semi-space-size=4", not "${notFlag}".`, true);
  return {
    quick,
    nodeFlags: [...startFlags(), ...tried],
    durationSeconds: positiveNumber(values.duration, 'duration', quick ? 1 : 3, 120),
    rounds: positiveNumber(values.rounds, 'rounds', quick ? 1 : 5, 50),
    warmupRequests: quick ? 5_000 : 20_000,
    longRunRequests: quick ? 10_000 : 100_000,
    longRunLimitSeconds: quick ? 20 : 120,
    startups: quick ? 1 : 3,
    fixedRateSeconds: quick ? 1 : 4,
  };
}

/**
 * The node flags of `npm start` (e.g. a smaller young generation), so the app runs here as it runs
 * in production; the references get the same flags, so the comparison stays fair.
 */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/).filter((word) => word !== 'exec');
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

