import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './built-server.js';

/**
 * A real Debian redis-server for the tests, on a free port of 127.0.0.1, keeping nothing on disk.
 * Tests start it, stop it (as an outage) and start it again on the same port (as a recovery).
 */

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** The one sentence a developer without Redis reads, instead of a connection error. */
export const REDIS_MISSING =
  'redis-server is not installed: the tests of the shared text-message limits start a real one. Install it with "apt-get install redis-server" (.ci/run does), or set REDIS_SERVER to its path.';

/** Throws REDIS_MISSING when there is no redis-server to start. */
export function requireRedisServer(): void {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(REDIS_MISSING);
}

/** A self-signed certificate for 127.0.0.1, for tests only (see redis-tls/README.md). */
export const TEST_TLS = {
  cert: join(import.meta.dirname, 'redis-tls', 'test-only-cert.pem'),
  key: join(import.meta.dirname, 'redis-tls', 'test-only-key.pem'),
} as const;

export interface TestRedis {
  readonly port: number;
  /** redis://127.0.0.1:<port> (rediss:// with TLS), with the password when it has one. */
  readonly url: string;
  /** Starts (or starts again, on the same port) and resolves once it accepts commands. */
  start(): Promise<void>;
  /** Stops it as an outage does: clients lose their connection. */
  stop(): Promise<void>;
  /** Stops answering without closing connections (SIGSTOP), as a stuck or overloaded server; resume() undoes it. */
  freeze(): void;
  resume(): void;
  /** Looks at what the server holds, through a client of its own. */
  inspect<T>(look: (client: Redis) => Promise<T>): Promise<T>;
}

/** A redis-server on a free port; `password` makes it require one (requirepass); `tls` serves only TLS, with TEST_TLS. */
export async function testRedis(options: { password?: string; tls?: boolean } = {}): Promise<TestRedis> {
  requireRedisServer();
  const port = await freePort();
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = '';
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';

  /** Resolves when this run of the server says it accepts connections. */
  const ready = async (from: number): Promise<void> => {
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      if (output.slice(from).includes('Ready to accept connections')) return;
      if (child?.exitCode != null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server on port ${port} did not start within 10 s. It said:\n${output.slice(from)}`);
  };

  const redis: TestRedis = {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    async start() {
      const listen = options.tls
        ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', TEST_TLS.cert, '--tls-key-file', TEST_TLS.key, '--tls-auth-clients', 'no']
        : ['--port', String(port)];
      const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
      if (options.password) args.push('--requirepass', options.password);
      const from = output.length;
      child = spawn(REDIS_SERVER, args, { stdio: 'pipe' });
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      await ready(from);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGCONT');
      running.kill('SIGKILL');
      await exited;
    },
    freeze: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async inspect(look) {
      const tls = options.tls ? { tls: { ca: readFileSync(TEST_TLS.cert) } } : {};
      const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...tls });
      try {
        await client.connect();
        return await look(client);
      } finally {
        client.disconnect();
      }
    },
  };
  await redis.start();
  return redis;
}
