import type { Element, Node } from '@xmldom/xmldom';
import type { Say } from '../../hotline/index.js';

/**
 * What a voice would say wrongly, found in what it is sent: a Latin word in a Cyrillic voice's
 * <Say> outside the pronunciation table's markup, a clock time in digits, a sentence ended
 * twice, digits spoken right before a phone number.
 */

/** Elements whose text is the written form of a name the table tells the voice how to say. */
const PRONOUNCED = new Set(['sub', 'phoneme']);
/** A number read digit by digit: its digits are the number's own. */
const NUMBER = 'say-as';

const LATIN_WORD = /\p{Script=Latin}[\p{Script=Latin}'’-]*/gu;
/** Two full stops, not three (an ellipsis): "p.m..", with the word before them. */
const DOUBLED_STOP = /[\p{L}\d.]*(?<!\.)\.\.(?!\.)/gu;
/** "10:00", "9.30", "10 a.m.", "4pm": a clock time the voice would read as digits. */
const CLOCK_DIGITS = /(?<!\d)\d{1,2}(?:[:.]\d{2}(?!\d)|\s?[ap]\.?m\b\.?)/giu;

/** The script a locale is written in, such as "Cyrl" for uk-UA and ru-RU and "Latn" for en-GB. */
function scriptOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().script;
  } catch {
    return undefined;
  }
}

/** The text nodes of a <Say> a voice reads as words, left of which element they sit in. */
function wordsOf(say: Element): { text: string; inside: string | undefined }[] {
  const out: { text: string; inside: string | undefined }[] = [];
  const walk = (node: Node, inside: string | undefined) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) out.push({ text: child.nodeValue ?? '', inside });
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        walk(child, PRONOUNCED.has(tag) || tag === NUMBER ? tag : inside);
      }
    }
  };
  walk(say, undefined);
  return out;
}

/** Latin words a Cyrillic voice would spell or mangle, and clock times in digits, in one rendered <Say>. */
export function checkSpokenWords(say: Element): string[] {
  const locale = say.getAttribute('language') ?? '';
  const problems: string[] = [];
  const pieces = wordsOf(say);
  if (scriptOf(locale) !== 'Latn') {
    const latin = [...new Set(pieces.filter((p) => !p.inside).flatMap((p) => p.text.match(LATIN_WORD) ?? []))];
    if (latin.length > 0) {
      problems.push(`a ${locale} <Say> holds the Latin word(s) ${latin.map((w) => `"${w}"`).join(', ')}; write them as the voice says them, or add them to prompts/pronunciation.json`);
    }
  }
  const doubled = [...new Set(pieces.flatMap((p) => p.text.match(DOUBLED_STOP) ?? []))];
  if (doubled.length > 0) {
    problems.push(`a ${locale} <Say> ends a sentence twice (${doubled.map((d) => `"${d}"`).join(', ')}); a placeholder ending in a full stop needs none after it`);
  }
  const clocks = [...new Set(pieces.filter((p) => p.inside !== NUMBER).flatMap((p) => p.text.match(CLOCK_DIGITS) ?? []))];
  if (clocks.length > 0) {
    problems.push(`a ${locale} <Say> gives the time ${clocks.map((c) => `"${c}"`).join(', ')} in digits; hours are spoken in words (time.clock in the prompts)`);
  }
  return problems;
}

/** Digits, or another number, just before a phone number (punctuation and spaces between do not count). */
const ENDS_IN_DIGIT = /\d[\s\p{P}]*$/u;
const ONLY_PUNCTUATION = /^[\s\p{P}]*$/u;

/**
 * A listener writing a number down takes digits said just before it as part of it ("…16:00: plus 47 31…"),
 * and "plus 47" said as "forty-seven" before a number read "four seven" is one code heard two ways.
 */
export function checkDigitsBeforeNumbers(say: Say): string[] {
  const problems: string[] = [];
  say.segments.forEach((segment, index) => {
    if (segment.kind !== 'number' || index === 0) return;
    const before = say.segments[index - 1];
    if (!before) return;
    const tooClose = before.kind === 'number' ? true : ENDS_IN_DIGIT.test(before.text) || (ONLY_PUNCTUATION.test(before.text) && say.segments[index - 2]?.kind === 'number');
    if (tooClose) {
      const shown = before.kind === 'text' ? before.text.slice(-24).trim() : `[[${before.helplineId}]]`;
      problems.push(`${say.lang}: "${say.key}" says digits right before the number of ${segment.helplineId} ("${shown}"); introduce the number with words, such as "Number:"`);
    }
  });
  return problems;
}
