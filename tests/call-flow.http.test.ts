import { describe, expect, it } from 'vitest';
import { START, type LangCode } from '../src/hotline/flow/call-state.js';
import { BACK_KEY, topicTitle, type MenuOption } from '../src/hotline/flow/menus.js';
import { descendants, sayAsDigits, spoken } from './support/twiml.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureKey, fixtureLine } from './support/fixture-line.js';
import { at, LINE_NUMBER, TestCall } from './support/test-line.js';

/**
 * The fixture line: Harbour (Ukrainian and Russian) is open Tuesday to Friday 09:00–15:00 Oslo
 * time, Beacon (English, with an interpreter, young callers first) day and night; 112 and the
 * children's line are spoken, never dialled.
 */
const hotline = fixtureLine;
const { words, voices: VOICES } = speechOf(hotline);
const HARBOUR_OPEN_WINTER = at('2026-12-08T11:00:00+01:00');
const HARBOUR_OPEN_SUMMER = at('2026-06-09T11:00:00+02:00');
const FRIDAY_20_WINTER = at('2026-12-11T20:00:00+01:00');
const FRIDAY_20_SUMMER = at('2026-06-12T20:00:00+02:00');

const LANGUAGES = hotline().catalog.languages;
const keyOf = (code: string) => LANGUAGES.find((l) => l.code === code)!.key;
const BEACON = hotline().directory.find('beacon')!;
const HARBOUR = hotline().directory.find('harbour')!;
/** The digits of a number as the caller hears them, groups as the directory writes them: "47 21 00 00 01". */
const heardDigits = (number: string) => number.replace(/^\+/, '');

/** The main menu as the flow defines it (src/hotline/flow/menus.ts), in one language: its options, keys and labels. */
const mainMenu = (lang: string): readonly MenuOption[] => hotline().flow.menuFor({ ...START, menu: 'main', lang: hotline().language(lang) as LangCode }, HARBOUR_OPEN_WINTER).options;
/** How a key is named in a menu sentence: digits as they are, star and hash by their words. */
const keyParam = (key: string) => (key === '*' ? { key: 'keys.star' as const } : key === '#' ? { key: 'keys.hash' as const } : key);
/** The main menu's topics, by key, from the same definition. */
const TOPIC_KEYS = mainMenu('en').flatMap((o) => (o.action.kind === 'topic' ? [[o.key, o.action.topic] as const] : []));
const TALK_KEY = mainMenu('en').find((o) => o.action.kind === 'talk')!.key;
const HELPLINES_KEY = mainMenu('en').find((o) => o.action.kind === 'menu' && o.action.menu === 'helplines')!.key;

/** A call to the fixture line, from `from` (a Ukrainian mobile unless given), at `now`. */
const callOn = (now: Date, from?: string, options: { passCallerNumber?: boolean } = {}) => new TestCall(now, from, { ...options, line: hotline() });

async function callIn(lang: string, now = HARBOUR_OPEN_WINTER) {
  const call = callOn(now);
  await call.start();
  await call.press(keyOf(lang));
  return call;
}

/**
 * The opening, as a caller hears it: the 112 warning and the key of the language their country code
 * suggests, then the other keys, then the other warnings, all inside one Gather. Written out here,
 * not derived from the language list, so a change of order shows as a failing row.
 */
const OPENINGS = [
  ['a Ukrainian number (+380)', '+380501234567', ['uk', 'ru', 'en']],
  ['a Russian or Kazakh number (+7)', '+79161234567', ['ru', 'uk', 'en']],
  ['a Norwegian number (+47)', '+4791234567', ['uk', 'ru', 'en']],
  ['a withheld number (anonymous)', 'anonymous', ['uk', 'ru', 'en']],
  ["a withheld number (Twilio's +266696687)", '+266696687', ['uk', 'ru', 'en']],
] as const;
const KEYS = { uk: '1', ru: '2', en: '3' } as const;

