import { z } from 'zod';
import type { NameSubject } from './describe-schema-error.js';

/**
 * prompts/pronunciation.json: per language, the names a voice would say wrongly and how it should
 * say them. Operators edit it; the renderer sends each voice only the markup its provider documents.
 */
const ENTRY_EXPECTED = 'must be {"written": "Роса", "alias": "Ро́са"}, with "ipa" if you know it';

export const pronunciationSchema = z
  .object(
    {
      written: z.string({ error: 'needs a text "written", the name as the prompts write it' }).min(1, { error: '"written" must not be empty' }).describe('The name as the prompts write it, such as "Роса" or "Ukrainian"; matched as a whole word.'),
      alias: z
        .string({ error: 'needs a text "alias", the name spelled as the voice should read it' })
        .min(1, { error: '"alias" must not be empty' })
        .describe('The name spelled so the voice reads it right, in the voice\'s own letters, such as "Ро́са" (a stress mark, U+0301) or "юкре́йніан"; sent as <sub alias>, or as plain text to a voice without SSML.'),
      ipa: z
        .string({ error: '"ipa" must be text, such as "ˈrɔsa"' })
        .min(1, { error: '"ipa" must not be empty' })
        .optional()
        .describe('How it sounds in the International Phonetic Alphabet, such as "ˈrɔsa"; sent as <phoneme> to a provider that documents it, else the alias is used.'),
    },
    { error: ENTRY_EXPECTED },
  )
  .strict();

export const pronunciationFileSchema = z
  .object({ $schema: z.string().optional() }, { error: 'must be an object of languages, such as {"uk": [{"written": "Роса", "alias": "Ро́са"}]}' })
  .catchall(z.array(pronunciationSchema, { error: 'must be a list of names, such as [{"written": "Роса", "alias": "Ро́са"}]' }))
  .describe('Per language code ("uk", "ru", "en"): names a voice would say wrongly, and how it should say them.');

export type PronunciationEntry = z.output<typeof pronunciationSchema>;

/** Names the file; the field is the language and entry, such as "uk", item 1. */
export const pronunciationSubject = (where: string): NameSubject => (path) => ({ subject: where, field: path });
