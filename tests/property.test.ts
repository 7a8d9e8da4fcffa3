import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendants, parseTwiml } from './support/twiml.js';
import { at, hotline, LINE_NUMBER, signedPost, TestCall } from './support/test-line.js';

const ROUTES = ['/voice', '/voice/menu', '/voice/dial-result', '/voice/status', '/voice/fallback', '/voice/unknown'];
const QUERY_NAMES = ['menu', 'lang', 'silences', 'tried', 'line', 'young', 'Digits', 'x'];
const KNOWN_VALUES = ['main', 'language', 'helplines', 'retry', 'uk', 'ru', 'en', 'caritas', 'rosa', 'police-emergency', 'alarmtelefonen', '0', '1', '2', '3', '-1', '1e9', 'caritas.rosa', '+4799999999', '112'];
const DIALABLE = new Set(hotline().directory.helplines.filter((h) => h.dial).map((h) => h.dialString));

const anyValue = fc.oneof(fc.constantFrom(...KNOWN_VALUES), fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
// twilio's validator rebuilds the URL and turns %3F back into "?", so a query containing "?" or "#"
// (which Twilio never requests, since our action URLs hold only ids) could not be signed by any client.
const queryText = (a: fc.Arbitrary<string>) => a.map((v) => v.replace(/[?#]/g, ''));
const query = fc.array(fc.tuple(queryText(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 10 }))), queryText(anyValue)), { maxLength: 8 });
const body = fc.record(
  {
    Digits: fc.oneof(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', ''), anyValue),
    DialCallStatus: fc.oneof(fc.constantFrom('completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'), anyValue),
    CallStatus: fc.oneof(fc.constantFrom('completed', 'busy', 'failed', 'in-progress'), anyValue),
    CallDuration: anyValue,
    From: fc.oneof(fc.constantFrom('+380501234567', '+79161234567', 'anonymous', '+4790000000'), anyValue),
    To: fc.oneof(fc.constant(LINE_NUMBER), anyValue),
    ErrorCode: anyValue,
    ErrorUrl: anyValue,
    CallSid: anyValue,
  },
  { requiredKeys: [] },
);

describe('Thousands of random but signed requests', () => {
  const call = new TestCall(at('2026-12-07T11:00:00+01:00'));

  it('When any /voice route gets any digits, query values, parameters and order, Then it never answers 5xx, always well-formed TwiML, and never dials outside the directory', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), query, body, fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }), async (route, pairs, params, now) => {
        call.now = now;
        const qs = new URLSearchParams(pairs).toString();
        const path = qs ? `${route}?${qs}` : route;
        const res = await signedPost(call.app, path, Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>);
        expect(res.status).toBeLessThan(500);
        if (route === '/voice/status') {
          expect(res.status).toBe(204);
          return;
        }
        expect(res.status).toBe(200);
        const twiml = parseTwiml(res.text);
        expect(twiml.verbs.length).toBeGreaterThan(0);
        for (const dial of descendants(twiml.root, 'Dial')) {
          for (const number of descendants(dial, 'Number')) expect(DIALABLE.has(number.textContent ?? '')).toBe(true);
          const callerId = dial.getAttribute('callerId');
          if (callerId) expect(callerId).toBe(LINE_NUMBER);
        }
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('When random keys are pressed in every real menu state, Then every Dial goes to a directory line, with this line as caller ID', async () => {
    let dials = 0;
    const state = fc.record({
      menu: fc.constantFrom('language', 'main', 'helplines', 'retry'),
      lang: fc.constantFrom('uk', 'ru', 'en'),
      silences: fc.constantFrom('0', '1', '2'),
      tried: fc.subarray(['caritas', 'rosa', 'police'], { minLength: 0 }).map((ids) => ids.join('.')),
      young: fc.constantFrom('0', '1'),
    });
    await fc.assert(
      fc.asyncProperty(state, fc.constantFrom('', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'), fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), async (st, digits, now) => {
        call.now = now;
        const res = await signedPost(call.app, `/voice/menu?${new URLSearchParams(st).toString()}`, { Digits: digits, From: '+380501234567', To: LINE_NUMBER });
        expect(res.status).toBe(200);
        for (const dial of descendants(parseTwiml(res.text).root, 'Dial')) {
          dials++;
          expect(dial.getAttribute('callerId')).toBe(LINE_NUMBER);
          for (const number of descendants(dial, 'Number')) expect(DIALABLE.has(number.textContent ?? '')).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // The property must actually have reached transfers, or it proves nothing.
    expect(dials).toBeGreaterThan(20);
  }, 120_000);
});

