/**
 * The processes `npm run bench` measures: spawning and stopping them, one-off requests, and what
 * Linux's /proc and the bench-only gc-probe tell about them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMemoryLine, type MemorySample } from './memory-line.js';

export const HOST = '127.0.0.1';

/** One signed webhook, exactly as Twilio would post it; the body is constant, so it is signed once. */
export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ServerName = 'app' | 'express' | 'node:http';

export interface Server {
  readonly name: ServerName;
  readonly port: number;
  readonly child: ChildProcess;
  /** The last few kB the process wrote, to explain a failure. */
  readonly output: () => string;
  /** Memory lines from gc-probe, oldest first (only a server started with the probe writes them). */
  readonly memorySamples: readonly MemorySample[];
}

const STARTUP_LIMIT_MS = 10_000;
const STARTUP_POLL_MS = 10;
const STOP_LIMIT_MS = 3_000;
const PROBE_LIMIT_MS = 10_000;
const PROBE_POLL_MS = 20;
const OUTPUT_KEPT_CHARS = 4_000;

export async function freePort(): Promise<number> {
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
export async function send(port: number, call: HttpCall, timeoutMs = 2_000): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...call.headers, 'content-length': Buffer.byteLength(call.body) };
    const req = httpRequest({ host: HOST, port, method: call.method, path: call.path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Polls until the call answers 200; returns the milliseconds since `since`. Bounded in count and time. */
export async function waitFor200(server: Server, call: HttpCall, since: number): Promise<number> {
  const maxAttempts = Math.ceil(STARTUP_LIMIT_MS / STARTUP_POLL_MS);
  for (let attempt = 0; attempt < maxAttempts && performance.now() - since < STARTUP_LIMIT_MS; attempt++) {
    if (server.child.exitCode !== null) break;
    const status = await send(server.port, call, 500).then((r) => r.status, () => 0);
    if (status === 200) return performance.now() - since;
    await sleep(STARTUP_POLL_MS);
  }
  throw new Error(`${server.name} did not answer 200 on ${call.method} ${call.path} within ${STARTUP_LIMIT_MS} ms.\n${server.output()}`);
}

/** Starts `node <nodeArgs>` with only PATH and the given variables in its environment. */
export function spawnServer(name: ServerName, port: number, nodeArgs: readonly string[], env: Record<string, string>): Server {
  const child = spawn(process.execPath, [...nodeArgs], { env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let partialLine = '';
  const memorySamples: MemorySample[] = [];
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    const lines = (partialLine + chunk.toString()).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) {
      const sample = parseMemoryLine(line);
      if (sample) memorySamples.push(sample);
    }
  });
  return { name, port, child, output: () => output, memorySamples };
}

export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(STOP_LIMIT_MS)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Resident memory of a process in bytes, from Linux's /proc, as it stands (no collection). */
export function residentBytes(pid: number | undefined): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`No VmRSS in /proc/${pid}/status.`);
  return Number(kb) * 1024;
}

/** Asks gc-probe in the server for two full collections and its memory after them. */
export async function memoryAfterCollection(server: Server): Promise<MemorySample> {
  const before = server.memorySamples.length;
  server.child.kill('SIGUSR2');
  const since = performance.now();
  while (performance.now() - since < PROBE_LIMIT_MS) {
    const sample = server.memorySamples[before];
    if (sample) return sample;
    await sleep(PROBE_POLL_MS);
  }
  throw new Error(`${server.name} wrote no memory line within ${PROBE_LIMIT_MS} ms of SIGUSR2 (started without gc-probe?).\n${server.output()}`);
}
