import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { speech } from '../src/hotline/prompts/prompt-key.js';
import { runCallCli, type CallCliIo } from '../src/tools/simulator/call-cli.js';
import { formatEvent, parseWallTime, urlTransport } from '../src/tools/simulator/call-simulator.js';
import { inProcessLine } from '../src/tools/simulator/in-process-line.js';
import { CallWalker, runCall, type TranscriptEvent, type Transport } from '../src/tools/walk/walk-call.js';
import { mobileLooking, type NumberMessenger, type SendResult } from '../src/server/send-numbers-message.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureLine, fixtureLineWith } from './support/fixture-line.js';
import { helplineKeyNames } from '../src/hotline/flow/helpline-keys.js';
import { at } from './support/test-line.js';

/** The fixture line: Harbour (Ukrainian and Russian) keeps hours, Beacon (English) is always open. */
const hotline = fixtureLine;
const { words } = speechOf(hotline);
/** Tuesday 11:00 in Oslo, Harbour open; Monday 11:00, Harbour closed. */
const HARBOUR_OPEN = '2026-12-08T11:00';
const HARBOUR_CLOSED = '2026-12-07T11:00';

/** The transcript line of a transfer, with the name and number as the directory and English prompts give them. */
function transferTo(id: string): string {
  const line = hotline().directory.find(id)!;
  return `→ connecting to ${hotline().catalog.text('en', speech(hotline().catalog.checkedKey(helplineKeyNames(line.id).name)))} ${line.number}`;
}

function capture(extra: Partial<CallCliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const io: CallCliIo = { out: (s) => out.push(s), err: (s) => err.push(s), prompt: (s) => prompts.push(s), hotline: fixtureLineWith, ...extra };
  return { io, out, err, prompts, last: () => out.filter((l) => l.trim() !== '').at(-1) };
}

async function call(argv: string[], extra: Partial<CallCliIo> = {}) {
  const run = capture(extra);
  const code = await runCallCli(argv, run.io);
  return { ...run, code };
}

