import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { errorMessage } from '../../content/error-message.js';

/** A TwiML document: its <Response> and the verbs directly under it, in order. */
export interface TwimlDocument {
  readonly root: Element;
  readonly verbs: Element[];
}

export function childElements(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) out.push(node as Element);
  }
  return out;
}

/** Parses TwiML strictly: malformed XML or another root than <Response> is an error. The one TwiML parser. */
export function parseTwiml(xml: string): TwimlDocument {
  const errors: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (error) {
    // A fatal error is thrown as well as reported; the report already holds it.
    if (errors.length === 0) errors.push(errorMessage(error));
  }
  if (!doc || errors.length > 0) throw new Error(`the answer is not well-formed XML: ${errors.join('; ')}`);
  const root = doc.documentElement;
  if (!root || root.tagName !== 'Response') throw new Error(`the answer's root element is <${root?.tagName ?? ''}>, not <Response>`);
  return { root, verbs: childElements(root) };
}

// Pauses in SSML separate what is heard, so they separate the words of the transcript too.
const SEPARATING_ELEMENTS = new Set(['break', 'p', 's']);

function spokenText(node: Node): string {
  if (node.nodeType === 3 || node.nodeType === 4) return node.nodeValue ?? '';
  const inner = Array.from(node.childNodes, spokenText).join('');
  return node.nodeType === 1 && SEPARATING_ELEMENTS.has((node as Element).tagName) ? ` ${inner} ` : inner;
}

/** The words a <Say> speaks, SSML read as a listener hears it, on one line. */
export const sayText = (say: Element): string => spokenText(say).replace(/\s+/g, ' ').trim();
