/** Values Twilio sends that this line acts on; anything else is treated as unknown. */

/** An international phone number as Twilio writes it, e.g. +4722331160. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** Final states of a call in the status callback. */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** DialCallStatus values posted to a <Dial> action. */
export const DIAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']);
