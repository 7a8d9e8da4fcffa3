import type { Hotline } from '../../src/hotline/hotline.js';
import { speech, type PromptKey, type PromptParams } from '../../src/hotline/prompts/prompt-key.js';
import { hotline } from './test-line.js';

/** What a caller of `line` hears: the words of a prompt, and each language's voice. */
export function speechOf(line: () => Hotline) {
  return {
    /** The words of a prompt as the caller hears them, up to its first phone number. */
    words(lang: string, key: PromptKey, params?: PromptParams): string {
      const text = line().catalog.text(lang, speech(key, params));
      return (text.split('[[')[0] ?? '').replace(/\s+/g, ' ').trim();
    },
    voices: Object.fromEntries(line().catalog.languages.map((l) => [l.code, { voice: l.voice, language: l.language }])) as Record<string, { voice: string; language: string }>,
  };
}

const shipped = speechOf(hotline);
/** The words of a prompt of the shipped line, up to its first phone number. */
export const words = shipped.words;
export const VOICES = shipped.voices;
