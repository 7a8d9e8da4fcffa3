/**
 * `npm run bench`: measures the hotline against its own limits, in a way a noisy shared machine
 * cannot decide.
 *
 * Starts the built app and two reference servers (bare node:http, bare Express 5, both answering
 * the incoming-call TwiML) and drives them over HTTP with the steps of a real call, signed like
 * Twilio. It measures:
 *   - start-up: spawn to the first 200 on /healthz, over several plain starts;
 *   - memory: the app, started with the bench-only preload scripts/bench/gc-probe (never in
 *     production), reads its memory after two forced full collections at start, after warm-up and
 *     after the long run;
 *   - throughput at saturation (autocannon) over the call steps, in interleaved rounds app, Express,
 *     node:http, …, reported (not a target) as the median and range of the per-round ratios;
 *   - latency at a fixed rate, open loop, for each server, in interleaved rounds;
 * and prints PASS/FAIL per target. Exit code 0 whatever the targets say; 1 only when the benchmark
 * itself could not run.
 *
 *   npm run bench                      5 rounds of 3 s per server, 100,000-request long run (3-4 minutes)
 *   npm run bench -- --duration 5      5 s per saturation run
 *   npm run bench -- --rounds 7        7 interleaved rounds
 *   npm run bench -- --node-flags=--max-semi-space-size=4
 *                                      tries a node flag on every server before it goes into npm start
 *   npm run bench -- --quick           a smoke run of under a minute; its figures are not verdicts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { type CallState, dialResultUrl, type Hotline, menuUrl, type Reply, VOICE_PATH } from '../src/hotline/index.js';
import { loadHotline } from '../src/load/load-hotline.js';
import { EXIT_FAILED, EXIT_OK, processIo, runCommand, UsageError, type ParsedLine } from '../src/cli/command-line.js';
import { errorMessage } from '../src/content/error-message.js';
import {
  callsInProgress,
  evaluateTargets,
  throughputReport,
  fixed,
  percentile,
  ratiosByRound,
  spread,
  type Findings,
  type Limits,
} from './bench/arithmetic.js';
import type { MemorySample } from './bench/memory-line.js';
import { runAtRate, type PacedResult } from './bench/paced-load.js';
import {
  fixedRateTable,
  throughputTable,
  longRunLine,
  memoryGrowth,
  memoryTable,
  startupLine,
  targetLines,
  type FixedRateSummary,
  type MemoryFindings,
} from './bench/report.js';
import { CONNECTIONS, PIPELINING, saturate, type Measurement } from './bench/saturation.js';
import {
  freePort,
  HOST,
  memoryAfterCollection,
  residentBytes,
  send,
  spawnServer,
  stopServer,
  waitFor200,
  type HttpCall,
  type Server,
  type ServerName,
} from './bench/servers.js';

// ---------------------------------------------------------------- settings

interface Options {
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
const LIMITS: Limits = {
  fixedRateP99Ms: 10,
  residentMb: 100,
  memoryGrowth: 0.05,
  startupMs: 1_000,
};

/** About 4,000 calls in progress at one request every 20 s: a busy day for this line, not a peak. */
const FIXED_RATE = 200;
/**
 * A call makes five webhooks (incoming call, language, topic, "talk to someone", dial result) over
 * roughly a hundred seconds of prompts and key presses: one request every 20 s while in progress.
 */
const SECONDS_BETWEEN_REQUESTS_PER_CALL = 20;
/** Open-loop client: enough sockets for the rate; beyond maxInFlight the server has fallen behind. */
const PACED = { maxSockets: 64, maxInFlight: 2_000, timeoutMs: 2_000 };
/** Pause between runs, so one run's last answers and collection do not land in the next. */
const SETTLE_MS = 300;

const DIST = join(import.meta.dirname, '..');
const APP_ENTRY = join(DIST, 'src', 'main.js');
const GC_PROBE = pathToFileURL(join(import.meta.dirname, 'bench', 'gc-probe.js')).href;
const REFERENCE_ENTRIES: Record<Exclude<ServerName, 'app'>, string> = {
  express: join(import.meta.dirname, 'bench', 'reference-express.js'),
  'node:http': join(import.meta.dirname, 'bench', 'reference-node-http.js'),
};
/** The order of every round: the app, then the reference it must keep up with, then the floor. */
const ROUND_ORDER: readonly ServerName[] = ['app', 'express', 'node:http'];

