import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Run once before any test (vitest.config.ts, globalSetup): dist/ is built from the sources as they
 * are now. Many tests start the built server or run built commands; without this,
 * `npx vitest run tests/<file>` after an edit tested the build before it, and a test that runs a
 * command through scripts/run-built.mjs could rebuild dist/ while other files were using it.
 * run-built builds only when a source is newer than its output, so under `npm test` (which builds
 * first) this costs one quick check.
 */
export function setup(): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-built.mjs'), 'scripts/write-schemas.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`dist/ could not be built from the sources, so no test runs:\n${run.stderr}${run.stdout}`);
}
