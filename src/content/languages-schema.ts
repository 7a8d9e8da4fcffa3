import { z } from 'zod';
import { fileWithEntries, shown, type NameSubject } from './describe-schema-error.js';

/** prompts/languages.json: the languages the line speaks, in the order the language menu offers them. */

/** Amazon Polly voices Twilio offers for this line's languages and their locales (Polly has no Ukrainian). */
const POLLY_VOICES: Readonly<Record<string, string>> = {
  Amy: 'en-GB', Brian: 'en-GB', Emma: 'en-GB', Arthur: 'en-GB',
  Joanna: 'en-US', Matthew: 'en-US', Kendra: 'en-US', Joey: 'en-US', Salli: 'en-US', Kimberly: 'en-US', Ivy: 'en-US', Justin: 'en-US', Kevin: 'en-US', Ruth: 'en-US', Stephen: 'en-US', Danielle: 'en-US', Gregory: 'en-US',
  Olivia: 'en-AU', Nicole: 'en-AU', Russell: 'en-AU', Aria: 'en-NZ', Ayanda: 'en-ZA', Niamh: 'en-IE', Kajal: 'en-IN', Raveena: 'en-IN', Aditi: 'en-IN',
  Tatyana: 'ru-RU', Maxim: 'ru-RU',
  Liv: 'nb-NO', Ida: 'nb-NO',
};

/** The locale a Twilio voice speaks: Google voices carry it in their name, Polly voices are looked up. */
export function localeOfVoice(voice: string): string | undefined {
  const google = /^Google\.([a-z]{2,3}-[A-Z]{2})-/.exec(voice);
  if (google) return google[1];
  const polly = /^Polly\.([A-Za-z]+)(?:-Neural|-Generative)?$/.exec(voice);
  return polly ? (Object.hasOwn(POLLY_VOICES, polly[1] ?? '') ? POLLY_VOICES[polly[1] ?? ''] : undefined) : undefined;
}

const CODE = /^[a-z]{2}$/;
const unknownVoice = (voice: unknown) => `voice ${shown(voice)} is not a Twilio voice this line knows; use a Google.<locale>-... or a known Polly voice`;

