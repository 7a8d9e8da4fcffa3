import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import type { Hotline } from '../src/hotline/hotline.js';
import { descendants, parseTwiml, sayAsDigits } from './support/twiml.js';
import { fixtureLine } from './support/fixture-line.js';
import { AUTH_TOKEN, PUBLIC_BASE_URL, signedPost } from './support/test-line.js';

/** The fixture line: its fail-safe answer gives 112 and Beacon, its line open day and night. */
const hotline = fixtureLine;
/** Beacon's number as the voice reads it after "plus 47": "21 00 00 02". */
const ALWAYS_OPEN_DIGITS = hotline().directory.find('beacon')!.number.replace(/^\+47 /, '');

const CALL = { CallSid: 'CA9', From: '+380501234567', To: '+4721000000' };

function appWith(h: Hotline) {
  return createApp({
    config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false },
    hotline: h,
    logger: pino({ level: 'silent' }),
    clock: () => new Date('2026-12-07T11:00:00+01:00'),
  });
}

/** The fail-safe answer: valid TwiML that gives 112 and the line open day and night, and offers to start again. */
function expectFailSafe(xml: string, language?: string) {
  const twiml = parseTwiml(xml);
  const digits = sayAsDigits(twiml.root);
  expect(digits).toContain('112');
  expect(digits.join(' ')).toContain(ALWAYS_OPEN_DIGITS);
  const gather = twiml.verbs.find((v) => v.tagName === 'Gather');
  expect(gather?.getAttribute('action')).toContain('menu=language');
  expect(twiml.verbs.at(-1)?.tagName).toBe('Hangup');
  if (language) expect(descendants(twiml.root, 'Say')[0]!.getAttribute('language')).toBe(language);
}

