import { describe, expect, it } from 'vitest';
import { guessLanguage, parseLanguages } from '../src/hotline/index.js';
import { FIXTURE_LANGUAGES } from './support/fixture-line.js';

/**
 * Country codes nest: +7 is Russia and Kazakhstan, +77 Kazakhstan alone. The languages file may list
 * both (the schema refuses only a prefix listed twice), and the longest prefix that matches must win,
 * whichever language the file lists first.
 */
describe('The language a caller is guessed to speak comes from the longest country prefix of their number', () => {
  const nested = (order: 'short first' | 'long first') => {
    const [ru, en] = FIXTURE_LANGUAGES.languages.slice(1);
    const languages = [
      { ...ru!, callerPrefixes: ['+7'] },
      { ...en!, callerPrefixes: ['+77'] },
    ];
    return parseLanguages({ languages: order === 'short first' ? languages : [...languages].reverse() }, 'a languages file with nested prefixes');
  };

  it.each(['short first', 'long first'] as const)('When +7 and +77 are both listed (%s), Then +77… gets the +77 language and +79… the +7 one', (order) => {
    const languages = nested(order);
    expect(guessLanguage('+77011234567', languages)).toBe('en');
    expect(guessLanguage('+79161234567', languages)).toBe('ru');
  });

  it('When a number matches no prefix, or is not a number, Then no language is guessed', () => {
    const languages = nested('short first');
    expect(guessLanguage('+4721000000', languages)).toBeUndefined();
    expect(guessLanguage('anonymous', languages)).toBeUndefined();
    expect(guessLanguage(undefined, languages)).toBeUndefined();
  });
});
