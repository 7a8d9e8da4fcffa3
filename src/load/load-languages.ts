import { join } from 'node:path';
import { type Language, parseLanguages, PromptFileError } from '../hotline/index.js';
import { readJsonFile } from './read-json-file.js';

export function loadLanguages(promptsDir: string): Language[] {
  const file = join(promptsDir, 'languages.json');
  return parseLanguages(readJsonFile(file, PromptFileError), file);
}
