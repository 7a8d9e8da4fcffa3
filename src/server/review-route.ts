import { createHash } from 'node:crypto';
import type { RequestHandler, Response, Router } from 'express';
// The TwiML builder alone, as the line's renderer uses it.
import { VoiceResponse } from '../vendor/twilio-internals.js';
import { GATHER_TIMEOUT_SECONDS, type LangCode, nextReviewStep, parseReviewQuery, REVIEW_PATH, reviewQuery, type ReviewSentence, reviewSentences, type ReviewSource, type ReviewStep, type Say, type SayRenderer, speech, type Speech } from '../hotline/index.js';
import { pressedKey } from './read-request.js';

/** What the review call needs of the line: its sentences' sources, its languages, and the voice that speaks them. */
export interface ReviewLine extends ReviewSource {
  readonly languages: readonly { readonly code: LangCode }[];
  readonly language: (code: string) => LangCode | undefined;
  readonly speak: SayRenderer;
}

/** One language's review: its sentences and their fingerprint. */
export interface ReviewScript {
  readonly lang: LangCode;
  readonly sentences: readonly ReviewSentence[];
  /** Short hash of every sentence's key and text: the report knows by it whether it reads the sentences the call played. */
  readonly fingerprint: string;
}

export function reviewFingerprint(sentences: readonly ReviewSentence[]): string {
  return createHash('sha256')
    .update(JSON.stringify(sentences.map((s) => [s.key, s.text])))
    .digest('hex')
    .slice(0, 12);
}

/** The review in each language, made on first use (a line that is never reviewed never makes it). */
export function createReviewScripts(line: ReviewSource): (lang: LangCode) => ReviewScript {
  const made = new Map<LangCode, ReviewScript>();
  return (lang) => {
    let script = made.get(lang);
    if (!script) {
      const sentences = reviewSentences(line, lang);
      script = { lang, sentences, fingerprint: reviewFingerprint(sentences) };
      made.set(lang, script);
    }
    return script;
  };
}

/** The URL of one step of the review, relative to the service (Twilio resolves it against the current document). */
export const reviewStepUrl = (query: string, fingerprint: string): string => `${REVIEW_PATH}?${query}&h=${fingerprint}`;

/** The first URL of a review call in a language, given to Twilio when the call is placed. */
export const reviewStartUrl = (base: string, script: ReviewScript): string => `${base}${REVIEW_PATH}?lang=${encodeURIComponent(script.lang)}&h=${script.fingerprint}`;

/**
 * One step of the review as TwiML: the introduction at the start, the notice after a key that was not
 * usable, "sentence N of M", then the sentence and the instruction inside the <Gather> (a key may be
 * pressed as soon as the sentence starts), and, with no key, the same step again. The last answer
 * thanks the reviewer and hangs up.
 */
export function renderReviewStep(line: ReviewLine, script: ReviewScript, step: ReviewStep, origin?: string): string {
  const response = new VoiceResponse();
  const say = (parent: Parameters<SayRenderer>[0], lang: LangCode, s: Speech) => {
    const sentence: Say = { kind: 'say', lang, key: s.key, segments: line.catalog.segments(lang, s) };
    line.speak(parent, sentence, { origin });
  };
  if (step.kind === 'done') {
    say(response, step.lang, speech('review.end'));
    response.hangup();
    return response.toString();
  }
  const { state } = step;
  const sentence = script.sentences[state.index];
  if (!sentence) throw new Error(`The review in ${state.lang} has no sentence ${state.index + 1}.`);
  if (step.intro) say(response, state.lang, speech('review.intro'));
  if (step.notice) say(response, state.lang, speech(step.notice));
  say(response, state.lang, speech('review.position', { n: String(state.index + 1), total: String(script.sentences.length) }));
  const action = reviewStepUrl(reviewQuery(state), script.fingerprint);
  const gather = response.gather({ input: ['dtmf'], numDigits: 1, timeout: GATHER_TIMEOUT_SECONDS, finishOnKey: '', action, method: 'POST' });
  for (const s of sentence.says) line.speak(gather, s, { origin });
  say(gather, state.lang, speech('review.instruction'));
  response.redirect({ method: 'POST' }, action);
  return response.toString();
}

/**
 * POST /voice/review: the listening review's call, one step per request, its state in the URL, behind
 * the same signature check as every voice route. The start has the language only; a step's URL holds
 * the sentence asked and the verdicts before it, and the key pressed comes as Digits.
 */
export function registerReviewRoute(router: Router, line: ReviewLine, twilioOnly: readonly RequestHandler[], send: (res: Response, xml: string) => void, originOf: (req: Parameters<RequestHandler>[0]) => string): void {
  const scripts = createReviewScripts(line);
  router.post(REVIEW_PATH, ...twilioOnly, (req, res) => {
    const parsed = parseReviewQuery(req.query, line.language);
    // A language this version no longer speaks: the review in the line's first language.
    const lang = parsed?.lang ?? (line.languages[0]?.code as LangCode);
    const script = scripts(lang);
    const step = nextReviewStep(lang, parsed?.state, pressedKey(req), script.sentences.length);
    send(res, renderReviewStep(line, script, step, originOf(req)));
  });
}
