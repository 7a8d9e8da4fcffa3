import { describe, expect, it } from 'vitest';
import { buildHotline, type HotlineSources } from '../src/hotline/hotline.js';
import { readHotlineSources } from '../src/load/load-hotline.js';
import { splitNames, type PronunciationEntry } from '../src/hotline/prompts/pronunciation.js';
import { speech, type PromptKey } from '../src/hotline/prompts/prompt-key.js';
import { descendants, parseTwiml } from './support/twiml.js';

/** One sentence rendered by a line built from the shipped files, with one language's voice or table replaced. */
function render(code: string, key: PromptKey, change: { voice?: { voice: string; language: string }; ssml?: boolean; table?: PronunciationEntry[] } = {}) {
  const sources: HotlineSources = readHotlineSources();
  const languages = sources.languages.map((l) => (l.code === code ? { ...l, ...change.voice, ...(change.ssml === undefined ? {} : { ssml: change.ssml }) } : l));
  const pronunciations = new Map(sources.pronunciations);
  if (change.table) pronunciations.set(code, change.table);
  const hotline = buildHotline({ ...sources, languages, pronunciations });
  const lang = hotline.language(code)!;
  const params = { name: speech('helplines.rosa.name'), id: 'rosa' };
  const xml = hotline.render([{ kind: 'say', lang, key, segments: hotline.catalog.segments(lang, speech(key, params)) }]);
  return parseTwiml(xml).verbs[0]!;
}

describe("ROSA's name is said as the organisation, not as the word for dew", () => {
  it.each(['uk', 'ru'])('When a %s caller is put through to ROSA, Then the Google voice gets the name through <sub alias> from the pronunciation table', (lang) => {
    const say = render(lang, 'transfer.connecting');
    const subs = descendants(say, 'sub');
    expect(subs.map((s) => [s.textContent, s.getAttribute('alias')])).toEqual([['Роса', 'Ро́са']]);
    // The written name stays what the caller reads elsewhere; only the voice is told how to say it.
    expect(say.textContent).toContain('Роса');
  });

  it('When the ROSA transfer instruction is said in Ukrainian, Then the English word to say reaches the voice spelled as it sounds, and Norwegian is named first', () => {
    const say = render('uk', 'helplines.rosa.intro');
    expect(descendants(say, 'sub').map((s) => [s.textContent, s.getAttribute('alias')])).toEqual([['Ukrainian', 'юкре́йніан']]);
    expect(say.textContent).toMatch(/норвезькою/);
  });

  it('When an entry has IPA and the provider documents <phoneme>, Then the voice gets <phoneme alphabet="ipa">', () => {
    const say = render('en', 'transfer.connecting', { voice: { voice: 'Polly.Amy-Neural', language: 'en-GB' }, table: [{ written: 'ROSA', alias: 'Rosa', ipa: 'ˈroʊsə' }] });
    const phoneme = descendants(say, 'phoneme');
    expect(phoneme.map((p) => [p.textContent, p.getAttribute('alphabet'), p.getAttribute('ph')])).toEqual([['ROSA', 'ipa', 'ˈroʊsə']]);
    expect(descendants(say, 'sub')).toHaveLength(0);
  });

  it('When the voice is given plain text, Then it reads the alias, with no markup at all', () => {
    const say = render('uk', 'transfer.connecting', { ssml: false });
    expect(descendants(say, '*')).toHaveLength(0);
    expect(say.textContent).toContain('Ро́са');
    expect(say.textContent).not.toMatch(/(?<![\p{L}\p{M}])Роса(?![\p{L}\p{M}])/u);
  });

  it('When a written name is part of a longer word, Then it is left alone', () => {
    const table = [{ written: 'Роса', alias: 'Ро́са' }];
    expect(splitNames('Роса і Росава', table)).toEqual([{ kind: 'name', entry: table[0] }, { kind: 'words', text: ' і Росава' }]);
  });
});

describe('The text message keeps the written names', () => {
  it('When the Ukrainian message is built, Then it says ROSA and Caritas as written, with no alias', () => {
    const hotline = buildHotline(readHotlineSources());
    const body = hotline.catalog.text('uk', speech('textMessage.body'));
    expect(body).toContain('ROSA');
    expect(body).not.toContain('Ро́са');
  });
});
