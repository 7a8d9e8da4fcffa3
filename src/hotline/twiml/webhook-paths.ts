import { callStateQuery, dialStateQuery, type CallState, type DialState, type LangCode } from '../flow/call-state.js';
import { reviewQuery, type ReviewState } from '../flow/review-call.js';

/** The public webhook paths an operator configures on the number (see configure-number). */
export const VOICE_PATH = '/voice';
export const STATUS_PATH = '/voice/status';
export const FALLBACK_PATH = '/voice/fallback';
/** Action paths the line gives Twilio itself. */
export const MENU_PATH = '/voice/menu';
export const DIAL_RESULT_PATH = '/voice/dial-result';
/** The listening review's call (npm run review-speech): placed by the operator, never reached from the line's menus. */
export const REVIEW_PATH = '/voice/review';
/**
 * The static fallback's path on a host away from this service (npm run export-fallback writes it):
 * never served here, it is what Twilio plays when this service cannot answer at all.
 */
export const STATIC_FALLBACK_PATH = '/voice-fallback.xml';

/**
 * The query parameter that carries when the call came in (whole seconds since 1970, UTC) in the
 * line's action URLs, beside the state but not part of it: the checks, the walk and the diagram
 * never see it, and it measures the time to a person without anything being kept.
 */
export const CALL_START_PARAM = 't';
const withStart = (url: string, start: number | undefined): string => (start === undefined ? url : `${url}&${CALL_START_PARAM}=${start}`);

export const menuUrl = (state: CallState, start?: number): string => withStart(`${MENU_PATH}?${callStateQuery(state)}`, start);
export const dialResultUrl = (state: DialState, start?: number): string => withStart(`${DIAL_RESULT_PATH}?${dialStateQuery(state)}`, start);
/** A review step's URL, relative to the service; `h` is the fingerprint of the sentences this service plays. */
export const reviewUrl = (state: ReviewState, fingerprint: string): string => `${REVIEW_PATH}?${reviewQuery(state)}&h=${fingerprint}`;
/** The first URL of a review call in a language, given to Twilio when the call is placed. */
export const reviewStartUrl = (base: string, script: { readonly lang: LangCode; readonly fingerprint: string }): string =>
  `${base}${REVIEW_PATH}?lang=${encodeURIComponent(script.lang)}&h=${script.fingerprint}`;
