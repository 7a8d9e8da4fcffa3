import { describe, expect, it } from 'vitest';
import { speech } from '../src/hotline/prompts/prompt-key.js';
import { hotline } from './support/test-line.js';

/**
 * The goodbye a caller hears after saying nothing plays exactly when they may have gone quiet
 * because someone came near: it must give what they need to call back (112, and ROSA's number twice
 * so it can be written down) without saying aloud what the call was about. The words to keep out
 * are written here, not read from the prompt files, so a prompt cannot change what is checked.
 */
const TRAFFICKING_WORDS = ['trafficking', 'торгівл', 'торговл'];

const line = hotline();
const emergency = line.directory.helplines.find((h) => h.dialString === '112');
const rosa = line.directory.find('rosa');

describe('The goodbye to a caller who pressed nothing is discreet and gives the numbers', () => {
  it.each(line.languages.map((l) => l.code))('When a %s caller is silent until the line hangs up, Then they hear 112 and ROSA\'s number twice, and no word of trafficking', (lang) => {
    const segments = line.catalog.segments(lang, speech('menu.goodbyeNoInput'));
    const numbers = segments.flatMap((s) => (s.kind === 'number' ? [s.helplineId] : []));
    const words = segments.flatMap((s) => (s.kind === 'text' ? [s.text.toLowerCase()] : [])).join(' ');

    expect(emergency && rosa, 'content/helplines.json has 112 and ROSA').toBeTruthy();
    expect(numbers).toContain(emergency?.id);
    expect(numbers.filter((id) => id === rosa?.id)).toHaveLength(2);
    for (const word of TRAFFICKING_WORDS) expect(words, word).not.toContain(word);
  });
});
