import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusQuery, weeklySummary } from '../scripts/weekly-summary/summary.js';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

const TOKEN = 'hosted-prometheus-token-0123456789';
const PREFIX = '/api/prom';
const END = new Date('2026-12-07T00:00:00Z');

/**
 * A hosted Prometheus as Grafana Cloud serves one: its query API under a path prefix, behind a bearer
 * token; every query answers 4. Any other path is a web server's 404 page, not JSON.
 */
let server: Server;
let origin = '';
const dir = mkdtempSync(join(tmpdir(), 'hotline-weekly-summary-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== `${PREFIX}/api/v1/query` || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', error: 'authentication error: no valid token' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [END.getTime() / 1000, '4'] }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** npm run weekly-summary as built, in a folder of its own with only PATH in the environment. */
function runSummary(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(findProjectRoot(), 'dist', 'scripts', 'weekly-summary.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('The weekly summary asks a hosted Prometheus', () => {
  it('When the address has a path prefix (…/api/prom), Then the summary is asked there and gives the calls', async () => {
    const summary = await weeklySummary(prometheusQuery(new URL(`${origin}${PREFIX}`), TOKEN), { end: END, days: 7 });
    expect(summary).toMatch(/^\| Calls answered \| 4 \|$/m);
  });

  it('When the address is not where the query API answers, Then the one sentence names the HTTP status and the URL asked, not a JSON parse error', async () => {
    const asked = weeklySummary(prometheusQuery(new URL(origin), TOKEN), { end: END, days: 7 });
    await expect(asked).rejects.toThrow(`HTTP 404 from ${origin}/api/v1/query, which is not Prometheus's query API`);
  });

  it('When PROMETHEUS_TOKEN is only in .env, Then the command reads it as every other command does', { timeout: SERVER_TEST_MS }, async () => {
    writeFileSync(join(dir, '.env'), `PROMETHEUS_TOKEN=${TOKEN}\n`);
    const run = await runSummary(['--prometheus', `${origin}${PREFIX}/`, '--end', '2026-12-07']);
    expect(run.err).toBe('');
    expect(run.out).toMatch(/^\| Calls answered \| 4 \|$/m);
    expect(run.code).toBe(0);
  });
});
