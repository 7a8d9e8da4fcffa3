import type { Language } from '../prompts/languages.js';

/** The language a caller's country code suggests (+380 Ukrainian, +7 Russian), or undefined. Only the prefix is read. */
export function guessLanguage(from: unknown, languages: readonly Language[]): string | undefined {
  if (typeof from !== 'string' || !/^\+\d{6,15}$/.test(from)) return undefined;
  let best: { code: string; length: number } | undefined;
  for (const language of languages) {
    for (const prefix of language.callerPrefixes) {
      if (from.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = { code: language.code, length: prefix.length };
    }
  }
  return best?.code;
}
