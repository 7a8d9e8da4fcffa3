import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/hotline.js';

const ROOT = findProjectRoot();
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
  it('When the Twilio account is only in .env, Then configure-number reads it (and a value in the environment wins)', { timeout: 30_000 }, async () => {
    const dir = folderWithEnv(`TWILIO_ACCOUNT_SID=${API_KEY_SID}\nTWILIO_AUTH_TOKEN=token-from-the-env-file-0123\n`);
    const fromFile = await runBuilt('configure-number.js', ['+4721000000', 'https://hotline.example.org'], { cwd: dir });
    expect(fromFile.code).toBe(2);
    expect(fromFile.err).toMatch(/^TWILIO_ACCOUNT_SID is not an Account SID \(it looks like an API key SID/);
    const overridden = await runBuilt('configure-number.js', ['+4721000000', 'https://hotline.example.org'], { cwd: dir, env: { TWILIO_ACCOUNT_SID: 'AC123' } });
    expect(overridden.err).toMatch(/^TWILIO_ACCOUNT_SID is not an Account SID: /);
  });

  it('When the number, address and credentials are only in .env, Then preflight reads them', { timeout: 30_000 }, async () => {
    const dir = folderWithEnv(
      `TWILIO_ACCOUNT_SID=${ACCOUNT_SID}\nTWILIO_AUTH_TOKEN=token-from-the-env-file-0123\nHOTLINE_NUMBER=+4721000000\nPUBLIC_BASE_URL=http://hotline.example.org\n`,
    );
    const run = await runBuilt('preflight.js', ['--no-call'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.err.trim()).toBe('PUBLIC_BASE_URL: "http://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.');
  });
});
