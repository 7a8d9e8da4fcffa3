// `npm start`: runs the built server, building it first only when dist/ is missing or older than
// the sources, so a fresh clone starts with `npm install && npm start` and a built deploy starts
// at once without TypeScript. Plain JavaScript, because it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'server.js');
const SOURCES = ['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(path) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function findCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

const built = existsSync(entry);
const stale = built && Math.max(...SOURCES.map((s) => newestChange(join(root, s)))) > statSync(entry).mtimeMs;
if (!built || stale) {
  const tsc = findCompiler();
  if (tsc) {
    process.stderr.write(built ? 'The sources changed since the last build: building…\n' : 'Building the server (first start)…\n');
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write('Cannot start the hotline: the build failed (see above); fix it, or run "npm run build" to see it again.\n');
      process.exit(1);
    }
  } else if (!built) {
    process.stderr.write('Cannot start the hotline: dist/ is not built and TypeScript is not installed; run "npm ci && npm run build", then start again.\n');
    process.exit(1);
  } else {
    process.stderr.write('dist/ looks older than the sources, but TypeScript is not installed to rebuild it: starting the built version.\n');
  }
}
await import(pathToFileURL(entry).href);
