import { describe, expect, it } from 'vitest';
import type { Helpline } from '../src/helplines/directory.js';
import type { PromptKey } from '../src/prompts/prompt-key.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureLine } from './support/fixture-line.js';
import { sayAsDigits } from './support/twiml.js';
import { at, LINE_NUMBER, TestCall } from './support/test-line.js';

/**
 * Who a caller is put through to, and when, on the fixture line: Harbour (Ukrainian and Russian) is
 * open Tuesday to Friday 09:00–15:00 Oslo time, Beacon (English, with an interpreter, for young
 * callers too) day and night. The shipped hours live in content/helplines.json and change without
 * touching these tests.
 */
const line = fixtureLine;
const { words } = speechOf(line);
const keyOf = (code: string) => line().languages.find((l) => l.code === code)!.key;
const HARBOUR = line().directory.find('harbour')!;
const BEACON = line().directory.find('beacon')!;
/** A helpline's name, as the prompts say it (helplines.<id>.name). */
const nameOf = (h: Helpline) => ({ key: `helplines.${h.id}.name` as PromptKey });
/** A number as the voice reads it, group by group, after "plus": "47 21 00 00 01". */
const spokenDigits = (h: Helpline) => h.number.replace(/^\+/, '');

const TUESDAY_11_WINTER = at('2026-12-08T11:00:00+01:00');
const TUESDAY_11_SUMMER = at('2026-06-09T11:00:00+02:00');
const FRIDAY_20_WINTER = at('2026-12-11T20:00:00+01:00');
const FRIDAY_20_SUMMER = at('2026-06-12T20:00:00+02:00');

async function callIn(lang: string, now = TUESDAY_11_WINTER) {
  const call = new TestCall(now, undefined, { line: line() });
  await call.start();
  await call.press(keyOf(lang));
  return call;
}

describe('When a caller asks to talk to someone now', () => {
  it.each([
    ['Ukrainian', 'uk', TUESDAY_11_WINTER, HARBOUR],
    ['Russian', 'ru', TUESDAY_11_SUMMER, HARBOUR],
    ['Ukrainian', 'uk', FRIDAY_20_WINTER, BEACON],
    ['Russian', 'ru', FRIDAY_20_SUMMER, BEACON],
    ['English', 'en', TUESDAY_11_WINTER, BEACON],
  ])('When a %s speaker calls at %#, Then the call is put through to the right line with this line as caller ID', async (_name, lang, now, helpline) => {
    const call = await callIn(lang, now);
    const turn = await call.press('1');
    expect(call.dial).toEqual({ number: helpline.dialString, callerId: LINE_NUMBER, action: expect.stringContaining('/voice/dial-result?') });
    expect(turn.text).toContain(words(lang, 'transfer.connecting', { name: nameOf(helpline) }));
    // Nothing comes after the Dial: its action URL decides what happens next.
    expect(turn.twiml.verbs.at(-1)?.tagName).toBe('Dial');
  });

  it('When the line for their language is closed on a Friday evening, Then a Ukrainian speaker is put through to the line that is open at once, told what it speaks', async () => {
    const call = await callIn('uk', FRIDAY_20_SUMMER);
    const turn = await call.press('1');
    expect(turn.said.map((s) => s.text)).toEqual([words('uk', 'transfer.connecting', { name: nameOf(BEACON) }), words('uk', 'helplines.beacon.intro' as PromptKey)]);
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When the first line is busy, Then the caller hears its number and is offered the other; when that fails too, the numbers are spoken and nothing is dialled again', async () => {
    const call = await callIn('uk');
    await call.press('1');
    const busy = await call.dialEnds('busy');
    expect(busy.said[0]!.text).toContain(words('uk', 'transfer.busy', { name: nameOf(HARBOUR), id: HARBOUR.id }));
    // Read slowly, with the country code a caller on a foreign SIM card needs.
    expect(sayAsDigits(busy.twiml.root).join(' ')).toContain(spokenDigits(HARBOUR));
    expect(busy.text).toContain(words('uk', 'retryMenu.labels.next', { name: nameOf(BEACON) }));
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
    const failed = await call.dialEnds('failed');
    expect(failed.twiml.verbs.some((v) => v.tagName === 'Dial')).toBe(false);
    expect(failed.text).toContain(words('uk', 'transfer.nothingLeft'));
    expect(sayAsDigits(failed.twiml.root)).toContain('112');
    expect(failed.said[0]!.text).toContain(words('uk', 'transfer.failed', { name: nameOf(BEACON), id: BEACON.id }));
    expect(failed.text).not.toContain(words('uk', 'menu.option', { key: '1', label: { key: 'retryMenu.labels.next', params: { name: nameOf(BEACON) } } }));
    // With no line left to offer, the numbers are read part by part: key 1 reads the next part.
    expect(failed.text).toContain(words('uk', 'menu.option', { key: '1', label: { key: 'topicMenu.labels.next' } }));
    const digits = [...sayAsDigits(failed.twiml.root)];
    for (let part = 2; part <= line().partsOf('numbers'); part++) digits.push(...sayAsDigits((await call.press('1')).twiml.root));
    expect(digits.join(' ')).toContain(spokenDigits(HARBOUR));
    // Nothing is dialled: the failed lines are never dialled again in this call.
    expect(call.dial).toBeUndefined();
  });

  it('When the helpline answered and the conversation ended, Then the caller hears a goodbye and the call ends', async () => {
    const call = await callIn('en');
    await call.press('1');
    const done = await call.dialEnds('completed');
    expect(done.twiml.verbs.map((v) => v.tagName)).toEqual(['Say', 'Hangup']);
    expect(done.text).toContain(words('en', 'transfer.ended'));
  });
});

