import { describe, expect, it } from 'vitest';
import { START, type CallState, type LangCode } from '../src/hotline/flow/call-state.js';
import { checkSpokenChoices, keyForSpokenAnswer, normalizeWords, understandSpoken } from '../src/hotline/flow/spoken-answers.js';
import { buildHotline } from '../src/hotline/hotline.js';
import type { PromptTree } from '../src/hotline/prompts/prompt-catalog.js';
import { fixtureSources } from './support/fixture-line.js';
import { at, speakingLine, SPEECH_MIN_CONFIDENCE } from './support/test-line.js';

const line = speakingLine();
const NOW = at('2026-12-07T11:00:00+01:00');
const lang = (code: string) => line.language(code) as LangCode;
const menu = (state: CallState) => line.flow.menuFor(state, NOW);
const main = (code: string): CallState => ({ ...START, menu: 'main', lang: lang(code) });
const helplines = (code: string): CallState => ({ ...START, menu: 'helplines', lang: lang(code) });
const part = (code: string, part: number): CallState => ({ ...START, menu: 'part', lang: lang(code), reading: 'signs', part });
const hear = (state: CallState, said: string, listenIn = state.lang as LangCode) => understandSpoken(menu(state), listenIn, said, line.spokenWords);

describe('When a caller says an answer instead of pressing a key', () => {
  it.each([
    // [language, what they say, the key it means in the main menu]
    ['uk', 'один', '1'],
    ['uk', 'людина', '1'],
    ['uk', 'Мені потрібна людина', '1'],
    ['uk', 'оператор', '1'],
    ['uk', 'два', '2'],
    ['uk', 'ознаки небезпеки', '2'],
    ['uk', 'житло', '4'],
    ['uk', "п'ять", '5'],
    ['uk', 'П’ять', '5'],
    ['uk', 'гарячі лінії', '6'],
    ['uk', 'діти', '7'],
    ['uk', 'змінити мову', '8'],
    ['uk', 'повторити', '9'],
    ['uk', 'небезпека', '0'],
    ['uk', 'нуль', '0'],
    ['ru', 'один', '1'],
    ['ru', 'человек', '1'],
    ['ru', 'Позовите человека', '1'],
    ['ru', 'признаки опасности', '2'],
    ['ru', 'жильё', '4'],
    ['ru', 'жилье', '4'],
    ['ru', 'права', '5'],
    ['ru', 'горячие линии', '6'],
    ['ru', 'дети', '7'],
    ['ru', 'опасность', '0'],
    ['ru', 'я в опасности', '0'],
    ['ru', 'звёздочка', '*'],
    ['en', 'one', '1'],
    ['en', 'person', '1'],
    ['en', 'I want to talk to a person', '1'],
    ['en', 'Two.', '2'],
    ['en', 'warning signs', '2'],
    ['en', 'accommodation', '4'],
    ['en', 'my rights', '5'],
    ['en', 'helplines', '6'],
    ['en', 'children', '7'],
    ['en', 'change language', '8'],
    ['en', 'repeat', '9'],
    ['en', 'danger', '0'],
    ['en', '3', '3'],
  ])('In %s, When they say "%s" in the main menu, Then it is key %s', (code, said, key) => {
    expect(hear(main(code), said)).toBe(key);
  });

  it.each(['uk', 'ru', 'en'])('In %s, Then every option of the main menu can be named by its key said as a number, and the line does what the key does', (code) => {
    const words = line.spokenWords;
    for (const option of menu(main(code)).options) {
      for (const said of words.key(lang(code), option.key)) {
        expect(hear(main(code), said), `"${said}"`).toBe(option.key);
        const spoken = line.flow.step({ kind: 'menu', state: main(code), digits: hear(main(code), said), likelyLang: undefined, messageOffer: false }, NOW);
        const pressed = line.flow.step({ kind: 'menu', state: main(code), digits: option.key, likelyLang: undefined, messageOffer: false }, NOW);
        expect(spoken).toEqual(pressed);
      }
    }
  });

  it.each([
    ['uk', 'українська', '1'],
    ['uk', 'Українською', '1'],
    ['uk', 'русский', '2'],
    ['uk', 'English', '3'],
    ['ru', 'по-русски', '2'],
    ['ru', 'по русски', '2'],
    ['ru', 'украинская', '1'],
    ['en', 'English', '3'],
    ['en', 'Russian', '2'],
    ['uk', 'два', '2'],
    ['ru', 'три', '3'],
    ['en', 'one', '1'],
  ])('In the language menu listened to in %s, When they say "%s", Then it is key %s: each language by its name as that recogniser writes it, or a key as a number', (listenIn, said, key) => {
    expect(hear(START, said, lang(listenIn))).toBe(key);
  });

  it.each([
    ['uk', 'helplines', 'Карітас', '1'],
    ['uk', 'helplines', 'Роса', '2'],
    ['ru', 'helplines', 'Каритас', '1'],
    ['en', 'helplines', 'ROSA', '2'],
    ['en', 'helplines', 'all the numbers', '3'],
    ['en', 'helplines', 'main menu', '*'],
    ['uk', 'part', 'далі', '1'],
    ['uk', 'part', 'ще раз', '2'],
    ['ru', 'part', 'главное меню', '*'],
    ['en', 'part', 'next', '1'],
    ['en', 'part', 'again', '2'],
    ['en', 'part', 'back', '*'],
  ])('In %s, in the %s menu, When they say "%s", Then it is key %s', (code, which, said, key) => {
    expect(hear(which === 'helplines' ? helplines(code) : part(code, 1), said)).toBe(key);
  });

  it.each([
    ['uk', 'main', 'ну я не знаю'],
    ['en', 'main', 'hello'],
    ['en', 'main', 'one or two'],
    ['ru', 'main', 'человек и дети'],
    ['en', 'main', 'Caritas'],
    ['en', 'part', 'five'],
    ['en', 'part', '5'],
    ['uk', 'main', ''],
    ['uk', 'main', ' ,.!'],
  ])('In %s, in the %s menu, When they say "%s" (no option, two options, or another menu\'s), Then it means no key', (code, which, said) => {
    expect(hear(which === 'main' ? main(code) : part(code, 1), said)).toBeUndefined();
  });

  it('When Twilio is less sure of the words than the threshold, or sends no confidence, Then they mean no key', () => {
    const answer = (confidence: number | undefined) => keyForSpokenAnswer({ said: 'людина', confidence }, menu(main('uk')), lang('uk'), line.spokenWords, SPEECH_MIN_CONFIDENCE);
    expect(answer(0.92)).toBe('1');
    expect(answer(SPEECH_MIN_CONFIDENCE)).toBe('1');
    expect(answer(SPEECH_MIN_CONFIDENCE - 0.01)).toBeUndefined();
    expect(answer(0)).toBeUndefined();
    expect(answer(undefined)).toBeUndefined();
    expect(answer(Number.NaN)).toBeUndefined();
  });

  it('When words are compared, Then case, ё, apostrophes, hyphens and punctuation do not matter', () => {
    expect(normalizeWords('  По-русски, ЖИЛЬЁ! П’ять… ')).toEqual(['по', 'русски', 'жилье', "п'ять"]);
  });
});

