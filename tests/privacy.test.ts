import { Writable } from 'node:stream';
import request from 'supertest';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createCallRef, createLogger } from '../src/server/create-logger.js';
import { createCallMetrics } from '../src/server/call-metrics.js';
import { CallWalker } from '../src/tools/walk/walk-call.js';
import { createMessageLimits } from '../src/server/message-limits.js';
import { numbersMessages } from '../src/hotline/text-message/numbers-message.js';
import { createNumberMessenger } from '../src/server/send-numbers-message.js';
import { loadTwilioMessageClient } from '../src/server/twilio-message-client.js';
import { parseTwiml } from './support/twiml.js';
import { builtServers, freePort, waitUntilReady } from './support/built-server.js';
import { SERVER_TEST_MS } from './support/timeouts.js';
import { appTransport, AUTH_TOKEN, hotline, LINE_NUMBER, PUBLIC_BASE_URL } from './support/test-line.js';

const CALLER = '+380671112233';
const CALL_SID = 'CAfeedfacefeedfacefeedfacefeedface';
const start = builtServers();

/** Posts to a built server as Twilio does for this caller's call: signed, with From, Caller, To and the CallSid. */
function twilioPoster(base: string, token: string) {
  return async (path: string, extra: Record<string, string> = {}) => {
    const params = { CallSid: CALL_SID, From: CALLER, Caller: CALLER, To: '+4721000000', ...extra };
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${base}${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    return res.text();
  };
}

/** The action URL of the menu or transfer a document waits on. */
const action = (xml: string) => parseTwiml(xml).verbs.find((v) => v.tagName === 'Gather' || v.tagName === 'Dial')!.getAttribute('action')!;

describe('Nothing that names the caller is kept', { timeout: SERVER_TEST_MS }, () => {
  it('When a whole call runs through the built server with debug logging, Then its output never contains the caller number, the CallSid or the keys pressed', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = 'privacy-test-token';
    const running = start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: token, PUBLIC_BASE_URL: base, HOTLINE_NUMBER: '+4721000000', LOG_LEVEL: 'trace' });
    await waitUntilReady(port);

    const post = twilioPoster(base, token);

    let xml = await post('/voice');
    xml = await post(action(xml), { Digits: '1' });
    xml = await post(action(xml), { Digits: '5' });
    await post(action(xml), { DialCallStatus: 'busy' });
    await post('/voice/status', { CallStatus: 'completed', CallDuration: '40' });
    await post('/voice/fallback', { ErrorCode: '11200', ErrorUrl: `${base}/voice/menu?From=${encodeURIComponent(CALLER)}` });
    const metrics = await (await fetch(`${base}/metrics`)).text();

    running.child.kill('SIGTERM');
    await running.exited;
    const output = running.output() + metrics;
    expect(output).toContain('call started'); // the log was written at all
    for (const secret of [CALLER, CALLER.slice(1), '671112233', CALL_SID, 'Digits']) {
      expect(output).not.toContain(secret);
    }
  });

  it('When a caller answers by speaking on a built server with spoken answers on and trace logging, Then the words they said are in no log line and no metric, only whether they were understood', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = 'privacy-speech-token';
    const running = start({ NODE_ENV: 'production', PORT: String(port), TWILIO_AUTH_TOKEN: token, PUBLIC_BASE_URL: base, HOTLINE_NUMBER: '+4721000000', LOG_LEVEL: 'trace', METRICS_PUBLIC: 'true', SPEECH_INPUT: 'on' });
    await waitUntilReady(port);
    const post = twilioPoster(base, token);

    // Words a caller might say that name them: their own name and street, then a word the menu knows.
    let xml = await post('/voice');
    expect(xml).toContain('input="dtmf speech"');
    xml = await post(action(xml), { SpeechResult: 'Оксана Шевченко українська', Confidence: '0.91' });
    xml = await post(action(xml), { SpeechResult: 'Зелена вулиця 12', Confidence: '0.87' });
    await post(action(xml), { SpeechResult: 'Оксана Шевченко', Confidence: '0.95' });
    const metrics = await (await fetch(`${base}/metrics`)).text();

    running.child.kill('SIGTERM');
    await running.exited;
    const output = running.output() + metrics;
    expect(output).toContain('spoken answers are on'); // the log was written at all
    expect(metrics).toContain('hotline_spoken_answers_total{lang="uk",outcome="not_understood"} 2');
    expect(metrics).toContain('hotline_spoken_answers_total{lang="uk",outcome="understood"} 1');
    for (const secret of ['Оксана', 'Шевченко', 'Зелена', 'вулиця', 'SpeechResult', CALLER, CALL_SID]) {
      expect(output).not.toContain(secret);
    }
  });

  it('When a caller asks for the numbers in a text message and Twilio refuses with an error that quotes their number, Then the number is nowhere in the trace log or the metrics', async () => {
    const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
    // Loaded here and restored after: nock intercepts fetch too, which the built-server test above uses.
    const { default: nock } = await import('nock');
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    try {
      // Twilio's own error text names the number it refused, as the API does for error 21211.
      const refusal = { code: 21211, message: `The 'To' number ${CALLER} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 };
      nock('https://api.twilio.com').replyContentLength().post(`/2010-04-01/Accounts/${accountSid}/Messages.json`).reply(400, refusal);
      let written = '';
      const sink = new Writable({ write: (chunk, _enc, done) => { written += String(chunk); done(); } });
      const app = createApp({
        config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, development: true },
        hotline: hotline(),
        logger: createLogger('trace', sink),
        clock: () => new Date('2026-12-07T11:00:00+01:00'),
        metrics: createCallMetrics(),
        messages: createNumberMessenger({
          client: loadTwilioMessageClient({ accountSid, username: accountSid, password: 'rest-token-0123456789abcdef' }),
          from: 'Info',
          bodies: numbersMessages(hotline().catalog, hotline().directory),
          limits: createMessageLimits({ timeZone: hotline().directory.timeZone }),
        }),
      });
      const walker = new CallWalker({ transport: appTransport(app), from: CALLER, to: LINE_NUMBER });
      await walker.start();
      for (const key of ['1', '6', '3', '#']) await walker.press(key);
      expect(nock.pendingMocks()).toEqual([]);
      const metrics = (await request(app).get('/metrics')).text;

      expect(written).toContain('text message not sent'); // the log was written at all
      expect(metrics).toContain('hotline_messages_total{lang="uk",outcome="failed"} 1');
      const output = written + metrics;
      for (const secret of [CALLER, CALLER.slice(1), '671112233', 'not a valid phone number']) {
        expect(output).not.toContain(secret);
      }
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
      nock.restore();
    }
  });

  it('When a log call passes caller fields by mistake, Then the logger redacts them', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => { written += String(chunk); done(); } });
    const logger = createLogger('info', sink);
    logger.info({ From: CALLER, Caller: CALLER, CallSid: CALL_SID, Digits: '5', body: { From: CALLER }, req: { body: { To: CALLER } } }, 'oops');
    expect(written).toContain('oops');
    expect(written).not.toContain(CALLER);
    expect(written).not.toContain(CALL_SID);
  });

  it('When steps of one call are tied together, Then the reference is a short keyed hash, the same within a process and not the CallSid', () => {
    const ref = createCallRef(Buffer.alloc(32, 7));
    expect(ref(CALL_SID)).toMatch(/^[\w-]{10}$/);
    expect(ref(CALL_SID)).toBe(ref(CALL_SID));
    expect(ref(CALL_SID)).not.toBe(createCallRef(Buffer.alloc(32, 8))(CALL_SID));
    expect(ref(undefined)).toBeUndefined();
  });
});