describe.each(OPENINGS)('When a call comes in from %s', (_, from, order) => {
  const [first, ...others] = order;

  it(`Then the first words are the 112 warning in ${first}, then each language's key (${first} first, each with its own key), then the other warnings, all while a key can be pressed`, async () => {
    const turn = await callOn(HARBOUR_OPEN_WINTER, from).start();
    const [gather, redirect] = turn.twiml.verbs;
    expect(gather?.tagName).toBe('Gather');
    expect(redirect?.tagName).toBe('Redirect');
    // The whole opening is inside the Gather, so a key can be pressed while it speaks.
    expect(gather?.getAttribute('numDigits')).toBe('1');
    expect(spoken(gather!)).toEqual(turn.said);
    expect(turn.said.map((s) => s.language)).toEqual([first, ...order, ...others].map((code) => VOICES[code]!.language));
    expect(turn.said.map((s) => s.voice)).toEqual([first, ...order, ...others].map((code) => VOICES[code]!.voice));
    expect(turn.said[0]!.text).toContain(words(first, 'opening.danger'));
    expect(sayAsDigits(gather!)[0]).toBe('112');
    order.forEach((code, i) => expect(turn.said[1 + i]!.text).toBe(words(code, 'language.choose', { key: KEYS[code] })));
    others.forEach((code, i) => expect(turn.said[1 + order.length + i]!.text).toContain(words(code, 'opening.danger')));
  });

  it.each(order.map((code) => [code, KEYS[code]] as const))('Then key %s chooses %s whatever the order', async (code, key) => {
    const call = callOn(HARBOUR_OPEN_WINTER, from);
    await call.start();
    const main = await call.press(key);
    expect(main.said.every((s) => s.voice === VOICES[code]!.voice)).toBe(true);
    expect(main.said[0]!.text).toBe(words(code, 'menu.option', { label: { key: 'main.labels.talk' }, key: '1' }));
  });

  it('Then the language menu keeps that order, and each key, when it is read again after silence and after key 8', async () => {
    const call = callOn(HARBOUR_OPEN_WINTER, from);
    await call.start();
    // "No key was pressed" then the key, language by language: the last thing heard is a key.
    const again = await call.silence();
    expect(again.said.map((s) => s.language)).toEqual(order.flatMap((code) => [code, code]).map((code) => VOICES[code]!.language));
    expect(again.said.map((s) => s.text)).toEqual(order.flatMap((code) => [words(code, 'menu.noKeyHeard'), words(code, 'language.choose', { key: KEYS[code] })]));
    await call.press(KEYS[order.at(-1)!]);
    const languageMenu = await call.press('8');
    expect(languageMenu.said.map((s) => s.text)).toEqual(order.map((code) => words(code, 'language.choose', { key: KEYS[code] })));
  });
});

