import { parseCallState, type LangCode } from '../flow/call-state.js';
import type { Hotline } from '../hotline.js';
import { FALLBACK_PATH } from '../twiml/webhook-paths.js';
import { formField, stateVocabulary, type Answer, type AnswerRequest } from './answer-request.js';

/** Which fail-safe answer a call gets: in its language, if it has one, and keeping that it asked for the text message. */
export interface FailSafeCase {
  readonly lang: LangCode | undefined;
  readonly messageSent: boolean;
}

/**
 * The fail-safe answer a request would get if answering it failed: in the language its query names,
 * and with the text message kept as asked for. Twilio's fallback request carries the call's state in
 * the URL that failed (ErrorUrl), so a caller whose answer timed out mid-call keeps their language;
 * with none (the first request of a call failed), the answer is in every language.
 */
export function failSafeCase(hotline: Hotline, request: Pick<AnswerRequest, 'path' | 'query' | 'form'>): FailSafeCase {
  const query = request.path === FALLBACK_PATH ? failedUrlQuery(request) : (request.query ?? {});
  const state = parseCallState(query, stateVocabulary(hotline));
  return { lang: state.lang, messageSent: state.messageSent === true };
}

/** The query of the URL whose answer failed, as Twilio's fallback request names it; nothing when it names none. */
function failedUrlQuery(request: Pick<AnswerRequest, 'form'>): Record<string, string> {
  const url = formField(request, 'ErrorUrl');
  if (!url || !URL.canParse(url)) return {};
  return Object.fromEntries(new URL(url).searchParams);
}

/** Every fail-safe answer there is: before a language is chosen and in each language, each with and without the text message asked for. */
export const failSafeCases = (hotline: Pick<Hotline, 'languages'>): FailSafeCase[] =>
  [undefined, ...hotline.languages.map((l) => l.code)].flatMap((lang) => [false, true].map((messageSent) => ({ lang, messageSent })));

/**
 * When anything fails: 112, a line open day and night, and a way to start again. It is the same at
 * every instant, so the adapter renders every case at start-up, before it could be needed.
 */
export function failSafeAnswer(hotline: Hotline, { lang, messageSent }: FailSafeCase, origin: string | undefined, now: Date): Answer {
  const { reply, events } = hotline.flow.step({ kind: 'fail-safe', lang, ...(messageSent ? { messageSent: true } : {}) }, now);
  return { twiml: hotline.render(reply, { origin, listenLang: lang }), events, effects: [] };
}

/** The static fallback (npm run export-fallback): a document for a host away from this service, that never needs it. */
export function staticFallbackAnswer(hotline: Hotline, callerId: string | undefined, now: Date): Answer {
  const { reply, events } = hotline.flow.step({ kind: 'static-fallback' }, now);
  return { twiml: hotline.render(reply, { standalone: true, callerId }), events, effects: [] };
}
