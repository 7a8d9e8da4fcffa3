import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fixtureLine } from './support/fixture-line.js';
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
});