describe.each(LANGUAGES.map((l) => l.code))('When the caller chooses %s', (lang) => {
  it('Then the main menu is spoken in that language and voice only: every option the flow defines with a label, with its key, in its order', async () => {
    const call = await callIn(lang);
    const turn = call.current;
    expect(turn.said.every((s) => s.voice === VOICES[lang]!.voice && s.language === VOICES[lang]!.language)).toBe(true);
    const options = mainMenu(lang);
    const sentences = options.flatMap((o) => (o.label ? [words(lang, 'menu.option', { label: o.label, key: keyParam(o.key) })] : []));
    // Straight to the options, a person first: "talk to someone now" is the first thing said.
    expect(options[0]?.action.kind).toBe('talk');
    expect(turn.said[0]!.text).toBe(sentences[0]);
    // Every option the menu announces is heard, in the menu's order (topics by their own titles).
    let from = 0;
    for (const sentence of sentences) {
      const found = turn.text.indexOf(sentence, from);
      expect(found, sentence).toBeGreaterThanOrEqual(from);
      from = found + sentence.length;
    }
    // Back from the main menu is the language menu, which key 8 already offers; the key works but is not read out.
    expect(options.find((o) => o.key === BACK_KEY)?.label).toBeUndefined();
    expect(turn.text).not.toContain(words(lang, 'menu.option', { label: { key: 'main.labels.back' }, key: keyParam(BACK_KEY) }));
  });

  it.each(TOPIC_KEYS)('Then key %s reads the topic "%s" part by part, each interruptible and followed by a short part menu, and key 1 goes on to the end and then to a person', async (key, topic) => {
    const call = await callIn(lang);
    const parts = hotline().partsOf(topic);
    const sentences = hotline().catalog.keysUnder(`topics.${topic}`).filter((k) => k !== topicTitle(topic));
    const heard: string[] = [];
    let turn = await call.press(key);
    // The first part says once that any key stops the reading.
    expect(turn.said[0]!.text).toBe(words(lang, 'topicMenu.anyKey'));
    for (let part = 1; part <= parts; part++) {
      const [gather, redirect] = turn.twiml.verbs;
      expect(gather?.tagName).toBe('Gather');
      expect(redirect?.getAttribute('method')).toBe('POST');
      expect(new URL(gather!.getAttribute('action')!, 'https://x').searchParams.get('menu')).toBe('part');
      heard.push(turn.text);
      const title = part < parts ? words(lang, 'topicMenu.title', { part: String(part), parts: String(parts) }) : words(lang, 'topicMenu.lastTitle');
      expect(turn.text).toContain(title);
      expect(turn.text).toContain(words(lang, 'menu.option', { key: '2', label: { key: 'topicMenu.labels.again' } }));
      if (part < parts) turn = await call.press('1');
    }
    // Every sentence of the topic was read, in one part or another.
    for (const sentence of sentences) expect(heard.join(' ')).toContain(words(lang, sentence));
    // After the last part, key 1 puts the caller through to a person.
    expect(turn.text).toContain(words(lang, 'menu.option', { key: '1', label: { key: 'main.labels.talk' } }));
    await call.press('1');
    expect(call.dial).toBeDefined();
  });

  it('Then, in a part menu, key 2 reads the same part again and star goes back to the main menu', async () => {
    const call = await callIn(lang);
    const first = await call.press(TOPIC_KEYS[0]![0]);
    const again = await call.press('2');
    expect(again.said.map((s) => s.text)).toEqual(first.said.slice(1).map((s) => s.text));
    const main = await call.press('*');
    expect(main.text).toContain(words(lang, 'main.title'));
  });

  it('Then key 6 lists the helplines, and key 0 there says the emergency number twice, slowly', async () => {
    const call = await callIn(lang);
    const helplines = await call.press(HELPLINES_KEY);
    expect(helplines.text).toContain(words(lang, 'helplinesMenu.title'));
    expect(helplines.text).toContain(words(lang, 'menu.option', { label: { key: 'main.labels.back' }, key: { key: 'keys.star' } }));
    const emergency = await call.press('0');
    const gather = emergency.twiml.verbs[0]!;
    expect(sayAsDigits(gather).filter((d) => d === '112')).toHaveLength(2);
    expect(descendants(gather, 'prosody').every((p) => p.getAttribute('rate') === 'slow')).toBe(true);
    expect(emergency.twiml.verbs.some((v) => v.tagName === 'Dial')).toBe(false);
    // ...and the caller is still in the helplines menu.
    expect(emergency.text).toContain(words(lang, 'helplinesMenu.title'));
  });

  it('Then key 8 and the back key return to the language menu, and key 9 repeats the menu', async () => {
    const call = await callIn(lang);
    const repeated = await call.press('9');
    expect(repeated.text).toContain(words(lang, 'main.title'));
    const languageMenu = await call.press('8');
    expect(languageMenu.said.map((s) => s.text)).toEqual(LANGUAGES.map((l) => words(l.code, 'language.choose', { key: l.key })));
    await call.press(keyOf(lang));
    const back = await call.press('*');
    expect(back.said).toHaveLength(LANGUAGES.length);
  });

  it('Then a key that is not an option says so and plays the menu again', async () => {
    const call = await callIn(lang);
    const turn = await call.press('#');
    expect(turn.said[0]!.text).toBe(words(lang, 'menu.notAnOption'));
    expect(turn.text).toContain(words(lang, 'main.title'));
    expect(turn.twiml.verbs.map((v) => v.tagName)).toEqual(['Gather', 'Redirect']);
  });

  it('Then three silences in a row replay the menu twice, then give 112 and a 24-hour line and say goodbye', async () => {
    const call = await callIn(lang);
    const first = await call.silence();
    expect(first.said[0]!.text).toBe(words(lang, 'menu.noKeyHeard'));
    expect(first.text).toContain(words(lang, 'main.title'));
    const second = await call.silence();
    expect(second.text).toContain(words(lang, 'main.title'));
    const third = await call.silence();
    expect(third.twiml.verbs.map((v) => v.tagName)).toEqual(['Say', 'Hangup']);
    expect(third.text).toContain(words(lang, 'menu.goodbyeNoInput'));
    expect(sayAsDigits(third.twiml.root)).toContain('112');
    expect(sayAsDigits(third.twiml.root).join(' ')).toContain(heardDigits(BEACON.number));
  });
});

