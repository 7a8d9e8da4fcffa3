import { isDialStatus, type DialStatus } from '../flow/call-status.js';
import type { LangCode, StateVocabulary } from '../flow/call-state.js';
import { keyOf } from '../flow/keys.js';
import type { FlowEvent, Effect } from '../flow/reply.js';
import type { Hotline } from '../hotline.js';
import type { WaitEvent } from './call-start.js';

type Fields = Readonly<Record<string, unknown>>;

/**
 * One request to the line, as plain values: what Twilio asked for, and what only the adapter can find
 * out first (it needs a store, the settings or the effect's result). Nothing in it is read from a
 * clock, a file or the network.
 */
export interface AnswerRequest {
  /** The path Twilio requested, without its query. */
  readonly path: string;
  /** The query of that URL: the state the line wrote into its own action URL. */
  readonly query?: Fields | undefined;
  /** Twilio's form fields (Digits, SpeechResult, Confidence, DialCallStatus, From). */
  readonly form?: Fields | undefined;
  /** Whether this caller may be offered the numbers in a text message now (the adapter asks the limits store). */
  readonly messageOffer?: boolean | undefined;
  /** The number a transfer shows the helpline (E.164), normally this line's own. */
  readonly callerId?: string | undefined;
  /** The origin recordings are played from: <Play> is documented with a full URL only. */
  readonly origin?: string | undefined;
  /** After the adapter performed the text-message effect: whether Twilio took the message. */
  readonly messageResult?: { readonly sent: boolean } | undefined;
}

/** What an answer counts: what the call flow says a step meant, and whether a spoken answer was understood (never the words). */
export type AnswerEvent = FlowEvent | WaitEvent | { readonly kind: 'spoken-answer'; readonly lang: LangCode; readonly understood: boolean };

/** The TwiML to send and what to count; or, with an effect, nothing to send until the adapter has performed it and asked again with its result. */
export interface Answer {
  /** Empty when there is an effect to perform first. */
  readonly twiml: string;
  readonly events: readonly AnswerEvent[];
  readonly effects: readonly Effect[];
}

/** One form value as Twilio sends it; repeated or missing values count as absent. */
export function formField(request: Pick<AnswerRequest, 'form'>, name: string): string | undefined {
  const value = request.form?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Only a single key is a menu choice; anything else Twilio could not have sent is an invalid key. */
export const pressedKey = (request: Pick<AnswerRequest, 'form'>): string | undefined => keyOf(request.form?.Digits);

/** Twilio's DialCallStatus; anything else is treated as a transfer that failed. */
export function dialStatusOf(request: Pick<AnswerRequest, 'form'>): DialStatus | undefined {
  const status = formField(request, 'DialCallStatus');
  return isDialStatus(status) ? status : undefined;
}

/** What a query may name: the languages, helplines and readings of this line. */
export const stateVocabulary = (hotline: Pick<Hotline, 'language' | 'directory' | 'partsOf'>): StateVocabulary => ({
  language: hotline.language,
  isHelpline: (id) => hotline.directory.find(id) !== undefined,
  partsOf: hotline.partsOf,
});
