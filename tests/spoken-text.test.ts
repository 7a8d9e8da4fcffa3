import { describe, expect, it } from 'vitest';
import { checkDigitsBeforeNumbers, checkSpokenWords } from '../src/tools/checks/check-spoken-text.js';
import type { Say } from '../src/hotline/flow/reply.js';
import type { LangCode } from '../src/hotline/flow/call-state.js';
import { toSegments } from '../src/hotline/prompts/segments.js';
import { parseTwiml } from './support/twiml.js';

const sayElement = (language: string, inner: string) => parseTwiml(`<Response><Say voice="v" language="${language}">${inner}</Say></Response>`).verbs[0]!;
const say = (text: string): Say => ({ kind: 'say', lang: 'en' as LangCode, key: 'transfer.busy', segments: toSegments(text) });

describe('What a voice would say wrongly, in one <Say>', () => {
  it('When a Russian <Say> holds a Latin word outside the pronunciation markup, Then it is named; inside <sub> or <phoneme> it is not', () => {
    expect(checkSpokenWords(sayElement('ru-RU', 'Есть и WhatsApp.'))).toEqual(['a ru-RU <Say> holds the Latin word(s) "WhatsApp"; write them as the voice says them, or add them to prompts/pronunciation.json']);
    expect(checkSpokenWords(sayElement('ru-RU', 'Скажите «<sub alias="ра́шн">Russian</sub>».'))).toEqual([]);
    expect(checkSpokenWords(sayElement('uk-UA', '<phoneme alphabet="ipa" ph="ˈrɔsa">ROSA</phoneme>'))).toEqual([]);
  });

  it('When an English <Say> holds Latin words, Then that is its own script and no problem', () => {
    expect(checkSpokenWords(sayElement('en-GB', 'Say English.'))).toEqual([]);
  });

  it.each([
    ['en-GB', 'They answer from 10 a.m.', '"10 a.m."'],
    ['ru-RU', 'С 9.30 до 16:00.', '"9.30", "16:00"'],
  ])('When a %s <Say> gives a clock time in digits (%s), Then it is named', (language, text, times) => {
    expect(checkSpokenWords(sayElement(language, text))).toEqual([`a ${language} <Say> gives the time ${times} in digits; hours are spoken in words (time.clock in the prompts)`]);
  });

  it('When a <Say> ends a sentence twice ("four p.m.. Number"), Then it is named; an ellipsis is not', () => {
    expect(checkSpokenWords(sayElement('en-GB', 'Open from ten a.m. to four p.m.. Number:'))).toEqual([
      'a en-GB <Say> ends a sentence twice ("p.m.."); a placeholder ending in a full stop needs none after it',
    ]);
    expect(checkSpokenWords(sayElement('en-GB', 'Wait... Open to four p.m. Number:'))).toEqual([]);
  });

  it('When the digits are a phone number read digit by digit, Then they are no clock time', () => {
    expect(checkSpokenWords(sayElement('en-GB', 'Number: <say-as interpret-as="digits">22</say-as><say-as interpret-as="digits">33</say-as>'))).toEqual([]);
  });
});

describe('A phone number stands apart from other digits', () => {
  it.each([
    ['{{name}} is busy. The number starts with plus 47: [[rosa]].', 'plus 47:'],
    ['Caritas, 10 to 16: [[caritas]].', 'Caritas, 10 to 16:'],
    ['Numbers: [[police]], [[caritas]].', ', '],
  ])('When %j is said, Then the check names the digits before the number', (text) => {
    expect(checkDigitsBeforeNumbers(say(text))).toHaveLength(1);
  });

  it('When a number is introduced with words, Then nothing is found', () => {
    expect(checkDigitsBeforeNumbers(say('Caritas, from ten a.m. to four p.m. Number: [[caritas]]. Again: [[caritas]].'))).toEqual([]);
  });
});
