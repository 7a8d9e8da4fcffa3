import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createApp, type AppDeps } from '../src/server/app.js';
import { START } from '../src/hotline/flow/call-state.js';
import { helplineKeyNames } from '../src/hotline/flow/helpline-keys.js';
import { speech } from '../src/hotline/prompts/prompt-key.js';
import { parseWallTime } from '../src/tools/simulator/call-simulator.js';
import type { TranscriptEvent } from '../src/tools/walk/walk-call.js';
import { TryCalls, type TryAnswer } from '../src/tools/try/try-calls.js';
import { createTryRouter, TRY_CSP } from '../src/tools/try/try-routes.js';
import { callFlowDocument, readCallFlowDocument } from '../src/tools/walk/call-flow-document.js';
import { findProjectRoot } from '../src/load/load-hotline.js';
import { fixtureLine, speakingFixtureLine } from './support/fixture-line.js';
import { AUTH_TOKEN, hotline as shippedLine, PUBLIC_BASE_URL } from './support/test-line.js';

/** The fixture line: Harbour (Ukrainian and Russian) keeps hours, Beacon (English) is always open. */
const hotline = fixtureLine;
/** Tuesday 11:00 in Oslo: Harbour is open. */
const HARBOUR_OPEN = '2026-12-08T11:00';
const TRY_TOKEN = 'try-token-0123456789abcdef';

function tryApp(config: Partial<AppDeps['config']> = {}, line = hotline()) {
  const settings = { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, development: true, ...config };
  const clock = () => parseWallTime(HARBOUR_OPEN, hotline().directory.timeZone);
  return createApp({ config: settings, hotline: line, logger: pino({ level: 'silent' }), clock, tryPage: async () => createTryRouter({ config: settings, hotline: line, clock }) });
}

/** The line's own words, as the page shows them, up to the first number token. */
function text(lang: string, label: Parameters<ReturnType<typeof hotline>['catalog']['text']>[1]): string {
  return (hotline().catalog.text(lang, label).split('[[')[0] ?? '').replace(/\s+/g, ' ').trim();
}

/** The key of the first option of a menu that does `kind`, read from the flow (menus move; the test follows). */
function keyFor(menu: 'main' | 'retry', kind: string, tried: string[] = []) {
  const lang = hotline().language('uk')!;
  const option = hotline().flow.menuFor({ ...START, menu, lang, tried }, parseWallTime(HARBOUR_OPEN, hotline().directory.timeZone)).options.find((o) => o.action.kind === kind);
  if (!option) throw new Error(`The ${menu} menu has no "${kind}" option.`);
  return option;
}

/** "Harbour +47 21 00 00 01": the English name and the number as the directory writes it. */
function helpline(id: string): string {
  const line = hotline().directory.find(id)!;
  return `${hotline().catalog.text('en', speech(hotline().catalog.checkedKey(helplineKeyNames(id).name)))} ${line.number}`;
}

/** TCP sockets this process listens on, as the kernel lists them (its file descriptors matched against /proc/net/tcp*). */
function listeningSockets(): number {
  const inodes = new Set(
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1] ?? ''];
      } catch {
        return [];
      }
    }),
  );
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const columns = row.trim().split(/\s+/);
      if (columns[3] === '0A' && inodes.has(columns[9] ?? '')) count++;
    }
  }
  return count;
}

const said = (events: readonly TranscriptEvent[]) => events.flatMap((e) => (e.kind === 'say' ? [e.text] : [])).join(' ');
const transfers = (events: readonly TranscriptEvent[]) => events.flatMap((e) => (e.kind === 'transfer' ? [`${e.name} ${e.number}`] : []));

