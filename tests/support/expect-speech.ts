import { speech, type PromptKey, type PromptParams } from '../../src/prompts/prompt-key.js';
import { hotline } from './test-line.js';

/** The words of a prompt as the caller hears them, up to its first phone number. */
export function words(lang: string, key: PromptKey, params?: PromptParams): string {
  const text = hotline().catalog.text(lang, speech(key, params));
  return (text.split('[[')[0] ?? '').replace(/\s+/g, ' ').trim();
}

export const VOICES: Record<string, { voice: string; language: string }> = Object.fromEntries(
  hotline().catalog.languages.map((l) => [l.code, { voice: l.voice, language: l.language }]),
);
