import { join } from 'node:path';
import { checkVoices, type Language, parseLanguages, parseVoiceList, PromptFileError } from '../hotline/index.js';
import { readJsonFile } from './read-json-file.js';

/** prompts/languages.json, each voice checked against the voices Twilio offers (content/twilio-voices.json). */
export function loadLanguages(promptsDir: string, voicesFile?: string): Language[] {
  const file = join(promptsDir, 'languages.json');
  const languages = parseLanguages(readJsonFile(file, PromptFileError), file);
  if (voicesFile) checkVoices(languages, parseVoiceList(readJsonFile(voicesFile, PromptFileError), voicesFile));
  return languages;
}