describe('When the words of a menu are checked', () => {
  it('Then the shipped words give no option two meanings and leave none without words, in every language', () => {
    for (const language of line.languages) {
      for (const state of [START, main(language.code), helplines(language.code), part(language.code, 1), part(language.code, 3)]) {
        expect(checkSpokenChoices(menu(state), language.code, line.spokenWords)).toEqual([]);
      }
    }
  });

  it('When one word names two options, or an option has no words, Then the check says which', () => {
    const shared = {
      key: line.spokenWords.key,
      option: (l: LangCode, source: Parameters<typeof line.spokenWords.option>[1]) =>
        source.kind === 'option' && source.id === 'safety' ? ['житло'] : source.kind === 'option' && source.id === 'rights' ? [] : line.spokenWords.option(l, source),
    };
    expect(checkSpokenChoices(menu(main('uk')), lang('uk'), shared)).toEqual([
      'uk: in the main menu, "житло" is a word of both 3 and 4.',
      'uk: in the main menu, option 5 has no words to say it with.',
    ]);
  });
});

describe('When a prompt file does not say how its recogniser names a language of the line', () => {
  it('Then the line does not start, and says which name is missing and where', () => {
    const sources = fixtureSources();
    for (const tree of Object.values(sources.files)) delete ((tree.spoken as PromptTree).languages as PromptTree).en;
    expect(() => buildHotline(sources)).toThrow('prompts/en.json has no "spoken.languages.en": every prompt file lists how a caller names each language, "en" included.');
  });
});
