import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { freePort, waitUntilReady } from './support/built-server.js';
import { SERVER_READY_MS, SERVER_TEST_MS } from './support/timeouts.js';

const ROOT = findProjectRoot();
/** npm writes its logs under HOME: a folder of its own, not the project. */
const NPM_HOME = mkdtempSync(join(tmpdir(), 'hotline-npm-home-'));
const API_KEY_SID = `SK${'0123456789abcdef'.repeat(2)}`;
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;

/** Runs a built operator command in `cwd` with only the given environment; resolves to its exit code and output. */
function runBuilt(script: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', script), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

function folderWithEnv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-command-env-'));
  writeFileSync(join(dir, '.env'), text);
  return dir;
}

describe('Operator commands read .env like the server, the environment winning', () => {
  it('When the Twilio account is only in .env, Then configure-number reads it (and a value in the environment wins)', { timeout: SERVER_TEST_MS }, async () => {
    const dir = folderWithEnv(`TWILIO_ACCOUNT_SID=${API_KEY_SID}\nTWILIO_AUTH_TOKEN=token-from-the-env-file-0123\n`);
    const fromFile = await runBuilt('configure-number.js', ['+4721000000', 'https://hotline.example.org'], { cwd: dir });
    expect(fromFile.code).toBe(2);
    expect(fromFile.err).toMatch(/^TWILIO_ACCOUNT_SID is not an Account SID \(it looks like an API key SID/);
    const overridden = await runBuilt('configure-number.js', ['+4721000000', 'https://hotline.example.org'], { cwd: dir, env: { TWILIO_ACCOUNT_SID: 'AC123' } });
    expect(overridden.err).toMatch(/^TWILIO_ACCOUNT_SID is not an Account SID: /);
  });

  it('When the number, address and credentials are only in .env, Then preflight reads them', { timeout: SERVER_TEST_MS }, async () => {
    const dir = folderWithEnv(
      `TWILIO_ACCOUNT_SID=${ACCOUNT_SID}\nTWILIO_AUTH_TOKEN=token-from-the-env-file-0123\nHOTLINE_NUMBER=+4721000000\nPUBLIC_BASE_URL=http://hotline.example.org\n`,
    );
    const run = await runBuilt('preflight.js', ['--no-call'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.err.trim()).toBe('PUBLIC_BASE_URL: "http://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.');
  });
});

/** Runs `npm run <script> -- <args>` in the project, with only the given environment. */
function runNpm(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: NPM_HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('--help on every npm command', () => {
  it.each([
    ['start', 'Usage: npm start'],
    ['call', 'Usage: npm run call'],
    ['preflight', 'Usage: npm run preflight'],
    ['review-speech', 'Usage: npm run review-speech'],
    ['configure-number', 'Usage: npm run configure-number'],
    ['bench', 'Usage: npm run bench'],
    ['export-fallback', 'Usage: npm run export-fallback'],
    ['check:prompts', 'Usage: npm run check:prompts'],
    ['flow', 'Usage: npm run flow'],
    ['schemas', 'Usage: npm run schemas'],
    ['check:deploy', 'Usage: npm run check:deploy'],
  ])('npm run %s -- --help prints its usage, exits 0 and does nothing else', { timeout: SERVER_TEST_MS }, async (script, usage) => {
    const run = await runNpm(script, ['--help']);
    // In a working tree edited since the last build, the first command builds first and says so.
    const err = run.err.replace(/^The sources changed since the last build[^\n]*: building…\n/, '');
    expect({ code: run.code, err }).toEqual({ code: 0, err: '' });
    expect(run.out.startsWith(usage)).toBe(true);
  });
});

describe('A wrong option is told last, under the usage', () => {
  it.each([
    ['start', 'Usage: npm start'],
    ['check:prompts', 'Usage: npm run check:prompts'],
    ['check:deploy', 'Usage: npm run check:deploy'],
  ])('npm run %s -- --bogus exits 2 with the usage, then the sentence on the last line', { timeout: SERVER_TEST_MS }, async (script, usage) => {
    const run = await runNpm(script, ['--bogus']);
    const err = run.err.replace(/^The sources changed since the last build[^\n]*: building…\n/, '').trimEnd();
    expect(run.code).toBe(2);
    expect(err.startsWith(usage)).toBe(true);
    expect(err.split('\n').at(-1)).toBe('--bogus is not an option of this command.');
  });
});

describe('npm start passes signals on to the server', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('When %s goes to the npm process of npm start, Then the server stops gracefully and the port is closed within 10 s', { timeout: SERVER_TEST_MS }, async (signal) => {
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: NPM_HOME, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntilReady(port, SERVER_READY_MS);
      const sent = Date.now();
      child.kill(signal);
      await exited;
      expect(await portClosed(port, 10_000 - (Date.now() - sent))).toBe(true);
      expect(output).toContain(`"signal":"${signal}","msg":"stopping"`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** Whether nothing listens on the port any more, polled until the deadline. */
async function portClosed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const open = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    if (!open) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
