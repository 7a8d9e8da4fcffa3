import type { VoiceResponse } from '../../vendor/twilio-internals.js';
import type { PronunciationEntry } from '../prompts/pronunciation.js';
import type { SsmlSupport } from './voice-ssml.js';

/**
 * Appends a name from the pronunciation table to a <Say> with only what the voice's provider
 * documents: <phoneme> with IPA where the entry has one and the provider documents it, else
 * <sub alias>; a voice without SSML gets the alias as plain text, since it is spelled as that voice
 * should read it.
 */
export function appendName(sayElement: VoiceResponse.Say, entry: PronunciationEntry, ssml: SsmlSupport | undefined): void {
  if (ssml && entry.ipa && ssml.elements.has('phoneme')) {
    sayElement.phoneme({ alphabet: 'ipa', ph: entry.ipa }, entry.written);
  } else if (ssml?.elements.has('sub')) {
    sayElement.sub({ alias: entry.alias }, entry.written);
  } else {
    sayElement.addText(entry.alias);
  }
}