describe('Short numbers are spoken, never dialled', () => {
  it('When any menu offers 112 or 116 111, Then no Dial ever carries them', async () => {
    const call = await callIn('en');
    await call.press('6');
    let numbers = await call.press(String(line().directory.helplines.filter((h) => h.dial).length + 1));
    const digits = [...sayAsDigits(numbers.twiml.root)];
    // The numbers are read a few at a time; key 1 reads the next part.
    for (let part = 2; part <= line().partsOf('numbers'); part++) {
      numbers = await call.press('1');
      digits.push(...sayAsDigits(numbers.twiml.root));
      expect(call.dial).toBeUndefined();
    }
    expect(digits).toEqual(expect.arrayContaining(['112', '116', '111']));
  });
});

describe('The right helpline at the right moment', () => {
  const MONDAY_11 = at('2026-12-07T11:00:00+01:00');
  const GOOD_FRIDAY_11 = at('2026-04-03T11:00:00+02:00');
  const TUESDAY_15_30 = at('2026-12-08T15:30:00+01:00');

  it.each([
    ['on a Friday evening', FRIDAY_20_WINTER, { key: 'time.opensOn', params: { day: { key: 'time.days.on.tue' }, time: '09:00' } }],
    ['on Good Friday at 11:00, a public holiday', GOOD_FRIDAY_11, { key: 'time.opensOn', params: { day: { key: 'time.days.on.tue' }, time: '09:00' } }],
    ['on a Monday at 11:00', MONDAY_11, { key: 'time.opensTomorrow', params: { time: '09:00' } }],
    ['on a Tuesday at 15:30', TUESDAY_15_30, { key: 'time.opensTomorrow', params: { time: '09:00' } }],
  ] as const)('When a Ukrainian speaker asks for the line with hours in the helplines menu %s, Then they hear when it opens and can be put through to the other', async (_when, now, opens) => {
    const call = await callIn('uk', now);
    await call.press('6');
    const turn = await call.press('1');
    expect(turn.said[0]!.text).toBe(words('uk', 'transfer.closed', { name: nameOf(HARBOUR), opens }));
    expect(call.dial).toBeUndefined();
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it.each([
    ['on Good Friday at 11:00', GOOD_FRIDAY_11],
    ['on a Monday at 11:00', MONDAY_11],
    ['on a Tuesday at 15:30', TUESDAY_15_30],
  ] as const)('When a Ukrainian speaker asks to talk to someone %s, Then the line with hours being closed, they go to the one open day and night', async (_when, now) => {
    const call = await callIn('uk', now);
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When no-answer comes back from the first line, Then the other is offered and put through', async () => {
    const call = await callIn('ru');
    await call.press('1');
    expect(call.dial?.number).toBe(HARBOUR.dialString);
    const noAnswer = await call.dialEnds('no-answer');
    expect(noAnswer.said[0]!.text).toContain(words('ru', 'transfer.noAnswer', { name: nameOf(HARBOUR), id: HARBOUR.id }));
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When a young caller chose the help for children and young people, Then they hear the children\'s number and are put through to the line for young people even while their language\'s line is open', async () => {
    const call = await callIn('uk');
    const young = await call.press('7');
    expect(sayAsDigits(young.twiml.root)).toEqual(expect.arrayContaining(['116', '111']));
    expect(young.text).toContain(words('uk', 'topics.young.part1.one' as PromptKey));
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });
});

describe('Callers stay anonymous by default', () => {
  it('When the operator chose to pass the caller number on, Then only a valid E.164 number is passed; anything else shows the line number', async () => {
    const callFrom = async (from: string) => {
      const call = new TestCall(TUESDAY_11_WINTER, from, { passCallerNumber: true, line: line() });
      await call.start();
      await call.press(keyOf('uk'));
      await call.press('1');
      return call.dial?.callerId;
    };
    expect(await callFrom('+380501234567')).toBe('+380501234567');
    // Documents are built once per state; a second caller must still show their own number.
    expect(await callFrom('+380679876543')).toBe('+380679876543');
    for (const from of ['anonymous', '+380 50 123', '266696687']) expect(await callFrom(from)).toBe(LINE_NUMBER);
  });
});

describe('Prepared answers follow the clock', () => {
  it('When the same step comes at 08:59 and then at 09:00 on a Tuesday, Then the first goes to the line open day and night and the second to the one that just opened', async () => {
    const call = await callIn('uk', at('2026-12-08T08:59:30+01:00'));
    const menu = call.current;
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
    // The same request again, one minute later, on the same app.
    call.now = at('2026-12-08T09:00:05+01:00');
    await call.post(menu.twiml.verbs[0]!.getAttribute('action')!, { Digits: '1' });
    expect(call.dial?.number).toBe(HARBOUR.dialString);
  });

  it('When the same step comes at 08:05 and then at 09:05 on a Tuesday (the same minute of another hour), Then the first goes to the line open day and night and the second to the one that opened', async () => {
    const call = await callIn('uk', at('2026-12-08T08:05:10+01:00'));
    const action = call.current.twiml.verbs[0]!.getAttribute('action')!;
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
    call.now = at('2026-12-08T09:05:10+01:00');
    await call.post(action, { Digits: '1' });
    expect(call.dial?.number).toBe(HARBOUR.dialString);
  });
});
