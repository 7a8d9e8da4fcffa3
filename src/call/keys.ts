/** A key a caller can press: a digit, * or #. The one definition, for Twilio's Digits and every tool that presses keys. */
export const KEY = /^[0-9*#]$/;

export const isKey = (value: unknown): value is string => typeof value === 'string' && KEY.test(value);