describe('npm run call, with a key script', () => {
  it('Key 1 then 1 on a Tuesday at 11:00: Ukrainian voice, then put through to Harbour', async () => {
    const { code, out, last } = await call(['--keys', '1,1', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    expect(out.filter((l) => l === '(key 1)')).toHaveLength(2);
    const afterChoice = out.slice(out.indexOf('(key 1)') + 1).filter((l) => l.startsWith('['));
    expect(afterChoice.length).toBeGreaterThan(0);
    for (const line of afterChoice) expect(line).toMatch(/^\[uk-UA Google\.uk-UA-[^\]]+\] \S/);
    expect(last()).toBe(transferTo('harbour'));
  });

  it('The same keys on a Monday go to Beacon, Harbour being closed', async () => {
    const { code, last } = await call(['--keys', '1,1', '--at', HARBOUR_CLOSED]);
    expect(code).toBe(0);
    expect(last()).toBe(transferTo('beacon'));
  });

  it('Harbour busy: the caller is put through to Beacon without a key', async () => {
    const { code, out, last } = await call(['--keys', '1,1,busy', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    const harbour = out.indexOf(transferTo('harbour'));
    const busy = out.indexOf(formatEvent({ kind: 'dial-outcome', outcome: 'busy' }));
    expect(harbour).toBeGreaterThan(0);
    expect(busy).toBe(harbour + 1);
    expect(last()).toBe(transferTo('beacon'));
  });

  it('English, then no key three times: the line says goodbye and hangs up', async () => {
    const { code, out, last } = await call(['--keys', '3,silence,,silence', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    expect(out.filter((l) => l === '(no key)')).toHaveLength(3);
    expect(last()).toBe('(call ended)');
  });

  it('When the script runs out at a menu, it says so and stops', async () => {
    const { code, last } = await call(['--keys', '1', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    expect(last()).toBe('(end of key script)');
  });

  it('An answered transfer ends the call', async () => {
    const { code, last } = await call(['--keys', '1,1,answered', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    expect(last()).toBe('(call ended)');
  });

  it('An outcome where the line waits for a key is a mistake in the script', async () => {
    const { code, err } = await call(['--keys', '1,busy', '--at', HARBOUR_OPEN]);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/Item 2 of --keys/);
  });
});

describe('npm run call, text messages', () => {
  const SENDS_MESSAGES = { SMS_FROM: 'Info', TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`, TWILIO_AUTH_TOKEN: 'simulator-test-token-0123456789ab' };

  it('When the settings turn text messages on, Then the line offers the numbers by text message after the emergency key, and # says one would be sent, and what the caller hears then', async () => {
    const { code, out } = await call(['--keys', '1,0,#', '--at', HARBOUR_OPEN], { env: SENDS_MESSAGES });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain(words('uk', 'textMessage.offer'));
    const told = out.indexOf(formatEvent({ kind: 'text-message', lang: 'uk' }));
    expect(told).toBeGreaterThan(out.indexOf('(key #)'));
    expect(out.slice(told).join('\n')).toContain(words('uk', 'textMessage.sent'));
  });

  it('When they do not, Then # is not an option, as on a server that sends no text messages', async () => {
    const { code, out } = await call(['--keys', '1,0,#', '--at', HARBOUR_OPEN]);
    expect(code).toBe(0);
    expect(out.join('\n')).not.toContain(words('uk', 'textMessage.offer'));
    expect(out.at(out.indexOf('(key #)') + 1)).toContain(words('uk', 'menu.notAnOption'));
  });
});

describe('npm run call, answering by speaking (SPEECH_INPUT=on)', () => {
  const SPEAKING = { env: { SPEECH_INPUT: 'on' } };

  it('say:<words> answers a menu as Twilio posts a spoken answer: the language by its name, a person by the word', async () => {
    const { code, out, last } = await call(['--keys', 'say:українська,say:людина', '--at', HARBOUR_OPEN], SPEAKING);
    expect(code).toBe(0);
    expect(out).toContain('(said "українська", confidence 0.9)');
    expect(out).toContain(`[uk-UA Google.uk-UA-Wavenet-A] ${words('uk', 'spoken.hint')}`);
    expect(last()).toBe(transferTo('harbour'));
  });

  it('say:<words>@<confidence> below the threshold is not an option', async () => {
    const { code, out } = await call(['--keys', 'say:English,say:person@0.2', '--at', HARBOUR_OPEN], SPEAKING);
    expect(code).toBe(0);
    expect(out).toContain('(said "person", confidence 0.2)');
    expect(out.at(out.indexOf('(said "person", confidence 0.2)') + 1)).toBe(`[en-GB Polly.Amy-Neural] ${words('en', 'menu.notAnOption')}`);
  });

  it('Without SPEECH_INPUT=on, say: is a mistake in the script: the menu takes keys only', async () => {
    const { code, err } = await call(['--keys', 'say:English', '--at', HARBOUR_OPEN]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('Item 1 of --keys says "English", but this menu takes keys only: spoken answers need SPEECH_INPUT=on.');
  });

  it('Typed say:<words> is spoken where the menu listens, with a prompt that says so', async () => {
    const input = Readable.from(['say:по-русски\n', 'say:человек\n']);
    const { code, out, prompts, last } = await call(['--at', HARBOUR_OPEN], { input, ...SPEAKING });
    expect(code).toBe(0);
    expect(prompts[0]).toContain('say:<words>');
    expect(out).toContain('(said "по-русски", confidence 0.9)');
    expect(last()).toBe(transferTo('harbour'));
  });
});

describe('npm run call, options', () => {
  it.each([
    [['--at', 'not-a-date', '--keys', '1'], /--at "not-a-date" is not a date and time/],
    [['--at', '2026-02-30T11:00', '--keys', '1'], /does not exist|not a time that exists/],
    [['--keys', '1,x'], /"x" in --keys is not a key/],
    [['--kyes', '1'], /^--kyes is not an option of this command\./],
    [['--keys'], /^Give a value after --keys\./],
    [['--from', '0047123', '--keys', '1'], /--from "0047123" is not a phone number/],
    [['--url', 'ftp://example.org', '--keys', '1'], /--url "ftp:\/\/example.org" must be an http\(s\) address/],
    [['--url', 'http://127.0.0.1:9', '--at', HARBOUR_OPEN, '--keys', '1'], /--at works only without --url/],
  ])('%j exits 2 with a sentence and the usage', async (argv, message) => {
    const { code, err, out } = await call(argv);
    expect(code).toBe(2);
    // The sentence is the last thing printed, under the usage.
    expect(err.at(-1)).toMatch(message);
    expect(err.at(-1)).toMatch(/\.$/);
    expect(err.join('\n')).toContain('Usage: npm run call');
    expect(out).toEqual([]);
  });

  it('--help shows the usage and exits 0', async () => {
    const { code, out } = await call(['--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('Usage: npm run call');
  });
});

describe('npm run call, typing keys', () => {
  it('Reads one key or outcome a line, with a prompt for each', async () => {
    // Ukrainian, talk to someone now, Harbour busy (the line goes on to Beacon by itself), Beacon answers.
    const input = Readable.from(['1\n', '1\nb\n', 'a\n']);
    const { code, out, prompts, last } = await call(['--at', HARBOUR_OPEN], { input });
    expect(code).toBe(0);
    expect(out).toContain(transferTo('harbour'));
    expect(out).toContain(transferTo('beacon'));
    expect(prompts.filter((p) => p.startsWith('key '))).toHaveLength(2);
    expect(prompts.filter((p) => p.startsWith('outcome: '))).toHaveLength(2);
    expect(last()).toBe('(call ended)');
  });

  it('q hangs up', async () => {
    const { code, last } = await call(['--at', HARBOUR_OPEN], { input: Readable.from(['q\n']) });
    expect(code).toBe(0);
    expect(last()).toBe('(call ended)');
  });
});

describe('npm run call --url, against a line that is already running', () => {
  const TOKEN = 'simulator-test-token-0123456789';
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    server?.close();
    if (server) await once(server, 'close');
    server = undefined;
  });

  async function startLine(messages?: NumberMessenger): Promise<string> {
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const publicBaseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const app = createApp({
      config: { authToken: TOKEN, publicBaseUrl, trustProxy: false },
      hotline: hotline(),
      logger: pino({ level: 'silent' }),
      clock: () => at('2026-12-08T11:00:00+01:00'),
      ...(messages ? { messages } : {}),
    });
    server.on('request', app);
    return publicBaseUrl.origin;
  }

  it('When the running line sends text messages, Then the simulator calls as a withheld number unless told otherwise, so # never texts a real phone', async () => {
    const sent: string[] = [];
    const messages: NumberMessenger = {
      mayOffer: async (from) => mobileLooking(from),
      send: async (to): Promise<SendResult> => (sent.push(to ?? ''), { sent: true }),
      limitsHealth: async () => ({ store: 'memory', up: true }),
    };
    const url = await startLine(messages);
    const withheld = await call(['--keys', '1,0,#', '--url', url], { env: { TWILIO_AUTH_TOKEN: TOKEN } });
    expect(withheld.out.join('\n')).toContain(words('uk', 'menu.notAnOption'));
    expect(sent).toEqual([]);
    const own = await call(['--keys', '1,0,#', '--url', url, '--from', '+4791234567'], { env: { TWILIO_AUTH_TOKEN: TOKEN } });
    expect(own.code).toBe(0);
    expect(sent).toEqual(['+4791234567']);
  });

  it('Signs with TWILIO_AUTH_TOKEN from the environment it is given', async () => {
    const url = await startLine();
    const { code, err, last } = await call(['--keys', '1,1', '--url', url], { env: { TWILIO_AUTH_TOKEN: TOKEN } });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(last()).toBe(transferTo('harbour'));
  });

  it('A wrong token: the line refuses, and the simulator says why', async () => {
    const url = await startLine();
    const { code, err } = await call(['--keys', '1,1', '--url', url], { env: { TWILIO_AUTH_TOKEN: 'not-the-token' } });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/refused the signature .*403/);
  });
});

describe('The line answering in this process', () => {
  it('When answering a request fails, Then the caller hears the fail-safe answer in the call\'s language, as from the server, and the transcript says what failed', async () => {
    const line = hotline();
    const failing = { ...line, flow: { ...line.flow, step: (...args: Parameters<typeof line.flow.step>) => (args[0].kind === 'menu' && args[0].state.lang ? fail() : line.flow.step(...args)) } };
    const fail = (): never => {
      throw new Error('a menu that cannot be shown');
    };
    const walker = new CallWalker({ transport: inProcessLine(failing, new URL('http://localhost'), () => parseWallTime(HARBOUR_OPEN, line.directory.timeZone), { textMessages: false }) });
    await walker.start();
    await walker.press('1');
    const heard = walker.events.length;
    await walker.press('1');
    const after = walker.events.slice(heard + 1);
    expect(after[0]).toEqual({ kind: 'error', message: expect.stringMatching(/^The line failed to answer \/voice\/menu \(a menu that cannot be shown\); the caller hears the fail-safe answer\.$/) });
    expect(after.flatMap((e) => (e.kind === 'say' ? [e.text] : [])).join(' ')).toContain(words('uk', 'failSafe.message'));
  });
});

describe('runCall', () => {
  const fakeLine = (answer: { status?: number; contentType?: string; body: string }): Transport => ({
    baseUrl: new URL('http://127.0.0.1:1'),
    post: async () => ({ status: answer.status ?? 200, contentType: answer.contentType ?? 'text/xml', body: answer.body }),
    close: async () => {},
  });
  const drive = async (transport: Transport, maxRequests?: number) => {
    const events: TranscriptEvent[] = [];
    const result = await runCall({
      transport,
      onEvent: (e) => events.push(e),
      nextKey: async () => 'silence',
      dialOutcome: async () => 'stop',
      ...(maxRequests ? { maxRequests } : {}),
    });
    return { result, events };
  };

  it('Stops a line that never ends the call', async () => {
    const { result, events } = await drive(fakeLine({ body: '<Response><Redirect>/voice</Redirect></Response>' }), 5);
    expect(result).toBe('runaway');
    expect(events).toEqual([{ kind: 'end', reason: expect.stringContaining('5 requests') }]);
  });

  it.each([
    [{ body: 'hello', contentType: 'text/html' }, /text\/html instead of TwiML/],
    [{ body: '<Foo/>' }, /<Foo>, not <Response>/],
    [{ body: '<Response><Say>unclosed</Response>' }, /not well-formed XML/],
    [{ body: '', status: 500 }, /HTTP 500/],
  ])('Reports an answer that is not TwiML: %j', async (answer, message) => {
    const { result, events } = await drive(fakeLine(answer), 2);
    expect(result).toBe('error');
    const error = events.find((e) => e.kind === 'error');
    expect(error && formatEvent(error)).toMatch(message);
  });

  it('Never sends a signed request to another origin than the line', async () => {
    const line = urlTransport(new URL('http://127.0.0.1:1'), 'token');
    await expect(line.post('https://elsewhere.example/voice', {})).rejects.toThrow(/outside http:\/\/127\.0\.0\.1:1/);
  });

  it('Reads SSML pauses as spaces, so digit groups stay apart', async () => {
    const body =
      '<Response><Say voice="v" language="l">Call <prosody rate="slow"><say-as interpret-as="digits">47</say-as><break time="400ms"/><say-as interpret-as="digits">22</say-as></prosody>.</Say><Hangup/></Response>';
    const { result, events } = await drive(fakeLine({ body }));
    expect(result).toBe('ended');
    expect(events.map(formatEvent)).toEqual(['[l v] Call 47 22.', '(call ended)']);
  });
});
