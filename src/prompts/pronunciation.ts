import { join } from 'node:path';
import { readJsonFile } from '../content/read-json-file.js';
import { parseOrFail } from '../content/describe-schema-error.js';
import { pronunciationFileSchema, pronunciationSubject, type PronunciationEntry } from '../content/pronunciation-schema.js';
import { PromptFileError, type Language } from './languages.js';

export type { PronunciationEntry };

/** The names each language's voice is told how to say, by language code. */
export type PronunciationTable = ReadonlyMap<string, readonly PronunciationEntry[]>;

export const PRONUNCIATION_FILE = 'pronunciation.json';

/** A piece of spoken text: plain words, or a name from the pronunciation table. */
export type SpokenPiece = { readonly kind: 'words'; readonly text: string } | { readonly kind: 'name'; readonly entry: PronunciationEntry };

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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits text at the table's names, matched as whole words (a name inside a longer word is left
 * alone), the longest name first so "ROSA Senter" wins over "ROSA".
 */
export function splitNames(text: string, entries: readonly PronunciationEntry[]): SpokenPiece[] {
  if (entries.length === 0) return text ? [{ kind: 'words', text }] : [];
  const sorted = [...entries].sort((a, b) => b.written.length - a.written.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${sorted.map((e) => escape(e.written)).join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'gu');
  const byWritten = new Map(sorted.map((e) => [e.written, e]));
  const pieces: SpokenPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) pieces.push({ kind: 'words', text: text.slice(last, match.index) });
    pieces.push({ kind: 'name', entry: byWritten.get(match[0]) as PronunciationEntry });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'words', text: text.slice(last) });
  return pieces;
}
