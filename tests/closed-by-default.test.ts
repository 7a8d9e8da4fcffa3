import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { HOW_TO_OPEN_TRY } from '../src/settings/route-access.js';
import { builtServers, freePort, waitUntilReady } from './support/built-server.js';
import { SERVER_READY_MS, SERVER_TEST_MS } from './support/timeouts.js';

const TOKEN = 'closed-test-token-0123456789';
const PUBLIC_BASE_URL = 'https://hotline.example.org';
const start = builtServers();

/** The status of GET /try and GET /metrics, asked without any token. */
async function openRoutes(port: number): Promise<{ try: number; metrics: number }> {
  const status = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  return { try: await status('/try'), metrics: await status('/metrics') };
}

describe('/try and /metrics are closed unless opened on purpose (built server)', () => {
  it.each([
    ['not set', {}],
    ['misspelt ("Production")', { NODE_ENV: 'Production' }],
    ['production', { NODE_ENV: 'production' }],
  ])('When NODE_ENV is %s (token and PUBLIC_BASE_URL set), Then /try and /metrics answer 404, and no start line says they are open', { timeout: SERVER_TEST_MS }, async (_name, mode) => {
    const port = await freePort();
    const running = start({ PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL, HOTLINE_NUMBER: '+4721000000', ...mode });
    await waitUntilReady(port, SERVER_READY_MS);
    expect(await openRoutes(port)).toEqual({ try: 404, metrics: 404 });
    // The production checklist is said whatever NODE_ENV is, unless it is development. The start
    // lines reach the pipe a moment after the server answers, on a busy machine.
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/LOG_HASH_KEY is not set/);
    expect(running.output()).not.toMatch(/is open to anyone/);
  });

  it('When NODE_ENV=development, Then /try and /metrics answer without tokens, and one start line for each says it is open and why', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    const running = start({ PORT: String(port), NODE_ENV: 'development' });
    await waitUntilReady(port, SERVER_READY_MS);
    expect(await openRoutes(port)).toEqual({ try: 200, metrics: 200 });
    await expect.poll(() => running.output(), { timeout: 10_000 }).toContain('GET /metrics is open');
    expect(running.output()).toContain('GET /try is open to anyone who reaches this server, without a token, because NODE_ENV=development.');
    expect(running.output()).toContain('GET /metrics is open to anyone who reaches this server, without a token, because NODE_ENV=development.');
  });

  it('When started, Then after the JSON line it says where it listens, which routes answer and what to try next; GET / names the service', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    const running = start({ PORT: String(port), NODE_ENV: 'development' });
    await waitUntilReady(port, SERVER_READY_MS);
    // Printed once listening, as /healthz starts answering: it may reach the pipe a moment later.
    await expect.poll(() => running.output()).toContain('Next: open');
    const lines = running.output().split('\n');
    const human = lines.slice(lines.findIndex((l) => l.includes('"msg":"hotline listening"')) + 1);
    expect(human[0]).toBe(`The hotline is listening on http://127.0.0.1:${port} (this computer only).`);
    expect(human.slice(1, 5).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['POST /voice', 'GET /healthz', 'GET /try', 'GET /metrics']);
    expect(human[5]).toBe(`Next: open http://127.0.0.1:${port}/try in a browser, or make a pretend call with: npm run call -- --url http://127.0.0.1:${port} --keys 1,2`);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/^Safety hotline: a Twilio voice line\.[\s\S]*\/healthz[\s\S]*\/try/);

    const closedPort = await freePort();
    const closed = start({ PORT: String(closedPort), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL });
    await waitUntilReady(closedPort, SERVER_READY_MS);
    await expect.poll(() => closed.output()).toContain('Next: point');
    expect(closed.output()).not.toMatch(/GET \/metrics {2}/);
    expect(closed.output()).toContain(`  GET /try      closed (404); to open it, ${HOW_TO_OPEN_TRY}`);
    expect(closed.output()).toContain(`Next: point the number here with: npm run configure-number -- <number> ${PUBLIC_BASE_URL}`);
    expect(await (await fetch(`http://127.0.0.1:${closedPort}/`)).text()).toContain(`GET /try, the line in a browser, is closed; to open it, ${HOW_TO_OPEN_TRY}.`);
  });

  it('When /try is closed, Then it answers 404 with a short page that names the settings that open it', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    start({ PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL });
    await waitUntilReady(port, SERVER_READY_MS);
    const page = await fetch(`http://127.0.0.1:${port}/try`);
    expect(page.status).toBe(404);
    expect(await page.text()).toBe(
      'The try page is closed on this server. To open it, set TRY_TOKEN (then open /try?token=<TRY_TOKEN> once), or NODE_ENV=development on a computer of your own, and start the server again.\n',
    );
  });

  it('When NODE_ENV names no mode ("staging"), Then the server refuses to start with one sentence', { timeout: SERVER_TEST_MS }, async () => {
    const running = start({ PORT: String(await freePort()), NODE_ENV: 'staging' });
    expect(await running.exited).toBe(1);
    expect(running.output().trim()).toBe(
      'Cannot start the hotline: NODE_ENV is "staging", but it must be production, development or test; when it is not set, /try and /metrics stay closed as in production.',
    );
  });
});

