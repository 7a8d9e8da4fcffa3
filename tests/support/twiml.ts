import { DOMParser, type Element } from '@xmldom/xmldom';

export interface Twiml {
  /** The verbs directly under <Response>, in order. */
  readonly verbs: Element[];
  readonly root: Element;
}

/** Parses a TwiML document strictly: malformed XML fails the test. */
export function parseTwiml(xml: string): Twiml {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } }).parseFromString(xml, 'text/xml');
  if (errors.length > 0) throw new Error(`TwiML is not well-formed XML: ${errors.join('; ')}\n${xml}`);
  const root = doc.documentElement;
  if (!root || root.tagName !== 'Response') throw new Error(`TwiML root is <${root?.tagName}>, not <Response>:\n${xml}`);
  return { root, verbs: childElements(root) };
}

export function childElements(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) out.push(node as Element);
  }
  return out;
}

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
  return descendants(element, 'Say').map((say) => ({
    voice: say.getAttribute('voice'),
    language: say.getAttribute('language'),
    text: (say.textContent ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/** Digits of all numbers read in a <Say> with <say-as interpret-as="digits">, each number's groups joined. */
export function sayAsDigits(element: Element): string[] {
  return descendants(element, 'say-as').map((e) => e.textContent ?? '');
}
