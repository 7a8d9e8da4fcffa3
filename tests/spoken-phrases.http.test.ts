import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { speakingFixtureLine } from './support/fixture-line.js';
import { AUTH_TOKEN, at, PUBLIC_BASE_URL, signedPost } from './support/test-line.js';

/**
 * With SPEECH_INPUT=on, what callers actually say leads exactly where its key leads. The phrases are
 * written here, not read from the prompt files, so a prompt cannot change what is checked. The line
 * is the fixture line with the shipped words (the words are what is tested; its menus have the
 * shipped keys).
 */
const NOW = at('2026-12-08T11:00:00+01:00');
const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
const CALLER = { uk: '+380501234567', ru: '+79161234567', no: '+4791234567' } as const;
const app = createApp({
  config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false },
  hotline: speakingFixtureLine(),
  logger: pino({ level: 'silent' }),
  clock: () => NOW,
});

/** The answer of the line to one request in a menu, as TwiML text. */
async function answer(menu: string, from: string, form: Record<string, string>): Promise<string> {
  const res = await signedPost(app, `/voice/menu?${menu}&silences=0`, { CallSid: CALL_SID, From: from, ...form });
  expect(res.status).toBe(200);
  return res.text;
}

const MAIN = (lang: string) => `menu=main&lang=${lang}`;
const PART = (lang: string) => `menu=part&lang=${lang}&reading=signs&part=1`;
const LANGUAGE = 'menu=language';

describe('With spoken answers on, what a caller says leads where its key leads', () => {
  it.each([
    // Danger and police words for the emergency option (it reads out the police numbers).
    ['uk', MAIN('uk'), CALLER.uk, 'небезпечно', '0'],
    ['uk', MAIN('uk'), CALLER.uk, 'Мені небезпечно', '0'],
    ['uk', MAIN('uk'), CALLER.uk, 'поліція', '0'],
    ['uk', MAIN('uk'), CALLER.uk, 'ноль', '0'],
    ['ru', MAIN('ru'), CALLER.ru, 'опасно', '0'],
    ['ru', MAIN('ru'), CALLER.ru, 'мне опасно', '0'],
    ['ru', MAIN('ru'), CALLER.ru, 'полиция', '0'],
    ['ru', MAIN('ru'), CALLER.ru, 'ноль', '0'],
    // 112 as the recogniser writes a number said aloud: in digits.
    ['uk', MAIN('uk'), CALLER.uk, '112', '0'],
    ['ru', MAIN('ru'), CALLER.ru, '112', '0'],
    // Danger said together with another option ("help, I am in danger"): the police numbers, safe whatever else was meant.
    ['uk', MAIN('uk'), CALLER.uk, 'допоможіть, мені небезпечно', '0'],
    ['ru', MAIN('ru'), CALLER.ru, 'помогите, мне опасно', '0'],
    // Help, operator and counsellor words for talking to someone now.
    ['uk', MAIN('uk'), CALLER.uk, 'допоможіть', '1'],
    ['uk', MAIN('uk'), CALLER.uk, 'мені потрібна допомога', '1'],
    ['uk', MAIN('uk'), CALLER.uk, "з'єднайте з оператором", '1'],
    ['uk', MAIN('uk'), CALLER.uk, 'консультант', '1'],
    ['ru', MAIN('ru'), CALLER.ru, 'помогите', '1'],
    ['ru', MAIN('ru'), CALLER.ru, 'соедините с оператором', '1'],
    ['ru', MAIN('ru'), CALLER.ru, 'мне нужна помощь', '1'],
    // "Help for children" is the young people's option, not a person now.
    ['uk', MAIN('uk'), CALLER.uk, 'допомога дітям', '7'],
    ['ru', MAIN('ru'), CALLER.ru, 'помощь детям', '7'],
    // The ordinal forms of each key.
    ['uk', MAIN('uk'), CALLER.uk, 'перша', '1'],
    ['uk', MAIN('uk'), CALLER.uk, 'друга', '2'],
    ['uk', MAIN('uk'), CALLER.uk, "п'ята", '5'],
    ['ru', MAIN('ru'), CALLER.ru, 'первая', '1'],
    ['ru', MAIN('ru'), CALLER.ru, 'вторая', '2'],
    ['ru', MAIN('ru'), CALLER.ru, 'седьмая', '7'],
    // Go on to the next part.
    ['uk', PART('uk'), CALLER.uk, 'продовжуйте', '1'],
    ['ru', PART('ru'), CALLER.ru, 'далее', '1'],
    ['ru', PART('ru'), CALLER.ru, 'продолжайте', '1'],
    // A language named as the recogniser of the caller's country writes it.
    ['uk', LANGUAGE, CALLER.uk, 'англійська', '3'],
    ['uk', LANGUAGE, CALLER.uk, 'російська', '2'],
    ['uk', LANGUAGE, CALLER.uk, 'українською', '1'],
    ['uk', LANGUAGE, CALLER.uk, 'по-російському', '2'],
    ['uk', LANGUAGE, CALLER.no, 'English', '3'],
    ['ru', LANGUAGE, CALLER.ru, 'украинский', '1'],
    ['ru', LANGUAGE, CALLER.ru, 'по-украински', '1'],
    ['ru', LANGUAGE, CALLER.ru, 'на английском', '3'],
    ['ru', LANGUAGE, CALLER.ru, 'русский', '2'],
  ])('In %s (%s, from %s), When the caller says "%s", Then the line answers exactly as to key %s', async (_lang, menu, from, said, key) => {
    const spoken = await answer(menu, from, { SpeechResult: said, Confidence: '0.9' });
    const pressed = await answer(menu, from, { Digits: key });
    expect(spoken).toBe(pressed);
  });

  it('When the caller says a word no option has, Then it is not the answer of any key it is compared with (the table above would pass for any answer otherwise)', async () => {
    const spoken = await answer(MAIN('uk'), CALLER.uk, { SpeechResult: 'ну я не знаю', Confidence: '0.9' });
    for (const key of ['0', '1', '2', '7']) expect(spoken).not.toBe(await answer(MAIN('uk'), CALLER.uk, { Digits: key }));
  });
});
