import type { Element } from '@xmldom/xmldom';
import { childElements, parseTwiml, sayText, type TwimlDocument } from '../../src/tools/walk/twiml-document.js';

// The line's one TwiML parser, so tests read answers exactly as the simulator and the try page do.
export { childElements, parseTwiml };
export type Twiml = TwimlDocument;

export function descendants(element: Element, tagName: string): Element[] {
  return Array.from(element.getElementsByTagName(tagName));
}

export interface Spoken {
  readonly voice: string | null;
  readonly language: string | null;
  readonly text: string;
}

/** Every <Say>, in document order, with its voice and its text (SSML children included). */
export function spoken(element: Element): Spoken[] {
  return descendants(element, 'Say').map((say) => ({ voice: say.getAttribute('voice'), language: say.getAttribute('language'), text: sayText(say) }));
}

/** Digits of all numbers read in a <Say> with <say-as interpret-as="digits">, each number's groups joined. */
export function sayAsDigits(element: Element): string[] {
  return descendants(element, 'say-as').map((e) => e.textContent ?? '');
}
