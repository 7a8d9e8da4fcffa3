import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrFail } from '../src/content/describe-schema-error.js';
import { EDITOR_SCHEMAS, editorSchemaText } from '../src/tools/operations/editor-schemas.js';
import { helplinesFileSchema } from '../src/hotline/helplines/helplines-schema.js';
import { languagesFileSchema } from '../src/content/languages-schema.js';
import { promptFileSchema, promptFileSubject } from '../src/content/prompt-file-schema.js';
import { findProjectRoot } from '../src/load/load-hotline.js';

const root = findProjectRoot();
const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

/** The committed JSON Schema an editor reads, compiled by a JSON Schema validator (not zod). */
function editorCheck(schemaFile: string): ValidateFunction {
  // The "date" format is checked by the schema's own pattern; ajv only needs to know the name.
  const ajv = new Ajv({ strict: true, allErrors: true, formats: { date: true } });
  return ajv.compile(read(schemaFile) as object);
}

const editor = {
  helplines: editorCheck('content/helplines.schema.json'),
  languages: editorCheck('prompts/languages.schema.json'),
  prompts: editorCheck('prompts/prompts.schema.json'),
};

const copy = <T>(value: T): T => structuredClone(value);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('The JSON Schemas editors read are generated from the server\'s schemas', () => {
  it.each(EDITOR_SCHEMAS.map((s) => [s.file, s.schema] as const))('%s is fresh', (file, schema) => {
    const committed = readFileSync(join(root, file), 'utf8');
    expect(committed, `${file} differs from the schemas in src/content/: run npm run schemas`).toBe(editorSchemaText(schema));
  });

  it('When content/helplines.json and prompts/languages.json are opened, Then their "$schema" line points at the schema next to them', () => {
    expect((read('content/helplines.json') as Json).$schema).toBe('./helplines.schema.json');
    expect((read('prompts/languages.json') as Json).$schema).toBe('./languages.schema.json');
  });

  it('The shipped files pass the committed JSON Schemas (ajv) and the server (zod)', () => {
    for (const [file, check, schema] of [
      ['content/helplines.json', editor.helplines, helplinesFileSchema],
      ['prompts/languages.json', editor.languages, languagesFileSchema],
      ['prompts/en.json', editor.prompts, promptFileSchema],
      ['prompts/uk.json', editor.prompts, promptFileSchema],
      ['prompts/ru.json', editor.prompts, promptFileSchema],
    ] as const) {
      const data = read(file);
      expect(check(data), `${file}: ${JSON.stringify(check.errors)}`).toBe(true);
      expect((schema as z.ZodType).safeParse(data).success, file).toBe(true);
    }
  });
});

const helplines = () => copy(read('content/helplines.json')) as Json;
const languages = () => copy(read('prompts/languages.json')) as Json;
const prompts = () => copy(read('prompts/en.json')) as Json;

