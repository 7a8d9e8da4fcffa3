/**
 * How many SMS segments a text takes, as the networks bill it. A text of GSM-7 characters only
 * takes 160 characters in one segment, 153 in each segment of a longer one (the rest carries the
 * joining header); a character from the extension table (such as €, [ or ~) takes two places and is
 * never split. Any other character (Cyrillic, an en dash) makes the whole text UCS-2: 70 UTF-16
 * units in one segment, 67 in each segment of a longer one, a character outside the BMP never split.
 */

/** The GSM 03.38 default alphabet (ESC excluded). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each is sent as ESC and the character, two septets. */
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** Characters as the encoding counts them: septets for GSM-7, UTF-16 units for UCS-2. */
  readonly units: number;
  readonly segments: number;
}

/** What one segment holds on its own, and what each segment of a joined message holds. */
const CAPACITY: Readonly<Record<SmsEncoding, { single: number; joined: number }>> = {
  'GSM-7': { single: 160, joined: 153 },
  'UCS-2': { single: 70, joined: 67 },
};

export function smsSegments(text: string): SmsSegments {
  const characters = [...text];
  const gsm = characters.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const sizes = characters.map((c) => (gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = sizes.reduce((a, b) => a + b, 0);
  const { single, joined } = CAPACITY[encoding];
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1 };
  // Filled one after another: a character that does not fit whole starts the next segment.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > joined) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}