describe('Every failure still helps the caller', () => {
  it('When a route throws in a call that already asked for the text message, Then the fail-safe menu keeps that, so no second message is offered', async () => {
    const flow = hotline().flow;
    const broken: Hotline = { ...hotline(), flow: { ...flow, step: (input, now) => { if (input.kind === 'menu') throw new Error('a bug in a menu'); return flow.step(input, now); } } };
    const asked = await signedPost(appWith(broken), '/voice/menu?menu=main&lang=uk&silences=0&sms=1', { ...CALL, Digits: '2' });
    const notAsked = await signedPost(appWith(broken), '/voice/menu?menu=main&lang=uk&silences=0', { ...CALL, Digits: '2' });
    const action = (xml: string) => new URL(parseTwiml(xml).verbs.find((v) => v.tagName === 'Gather')!.getAttribute('action')!, PUBLIC_BASE_URL).searchParams;
    expect(action(asked.text).get('sms')).toBe('1');
    expect(action(notAsked.text).get('sms')).toBeNull();
    expectFailSafe(asked.text, 'uk-UA');
  });

  it('When a route throws in the middle of a Russian call, Then the caller gets TwiML in Russian with 112 and a line open day and night, not a 500', async () => {
    const flow = hotline().flow;
    const broken: Hotline = { ...hotline(), flow: { ...flow, step: (input, now) => { if (input.kind === 'menu') throw new Error('a bug in a menu'); return flow.step(input, now); } } };
    const res = await signedPost(appWith(broken), '/voice/menu?menu=main&lang=ru&silences=0', { ...CALL, Digits: '1' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expectFailSafe(res.text, 'ru-RU');
  });

  it('When Twilio uses the fallback URL in the middle of a Russian call, Then the caller hears the whole fail-safe in Russian, 112 and the line open day and night, and a message already asked for stays asked', async () => {
    // Twilio names the URL whose answer failed (ErrorUrl); its query is the call's state.
    const res = await signedPost(appWith(hotline()), '/voice/fallback', { ...CALL, ErrorCode: '11205', ErrorUrl: `${PUBLIC_BASE_URL}/voice/menu?menu=main&lang=ru&silences=0&sms=1` });
    expect(res.status).toBe(200);
    expectFailSafe(res.text, 'ru-RU');
    // 112 and the line open day and night in Russian itself, not only in the first language of the line.
    const russian = descendants(parseTwiml(res.text).root, 'Say').filter((say) => say.getAttribute('language') === 'ru-RU');
    const heard = russian.flatMap((say) => sayAsDigits(say)).join(' ');
    expect(heard).toContain('112');
    expect(heard).toContain(ALWAYS_OPEN_DIGITS);
    const action = new URL(parseTwiml(res.text).verbs.find((v) => v.tagName === 'Gather')!.getAttribute('action')!, PUBLIC_BASE_URL).searchParams;
    expect(action.get('sms')).toBe('1');
  });

  it('When the fallback URL names no call state (the first answer failed, or no ErrorUrl), Then the fail-safe begins in the line\'s first language, as before a language is chosen', async () => {
    const app = appWith(hotline());
    const forms: Record<string, string>[] = [{ ErrorUrl: `${PUBLIC_BASE_URL}/voice` }, {}, { ErrorUrl: 'not a url' }];
    for (const form of forms) {
      const res = await signedPost(app, '/voice/fallback', { ...CALL, ErrorCode: '11200', ...form });
      expectFailSafe(res.text, 'uk-UA');
    }
  });

  it('When the prompts can no longer be rendered, Then /voice/fallback, the opening and every other route still answer with 112', async () => {
    let broken = false;
    const h = hotline();
    const fragile: Hotline = { ...h, render: (reply, options) => { if (broken) throw new Error('prompts unreadable'); return h.render(reply, options); } };
    const app = appWith(fragile);
    broken = true;
    const fallback = await signedPost(app, '/voice/fallback', { ...CALL, ErrorCode: '11200', ErrorUrl: `${PUBLIC_BASE_URL}/voice/menu?menu=main` });
    expect(fallback.status).toBe(200);
    expectFailSafe(fallback.text);
    // The fail-safe answers were prepared at start-up, so a new call still hears 112 first and a language menu.
    const voice = await signedPost(app, '/voice', CALL);
    expect(voice.status).toBe(200);
    expect(sayAsDigits(parseTwiml(voice.text).root)[0]).toBe('112');
    expectFailSafe(voice.text);
    const menu = await signedPost(app, '/voice/menu?menu=main&lang=uk&silences=0', { ...CALL, Digits: '2' });
    expect(menu.status).toBe(200);
    expectFailSafe(menu.text, 'uk-UA');
  });
});

describe('Unknown input is a menu, not an error', () => {
  const app = appWith(hotline());
  const menuTitle = (xml: string) => parseTwiml(xml).verbs[0]?.tagName;

  it.each([
    ['a garbage key', '/voice/menu?menu=main&lang=en&silences=0', { Digits: '<script>' }],
    ['several keys at once', '/voice/menu?menu=main&lang=en&silences=0', { Digits: '12345' }],
    ['an unknown language', '/voice/menu?menu=main&lang=xx&silences=0', { Digits: '1' }],
    ['an unknown menu', '/voice/menu?menu=admin&lang=uk&silences=0', { Digits: '9' }],
    ['a nonsense retry count', '/voice/menu?menu=main&lang=uk&silences=-999999', {}],
    ['a very long value', `/voice/menu?menu=main&lang=uk&tried=${'x'.repeat(5000)}`, { Digits: '9' }],
    ['no query at all', '/voice/menu', { Digits: '9' }],
    ['a forged dial status', '/voice/dial-result?lang=uk&line=harbour', { DialCallStatus: 'transferred-to-+19005550000' }],
    ['a dial result for an unknown line', '/voice/dial-result?lang=uk&line=%2B19005550000', { DialCallStatus: 'busy' }],
    ['an unknown path', '/voice/old-menu?lang=uk', {}],
  ])('When the request has %s, Then it gets a menu as valid TwiML', async (_name, path, extra) => {
    const res = await signedPost(app, path, { ...CALL, ...extra });
    expect(res.status).toBe(200);
    expect(menuTitle(res.text)).toBe('Gather');
  });

  it('When a parameter is repeated, Then it counts as absent and the caller hears the menu again', async () => {
    const path = '/voice/menu?menu=main&lang=en&silences=0&lang=ru';
    const res = await signedPost(app, path, CALL);
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).verbs.map((v) => v.tagName)).toEqual(['Gather', 'Redirect']);
  });

  it('When the body is larger than Twilio ever sends, Then the answer is 413', async () => {
    const res = await signedPost(app, '/voice', { ...CALL, Padding: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
  });
});

describe('Signatures behind a TLS-terminating router', () => {
  it('When TRUST_PROXY is set and PUBLIC_BASE_URL is not, Then X-Forwarded-Proto decides the URL that was signed', async () => {
    const behindProxy = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: undefined, trustProxy: true },
      hotline: hotline(),
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
    });
    const { default: twilio } = await import('twilio');
    const sign = (url: string) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, CALL);
    const https = await request(behindProxy).post('/voice').type('form').set('Host', 'hotline.example.org').set('X-Forwarded-Proto', 'https').set('X-Twilio-Signature', sign('https://hotline.example.org/voice')).send(CALL);
    expect(https.status).toBe(200);
    const withoutTrust = createApp({ config: { authToken: AUTH_TOKEN, publicBaseUrl: undefined, trustProxy: false }, hotline: hotline(), logger: pino({ level: 'silent' }), clock: () => new Date() });
    const refused = await request(withoutTrust).post('/voice').type('form').set('Host', 'hotline.example.org').set('X-Forwarded-Proto', 'https').set('X-Twilio-Signature', sign('https://hotline.example.org/voice')).send(CALL);
    expect(refused.status).toBe(403);
  });
});
