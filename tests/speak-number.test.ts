import { describe, expect, it } from 'vitest';
import { buildHotline } from '../src/hotline/hotline.js';
import { readHotlineSources } from '../src/load/load-hotline.js';
import { speech } from '../src/hotline/prompts/prompt-key.js';
import type { Element } from '@xmldom/xmldom';
import { ssmlFor } from '../src/hotline/twiml/voice-ssml.js';
import { childElements, descendants, parseTwiml } from './support/twiml.js';

/** Caritas's and Alarmtelefonen's lines rendered in one language, with that language's voice replaced. */
function renderNumbersWith(ssml: boolean, voice?: { voice: string; language: string }, code = 'en') {
  const sources = readHotlineSources();
  const languages = sources.languages.map((l) => (l.code === code ? { ...l, ssml, ...voice } : l));
  const hotline = buildHotline({ ...sources, languages });
  const lang = hotline.language(code)!;
  const say = (key: 'numbers.lines.caritas' | 'numbers.lines.alarmtelefonen') => ({ kind: 'say', lang, key, segments: hotline.catalog.segments(lang, speech(key)) }) as const;
  const xml = hotline.render([say('numbers.lines.caritas'), say('numbers.lines.alarmtelefonen')]);
  return parseTwiml(xml);
}

describe('Numbers are read the way people dial them', () => {
  it('When the voice reads SSML, Then a +47 number is read slowly, "plus", the country code, then group by group, digit by digit, twice', () => {
    const twiml = renderNumbersWith(true);
    const caritas = twiml.verbs[0]!;
    const prosodies = descendants(caritas, 'prosody');
    expect(prosodies).toHaveLength(2);
    for (const prosody of prosodies) {
      expect(prosody.getAttribute('rate')).toBe('slow');
      const parts = childElements(prosody).map((e) => `${e.tagName}:${e.getAttribute('interpret-as') ?? e.getAttribute('time')}:${e.textContent}`);
      expect(parts).toEqual([
        'say-as:digits:47', 'break:400ms:',
        'say-as:digits:31', 'break:400ms:',
        'say-as:digits:40', 'break:400ms:',
        'say-as:digits:23', 'break:400ms:',
        'say-as:digits:00',
      ]);
      expect(prosody.firstChild?.nodeValue?.trim()).toBe('plus');
    }
  });

  it('When the number is short, Then it is read digit by digit in its groups, without a country code', () => {
    const alarm = renderNumbersWith(true).verbs[1]!;
    expect(descendants(alarm, 'say-as').map((e) => e.textContent)).toEqual(['116', '111', '116', '111']);
    expect(alarm.textContent).not.toContain('plus');
  });

  it('When the voice does not read SSML, Then the same number is plain text, digits apart and groups separated by commas', () => {
    const twiml = renderNumbersWith(false);
    expect(descendants(twiml.root, 'say-as')).toHaveLength(0);
    expect(descendants(twiml.root, 'prosody')).toHaveLength(0);
    expect(twiml.verbs[0]!.textContent).toContain('plus 4 7, 3 1, 4 0, 2 3, 0 0');
    expect(twiml.verbs[1]!.textContent).toContain('1 1 6, 1 1 1');
  });
});

describe('Each voice gets only the SSML its provider documents', () => {
  const markupOf = (element: Element) => descendants(element, '*').map((e) => `${e.tagName}${e.getAttribute('interpret-as') ? `:${e.getAttribute('interpret-as')}` : ''}`);

  it('When the voice is Google (Ukrainian), Then digits are read one by one with say-as "characters", never "digits"', () => {
    const caritas = renderNumbersWith(true, undefined, 'uk').verbs[0]!;
    expect(caritas.getAttribute('voice')).toMatch(/^Google\./);
    expect(new Set(markupOf(caritas))).toEqual(new Set(['prosody', 'say-as:characters', 'break', 'sub']));
    expect(descendants(caritas, 'say-as').map((e) => e.textContent).slice(0, 5)).toEqual(['47', '31', '40', '23', '00']);
  });

  it('When the voice is Polly standard, Then say-as "digits" with prosody and breaks', () => {
    const caritas = renderNumbersWith(true, { voice: 'Polly.Amy', language: 'en-GB' }).verbs[0]!;
    expect(new Set(markupOf(caritas))).toEqual(new Set(['prosody', 'say-as:digits', 'break']));
  });

  it('When the voice is Polly neural, Then say-as "digits", prosody rate and breaks (all documented for neural voices)', () => {
    const caritas = renderNumbersWith(true, { voice: 'Polly.Amy-Neural', language: 'en-GB' }).verbs[0]!;
    expect(new Set(markupOf(caritas))).toEqual(new Set(['prosody', 'say-as:digits', 'break']));
    expect(descendants(caritas, 'prosody').every((p) => p.getAttribute('rate') === 'slow' && !p.getAttribute('pitch'))).toBe(true);
  });

  it('When the provider is not in the table, Then the voice reads plain text', () => {
    expect(ssmlFor('man', true)).toBeUndefined();
    expect(ssmlFor('Polly.Amy-Neural', false)).toBeUndefined();
    expect(ssmlFor('Google.uk-UA-Wavenet-A', true)?.digitByDigit).toBe('characters');
  });
});
