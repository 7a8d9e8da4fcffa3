import { join } from 'node:path';
import { parseOrFail } from '../content/describe-schema-error.js';
import { pronunciationFileSchema, pronunciationSubject, type PronunciationEntry } from '../content/pronunciation-schema.js';
import { type Language, PromptFileError, PRONUNCIATION_FILE, type PronunciationTable } from '../hotline/index.js';
import { readJsonFile } from './read-json-file.js';

export function loadPronunciations(promptsDir: string, languages: readonly Language[]): PronunciationTable {
  const file = join(promptsDir, PRONUNCIATION_FILE);
  const parsed = parseOrFail(pronunciationFileSchema, readJsonFile(file, PromptFileError), pronunciationSubject(file), PromptFileError);
  const known = new Set(languages.map((l) => l.code));
  const table = new Map<string, PronunciationEntry[]>();
  for (const [code, entries] of Object.entries(parsed)) {
    if (code === '$schema' || !Array.isArray(entries)) continue;
    if (!known.has(code)) throw new PromptFileError(`${file}: "${code}" is not a language in prompts/languages.json.`);
    table.set(code, entries);
  }
  return table;
}