/** What Twilio sends with every webhook of one call (a Ukrainian mobile calling the line). */
const CALL_FIELDS = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+380501234567',
  To: '+4721000000',
  Direction: 'inbound',
};

/**
 * The webhooks a real call makes, in order, taken from the call flow itself: the states are those
 * of its replies and the keys those of its menus (a Ukrainian caller: the language key, a topic,
 * "talk to someone now", the transfer busy), so a change of menus cannot leave the bench behind.
 */
function callStepShapes(hotline: Hotline, now: Date): { name: string; path: string; fields: Record<string, string> }[] {
  const { flow } = hotline;
  const language = hotline.languages.find((l) => l.code === 'uk') ?? (hotline.languages[0] as Hotline['languages'][number]);
  const gatherOf = (reply: Reply) => {
    const gather = reply.find((s) => s.kind === 'gather');
    if (gather?.kind !== 'gather') throw new Error('The call flow did not answer with a menu where the bench expects one.');
    return gather;
  };
  const keyFor = (state: CallState, kind: string) => {
    const option = flow.menuFor(state, now).options.find((o) => o.action.kind === kind);
    if (!option) throw new Error(`The ${state.menu} menu has no "${kind}" option.`);
    return option.key;
  };
  const press = (state: CallState, digits: string) => flow.step({ kind: 'menu', state, digits, likelyLang: language.code, messageOffer: false }, now).reply;
  const languageMenu = gatherOf(flow.step({ kind: 'answer', likelyLang: language.code }, now).reply).state;
  const main = gatherOf(press(languageMenu, language.key)).state;
  const dial = press(main, keyFor(main, 'talk')).find((s) => s.kind === 'dial');
  if (dial?.kind !== 'dial') throw new Error('"Talk to someone now" did not put the bench\'s caller through.');
  return [
    { name: 'incoming call', path: VOICE_PATH, fields: {} },
    { name: 'language choice', path: menuUrl(languageMenu), fields: { Digits: language.key } },
    { name: 'topic', path: menuUrl(main), fields: { Digits: keyFor(main, 'topic') } },
    { name: 'talk to someone', path: menuUrl(main), fields: { Digits: keyFor(main, 'talk') } },
    { name: 'dial result', path: dialResultUrl(dial.state), fields: { DialCallStatus: 'busy' } },
  ];
}

interface Step {
  readonly name: string;
  readonly call: HttpCall;
}

