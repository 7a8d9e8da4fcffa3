import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SERVER_READY_MS } from './timeouts.js';

export const SERVER_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'src', 'main.js');

/**
 * Ports handed to servers a test starts itself come from below the kernel's ephemeral range
 * (32768-60999 on Linux): a port that the kernel gives to `listen(0)` (every supertest request, the
 * simulator's and the try page's servers, in any test file running at the same time) could otherwise
 * be taken between this probe and the server's start, and that other server would answer the test.
 */
const TEST_PORTS = { from: 20_000, to: 32_000 } as const;

/** Whether nothing listens on this port of 127.0.0.1 now. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * Each vitest worker takes ports from its own block of TEST_PORTS (VITEST_POOL_ID counts the workers
 * from 1), one after the other from a start that differs per process, so two test files running at
 * once never probe the same port and then race to bind it, and two test runs side by side (two
 * checkouts on one machine) rarely start in the same place; the probe skips a port taken by anything else.
 */
const BLOCKS = 8;
const BLOCK_SIZE = Math.floor((TEST_PORTS.to - TEST_PORTS.from) / BLOCKS);
const block = (Number(process.env.VITEST_POOL_ID ?? 1) - 1) % BLOCKS;
let next = process.pid % BLOCK_SIZE;

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = TEST_PORTS.from + block * BLOCK_SIZE + (next++ % BLOCK_SIZE);
    if (await isFree(port)) return port;
  }
  throw new Error(`No free port in ${TEST_PORTS.from + block * BLOCK_SIZE}-${TEST_PORTS.from + (block + 1) * BLOCK_SIZE - 1} on 127.0.0.1 after 50 tries.`);
}

export interface RunningServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts the compiled entry file as `npm start` would, with only the given environment. */
export function startBuiltServer(env: Record<string, string>, options: { cwd?: string } = {}): RunningServer {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run "npm run build" first (npm test does).`);
  const child = spawn(process.execPath, [SERVER_ENTRY], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe', ...options });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls GET /healthz until it answers 200, within a bounded time. */
export async function waitUntilReady(port: number, timeoutMs = SERVER_READY_MS): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`The server did not answer /healthz within ${timeoutMs} ms.`);
}

/** Starts built servers in a test file and stops whichever is still running after each test. */
export function builtServers(): (env: Record<string, string>, options?: { cwd?: string }) => RunningServer {
  let running: RunningServer[] = [];
  afterEach(async () => {
    for (const server of running) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
    running = [];
  });
  return (env, options) => {
    const server = startBuiltServer(env, options);
    running.push(server);
    return server;
  };
}
