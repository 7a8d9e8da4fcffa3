import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { parseTwiml } from './support/twiml.js';
import { builtServers, freePort, waitUntilReady } from './support/built-server.js';

const TOKEN = 'start-test-token';
const start = builtServers();

describe('The built server, started as npm start starts it', () => {
  it('When started in production with a token, Then it answers a signed POST /voice with the language menu', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: base });
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

  it('When NODE_ENV=production and TWILIO_AUTH_TOKEN is missing, Then it refuses to start and names the variable', async () => {
    const running = start({ NODE_ENV: 'production', PORT: String(await freePort()) });
    expect(await running.exited).toBe(1);
    expect(running.output()).toMatch(/TWILIO_AUTH_TOKEN is not set/);
  });

  it('When started for development without a token, Then it says signatures are not checked and listens on 127.0.0.1', async () => {
    const port = await freePort();
    const running = start({ PORT: String(port) });
    await waitUntilReady(port);
    expect(running.output()).toMatch(/signatures are NOT checked/);
    expect(running.output()).toMatch(/"host":"127\.0\.0\.1"/);
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
});