describe('When a caller asks to talk to someone now', () => {
  it.each([
    ['Ukrainian', 'uk', HARBOUR_OPEN_WINTER, HARBOUR],
    ['Russian', 'ru', HARBOUR_OPEN_SUMMER, HARBOUR],
    ['Ukrainian', 'uk', FRIDAY_20_WINTER, BEACON],
    ['Russian', 'ru', FRIDAY_20_SUMMER, BEACON],
    ['English', 'en', HARBOUR_OPEN_WINTER, BEACON],
  ])('When a %s speaker calls at %#, Then the call is put through to the right line with this line as caller ID', async (_name, lang, now, line) => {
    const call = await callIn(lang, now);
    const turn = await call.press(TALK_KEY);
    expect(call.dial).toEqual({ number: line.dialString, callerId: LINE_NUMBER, action: expect.stringContaining('/voice/dial-result?') });
    expect(turn.text).toContain(words(lang, 'transfer.connecting', { name: { key: `helplines.${line.id}.name` } }));
    // Nothing comes after the Dial: its action URL decides what happens next.
    expect(turn.twiml.verbs.at(-1)?.tagName).toBe('Dial');
  });

  it('When Harbour is closed on a Friday evening, Then a Ukrainian speaker is put through to Beacon at once, told how to get an interpreter', async () => {
    const call = await callIn('uk', FRIDAY_20_SUMMER);
    const turn = await call.press(TALK_KEY);
    expect(turn.said.map((s) => s.text)).toEqual([
      words('uk', 'transfer.connecting', { name: { key: 'helplines.beacon.name' } }),
      words('uk', fixtureKey('helplines.beacon.intro')),
    ]);
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When Harbour is busy, Then the caller hears its number once and is put through to Beacon without a key; when Beacon fails too, the numbers are spoken and nothing is dialled again', async () => {
    const call = await callIn('uk', HARBOUR_OPEN_WINTER);
    await call.press(TALK_KEY);
    const busy = await call.dialEnds('busy');
    expect(busy.said[0]!.text).toContain(words('uk', 'transfer.rollover.busy', { name: { key: 'helplines.harbour.name' }, id: 'harbour', next: { key: 'helplines.beacon.name' } }));
    // Read once, with the country code a caller on a foreign SIM card needs.
    expect(sayAsDigits(busy.twiml.root).join(' ')).toBe(heardDigits(HARBOUR.number));
    expect(busy.said.map((s) => s.text)).toContain(words('uk', fixtureKey('helplines.beacon.intro')));
    expect(busy.twiml.verbs.some((v) => v.tagName === 'Gather')).toBe(false);
    expect(call.dial?.number).toBe(BEACON.dialString);
    const failed = await call.dialEnds('failed');
    expect(failed.twiml.verbs.some((v) => v.tagName === 'Dial')).toBe(false);
    expect(failed.text).toContain(words('uk', 'transfer.nothingLeft'));
    expect(sayAsDigits(failed.twiml.root)).toContain('112');
    expect(sayAsDigits(failed.twiml.root).join(' ')).toContain(heardDigits(BEACON.number));
    expect(failed.said[0]!.text).toContain(words('uk', 'transfer.failed', { name: { key: 'helplines.beacon.name' }, id: 'beacon' }));
    expect(failed.text).not.toContain(words('uk', 'menu.option', { key: '1', label: { key: 'retryMenu.labels.next', params: { name: { key: 'helplines.beacon.name' } } } }));
    // With no line left to offer, the numbers are read part by part: key 1 reads the next part.
    expect(failed.text).toContain(words('uk', 'menu.option', { key: '1', label: { key: 'topicMenu.labels.next' } }));
    const more = await call.press('1');
    expect(sayAsDigits(more.twiml.root).length).toBeGreaterThan(0);
    // Nothing is dialled: the failed lines are never dialled again in this call.
    expect(call.dial).toBeUndefined();
  });

  it('When the helpline answered and the conversation ended, Then the caller hears a goodbye and the call ends', async () => {
    const call = await callIn('en');
    await call.press(TALK_KEY);
    const done = await call.dialEnds('completed');
    expect(done.twiml.verbs.map((v) => v.tagName)).toEqual(['Say', 'Hangup']);
    expect(done.text).toContain(words('en', 'transfer.ended'));
  });

  it('When the caller picks Harbour in the helplines menu while it is closed, Then it says when Harbour opens and offers Beacon', async () => {
    const call = await callIn('ru', FRIDAY_20_WINTER);
    await call.press(HELPLINES_KEY);
    const turn = await call.press('1');
    expect(call.dial).toBeUndefined();
    expect(turn.text).toContain(words('ru', 'transfer.closed', {
      name: { key: 'helplines.harbour.name' },
      opens: { key: 'time.opensOn', params: { day: { key: 'time.days.on.tue' }, time: { key: 'time.clock.at.h09' } } },
    }));
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });
});

