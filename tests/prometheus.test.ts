import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMERGENCY_KEY, MESSAGE_KEY, START, type LangCode } from '../src/hotline/index.js';
import { urlTransport } from '../src/tools/simulator/call-simulator.js';
import { CallWalker, type Transport, type Waiting } from '../src/tools/walk/walk-call.js';
import { prometheusQuery, weeklySummary } from '../scripts/weekly-summary/summary.js';
import { freePort, startBuiltServer, waitUntilReady, type RunningServer } from './support/built-server.js';
import { ALERT_RULES, DASHBOARD } from './support/prometheus.js';
import { startPrometheus, type TestPrometheus } from './support/prometheus-server.js';
import { hotline } from './support/test-line.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

/**
 * The dashboard and the alert rules against a real Prometheus: Debian's prometheus scrapes two built
 * servers with the bearer token twice a second while calls go through them as Twilio makes them
 * (the HTTP walker), and every query of the dashboard and every rule goes through Prometheus's
 * HTTP API. Everything is started once for the file; every wait polls, within generous limits.
 */

const TOKEN = 'prometheus-test-token-0123456789abcdef';
const METRICS_TOKEN = 'prometheus-test-metrics-token-0123456789';
const PUBLIC_BASE_URL = 'https://hotline.example.org';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const LINE_NUMBER = '+4721000000';
/** Who the simulated calls are from: none of these may appear in a scrape or a summary. */
const CALLERS = { en: '+447700900123', uk: '+380501234567', texting: '+380671234567', ru: '+79161234567' } as const;
const FAKE_TWILIO = join(import.meta.dirname, 'support', 'fake-twilio-messages.mjs');
const READY_MS = 30_000;
/** How long a figure may take to reach Prometheus: two scrapes a second, and a busy machine. */
const SCRAPED_MS = 30_000;

const line = hotline();
const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'));
let servers: RunningServer[] = [];
let transports: Transport[] = [];
let prometheus: TestPrometheus | undefined;
/** What the test measured of the one call that reached a person: the most it can have waited. */
let longestWait = 0;

/** Polls until `check` gives a value, or fails with what was last seen. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = SCRAPED_MS): Promise<T> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}. Prometheus said:\n${prometheus?.output() ?? ''}`);
}

/** The one value of a query that adds everything up, or undefined while Prometheus has none. */
async function scalar(expr: string): Promise<number | undefined> {
  const { result } = await prometheus!.query(expr);
  return result.length === 1 ? Number(result[0]!.value[1]) : undefined;
}

const equals = (expr: string, expected: number) => until(`${expr} == ${expected}`, async () => ((await scalar(expr)) === expected ? true : undefined));

const language = (code: string) => line.languages.find((l) => l.code === code)!;
const talkKey = (lang: LangCode) => line.flow.menuFor({ ...START, menu: 'main', lang }, new Date()).options.find((o) => o.action.kind === 'talk')!.key;

/** Until the line hangs up: silence at every menu, every transfer not answered. Bounded, so a loop fails. */
async function finish(walker: CallWalker, waiting: Waiting): Promise<void> {
  for (let step = 0; step < 30 && waiting.kind !== 'ended'; step++) waiting = waiting.kind === 'key' ? await walker.silence() : await walker.dialEnds('no-answer');
  expect(waiting).toEqual({ kind: 'ended', result: 'ended' });
}

