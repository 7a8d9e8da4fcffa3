import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../src/server/app.js';
import { describeStartupWarnings, loadConfig } from '../src/settings/load-config.js';
import { defaultPaths, findProjectRoot, readHotlineSources } from '../src/load/load-hotline.js';
import { createCallMetrics } from '../src/server/call-metrics.js';
import { runCallCli } from '../src/tools/simulator/call-cli.js';
import { builtServers, freePort, waitUntilReady } from './support/built-server.js';
import { SERVER_TEST_MS } from './support/timeouts.js';
import { parseTwiml, sayAsDigits } from './support/twiml.js';
import { AUTH_TOKEN, CALLER_UA, hotline, PUBLIC_BASE_URL } from './support/test-line.js';

const CALL = { CallSid: 'CA0123456789abcdef0123456789abcdef', From: CALLER_UA, To: '+4721000000' };

function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

function appWith(config: Partial<AppDeps['config']>, logger = pino({ level: 'silent' })) {
  const metrics = createCallMetrics();
  const app = createApp({
    config: { authToken: AUTH_TOKEN, publicBaseUrl: undefined, trustProxy: false, ...config },
    hotline: hotline(),
    logger,
    clock: () => new Date('2026-12-07T10:00:00Z'),
    metrics,
  });
  return { app, metrics };
}

/** Signed for the public https origin, as Twilio signs when the number points there. */
const publicSignature = (path: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);

