import { describe, expect, it } from 'vitest';
import { callStateQuery, START, type LangCode } from '../src/hotline/flow/call-state.js';
import { MENU_PATH } from '../src/hotline/twiml/webhook-paths.js';
import { describeStartupWarnings, loadConfig } from '../src/settings/load-config.js';
import { descendants, parseTwiml } from './support/twiml.js';
import { fixtureLine } from './support/fixture-line.js';
import { at, AUTH_TOKEN, CALLER_UA, LINE_NUMBER, signedPost, TestCall } from './support/test-line.js';

/**
 * The number a helpline sees when the fixture line puts a caller through to Harbour (open on a
 * Tuesday at 11:00): the line's own (HOTLINE_NUMBER), whatever the request says, unless the operator
 * chose PASS_CALLER_NUMBER=true and the caller's number is a valid one.
 */
const line = fixtureLine();
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');
const MAIN_MENU = { ...START, menu: 'main', lang: line.language('uk') as LangCode } as const;
const TALK_KEY = line.flow.menuFor(MAIN_MENU, HARBOUR_OPEN).options.find((o) => o.action.kind === 'talk')!.key;
/** A valid number that is not the line's: the request's `To` must not be shown in its place. */
const OTHER_NUMBER = '+4799999999';

/** The caller ID of the one <Dial> the line answers "talk to someone" with, given the form Twilio posts. */
async function callerIdShown(form: Record<string, string>, options: { passCallerNumber?: boolean; hotlineNumber?: string | undefined } = {}): Promise<string | null> {
  const call = new TestCall(HARBOUR_OPEN, undefined, { line, ...options });
  const res = await signedPost(call.app, `${MENU_PATH}?${callStateQuery(MAIN_MENU)}`, { Digits: TALK_KEY, ...form });
  expect(res.status).toBe(200);
  const dials = descendants(parseTwiml(res.text).root, 'Dial');
  expect(dials).toHaveLength(1);
  return dials[0]!.getAttribute('callerId');
}

describe('A transfer shows the helpline the line\'s own number, set by HOTLINE_NUMBER', () => {
  it.each<[string, Record<string, string>]>([
    ['no To at all', { From: CALLER_UA }],
    ['a To that is not a number (a SIP address)', { From: CALLER_UA, To: 'sip:hotline@example.org' }],
    ['a To that is a number without its +', { From: CALLER_UA, To: '4721000000' }],
    ['an empty To', { From: CALLER_UA, To: '' }],
    ['a To that is another valid number', { From: CALLER_UA, To: OTHER_NUMBER }],
  ])('When the request has %s, Then the <Dial> still shows HOTLINE_NUMBER', async (_what, form) => {
    expect(await callerIdShown(form)).toBe(LINE_NUMBER);
  });

  it('When PASS_CALLER_NUMBER=true and From is a valid number, Then the helpline sees the caller\'s own number', async () => {
    expect(await callerIdShown({ From: CALLER_UA, To: OTHER_NUMBER }, { passCallerNumber: true })).toBe(CALLER_UA);
    expect(await callerIdShown({ From: '+79161234567' }, { passCallerNumber: true })).toBe('+79161234567');
  });

  it.each(['anonymous', '+380 50 123', '266696687', ''])(
    'When PASS_CALLER_NUMBER=true and From is %j (not a valid number), Then the <Dial> shows HOTLINE_NUMBER, not the request\'s To',
    async (from) => {
      expect(await callerIdShown({ From: from, To: OTHER_NUMBER }, { passCallerNumber: true })).toBe(LINE_NUMBER);
    },
  );
});

describe('Without HOTLINE_NUMBER (allowed outside production only)', () => {
  it('When it is not set, Then a transfer shows the number the call came in on, and the start warns that the caller\'s own may show instead', async () => {
    expect(await callerIdShown({ From: CALLER_UA, To: OTHER_NUMBER }, { hotlineNumber: undefined })).toBe(OTHER_NUMBER);
    const warnings = describeStartupWarnings(loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN }));
    expect(warnings).toContain(
      "HOTLINE_NUMBER is not set: a transfer shows helplines the number the call came in on when Twilio sends one, and otherwise the caller's own; set HOTLINE_NUMBER to this line's Twilio number (production requires it).",
    );
    expect(describeStartupWarnings(loadConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, HOTLINE_NUMBER: LINE_NUMBER })).join(' ')).not.toMatch(/HOTLINE_NUMBER/);
  });
});
