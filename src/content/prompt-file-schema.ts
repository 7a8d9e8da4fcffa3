import { z } from 'zod';
import type { NameSubject } from './describe-schema-error.js';

/**
 * prompts/<lang>.json: groups of sentences, nested as deep as the prompts need, every leaf a
 * non-empty sentence. The prompt catalog reads these files; this is their shape for editors and tests.
 */
export type PromptTree = { [key: string]: string | PromptTree };

const SENTENCE_OR_GROUP = 'must be a sentence (text) or a group of sentences ({"key": "sentence"})';

const sentenceOrGroup = (): z.ZodType<string | PromptTree> =>
  z.union([z.string().min(1, { error: 'must be a sentence, not empty text' }), promptTreeSchema], { error: SENTENCE_OR_GROUP });

/** A group of sentences and further groups. */
export const promptTreeSchema: z.ZodType<PromptTree> = z
  .lazy(() => z.record(z.string(), sentenceOrGroup()))
  .meta({ id: 'sentenceGroup', description: 'A group of sentences, such as {"danger": "In danger? …"}, and further groups.' });

export const promptFileSchema = z
  .record(z.string(), sentenceOrGroup(), { error: 'must be an object of sentence groups, such as {"opening": {"danger": "In danger? …"}}' })
  .describe(
    'The sentences of one language, in groups; every file has the keys of prompts/en.json. A phone number is written as a token, [[rosa]], and read from content/helplines.json; opening hours as {{hours.caritas}}.',
  );

/** Names the file; the field is the prompt key, such as "opening.danger". */
export const promptFileSubject = (where: string): NameSubject => (path) => ({ subject: where, field: path });
