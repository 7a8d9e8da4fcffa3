import { describe, expect, it } from 'vitest';
import { buildHotline, readHotlineSources } from '../src/hotline.js';
import { speech } from '../src/prompts/prompt-key.js';
import { childElements, descendants, parseTwiml } from './support/twiml.js';

function renderNumbersWith(ssml: boolean) {
  const sources = readHotlineSources();
  const languages = sources.languages.map((l) => (l.code === 'en' ? { ...l, ssml } : l));
  const hotline = buildHotline({ ...sources, languages });
  const en = hotline.language('en')!;
  const say = (key: 'numbers.lines.caritas' | 'numbers.lines.alarmtelefonen') => ({ kind: 'say', lang: en, key, segments: hotline.catalog.segments(en, speech(key)) }) as const;
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
