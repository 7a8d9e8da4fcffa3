import { readJsonFile } from '../config/read-json-file.js';
import { join } from 'node:path';

export interface Language {
  /** ISO 639-1 code, also the name of the prompt file. */
  readonly code: string;
  /** Key pressed in the language menu. */
  readonly key: string;
  /** Twilio <Say> voice and its matching language code. */
  readonly voice: string;
  readonly language: string;
  /** Whether the voice reads SSML; if not, numbers are spoken as plain text. */
  readonly ssml: boolean;
  /** Country calling codes whose callers get this language when they press nothing. */
  readonly callerPrefixes: readonly string[];
  /** Letters this language never uses, e.g. ы in Ukrainian; checked in every prompt. */
  readonly notLetters: RegExp | undefined;
  /** Speaking rate for the time estimate of the prompt check. */
  readonly charsPerSecond: number;
}

export class PromptFileError extends Error {}

/** Amazon Polly voices Twilio offers for this line's languages and their locales (Polly has no Ukrainian). */
const POLLY_VOICES: Record<string, string> = {
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
  return polly ? POLLY_VOICES[polly[1] ?? ''] : undefined;
}

function parsePattern(source: string, name: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch {
    throw new PromptFileError(`${name}: "notLetters" is not a valid pattern: ${source}`);
  }
}

export function parseLanguages(raw: unknown, where: string): Language[] {
  const list = (raw as { languages?: unknown } | null)?.languages;
  if (!Array.isArray(list) || list.length === 0) {
    throw new PromptFileError(`${where} must have a non-empty "languages" list.`);
  }
  const seenKeys = new Set<string>();
  return list.map((entry: unknown, index) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const name = `${where}, languages[${index}]`;
    for (const field of ['code', 'key', 'voice', 'language'] as const) {
      if (typeof e[field] !== 'string' || e[field] === '') {
        throw new PromptFileError(`${name} needs a text "${field}".`);
      }
    }
    const language: Language = {
      code: e.code as string,
      key: e.key as string,
      voice: e.voice as string,
      language: e.language as string,
      ssml: e.ssml !== false,
      callerPrefixes: Array.isArray(e.callerPrefixes) ? e.callerPrefixes.map(String) : [],
      notLetters: typeof e.notLetters === 'string' ? parsePattern(e.notLetters, name) : undefined,
      charsPerSecond: typeof e.charsPerSecond === 'number' && e.charsPerSecond > 0 ? e.charsPerSecond : 13,
    };
    if (!/^[a-z]{2}$/.test(language.code)) throw new PromptFileError(`${name}: code "${language.code}" is not a two-letter language code.`);
    if (!/^[1-9]$/.test(language.key)) throw new PromptFileError(`${name}: key "${language.key}" must be one digit from 1 to 9.`);
    if (seenKeys.has(language.key)) throw new PromptFileError(`${name}: key "${language.key}" is used by two languages.`);
    seenKeys.add(language.key);
    if (!language.language.toLowerCase().startsWith(`${language.code}-`)) {
      throw new PromptFileError(`${name}: language code "${language.language}" is not a form of "${language.code}".`);
    }
    const locale = localeOfVoice(language.voice);
    if (!locale) {
      throw new PromptFileError(`${name}: voice "${language.voice}" is not a Twilio voice this line knows; use a Google.<locale>-... or a known Polly voice.`);
    }
    if (locale !== language.language) {
      throw new PromptFileError(`${name}: voice "${language.voice}" speaks ${locale}, not "${language.language}"; pick a voice of that language or change the language code.`);
    }
    return language;
  });
}

export function loadLanguages(promptsDir: string): Language[] {
  const file = join(promptsDir, 'languages.json');
  return parseLanguages(readJsonFile(file, PromptFileError), file);
}
