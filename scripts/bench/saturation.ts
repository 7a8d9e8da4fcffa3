/** Closed-loop load as fast as a server answers (autocannon, a fixed number of connections). */
import { HOST, type HttpCall, type Server } from './servers.js';

export const CONNECTIONS = 50;
export const PIPELINING = 1;

export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Socket errors, timeouts and answers other than 2xx. */
  readonly errors: number;
  readonly requests: number;
  readonly seconds: number;
}

/** The part of autocannon's programmatic API used here. */
interface AutocannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly pipelining: number;
  readonly duration?: number;
  readonly amount?: number;
  readonly requests: readonly HttpCall[];
}
interface AutocannonResult {
  readonly requests: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly errors: number;
  readonly non2xx: number;
  readonly duration: number;
}
interface AutocannonRun extends PromiseLike<AutocannonResult> {
  stop(): void;
}
type RunAutocannon = (options: AutocannonOptions) => AutocannonRun;

/** autocannon, a devDependency, loaded when a run starts: `npm run bench -- --help` needs none. */
async function loadAutocannon(): Promise<RunAutocannon> {
  // @ts-expect-error autocannon ships no type declarations; the part used here is typed above.
  const { default: autocannon } = (await import('autocannon')) as { default: unknown };
  return autocannon as RunAutocannon;
}

/** Runs for `duration` seconds or `amount` requests (stopped after `limitSeconds` whatever it has done). */
export async function saturate(server: Server, requests: readonly HttpCall[], run: { duration?: number; amount?: number; limitSeconds?: number }): Promise<Measurement> {
  // Only the bound that is set: autocannon would take an undefined duration over its default.
  const bound = run.amount === undefined ? { duration: run.duration } : { amount: run.amount };
  const runAutocannon = await loadAutocannon();
  const instance = runAutocannon({ url: `http://${HOST}:${server.port}`, connections: CONNECTIONS, pipelining: PIPELINING, requests, ...bound });
  const limit = run.limitSeconds ? setTimeout(() => instance.stop(), run.limitSeconds * 1000) : undefined;
  try {
    const result = await instance;
    return {
      rps: result.duration > 0 ? result.requests.total / result.duration : 0,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors + result.non2xx,
      requests: result.requests.total,
      seconds: result.duration,
    };
  } finally {
    clearTimeout(limit);
  }
}
