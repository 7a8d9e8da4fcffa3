/** The phases of a run: servers started and stopped, warm-up, memory, throughput and fixed-rate rounds. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixed } from './arithmetic.js';
import { CALL_FIELDS } from './call-steps.js';
import type { MemorySample } from './memory-line.js';
import { APP_ENTRY, FIXED_RATE, GC_PROBE, PACED, REFERENCE_ENTRIES, ROUND_ORDER, SETTLE_MS, type Options } from './options.js';
import { runAtRate, type PacedResult } from './paced-load.js';
import type { MemoryFindings } from './report.js';
import { saturate, type Measurement } from './saturation.js';
import { freePort, HOST, memoryAfterCollection, residentBytes, spawnServer, stopServer, waitFor200, type HttpCall, type Server, type ServerName } from './servers.js';

export const benchStarted = performance.now();

export function progress(line: string): void {
  process.stderr.write(`  … ${fixed((performance.now() - benchStarted) / 1000)} s: ${line}\n`);
}

/** What the run leaves behind until cleanUp: the servers it started and its temporary folder. */
export const running: Server[] = [];
export const workDir = mkdtempSync(join(os.tmpdir(), 'hotline-bench-'));

export async function cleanUp(): Promise<void> {
  await Promise.all(running.map(stopServer));
  rmSync(workDir, { recursive: true, force: true });
}

export const HEALTHZ: HttpCall = { method: 'GET', path: '/healthz', headers: {}, body: '' };

/** The app as production starts it, or with gc-probe preloaded so its memory can be read after collection. */
export async function startApp(token: string, nodeFlags: readonly string[], withProbe: boolean): Promise<{ app: Server; startupMs: number }> {
  const port = await freePort();
  const probeFlags = withProbe ? ['--expose-gc', '--import', GC_PROBE] : [];
  const started = performance.now();
  const app = spawnServer('app', port, [...probeFlags, ...nodeFlags, APP_ENTRY], {
    NODE_ENV: 'production',
    TWILIO_AUTH_TOKEN: token,
    PUBLIC_BASE_URL: `http://${HOST}:${port}`,
    // The number the call is made to: production needs the line's own number for its transfers.
    HOTLINE_NUMBER: CALL_FIELDS.To,
    LOG_LEVEL: 'warn',
  });
  running.push(app);
  const startupMs = await waitFor200(app, HEALTHZ, started);
  return { app, startupMs };
}

export async function stopAndForget(server: Server): Promise<void> {
  await stopServer(server);
  running.splice(running.indexOf(server), 1);
}

export async function measureStartups(token: string, options: Options): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < options.startups; i++) {
    progress(`start-up ${i + 1} of ${options.startups}`);
    const { app, startupMs } = await startApp(token, options.nodeFlags, false);
    times.push(startupMs);
    await stopAndForget(app);
  }
  return times;
}

export async function startReference(name: Exclude<ServerName, 'app'>, nodeFlags: readonly string[], bodyFile: string, firstStep: HttpCall): Promise<Server> {
  const server = spawnServer(name, await freePort(), [...nodeFlags, REFERENCE_ENTRIES[name]], { NODE_ENV: 'production', BODY_FILE: bodyFile });
  running.push(server);
  await waitFor200(server, firstStep, performance.now());
  return server;
}

export type ByServer<T> = Readonly<Record<ServerName, T>>;

export function byName(servers: readonly Server[], name: ServerName): Server {
  const server = servers.find((s) => s.name === name);
  if (!server) throw new Error(`No ${name} server.`);
  return server;
}

/**
 * The references first and the app last: its memory is read straight after, while V8's young
 * generation still has the size the load gave it (left idle, V8 shrinks it by some 30 MB, and the
 * reading after the long run would then show that regrowth as growth).
 */
export async function warmUp(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<Measurement>> {
  const result: Partial<Record<ServerName, Measurement>> = {};
  for (const server of [...servers].sort((a, b) => Number(a.name === 'app') - Number(b.name === 'app'))) {
    progress(`warm-up ${server.name} (${fixed(options.warmupRequests)} requests over the call steps)`);
    result[server.name] = await saturate(server, calls, { amount: options.warmupRequests, limitSeconds: options.longRunLimitSeconds });
  }
  return result as ByServer<Measurement>;
}

export async function sampleMemory(app: Server): Promise<{ sample: MemorySample; residentBefore: number }> {
  await sleep(SETTLE_MS);
  const residentBefore = residentBytes(app.child.pid);
  return { sample: await memoryAfterCollection(app), residentBefore };
}

export async function measureLongRun(app: Server, calls: readonly HttpCall[], options: Options): Promise<Omit<MemoryFindings, 'atStart' | 'warmupRequests'>> {
  const warm = await sampleMemory(app);
  progress(`app long run (${fixed(options.longRunRequests)} requests over the call steps)`);
  const longRun = await saturate(app, calls, { amount: options.longRunRequests, limitSeconds: options.longRunLimitSeconds });
  const after = await sampleMemory(app);
  return {
    afterWarmup: warm.sample,
    afterLongRun: after.sample,
    residentBeforeCollection: { afterWarmup: warm.residentBefore, afterLongRun: after.residentBefore },
    longRun,
    longRunRequests: options.longRunRequests,
  };
}

/** `rounds` rounds of app, Express, node:http at saturation over the call steps, one after the other. */
export async function measureRounds(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<Measurement[]>> {
  const runs: Record<ServerName, Measurement[]> = { app: [], express: [], 'node:http': [] };
  for (let round = 1; round <= options.rounds; round++) {
    progress(`throughput, round ${round} of ${options.rounds} (${options.durationSeconds} s per server)`);
    for (const name of ROUND_ORDER) {
      runs[name].push(await saturate(byName(servers, name), calls, { duration: options.durationSeconds }));
      await sleep(SETTLE_MS);
    }
  }
  return runs;
}

/** A paced run and, for the app, the longest its own event loop was held up during it (from gc-probe). */
export interface PacedReading extends PacedResult {
  readonly serverStallMs: number | undefined;
}

/**
 * One open-loop run. The app is read by gc-probe just before and just after, so the second reading
 * covers exactly the run: a server held up while it used little CPU was waiting for the machine.
 */
export async function pacedRun(server: Server, calls: readonly HttpCall[], rate: number, seconds: number): Promise<PacedReading> {
  const probed = server.name === 'app';
  if (probed) await memoryAfterCollection(server);
  const run = await runAtRate(HOST, server.port, calls, { ...PACED, rate, seconds });
  const serverStallMs = probed ? (await memoryAfterCollection(server)).loopDelayMaxMs : undefined;
  return { ...run, serverStallMs };
}

/** Open-loop runs at FIXED_RATE over the call steps, in interleaved rounds. */
export async function measureFixedRate(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<PacedReading[]>> {
  const runs: Record<ServerName, PacedReading[]> = { app: [], express: [], 'node:http': [] };
  for (let round = 1; round <= options.rounds; round++) {
    progress(`fixed rate ${FIXED_RATE} req/s, round ${round} of ${options.rounds} (${options.fixedRateSeconds} s per server)`);
    for (const name of ROUND_ORDER) {
      runs[name].push(await pacedRun(byName(servers, name), calls, FIXED_RATE, options.fixedRateSeconds));
      await sleep(SETTLE_MS);
    }
  }
  return runs;
}
