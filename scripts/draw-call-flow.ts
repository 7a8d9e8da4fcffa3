import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot, loadHotline } from '../src/hotline.js';
import { drawCallFlow } from '../src/operations/draw-call-flow.js';

const file = join(findProjectRoot(), 'docs', 'call-flow.md');
writeFileSync(file, drawCallFlow(loadHotline()));
console.log(`Wrote ${file}`);
