import { describe, expect, it } from 'vitest';
import { descendants, sayAsDigits, spoken } from './support/twiml.js';
import { words, VOICES } from './support/expect-speech.js';
import { at, hotline, TestCall } from './support/test-line.js';

const MONDAY_11_WINTER = at('2026-12-07T11:00:00+01:00');

const LANGUAGES = hotline().catalog.languages;
const keyOf = (code: string) => LANGUAGES.find((l) => l.code === code)!.key;
/** The line open day and night that the goodbye after three silences names. */
const ROSA = hotline().directory.find('rosa')!;

async function callIn(lang: string, now = MONDAY_11_WINTER) {
  const call = new TestCall(now);
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
  ['a Belarusian number (+375)', '+375291234567', ['ru', 'uk', 'en']],
  ['a Norwegian number (+47)', '+4791234567', ['uk', 'ru', 'en']],
  ['a withheld number (anonymous)', 'anonymous', ['uk', 'ru', 'en']],
  ["a withheld number (Twilio's +266696687)", '+266696687', ['uk', 'ru', 'en']],
] as const;
const KEYS = { uk: '1', ru: '2', en: '3' } as const;

describe.each(OPENINGS)('When a call comes in from %s', (_, from, order) => {
  const [first, ...others] = order;

  it(`Then the first words are the 112 warning in ${first}, then each language's key (${first} first, each with its own key), then the other warnings, all while a key can be pressed`, async () => {
    const turn = await new TestCall(MONDAY_11_WINTER, from).start();
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
    const call = new TestCall(MONDAY_11_WINTER, from);
    await call.start();
    const main = await call.press(key);
    expect(main.said.every((s) => s.voice === VOICES[code]!.voice)).toBe(true);
    expect(main.said[0]!.text).toBe(words(code, 'menu.option', { label: { key: 'main.labels.talk' }, key: '1' }));
  });

  it('Then the language menu keeps that order, and each key, when it is read again after silence and after key 8', async () => {
    const call = new TestCall(MONDAY_11_WINTER, from);
    await call.start();
    // "No key was pressed" in the first language, the keys, then "no key was pressed" in the others: the opening's shape.
    const again = await call.silence();
    expect(again.said.map((s) => s.language)).toEqual([first, ...order, ...others].map((code) => VOICES[code]!.language));
    expect(again.said[0]!.text).toBe(words(first, 'menu.noKeyHeard'));
    expect(again.said.slice(1, 1 + order.length).map((s) => s.text)).toEqual(order.map((code) => words(code, 'language.choose', { key: KEYS[code] })));
    await call.press(KEYS[order.at(-1)!]);
    const languageMenu = await call.press('8');
    expect(languageMenu.said.map((s) => s.text)).toEqual(order.map((code) => words(code, 'language.choose', { key: KEYS[code] })));
  });
});

describe.each(LANGUAGES.map((l) => l.code))('When the caller chooses %s', (lang) => {
  it('Then the main menu is spoken in that language and voice only, with every option and its key', async () => {
    const call = await callIn(lang);
    const turn = call.current;
    expect(turn.said.every((s) => s.voice === VOICES[lang]!.voice && s.language === VOICES[lang]!.language)).toBe(true);
    // Straight to the options, a person first: "talk to someone now" is the first thing said.
    expect(turn.said[0]!.text).toBe(words(lang, 'menu.option', { label: { key: 'main.labels.talk' }, key: '1' }));
    for (const [key, label] of [['1', 'talk'], ['2', 'signs'], ['3', 'safety'], ['4', 'housing'], ['5', 'rights'], ['6', 'helplines'], ['7', 'young'], ['8', 'language'], ['9', 'repeat'], ['0', 'emergency']] as const) {
      expect(turn.text).toContain(words(lang, 'menu.option', { label: { key: `main.labels.${label}` }, key }));
    }
    // Back from the main menu is the language menu, which key 8 already offers; the key works but is not read out.
    expect(turn.text).not.toContain(words(lang, 'menu.option', { label: { key: 'main.labels.back' }, key: { key: 'keys.star' } }));
  });

  it.each([
    ['2', 'signs'],
    ['3', 'safety'],
    ['4', 'housing'],
    ['5', 'rights'],
    ['7', 'young'],
  ] as const)('Then key %s reads the topic "%s" part by part, each interruptible and followed by a short part menu, and key 1 goes on to the end and then to a person', async (key, topic) => {
    const call = await callIn(lang);
    const parts = hotline().partsOf(topic);
    const sentences = hotline().catalog.keysUnder(`topics.${topic}`);
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
    const first = await call.press('2');
    const again = await call.press('2');
    expect(again.said.map((s) => s.text)).toEqual(first.said.slice(1).map((s) => s.text));
    const main = await call.press('*');
    expect(main.text).toContain(words(lang, 'main.title'));
  });

  it('Then key 6 lists the helplines, and key 0 there says the emergency number twice, slowly', async () => {
    const call = await callIn(lang);
    const helplines = await call.press('6');
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
    expect(sayAsDigits(third.twiml.root).join(' ')).toContain(ROSA.number.slice(4));
  });
});

describe('When the caller chooses no language', () => {
  it('When the caller presses nothing in the language menu, Then the line goes on in the language of their country code and says how to change it', async () => {
    const call = new TestCall(MONDAY_11_WINTER, '+79161234567');
    await call.start();
    await call.silence();
    await call.silence();
    const guessed = await call.silence();
    expect(guessed.said[0]).toMatchObject(VOICES.ru!);
    expect(guessed.said[0]!.text).toBe(words('ru', 'language.guessed', { key: '8' }));
    expect(guessed.text).toContain(words('ru', 'main.title'));
    // A caller who chose Ukrainian and came back to change language keeps Ukrainian if they press nothing.
    const back = new TestCall(MONDAY_11_WINTER, '+4790000000');
    await back.start();
    await back.press('1');
    const languageMenu = await back.press('8');
    expect(languageMenu.said.map((s) => s.language)).toEqual(LANGUAGES.map((l) => VOICES[l.code]!.language));
    await back.silence();
    await back.silence();
    expect((await back.silence()).said[0]).toMatchObject(VOICES.uk!);
    const other = new TestCall(MONDAY_11_WINTER, 'anonymous');
    await other.start();
    await other.silence();
    await other.silence();
    expect((await other.silence()).said[0]).toMatchObject(VOICES.en!);
  });
});