describe('The try page API steps a call on the call flow, in the server\'s process', () => {
  it('Ukrainian, "talk to someone now" while Harbour is open: Harbour; busy: put through to Beacon by itself', async () => {
    const app = tryApp();
    const started = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN, from: '+380501234567' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ at: HARBOUR_OPEN, from: '+380501234567', waiting: { kind: 'key' } });
    const opening = started.body.events as TranscriptEvent[];
    expect(opening.filter((e) => e.kind === 'say').map((e) => (e.kind === 'say' ? e.lang : ''))).toEqual(expect.arrayContaining(['uk-UA', 'ru-RU', 'en-GB']));
    const id = started.body.id as string;
    const step = async (body: object): Promise<TryAnswer> => {
      const res = await request(app).post(`/try/api/call/${id}/step`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as TryAnswer;
    };

    const ukrainian = await step({ key: hotline().languages.find((l) => l.code === 'uk')!.key });
    expect(ukrainian.events[0]).toEqual({ kind: 'key', key: '1' });
    expect(ukrainian.events.filter((e) => e.kind === 'say').every((e) => e.kind === 'say' && e.lang === 'uk-UA')).toBe(true);

    const talk = await step({ key: keyFor('main', 'talk').key });
    expect(transfers(talk.events)).toEqual([helpline('harbour')]);
    expect(talk.waiting).toEqual({ kind: 'dial', number: hotline().directory.find('harbour')!.dialString });

    // "Talk to someone now" rolls over by itself: busy goes straight on to Beacon.
    const busy = await step({ dial: 'busy' });
    expect(busy.events[0]).toEqual({ kind: 'dial-outcome', outcome: 'busy' });
    expect(transfers(busy.events)).toEqual([helpline('beacon')]);
    expect(busy.waiting).toEqual({ kind: 'dial', number: hotline().directory.find('beacon')!.dialString });

    const answered = await step({ dial: 'completed' });
    expect(answered.waiting).toEqual({ kind: 'ended', result: 'ended' });
    expect(answered.events.at(-1)).toEqual({ kind: 'end' });
    // An ended call is gone, with its copy of the line.
    expect((await request(app).post(`/try/api/call/${id}/step`).send({ key: '1' })).status).toBe(404);
  });

  it('The caller\'s number picks the language when no key is pressed (+7: Russian)', async () => {
    const app = tryApp();
    const started = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN, from: '+79001234567' });
    const onlyRussian = (answer: TryAnswer) => {
      const sayings = answer.events.filter((e) => e.kind === 'say');
      return sayings.length > 0 && sayings.every((e) => e.kind === 'say' && e.lang === 'ru-RU');
    };
    // The language menu is read again twice; then the line goes on in the country code's language.
    let silences = 0;
    let answer: TryAnswer = started.body;
    while (!onlyRussian(answer) && silences < 4) {
      answer = (await request(app).post(`/try/api/call/${started.body.id}/step`).send({ silence: true })).body;
      silences++;
    }
    expect(onlyRussian(answer)).toBe(true);
    expect(silences).toBeGreaterThan(0);
    expect((await request(app).post(`/try/api/call/${started.body.id}/step`).send({ hangup: true })).body.waiting).toEqual({ kind: 'ended', result: 'ended' });
  });

  it('The page, its script, its styles and Mermaid come from the app, with a strict Content-Security-Policy', async () => {
    const app = tryApp();
    const page = await request(app).get('/try');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toBe(TRY_CSP);
    const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives.get('default-src')).toBe("default-src 'self'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // No inline script, and nothing from another origin.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);

    for (const [asset, type] of [['try.js', /javascript/], ['try.css', /css/], ['icon.svg', /svg/], ['mermaid.min.js', /javascript/]] as const) {
      const res = await request(app).get(`/try/assets/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-security-policy']).toBe(TRY_CSP);
    }
    expect((await request(app).get('/try/assets/constructor')).status).toBe(404);
    expect((await request(app).get('/try/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('The diagram tab gets each language\'s call flow, with node ids Mermaid cannot mistake for keywords', async () => {
    const res = await request(tryApp()).get('/try/api/flow');
    expect(res.status).toBe(200);
    const diagrams = res.body.diagrams as { lang: string; mermaid: string }[];
    expect(diagrams.map((d) => d.lang)).toEqual(hotline().languages.map((l) => l.code));
    for (const d of diagrams) {
      expect(d.mermaid.startsWith('flowchart TD\n')).toBe(true);
      expect(d.mermaid).not.toMatch(/^\s+call\b/m);
    }
  });

  it('The diagrams are read by the module that writes docs/call-flow.md: a document edited by hand, or drawn for other languages, is not read', () => {
    const committed = readFileSync(join(findProjectRoot(), 'docs', 'call-flow.md'), 'utf8');
    const shipped = shippedLine();
    const diagrams = readCallFlowDocument(committed, shipped.languages)!;
    expect(diagrams.map((d) => d.lang)).toEqual(shipped.languages.map((l) => l.code));
    expect(callFlowDocument(diagrams)).toBe(committed);
    expect(readCallFlowDocument(committed.replace('flowchart TD', 'flowchart LR'), shipped.languages)).toBeDefined();
    expect(readCallFlowDocument(committed.replace('```\n', '```\n\nA note by hand.\n'), shipped.languages)).toBeUndefined();
    expect(readCallFlowDocument(committed, shipped.languages.slice(1))).toBeUndefined();
  });

  it('A request that does not fit gets one sentence: a time that does not exist, a bad number, a step out of turn', async () => {
    const app = tryApp();
    const badTime = await request(app).post('/try/api/call').send({ at: '2026-02-30T10:00' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error).toMatch(/^The clock: "2026-02-30T10:00" is not a time that exists/);
    const badNumber = await request(app).post('/try/api/call').send({ from: '0047 123' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error).toMatch(/is not a phone number in international format/);
    expect((await request(app).post('/try/api/call').type('form').send({ at: HARBOUR_OPEN })).status).toBe(415);
    expect((await request(app).post('/try/api/call').set('Content-Type', 'application/json').send('{"at":')).status).toBe(400);
    expect((await request(app).post('/try/api/call/nope/step').send({ key: '1' })).status).toBe(404);

    const { body } = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN });
    const bad = await request(app).post(`/try/api/call/${body.id}/step`).send({ key: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^A step is one of/);
    const outOfTurn = await request(app).post(`/try/api/call/${body.id}/step`).send({ dial: 'busy' });
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body.error).toMatch(/transfer ended while the call was waiting for a key/);
    expect((await request(app).post(`/try/api/call/${body.id}/step`).send({ hangup: true })).status).toBe(200);
  });
});

describe('The try page is safe to deploy', () => {
  it('When nothing opens it (no TRY_TOKEN, NODE_ENV not development), /try and its API are not there (404)', async () => {
    const app = tryApp({ development: false });
    for (const path of ['/try', '/try/', '/try/assets/try.js', '/try/assets/mermaid.min.js', '/try/api/setup', '/try/api/flow']) {
      expect((await request(app).get(path)).status, path).toBe(404);
    }
    expect((await request(app).post('/try/api/call').send({})).status).toBe(404);
    expect((await request(app).get('/try?token=anything')).status).toBe(404);
  });

  it('With TRY_TOKEN, the page and its API ask for it: once in the address, then a cookie on /try only; or a bearer header', async () => {
    const app = tryApp({ development: false, tryToken: TRY_TOKEN });
    const page = await request(app).get('/try');
    expect(page.status).toBe(401);
    expect(page.text).toMatch(/open \/try\?token=<TRY_TOKEN> once/);
    expect(page.headers['content-security-policy']).toBe(TRY_CSP);
    expect((await request(app).get('/try/assets/try.js')).status).toBe(401);
    const api = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN });
    expect(api.status).toBe(401);
    expect(api.body.error).toMatch(/needs its token/);
    expect((await request(app).get('/try?token=not-the-token-0123456789')).status).toBe(401);
    expect((await request(app).post('/try/api/call').set('Authorization', 'Bearer not-the-token').send({})).status).toBe(401);

    const opened = await request(app).get(`/try?token=${TRY_TOKEN}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/try');
    const cookie = (opened.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(/^hotline_try=[\w-]+; Max-Age=43200; Path=\/try; Expires=.+; HttpOnly; Secure; SameSite=Strict$/);
    expect(cookie).not.toContain(TRY_TOKEN);
    const pair = cookie.split(';')[0]!;

    expect((await request(app).get('/try').set('Cookie', pair)).status).toBe(200);
    expect((await request(app).get('/try/assets/try.js').set('Cookie', `other=1; ${pair}`)).status).toBe(200);
    expect((await request(app).get('/try').set('Cookie', 'hotline_try=forged')).status).toBe(401);
    const byCookie = await request(app).post('/try/api/call').set('Cookie', pair).send({ at: HARBOUR_OPEN });
    expect(byCookie.status).toBe(201);
    await request(app).post(`/try/api/call/${byCookie.body.id}/step`).set('Cookie', pair).send({ hangup: true });
    const byBearer = await request(app).post('/try/api/call').set('Authorization', `Bearer ${TRY_TOKEN}`).send({ at: HARBOUR_OPEN });
    expect(byBearer.status).toBe(201);
    await request(app).post(`/try/api/call/${byBearer.body.id}/step`).set('Authorization', `Bearer ${TRY_TOKEN}`).send({ hangup: true });
  });

  it('Ten try calls open no server: the listening sockets of this process are the same before, during and after them', async () => {
    const server = createServer(tryApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, body: object) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as TryAnswer & { id: string } };
    };
    try {
      const before = listeningSockets();
      expect(before).toBeGreaterThan(0);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const started = await post('/try/api/call', { at: HARBOUR_OPEN });
        expect(started.status).toBe(201);
        ids.push(started.body.id);
      }
      for (const id of ids) expect((await post(`/try/api/call/${id}/step`, { key: '1' })).body.waiting).toMatchObject({ kind: 'key' });
      expect(listeningSockets()).toBe(before);
      for (const id of ids) expect((await post(`/try/api/call/${id}/step`, { hangup: true })).body.waiting).toEqual({ kind: 'ended', result: 'ended' });
      expect(listeningSockets()).toBe(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('Calls are bounded: a full store ends the call left alone longest; idle calls end', async () => {
    let now = parseWallTime(HARBOUR_OPEN, hotline().directory.timeZone);
    const calls = new TryCalls({ line: hotline(), limits: { maxCalls: 2, idleMs: 60_000 }, clock: () => now, timeZone: hotline().directory.timeZone });
    try {
      const first = await calls.start({ at: HARBOUR_OPEN });
      const second = await calls.start({ at: HARBOUR_OPEN });
      now = new Date(now.getTime() + 1000);
      await calls.step(first.id, { key: '1' });
      // Full: the third call ends the one left alone longest (the second), not the first.
      const third = await calls.start({ at: HARBOUR_OPEN });
      expect(calls.size).toBe(2);
      await expect(calls.step(second.id, { key: '1' })).rejects.toThrow(/This call is over/);
      await expect(calls.step(first.id, { key: '9' })).resolves.toMatchObject({ waiting: { kind: 'key' } });

      now = new Date(now.getTime() + 60_000);
      calls.sweep();
      expect(calls.size).toBe(0);
      await expect(calls.step(third.id, { key: '1' })).rejects.toThrow(/This call is over/);
    } finally {
      await calls.close();
    }
  });

  it('When a call is left alone past the idle time, Then the timer ends it, with nobody calling sweep()', async () => {
    const idleMs = 300;
    // The real clock and the real interval timer: only the idle time is short.
    const calls = new TryCalls({ line: hotline(), limits: { maxCalls: 2, idleMs }, timeZone: hotline().directory.timeZone });
    try {
      const started = Date.now();
      const call = await calls.start({ at: HARBOUR_OPEN });
      expect(calls.size).toBe(1);
      await vi.waitFor(() => expect(calls.size).toBe(0), { timeout: 15_000, interval: 50 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(idleMs);
      await expect(calls.step(call.id, { key: '1' })).rejects.toThrow(/This call is over/);
    } finally {
      await calls.close();
    }
  });
});

describe('The try page API with spoken answers on (SPEECH_INPUT=on)', () => {
  it('When the menu listens, Then the page is told so, and words said are answered as Twilio would post them: the language by name, a person by the word', async () => {
    const app = tryApp({}, speakingFixtureLine());
    const started = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN, from: '+380501234567' });
    expect(started.body.waiting).toEqual({ kind: 'key', listens: true });
    const id = started.body.id as string;
    const step = async (body: object) => request(app).post(`/try/api/call/${id}/step`).send(body);
    const menu = await step({ say: 'English' });
    expect(menu.status).toBe(200);
    expect((menu.body as TryAnswer).events[0]).toEqual({ kind: 'said', words: 'English', confidence: 0.9 });
    expect(said((menu.body as TryAnswer).events)).toContain(text('en', { key: 'spoken.hint' }));
    const unsure = await step({ say: 'person', confidence: 0.1 });
    expect(said((unsure.body as TryAnswer).events)).toContain(text('en', { key: 'menu.notAnOption' }));
    const transfer = await step({ say: 'person' });
    expect(transfers((transfer.body as TryAnswer).events)).toEqual([helpline('beacon')]);
  });

  it.each([{ say: '' }, { say: 'x'.repeat(201) }, { say: 'one', confidence: 2 }, { say: 'one', loud: true }, { say: 5 }])('When the step is %j, Then it is refused with the sentence of what a step is', async (body) => {
    const app = tryApp({}, speakingFixtureLine());
    const { id } = (await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN })).body as { id: string };
    const res = await request(app).post(`/try/api/call/${id}/step`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('{"say": "words"');
  });

  it('When spoken answers are off, Then the page is told the menu takes keys only, and words are refused with why', async () => {
    const app = tryApp();
    const started = await request(app).post('/try/api/call').send({ at: HARBOUR_OPEN });
    expect(started.body.waiting).toEqual({ kind: 'key', listens: false });
    const res = await request(app).post(`/try/api/call/${started.body.id as string}/step`).send({ say: 'English' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/takes keys only/);
  });
});
