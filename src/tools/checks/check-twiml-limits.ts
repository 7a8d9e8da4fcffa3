import type { Element } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import type { ReachedStep } from '../walk/reachable.js';
import { type Hotline, PLAIN_TEXT_MAX_CHARS, type Reply, type Say, ssmlFor, type SsmlSupport } from '../../hotline/index.js';
import { parseTwiml } from '../walk/twiml-document.js';
import { sentencesOf } from './estimate-speech.js';
import { checkDigitsBeforeNumbers, checkSpokenWords } from './check-spoken-text.js';

/** Twilio refuses a TwiML document over 64 kB (error 11750). */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

const descendants = (element: Element): Element[] => Array.from(element.getElementsByTagName('*'));

/** What is wrong with one <Say> for its voice's provider: SSML it does not document, or too many characters. */
export function checkSay(say: Element, ssmlOn: (voice: string) => boolean): string[] {
  const voice = say.getAttribute('voice') ?? '';
  const support: SsmlSupport | undefined = ssmlFor(voice, ssmlOn(voice));
  const problems: string[] = [];
  for (const element of descendants(say)) {
    const tag = element.tagName;
    if (!support) {
      problems.push(`<${tag}> is sent to ${voice || 'the default voice'}, which is given plain text only`);
    } else if (tag === 'say-as') {
      const value = element.getAttribute('interpret-as') ?? '';
      if (!support.sayAs.has(value)) problems.push(`say-as interpret-as="${value}" is not documented for ${support.family} voices (${voice})`);
    } else if (!support.elements.has(tag)) {
      problems.push(`<${tag}> is not documented for ${support.family} voices (${voice})`);
    } else if (tag === 'prosody') {
      for (const attribute of ['rate', 'pitch', 'volume']) {
        if (element.hasAttribute(attribute) && !support.prosody.has(attribute)) problems.push(`prosody ${attribute} is not documented for ${support.family} voices (${voice})`);
      }
    }
  }
  const inner = Array.from(say.childNodes, (node) => new XMLSerializer().serializeToString(node)).join('');
  const counted = support?.markupCounts ? inner.length : (say.textContent ?? '').length;
  const limit = support?.maxChars ?? PLAIN_TEXT_MAX_CHARS;
  if (counted > limit) problems.push(`a <Say> for ${voice} holds ${counted} characters${support?.markupCounts ? ' with its markup' : ''}; Twilio takes at most ${limit}`);
  return problems;
}

/** Everything in one TwiML document that breaks Twilio's or a voice provider's documented limits. */
export function checkTwimlDocument(xml: string, ssmlOn: (voice: string) => boolean): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(xml);
  if (bytes > MAX_DOCUMENT_BYTES) problems.push(`the document is ${bytes} bytes; Twilio takes at most ${MAX_DOCUMENT_BYTES}`);
  for (const say of Array.from(parseTwiml(xml).root.getElementsByTagName('Say'))) problems.push(...checkSay(say, ssmlOn));
  return problems;
}

/**
 * What a reply says and does, without its action URLs: replies alike in this render alike but for
 * a few bytes of query, so one of them stands for all. Sentences are told apart by their segments,
 * which the prompt catalog resolves once and shares.
 */
function replyShape(reply: Reply, idOf: (segments: object) => number): string {
  const sentence = (s: Say) => `${s.lang}:${idOf(s.segments)}`;
  return reply
    .map((step) => {
      switch (step.kind) {
        case 'say':
          return sentence(step);
        case 'gather':
          return `gather(${step.body.map(sentence).join(',')})${step.onSilence ?? ''}`;
        case 'dial':
          return `dial:${step.helplineId}`;
        case 'hangup':
          return 'hangup';
      }
    })
    .join('|');
}

export interface LimitsReport {
  /** Steps walked, and the different answers among them that were rendered and checked. */
  readonly answers: number;
  readonly rendered: number;
  readonly largestBytes: number;
  readonly problems: readonly string[];
}

/**
 * Renders every answer a call can reach (menus, parts, transfers and their outcomes, silences, the
 * fail-safe answers) in every language at each instant, and checks each against the limits and for
 * what its voice would say wrongly (Latin words, clock digits, digits right before a number).
 */
export function checkReachableAnswers(hotline: Hotline, steps: readonly ReachedStep[], origin = 'https://hotline.example.org'): LimitsReport {
  const ssml = new Map(hotline.languages.map((l) => [l.voice, l.ssml]));
  const ssmlOn = (voice: string) => ssml.get(voice) ?? false;
  const ids = new Map<object, number>();
  const idOf = (segments: object) => {
    if (!ids.has(segments)) ids.set(segments, ids.size + 1);
    return ids.get(segments) as number;
  };
  const shapes = new Set<string>();
  const problems = new Set<string>();
  let largestBytes = 0;
  for (const step of steps) {
    const shape = replyShape(step.outcome.reply, idOf);
    if (shapes.has(shape)) continue;
    shapes.add(shape);
    const xml = hotline.render(step.outcome.reply, { origin });
    largestBytes = Math.max(largestBytes, Buffer.byteLength(xml));
    const after = `after ${step.input.kind}${step.input.kind === 'menu' ? ` ${step.input.state.menu} ${step.input.digits ?? 'silence'}` : ''}`;
    for (const problem of checkTwimlDocument(xml, ssmlOn)) problems.add(`${after}: ${problem}`);
    for (const say of Array.from(parseTwiml(xml).root.getElementsByTagName('Say'))) for (const problem of checkSpokenWords(say)) problems.add(`${after}: ${problem}`);
    // Where the digits are is a property of the sentence, not of the step that says it.
    for (const say of sentencesOf(step.outcome.reply)) for (const problem of checkDigitsBeforeNumbers(say)) problems.add(problem);
  }
  return { answers: steps.length, rendered: shapes.size, largestBytes, problems: [...problems] };
}