describe('A broken copy is refused by the editor\'s schema and by the server alike', () => {
  it.each<[string, () => Json]>([
    ['an unknown weekday', () => { const d = helplines(); d.helplines[2].hours = { monday: ['10:00-16:00'] }; return d; }],
    ['a time written without its colon', () => { const d = helplines(); d.helplines[2].hours.mon = ['1000-16:00']; return d; }],
    ['hours that are neither "always" nor weekly', () => { const d = helplines(); d.helplines[0].hours = 'sometimes'; return d; }],
    ['a short number marked for dialling', () => { const d = helplines(); d.helplines[0].dial = true; return d; }],
    ['a number with a letter', () => { const d = helplines(); d.helplines[3].number = '+47 22 33 11 6O'; return d; }],
    ['an id with capitals', () => { const d = helplines(); d.helplines[3].id = 'Rosa'; return d; }],
    ['a helpline without hours', () => { const d = helplines(); delete d.helplines[3].hours; return d; }],
    ['a closed date that is not in the calendar', () => { const d = helplines(); d.helplines[2].closedDates = ['2026-02-30']; return d; }],
    ['a misspelt field', () => { const d = helplines(); d.helplines[3].youngpeople = true; return d; }],
    ['"dial" as text', () => { const d = helplines(); d.helplines[3].dial = 'true'; return d; }],
    ['no helplines', () => { const d = helplines(); d.helplines = []; return d; }],
    ['a holiday country in lower case', () => { const d = helplines(); d.holidays = 'no'; return d; }],
  ])('content/helplines.json with %s', (_name, broken) => {
    const data = broken();
    expect(editor.helplines(data)).toBe(false);
    expect(helplinesFileSchema.safeParse(data).success).toBe(false);
  });

  it.each<[string, () => Json]>([
    ['key 0', () => { const d = languages(); d.languages[0].key = '0'; return d; }],
    ['a three-letter code', () => { const d = languages(); d.languages[0].code = 'ukr'; return d; }],
    ['a voice that is neither Google nor Polly', () => { const d = languages(); d.languages[0].voice = 'alice'; return d; }],
    ['a misspelt field', () => { const d = languages(); d.languages[0].voise = 'x'; return d; }],
    ['"ssml" as text', () => { const d = languages(); d.languages[0].ssml = 'yes'; return d; }],
    ['a speaking rate of 0', () => { const d = languages(); d.languages[0].charsPerSecond = 0; return d; }],
    ['a caller prefix without "+"', () => { const d = languages(); d.languages[0].callerPrefixes = ['380']; return d; }],
    ['no languages', () => { const d = languages(); d.languages = []; return d; }],
  ])('prompts/languages.json with %s', (_name, broken) => {
    const data = broken();
    expect(editor.languages(data)).toBe(false);
    expect(languagesFileSchema.safeParse(data).success).toBe(false);
  });

  it.each<[string, () => Json]>([
    ['an empty sentence', () => { const d = prompts(); d.opening.danger = ''; return d; }],
    ['a number instead of a sentence', () => { const d = prompts(); d.opening.danger = 112; return d; }],
    ['a list instead of a group', () => { const d = prompts(); d.opening = ['In danger?']; return d; }],
  ])('a prompt file with %s', (_name, broken) => {
    const data = broken();
    expect(editor.prompts(data)).toBe(false);
    expect(promptFileSchema.safeParse(data).success).toBe(false);
  });

  // What JSON Schema cannot say is checked at start-up only: the editor lets these through.
  it.each<[string, string, () => Json, z.ZodType]>([
    ['content/helplines.json', 'an id used twice', () => { const d = helplines(); d.helplines[4].id = 'rosa'; return d; }, helplinesFileSchema],
    ['content/helplines.json', 'an unknown time zone', () => { const d = helplines(); d.timeZone = 'Europe/Atlantis'; return d; }, helplinesFileSchema],
    ['content/helplines.json', 'hours that end before they start', () => { const d = helplines(); d.helplines[2].hours.mon = ['16:00-10:00']; return d; }, helplinesFileSchema],
    ['content/helplines.json', 'a country without a holiday calendar', () => { const d = helplines(); d.holidays = 'XX'; return d; }, helplinesFileSchema],
    ['prompts/languages.json', 'a Russian voice for Ukrainian', () => { const d = languages(); d.languages[0].voice = 'Google.ru-RU-Wavenet-A'; return d; }, languagesFileSchema],
    ['prompts/languages.json', 'a key used twice', () => { const d = languages(); d.languages[1].key = '1'; return d; }, languagesFileSchema],
    ['prompts/languages.json', 'a pattern that does not compile', () => { const d = languages(); d.languages[0].notLetters = '[ы'; return d; }, languagesFileSchema],
  ])('%s with %s passes the editor but stops the server', (file, _name, broken, schema) => {
    const data = broken();
    expect(editorCheck(file.replace('.json', '.schema.json'))(data)).toBe(true);
    expect(schema.safeParse(data).success).toBe(false);
  });
});

describe('One sentence per problem, never a dump of zod issues', () => {
  const fail = (schema: z.ZodType, value: unknown) => () => parseOrFail(schema, value, promptFileSubject('prompts/uk.json'), Error);

  it.each<[string, unknown, string]>([
    ['an empty sentence', { opening: { danger: '' } }, 'prompts/uk.json: "opening.danger" must be a sentence, not empty text.'],
    ['a number instead of a sentence', { opening: { danger: 112 } }, 'prompts/uk.json: "opening.danger" must be a sentence (text) or a group of sentences ({"key": "sentence"}).'],
    ['a list instead of a group, deep down', { main: { labels: { signs: ['warning signs'] } } }, 'prompts/uk.json: "main.labels.signs" must be a sentence (text) or a group of sentences ({"key": "sentence"}).'],
    ['a list instead of the file\'s groups', [], 'prompts/uk.json must be an object of sentence groups, such as {"opening": {"danger": "In danger? …"}}.'],
  ])('When a prompt file has %s, Then the sentence names the key', (_name, value, message) => {
    expect(fail(promptFileSchema, value)).toThrow(new Error(message));
  });

  // Where a schema gives no message of its own, the sentence is made from the issue.
  const plain = z.object({ a: z.number(), b: z.array(z.string()).min(1), c: z.enum(['x', 'y']).optional(), d: z.strictObject({}).optional() });
  it.each<[string, unknown, string]>([
    ['a missing field', { b: ['x'] }, 'prompts/uk.json needs "a" (a number).'],
    ['a field of the wrong kind', { a: '1', b: ['x'] }, 'prompts/uk.json: "a" is "1", but it must be a number.'],
    ['an empty list', { a: 1, b: [] }, 'prompts/uk.json: "b" must not be empty.'],
    ['a wrong item in a list', { a: 1, b: ['x', 2] }, 'prompts/uk.json: item 2 of "b" is 2, but it must be text.'],
    ['a value outside a choice', { a: 1, b: ['x'], c: 'z' }, 'prompts/uk.json: "c" is "z", but it must be "x" or "y".'],
    ['an unknown field', { a: 1, b: ['x'], d: { q: 1 } }, 'prompts/uk.json: "d" has an unknown field "q".'],
    ['text for the whole file', 'x', 'prompts/uk.json is "x", but it must be an object.'],
  ])('When a value has %s and the schema says nothing, Then the sentence is still one of its own', (_name, value, message) => {
    expect(fail(plain, value)).toThrow(new Error(message));
  });
});

