// `npm run schemas`: writes the JSON Schemas that editors check content/helplines.json and
// prompts/languages.json with (through their "$schema" line), from the schemas the server checks
// them with. Run it after changing a schema in src/content/; tests/schemas.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { EDITOR_SCHEMAS, editorSchemaText } from '../src/tools/operations/editor-schemas.js';
import { findProjectRoot } from '../src/load/load-hotline.js';

const USAGE = [
  'Usage: npm run schemas',
  '',
  'Writes the JSON Schemas that editors check content/helplines.json and prompts/languages.json with,',
  'from the schemas the server checks them with. Run it after changing a schema in src/content/.',
].join('\n');

process.exitCode = await runCommand({ usage: USAGE, options: {} }, process.argv.slice(2), processIo, () => {
  const root = findProjectRoot();
  for (const { file, schema } of EDITOR_SCHEMAS) {
    writeFileSync(join(root, file), editorSchemaText(schema));
    processIo.out(`wrote ${file}`);
  }
  return EXIT_OK;
});
