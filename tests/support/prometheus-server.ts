import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './built-server.js';
import { ALERT_RULES, PROMETHEUS, requireTool } from './prometheus.js';

/** Prometheus's answer to a query: a vector (instant) of samples with their labels. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: readonly [number, string];
}

export interface TestPrometheus {
  readonly url: string;
  /** An instant query through the HTTP API: its status and result, or the error Prometheus gives. */
  query(expr: string): Promise<{ status: string; error?: string; result: Sample[] }>;
  /** The alerts as Prometheus holds them now (pending or firing). */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Debian's prometheus on a free port of 127.0.0.1, keeping its data in `dir`, scraping the given
 * targets as the job "hotline" with the bearer token twice a second, and evaluating the line's alert
 * rules twice a second. Resolves once it says it is ready.
 */
export async function startPrometheus(dir: string, targets: readonly string[], token: string, readyMs: number): Promise<TestPrometheus> {
  requireTool(PROMETHEUS);
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 500ms, scrape_timeout: 450ms, evaluation_interval: 500ms }',
      `rule_files: [${JSON.stringify(ALERT_RULES)}]`,
      'scrape_configs:',
      '  - job_name: hotline',
      `    authorization: { credentials: ${JSON.stringify(token)} }`,
      `    static_configs: [{ targets: ${JSON.stringify(targets)} }]`,
      '',
    ].join('\n'),
  );
  const child = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus stopped at once. It said:\n${output}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() - started > readyMs) throw new Error(`prometheus was not ready within ${readyMs} ms. It said:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
      const body = (await res.json()) as { status: string; error?: string; data?: { result: Sample[] } };
      return { status: body.status, ...(body.error ? { error: body.error } : {}), result: body.data?.result ?? [] };
    },
    async alerts() {
      const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
      return body.data.alerts;
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
