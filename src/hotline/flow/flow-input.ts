import type { DialStatus } from './call-status.js';
import type { CallState, DialState, LangCode } from './call-state.js';

/**
 * Everything the call flow needs to decide one step; nothing else may change its answer but the minute.
 *
 * `messageOffer` is decided by the adapter for each request: sending is configured, the caller's
 * number looks like a mobile one, and that number is under its daily limit. The flow adds the offer
 * to the menus where the caller has just heard numbers, unless a message was already asked for in
 * this call (the state says so).
 */
export type FlowInput =
  /**
   * A call comes in. `likelyLang` is the language the caller's country code suggests: it is spoken
   * first (its 112 warning and its key), then the others in the line's order.
   */
  | { readonly kind: 'answer'; readonly likelyLang: LangCode | undefined }
  | {
      readonly kind: 'menu';
      readonly state: CallState;
      /** The key pressed; undefined when none was, '?' for anything Twilio could not have sent. */
      readonly digits: string | undefined;
      /** The language the caller's country code suggests: spoken first where every language is, and used when nothing is chosen. */
      readonly likelyLang: LangCode | undefined;
      /** Whether the numbers may be offered in a text message to this caller now (see MessageOffer). */
      readonly messageOffer: boolean;
    }
  | { readonly kind: 'dial-result'; readonly state: DialState; readonly status: DialStatus | undefined; readonly messageOffer: boolean }
  /** The nearest menu, for a request that cannot be read any other way. */
  | { readonly kind: 'show-menu'; readonly state: CallState; readonly messageOffer: boolean }
  /**
   * The caller pressed the text-message key where it was offered, and the adapter tried to send the
   * numbers: `sent` says whether Twilio took the message. The flow never sends anything itself.
   */
  | { readonly kind: 'message-result'; readonly state: CallState; readonly sent: boolean }
  /** When anything fails: the emergency number, a 24-hour helpline, and a way to start again. */
  | { readonly kind: 'fail-safe'; readonly lang: LangCode | undefined; readonly messageSent?: true | undefined }
  /**
   * When the service is down: the document a static host plays instead (npm run export-fallback),
   * which can never come back to the service, so its transfer goes on by itself when it ends.
   */
  | { readonly kind: 'static-fallback' };

/** Serialises a value with its object keys sorted, so the same input always gives the same text. */
function stableText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) text += `${key}:${stableText(record[key])},`;
  }
  return `${text}}`;
}

/**
 * The key a step is found by in the checks' walk (and the TwiML record's): the whole input the flow
 * receives, so a field added to the input can never be left out of it.
 */
export const inputKey = (input: FlowInput): string => stableText(input);
