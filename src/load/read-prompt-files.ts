import { join } from 'node:path';
import { parseOrFail } from '../content/describe-schema-error.js';
import { promptFileSchema, promptFileSubject, type PromptTree } from '../content/prompt-file-schema.js';
import { type Language, PromptFileError, REFERENCE_LANGUAGE } from '../hotline/index.js';
import { readJsonFile } from './read-json-file.js';

export function readPromptFiles(promptsDir: string, languages: readonly Language[]): Record<string, PromptTree> {
  const files: Record<string, PromptTree> = {};
  for (const code of new Set([REFERENCE_LANGUAGE, ...languages.map((l) => l.code)])) {
    const file = join(promptsDir, `${code}.json`);
    // Only sentences and groups of them: a number or a list where a sentence belongs stops start-up with its key.
    files[code] = parseOrFail(promptFileSchema, readJsonFile(file, PromptFileError), promptFileSubject(file), PromptFileError);
  }
  return files;
}
