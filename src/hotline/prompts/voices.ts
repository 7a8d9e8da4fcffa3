import { z } from 'zod';
import { parseOrFail } from '../../content/describe-schema-error.js';
import { localeOfVoice } from '../../content/languages-schema.js';
import { closestName } from './closest-name.js';
import { type Language, PromptFileError } from './languages.js';

/**
 * The voices Twilio offers, per locale (content/twilio-voices.json): a committed list that says
 * where and when it was taken, since nothing is fetched at run time. A voice that Twilio does not
 * offer fails only when a caller hears it; this stops it at start and in the prompt check.
 */
export const VOICES_FILE = 'content/twilio-voices.json';

export const voiceListSchema = z.object({
  source: z.string().min(1, { error: 'must say where the list was taken from' }),
  taken: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be the date the list was taken, such as 2026-12-07' }),
  note: z.string().optional(),
  voices: z.record(z.string(), z.array(z.string())),
});
export type VoiceList = z.output<typeof voiceListSchema>;

export function parseVoiceList(raw: unknown, where: string): VoiceList {
  return parseOrFail(voiceListSchema, raw, (path) => ({ subject: where, field: path }), PromptFileError);
}

/** One sentence for a language whose voice Twilio does not offer for its locale, or undefined. */
export function voiceProblem(language: Pick<Language, 'code' | 'voice' | 'language'>, list: VoiceList): string | undefined {
  const locale = localeOfVoice(language.voice) ?? language.language;
  const offered = list.voices[locale];
  const taken = `${VOICES_FILE}, taken from Twilio's voice table on ${list.taken}`;
  if (!offered) {
    return `prompts/languages.json: the voice "${language.voice}" of "${language.code}" speaks ${locale}, which ${taken} has no voices for; add that locale's voices from ${list.source.split(' ').find((w) => w.startsWith('https://')) ?? 'Twilio'} first.`;
  }
  if (offered.includes(language.voice)) return undefined;
  const close = closestName(language.voice, offered);
  const hint = close ? `did you mean "${close}"?` : `it offers ${offered.join(', ')}.`;
  return `prompts/languages.json: Twilio offers no voice "${language.voice}" for ${locale} (${taken}); ${hint}`;
}

/** Stops at the first language whose voice Twilio does not offer. */
export function checkVoices(languages: readonly Pick<Language, 'code' | 'voice' | 'language'>[], list: VoiceList): void {
  for (const language of languages) {
    const problem = voiceProblem(language, list);
    if (problem) throw new PromptFileError(problem);
  }
}
