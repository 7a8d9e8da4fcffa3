import { describe, expect, it } from 'vitest';
import { parseLanguages, PromptFileError } from '../src/hotline/prompts/languages.js';

const entry = (over: Record<string, unknown>) => ({ languages: [{ code: 'uk', key: '1', voice: 'Google.uk-UA-Wavenet-A', language: 'uk-UA', ...over }] });

describe('Voices per language are checked at start-up', () => {
  it('When Ukrainian uses a Google uk-UA voice, Then it is accepted with its matching language code', () => {
    expect(parseLanguages(entry({}), 'languages.json')[0]).toMatchObject({ voice: 'Google.uk-UA-Wavenet-A', language: 'uk-UA', ssml: true });
  });

  it.each([
    ['a Russian voice for Ukrainian', { voice: 'Google.ru-RU-Wavenet-A' }, /speaks ru-RU, not "uk-UA"/],
    ['a Polly voice, which has no Ukrainian', { voice: 'Polly.Tatyana' }, /speaks ru-RU, not "uk-UA"/],
    ['an unknown voice', { voice: 'Polly.Nobody' }, /is not a Twilio voice this line knows/],
    ['a language code of another language', { language: 'ru-RU', voice: 'Google.ru-RU-Wavenet-A' }, /"ru-RU" is not a form of "uk"/],
  ])('When a language has %s, Then start-up stops with a sentence saying which', (_name, over, message) => {
    expect(() => parseLanguages(entry(over), 'languages.json')).toThrow(PromptFileError);
    expect(() => parseLanguages(entry(over), 'languages.json')).toThrow(message);
  });

  it('When English uses Polly Amy (neural), Then en-GB matches', () => {
    const [en] = parseLanguages({ languages: [{ code: 'en', key: '3', voice: 'Polly.Amy-Neural', language: 'en-GB' }] }, 'x');
    expect(en?.language).toBe('en-GB');
  });

  const LANGUAGE_FIELDS = 'code, key, voice, language, speechLanguage, ssml, callerPrefixes, notLetters, charsPerSecond';
  const two = () => ({ languages: [{ code: 'uk', key: '1', voice: 'Google.uk-UA-Wavenet-A', language: 'uk-UA' }, { code: 'en', key: '3', voice: 'Polly.Amy-Neural', language: 'en-GB' }] as Record<string, unknown>[] });

  it.each<[string, Record<string, unknown>, string]>([
    ['no voice', { voice: undefined }, 'languages.json, language "uk" needs a text "voice", a Twilio <Say> voice such as "Google.uk-UA-Wavenet-A".'],
    ['no key', { key: undefined }, 'languages.json, language "uk" needs a text "key", one digit from 1 to 9 such as "1".'],
    ['no code', { code: undefined }, 'languages.json, language 1 needs a text "code", a two-letter language code such as "uk".'],
    ['an empty language code', { language: '' }, 'languages.json, language "uk" needs a text "language", the locale of the voice such as "uk-UA".'],
    ['a three-letter code', { code: 'ukr' }, 'languages.json, language 1: code "ukr" is not a two-letter language code.'],
    ['key 0', { key: '0' }, 'languages.json, language "uk": key "0" must be one digit from 1 to 9.'],
    ['a voice that is neither Google nor Polly', { voice: 'alice' }, 'languages.json, language "uk": voice "alice" is not a Twilio voice this line knows; use a Google.<locale>-... or a known Polly voice.'],
    ['an unknown Polly voice', { voice: 'Polly.Nobody' }, 'languages.json, language "uk": voice "Polly.Nobody" is not a Twilio voice this line knows; use a Google.<locale>-... or a known Polly voice.'],
    ['a Russian voice for Ukrainian', { voice: 'Google.ru-RU-Wavenet-A' }, 'languages.json, language "uk": voice "Google.ru-RU-Wavenet-A" speaks ru-RU, not "uk-UA"; pick a voice of that language or change the language code.'],
    ['a language code of another language', { language: 'ru-RU' }, 'languages.json, language "uk": language code "ru-RU" is not a form of "uk"; it must start with "uk-".'],
    ['"ssml" as text', { ssml: 'yes' }, 'languages.json, language "uk": "ssml" must be true or false.'],
    ['caller prefixes without "+"', { callerPrefixes: ['380'] }, 'languages.json, language "uk": "callerPrefixes" must be a list of country calling codes such as ["+380"].'],
    ['a pattern that does not compile', { notLetters: '[ы' }, 'languages.json, language "uk": "notLetters" is not a valid pattern: [ы.'],
    ['a pattern that is not text', { notLetters: ['ы'] }, 'languages.json, language "uk": "notLetters" must be a pattern of letters such as "[ыэъё]".'],
    ['a speaking rate as text', { charsPerSecond: '14' }, 'languages.json, language "uk": "charsPerSecond" must be a number of characters per second, such as 14.'],
    ['a speaking rate of 0', { charsPerSecond: 0 }, 'languages.json, language "uk": "charsPerSecond" must be a number of characters per second above 0, such as 14.'],
    ['a misspelt field', { voise: 'Polly.Amy' }, `languages.json, language "uk": "voise" is not a field of a language; use ${LANGUAGE_FIELDS}.`],
  ])('When a language has %s, Then the sentence names the file, the language and what is expected', (_name, over, message) => {
    const data = two();
    Object.assign(data.languages[0]!, over);
    expect(() => parseLanguages(data, 'languages.json')).toThrow(new PromptFileError(message));
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], 'languages.json must be an object with a "languages" list.'],
    ['no languages', { languages: [] }, 'languages.json needs a non-empty "languages" list.'],
    ['a language that is not an object', { languages: ['uk'] }, 'languages.json, language 1 must be an object such as {"code": "uk", "key": "1", "voice": "Google.uk-UA-Wavenet-A", "language": "uk-UA"}.'],
    ['a misspelt top-level field', { languages: two().languages, language: [] }, 'languages.json: "language" is not a field of this file; use $schema, $comment, languages.'],
    ['a key used twice', { languages: [two().languages[0], { ...two().languages[1], key: '1' }] }, 'languages.json, language "en": key "1" is used by two languages (1 and 2).'],
    ['a code used twice', { languages: [two().languages[0], { ...two().languages[0], key: '2' }] }, 'languages.json, language "uk": code "uk" is used by two languages (1 and 2).'],
    [
      'a country code listed for two languages',
      { languages: [{ ...two().languages[0], callerPrefixes: ['+380'] }, { ...two().languages[1], callerPrefixes: ['+44', '+380'] }] },
      'languages.json, language "en": country code "+380" is listed for two languages (1 and 2); a code suggests one language.',
    ],
  ])('When the file has %s, Then the sentence says so', (_name, raw, message) => {
    expect(() => parseLanguages(raw, 'languages.json')).toThrow(new PromptFileError(message));
  });

  it('When fields are left out, Then the defaults are those of the schema, and "$schema" is ignored', () => {
    expect(parseLanguages({ $schema: './languages.schema.json', ...two() }, 'x')[1]).toEqual({
      code: 'en', key: '3', voice: 'Polly.Amy-Neural', language: 'en-GB', speechLanguage: 'en-GB', ssml: true, callerPrefixes: [], notLetters: undefined, charsPerSecond: 13,
    });
    expect(parseLanguages({ languages: [{ ...two().languages[0], notLetters: '[ыэ]' }] }, 'x')[0]?.notLetters).toEqual(/[ыэ]/u);
  });
});