/** The calls the figures are checked against: four calls, one fail-safe answer, one refused request. */
async function driveCalls([a, b]: Transport[]): Promise<void> {
  // (1) English on A: talk to someone now, answered at once (the caller talks 0 s).
  const began = Date.now();
  const english = new CallWalker({ transport: a!, from: CALLERS.en, to: LINE_NUMBER });
  await english.start();
  await english.press(language('en').key);
  expect((await english.press(talkKey(language('en').code))).kind).toBe('dial');
  expect(await english.dialEnds('completed', 0)).toEqual({ kind: 'ended', result: 'ended' });
  longestWait = (Date.now() - began) / 1000;
  // (2) Ukrainian on B: the first helpline busy, then whatever comes next not answered, then silence.
  const ukrainian = new CallWalker({ transport: b!, from: CALLERS.uk, to: LINE_NUMBER });
  await ukrainian.start();
  await ukrainian.press(language('uk').key);
  expect((await ukrainian.press(talkKey(language('uk').code))).kind).toBe('dial');
  await finish(ukrainian, await ukrainian.dialEnds('busy'));
  // (3) Ukrainian on A: the emergency key, then the numbers by text message, then silence.
  const texting = new CallWalker({ transport: a!, from: CALLERS.texting, to: LINE_NUMBER });
  await texting.start();
  await texting.press(language('uk').key);
  await texting.press(EMERGENCY_KEY);
  await finish(texting, await texting.press(MESSAGE_KEY));
  // (4) Russian on B: nothing pressed anywhere.
  const silent = new CallWalker({ transport: b!, from: CALLERS.ru, to: LINE_NUMBER });
  await finish(silent, await silent.start());
}

beforeAll(async () => {
  const ports = [await freePort(), await freePort()];
  servers = ports.map((port) =>
    startBuiltServer(
      {
        NODE_ENV: 'production',
        PORT: String(port),
        TWILIO_AUTH_TOKEN: TOKEN,
        PUBLIC_BASE_URL,
        HOTLINE_NUMBER: LINE_NUMBER,
        METRICS_TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        SMS_FROM: 'Info',
        NODE_OPTIONS: `--import=${pathToFileURL(FAKE_TWILIO).href}`,
        FAKE_TWILIO_MESSAGES: join(dir, 'messages.jsonl'),
      },
      { cwd: dir },
    ),
  );
  await Promise.all(ports.map((port, i) => waitUntilReady(port, READY_MS).catch((error: Error) => Promise.reject(new Error(`${error.message} It said:\n${servers[i]!.output()}`)))));
  transports = ports.map((port) => urlTransport(new URL(`http://127.0.0.1:${port}`), TOKEN, new URL(PUBLIC_BASE_URL)));
  prometheus = await startPrometheus(dir, ports.map((port) => `127.0.0.1:${port}`), METRICS_TOKEN, READY_MS);
  // Both instances scraped with every count at 0 before the first call, as after a deploy.
  await equals('count(up{job="hotline"} == 1)', 2);
  await equals('count(hotline_calls_started_total == 0)', 2);
  await driveCalls(transports);
  await equals('sum(hotline_calls_started_total)', 4);
}, 3 * SERVER_TEST_MS);

afterAll(async () => {
  await prometheus?.stop();
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Query {
  readonly where: string;
  readonly expr: string;
}

/** Every query of every panel, with Grafana's range variables set as a panel over the last few minutes would. */
function dashboardQueries(): Query[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ where: `panel "${panel.title}"`, expr: t.expr.replaceAll('$__range', '5m').replaceAll('$__rate_interval', '15s').replaceAll('$__interval', '1s') })),
  );
}

