import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { START, type LangCode } from '../src/hotline/flow/call-state.js';
import { loadHotline } from '../src/load/load-hotline.js';
import { createCallRef } from '../src/server/create-logger.js';
import { urlTransport } from '../src/tools/simulator/call-simulator.js';
import { CallWalker, type TranscriptEvent, type Transport, type Waiting } from '../src/tools/walk/walk-call.js';
import { builtServers, freePort, waitUntilReady, type RunningServer } from './support/built-server.js';
import { SERVER_TEST_MS } from './support/timeouts.js';

/**
 * Many instances, one call: two built servers behind one public origin, as a platform with two
 * processes (or two hosts behind one load balancer) runs them. Each step of a call goes to the
 * other instance; the call must go on as if there were one, because its state travels in the URLs
 * Twilio posts back, and its reference in the logs must be the same on both.
 */

const TOKEN = 'two-instances-token-0123456789abcdef';
const PUBLIC_BASE_URL = 'https://hotline.example.org';
const LOG_HASH_KEY = 'shared-log-hash-key-for-every-instance-0123';
const CALLER_EN = '+447700900123';
const CALLER_UA = '+380501234567';
const CALLER_RU = '+79161234567';
const LINE_NUMBER = '+4721000000';
const STARTUP_MS = 15_000;

const start = builtServers();
const line = loadHotline();
// Servers run from an empty folder, so a developer's .env cannot change what this test starts.
const cwd = mkdtempSync(join(tmpdir(), 'two-instances-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

interface Instance {
  readonly server: RunningServer;
  readonly transport: Transport;
}

async function startPair(extra: Record<string, string>): Promise<readonly [Instance, Instance]> {
  const instance = (port: number) => ({
    port,
    server: start({ NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL, HOTLINE_NUMBER: '+4721000000', ...extra }, { cwd }),
    // Posted to this instance, signed for the public origin: what the load balancer passes on.
    transport: urlTransport(new URL(`http://127.0.0.1:${port}`), TOKEN, new URL(PUBLIC_BASE_URL)),
  });
  const instances = [instance(await freePort()), instance(await freePort())] as const;
  await Promise.all(
    instances.map((i) =>
      waitUntilReady(i.port, STARTUP_MS).catch((error: Error) => {
        throw new Error(`${error.message} It said:\n${i.server.output()}`);
      }),
    ),
  );
  return instances;
}

/** Everything sent to the instances, to show that no log keeps it. */
const sent = { callSids: new Set<string>(), numbers: new Set<string>() };

/** Sends each request to the other instance than the last one, and notes which served it. */
function alternating(instances: readonly Instance[]): Transport & { readonly served: number[] } {
  const served: number[] = [];
  return {
    baseUrl: new URL(PUBLIC_BASE_URL),
    served,
    post: (path, params) => {
      if (params.CallSid) sent.callSids.add(params.CallSid);
      if (params.From) sent.numbers.add(params.From);
      const index = served.length % instances.length;
      served.push(index);
      return (instances[index] as Instance).transport.post(path, params);
    },
    close: async () => {},
  };
}

/** A walk ended as Twilio ends a call: the line hung up, nothing failed on the way. */
function expectEndedProperly(walker: CallWalker, waiting: Waiting): void {
  const errors = walker.events.filter((e) => e.kind === 'error');
  expect(errors).toEqual([]);
  expect(waiting).toEqual({ kind: 'ended', result: 'ended' });
  expect(walker.events.at(-1)).toEqual({ kind: 'end' });
}

const transfers = (events: readonly TranscriptEvent[]) => events.flatMap((e) => (e.kind === 'transfer' ? [e.number] : []));
const spokenSince = (events: readonly TranscriptEvent[], from: number) =>
  events
    .slice(from)
    .map((e) => (e.kind === 'say' ? e.text : ''))
    .join(' ')
    .replace(/\s+/g, '');

function language(code: string): { code: LangCode; key: string } {
  const found = line.languages.find((l) => l.code === code);
  if (!found) throw new Error(`prompts/languages.json has no "${code}".`);
  return found;
}

/** The key of "talk to someone now" in the main menu, read from the menus rather than assumed. */
function talkKey(lang: LangCode): string {
  const option = line.flow.menuFor({ ...START, menu: 'main', lang }, new Date()).options.find((o) => o.action.kind === 'talk');
  if (!option) throw new Error('The main menu has no "talk to someone now".');
  return option.key;
}

/** Until the line hangs up: silence at every menu, every transfer answered. Bounded, so a loop fails. */
async function finish(walker: CallWalker, waiting: Waiting): Promise<Waiting> {
  for (let step = 0; step < 20 && waiting.kind !== 'ended'; step++) {
    waiting = waiting.kind === 'key' ? await walker.silence() : await walker.dialEnds('completed');
  }
  return waiting;
}

function logLines(server: RunningServer): { msg?: string; call?: string }[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg?: string; call?: string });
}

/** Posts the first ring to one instance and the final status report to the other, for one CallSid. */
async function startAndEndOnTwo([a, b]: readonly Instance[], callSid: string): Promise<void> {
  const params = { CallSid: callSid, AccountSid: 'AC0123456789abcdef0123456789abcdef', From: CALLER_UA, To: LINE_NUMBER, Direction: 'inbound' };
  sent.callSids.add(callSid);
  expect((await a!.transport.post('/voice', params)).status).toBe(200);
  expect((await b!.transport.post('/voice/status', { ...params, CallStatus: 'completed', CallDuration: '42' })).status).toBe(204);
}

