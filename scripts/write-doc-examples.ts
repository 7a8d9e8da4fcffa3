import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_FAILED, EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { errorMessage } from '../src/content/error-message.js';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { EXAMPLES, makeExamples } from './doc-examples/examples.js';
import { documentationPages, rewriteExamples } from './doc-examples/markdown-blocks.js';

const USAGE = [
  'Usage: node scripts/run-built.mjs scripts/write-doc-examples.js',
  '',
  'Writes again every example of the program\'s output in README.md and docs/*.md: each block marked',
  '<!-- example: <name> --> gets what the program prints now. Run it after changing the words, the',
  'directory or what a command prints; tests/doc-examples.test.ts fails until then. The examples:',
  ...Object.entries(EXAMPLES).map(([name, example]) => `  ${name.padEnd(26)}${example.shows}`),
].join('\n');

const root = findProjectRoot();
process.exitCode = await runCommand({ usage: USAGE, options: {} }, process.argv.slice(2), processIo, async () => {
  try {
    const outputs = await makeExamples();
    for (const page of documentationPages(root)) {
      const path = join(root, page);
      const before = readFileSync(path, 'utf8');
      const after = rewriteExamples(before, (name) => {
        const output = outputs.get(name);
        if (output === undefined) throw new Error(`${page} names the example "${name}", which scripts/doc-examples/examples.ts does not make.`);
        return output;
      });
      if (after !== before) {
        writeFileSync(path, after);
        processIo.out(`${page}: examples written again`);
      }
    }
    return EXIT_OK;
  } catch (error) {
    processIo.err(`Cannot write the examples: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
});
