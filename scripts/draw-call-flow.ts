import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { findProjectRoot, loadHotline } from '../src/load/load-hotline.js';
import { drawCallFlow } from '../src/tools/operations/draw-call-flow.js';

const USAGE = ['Usage: npm run flow', '', 'Draws the call flow as a Mermaid diagram in docs/call-flow.md, from the menus the line speaks.'].join('\n');

process.exitCode = await runCommand({ usage: USAGE, options: {} }, process.argv.slice(2), processIo, () => {
  const file = join(findProjectRoot(), 'docs', 'call-flow.md');
  writeFileSync(file, drawCallFlow(loadHotline()));
  processIo.out(`Wrote ${file}`);
  return EXIT_OK;
});
