// `npm run schemas`: writes the JSON Schemas that editors check content/helplines.json and
// prompts/languages.json with (through their "$schema" line), from the schemas the server checks
// them with. Run it after changing a schema in src/content/; tests/schemas.test.ts fails until then.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDITOR_SCHEMAS, editorSchemaText } from '../src/operations/editor-schemas.js';

/** The folder with package.json, whether this runs from scripts/ or dist/scripts/. */
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'package.json'))) root = dirname(root);

for (const { file, schema } of EDITOR_SCHEMAS) {
  writeFileSync(join(root, file), editorSchemaText(schema));
  console.log(`wrote ${file}`);
}
