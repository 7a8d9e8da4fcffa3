// `npm start`, the Procfile and every operator command (npm run preflight, configure-number, call, …):
// runs the built file named by the first argument (a path inside dist/), never older code than the
// sources. When a source is newer than what was built from it, it builds first; when that build
// fails, or no compiler is there to make it, it stops with the reason and runs nothing: old code on
// a safety line would answer callers with what the sources no longer say. A deploy whose dist/ is as
// new as its sources runs at once, without TypeScript or any devDependency. Plain JavaScript: it
// runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const [target, ...args] = process.argv.slice(2);
if (!target) {
  process.stderr.write('Usage: node scripts/run-built.mjs <file in dist/, such as src/main.js> [arguments]\n');
  process.exit(2);
}
const entry = join(dist, target);
// Written after each build this launcher makes: a file saved without a change is not compiled
// again by tsc (its output keeps the older time), and must not make every later run rebuild.
const stamp = join(dist, '.built');
const SOURCE_DIRS = ['src', 'scripts'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const what = target === 'src/main.js' ? 'the hotline' : `npm run ${process.env.npm_lifecycle_event ?? target}`;

const changedAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** Every TypeScript source below `dir` (declaration files emit nothing, so they have no output to compare). */
function sourcesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return sourcesIn(path);
    return /\.[cm]?ts$/.test(item.name) && !/\.d\.[cm]?ts$/.test(item.name) ? [path] : [];
  });
}

/** The file tsc writes for a source: dist/<same path> with .js (.mjs, .cjs). */
const outputOf = (source) => join(dist, relative(root, source).replace(/ts$/, 'js'));

/**
 * The first source newer than what was built from it, or undefined when dist/ is up to date. Each
 * source is compared with its own output, because tsc writes no output for a file it could not
 * build (noEmitOnError) but still rewrites its build info: a failed build must not look like a build.
 */
function firstStaleSource() {
  const built = changedAt(stamp);
  const stale = SOURCE_DIRS.flatMap((dir) => sourcesIn(join(root, dir))).find((source) => {
    const output = changedAt(outputOf(source));
    return output === 0 || changedAt(source) > Math.max(output, built);
  });
  if (stale) return relative(root, stale);
  // A changed compiler setting rebuilds every file, the entry among them.
  return CONFIGS.find((config) => changedAt(join(root, config)) > Math.max(changedAt(entry), built));
}

function findCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

function stop(sentence) {
  process.stderr.write(`Cannot start ${what}: ${sentence}\n`);
  process.exit(1);
}

/** Builds dist/ from the sources, or stops with the compiler's own messages: nothing old runs instead. */
function build(tsc, why) {
  process.stderr.write(why);
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noEmitOnError'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status === 0) {
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    return;
  }
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `${result.error.message}\n` : ''}`);
  stop('the build failed (the compiler says why above), and the version built before is older than the sources, so it does not run either. Fix the sources and start again.');
}

const built = existsSync(entry);
const stale = built ? firstStaleSource() : undefined;
if (!built || stale) {
  const tsc = findCompiler();
  if (!tsc && !built) stop('dist/ is not built and TypeScript is not installed; run "npm ci && npm run build", then start again.');
  if (!tsc) {
    stop(
      `${stale} is newer than dist/, and TypeScript is not installed here to rebuild it, so the older build does not run. Build from these sources (npm ci && npm run build), or deploy a dist/ built from them.`,
    );
  }
  build(tsc, built ? `The sources changed since the last build (${stale}): building…\n` : 'Building (first run)…\n');
}
// The built file reads its arguments from process.argv, as when started with `node dist/…`.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
