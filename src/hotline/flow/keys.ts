/** A key a caller can press: a digit, * or #. The one definition, for Twilio's Digits and every tool that presses keys. */
export const KEY = /^[0-9*#]$/;

export const isKey = (value: unknown): value is string => typeof value === 'string' && KEY.test(value);

/** Twilio's Digits as a key: none when empty or absent, '?' (no option) for anything a keypad cannot send as one key. */
export const keyOf = (digits: unknown): string | undefined => (digits === undefined || digits === null || digits === '' ? undefined : isKey(digits) ? digits : '?');
