import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMERGENCY_KEY, MESSAGE_KEY } from '../src/hotline/flow/menus.js';
import type { TryAnswer, TryStarted } from '../src/tools/try/try-calls.js';
import type { TranscriptEvent } from '../src/tools/walk/walk-call.js';
import { builtServers, freePort, SERVER_ENTRY, waitUntilReady } from './support/built-server.js';
import { speechOf } from './support/expect-speech.js';
import { hotline } from './support/test-line.js';
import { SERVER_READY_MS, SERVER_TEST_MS } from './support/timeouts.js';

const start = builtServers();
const { words } = speechOf(hotline);
/** Text messages on, as an operator turns them on; the try page never reaches Twilio with them. */
const SENDS_MESSAGES = { SMS_FROM: 'Info', TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`, TWILIO_AUTH_TOKEN: 'try-test-token-0123456789abcdef0' };
const UKRAINIAN_KEY = hotline().languages.find((l) => l.code === 'uk')!.key;
/** A Ukrainian mobile number: one a text message could reach. */
const CALLER = '+380501234567';

const said = (events: readonly TranscriptEvent[]) =>
  events
    .flatMap((e) => (e.kind === 'say' ? [e.text] : []))
    .join(' ')
    .replace(/\s+/g, ' ');

/** The try page's JSON API on a server listening on 127.0.0.1. */
function tryApi(port: number) {
  return async <T>(path: string, body: object): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}/try/api${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as T;
  };
}

describe('The try page answers as the server it runs in (built server)', () => {
  it('When the server sends text messages, Then the try page offers the numbers by text message where the line would, and tells that one would be sent instead of sending it', { timeout: SERVER_TEST_MS }, async () => {
    const port = await freePort();
    start({ PORT: String(port), NODE_ENV: 'development', ...SENDS_MESSAGES });
    await waitUntilReady(port, SERVER_READY_MS);
    const post = tryApi(port);
    const { id } = await post<TryStarted>('/call', { from: CALLER });
    await post<TryAnswer>(`/call/${id}/step`, { key: UKRAINIAN_KEY });
    // After the emergency key's answer the line offers the numbers by text message to a mobile number.
    const emergency = await post<TryAnswer>(`/call/${id}/step`, { key: EMERGENCY_KEY });
    expect(said(emergency.events)).toContain(words('uk', 'textMessage.offer'));
    const asked = await post<TryAnswer>(`/call/${id}/step`, { key: MESSAGE_KEY });
    expect(asked.events).toContainEqual({ kind: 'text-message', lang: 'uk' });
    // The caller hears what a caller hears when Twilio took the message.
    expect(said(asked.events)).toContain(words('uk', 'textMessage.sent'));
    expect(said(asked.events)).not.toContain(words('uk', 'textMessage.failed'));
  });
});

/** A module hook that writes each module the server resolves to a file: what the process loaded. */
function moduleLog(): { importArg: string; loaded: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-modules-'));
  const log = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(log, '');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context);\n  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');\n  return resolved;\n}\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return { importArg: pathToFileURL(register).href, loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const TRY_OR_XML = /\/tools\/try\/|@xmldom/;

describe('A server whose try page is closed never loads it (built server)', () => {
  it('When /try is closed and asked for, Then neither the try page nor the XML parser is loaded; When it is open, Then both are, on the first request', { timeout: SERVER_TEST_MS }, async () => {
    const run = async (env: Record<string, string>) => {
      const port = await freePort();
      const modules = moduleLog();
      const child = spawn(process.execPath, ['--import', modules.importArg, SERVER_ENTRY], { env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env }, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await waitUntilReady(port, SERVER_READY_MS);
        const status = (await fetch(`http://127.0.0.1:${port}/try`)).status;
        return { status, loaded: modules.loaded().filter((url) => TRY_OR_XML.test(url)) };
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    };
    const closed = await run({ NODE_ENV: 'production', TWILIO_AUTH_TOKEN: SENDS_MESSAGES.TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL: 'https://hotline.example.org', HOTLINE_NUMBER: '+4721000000' });
    expect(closed).toEqual({ status: 404, loaded: [] });
    const open = await run({ NODE_ENV: 'development' });
    expect(open.status).toBe(200);
    expect(open.loaded.some((url) => url.includes('/tools/try/try-routes.js'))).toBe(true);
    expect(open.loaded.some((url) => url.includes('@xmldom'))).toBe(true);
  });
});
