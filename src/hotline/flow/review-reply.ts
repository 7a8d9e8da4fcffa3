import { speech, type Speech } from '../prompts/prompt-key.js';
import type { LangCode } from './call-state.js';
import type { Hangup, Say } from './reply.js';
import { reviewSentences, type ReviewSentence, type ReviewSource, type ReviewState, type ReviewStep } from './review-call.js';

/** One language's review: its sentences and their fingerprint. */
export interface ReviewScript {
  readonly lang: LangCode;
  readonly sentences: readonly ReviewSentence[];
  /** Short hash of every sentence's key and text: the report knows by it whether it reads the sentences the call played. */
  readonly fingerprint: string;
}

/**
 * FNV-1a (64 bits) of the text's UTF-8 bytes, as 12 hex digits. It only tells two lists of sentences
 * apart, so it needs no secret and no crypto module, which the line itself may not load.
 */
function shortHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0').slice(0, 12);
}

export const reviewFingerprint = (sentences: readonly ReviewSentence[]): string => shortHash(JSON.stringify(sentences.map((s) => [s.key, s.text])));

/** The review in one language. */
export function reviewScript(source: ReviewSource, lang: LangCode): ReviewScript {
  const sentences = reviewSentences(source, lang);
  return { lang, sentences, fingerprint: reviewFingerprint(sentences) };
}

/** The review in each language, made on first use (a tool that reads several reports makes each once). */
export function createReviewScripts(source: ReviewSource): (lang: LangCode) => ReviewScript {
  const made = new Map<LangCode, ReviewScript>();
  return (lang) => {
    const script = made.get(lang) ?? reviewScript(source, lang);
    made.set(lang, script);
    return script;
  };
}

/**
 * A review step's menu: one key, no speech, and its action the next step of the review, which
 * carries the script's fingerprint. Silence comes back to the same step without a key.
 */
export interface ReviewGather {
  readonly kind: 'review-gather';
  readonly state: ReviewState;
  readonly fingerprint: string;
  readonly body: readonly Say[];
}

/** What the review call hears and does next, in order, rendered by the line's one renderer. */
export type ReviewReply = readonly (Say | ReviewGather | Hangup)[];

/**
 * One step of the review: the introduction at the start, the notice after a key that was not usable,
 * "sentence N of M", then the sentence and the instruction inside the menu (a key may be pressed as
 * soon as the sentence starts). The last step thanks the reviewer and hangs up.
 */
export function reviewReply(source: ReviewSource, script: ReviewScript, step: ReviewStep): ReviewReply {
  const say = (lang: LangCode, s: Speech): Say => ({ kind: 'say', lang, key: s.key, segments: source.catalog.segments(lang, s) });
  if (step.kind === 'done') return [say(step.lang, speech('review.end')), { kind: 'hangup' }];
  const { state } = step;
  const sentence = script.sentences[state.index];
  if (!sentence) throw new Error(`The review in ${state.lang} has no sentence ${state.index + 1}.`);
  return [
    ...(step.intro ? [say(state.lang, speech('review.intro'))] : []),
    ...(step.notice ? [say(state.lang, speech(step.notice))] : []),
    say(state.lang, speech('review.position', { n: String(state.index + 1), total: String(script.sentences.length) })),
    { kind: 'review-gather', state, fingerprint: script.fingerprint, body: [...sentence.says, say(state.lang, speech('review.instruction'))] },
  ];
}
