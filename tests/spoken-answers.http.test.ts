import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createCallMetrics } from '../src/server/call-metrics.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureLine, speakingFixtureLine } from './support/fixture-line.js';
import { descendants } from './support/twiml.js';
import { at, CALLER_UA, signedPost, TestCall, type Turn } from './support/test-line.js';

/** The fixture line with spoken answers on: Harbour (Ukrainian and Russian) open Tuesday 11:00, closed Friday 20:00; Beacon (English) always. */
const HARBOUR_OPEN = at('2026-12-08T11:00:00+01:00');
const FRIDAY_20 = at('2026-12-11T20:00:00+01:00');
const { words } = speechOf(fixtureLine);
const CALLER_RU = '+79161234567';
const CALLER_NO = '+4791234567';
const line = speakingFixtureLine();
const number = (id: string) => line.directory.find(id)!.dialString;

const gatherOf = (turn: Turn) => descendants(turn.twiml.root, 'Gather')[0]!;
const hints = (turn: Turn) => (gatherOf(turn).getAttribute('hints') ?? '').split(', ');

function speakingCall(now = HARBOUR_OPEN, from = CALLER_UA) {
  const metrics = createCallMetrics();
  return { call: new TestCall(now, from, { line, metrics }), metrics };
}

describe('When spoken answers are on (SPEECH_INPUT=on)', () => {
  it.each([
    [CALLER_UA, 'uk-UA', ['українська', 'російська', 'англійська']],
    [CALLER_RU, 'ru-RU', ['украинский', 'русский', 'английский']],
    [CALLER_NO, 'uk-UA', ['українська', 'російська', 'англійська']],
  ])('When %s calls, Then the language menu listens for keys and speech in %s, with every language\'s name as that recogniser writes it among its hints', async (from, language, names) => {
    const { call } = speakingCall(HARBOUR_OPEN, from);
    const turn = await call.start();
    const gather = gatherOf(turn);
    expect(gather.getAttribute('input')).toBe('dtmf speech');
    expect(gather.getAttribute('language')).toBe(language);
    expect(gather.getAttribute('speechTimeout')).toBe('2');
    expect(gather.getAttribute('numDigits')).toBe('1');
    expect(hints(turn)).toEqual(expect.arrayContaining(names));
  });

  it.each([
    ['українська', 'uk', 'uk-UA', 'людина', 'harbour'],
    ['русский', 'ru', 'ru-RU', 'человек', 'harbour'],
    ['English', 'en', 'en-GB', 'person', 'beacon'],
  ])('When the caller says "%s", then "%s"\'s word for a person, Then the menus listen in the language of the call and the call is put through', async (name, lang, language, person, helpline) => {
    const { call } = speakingCall();
    await call.start();
    const menu = await call.say(name, 0.88);
    const gather = gatherOf(menu);
    expect(gather.getAttribute('input')).toBe('dtmf speech');
    expect(gather.getAttribute('language')).toBe(language);
    expect(hints(menu)).toEqual(expect.arrayContaining([...line.spokenWords.option(line.language(lang)!, { kind: 'option', id: 'talk' })]));
    // Told once, at the end of the first menu, that a number or a word can be said.
    expect(menu.said.at(-1)?.text).toBe(words(lang, 'spoken.hint'));
    expect(menu.said.filter((s) => s.text === words(lang, 'spoken.hint'))).toHaveLength(1);
    const again = await call.press('9');
    expect(again.text).not.toContain(words(lang, 'spoken.hint'));
    // Back to the language menu and the same language again: not told a second time.
    await call.press('8');
    const same = await call.say(name);
    expect(same.text).toContain(words(lang, 'menu.option', { label: { key: 'main.labels.talk' }, key: '1' }));
    expect(same.text).not.toContain(words(lang, 'spoken.hint'));

    await call.say(person, 0.7);
    expect(call.dial?.number).toBe(number(helpline));
  });

  it('When the caller says a number, Then it does what the key does', async () => {
    const { call } = speakingCall(FRIDAY_20);
    await call.start();
    await call.say('два');
    const spoken = await call.say('один');
    expect(call.dial?.number).toBe(number('beacon'));
    const { call: pressing } = speakingCall(FRIDAY_20);
    await pressing.start();
    await pressing.press('2');
    const pressed = await pressing.press('1');
    expect(spoken.said).toEqual(pressed.said);
  });

  it('When Twilio is not sure enough of the words, or they name no option, Then the caller hears "not an option" and the menu again, and only the counts of understood and not understood go up', async () => {
    const { call } = speakingCall();
    await call.start();
    await call.press('1');
    const unsure = await call.say('людина', 0.3);
    expect(unsure.said[0]!.text).toBe(words('uk', 'menu.notAnOption'));
    expect(unsure.text).toContain(words('uk', 'menu.option', { label: { key: 'main.labels.talk' }, key: '1' }));
    expect(call.dial).toBeUndefined();
    const unknown = await call.say('бутерброд', 0.95);
    expect(unknown.said[0]!.text).toBe(words('uk', 'menu.notAnOption'));
    await call.say('небезпека', 0.95);

    const text = (await request(call.app).get('/metrics')).text;
    expect(text).toContain('hotline_spoken_answers_total{lang="uk",outcome="not_understood"} 2');
    expect(text).toContain('hotline_spoken_answers_total{lang="uk",outcome="understood"} 1');
    expect(text).toContain('hotline_invalid_keys_total{menu="main"} 2');
    expect(text).not.toContain('бутерброд');
    expect(text).not.toContain('людина');
  });

  it('When a key is pressed, Then it counts whatever Twilio may also have heard', async () => {
    const { call } = speakingCall();
    const opening = await call.start();
    const res = await signedPost(call.app, gatherOf(opening).getAttribute('action')!, { CallSid: 'CA0123456789abcdef0123456789abcdef', From: CALLER_UA, Digits: '3', SpeechResult: 'українська', Confidence: '0.9' });
    expect(res.text).toContain('language="en-GB"');
  });

  it('When a spoken answer is signed with another token, Then it is refused like any other request', async () => {
    const { call } = speakingCall();
    const opening = await call.start();
    const action = gatherOf(opening).getAttribute('action')!;
    const res = await signedPost(call.app, action, { CallSid: 'CA0123456789abcdef0123456789abcdef', From: CALLER_UA, SpeechResult: 'English', Confidence: '0.9' }, 'another-token');
    expect(res.status).toBe(403);
  });
});

describe('When spoken answers are off (the default)', () => {
  it('Then no menu listens for speech, and words Twilio could not have heard are no key: the menu comes again as after silence', async () => {
    const call = new TestCall(HARBOUR_OPEN, CALLER_UA, { line: fixtureLine() });
    const opening = await call.start();
    expect(gatherOf(opening).getAttribute('input')).toBe('dtmf');
    expect(gatherOf(opening).hasAttribute('hints')).toBe(false);
    await expect(call.say('English')).rejects.toThrow(/takes keys only/);
    const res = await signedPost(call.app, gatherOf(opening).getAttribute('action')!, { CallSid: 'CA0123456789abcdef0123456789abcdef', From: CALLER_UA, SpeechResult: 'English', Confidence: '0.9' });
    expect(res.text).toContain(words('en', 'menu.noKeyHeard'));
  });
});
