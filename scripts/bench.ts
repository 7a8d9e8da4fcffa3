/**
 * `npm run bench`: measures the hotline against its own limits.
 *
 * Starts the built app and two reference servers (bare node:http, bare Express 5) answering the
 * incoming-call TwiML, drives the steps of a real call at each with autocannon on 127.0.0.1,
 * reads the app's start-up time and resident memory, and prints a report with PASS/FAIL targets.
 * Exit code 0 whatever the targets say; 1 only when the benchmark itself could not run.
 *
 *   npm run bench                      5 s per run, 100,000-request long run (about 2-3 minutes)
 *   npm run bench -- --duration 10     10 s per run
 *   npm run bench -- --quick           1 s per run, 20,000-request long run (a smoke check)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
// @ts-expect-error autocannon ships no type declarations; the part used here is typed below.
import autocannon from 'autocannon';
import twilio from 'twilio';

// ---------------------------------------------------------------- types

interface Options {
  /** Seconds of each measured run. */
  readonly durationSeconds: number;
  /** Seconds of the warm-up run each server gets before it is measured. */
  readonly warmupSeconds: number;
  /** Requests in the app's long run, after which its memory is read again. */
  readonly longRunRequests: number;
  /** The long run is stopped after this, whatever it has done, so the benchmark always ends. */
  readonly longRunLimitSeconds: number;
}

/** One signed webhook, exactly as Twilio would post it; the body is constant, so it is signed once. */
interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface Step {
  readonly name: string;
  readonly call: HttpCall;
}

type ServerName = 'app' | 'node:http' | 'express';

interface Server {
  readonly name: ServerName;
  readonly port: number;
  readonly child: ChildProcess;
  /** The last few kB the process wrote, to explain a failure. */
  readonly output: () => string;
}

interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Socket errors, timeouts and answers other than 2xx. */
  readonly errors: number;
  readonly requests: number;
  readonly seconds: number;
  /** CPU time the server process spent per completed request: steadier than req/s on a shared machine. */
  readonly cpuMicrosPerRequest: number;
}

interface StepResult {
  readonly step: Step;
  /** Size of the app's answer to this step. */
  readonly appBytes: number;
  readonly by: Readonly<Record<ServerName, Measurement>>;
}

interface MemoryResult {
  readonly afterWarmupMb: number;
  readonly afterLongRunMb: number;
  readonly longRun: Measurement;
}

interface Target {
  readonly pass: boolean;
  readonly what: string;
  readonly measured: string;
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
const runAutocannon = autocannon as (options: AutocannonOptions) => AutocannonRun;

// ---------------------------------------------------------------- settings

const HOST = '127.0.0.1';
const CONNECTIONS = 50;
const PIPELINING = 1;
const STARTUP_LIMIT_MS = 10_000;
const STARTUP_POLL_MS = 10;
const STOP_LIMIT_MS = 3_000;
const OUTPUT_KEPT_CHARS = 4_000;
/** Linux's USER_HZ, the unit of CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;
const DIST = join(import.meta.dirname, '..');
const ENTRIES: Record<ServerName, string> = {
  app: join(DIST, 'src', 'server.js'),
  'node:http': join(import.meta.dirname, 'bench', 'reference-node-http.js'),
  express: join(import.meta.dirname, 'bench', 'reference-express.js'),
};
const SERVER_NAMES: readonly ServerName[] = ['app', 'node:http', 'express'];
const REFERENCES: readonly ServerName[] = ['node:http', 'express'];

const LIMITS = {
  throughputShareOfExpress: 0.85,
  p99Ms: 20,
  startupMs: 1_000,
  memoryGrowth: 0.1,
  memoryMb: 120,
};

/** What Twilio sends with every webhook of one call (a Ukrainian mobile calling the line). */
const CALL_FIELDS = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+380501234567',
  To: '+4721000000',
  Direction: 'inbound',
};

/** The webhooks a real call makes, in order. */
const STEP_SHAPES: readonly { name: string; path: string; fields: Record<string, string> }[] = [
  { name: 'incoming call', path: '/voice', fields: {} },
  { name: 'language choice', path: '/voice/menu?menu=language&silences=0', fields: { Digits: '1' } },
  { name: 'topic', path: '/voice/menu?menu=main&lang=uk&silences=0', fields: { Digits: '1' } },
  { name: 'talk to someone', path: '/voice/menu?menu=main&lang=uk&silences=0', fields: { Digits: '5' } },
  { name: 'dial result', path: '/voice/dial-result?lang=uk&line=caritas', fields: { DialCallStatus: 'busy' } },
];

function readOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({ args: [...argv], options: { duration: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  const quick = values.quick === true;
  const durationSeconds = values.duration === undefined ? (quick ? 1 : 5) : Number(values.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 1 || durationSeconds > 120) {
    throw new Error(`--duration is "${values.duration}", but it must be a number of seconds from 1 to 120.`);
  }
  return {
    durationSeconds,
    warmupSeconds: quick ? 1 : 2,
    longRunRequests: quick ? 20_000 : 100_000,
    longRunLimitSeconds: quick ? 30 : 120,
  };
}

// ---------------------------------------------------------------- small HTTP and process helpers

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port.'))));
    });
  });
}

/** One request on a fresh connection, bounded in time. */
async function send(port: number, call: HttpCall, timeoutMs = 2_000): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: HOST, port, method: call.method, path: call.path, headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body) }, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Polls until the call answers 200; returns the milliseconds since `since`. Bounded in count and time. */
async function waitFor200(server: Server, call: HttpCall, since: number): Promise<number> {
  const maxAttempts = Math.ceil(STARTUP_LIMIT_MS / STARTUP_POLL_MS);
  for (let attempt = 0; attempt < maxAttempts && performance.now() - since < STARTUP_LIMIT_MS; attempt++) {
    if (server.child.exitCode !== null) break;
    const status = await send(server.port, call, 500).then((r) => r.status, () => 0);
    if (status === 200) return performance.now() - since;
    await sleep(STARTUP_POLL_MS);
  }
  throw new Error(`${server.name} did not answer 200 on ${call.method} ${call.path} within ${STARTUP_LIMIT_MS} ms.\n${server.output()}`);
}

/**
 * The node flags of `npm start` (e.g. a smaller young generation), so the app runs here as it runs
 * in production; the references get the same flags, so the comparison stays fair.
 */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

function spawnServer(name: ServerName, port: number, env: Record<string, string>): Server {
  const child = spawn(process.execPath, [...startFlags(), ENTRIES[name]], { env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, port, child, output: () => output };
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(STOP_LIMIT_MS)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** CPU time (user + system) a process has used, in milliseconds, from Linux's /proc (10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** Resident memory of a process, from Linux's /proc. */
function residentMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`No VmRSS in /proc/${pid}/status.`);
  return Number(kb) / 1024;
}

// ---------------------------------------------------------------- the call steps

function signedSteps(token: string, port: number): Step[] {
  return STEP_SHAPES.map(({ name, path, fields }) => {
    const params = { ...CALL_FIELDS, ...fields };
    const signature = twilio.getExpectedTwilioSignature(token, `http://${HOST}:${port}${path}`, params);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature };
    return { name, call: { method: 'POST', path, headers, body: new URLSearchParams(params).toString() } };
  });
}

/** Sends each step once and fails loudly unless it answers 200 with TwiML; returns the answers. */
async function verifySteps(server: Server, steps: readonly Step[]): Promise<Buffer[]> {
  const answers: Buffer[] = [];
  for (const step of steps) {
    const { status, body } = await send(server.port, step.call);
    const text = body.toString('utf8');
    if (status !== 200 || !text.includes('<Response>')) {
      const hint = status === 403 ? ' (a 403 means the signed URL differs from the one the app checks)' : '';
      throw new Error(`${server.name}: ${step.name} (POST ${step.call.path}) answered ${status}${hint}: ${text.slice(0, 300)}\n${server.output()}`);
    }
    answers.push(body);
  }
  return answers;
}

// ---------------------------------------------------------------- load