describe('PUBLIC_BASE_URL is https, except on this computer (built server)', () => {
  it('When PUBLIC_BASE_URL=http://hotline.example.org, Then the server refuses with the same sentence as configure-number', { timeout: SERVER_TEST_MS }, async () => {
    const running = start({ PORT: String(await freePort()), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'http://hotline.example.org' });
    expect(await running.exited).toBe(1);
    expect(running.output().trim()).toBe(
      'Cannot start the hotline: PUBLIC_BASE_URL: "http://hotline.example.org" does not start with https://: Twilio must reach this service over https, so give its public https address, for example https://hotline.example.org.',
    );
  });

  it('When PUBLIC_BASE_URL is http on 127.0.0.1, Then the server starts', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    start({ PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
    await waitUntilReady(port, SERVER_READY_MS);
  });
});

describe('.env.example works when copied', () => {
  // npm itself, the start script and the server all start here: slower than the server alone on a busy machine.
  it('When .env.example is copied to .env in a copy of the project and nothing is filled in, Then npm start reaches "listening"', { timeout: 2 * SERVER_TEST_MS }, async () => {
    const root = findProjectRoot();
    const copy = mkdtempSync(join(tmpdir(), 'hotline-env-example-'));
    for (const name of ['package.json', '.env.example']) copyFileSync(join(root, name), join(copy, name));
    for (const name of ['dist', 'node_modules', 'scripts', 'src', 'prompts', 'content', 'public', 'tsconfig.json', 'tsconfig.build.json']) symlinkSync(join(root, name), join(copy, name));
    copyFileSync(join(copy, '.env.example'), join(copy, '.env'));
    const port = await freePort();
    // Only PORT is given (the file's 3000 may be taken here); the real environment wins over .env.
    const child = spawn('npm', ['start', '--silent'], { cwd: copy, env: { PATH: process.env.PATH ?? '', HOME: copy, PORT: String(port) }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitUntilReady(port, SERVER_TEST_MS);
      // Logged once listening, as /healthz starts answering: it may reach the pipe a moment later.
      await expect.poll(() => output).toMatch(/hotline listening/);
      expect(output).toContain(`read settings from .env`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

/** An IPv4 address of this machine that is not loopback, if it has one: what another computer would reach. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}

const answersAt = (address: string, port: number) =>
  fetch(`http://${address}:${port}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
    (res) => res.status,
    () => 'refused',
  );

describe('A development start listens on this computer only, unless HOST is set', () => {
  it('When NODE_ENV=development with a token, Then it listens on 127.0.0.1 only; with HOST=0.0.0.0, on every interface', { timeout: 2 * SERVER_TEST_MS }, async () => {
    const port = await freePort();
    const running = start({ PORT: String(port), NODE_ENV: 'development', TWILIO_AUTH_TOKEN: TOKEN });
    await waitUntilReady(port, SERVER_READY_MS);
    await expect.poll(() => running.output()).toContain(`The hotline is listening on http://127.0.0.1:${port} (this computer only).`);
    const outside = outsideAddress();
    if (outside) expect(await answersAt(outside, port)).toBe('refused');

    const openPort = await freePort();
    const open = start({ PORT: String(openPort), NODE_ENV: 'development', TWILIO_AUTH_TOKEN: TOKEN, HOST: '0.0.0.0' });
    await waitUntilReady(openPort, SERVER_READY_MS);
    await expect.poll(() => open.output()).toContain(`The hotline is listening on port ${openPort} on every interface.`);
    if (outside) expect(await answersAt(outside, openPort)).toBe(200);
  });
});

describe('A setting from .env says so wherever it is named', () => {
  it('When NODE_ENV=development comes from .env, Then the lines saying /try and /metrics are open say it is set there', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-env-source-'));
    const file = join(dir, '.env');
    writeFileSync(file, `NODE_ENV=development\nPORT=${port}\nTRY_TOKEN=\n`);
    const running = start({}, { cwd: dir });
    await waitUntilReady(port, SERVER_READY_MS);
    await expect.poll(() => running.output()).toContain('Next: open');
    const source = `(NODE_ENV is set in ${file}).`;
    expect(running.output()).toContain(`GET /try is open to anyone who reaches this server, without a token, because NODE_ENV=development ${source}`);
    expect(running.output()).toContain(`GET /metrics is open to anyone who reaches this server, without a token, because NODE_ENV=development ${source}`);
    expect(running.output()).toMatch(new RegExp(`GET /try +the line in a browser, open to anyone, because NODE_ENV=development \\(NODE_ENV is set in `));
    // An empty line in the file sets nothing, and is not named.
    expect(running.output()).not.toContain('TRY_TOKEN is set in');
  });
});
