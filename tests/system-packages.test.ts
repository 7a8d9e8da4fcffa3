import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';

const SCRIPT = join(findProjectRoot(), 'scripts', 'system-packages.mjs');
const ROOT = process.getuid?.() === 0;
/** Who runs the script in the tests that must not be root: nobody, when the tests run as root. */
const NOT_ROOT = ROOT ? { uid: 65534, gid: 65534 } : {};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A machine with none of the packages: PATH is one folder holding only a stand-in apt-get, which
 * writes what it was asked into apt.log and, on install, puts the binaries of the packages there.
 */
function bareMachine(os: 'debian' | 'ubuntu' = 'debian') {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-packages-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  const log = join(dir, 'apt.log');
  writeFileSync(
    join(dir, 'apt-get'),
    [
      '#!/bin/sh',
      'PATH=/usr/bin:/bin',
      `echo "$*" >> ${log}`,
      'if [ "$1" = install ]; then',
      `  for b in chromium redis-server prometheus promtool; do printf '#!/bin/sh\\n' > ${dir}/$b; chmod +x ${dir}/$b; done`,
      'fi',
    ].join('\n'),
    { mode: 0o755 },
  );
  writeFileSync(join(dir, 'os-release'), `NAME="${os}"\nID=${os}\n`);
  const env = { PATH: dir, CHROMIUM_PATH: join(dir, 'chromium'), OS_RELEASE: join(dir, 'os-release') };
  const apt = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { env, apt };
}

function run(env: Record<string, string>, as: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, [SCRIPT], { env, stdio: 'pipe', ...as });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('npm test first checks the system packages the tests need', () => {
  it('When none is installed and it is not root, Then it stops before any test with the one command to run, and installs nothing', async () => {
    const machine = bareMachine();
    const result = await run(machine.env, NOT_ROOT);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'The tests need chromium, redis-server, prometheus and promtool, which are not installed. Run this, then the tests again:\n' +
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium redis-server prometheus\n',
    );
    expect(machine.apt()).toEqual([]);
  });

  it('When chromium is missing on Ubuntu, Then it says chromium comes only as a snap and how the tests find it', async () => {
    const machine = bareMachine('ubuntu');
    const result = await run(machine.env, NOT_ROOT);
    expect(result.code).toBe(1);
    expect(result.err).toContain('  sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server prometheus\n');
    expect(result.err).toContain('On Ubuntu chromium comes only as a snap, which the tests find through CHROMIUM_PATH:\n  sudo snap install chromium && export CHROMIUM_PATH=/snap/bin/chromium\n');
  });

  it.runIf(ROOT)('When they are missing and it runs as root on Debian, Then it installs them through apt-get and lets the tests run', async () => {
    const machine = bareMachine();
    const result = await run(machine.env);
    expect(result.code).toBe(0);
    expect(machine.apt()).toEqual(['update', 'install -y --no-install-recommends chromium redis-server prometheus']);
  });

  it('When PROMETHEUS and PROMTOOL name binaries outside PATH and REDIS_SERVER a bare name on PATH, as the tests accept them, Then it finds them, says nothing and asks apt nothing', async () => {
    const machine = bareMachine();
    const elsewhere = mkdtempSync(join(tmpdir(), 'hotline-packages-elsewhere-'));
    dirs.push(elsewhere);
    chmodSync(elsewhere, 0o755);
    writeFileSync(machine.env.CHROMIUM_PATH, '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(machine.env.PATH, 'redis-server-7'), '#!/bin/sh\n', { mode: 0o755 });
    for (const binary of ['prometheus', 'promtool']) writeFileSync(join(elsewhere, binary), '#!/bin/sh\n', { mode: 0o755 });
    const env = { ...machine.env, REDIS_SERVER: 'redis-server-7', PROMETHEUS: join(elsewhere, 'prometheus'), PROMTOOL: join(elsewhere, 'promtool') };
    expect(await run(env, NOT_ROOT)).toEqual({ code: 0, out: '', err: '' });
    expect(machine.apt()).toEqual([]);
  });

  it('When everything is there, Then it says nothing and asks apt nothing', async () => {
    const machine = bareMachine();
    for (const binary of ['chromium', 'redis-server', 'prometheus', 'promtool']) writeFileSync(join(machine.env.PATH, binary), '#!/bin/sh\n', { mode: 0o755 });
    expect(await run(machine.env)).toEqual({ code: 0, out: '', err: '' });
    expect(machine.apt()).toEqual([]);
  });
});