async function load(server: Server, requests: readonly HttpCall[], run: { duration?: number; amount?: number; limitSeconds?: number }): Promise<Measurement> {
  const instance = runAutocannon({ url: `http://${HOST}:${server.port}`, connections: CONNECTIONS, pipelining: PIPELINING, requests, ...run });
  const limit = run.limitSeconds ? setTimeout(() => instance.stop(), run.limitSeconds * 1000) : undefined;
  const cpuBefore = cpuMs(server.child.pid);
  try {
    const result = await instance;
    const cpuUsed = cpuMs(server.child.pid) - cpuBefore;
    return {
      cpuMicrosPerRequest: result.requests.total > 0 ? (cpuUsed * 1000) / result.requests.total : 0,
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

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

async function measureSteps(servers: readonly Server[], steps: readonly Step[], appAnswers: readonly Buffer[], options: Options): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [index, step] of steps.entries()) {
    const by: Partial<Record<ServerName, Measurement>> = {};
    // Servers take turns on each step, so a slow drift of the machine does not favour one of them.
    for (const server of servers) {
      progress(`${step.name} × ${server.name} (${options.durationSeconds} s)`);
      by[server.name] = await load(server, [step.call], { duration: options.durationSeconds });
    }
    results.push({ step, appBytes: appAnswers[index]?.length ?? 0, by: by as Record<ServerName, Measurement> });
  }
  return results;
}

async function measureMemory(app: Server, steps: readonly Step[], options: Options): Promise<MemoryResult> {
  const calls = steps.map((s) => s.call);
  await sleep(500);
  const afterWarmupMb = residentMb(app.child.pid);
  progress(`app long run (${options.longRunRequests.toLocaleString('en')} requests over the call steps)`);
  const longRun = await load(app, calls, { amount: options.longRunRequests, limitSeconds: options.longRunLimitSeconds });
  await sleep(500);
  return { afterWarmupMb, afterLongRunMb: residentMb(app.child.pid), longRun };
}

// ---------------------------------------------------------------- report

const fixed = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (ratio: number) => `${fixed(ratio * 100)}%`;

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

function machineLines(options: Options): string[] {
  const cpus = os.cpus();
  return [
    `Safety hotline benchmark, ${new Date().toISOString()}`,
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${fixed(os.totalmem() / 1024 ** 3, 1)} GB memory, ${os.platform()} ${os.release()}, node ${process.version}`,
    `load: autocannon, ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${options.durationSeconds} s per run after a ${options.warmupSeconds} s warm-up per server, all on ${HOST}`,
    `node flags (from npm start, for every server): ${startFlags().join(' ') || 'none'}`,
  ];
}

function stepTable(results: readonly StepResult[]): string {
  const header = ['step', 'server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'app ÷ ref', 'CPU µs/req', 'ref ÷ app CPU', 'answer bytes'];
  const rows = results.flatMap(({ step, appBytes, by }) =>
    SERVER_NAMES.map((name, i) => {
      const m = by[name];
      const ratio = name === 'app' ? '' : `${fixed(by.app.rps / m.rps, 2)}`;
      const cpuRatio = name === 'app' || by.app.cpuMicrosPerRequest === 0 ? '' : fixed(m.cpuMicrosPerRequest / by.app.cpuMicrosPerRequest, 2);
      return [i === 0 ? step.name : '', name, fixed(m.rps), fixed(m.p50), fixed(m.p99), fixed(m.max), fixed(m.errors), ratio, fixed(m.cpuMicrosPerRequest), cpuRatio, name === 'app' ? fixed(appBytes) : ''];
    }),
  );
  return table([header, ...rows], new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]));
}

function memoryLines(memory: MemoryResult, options: Options): string[] {
  const growth = memory.afterLongRunMb / memory.afterWarmupMb - 1;
  const run = memory.longRun;
  const stopped = run.requests < options.longRunRequests ? ` (stopped at the ${options.longRunLimitSeconds} s limit)` : '';
  return [
    `app resident memory (VmRSS)`,
    `  after warm-up:   ${fixed(memory.afterWarmupMb, 1)} MB`,
    `  after long run:  ${fixed(memory.afterLongRunMb, 1)} MB (${growth >= 0 ? '+' : ''}${fixed(growth * 100, 1)}%), ` +
      `${fixed(run.requests)} requests in ${fixed(run.seconds, 1)} s${stopped}: ${fixed(run.rps)} req/s, p99 ${fixed(run.p99)} ms, ${fixed(run.errors)} errors`,
  ];
}

function evaluate(results: readonly StepResult[], memory: MemoryResult, startupMs: number, options: Options): Target[] {
  const worst = results.reduce((a, b) => (b.by.app.rps / b.by.express.rps < a.by.app.rps / a.by.express.rps ? b : a));
  const worstShare = worst.by.app.rps / worst.by.express.rps;
  const slowestP99 = results.reduce((a, b) => (b.by.app.p99 > a.by.app.p99 ? b : a));
  const appErrors = results.reduce((sum, r) => sum + r.by.app.errors, memory.longRun.errors);
  const referenceErrors = results.reduce((sum, r) => sum + r.by['node:http'].errors + r.by.express.errors, 0);
  const growth = memory.afterLongRunMb / memory.afterWarmupMb - 1;
  const longRunComplete = memory.longRun.requests >= options.longRunRequests;
  return [
    {
      pass: worstShare >= LIMITS.throughputShareOfExpress,
      what: `throughput: the app's slowest step ≥ ${percent(LIMITS.throughputShareOfExpress)} of the Express reference`,
      measured: `${percent(worstShare)} (${worst.step.name}: ${fixed(worst.by.app.rps)} vs ${fixed(worst.by.express.rps)} req/s)`,
    },
    {
      pass: slowestP99.by.app.p99 < LIMITS.p99Ms,
      what: `latency: the app's p99 < ${LIMITS.p99Ms} ms on every step`,
      measured: `${fixed(slowestP99.by.app.p99)} ms at worst (${slowestP99.step.name})`,
    },
    {
      pass: appErrors + referenceErrors === 0,
      what: 'errors: none (socket errors, timeouts, non-2xx)',
      measured: `app ${fixed(appErrors)}, references ${fixed(referenceErrors)}`,
    },
    {
      pass: startupMs < LIMITS.startupMs,
      what: `start-up: spawn to first 200 on /healthz < ${fixed(LIMITS.startupMs)} ms`,
      measured: `${fixed(startupMs)} ms`,
    },
    {
      pass: longRunComplete && Math.abs(growth) <= LIMITS.memoryGrowth && memory.afterLongRunMb < LIMITS.memoryMb,
      what: `memory: after the long run within ${percent(LIMITS.memoryGrowth)} of after warm-up and < ${LIMITS.memoryMb} MB`,
      measured: `${fixed(memory.afterWarmupMb, 1)} → ${fixed(memory.afterLongRunMb, 1)} MB (${growth >= 0 ? '+' : ''}${fixed(growth * 100, 1)}%)${longRunComplete ? '' : ', long run incomplete'}`,
    },
  ];
}