/** Every alert's expression, read from the rules file as Prometheus reads it. */
function alertQueries(): Query[] {
  const rules = readFileSync(ALERT_RULES, 'utf8');
  return [...rules.matchAll(/- alert: (\w+)\n(?:\s+#.*\n)*\s+expr: (?:\|\n((?:\s{10}.*\n)+)|(.*)\n)/g)].map((m) => ({ where: `alert ${m[1]}`, expr: (m[2] ?? m[3] ?? '').trim() }));
}

/** The metric names a query reads. */
const metricNames = (expr: string): string[] => [...new Set([...expr.matchAll(/\b(hotline_[a-z_]+|up)\b(?=\s*[{[)])/g)].map((m) => m[1]!))];

describe('The dashboard and the alerts, against a real Prometheus scraping two built servers', { timeout: 2 * SERVER_TEST_MS }, () => {
  it('When every query of the dashboard and every alert expression is run, Then each is valid, names only metrics a real scrape has, and has data', async () => {
    const scrape = await (await fetch(`${transports[0]!.baseUrl.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const queries = [...dashboardQueries(), ...alertQueries()];
    expect(alertQueries().length).toBe([...readFileSync(ALERT_RULES, 'utf8').matchAll(/- alert:/g)].length);
    expect(dashboardQueries().length).toBeGreaterThan(25);
    for (const { where, expr } of queries) {
      const answer = await prometheus!.query(expr);
      expect(answer, `${where}: ${expr}`).toMatchObject({ status: 'success' });
      for (const name of metricNames(expr)) expect(scrape.includes(`\n${name}{`) || scrape.includes(`\n${name} `) || name === 'up', `${where} names ${name}`).toBe(true);
      // Only the alerts' expressions may be empty: that is what a quiet line looks like to them.
      if (where.startsWith('panel')) expect(answer.result.length, `${where} has no data: ${expr}`).toBeGreaterThan(0);
    }
  });

  it('When the figures are added up across both instances, Then they are the calls made: four calls, one person reached in the bucket its wait fell in, a busy transfer, every language menu shown', async () => {
    await equals('sum(hotline_calls_started_total)', 4);
    await equals('sum(hotline_time_to_person_seconds_count)', 1);
    await equals('sum(hotline_time_to_person_seconds_bucket{le="20"})', 1);
    const waited = await scalar('sum(hotline_time_to_person_seconds_sum)');
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThanOrEqual(Math.ceil(longestWait));
    await equals('sum(hotline_transfers_total{outcome="completed"})', 1);
    await equals('sum(hotline_transfers_total{outcome="busy"})', 1);
    // Each call's first menu, and the Russian caller's two replays of it before the line chose for them.
    await equals('sum(hotline_menus_shown_total{menu="language"})', 6);
    await equals('sum(hotline_calls_by_suggested_language_total{lang="uk"})', 2);
    await equals('sum(hotline_messages_total{outcome="sent"})', 1);
    // Both instances answered calls: the sum is of both, not one.
    expect((await prometheus!.query('sum by (instance) (hotline_calls_started_total) > 0')).result).toHaveLength(2);
  });

  it('When the weekly summary asks Prometheus, Then it prints the calls made as a Markdown table, and neither it nor a scrape holds a number', async () => {
    // Prometheus's increase() stretches what it saw over the gap after an instance's last scrape
    // (under a second here): over a week that is nothing, over a few seconds of data it could round
    // 4 calls up to 5. So the summary ends at the last scrape, after 12 scrapes of each instance (6 s).
    await until('12 scrapes of each instance', async () => ((await scalar('min(count_over_time(hotline_calls_started_total[10m]))')) ?? 0) >= 12 || undefined, 60_000);
    const lastScrape = await until('the last scrape', () => scalar('max(timestamp(hotline_calls_started_total))'));
    const summary = await weeklySummary(prometheusQuery(new URL(prometheus!.url), undefined), { end: new Date(lastScrape * 1000), days: 7 });
    expect(summary).toMatch(/^\| Calls answered \| 4 \|$/m);
    expect(summary).toMatch(/^\| Calls put through to a person \| 1 \(25 % of calls\) \|$/m);
    expect(summary).toMatch(/^\| Text messages with the numbers sent \| 1 \|$/m);
    expect(summary).toMatch(/^\| Language the caller's country code suggests \| uk 2, (none 1, ru 1|ru 1, none 1) \|$/m);
    for (const transport of transports) {
      const scrape = await (await fetch(`${transport.baseUrl.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      for (const text of [summary, scrape]) {
        for (const number of [...Object.values(CALLERS), LINE_NUMBER]) expect(text).not.toContain(number.slice(1));
      }
    }
    expect(summary).not.toMatch(/\d{6,}/);
  });

  it('When Twilio uses the fallback URL once, Then the fail-safe alert fires in Prometheus on that first answer', async () => {
    // Scraped at 0 before: a series that first appeared at 1 would show no increase, and no alert.
    await equals('count(hotline_fail_safe_answers_total{reason="fallback"} == 0)', 2);
    expect((await transports[1]!.post('/voice/fallback', { CallSid: `CA${'f'.repeat(32)}`, ErrorCode: '11200' })).status).toBe(200);
    const firing = await until('HotlineFailSafeAnswered firing', async () => (await prometheus!.alerts()).find((a) => a.labels.alertname === 'HotlineFailSafeAnswered' && a.state === 'firing'));
    expect(firing.labels).toMatchObject({ reason: 'fallback', severity: 'page' });
  });
});
