/** An international phone number as Twilio writes it, e.g. +4722331160. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** How a number is read aloud: an optional country code, then its digit groups as written in the directory. */
export interface NumberGroups {
  readonly country: string | undefined;
  readonly groups: readonly string[];
}

/** "+47 22 33 11 60" → country 47, groups 22 33 11 60; "116 111" → groups 116 111. The one place numbers are grouped. */
export function numberGroups(written: string): NumberGroups {
  const [first = '', ...rest] = written.split(' ');
  return first.startsWith('+') ? { country: first.slice(1), groups: rest } : { country: undefined, groups: [first, ...rest] };
}