describe('Short numbers are spoken, never dialled', () => {
  it('When any menu offers 112 or 116 111, Then no Dial ever carries them', async () => {
    const call = await callIn('en');
    await call.press(HELPLINES_KEY);
    let numbers = await call.press(String(hotline().directory.helplines.filter((h) => h.dial).length + 1));
    const digits = [...sayAsDigits(numbers.twiml.root)];
    // The numbers are read a few at a time; key 1 reads the next part.
    for (let part = 2; part <= hotline().partsOf('numbers'); part++) {
      numbers = await call.press('1');
      digits.push(...sayAsDigits(numbers.twiml.root));
      expect(call.dial).toBeUndefined();
    }
    expect(hotline().directory.helplines.filter((h) => !h.dial).map((h) => h.number)).toEqual(['112', '116 111']);
    expect(digits).toEqual(expect.arrayContaining(['112', '116', '111']));
  });
});

describe('The right helpline at the right moment', () => {
  const MAUNDY_THURSDAY_11 = at('2026-04-02T11:00:00+02:00');
  const MONDAY_11 = at('2026-12-07T11:00:00+01:00');
  const TUESDAY_15_30 = at('2026-12-08T15:30:00+01:00');

  it.each([
    ['on a Monday at 11:00', MONDAY_11, { key: 'time.opensTomorrow', params: { time: { key: 'time.clock.at.h09' } } }],
    ['on Maundy Thursday at 11:00 (a holiday, and Good Friday after it)', MAUNDY_THURSDAY_11, { key: 'time.opensOn', params: { day: { key: 'time.days.on.tue' }, time: { key: 'time.clock.at.h09' } } }],
    ['on a Tuesday at 15:30', TUESDAY_15_30, { key: 'time.opensTomorrow', params: { time: { key: 'time.clock.at.h09' } } }],
  ] as const)('When a Ukrainian speaker asks for Harbour in the helplines menu %s, Then they hear when it opens and can be put through to Beacon', async (_when, now, opens) => {
    const call = await callIn('uk', now);
    await call.press(HELPLINES_KEY);
    const turn = await call.press('1');
    expect(turn.said[0]!.text).toBe(words('uk', 'transfer.closed', { name: { key: 'helplines.harbour.name' }, opens }));
    expect(call.dial).toBeUndefined();
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it.each([
    ['on a Monday at 11:00', MONDAY_11],
    ['on Maundy Thursday at 11:00', MAUNDY_THURSDAY_11],
    ['on a Tuesday at 15:30', TUESDAY_15_30],
  ] as const)('When a Ukrainian speaker asks to talk to someone %s, Then Harbour being closed, they go to Beacon', async (_when, now) => {
    const call = await callIn('uk', now);
    await call.press(TALK_KEY);
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When no-answer comes back from Harbour, Then the caller is put through to Beacon at once', async () => {
    const call = await callIn('ru', HARBOUR_OPEN_WINTER);
    await call.press(TALK_KEY);
    expect(call.dial?.number).toBe(HARBOUR.dialString);
    const noAnswer = await call.dialEnds('no-answer');
    expect(noAnswer.said[0]!.text).toContain(words('ru', 'transfer.rollover.noAnswer', { name: { key: 'helplines.harbour.name' }, id: 'harbour', next: { key: 'helplines.beacon.name' } }));
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When the caller chose Harbour by name and it is busy, Then its number is read twice and Beacon is offered, not dialled', async () => {
    const call = await callIn('uk', HARBOUR_OPEN_WINTER);
    await call.press(HELPLINES_KEY);
    await call.press('1');
    expect(call.dial?.number).toBe(HARBOUR.dialString);
    const busy = await call.dialEnds('busy');
    expect(busy.said[0]!.text).toContain(words('uk', 'transfer.busy', { name: { key: 'helplines.harbour.name' }, id: 'harbour' }));
    expect(busy.text).toContain(words('uk', 'retryMenu.labels.next', { name: { key: 'helplines.beacon.name' } }));
    expect(call.dial).toBeUndefined();
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When a young caller chose the help for children and young people, Then they hear the children\'s line and are put through to Beacon even while Harbour is open', async () => {
    const call = await callIn('uk', HARBOUR_OPEN_WINTER);
    const young = await call.press(TOPIC_KEYS.find(([, topic]) => topic === 'young')![0]);
    expect(sayAsDigits(young.twiml.root)).toEqual(expect.arrayContaining(['116', '111']));
    expect(young.text).toContain(words('uk', fixtureKey('topics.young.part1.one')));
    await call.press('1');
    expect(call.dial?.number).toBe(BEACON.dialString);
  });

  it('When the caller presses nothing in the language menu, Then the line goes on in the language of their country code and says how to change it', async () => {
    const call = callOn(HARBOUR_OPEN_WINTER, '+79161234567');
    await call.start();
    await call.silence();
    await call.silence();
    const guessed = await call.silence();
    expect(guessed.said[0]).toMatchObject(VOICES.ru!);
    expect(guessed.said[0]!.text).toBe(words('ru', 'language.guessed', { key: '8' }));
    expect(guessed.text).toContain(words('ru', 'main.title'));
    // A caller who chose English and came back to change language keeps English if they press nothing.
    const back = callOn(HARBOUR_OPEN_WINTER, '+4790000000');
    await back.start();
    await back.press(keyOf('en'));
    const languageMenu = await back.press('8');
    expect(languageMenu.said.map((s) => s.language)).toEqual(LANGUAGES.map((l) => VOICES[l.code]!.language));
    await back.silence();
    await back.silence();
    expect((await back.silence()).said[0]).toMatchObject(VOICES.en!);
    // A withheld number suggests no language: the call goes on in the line's first language.
    const other = callOn(HARBOUR_OPEN_WINTER, 'anonymous');
    await other.start();
    await other.silence();
    await other.silence();
    expect((await other.silence()).said[0]).toMatchObject(VOICES[LANGUAGES[0]!.code]!);
  });
});

describe('Callers stay anonymous by default', () => {
  it('When the operator chose to pass the caller number on, Then only a valid E.164 number is passed; anything else shows the line number', async () => {
    const passing = callOn(HARBOUR_OPEN_WINTER, '+380501234567', { passCallerNumber: true });
    await passing.start();
    await passing.press('1');
    await passing.press(TALK_KEY);
    expect(passing.dial?.callerId).toBe('+380501234567');
    // Documents are built once per state; a second caller must still show their own number.
    const second = callOn(HARBOUR_OPEN_WINTER, '+380679876543', { passCallerNumber: true });
    await second.start();
    await second.press('1');
    await second.press(TALK_KEY);
    expect(second.dial?.callerId).toBe('+380679876543');

    for (const from of ['anonymous', '+380 50 123', '266696687']) {
      const hidden = callOn(HARBOUR_OPEN_WINTER, from, { passCallerNumber: true });
      await hidden.start();
      await hidden.press('1');
      await hidden.press(TALK_KEY);
      expect(hidden.dial?.callerId).toBe(LINE_NUMBER);
    }
  });
});

describe('Prepared answers follow the clock', () => {
  it('When the same step comes at 08:59 and then at 09:00 on a Tuesday, Then the first goes to Beacon and the second to Harbour', async () => {
    const call = await callIn('uk', at('2026-12-08T08:59:30+01:00'));
    const menu = call.current;
    await call.press(TALK_KEY);
    expect(call.dial?.number).toBe(BEACON.dialString);
    // The same request again, one minute later, on the same app.
    call.now = at('2026-12-08T09:00:05+01:00');
    const action = menu.twiml.verbs[0]!.getAttribute('action')!;
    await call.post(action, { Digits: TALK_KEY });
    expect(call.dial?.number).toBe(HARBOUR.dialString);
  });
});
