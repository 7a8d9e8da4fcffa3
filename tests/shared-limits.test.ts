import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { urlTransport } from '../src/tools/simulator/call-simulator.js';
import { CallWalker, type Transport, type Waiting } from '../src/tools/walk/walk-call.js';
import { builtServers, freePort, waitUntilReady, type RunningServer } from './support/built-server.js';
import { words } from './support/expect-speech.js';
import { TEST_TLS, testRedis, type TestRedis } from './support/redis-server.js';
import { hotline } from './support/test-line.js';
import { spoken } from './support/twiml.js';

/**
 * Many instances, one set of limits: two built servers share the daily text-message limit through a
 * real redis-server, as two processes behind one load balancer would. Each server's own twilio REST
 * client sends through nock, loaded into it with NODE_OPTIONS (tests/support/fake-twilio-messages.mjs),
 * which writes one line per message it accepted.
 */

const TOKEN = 'shared-limits-token-0123456789abcdef';
const PUBLIC_BASE_URL = 'https://hotline.example.org';
const LOG_HASH_KEY = 'shared-log-hash-key-for-every-instance-0123';
const METRICS_TOKEN = 'shared-limits-metrics-token-0123456789';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const LINE_NUMBER = '+4721000000';
const STARTUP_MS = 20_000;
const FAKE_TWILIO = join(import.meta.dirname, 'support', 'fake-twilio-messages.mjs');
const STORE_LINE = 'The text-message limits store';

const start = builtServers();
const cwd = mkdtempSync(join(tmpdir(), 'shared-limits-'));
const sentFile = join(cwd, 'messages.jsonl');
let redis: TestRedis;
beforeAll(async () => {
  redis = await testRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

interface Instance {
  readonly port: number;
  readonly server: RunningServer;
  readonly transport: Transport;
}

/** Built servers with text messages on, Twilio answered by nock inside each, and REDIS_URL when given. */
async function startInstances(count: number, extra: Record<string, string>): Promise<Instance[]> {
  const instances = await Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      const env = {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: String(port),
        TWILIO_AUTH_TOKEN: TOKEN,
        PUBLIC_BASE_URL,
        HOTLINE_NUMBER: '+4721000000',
        LOG_HASH_KEY,
        METRICS_TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        SMS_FROM: 'Info',
        NODE_OPTIONS: `--import=${pathToFileURL(FAKE_TWILIO).href}`,
        FAKE_TWILIO_MESSAGES: sentFile,
        ...extra,
      };
      return { port, server: start(env, { cwd }), transport: urlTransport(new URL(`http://127.0.0.1:${port}`), TOKEN, new URL(PUBLIC_BASE_URL)) };
    }),
  );
  await Promise.all(
    instances.map((i) =>
      waitUntilReady(i.port, STARTUP_MS).catch((error: Error) => {
        throw new Error(`${error.message} It said:\n${i.server.output()}`);
      }),
    ),
  );
  return instances;
}

/** Each request to the next instance in turn, starting with `first`: what a load balancer may do. */
function alternating(instances: readonly Instance[], first: number): Transport {
  let next = first;
  return {
    baseUrl: new URL(PUBLIC_BASE_URL),
    post: (path, params) => (instances[next++ % instances.length] as Instance).transport.post(path, params),
    close: async () => {},
  };
}

const health = async (instance: Instance) => {
  const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; textMessageLimits?: { store: string; state: string } } };
};
const storeState = (state: 'up' | 'down', store = 'redis') => ({ status: 200, body: { status: 'ok', textMessageLimits: { store, state } } });
const messagesSent = (): { to: string; pid: number }[] =>
  existsSync(sentFile)
    ? readFileSync(sentFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { to: string; pid: number })
    : [];
const storeLines = (instance: Instance) =>
  instance.server
    .output()
    .split('\n')
    .filter((l) => l.includes(STORE_LINE) && l.includes('does not answer'));

const english = () => hotline().catalog.languages.find((l) => l.code === 'en')!;
const offer = words('en', 'menu.option', { key: { key: 'keys.hash' }, label: { key: 'textMessage.offer' } });

