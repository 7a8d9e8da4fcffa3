import { callStateQuery, dialStateQuery, type CallState, type DialState } from '../flow/call-state.js';

/** The public webhook paths an operator configures on the number (see configure-number). */
export const VOICE_PATH = '/voice';
export const STATUS_PATH = '/voice/status';
export const FALLBACK_PATH = '/voice/fallback';
/** Action paths the line gives Twilio itself. */
export const MENU_PATH = '/voice/menu';
export const DIAL_RESULT_PATH = '/voice/dial-result';
/** The listening review's call (npm run review-speech): placed by the operator, never reached from the line's menus. */
export const REVIEW_PATH = '/voice/review';

export const menuUrl = (state: CallState): string => `${MENU_PATH}?${callStateQuery(state)}`;
export const dialResultUrl = (state: DialState): string => `${DIAL_RESULT_PATH}?${dialStateQuery(state)}`;
