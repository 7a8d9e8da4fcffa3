/**
 * What each voice provider documents of SSML inside Twilio's <Say>, and its length limit. Twilio
 * passes SSML on to the provider; anything a provider does not document may be refused (Twilio
 * warnings 13513, 13520) or read wrongly, so the renderer emits only what is listed here.
 *
 * Google Cloud Text-to-Speech: say-as characters, cardinal, ordinal, telephone, verbatim, date,
 * time, unit, fraction; break, prosody, emphasis, sub, phoneme (IPA, X-SAMPA), p, s. Not digits.
 * A <Say> may hold 5,000 characters, markup and spaces included.
 * Amazon Polly, standard voices: say-as digits, characters, spell-out, cardinal, number, ordinal,
 * telephone, date, time, fraction, unit, address; break, prosody, emphasis, sub, phoneme, p, s.
 * 3,000 characters of text.
 * Amazon Polly, neural and generative voices: the same say-as values, break, prosody rate and
 * volume, sub, phoneme, p, s; no emphasis, no prosody pitch. 3,000 characters of text.
 */
export type VoiceFamily = 'google' | 'polly-standard' | 'polly-neural';

export interface SsmlSupport {
  readonly family: VoiceFamily;
  /** The say-as value that reads a group of digits one by one. */
  readonly digitByDigit: 'characters' | 'digits';
  readonly sayAs: ReadonlySet<string>;
  /** SSML elements allowed inside <Say>, besides say-as. */
  readonly elements: ReadonlySet<string>;
  readonly prosody: ReadonlySet<string>;
  /** The longest <Say> Twilio passes on, and whether markup counts towards it. */
  readonly maxChars: number;
  readonly markupCounts: boolean;
}

const POLLY_SAY_AS = ['digits', 'characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'telephone', 'date', 'time', 'fraction', 'unit', 'address'];

export const SSML_SUPPORT: Readonly<Record<VoiceFamily, SsmlSupport>> = {
  google: {
    family: 'google',
    digitByDigit: 'characters',
    sayAs: new Set(['characters', 'cardinal', 'ordinal', 'telephone', 'verbatim', 'date', 'time', 'unit', 'fraction']),
    elements: new Set(['break', 'prosody', 'emphasis', 'sub', 'phoneme', 'p', 's']),
    prosody: new Set(['rate', 'pitch', 'volume']),
    maxChars: 5000,
    markupCounts: true,
  },
  'polly-standard': {
    family: 'polly-standard',
    digitByDigit: 'digits',
    sayAs: new Set(POLLY_SAY_AS),
    elements: new Set(['break', 'prosody', 'emphasis', 'sub', 'phoneme', 'p', 's']),
    prosody: new Set(['rate', 'pitch', 'volume']),
    maxChars: 3000,
    markupCounts: false,
  },
  'polly-neural': {
    family: 'polly-neural',
    digitByDigit: 'digits',
    sayAs: new Set(POLLY_SAY_AS),
    elements: new Set(['break', 'prosody', 'sub', 'phoneme', 'p', 's']),
    prosody: new Set(['rate', 'volume']),
    maxChars: 3000,
    markupCounts: false,
  },
};

/** Twilio's limit for a voice whose provider is not in the table: plain text only, and the smaller limit. */
export const PLAIN_TEXT_MAX_CHARS = 3000;

/** The provider family of a Twilio voice name, or undefined for one this line does not know. */
export function voiceFamily(voice: string): VoiceFamily | undefined {
  if (voice.startsWith('Google.')) return 'google';
  if (/^Polly\.[A-Za-z]+-(Neural|Generative)$/.test(voice)) return 'polly-neural';
  if (/^Polly\.[A-Za-z]+$/.test(voice)) return 'polly-standard';
  return undefined;
}

/** What a voice may be sent: its provider's SSML, or nothing when SSML is off or the provider is unknown. */
export function ssmlFor(voice: string, ssml: boolean): SsmlSupport | undefined {
  const family = ssml ? voiceFamily(voice) : undefined;
  return family ? SSML_SUPPORT[family] : undefined;
}