function positiveNumber(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} is "${value}", but it must be a whole number from 1 to ${max}.`, true);
  return n;
}

const USAGE = [
  'Usage: npm run bench -- [--duration <s>] [--rounds <n>] [--node-flags=<flags>] [--quick]',
  '',
  'Measures the built hotline against its own limits (start-up, memory, throughput against bare',
  'Express and node:http reported, latency at a fixed rate) and prints PASS or FAIL per target.',
  'It exits 0 whatever the targets say, 1 only when the benchmark itself could not run.',
  '',
  '  --duration <s>      seconds per saturation run (default 3)',
  '  --rounds <n>        interleaved rounds (default 5)',
  '  --node-flags=<flags> node flags tried on every server, such as --node-flags=--max-semi-space-size=4',
  '  --quick             a smoke run of under a minute; its figures are not verdicts',
].join('\n');

const COMMAND_LINE = {
  usage: USAGE,
  options: { duration: { type: 'string' }, rounds: { type: 'string' }, 'node-flags': { type: 'string' }, quick: { type: 'boolean' } },
} as const;

function readOptions({ values }: ParsedLine<(typeof COMMAND_LINE)['options']>): Options {
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
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/).filter((word) => word !== 'exec');
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

const benchStarted = performance.now();

function progress(line: string): void {
  process.stderr.write(`  … ${fixed((performance.now() - benchStarted) / 1000)} s: ${line}\n`);
}

// ---------------------------------------------------------------- servers

/** What the run leaves behind until cleanUp: the servers it started and its temporary folder. */
const running: Server[] = [];
const workDir = mkdtempSync(join(os.tmpdir(), 'hotline-bench-'));

async function cleanUp(): Promise<void> {
  await Promise.all(running.map(stopServer));
  rmSync(workDir, { recursive: true, force: true });
}

const HEALTHZ: HttpCall = { method: 'GET', path: '/healthz', headers: {}, body: '' };

/** The app as production starts it, or with gc-probe preloaded so its memory can be read after collection. */
async function startApp(token: string, nodeFlags: readonly string[], withProbe: boolean): Promise<{ app: Server; startupMs: number }> {
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

async function stopAndForget(server: Server): Promise<void> {
  await stopServer(server);
  running.splice(running.indexOf(server), 1);
}

async function measureStartups(token: string, options: Options): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < options.startups; i++) {
    progress(`start-up ${i + 1} of ${options.startups}`);
    const { app, startupMs } = await startApp(token, options.nodeFlags, false);
    times.push(startupMs);
    await stopAndForget(app);
  }
  return times;
}

async function startReference(name: Exclude<ServerName, 'app'>, nodeFlags: readonly string[], bodyFile: string, firstStep: HttpCall): Promise<Server> {
  const server = spawnServer(name, await freePort(), [...nodeFlags, REFERENCE_ENTRIES[name]], { NODE_ENV: 'production', BODY_FILE: bodyFile });
  running.push(server);
  await waitFor200(server, firstStep, performance.now());
  return server;
}

// ---------------------------------------------------------------- the call steps

function signedSteps(token: string, port: number): Step[] {
  // A Monday at 11:00 in the line's time zone: Caritas is open, so the transfer goes there.
  return callStepShapes(loadHotline(), new Date('2026-12-07T11:00:00+01:00')).map(({ name, path, fields }) => {
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

// ---------------------------------------------------------------- phases

type ByServer<T> = Readonly<Record<ServerName, T>>;

function byName(servers: readonly Server[], name: ServerName): Server {
  const server = servers.find((s) => s.name === name);
  if (!server) throw new Error(`No ${name} server.`);
  return server;
}

/**
 * The references first and the app last: its memory is read straight after, while V8's young
 * generation still has the size the load gave it (left idle, V8 shrinks it by some 30 MB, and the
 * reading after the long run would then show that regrowth as growth).
 */
async function warmUp(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<Measurement>> {
  const result: Partial<Record<ServerName, Measurement>> = {};
  for (const server of [...servers].sort((a, b) => Number(a.name === 'app') - Number(b.name === 'app'))) {
    progress(`warm-up ${server.name} (${fixed(options.warmupRequests)} requests over the call steps)`);
    result[server.name] = await saturate(server, calls, { amount: options.warmupRequests, limitSeconds: options.longRunLimitSeconds });
  }
  return result as ByServer<Measurement>;
}

async function sampleMemory(app: Server): Promise<{ sample: MemorySample; residentBefore: number }> {
  await sleep(SETTLE_MS);
  const residentBefore = residentBytes(app.child.pid);
  return { sample: await memoryAfterCollection(app), residentBefore };
}

async function measureLongRun(app: Server, calls: readonly HttpCall[], options: Options): Promise<Omit<MemoryFindings, 'atStart' | 'warmupRequests'>> {
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
async function measureRounds(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<Measurement[]>> {
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
interface PacedReading extends PacedResult {
  readonly serverStallMs: number | undefined;
}

/**
 * One open-loop run. The app is read by gc-probe just before and just after, so the second reading
 * covers exactly the run: a server held up while it used little CPU was waiting for the machine.
 */
async function pacedRun(server: Server, calls: readonly HttpCall[], rate: number, seconds: number): Promise<PacedReading> {
  const probed = server.name === 'app';
  if (probed) await memoryAfterCollection(server);
  const run = await runAtRate(HOST, server.port, calls, { ...PACED, rate, seconds });
  const serverStallMs = probed ? (await memoryAfterCollection(server)).loopDelayMaxMs : undefined;
  return { ...run, serverStallMs };
}

/** Open-loop runs at FIXED_RATE over the call steps, in interleaved rounds. */
async function measureFixedRate(servers: readonly Server[], calls: readonly HttpCall[], options: Options): Promise<ByServer<PacedReading[]>> {
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

/** p50 and p99 of one run; a run with no answer at all has infinite latency. */
function latencyOf(run: PacedResult): { p50: number; p99: number } {
  if (run.latenciesMs.length === 0) return { p50: Number.POSITIVE_INFINITY, p99: Number.POSITIVE_INFINITY };
  return { p50: percentile(run.latenciesMs, 50), p99: percentile(run.latenciesMs, 99) };
}

function summarizeFixedRate(name: ServerName, runs: readonly PacedReading[]): FixedRateSummary {
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

// ---------------------------------------------------------------- report

function headerLines(options: Options): string[] {
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
function loadLine(when: string): string {
  const [oneMinute, , fifteenMinutes] = os.loadavg();
  return `machine load average ${when}: ${fixed(oneMinute ?? 0, 1)} over 1 min, ${fixed(fifteenMinutes ?? 0, 1)} over 15 min, on ${os.cpus().length} cores`;
}

const roundsText = (rounds: number) => `${rounds} interleaved round${rounds === 1 ? '' : 's'}`;

/** Everything one run measured, before it is summed up. */
interface Measured {
  readonly startupMs: readonly number[];
  readonly steps: readonly Step[];
  readonly warm: ByServer<Measurement>;
  readonly memory: MemoryFindings;
  readonly rounds: ByServer<Measurement[]>;
  readonly fixedRate: ByServer<PacedReading[]>;
}

function errorsOf(name: ServerName, measured: Measured): number {
  const sum = (values: readonly { errors: number }[]) => values.reduce((total, v) => total + v.errors, 0);
  return measured.warm[name].errors + sum(measured.rounds[name]) + sum(measured.fixedRate[name]);
}

function findingsOf(measured: Measured, appFixedRate: FixedRateSummary, options: Options): Findings {
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
const shareOf = (rounds: ByServer<Measurement[]>, reference: ServerName) => spread(ratiosByRound(rounds.app.map((m) => m.rps), rounds[reference].map((m) => m.rps)));

function printReport(measured: Measured, options: Options): void {
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
  console.log(`\n${targetLines(targets).join('\n')}\n      ${throughputReport(findings)}`);
}

// ---------------------------------------------------------------- run

/** Starts the app and the references, checks that every step answers TwiML, and measures in order. */
async function measure(options: Options): Promise<Measured> {
  const token = randomBytes(16).toString('hex');
  const startupMs = await measureStartups(token, options);
  const { app } = await startApp(token, options.nodeFlags, true);
  const atStart = (await sampleMemory(app)).sample;
  const steps = signedSteps(token, app.port);
  const calls = steps.map((s) => s.call);
  const [incomingCall] = steps;
  const [incomingAnswer] = await verifySteps(app, steps);
  if (!incomingCall || !incomingAnswer) throw new Error('No incoming-call step.');
  const bodyFile = join(workDir, 'incoming-call.xml');
  writeFileSync(bodyFile, incomingAnswer);

  const express = await startReference('express', options.nodeFlags, bodyFile, incomingCall.call);
  const nodeHttp = await startReference('node:http', options.nodeFlags, bodyFile, incomingCall.call);
  await verifySteps(express, steps);
  await verifySteps(nodeHttp, steps);
  const servers = [app, express, nodeHttp];

  const warm = await warmUp(servers, calls, options);
  const memory: MemoryFindings = { atStart, warmupRequests: warm.app.requests, ...(await measureLongRun(app, calls, options)) };
  const rounds = await measureRounds(servers, calls, options);
  const fixedRate = await measureFixedRate(servers, calls, options);
  return { startupMs, steps, warm, memory, rounds, fixedRate };
}

async function main(options: Options): Promise<number> {
  try {
    console.log(headerLines(options).join('\n'));
    printReport(await measure(options), options);
    return EXIT_OK;
  } catch (error) {
    process.stderr.write(`\nThe benchmark could not run: ${errorMessage(error)}\n`);
    return EXIT_FAILED;
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

process.exitCode = await runCommand(COMMAND_LINE, process.argv.slice(2), processIo, (line) => main(readOptions(line)), 'The benchmark');
// The temporary folder is made when this file loads; --help or a wrong option leaves nothing behind either.
await cleanUp();
