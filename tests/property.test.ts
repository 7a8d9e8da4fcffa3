import type { Element } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callStateQuery, dialStateQuery, MAX_SILENCES, MENU_IDS, parseCallState, READING_IDS, type CallState, type LangCode, type MenuId } from '../src/hotline/flow/call-state.js';
import { DIAL_STATUS_VALUES } from '../src/hotline/flow/call-status.js';
import { DIAL_RESULT_PATH, FALLBACK_PATH, MENU_PATH, STATUS_PATH, VOICE_PATH } from '../src/hotline/twiml/webhook-paths.js';
import { descendants, parseTwiml } from './support/twiml.js';
import { fixtureLine } from './support/fixture-line.js';
import { at, LINE_NUMBER, signedPost, TestCall } from './support/test-line.js';

/**
 * Everything random here comes from the flow's own definitions: the menus (MENU_IDS), the readings
 * (READING_IDS) and their parts, the languages and helplines of the line, and the query names the
 * call state is written with. A new menu, reading or state field is explored without editing this file.
 */
const line = fixtureLine();
const LANGS = line.languages.map((l) => l.code);
const HELPLINE_IDS = line.directory.helplines.map((h) => h.id);
const DIALABLE = new Set(line.directory.helplines.filter((h) => h.dial).map((h) => h.dialString));
const MOST_PARTS = Math.max(...READING_IDS.map((r) => line.partsOf(r)));

/** Every field a call state can carry, set, so its query names every name the parser reads. */
const FULL_STATE: CallState = {
  menu: 'part',
  lang: LANGS[0]!,
  silences: 1,
  tried: HELPLINE_IDS.slice(0, 2),
  young: true,
  reading: READING_IDS[0],
  part: 1,
  afterEmergency: true,
  messageSent: true,
};
const FULL_DIAL = { lang: LANGS[0]!, helpline: HELPLINE_IDS[0]!, tried: HELPLINE_IDS.slice(0, 1), young: true, messageSent: true, chosen: true } as const;
const STATE_NAMES = [...new Set([...new URLSearchParams(callStateQuery(FULL_STATE)).keys(), ...new URLSearchParams(dialStateQuery(FULL_DIAL)).keys()])];
const ROUTES = [VOICE_PATH, MENU_PATH, DIAL_RESULT_PATH, STATUS_PATH, FALLBACK_PATH, `${VOICE_PATH}/unknown`];
const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];
const KNOWN_VALUES = [
  ...MENU_IDS,
  ...READING_IDS,
  ...LANGS,
  ...HELPLINE_IDS,
  HELPLINE_IDS.join('.'),
  ...Array.from({ length: MOST_PARTS + 2 }, (_, i) => String(i)),
  '-1',
  '1e9',
  '+4799999999',
  '112',
];

describe('The random requests are built from the flow\'s definitions', () => {
  it('When the full state is written and read back, Then the parser gives it back, so the names explored are the names the line reads', () => {
    const vocabulary = { language: line.language, isHelpline: (id: string) => HELPLINE_IDS.includes(id), partsOf: line.partsOf };
    expect(parseCallState(Object.fromEntries(new URLSearchParams(callStateQuery(FULL_STATE))), vocabulary)).toEqual(FULL_STATE);
    expect(STATE_NAMES).toEqual(expect.arrayContaining(['menu', 'lang', 'reading', 'part', 'line']));
  });
});

