/** A language a caller may be guessed to speak, by the country code of their number. */
export interface GuessableLanguage<L extends string> {
  readonly code: L;
  readonly callerPrefixes: readonly string[];
}

/** The language a caller's country code suggests (+380 Ukrainian, +7 Russian), or undefined. Only the prefix is read. */
export function guessLanguage<L extends string>(from: unknown, languages: readonly GuessableLanguage<L>[]): L | undefined {
  if (typeof from !== 'string' || !/^\+\d{6,15}$/.test(from)) return undefined;
  let best: { code: L; length: number } | undefined;
  for (const language of languages) {
    for (const prefix of language.callerPrefixes) {
      if (from.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = { code: language.code, length: prefix.length };
    }
  }
  return best?.code;
}