describe('A wrong public URL is loud, and the fallback still helps', () => {
  it('When signed requests arrive but PUBLIC_BASE_URL is not set, Then each gets 403, and one warning names PUBLIC_BASE_URL and the URL checked, never the caller', async () => {
    const { lines, logger } = logCapture();
    const { app, metrics } = appWith({}, logger);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(app).post('/voice').type('form').set('X-Twilio-Signature', publicSignature('/voice', CALL)).send(CALL);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([403, 403, 403]);
    const warnings = lines.filter((l) => l.includes('Refused a request'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('PUBLIC_BASE_URL');
    expect(warnings[0]).toMatch(/http:\/\/127\.0\.0\.1:\d+\/voice/);
    const all = lines.join('\n');
    expect(all).not.toContain(CALLER_UA);
    expect(all).not.toContain(CALLER_UA.slice(1));
    expect(all).not.toContain(publicSignature('/voice', CALL));
    expect(await metrics.registry.getSingleMetricAsString('hotline_signature_rejections_total')).toMatch(/ 3$/m);
  });

  it('When a wrong-token, a wrong-URL and an unsigned request arrive within a second, Then each cause is logged at once with its own hint', async () => {
    const { lines, logger } = logCapture();
    const { app } = appWith({ publicBaseUrl: new URL(PUBLIC_BASE_URL) }, logger);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const own = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const post = (signature: string | undefined) =>
      fetch(`${own}/voice`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(CALL).toString(),
      });
    try {
      const statuses = [
        (await post(twilio.getExpectedTwilioSignature('another-accounts-token-0123', `${PUBLIC_BASE_URL}/voice`, CALL))).status,
        (await post(twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${own}/voice`, CALL))).status,
        (await post(undefined)).status,
      ];
      expect(statuses).toEqual([403, 403, 400]);
    } finally {
      server.close();
    }
    const refusals = lines.filter((l) => l.includes('Refused a request')).map((l) => JSON.parse(l) as { cause: string; msg: string });
    expect(refusals.map((r) => r.cause)).toEqual(['token', 'url', 'missing']);
    const [token, url, missing] = refusals.map((r) => r.msg);
    expect(token).toMatch(/check that TWILIO_AUTH_TOKEN is the auth token of the account that owns the number/);
    expect(url).toContain(`signature is for ${own}/voice, but the server checked ${PUBLIC_BASE_URL}/voice; the auth token is right. Set PUBLIC_BASE_URL`);
    expect(url).not.toContain('TWILIO_AUTH_TOKEN');
    expect(missing).toMatch(/without a Twilio signature.*not from Twilio/);
    expect(missing).not.toContain('set PUBLIC_BASE_URL');
    expect(lines.join('\n')).not.toContain(CALLER_UA.slice(1));
  });

  it('When Twilio posts to /voice/fallback with a signature that does not match, Then the caller still gets the fail-safe answer (112, ROSA, start again), and it is logged', async () => {
    const { lines, logger } = logCapture();
    const { app } = appWith({}, logger);
    const res = await request(app).post('/voice/fallback').type('form').set('X-Twilio-Signature', publicSignature('/voice/fallback', CALL)).send({ ...CALL, ErrorCode: '11200' });
    expect(res.status).toBe(200);
    const twiml = parseTwiml(res.text);
    expect(sayAsDigits(twiml.root)).toContain('112');
    expect(sayAsDigits(twiml.root).join(' ')).toContain('22 33 11 60');
    expect(twiml.verbs.find((v) => v.tagName === 'Gather')?.getAttribute('action')).toContain('menu=language');
    expect(lines.some((l) => l.includes('not validly signed'))).toBe(true);
  });

  it('When the same bad signature goes to any other route, Then it is still refused', async () => {
    const { app } = appWith({});
    for (const path of ['/voice', '/voice/menu?menu=main&lang=en', '/voice/status']) {
      const res = await request(app).post(path).type('form').set('X-Twilio-Signature', publicSignature(path, CALL)).send(CALL);
      expect(res.status).toBe(403);
    }
  });

  it('When production starts with a token but neither PUBLIC_BASE_URL nor TRUST_PROXY, Then a start-up warning gives the same hint', () => {
    const warnings = describeStartupWarnings(loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: '+4721000000' }));
    expect(warnings.find((w) => w.includes('PUBLIC_BASE_URL'))).toMatch(/TRUST_PROXY=true/);
    const fine = describeStartupWarnings(loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: '+4721000000', PUBLIC_BASE_URL: PUBLIC_BASE_URL }));
    expect(fine.some((w) => w.includes('PUBLIC_BASE_URL'))).toBe(false);
  });
});

describe('Counts are closed unless opened on purpose', () => {
  it('When nothing opens it (no METRICS_TOKEN, NODE_ENV not development), Then GET /metrics is 404, and the start-up warning says how to turn it on', async () => {
    const { app } = appWith({});
    expect((await request(app).get('/metrics')).status).toBe(404);
    expect(describeStartupWarnings(loadConfig({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: '+4721000000' })).join(' ')).toMatch(/METRICS_TOKEN.*METRICS_PUBLIC=true/);
  });

  it('When METRICS_PUBLIC=true or a token is set, Then /metrics answers (with the token)', async () => {
    expect((await request(appWith({ metricsPublic: true }).app).get('/metrics')).status).toBe(200);
    const withToken = appWith({ metricsToken: 'metrics-token-0123456789' }).app;
    expect((await request(withToken).get('/metrics')).status).toBe(401);
    expect((await request(withToken).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789')).status).toBe(200);
  });
});

/** A copy of prompts/ and content/ to break one file in. */
function copyOfContent() {
  const root = findProjectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-content-'));
  cpSync(join(root, 'prompts'), join(dir, 'prompts'), { recursive: true });
  cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
  return defaultPaths(dir);
}

describe('A broken file stops start-up with one sentence: file, line, column, what is wrong', () => {
  it('When prompts/languages.json is cut short, Then the sentence names the file and where it ends', () => {
    const paths = copyOfContent();
    const file = join(paths.promptsDir, 'languages.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('"ru"')));
    const lines = text.slice(0, text.indexOf('"ru"')).trimEnd().split('\n');
    expect(() => readHotlineSources(paths)).toThrow(`${file} is not valid JSON at line ${lines.length}, column ${lines.at(-1)!.length + 1}: the file ends too early`);
  });

  it.each([
    ['after a comma', (text: string) => text.slice(0, text.indexOf(',', text.indexOf('"ru"')) + 1)],
    ['after a comma and a line break', (text: string) => `${text.slice(0, text.indexOf(',', text.indexOf('"ru"')) + 1)}\n`],
    ['inside a string', (text: string) => text.slice(0, text.indexOf('"ru"') + 2)],
    ['before its last brace, with the line break kept', (text: string) => `${text.trimEnd().slice(0, -1)}\n`],
  ])('When content/helplines.json is cut short %s, Then the sentence says the file ends too early, just after its last character', (_how, cut) => {
    const paths = copyOfContent();
    const text = readFileSync(join(paths.promptsDir, 'languages.json'), 'utf8');
    const short = cut(text);
    writeFileSync(paths.helplinesFile, short);
    const lines = short.trimEnd().split('\n');
    expect(() => readHotlineSources(paths)).toThrow(
      `${paths.helplinesFile} is not valid JSON at line ${lines.length}, column ${lines.at(-1)!.length + 1}: the file ends too early (a closing bracket or brace is missing).`,
    );
  });

  it('When a prompt file has a trailing comma, Then the sentence names the file, the line and column of the comma', () => {
    const paths = copyOfContent();
    const file = join(paths.promptsDir, 'uk.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"danger"'));
    lines[at] = `${lines[at]},`;
    writeFileSync(file, lines.join('\n'));
    expect(() => readHotlineSources(paths)).toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')} is not valid JSON at line ${at + 1}, column ${lines[at]!.length}: this comma is followed by .}.; remove it\\.$`));
  });

  it('When a prompt file has a number where a sentence belongs, Then the sentence names the file and the key', () => {
    const paths = copyOfContent();
    const file = join(paths.promptsDir, 'ru.json');
    const prompts = JSON.parse(readFileSync(file, 'utf8')) as { opening: { danger: unknown } };
    prompts.opening.danger = 112;
    writeFileSync(file, JSON.stringify(prompts, null, 2));
    expect(() => readHotlineSources(paths)).toThrow(`${file}: "opening.danger" must be a sentence (text) or a group of sentences ({"key": "sentence"}).`);
  });

  it('When content/helplines.json has a missing comma, Then the sentence names that file and the line', () => {
    const paths = copyOfContent();
    const text = readFileSync(paths.helplinesFile, 'utf8').replace('"timeZone": "Europe/Oslo",', '"timeZone": "Europe/Oslo"');
    writeFileSync(paths.helplinesFile, text);
    const line = text.split('\n').findIndex((l) => l.includes('"holidays"')) + 1;
    expect(() => readHotlineSources(paths)).toThrow(new RegExp(`helplines\\.json is not valid JSON at line ${line}, column \\d+: expected ',' or '}'`));
  });
});

const startServer = builtServers();

describe('The built server explains what stops it', { timeout: SERVER_TEST_MS }, () => {
  it('When the port is in use, Then it exits non-zero with one sentence and never says it is listening', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const running = startServer({ PORT: String(port) });
      expect(await running.exited).toBe(1);
      expect(running.output().split('\n')).toContain(`Cannot start the hotline: Port ${port} is in use; set PORT to a free port.`);
      expect(running.output()).not.toContain('listening');
    } finally {
      blocker.close();
    }
  });

  it('When a .env file is in the working folder, Then its values are used, and the environment wins over it', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-env-'));
    writeFileSync(join(dir, '.env'), `# settings for this machine\nPORT=${port}\nLOG_LEVEL=debug\n`);
    const running = startServer({ LOG_LEVEL: 'info' }, { cwd: dir });
    await waitUntilReady(port);
    expect(running.output()).toContain('read settings from .env');
    expect(running.output()).not.toContain('"level":20');
  });

  it('When the simulator calls a server that checks signatures against its PUBLIC_BASE_URL, Then --public-url makes them match', async () => {
    const port = await freePort();
    startServer({ PORT: String(port), TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, LOG_LEVEL: 'warn' });
    await waitUntilReady(port);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } };
    const url = `http://127.0.0.1:${port}`;
    expect(await runCallCli(['--url', url, '--keys', '3'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/403.*--public-url/);
    out.length = 0;
    expect(await runCallCli(['--url', url, '--public-url', PUBLIC_BASE_URL, '--keys', '3'], io)).toBe(0);
    expect(out).toContain('(key 3)');
    expect(out.some((l) => l.startsWith('[en-GB'))).toBe(true);
  });
});