const anyValue = fc.oneof(fc.constantFrom(...KNOWN_VALUES), fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
// twilio's validator rebuilds the URL and turns %3F back into "?", so a query containing "?" or "#"
// (which Twilio never requests, since our action URLs hold only ids) could not be signed by any client.
const queryText = (a: fc.Arbitrary<string>) => a.map((v) => v.replace(/[?#]/g, ''));
const query = fc.array(fc.tuple(queryText(fc.oneof(fc.constantFrom(...STATE_NAMES, 'Digits'), fc.string({ maxLength: 10 }))), queryText(anyValue)), { maxLength: 10 });
/** A `To` that is not the line's number: none, another number, a SIP address, a number without its +, empty. */
const spoiledTo = fc.constantFrom(undefined, '+4799999999', 'sip:hotline@example.org', '4721000000', '');
const body = fc.record(
  {
    Digits: fc.oneof(fc.constantFrom(...KEYS, ''), anyValue),
    DialCallStatus: fc.oneof(fc.constantFrom(...DIAL_STATUS_VALUES), anyValue),
    CallStatus: fc.oneof(fc.constantFrom('completed', 'busy', 'failed', 'in-progress'), anyValue),
    CallDuration: anyValue,
    From: fc.oneof(fc.constantFrom('+380501234567', '+79161234567', 'anonymous', '+4790000000'), anyValue),
    To: fc.oneof(fc.constant(LINE_NUMBER), spoiledTo, anyValue),
    ErrorCode: anyValue,
    ErrorUrl: anyValue,
    CallSid: anyValue,
  },
  { requiredKeys: [] },
);
const anyInstant = fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true });

/**
 * Every <Dial> goes to a line of the directory that may be dialled, showing the line's own number
 * (HOTLINE_NUMBER, set to LINE_NUMBER), whatever `To` the request had or left out.
 */
function expectSafeDials(root: Element): number {
  const dials = descendants(root, 'Dial');
  for (const dial of dials) {
    expect(dial.getAttribute('callerId')).toBe(LINE_NUMBER);
    for (const number of descendants(dial, 'Number')) expect(DIALABLE.has(number.textContent ?? '')).toBe(true);
  }
  return dials.length;
}

/**
 * The random requests come from one seed, so a run is repeatable: the same seed every run (CI passes
 * or fails on the code, not on luck), another with PROPERTY_SEED=<integer> to explore further. A
 * failure names the seed, and fast-check adds the path to the failing case.
 */
const SEED = process.env.PROPERTY_SEED === undefined ? 20261207 : Number(process.env.PROPERTY_SEED);
if (!Number.isSafeInteger(SEED)) throw new Error(`PROPERTY_SEED is "${process.env.PROPERTY_SEED}", but it must be an integer.`);
const RUNS = { numRuns: 700, seed: SEED } as const;
const withSeed = (what: string) => `${what} (PROPERTY_SEED=${SEED}; run again with it to see the same requests)`;

describe('Thousands of random but signed requests', () => {
  const call = new TestCall(at('2026-12-08T11:00:00+01:00'), undefined, { line, hotlineNumber: LINE_NUMBER });

  it('When any /voice route gets any digits, query values, parameters and order, Then it never answers 5xx, always well-formed TwiML, and never dials outside the directory', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), query, body, anyInstant, async (route, pairs, params, now) => {
        call.now = now;
        const qs = new URLSearchParams(pairs).toString();
        const path = qs ? `${route}?${qs}` : route;
        const res = await signedPost(call.app, path, Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>);
        expect(res.status).toBeLessThan(500);
        if (route === STATUS_PATH) {
          expect(res.status).toBe(204);
          return;
        }
        expect(res.status).toBe(200);
        const twiml = parseTwiml(res.text);
        expect(twiml.verbs.length).toBeGreaterThan(0);
        expectSafeDials(twiml.root);
      }),
      RUNS,
    );
  }, 120_000);

  it('When random keys are pressed in every state the line can be in, with To spoiled or left out, Then every Dial goes to a directory line with the line\'s own number as caller ID, transfers happen and every menu is reached', async () => {
    let dials = 0;
    const reached = new Set<MenuId>();
    const state = fc
      .record({
        menu: fc.constantFrom(...MENU_IDS),
        lang: fc.constantFrom(...LANGS),
        silences: fc.integer({ min: 0, max: MAX_SILENCES }),
        tried: fc.subarray(HELPLINE_IDS),
        young: fc.boolean(),
        reading: fc.constantFrom(...READING_IDS),
        part: fc.integer({ min: 1, max: MOST_PARTS }),
        afterEmergency: fc.constantFrom(true, undefined),
        messageSent: fc.constantFrom(true, undefined),
      })
      // Only states the line writes: a part within its reading, and reading and part only in the part menu.
      .map(({ reading, part, ...rest }): CallState => ({ ...rest, lang: rest.lang as LangCode, ...(rest.menu === 'part' ? { reading, part: Math.min(part, line.partsOf(reading)) } : {}) }));
    await fc.assert(
      fc.asyncProperty(state, fc.constantFrom(...KEYS, ''), spoiledTo, anyInstant, async (st, digits, to, now) => {
        call.now = now;
        const res = await signedPost(call.app, `${MENU_PATH}?${callStateQuery(st)}`, { Digits: digits, From: '+380501234567', ...(to === undefined ? {} : { To: to }) });
        expect(res.status).toBe(200);
        const twiml = parseTwiml(res.text);
        dials += expectSafeDials(twiml.root);
        for (const gather of descendants(twiml.root, 'Gather')) {
          const menu = new URL(gather.getAttribute('action') ?? '', 'https://x.invalid').searchParams.get('menu');
          const known = MENU_IDS.find((id) => id === menu);
          if (known) reached.add(known);
        }
      }),
      RUNS,
    );
    // The property must actually have reached transfers and every menu, or it proves little.
    // The fixture line has few transfers: one run of 700 made 20 (so the old bound of 20 was flaky); 5 or fewer would mean they are out of reach.
    expect(dials, withSeed('transfers made')).toBeGreaterThan(5);
    expect([...reached].sort(), withSeed('menus reached')).toEqual([...MENU_IDS].sort());
  }, 120_000);
});
