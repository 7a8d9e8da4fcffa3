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
 * and prints PASS/FAIL per target; a --quick run, or one on a machine already busy at its start,
 * says "within" or "over" instead, with the load it saw: such a run decides nothing. Exit code 0
 * whatever the targets say; 1 only when the benchmark itself could not run (or its devDependencies
 * are not installed, which it says before it starts anything).
 *
 *   npm run bench                      5 rounds of 3 s per server, 100,000-request long run (3-4 minutes)
 *   npm run bench -- --duration 5      5 s per saturation run
 *   npm run bench -- --rounds 7        7 interleaved rounds
 *   npm run bench -- --node-flags=--max-semi-space-size=4
 *                                      tries a node flag on every server before it goes into npm start
 *   npm run bench -- --quick           a smoke run of under a minute; its figures are not verdicts
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_FAILED, EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { errorMessage } from '../src/content/error-message.js';
import { missingPackages } from './bench/arithmetic.js';
import { signedSteps, verifySteps } from './bench/call-steps.js';
import { COMMAND_LINE, readOptions, type Options } from './bench/options.js';
import {
  cleanUp,
  measureFixedRate,
  measureLongRun,
  measureRounds,
  measureStartups,
  running,
  sampleMemory,
  startApp,
  startReference,
  warmUp,
  workDir,
} from './bench/phases.js';
import { headerLines, printReport, type Measured } from './bench/summary.js';
import type { MemoryFindings } from './bench/report.js';

/** The devDependencies a run loads; on a host pruned of them it stops before it starts any server. */
const BENCH_PACKAGES = ['autocannon'];

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
  const missing = missingPackages(BENCH_PACKAGES, (name: string) => createRequire(import.meta.url).resolve(name));
  if (missing.length > 0) {
    process.stderr.write(`npm run bench needs the devDependencies, and ${missing.join(', ')} is not installed: run it in a development checkout after "npm ci".\n`);
    return EXIT_FAILED;
  }
  try {
    const [loadAtStart = 0] = os.loadavg();
    console.log(headerLines(options).join('\n'));
    printReport(await measure(options), options, loadAtStart);
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
