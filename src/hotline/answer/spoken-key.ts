import type { CallState, LangCode } from '../flow/call-state.js';
import { guessLanguage } from '../flow/guess-language.js';
import { keyForSpokenAnswer } from '../flow/spoken-answers.js';
import type { Hotline } from '../hotline.js';
import { formField, type AnswerEvent, type AnswerRequest } from './answer-request.js';

/** The language the caller's country code suggests (+380 Ukrainian, +7 Russian), from Twilio's From; only the prefix is read. */
export const likelyLanguage = (hotline: Pick<Hotline, 'languages'>, request: AnswerRequest): LangCode | undefined => guessLanguage(formField(request, 'From'), hotline.languages);

/**
 * With spoken answers on, the language a caller who has not chosen one is listened to in: the one
 * their country code suggests, else the first of the language menu. Undefined with keys only.
 */
export const listenLanguage = (hotline: Pick<Hotline, 'languages' | 'speech'>, request: AnswerRequest): LangCode | undefined =>
  hotline.speech ? (likelyLanguage(hotline, request) ?? hotline.languages[0]?.code) : undefined;

/**
 * With spoken answers on, what the caller said instead of a key: the key it means in this menu, or
 * '?' (not an option) when it was not understood, with an event saying which. The words go no
 * further than this function: they are never counted, logged or kept.
 */
export function spokenKey(hotline: Hotline, request: AnswerRequest, state: CallState, now: Date, messageOffer: boolean): { key: string; event: AnswerEvent } | undefined {
  const { speech, spokenWords } = hotline;
  const said = formField(request, 'SpeechResult');
  if (!speech || !said?.trim()) return undefined;
  const lang = state.lang ?? listenLanguage(hotline, request);
  if (!lang) return undefined;
  const confidence = Number.parseFloat(formField(request, 'Confidence') ?? '');
  const menu = hotline.flow.menuFor(state, now, messageOffer);
  const key = keyForSpokenAnswer({ said, confidence: Number.isNaN(confidence) ? undefined : confidence }, menu, lang, spokenWords, speech.minConfidence);
  return { key: key ?? '?', event: { kind: 'spoken-answer', lang, understood: key !== undefined } };
}
