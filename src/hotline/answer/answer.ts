import { parseCallState, parseDialState } from '../flow/call-state.js';
import type { FlowInput } from '../flow/flow-input.js';
import type { Hotline } from '../hotline.js';
import { DIAL_RESULT_PATH, FALLBACK_PATH, MENU_PATH, REVIEW_PATH, STATIC_FALLBACK_PATH, STATUS_PATH, VOICE_PATH } from '../twiml/webhook-paths.js';
import { dialStatusOf, pressedKey, stateVocabulary, type Answer, type AnswerRequest } from './answer-request.js';
import { failSafeAnswer, failSafeCase, staticFallbackAnswer } from './fail-safe-answer.js';
import { reviewAnswer } from './review-answer.js';
import { likelyLanguage, listenLanguage, spokenKey } from './spoken-key.js';

/**
 * The line's answer to one request: reads the state from the query and the key pressed or said from
 * the form, steps the call flow, and renders its reply as TwiML. Pure and synchronous: the moment
 * comes in as `now`, and whatever needs a store, the settings or the network comes in the request as
 * a plain value. The server, the tools and the tests all answer through it.
 */
export function answer(hotline: Hotline, request: AnswerRequest, now: Date): Answer {
  switch (request.path) {
    case VOICE_PATH:
      return stepped(hotline, request, { kind: 'answer', likelyLang: likelyLanguage(hotline, request) }, now);
    case MENU_PATH:
      return menuAnswer(hotline, request, now);
    case DIAL_RESULT_PATH:
      return dialResultAnswer(hotline, request, now);
    case FALLBACK_PATH:
      return failSafeAnswer(hotline, failSafeCase(hotline, request), request.origin, now);
    case REVIEW_PATH:
      return reviewAnswer(hotline, request);
    case STATIC_FALLBACK_PATH:
      return staticFallbackAnswer(hotline, request.callerId, now);
    default:
      // A path this version does not know (an old action URL after a deploy): the nearest menu.
      return showMenu(hotline, request, now);
  }
}

/** Paths whose answer never offers the text message: the adapter need not ask the limits store for them. */
const NEVER_OFFERS: ReadonlySet<string> = new Set([VOICE_PATH, STATUS_PATH, FALLBACK_PATH, REVIEW_PATH, STATIC_FALLBACK_PATH]);

/**
 * Whether the answer to this request may offer the numbers in a text message, so the adapter must
 * find out first whether this caller may get one: not at the start of a call, not for a call that
 * already asked for one, and not when the request brings the result of sending it.
 */
export function asksMessageOffer(hotline: Hotline, request: AnswerRequest): boolean {
  if (NEVER_OFFERS.has(request.path) || request.messageResult) return false;
  return parseCallState(request.query ?? {}, stateVocabulary(hotline)).messageSent !== true;
}

/** Steps the flow and renders its reply; with an effect, renders nothing: the adapter performs it and asks again. */
function stepped(hotline: Hotline, request: AnswerRequest, input: FlowInput, now: Date): Answer {
  const { reply, events, effects = [] } = hotline.flow.step(input, now);
  if (effects.length > 0) return { twiml: '', events, effects };
  const options = { callerId: request.callerId, origin: request.origin, listenLang: listenLanguage(hotline, request), now };
  return { twiml: hotline.render(reply, options), events, effects };
}

function menuAnswer(hotline: Hotline, request: AnswerRequest, now: Date): Answer {
  const state = parseCallState(request.query ?? {}, stateVocabulary(hotline));
  if (request.messageResult) return stepped(hotline, request, { kind: 'message-result', state, sent: request.messageResult.sent }, now);
  const messageOffer = request.messageOffer === true;
  const pressed = pressedKey(request);
  const spoken = pressed === undefined ? spokenKey(hotline, request, state, now, messageOffer) : undefined;
  const input: FlowInput = { kind: 'menu', state, digits: pressed ?? spoken?.key, likelyLang: likelyLanguage(hotline, request), messageOffer };
  const answered = stepped(hotline, request, input, now);
  return spoken ? { ...answered, events: [spoken.event, ...answered.events] } : answered;
}

function dialResultAnswer(hotline: Hotline, request: AnswerRequest, now: Date): Answer {
  const state = parseDialState(request.query ?? {}, stateVocabulary(hotline));
  // Nothing usable in the query: the nearest menu rather than a guess at a line.
  if (!state) return showMenu(hotline, request, now);
  return stepped(hotline, request, { kind: 'dial-result', state, status: dialStatusOf(request), messageOffer: request.messageOffer === true }, now);
}

function showMenu(hotline: Hotline, request: AnswerRequest, now: Date): Answer {
  const state = parseCallState(request.query ?? {}, stateVocabulary(hotline));
  return stepped(hotline, request, { kind: 'show-menu', state, messageOffer: request.messageOffer === true }, now);
}
