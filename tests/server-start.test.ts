import { request } from 'node:http';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { parseTwiml } from './support/twiml.js';
import { builtServers, freePort, waitUntilReady } from './support/built-server.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

const TOKEN = 'start-test-token';
const start = builtServers();

describe('The built server, started as npm start starts it', { timeout: SERVER_TEST_MS }, () => {
  it('When started in production with a token, Then it answers a signed POST /voice with the language menu', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base, HOTLINE_NUMBER: '+4721000000' });
    await waitUntilReady(port);
    const params = { CallSid: 'CA42', From: '+380501234567', To: '+4721000000' };
    const res = await fetch(`${base}/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${base}/voice`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    const twiml = parseTwiml(await res.text());
    expect(twiml.verbs.map((v) => v.tagName)).toEqual(['Gather', 'Redirect']);
    expect(twiml.verbs[0]!.getAttribute('action')).toContain('menu=language');
  });

  it('When Heroku runs it as dyno web.2 (DYNO), Then every series at /metrics carries dyno="web.2", so dynos scraped at one address stay apart; a DYNO not shaped like a dyno name is left out', async () => {
    const metricsToken = 'start-test-metrics-token-0123456789';
    const scrape = async (dyno: string) => {
      const port = await freePort();
      start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, HOTLINE_NUMBER: '+4721000000', METRICS_TOKEN: metricsToken, DYNO: dyno });
      await waitUntilReady(port);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(res.status).toBe(200);
      return (await res.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    };
    const samples = await scrape('web.2');
    expect(samples).toContain('hotline_calls_started_total{dyno="web.2"} 0');
    expect(samples.filter((line) => !line.includes('dyno="web.2"'))).toEqual([]);
    const ignored = await scrape('web 2"}');
    expect(ignored).toContain('hotline_calls_started_total 0');
    expect(ignored.filter((line) => line.includes('dyno='))).toEqual([]);
  });

  it('When NODE_ENV=production and TWILIO_AUTH_TOKEN is missing, Then it refuses to start and names the variable', async () => {
    const running = start({ NODE_ENV: 'production', PORT: String(await freePort()) });
    expect(await running.exited).toBe(1);
    expect(running.output()).toMatch(/TWILIO_AUTH_TOKEN is not set/);
  });

  it('When HOTLINE_NUMBER is not a number in E.164 form, Then it refuses to start with one sentence naming it', async () => {
    const running = start({ NODE_ENV: 'production', PORT: String(await freePort()), TWILIO_AUTH_TOKEN: TOKEN, HOTLINE_NUMBER: '+47 21 00 00 00' });
    expect(await running.exited).toBe(1);
    expect(running.output()).toBe(
      'Cannot start the hotline: HOTLINE_NUMBER is "+47 21 00 00 00", but it must be this line\'s own Twilio number in E.164 form (a + and the country code, no spaces, such as +4721000000).\n',
    );
  });

  it('When started for development without a token, Then it says signatures are not checked and listens on 127.0.0.1', async () => {
    const port = await freePort();
    const running = start({ PORT: String(port) });
    await waitUntilReady(port);
    // The start lines reach the pipe a moment after the server answers, on a busy machine.
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/"host":"127\.0\.0\.1"/);
    expect(running.output()).toMatch(/signatures are NOT checked/);
  });

  it('When it receives SIGTERM, Then it exits cleanly within 10 seconds', async () => {
    const port = await freePort();
    const running = start({ PORT: String(port) });
    await waitUntilReady(port);
    const stopping = Date.now();
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });

  it('When SIGTERM arrives while a request is still arriving, Then that request is answered before the server exits', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const running = start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base, HOTLINE_NUMBER: '+4721000000' });
    await waitUntilReady(port);
    const params = { CallSid: 'CA43', From: '+380501234567', To: '+4721000000' };
    const body = new URLSearchParams(params).toString();
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/voice', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${base}/voice`, params) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight when the server is told to stop.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        running.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 100);
    });
    const res = await answered;
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).verbs[0]?.tagName).toBe('Gather');
    expect(await running.exited).toBe(0);
  });
});

