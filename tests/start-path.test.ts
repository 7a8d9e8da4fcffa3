import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { freePort } from './support/built-server.js';
import { BUILD_TEST_MS, SERVER_READY_MS } from './support/timeouts.js';

const ROOT = findProjectRoot();
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of the project in a folder of its own, as a deploy leaves it: the sources, then dist/ as
 * built here, copied after them and so newer, with the installed packages: all of them, or all but
 * TypeScript, as on a deployed host that cannot compile. What the tests do to it touches neither
 * this checkout nor other tests.
 */
function copyProject(options: { compiler: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-start-path-'));
  copies.push(dir);
  for (const name of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts', 'prompts', 'content', 'public']) {
    cpSync(join(ROOT, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  }
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  const modules = join(ROOT, 'node_modules');
  if (options.compiler) {
    symlinkSync(modules, join(dir, 'node_modules'));
  } else {
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(modules).filter((n) => n !== 'typescript' && n !== '.bin')) symlinkSync(join(modules, name), join(dir, 'node_modules', name));
  }
  return dir;
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );

/**
 * `npm start -- <args>` in a folder with only the given environment. A server that does start (on
 * `port`, when given) is stopped as soon as it answers, and anything still running after `withinMs`.
 */
function npmStart(cwd: string, args: readonly string[], env: Record<string, string>, options: { port?: number; withinMs: number }) {
  // A process group of its own, so that a server started by mistake is stopped with npm.
  const child = spawn('npm', ['start', '--silent', '--', ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  let served = false;
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = () => child.pid && child.exitCode === null && process.kill(-child.pid, 'SIGKILL');
  const deadline = setTimeout(stop, options.withinMs);
  const { port } = options;
  const watch = port === undefined ? undefined : setInterval(() => void answers(port).then((yes) => yes && ((served = true), stop())), 250);
  return new Promise<{ code: number | null; out: string; err: string; served: boolean }>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(deadline);
      clearInterval(watch);
      resolve({ code, out, err, served });
    }),
  );
}

describe('npm start runs only code built from the sources it stands beside', () => {
  it('The Procfile starts the same file as npm start, with the same node flags', () => {
    const web = /^web: *(.+)$/m.exec(readFileSync(join(ROOT, 'Procfile'), 'utf8'))?.[1];
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(web).toMatch(/scripts\/run-built\.mjs src\/main\.js$/);
    expect(start?.replace(/^exec /, '')).toBe(web);
  });

  it(
    'When a source file does not compile, Then npm start exits 1 with the compiler\'s message and serves nothing, and so does the next npm start',
    { timeout: BUILD_TEST_MS },
    async () => {
      const dir = copyProject({ compiler: true });
      appendFileSync(join(dir, 'src', 'settings', 'redis-address.ts'), "export const notANumber: number = 'text';\n");
      const port = await freePort();
      // The first start builds and fails; the failed build must leave nothing that looks built to the second.
      for (const attempt of ['first', 'second']) {
        const run = await npmStart(dir, [], { PORT: String(port) }, { port, withinMs: BUILD_TEST_MS / 3 });
        expect({ attempt, served: run.served, code: run.code }).toEqual({ attempt, served: false, code: 1 });
        expect(run.err).toContain("src/settings/redis-address.ts(3,14): error TS2322: Type 'string' is not assignable to type 'number'.");
        expect(run.err).toMatch(/Cannot start the hotline: the build failed/);
        expect(run.out).toBe('');
      }
    },
  );

  it(
    'When TypeScript is not installed (a pruned deploy), Then a dist/ as new as its sources runs, and one older than a source does not',
    { timeout: BUILD_TEST_MS },
    async () => {
      const dir = copyProject({ compiler: false });
      const fresh = await npmStart(dir, ['--help'], {}, { withinMs: SERVER_READY_MS });
      expect({ code: fresh.code, err: fresh.err }).toEqual({ code: 0, err: '' });
      expect(fresh.out).toMatch(/^Usage: npm start/);

      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dir, 'src', 'main.ts'), later, later);
      const stale = await npmStart(dir, ['--help'], {}, { withinMs: SERVER_READY_MS });
      expect(stale.code).toBe(1);
      expect(stale.out).toBe('');
      expect(stale.err.trim()).toBe(
        'Cannot start the hotline: src/main.ts is newer than dist/, and TypeScript is not installed here to rebuild it, so the older build does not run. Build from these sources (npm ci && npm run build), or deploy a dist/ built from them.',
      );
    },
  );
});
