import type { LangCode } from '../flow/call-state.js';
import { nextReviewStep, parseReviewQuery } from '../flow/review-call.js';
import { createReviewScripts, reviewReply, type ReviewScript } from '../flow/review-reply.js';
import type { Hotline } from '../hotline.js';
import { pressedKey, type Answer, type AnswerRequest } from './answer-request.js';

/**
 * Each line's review scripts, made once per language: drawing the sentences from the prompts takes
 * tens of milliseconds, too long to repeat on every key while calls are answered beside it. The
 * scripts depend on the line alone, so keeping them changes no answer.
 */
const scriptsByLine = new WeakMap<Hotline, (lang: LangCode) => ReviewScript>();

function scriptOf(hotline: Hotline, lang: LangCode): ReviewScript {
  const scripts = scriptsByLine.get(hotline) ?? createReviewScripts(hotline);
  scriptsByLine.set(hotline, scripts);
  return scripts(lang);
}

/**
 * POST /voice/review: one step of the listening review, its state in the URL. The start has the
 * language only; a step's URL holds the sentence asked and the verdicts before it, and the key
 * pressed comes as Digits. The review is counted nowhere: it is the operator's call, not a caller's.
 */
export function reviewAnswer(hotline: Hotline, request: AnswerRequest): Answer {
  const parsed = parseReviewQuery(request.query ?? {}, hotline.language);
  // A language this version no longer speaks: the review in the line's first language.
  const lang = parsed?.lang ?? (hotline.languages[0]?.code as LangCode);
  const script = scriptOf(hotline, lang);
  const step = nextReviewStep(lang, parsed?.state, pressedKey(request), script.sentences.length);
  return { twiml: hotline.render(reviewReply(hotline, script, step), { origin: request.origin }), events: [], effects: [] };
}