/** The `call` field of the last line with this message; pino writes each line only once it is flushed. */
async function lastRef(server: RunningServer, msg: string): Promise<string | undefined> {
  for (let tries = 0; tries < 50; tries++) {
    const found = logLines(server).findLast((l) => l.msg === msg);
    if (found) return found.call;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

describe('Two built instances behind one public origin carry one call between them', { timeout: 2 * SERVER_TEST_MS }, () => {
  it('When every step of whole calls goes to the other instance, Then an answered transfer, a busy one and three silences all end as on one server', async () => {
    const pair = await startPair({ LOG_HASH_KEY });

    // (a) English: talk to someone now; ROSA (always open, English) answers; the line says goodbye.
    {
      const transport = alternating(pair);
      const walker = new CallWalker({ transport, from: CALLER_EN, to: LINE_NUMBER });
      const en = language('en');
      expect((await walker.start()).kind).toBe('key');
      expect((await walker.press(en.key)).kind).toBe('key');
      const dialling = await walker.press(talkKey(en.code));
      expect(dialling.kind).toBe('dial');
      expect(transfers(walker.events)).toEqual([line.directory.find('rosa')!.dialString]);
      const ended = await walker.dialEnds('completed');
      expectEndedProperly(walker, ended);
      expect(new Set(transport.served)).toEqual(new Set([0, 1]));
    }

    // (b) Ukrainian: the first line depends on the clock (Caritas in its hours, else ROSA); it is busy.
    // The line then goes on to the other line by itself when one is open, or reads the numbers.
    {
      const transport = alternating(pair);
      const walker = new CallWalker({ transport, from: CALLER_UA, to: LINE_NUMBER });
      const uk = language('uk');
      await walker.start();
      await walker.press(uk.key);
      expect((await walker.press(talkKey(uk.code))).kind).toBe('dial');
      const [first] = transfers(walker.events);
      expect([line.directory.find('caritas')!.dialString, line.directory.find('rosa')!.dialString]).toContain(first);
      const afterRetry = walker.events.length;
      let waiting = await walker.dialEnds('busy');
      if (waiting.kind === 'dial') {
        const [, second] = transfers(walker.events);
        expect(second).toBeDefined();
        expect(second).not.toBe(first);
        waiting = await walker.dialEnds('busy');
      } else {
        // Nothing else open: the numbers to dial, the one just tried among them.
        expect(spokenSince(walker.events, afterRetry)).toContain(first!.replace(/\D/g, ''));
      }
      expectEndedProperly(walker, await finish(walker, waiting));
      expect(new Set(transport.served)).toEqual(new Set([0, 1]));
    }

    // (c) Russian chosen, then no key in the main menu: three silences, and the line hangs up.
    {
      const transport = alternating(pair);
      const walker = new CallWalker({ transport, from: CALLER_RU, to: LINE_NUMBER });
      await walker.start();
      let waiting = await walker.press(language('ru').key);
      let silences = 0;
      while (waiting.kind === 'key' && silences < 10) {
        waiting = await walker.silence();
        silences++;
      }
      expect(silences).toBe(3);
      // The goodbye still gives 112 before the line hangs up.
      expect(spokenSince(walker.events, walker.events.findLastIndex((e) => e.kind === 'no-key'))).toContain('112');
      expectEndedProperly(walker, waiting);
      expect(new Set(transport.served)).toEqual(new Set([0, 1]));
    }

    for (const { server } of pair) {
      const output = server.output();
      expect(logLines(server).filter((l) => l.msg === 'voice route failed')).toEqual([]);
      for (const sid of sent.callSids) expect(output).not.toContain(sid);
      for (const number of sent.numbers) {
        expect(output).not.toContain(number);
        expect(output).not.toContain(number.replace(/^\+/, ''));
      }
    }
  });

  it('When a call starts on one instance and ends on the other, Then both log the same call reference with a shared LOG_HASH_KEY, and different ones without', async () => {
    const shared = await startPair({ LOG_HASH_KEY });
    const callSid = 'CA0123456789abcdef0123456789abcd01';
    await startAndEndOnTwo(shared, callSid);
    const started = await lastRef(shared[0].server, 'call started');
    const ended = await lastRef(shared[1].server, 'call ended');
    expect(started).toBeDefined();
    expect(ended).toBe(started);
    // The reference is the keyed hash of the CallSid, so any instance with the key finds the same one.
    expect(started).toBe(createCallRef(Buffer.from(LOG_HASH_KEY))(callSid));

    const unshared = await startPair({});
    await startAndEndOnTwo(unshared, callSid);
    const startedAlone = await lastRef(unshared[0].server, 'call started');
    const endedAlone = await lastRef(unshared[1].server, 'call ended');
    expect(startedAlone).toBeDefined();
    expect(endedAlone).toBeDefined();
    expect(endedAlone).not.toBe(startedAlone);
    // Each of those instances says why, once, at start.
    for (const { server } of unshared) expect(server.output()).toContain('LOG_HASH_KEY is not set');

    for (const { server } of [...shared, ...unshared]) {
      expect(server.output()).not.toContain(callSid);
      expect(server.output()).not.toContain(CALLER_UA);
      expect(server.output()).not.toContain(CALLER_UA.replace(/^\+/, ''));
    }
  });
});