/** What the caller heard in the last answer. */
function heard(walker: CallWalker): string {
  if (!walker.document) throw new Error('The call has not started.');
  return spoken(walker.document.root)
    .map((s) => s.text)
    .join(' ');
}

/** A caller who picks English and presses 0: the emergency answer, whose menu offers the numbers in a text message. */
async function toEmergencyMenu(walker: CallWalker): Promise<string> {
  await walker.start();
  await walker.press(english().key);
  expect((await walker.press('0')).kind).toBe('key');
  return heard(walker);
}

/** Silence at every menu until the line hangs up: the call ends as Twilio ends it, with no error. */
async function hangUpBySilence(walker: CallWalker, waiting: Waiting): Promise<void> {
  for (let step = 0; step < 10 && waiting.kind === 'key'; step++) waiting = await walker.silence();
  expect(walker.events.filter((e) => e.kind === 'error')).toEqual([]);
  expect(waiting).toEqual({ kind: 'ended', result: 'ended' });
}

describe('Two built instances share the daily text-message limit through Redis', { timeout: 120_000 }, () => {
  it('When one number calls four times, each call alternating between the instances, Then three messages are sent and the fourth call is not offered one; Then Redis stops in the middle of a call: the call goes on without the offer, each instance logs one line, /healthz answers 200 and says the store is down; Then Redis is back: offers return', async () => {
    rmSync(sentFile, { force: true });
    const pair = await startInstances(2, { REDIS_URL: redis.url });
    await vi.waitFor(async () => {
      for (const instance of pair) expect(await health(instance)).toEqual(storeState('up'));
    }, { timeout: 15_000, interval: 100 });
    for (const { server } of pair) {
      expect(server.output()).toContain(`counted in ${redis.url}`);
      // The start lines a person reads say it too.
      expect(server.output()).toContain(`the daily limit per number is shared by every instance through ${redis.url}`);
    }

    const CALLER = '+4791234567';
    for (let call = 1; call <= 4; call++) {
      const walker = new CallWalker({ transport: alternating(pair, call), from: CALLER, to: LINE_NUMBER });
      const menu = await toEmergencyMenu(walker);
      const waiting = await walker.press('#');
      if (call <= 3) {
        expect(menu).toContain(offer);
        expect(heard(walker).startsWith(words('en', 'textMessage.sent'))).toBe(true);
      } else {
        expect(menu).not.toContain(offer);
        expect(heard(walker).startsWith(words('en', 'menu.notAnOption'))).toBe(true);
      }
      await hangUpBySilence(walker, waiting);
    }
    const sent = messagesSent();
    expect(sent.map((m) => m.to)).toEqual([CALLER, CALLER, CALLER]);
    // Both instances sent some: the count is shared, not each instance's own.
    expect(new Set(sent.map((m) => m.pid)).size).toBe(2);

    // Redis stops while a caller (another number) is in the emergency menu with the offer.
    const OTHER = '+4798765432';
    const walker = new CallWalker({ transport: alternating(pair, 0), from: OTHER, to: LINE_NUMBER });
    expect(await toEmergencyMenu(walker)).toContain(offer);
    await redis.stop();
    await walker.press('9');
    expect(heard(walker)).not.toContain(offer);
    const afterHash = await walker.press('#');
    expect(heard(walker).startsWith(words('en', 'menu.notAnOption'))).toBe(true);
    await hangUpBySilence(walker, afterHash);
    expect(messagesSent()).toHaveLength(3);

    for (const instance of pair) {
      await vi.waitFor(async () => expect(await health(instance)).toEqual(storeState('down')), { timeout: 10_000, interval: 200 });
      const [line, ...more] = storeLines(instance);
      expect(more).toEqual([]);
      // Which failure an instance sees first depends on timing, not on the code: a check sent before
      // the instance noticed the closed connection waits out its time limit ('timeout'); one sent
      // after fails at once ('unreachable'). Either is the outage, logged once.
      expect(JSON.parse(line!)).toMatchObject({ level: 40, store: redis.url, reason: expect.stringMatching(/^(unreachable|timeout)$/) });
    }
    const metrics = await Promise.all(
      pair.map(async (i) => (await fetch(`http://127.0.0.1:${i.port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()),
    );
    const failed = (text: string, reason: string) => Number(new RegExp(`^hotline_message_limit_store_failures_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const failures = metrics.map((text) => failed(text, 'unreachable') + failed(text, 'timeout'));
    // The checks of that call went to both instances; each counted the ones it could not make.
    expect(failures.every((n) => n >= 1)).toBe(true);
    for (const text of metrics) expect(text).toMatch(/^hotline_message_limit_store_up\{store="redis"\} 0$/m);

    // Redis is back: no restart of either instance, and the offer returns.
    await redis.start();
    for (const instance of pair) await vi.waitFor(async () => expect(await health(instance)).toEqual(storeState('up')), { timeout: 10_000, interval: 200 });
    const again = new CallWalker({ transport: alternating(pair, 1), from: OTHER, to: LINE_NUMBER });
    expect(await toEmergencyMenu(again)).toContain(offer);
    await again.press('#');
    expect(heard(again).startsWith(words('en', 'textMessage.sent'))).toBe(true);
    expect(messagesSent().map((m) => m.to)).toEqual([CALLER, CALLER, CALLER, OTHER]);
    for (const instance of pair) {
      expect(instance.server.output()).toContain(`${STORE_LINE} ${redis.url} answers again`);
      expect(storeLines(instance)).toHaveLength(1);
      for (const number of [CALLER, OTHER]) expect(instance.server.output()).not.toContain(number.slice(1));
    }
  });

  it('When REDIS_URL is rediss:// with a password (a managed Redis), Then the limits are counted there over TLS, and neither the start lines nor the log show the password', async () => {
    const PASSWORD = 'tls-redis-password-never-printed';
    const tls = await testRedis({ tls: true, password: PASSWORD });
    try {
      expect(tls.url).toMatch(/^rediss:\/\/:/);
      // The built server trusts the test certificate as it would a managed Redis's public one.
      const [instance] = await startInstances(1, { REDIS_URL: tls.url, NODE_EXTRA_CA_CERTS: TEST_TLS.cert });
      await vi.waitFor(async () => expect(await health(instance!)).toEqual(storeState('up')), { timeout: 15_000, interval: 100 });
      const walker = new CallWalker({ transport: instance!.transport, from: '+4795554433', to: LINE_NUMBER });
      expect(await toEmergencyMenu(walker)).toContain(offer);
      await walker.press('#');
      expect(heard(walker).startsWith(words('en', 'textMessage.sent'))).toBe(true);
      const keys = await tls.inspect((c) => c.keys('*'));
      expect(keys).toEqual([expect.stringMatching(/^hotline-text-messages:\d{4}-\d{2}-\d{2}:[A-Za-z0-9_-]{43}$/)]);
      const output = instance!.server.output();
      expect(output).toContain(`shared by every instance through rediss://127.0.0.1:${tls.port}`);
      expect(output).not.toContain(PASSWORD);
    } finally {
      await tls.stop();
    }
  });

  it('When REDIS_URL is not set, Then text messages work as before, and the start line and /healthz say the limits are per instance, in memory', async () => {
    rmSync(sentFile, { force: true });
    const [alone] = await startInstances(1, {});
    expect(await health(alone!)).toEqual(storeState('up', 'memory'));
    expect(alone!.server.output()).toContain('a day to one number per instance');
    expect(alone!.server.output()).toContain('the daily limit per number is counted per instance, in its memory (set REDIS_URL to share it between instances)');
    const walker = new CallWalker({ transport: alone!.transport, from: '+4791112233', to: LINE_NUMBER });
    expect(await toEmergencyMenu(walker)).toContain(offer);
    await walker.press('#');
    expect(heard(walker).startsWith(words('en', 'textMessage.sent'))).toBe(true);
    expect(messagesSent()).toHaveLength(1);
  });
});
