import { describe, expect, it } from 'vitest';
import { parseLanguages, PromptFileError } from '../src/prompts/languages.js';

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
});
