import type { PronunciationEntry } from '../../content/pronunciation-schema.js';
import { escapeRegExp } from '../../content/escape-reg-exp.js';

export type { PronunciationEntry };

/** The names each language's voice is told how to say, by language code. */
export type PronunciationTable = ReadonlyMap<string, readonly PronunciationEntry[]>;

export const PRONUNCIATION_FILE = 'pronunciation.json';

/** A piece of spoken text: plain words, or a name from the pronunciation table. */
export type SpokenPiece = { readonly kind: 'words'; readonly text: string } | { readonly kind: 'name'; readonly entry: PronunciationEntry };


/**
 * Splits text at the table's names, matched as whole words (a name inside a longer word is left
 * alone), the longest name first so "ROSA Senter" wins over "ROSA".
 */
export function splitNames(text: string, entries: readonly PronunciationEntry[]): SpokenPiece[] {
  if (entries.length === 0) return text ? [{ kind: 'words', text }] : [];
  const sorted = [...entries].sort((a, b) => b.written.length - a.written.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${sorted.map((e) => escapeRegExp(e.written)).join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'gu');
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
