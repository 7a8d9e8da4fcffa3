import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fixtureLine } from './support/fixture-line.js';
import { sayAsDigits, parseTwiml } from './support/twiml.js';
import { at, CALLER_UA, LINE_NUMBER, signedPost, TestCall } from './support/test-line.js';

/** On the fixture line at Tuesday 11:00: Harbour is open (Ukrainian), Beacon always. */
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');

/** The value of one sample in Prometheus text format, e.g. hotline_transfers_total{helpline="harbour",outcome="busy"}. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const [series, value] = line.split(' ');
    const rest = series!.slice(name.length);
    if (rest !== '' && !rest.startsWith('{')) continue;
    if (wanted.every((w) => rest.includes(w))) return Number(value);
  }
  return undefined;
}

/** How often a menu was shown, and how often it got an answer (an option, a key that is none, or a silence): the rest left. */
function shownAndAnswered(text: string, menu: string): { shown: number; answered: number } {
  const total = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(`menu="${menu}"`))
      .reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
  return { shown: total('hotline_menus_shown_total'), answered: total('hotline_menu_choices_total') + total('hotline_invalid_keys_total') + total('hotline_silences_total') };
}

const later = (instant: Date, seconds: number) => new Date(instant.getTime() + seconds * 1000);

describe('Counts without names at GET /metrics', () => {
  it('When calls are driven through the line, Then the counters show languages, choices, topics, transfers and silences, and no caller number', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    await call.start();
    await call.press('1'); // Ukrainian
    await call.press('2'); // warning signs, part 1
    await call.press('1'); // part 2
    await call.press('*'); // back to the main menu
    await call.press('#'); // not an option
    await call.silence();
    await call.press('1'); // talk to someone now: Harbour
    await call.dialEnds('busy'); // rolls over to Beacon by itself
    await call.dialEnds('completed');
    const status = await signedPost(call.app, '/voice/status', { CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'completed', CallDuration: '95', From: CALLER_UA });
    expect(status.status).toBe(204);

    const res = await request(call.app).get('/metrics');
    expect(res.status).toBe(200);
    const text = res.text;
    expect(sample(text, 'hotline_calls_started_total')).toBe(1);
    expect(sample(text, 'hotline_calls_ended_total', { status: 'completed' })).toBe(1);
    expect(sample(text, 'hotline_call_duration_seconds_count')).toBe(1);
    expect(sample(text, 'hotline_language_chosen_total', { lang: 'uk', how: 'key' })).toBe(1);
    expect(sample(text, 'hotline_menu_choices_total', { menu: 'main', key: '2' })).toBe(1);
    expect(sample(text, 'hotline_menu_choices_total', { menu: 'part', key: '1' })).toBe(1);
    expect(sample(text, 'hotline_menu_choices_total', { menu: 'main', key: '1' })).toBe(1);
    expect(sample(text, 'hotline_topics_heard_total', { topic: 'signs', lang: 'uk' })).toBe(1);
    expect(sample(text, 'hotline_invalid_keys_total', { menu: 'main' })).toBe(1);
    expect(sample(text, 'hotline_silences_total', { menu: 'main' })).toBe(1);
    expect(sample(text, 'hotline_transfers_total', { helpline: 'harbour', outcome: 'started' })).toBe(1);
    expect(sample(text, 'hotline_transfers_total', { helpline: 'harbour', outcome: 'busy' })).toBe(1);
    expect(sample(text, 'hotline_transfers_total', { helpline: 'beacon', outcome: 'started' })).toBe(1);
    expect(sample(text, 'hotline_transfers_total', { helpline: 'beacon', outcome: 'completed' })).toBe(1);
    expect(sample(text, 'hotline_request_duration_seconds_count', { route: '/voice/menu' })).toBeGreaterThan(0);
    // Every menu shown ends in a choice, a wrong key or a silence here: nobody left the line anywhere.
    expect(shownAndAnswered(text, 'language')).toEqual({ shown: 1, answered: 1 });
    expect(shownAndAnswered(text, 'main')).toEqual({ shown: 4, answered: 4 });
    expect(shownAndAnswered(text, 'part')).toEqual({ shown: 2, answered: 2 });
    // The busy transfer rolled over by itself: no retry menu was shown.
    expect(shownAndAnswered(text, 'retry')).toEqual({ shown: 0, answered: 0 });
    expect(sample(text, 'hotline_calls_by_suggested_language_total', { lang: 'uk' })).toBe(1);

    for (const secret of [CALLER_UA, CALLER_UA.slice(1), LINE_NUMBER.slice(1), 'CA0123456789abcdef']) {
      expect(text).not.toContain(secret);
    }
  });

  it('When a forged status or outcome arrives, Then it is counted as "other", never as a new label', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    await call.post('/voice/dial-result?lang=uk&line=harbour', { DialCallStatus: '+380501234567' });
    const text = (await request(call.app).get('/metrics')).text;
    expect(sample(text, 'hotline_transfers_total', { helpline: 'harbour', outcome: 'other' })).toBe(1);
    expect(text).not.toContain('380501234567');
  });

  it('When a caller chooses Ukrainian after 8 s, asks for a person 10 s later, and Harbour answers after ringing 12 s, Then the time to a person is 30 s: in the 30-second bucket, not the 20-second one', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    await call.start();
    call.now = later(HARBOUR_OPEN, 8);
    await call.press('1');
    call.now = later(HARBOUR_OPEN, 18);
    await call.press('1'); // talk to someone now: Harbour rings
    // The caller talks for 95 s; Twilio reports the transfer's end with DialCallDuration=95.
    call.now = later(HARBOUR_OPEN, 18 + 12 + 95);
    await call.dialEnds('completed', 95);

    const text = (await request(call.app).get('/metrics')).text;
    const harbour = { lang: 'uk', helpline: 'harbour' };
    expect(sample(text, 'hotline_time_to_person_seconds_count', harbour)).toBe(1);
    expect(sample(text, 'hotline_time_to_person_seconds_sum', harbour)).toBe(30);
    expect(sample(text, 'hotline_time_to_person_seconds_bucket', { ...harbour, le: '20' })).toBe(0);
    expect(sample(text, 'hotline_time_to_person_seconds_bucket', { ...harbour, le: '30' })).toBe(1);
    expect(sample(text, 'hotline_time_to_transfer_seconds_sum', harbour)).toBe(18);
    expect(sample(text, 'hotline_time_to_transfer_seconds_bucket', { ...harbour, le: '20' })).toBe(1);
    expect(sample(text, 'hotline_time_to_person_seconds_count', { lang: 'uk', helpline: 'beacon' })).toBe(0);
  });

  it('When a transfer result names a start hours before (not this call) or none (after the fail-safe), Then no time to a person is counted, only the answered transfer', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    const longAgo = Math.floor(HARBOUR_OPEN.getTime() / 1000) - 10 * 60 * 60;
    await call.post(`/voice/dial-result?lang=uk&line=harbour&t=${longAgo}`, { DialCallStatus: 'completed', DialCallDuration: '30' });
    await call.post('/voice/dial-result?lang=uk&line=harbour', { DialCallStatus: 'completed', DialCallDuration: '30' });
    const text = (await request(call.app).get('/metrics')).text;
    expect(sample(text, 'hotline_transfers_total', { helpline: 'harbour', outcome: 'completed' })).toBe(2);
    expect(sample(text, 'hotline_time_to_person_seconds_count', { lang: 'uk', helpline: 'harbour' })).toBe(0);
  });

  it('When a caller gets the fail-safe answer and listens to its goodbye, Then no menu is counted as shown, so the listener is not taken for a caller who left', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    await call.post('/voice/fallback', { ErrorCode: '11200' });
    const text = (await request(call.app).get('/metrics')).text;
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback' })).toBe(1);
    for (const menu of ['language', 'main']) expect(shownAndAnswered(text, menu)).toEqual({ shown: 0, answered: 0 });
    // Its menu goes on to the goodbye by itself: whatever answers with it counts no menu shown.
    for (const lang of [undefined, fixtureLine().language('uk')]) {
      expect(fixtureLine().flow.step({ kind: 'fail-safe', lang }, HARBOUR_OPEN).events.filter((e) => e.kind === 'menu-shown')).toEqual([]);
    }
  });

  it('When anyone posts to /voice/fallback without a valid signature, Then they still get the fail-safe (112), but it is counted apart from Twilio\'s signed fallback, which pages the operator', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    for (const signature of [undefined, 'not-a-signature']) {
      const unsigned = request(call.app).post('/voice/fallback').type('form');
      const res = await (signature ? unsigned.set('X-Twilio-Signature', signature) : unsigned).send({ ErrorCode: '11200' });
      expect(res.status).toBe(200);
      expect(sayAsDigits(parseTwiml(res.text).root)).toContain('112');
    }
    let text = (await request(call.app).get('/metrics')).text;
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback-unsigned' })).toBe(2);
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback' })).toBe(0);
    await call.post('/voice/fallback', { ErrorCode: '11200' });
    text = (await request(call.app).get('/metrics')).text;
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback' })).toBe(1);
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback-unsigned' })).toBe(2);
  });

  it('When the line has answered nothing yet, Then every count a rule or panel uses is already there at 0, for every value it can take, and each helpline says whether it is open now', async () => {
    const closed = new TestCall(at('2026-12-08T03:00:00+01:00'), CALLER_UA, { line: fixtureLine() });
    const text = (await request(closed.app).get('/metrics')).text;
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'error' })).toBe(0);
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback' })).toBe(0);
    expect(sample(text, 'hotline_fail_safe_answers_total', { reason: 'fallback-unsigned' })).toBe(0);
    expect(sample(text, 'hotline_signature_rejections_total')).toBe(0);
    for (const helpline of ['harbour', 'beacon']) {
      for (const outcome of ['started', 'completed', 'busy', 'no-answer', 'failed', 'canceled', 'other']) expect(sample(text, 'hotline_transfers_total', { helpline, outcome })).toBe(0);
      for (const lang of ['uk', 'ru', 'en']) expect(sample(text, 'hotline_time_to_person_seconds_count', { lang, helpline })).toBe(0);
    }
    for (const menu of ['language', 'main', 'helplines', 'retry', 'part']) expect(sample(text, 'hotline_menus_shown_total', { menu })).toBe(0);
    expect(sample(text, 'hotline_calls_by_suggested_language_total', { lang: 'none' })).toBe(0);
    expect(sample(text, 'hotline_helpline_open', { helpline: 'harbour' })).toBe(0);
    expect(sample(text, 'hotline_helpline_open', { helpline: 'beacon' })).toBe(1);
    const open = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    expect(sample((await request(open.app).get('/metrics')).text, 'hotline_helpline_open', { helpline: 'harbour' })).toBe(1);
  });
});
