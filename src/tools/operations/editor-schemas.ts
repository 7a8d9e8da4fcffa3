import { z } from 'zod';
import { helplinesFileSchema } from '../../hotline/index.js';
import { languagesFileSchema } from '../../content/languages-schema.js';
import { promptFileSchema } from '../../content/prompt-file-schema.js';
import { pronunciationFileSchema } from '../../content/pronunciation-schema.js';

/**
 * The JSON Schemas editors check the content files with, generated from the schemas the server
 * checks them with (`npm run schemas` writes them; tests/schemas.test.ts fails when they are stale).
 * Draft-07, which every editor with JSON Schema support reads. Rules JSON Schema cannot express
 * (unique ids, a voice that speaks its language, a known time zone) are checked at start-up only.
 */
export const EDITOR_SCHEMAS: readonly { readonly file: string; readonly schema: z.ZodType }[] = [
  { file: 'content/helplines.schema.json', schema: helplinesFileSchema },
  { file: 'prompts/languages.schema.json', schema: languagesFileSchema },
  { file: 'prompts/prompts.schema.json', schema: promptFileSchema },
  { file: 'prompts/pronunciation.schema.json', schema: pronunciationFileSchema },
];

/** The text of a JSON Schema file, as written to disk: what the file accepts, not what the server makes of it. */
export function editorSchemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }), null, 2)}\n`;
}
