import type { z } from 'zod';
import { parseOrFail } from '../../content/describe-schema-error.js';
import { languagesFileSchema, languagesSubject, type languageSchema } from '../../content/languages-schema.js';

export { localeOfVoice } from '../../content/languages-schema.js';

/**
 * One language of the line as prompts/languages.json describes it (see src/content/languages-schema.ts
 * for each field): `notLetters` compiled to a pattern, and `ssml`, `callerPrefixes` and
 * `charsPerSecond` with their defaults.
 */
export interface Language extends Readonly<Omit<z.output<typeof languageSchema>, 'callerPrefixes'>> {
  /** Country calling codes whose callers get this language when they press nothing. */
  readonly callerPrefixes: readonly string[];
}

export class PromptFileError extends Error {}

/** Checks a parsed prompts/languages.json against its schema; a problem throws one sentence naming the entry. */
export function parseLanguages(raw: unknown, where: string): Language[] {
  return parseOrFail(languagesFileSchema, raw, languagesSubject(where), PromptFileError).languages;
}

