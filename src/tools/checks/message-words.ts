import { z } from 'zod';
import { readJsonFile } from '../../load/read-json-file.js';
import { parseOrFail } from '../../content/describe-schema-error.js';
import type { MessageWords } from './check-prompt-texts.js';

class MessageWordsError extends Error {}

const messageWordsSchema = z.record(
  z.string().regex(/^[a-z]{2}$/, { error: 'must be a two-letter language code, such as "uk"' }),
  z.array(z.string().min(1, { error: 'must be a word, not empty text' }), { error: 'must be a list of words, such as ["useful", "numbers"]' }),
  { error: 'must be an object of word lists per language, such as {"en": ["useful", "numbers"]}' },
);

/** content/message-words.json: the fixed words each language's text message may use. */
export function loadMessageWords(file: string): MessageWords {
  return parseOrFail(messageWordsSchema, readJsonFile(file, MessageWordsError), (path) => ({ subject: file, field: path }), MessageWordsError);
}