function targetLines(targets: readonly Target[]): string[] {
  return targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.what}: ${t.measured}`);
}

// ---------------------------------------------------------------- run

/** What the run leaves behind until cleanUp: the servers it started and its temporary folder. */
const running: Server[] = [];
const workDir = mkdtempSync(join(os.tmpdir(), 'hotline-bench-'));

async function cleanUp(): Promise<void> {
  await Promise.all(running.map(stopServer));
  rmSync(workDir, { recursive: true, force: true });
}

async function startApp(token: string): Promise<{ app: Server; startupMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const app = spawnServer('app', port, { NODE_ENV: 'production', TWILIO_AUTH_TOKEN: token, PUBLIC_BASE_URL: `http://${HOST}:${port}`, LOG_LEVEL: 'warn' });
  running.push(app);
  const startupMs = await waitFor200(app, { method: 'GET', path: '/healthz', headers: {}, body: '' }, started);
  return { app, startupMs };
}

async function startReference(name: ServerName, bodyFile: string, firstStep: HttpCall): Promise<Server> {
  const server = spawnServer(name, await freePort(), { NODE_ENV: 'production', BODY_FILE: bodyFile });
  running.push(server);
  await waitFor200(server, firstStep, performance.now());
  return server;
}

async function warmUp(servers: readonly Server[], steps: readonly Step[], options: Options): Promise<void> {
  for (const server of servers) {
    progress(`warm-up ${server.name} (${options.warmupSeconds} s over the call steps)`);
    await load(server, steps.map((s) => s.call), { duration: options.warmupSeconds });
  }
}

async function main(): Promise<void> {
  try {
    const options = readOptions(process.argv.slice(2));
    console.log(machineLines(options).join('\n'));
    const token = randomBytes(16).toString('hex');
    const { app, startupMs } = await startApp(token);
    const steps = signedSteps(token, app.port);
    const appAnswers = await verifySteps(app, steps);
    const [incomingCall] = steps;
    const [incomingAnswer] = appAnswers;
    if (!incomingCall || !incomingAnswer) throw new Error('No incoming-call step.');
    const bodyFile = join(workDir, 'incoming-call.xml');
    writeFileSync(bodyFile, incomingAnswer);

    const references: Server[] = [];
    for (const name of REFERENCES) references.push(await startReference(name, bodyFile, incomingCall.call));
    for (const reference of references) await verifySteps(reference, steps);
    const servers = [app, ...references];

    await warmUp(servers, steps, options);
    const memory = await measureMemory(app, steps, options);
    const results = await measureSteps(servers, steps, appAnswers, options);

    console.log(`\napp start-up: ${fixed(startupMs)} ms from spawn to the first 200 on GET /healthz`);
    console.log(`\n${stepTable(results)}`);
    console.log('(req/s = completed requests ÷ run time; app ÷ ref = app req/s ÷ that reference\'s req/s; CPU µs/req = the server process\'s CPU time per request, steadier on a shared machine;');
    console.log(' ref ÷ app CPU = the throughput share the app would reach on a CPU of its own; the references answer every step with the incoming-call TwiML)');
    console.log(`\n${memoryLines(memory, options).join('\n')}`);
    console.log(`\n${targetLines(evaluate(results, memory, startupMs, options)).join('\n')}`);
  } finally {
    await cleanUp();
  }
}

process.once('SIGINT', () => {
  process.stderr.write('\nInterrupted: stopping the servers.\n');
  void cleanUp().finally(() => process.exit(130));
});
// A last resort if the script dies some other way: no server or temporary file outlives it.
process.once('exit', () => {
  for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

try {
  await main();
} catch (error) {
  process.stderr.write(`\nThe benchmark could not run: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
