// `npm start` and every operator command (npm run preflight, configure-number, call, …): runs the
// built file named by the first argument (a path inside dist/), building first only when dist/ is
// missing or older than the sources. A built deploy runs at once, without TypeScript or any
// devDependency; a build that cannot be made (TypeScript missing, or its type packages pruned
// away) runs the built version with a warning. Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [target, ...args] = process.argv.slice(2);
if (!target) {
  process.stderr.write('Usage: node scripts/run-built.mjs <file in dist/, such as src/main.js> [arguments]\n');
  process.exit(2);
}
const entry = join(root, 'dist', target);
// Written after each build this launcher makes, so that a file saved without a change (which tsc
// leaves alone) does not make every later run rebuild.
const stamp = join(root, 'dist', '.built');
const SOURCES = ['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];
const what = target === 'src/main.js' ? 'the hotline' : `npm run ${process.env.npm_lifecycle_event ?? target}`;

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(path) ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function builtAt() {
  // tsc rewrites its build info whenever it builds anything, so "npm run build" counts too.
  return Math.max(...[stamp, join(root, 'dist', '.tsbuildinfo'), entry].map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
}

function findCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

const built = existsSync(entry);
const stale = built && Math.max(...SOURCES.map((s) => newestChange(join(root, s)))) > builtAt();
if (!built || stale) {
  const tsc = findCompiler();
  if (tsc) {
    process.stderr.write(built ? 'The sources changed since the last build: building…\n' : 'Building (first run)…\n');
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (result.status === 0) {
      writeFileSync(stamp, `${new Date().toISOString()}\n`);
    } else if (existsSync(entry)) {
      process.stderr.write(
        'The build failed, so the version built before runs instead (the sources have changed since): run "npm run build" to see why.\n',
      );
    } else {
      process.stdout.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      process.stderr.write(`Cannot start ${what}: the build failed (see above); fix it, or run "npm run build" to see it again.\n`);
      process.exit(1);
    }
  } else if (!built) {
    process.stderr.write(`Cannot start ${what}: dist/ is not built and TypeScript is not installed; run "npm ci && npm run build", then start again.\n`);
    process.exit(1);
  } else {
    process.stderr.write('dist/ looks older than the sources, but TypeScript is not installed to rebuild it: the built version runs.\n');
  }
}
// The built file reads its arguments from process.argv, as when started with `node dist/…`.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
