import type { Config } from '../settings/load-config.js';
import { validNumber } from './read-request.js';

/** The form values a transfer's caller ID may come from, as Twilio posts them (absent when missing or repeated). */
export interface CallerIdForm {
  readonly From?: string | undefined;
  readonly To?: string | undefined;
}

/**
 * The number a helpline sees when the line puts a caller through. Callers stay anonymous, as the line
 * promises: the line's own number (HOTLINE_NUMBER), whatever the request holds, so a request without
 * `To`, or with one that is not a number, still shows it. Only PASS_CALLER_NUMBER=true shows the
 * caller's own number, and then only a valid E.164 one. Without HOTLINE_NUMBER (allowed outside
 * production, with a warning at start) the number the call came in on stands in when it is a
 * number; with nothing to show, Twilio would show the caller's number.
 */
export function callerIdFor(settings: Partial<Pick<Config, 'hotlineNumber' | 'passCallerNumber'>>, form: CallerIdForm): string | undefined {
  const caller = settings.passCallerNumber === true ? validNumber(form.From) : undefined;
  return caller ?? settings.hotlineNumber ?? validNumber(form.To);
}