function isPattern(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const PREFIXES_EXPECTED = '"callerPrefixes" must be a list of country calling codes such as ["+380"]';

const languageFields = {
  code: z
    .string({ error: 'needs a text "code", a two-letter language code such as "uk"' })
    .regex(CODE, { error: (iss) => `code ${shown(iss.input)} is not a two-letter language code` })
    .describe('ISO 639-1 code of the language, such as "uk"; also the name of its prompt file (prompts/uk.json).'),
  key: z
    .string({ error: 'needs a text "key", one digit from 1 to 9 such as "1"' })
    .regex(/^[1-9]$/, { error: (iss) => `key ${shown(iss.input)} must be one digit from 1 to 9` })
    .describe('The key a caller presses for this language in the language menu, "1" to "9".'),
  voice: z
    .string({ error: 'needs a text "voice", a Twilio <Say> voice such as "Google.uk-UA-Wavenet-A"' })
    .regex(/^(Google\.[a-z]{2,3}-[A-Z]{2}-|Polly\.[A-Za-z]+(-Neural|-Generative)?$)/, { error: (iss) => unknownVoice(iss.input), abort: true })
    .refine((voice) => localeOfVoice(voice) !== undefined, { error: (iss) => unknownVoice(iss.input) })
    .describe('The Twilio <Say> voice, such as "Google.uk-UA-Wavenet-A" or "Polly.Amy-Neural"; it must speak "language".'),
  language: z
    .string({ error: 'needs a text "language", the locale of the voice such as "uk-UA"' })
    .min(1, { error: 'needs a text "language", the locale of the voice such as "uk-UA"' })
    .describe('The locale the voice speaks, a form of "code" such as "uk-UA"; voice and language are a matching Twilio <Say> pair.'),
  speechLanguage: z
    .string({ error: '"speechLanguage" must be a locale such as "en-US"' })
    .regex(/^[a-z]{2,3}-[A-Z]{2}$/, { error: (iss) => `"speechLanguage" ${shown(iss.input)} is not a locale such as "en-US"` })
    .optional()
    .describe(
      'The locale Twilio listens in for spoken answers (SPEECH_INPUT=on), a form of "code" such as "en-US"; "language" when not set. Twilio recognises uk-UA, ru-RU, en-US and en-GB.',
    ),
  ssml: z
    .boolean({ error: '"ssml" must be true or false' })
    .default(true)
    .describe('Whether the voice reads SSML (say-as, break, prosody); if not, numbers are spoken as plain text.'),
  callerPrefixes: z
    .array(z.string({ error: PREFIXES_EXPECTED }).regex(/^\+[1-9]\d{0,3}$/, { error: PREFIXES_EXPECTED }), { error: PREFIXES_EXPECTED })
    .default([])
    .describe(
      'Country calling codes, such as ["+380"], whose callers hear this language first (its 112 warning and its key, then the other languages) and get it when they press nothing. A code belongs to one language.',
    ),
  notLetters: z
    .string({ error: '"notLetters" must be a pattern of letters such as "[ыэъё]"' })
    .refine(isPattern, { error: (iss) => `"notLetters" is not a valid pattern: ${String(iss.input)}` })
    .transform((source) => new RegExp(source, 'u'))
    .optional()
    .describe('A pattern of letters this language never uses, such as "[ыэъё]" for Ukrainian; checked in every prompt by npm run check:prompts.'),
  charsPerSecond: z
    .number({ error: '"charsPerSecond" must be a number of characters per second, such as 14' })
    .positive({ error: '"charsPerSecond" must be a number of characters per second above 0, such as 14' })
    .default(13)
    .describe('How fast the voice speaks, in characters per second, for the speaking-time estimate of npm run check:prompts.'),
};

const LANGUAGE_FIELDS = Object.keys(languageFields).join(', ');

export const languageSchema = z
  .strictObject(languageFields, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `"${iss.keys[0]}" is not a field of a language; use ${LANGUAGE_FIELDS}`
        : iss.code === 'invalid_type'
          ? 'must be an object such as {"code": "uk", "key": "1", "voice": "Google.uk-UA-Wavenet-A", "language": "uk-UA"}'
          : undefined,
  })
  .superRefine((entry, ctx) => {
    if (typeof entry.code !== 'string' || typeof entry.language !== 'string' || typeof entry.voice !== 'string') return;
    if (!entry.language.toLowerCase().startsWith(`${entry.code}-`)) {
      ctx.addIssue({ code: 'custom', path: ['language'], message: `language code "${entry.language}" is not a form of "${entry.code}"; it must start with "${entry.code}-"` });
      return;
    }
    if (entry.speechLanguage !== undefined && !entry.speechLanguage.toLowerCase().startsWith(`${entry.code}-`)) {
      ctx.addIssue({ code: 'custom', path: ['speechLanguage'], message: `speechLanguage "${entry.speechLanguage}" is not a form of "${entry.code}"; it must start with "${entry.code}-"` });
    }
    const locale = localeOfVoice(entry.voice);
    if (locale !== undefined && locale !== entry.language) {
      ctx.addIssue({
        code: 'custom',
        path: ['voice'],
        message: `voice "${entry.voice}" speaks ${locale}, not "${entry.language}"; pick a voice of that language or change the language code`,
      });
    }
  })
  .describe('One language of the line: its menu key and the Twilio voice that reads its prompts.')
  /** `notLetters` is always there, undefined when the file leaves it out; `speechLanguage` is `language` unless set. */
  .transform((entry) => ({ ...entry, notLetters: entry.notLetters, speechLanguage: entry.speechLanguage ?? entry.language }));

export const languagesFileSchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('The JSON Schema editors check this file with.'),
      $comment: z.string().optional().describe('A note for the people editing this file; ignored.'),
      languages: z
        .array(languageSchema, { error: 'needs a non-empty "languages" list' })
        .min(1, { error: 'needs a non-empty "languages" list' })
        .describe('The languages in the order the language menu offers them.'),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys' ? `"${iss.keys[0]}" is not a field of this file; use $schema, $comment, languages` : iss.code === 'invalid_type' ? 'must be an object with a "languages" list' : undefined,
    },
  )
  .superRefine((file, ctx) => {
    if (!Array.isArray(file.languages)) return;
    // A country code suggests one language, so a caller from it hears one opening.
    const prefixOwner = new Map<string, number>();
    file.languages.forEach((entry, index) => {
      if (!Array.isArray(entry?.callerPrefixes)) return;
      for (const prefix of entry.callerPrefixes) {
        const earlier = prefixOwner.get(prefix);
        if (earlier === undefined) prefixOwner.set(prefix, index);
        else if (earlier !== index) ctx.addIssue({ code: 'custom', path: ['languages', index, 'callerPrefixes'], message: `country code "${prefix}" is listed for two languages (${earlier + 1} and ${index + 1}); a code suggests one language` });
      }
    });
    for (const field of ['key', 'code'] as const) {
      const first = new Map<string, number>();
      file.languages.forEach((entry, index) => {
        const value = entry?.[field];
        if (typeof value !== 'string') return;
        const earlier = first.get(value);
        if (earlier === undefined) first.set(value, index);
        else ctx.addIssue({ code: 'custom', path: ['languages', index, field], message: `${field} "${value}" is used by two languages (${earlier + 1} and ${index + 1})` });
      });
    }
  })
  .describe('The languages the line speaks, in the order the language menu offers them. Checked at start-up; a bad entry stops the server with a sentence naming it.');

/** Names an entry by its code: `prompts/languages.json, language "uk"`. */
export const languagesSubject = (where: string): NameSubject => fileWithEntries(where, 'languages', 'language', 'code', CODE);
