
import { Writable } from 'node:stream';
import nock from 'nock';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createCallMetrics } from '../src/server/call-metrics.js';
import { createLogger } from '../src/server/create-logger.js';
import { CallWalker } from '../src/tools/walk/walk-call.js';
import { createMessageLimits } from '../src/server/message-limits.js';
import { numbersMessages, numbersMessageText } from '../src/hotline/text-message/numbers-message.js';
import { createNumberMessenger, mobileLooking, type MessageClient, type NumberMessenger } from '../src/server/send-numbers-message.js';
import { loadTwilioMessageClient, type TwilioMessageSettings } from '../src/server/twilio-message-client.js';
import { speechOf } from './support/expect-speech.js';
import { fixtureLine } from './support/fixture-line.js';
import { at, AUTH_TOKEN, LINE_NUMBER, PUBLIC_BASE_URL, appTransport } from './support/test-line.js';
import { interceptTwilio } from './support/twilio-nock.js';
import { sayAsDigits, spoken } from './support/twiml.js';

/** The fixture line: its own helplines and short prompts, so the shipped wording and hours change nothing here. */
const hotline = fixtureLine;
const { words } = speechOf(hotline);
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const REST_TOKEN = 'rest-auth-token-never-printed-0123';
const API_KEY = `SK${'5'.repeat(32)}`;
const API_SECRET = 'api-secret-never-printed';
const SMS_FROM = 'Info';
const CALLER = '+380501234567';
const NORWEGIAN_MOBILE = '+4791234567';
const MONDAY_11 = at('2026-12-07T11:00:00+01:00');

const API = 'https://api.twilio.com';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const LANG_KEY: Record<string, string> = { uk: '1', ru: '2', en: '3' };
const HELPLINES_KEY = '6';
const NUMBERS_KEY = String(hotline().directory.helplines.filter((h) => h.dial).length + 1);

const twilioRequests = interceptTwilio({ localServer: true });

const SETTINGS: TwilioMessageSettings = { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: REST_TOKEN };

/** The messenger the server builds: the real twilio REST client (here answered by nock), the real limits. */
function realMessenger(options: { settings?: TwilioMessageSettings; timeoutMs?: number; client?: MessageClient | Promise<MessageClient> } = {}): NumberMessenger {
  return createNumberMessenger({
    client: options.client ?? loadTwilioMessageClient(options.settings ?? SETTINGS),
    from: SMS_FROM,
    bodies: numbersMessages(hotline().catalog, hotline().directory),
    limits: createMessageLimits({ timeZone: hotline().directory.timeZone }),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/** A line with text messages on, its log captured, its clock set by the test. */
class Line {
  now = MONDAY_11;
  log = '';
  readonly metrics = createCallMetrics();
  readonly app;

  constructor(readonly messages: NumberMessenger = realMessenger()) {
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        this.log += String(chunk);
        done();
      },
    });
    this.app = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, development: true },
      hotline: hotline(),
      logger: createLogger('trace', sink),
      clock: () => this.now,
      metrics: this.metrics,
      messages,
    });
  }

  call(from = CALLER): Call {
    return new Call(new CallWalker({ transport: appTransport(this.app), from, to: LINE_NUMBER, maxRequests: 200 }));
  }

  async metricsText(): Promise<string> {
    return (await request(this.app).get('/metrics')).text;
  }
}

class Call {
  constructor(readonly walker: CallWalker) {}

  get turn() {
    const document = this.walker.document;
    if (!document) throw new Error('The call has not started.');
    const said = spoken(document.root);
    return { root: document.root, text: said.map((s) => s.text).join(' ') };
  }

  async press(...keys: string[]) {
    for (const key of keys) await this.walker.press(key);
    return this.turn;
  }

  /** From the first ring to the numbers read out in the helplines menu, in a language. */
  async toNumbers(lang: string) {
    await this.walker.start();
    return this.press(LANG_KEY[lang]!, HELPLINES_KEY, NUMBERS_KEY);
  }
}

const offerWords = (lang: string) => words(lang, 'menu.option', { key: { key: 'keys.hash' }, label: { key: 'textMessage.offer' } });

/** A message Twilio accepted, as its API answers a create (the client reads only what it needs). */
const ACCEPTED = { sid: `SM${'a'.repeat(32)}`, account_sid: ACCOUNT_SID, status: 'queued', direction: 'outbound-api', api_version: '2010-04-01' };

/** nock hands over the request's headers as a Fetch-style Headers object (or a plain record). */
type RequestHeaders = { get?: (name: string) => string | null } & Record<string, unknown>;

interface SeenRequest {
  /** The form as sent, and as nock parsed it. */
  raw?: string;
  body?: Record<string, string>;
  header(name: string): string | undefined;
}

/**
 * Mocks Twilio's Messages resource once. The twilio client keeps its connection alive, and nock
 * 15.0.0 then only ends a reply that carries a Content-Length: hence replyContentLength() and a
 * static body. What the request carried is kept for the test to read.
 */
function mockMessages(reply: { status: number; body?: object; delayMs?: number } = { status: 201 }) {
  let headers: RequestHeaders | undefined;
  const seen: SeenRequest = {
    header: (name) => {
      if (typeof headers?.get === 'function') return headers.get(name) ?? undefined;
      const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
      return found === undefined ? undefined : String(found[1]);
    },
  };
  const match = (body: Record<string, string>) => {
    seen.body = { ...body };
    return true;
  };
  // A delayed reply goes without Content-Length: nock 15.0.0 delays only the end of the body.
  const scope = reply.delayMs
    ? nock(API).post(MESSAGES_PATH, match).delay(reply.delayMs).reply(reply.status, reply.body ?? ACCEPTED)
    : nock(API).replyContentLength().post(MESSAGES_PATH, match).reply(reply.status, reply.body ?? ACCEPTED);
  scope.on('request', (req: { headers: RequestHeaders }, _interceptor: unknown, raw: string) => {
    headers = req.headers;
    seen.raw = raw;
  });
  return { got: seen, done: () => expect(nock.pendingMocks()).toEqual([]) };
}

describe('The numbers in a text message, through the real twilio REST client (Twilio answered by nock)', () => {
  it.each(['uk', 'ru', 'en'])('When a %s caller presses # after the numbers, Then Twilio gets one form-encoded message to From, from SMS_FROM, with every number in full, and the caller hears it is on its way', async (lang) => {
    const line = new Line();
    const call = line.call();
    const numbers = await call.toNumbers(lang);
    expect(numbers.text).toContain(offerWords(lang));
    const twilio = mockMessages();

    const after = await call.press('#');

    twilio.done();
    expect(twilioRequests.unmatched()).toEqual([]);
    expect(twilio.got.header('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(twilio.got.header('authorization')).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${REST_TOKEN}`).toString('base64')}`);
    const body = twilio.got.body!;
    expect(Object.fromEntries(new URLSearchParams(twilio.got.raw))).toEqual(body);
    expect(Object.keys(body).sort()).toEqual(['Body', 'From', 'To']);
    expect(body.To).toBe(CALLER);
    expect(body.From).toBe(SMS_FROM);
    expect(body.Body).toBe(numbersMessageText(hotline().catalog, hotline().directory, lang));
    // Every number of the directory, in full as the directory writes it.
    for (const { number } of hotline().directory.helplines) expect(body.Body).toContain(number);
    expect(/[а-яіїєґё]/i.test(body.Body!)).toBe(lang !== 'en');

    expect(after.text.startsWith(words(lang, 'textMessage.sent'))).toBe(true);
    // The same menu, without a second offer.
    expect(after.text).toContain(words(lang, 'topicMenu.labels.next'));
    expect(after.text).not.toContain(offerWords(lang));
    expect(line.log).toContain('text message sent');
  });

  it('When the REST client signs in with an API key, Then it uses the key and its secret for the account given', async () => {
    const line = new Line(realMessenger({ settings: { accountSid: ACCOUNT_SID, username: API_KEY, password: API_SECRET } }));
    const call = line.call(NORWEGIAN_MOBILE);
    await call.toNumbers('en');
    const twilio = mockMessages();
    await call.press('#');
    twilio.done();
    expect(twilio.got.header('authorization')).toBe(`Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`);
    expect(twilio.got.body?.To).toBe(NORWEGIAN_MOBILE);
  });

  it.each([
    [400, { code: 21211, message: `The 'To' number ${CALLER} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 }],
    [500, { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 }],
  ])('When Twilio answers %s, Then the caller hears the message could not be sent and the numbers again, and the log has only the code and status', async (status, error) => {
    const line = new Line();
    const call = line.call();
    await call.toNumbers('uk');
    const twilio = mockMessages({ status, body: error });

    const after = await call.press('#');

    twilio.done();
    expect(after.text.startsWith(words('uk', 'textMessage.failed'))).toBe(true);
    expect(after.text).toContain(words('uk', 'numbers.intro'));
    expect(sayAsDigits(after.root)).toContain('112');
    expect(after.text).not.toContain(offerWords('uk'));
    const warning = line.log.split('\n').find((l) => l.includes('text message not sent'));
    expect(JSON.parse(warning!)).toMatchObject({ reason: 'refused', status, code: error.code });
    expect(line.log).not.toContain(CALLER.slice(1));
    expect(line.log).not.toContain('not a valid phone number');
  });

  it('When Twilio does not answer, Then the caller hears the failure and the numbers within about 3 seconds', async () => {
    const line = new Line();
    const call = line.call();
    await call.toNumbers('ru');
    mockMessages({ status: 201, delayMs: 5_000 });

    const started = Date.now();
    const after = await call.press('#');
    const waited = Date.now() - started;

    expect(waited).toBeGreaterThanOrEqual(2_900);
    // Twilio's answer would come at 5 s: anything before it is the line's own timer, however busy the machine.
    expect(waited).toBeLessThan(4_900);
    expect(after.text.startsWith(words('ru', 'textMessage.failed'))).toBe(true);
    expect(after.text).toContain(words('ru', 'numbers.intro'));
    expect(JSON.parse(line.log.split('\n').find((l) => l.includes('text message not sent'))!)).toMatchObject({ reason: 'timeout' });
  }, 15_000);

  it('When the REST client never answers at all, Then the messenger\'s own timer answers the caller when its time is up', async () => {
    const hanging: MessageClient = { messages: { create: () => new Promise(() => {}) } };
    // The timer's length is the test above's; here a short one, so the test does not wait 3 s again.
    const line = new Line(realMessenger({ client: hanging, timeoutMs: 300 }));
    const call = line.call();
    await call.toNumbers('en');
    const started = Date.now();
    const after = await call.press('#');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(after.text.startsWith(words('en', 'textMessage.failed'))).toBe(true);
  }, 15_000);

  it.each(['anonymous', '+266696687', '+7378742833', '+4722334455', '+47123', '2223', ''])('When the caller number is %j (withheld, a placeholder, a landline or a short number), Then no message is offered and # is not an option', async (from) => {
    expect(mobileLooking(from)).toBe(false);
    const line = new Line();
    const call = line.call(from);
    const numbers = await call.toNumbers('en');
    expect(numbers.text).not.toContain(offerWords('en'));
    const pressed = await call.press('#');
    expect(pressed.text.startsWith(words('en', 'menu.notAnOption'))).toBe(true);
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the caller presses # again in the same call, Then no second message is offered or sent, anywhere in the call', async () => {
    const line = new Line();
    const call = line.call();
    await call.toNumbers('en');
    const twilio = mockMessages();
    await call.press('#');
    twilio.done();

    const again = await call.press('#');
    expect(again.text.startsWith(words('en', 'menu.notAnOption'))).toBe(true);
    // Elsewhere in the call: the emergency answer, the numbers once more, the help for young people.
    for (const keys of [['0'], ['*', HELPLINES_KEY, NUMBERS_KEY], ['*', '7']]) {
      const turn = await call.press(...keys);
      expect(turn.text).not.toContain(offerWords('en'));
    }
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When the emergency key was pressed, Then the menu after its answer offers the message', async () => {
    const line = new Line();
    const call = line.call();
    await call.walker.start();
    await call.press('3');
    const emergency = await call.press('0');
    expect(emergency.text).toContain(offerWords('en'));
    const twilio = mockMessages();
    const after = await call.press('#');
    twilio.done();
    expect(after.text.startsWith(words('en', 'textMessage.sent'))).toBe(true);
    expect(after.text).toContain(words('en', 'main.title'));
  });

  it('When one number called three times today and got three messages, Then its fourth call is not offered one; another number is, and so is that number the next day', async () => {
    const line = new Line();
    for (let n = 1; n <= 3; n++) {
      const call = line.call(NORWEGIAN_MOBILE);
      expect((await call.toNumbers('en')).text).toContain(offerWords('en'));
      const twilio = mockMessages();
      await call.press('#');
      twilio.done();
      line.now = new Date(line.now.getTime() + 3_600_000);
    }
    const fourth = line.call(NORWEGIAN_MOBILE);
    expect((await fourth.toNumbers('en')).text).not.toContain(offerWords('en'));
    expect((await fourth.press('#')).text.startsWith(words('en', 'menu.notAnOption'))).toBe(true);

    expect((await line.call(CALLER).toNumbers('en')).text).toContain(offerWords('en'));
    line.now = at('2026-12-08T00:05:00+01:00');
    expect((await line.call(NORWEGIAN_MOBILE).toNumbers('en')).text).toContain(offerWords('en'));
    expect(twilioRequests.unmatched()).toEqual([]);
  });

  it('When messages are offered, sent and failed, Then hotline_messages_total counts them by language and outcome, with no number', async () => {
    const line = new Line();
    const first = line.call();
    await first.toNumbers('uk');
    const ok = mockMessages();
    await first.press('#');
    ok.done();
    const second = line.call('+380671112233');
    await second.toNumbers('uk');
    const refused = mockMessages({ status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } });
    await second.press('#');
    refused.done();

    const text = await line.metricsText();
    expect(text).toContain('hotline_messages_total{lang="uk",outcome="offered"} 2');
    expect(text).toContain('hotline_messages_total{lang="uk",outcome="sent"} 1');
    expect(text).toContain('hotline_messages_total{lang="uk",outcome="failed"} 1');
    expect(text).toContain('hotline_menu_choices_total{menu="part",key="#"} 2');
    for (const secret of [CALLER, CALLER.slice(1), '671112233']) expect(text).not.toContain(secret);
  });

  it('When anything throws in the send path, Then the caller still gets the failure answer as TwiML', async () => {
    const throwing: MessageClient = {
      messages: {
        create: () => {
          throw new Error(`socket hang up sending to ${CALLER}`);
        },
      },
    };
    const broken: NumberMessenger = { mayOffer: async () => true, send: () => Promise.reject(new Error(`boom ${CALLER}`)), limitsHealth: async () => ({ store: 'memory', up: true }) };
    for (const messages of [realMessenger({ client: throwing }), realMessenger({ client: Promise.reject(new Error('no client')) }), broken]) {
      const line = new Line(messages);
      const call = line.call();
      await call.toNumbers('en');
      const after = await call.press('#');
      expect(after.text.startsWith(words('en', 'textMessage.failed'))).toBe(true);
      expect(line.log).not.toContain(CALLER.slice(1));
    }
  });

  it('When text messages are not configured, Then nothing is offered and # is not an option', async () => {
    const app = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false },
      hotline: hotline(),
      logger: createLogger('silent'),
      clock: () => MONDAY_11,
    });
    const call = new Call(new CallWalker({ transport: appTransport(app), from: CALLER, to: LINE_NUMBER }));
    expect((await call.toNumbers('uk')).text).not.toContain(offerWords('uk'));
    expect((await call.press('#')).text.startsWith(words('uk', 'menu.notAnOption'))).toBe(true);
  });
});

/** The caller's number as any log line could carry it: in full, without the plus, or only the subscriber digits. */
const CALLER_FORMS = [CALLER, CALLER.slice(1), CALLER.slice(4)];

/** The error a socket gives: a message (here quoting the number, as a careless client might) and a system code. */
const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("The caller's number is in no log line, whatever becomes of the message", () => {
  const refusal = { code: 21211, message: `The 'To' number ${CALLER} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 };
  it.each([
    ['sent', () => mockMessages(), { msg: 'text message sent' }],
    ['refused', () => mockMessages({ status: 400, body: refusal }), { msg: 'text message not sent', reason: 'refused', code: 21211, status: 400 }],
    // Each cause in its closed set: an offline host, a name that does not resolve, a cut connection, no answer in time.
    ['refused by the network (ECONNREFUSED)', () => nock(API).post(MESSAGES_PATH).replyWithError(systemError('ECONNREFUSED', `connect ECONNREFUSED while sending to ${CALLER}`)), { msg: 'text message not sent', reason: 'network', cause: 'ECONNREFUSED' }],
    ['cut off (socket hang up)', () => nock(API).post(MESSAGES_PATH).replyWithError(systemError('ECONNRESET', `socket hang up while sending to ${CALLER}`)), { msg: 'text message not sent', reason: 'network', cause: 'ECONNRESET' }],
    ['lost in DNS (ENOTFOUND)', () => nock(API).post(MESSAGES_PATH).replyWithError(systemError('ENOTFOUND', `getaddrinfo ENOTFOUND api.twilio.com for ${CALLER}`)), { msg: 'text message not sent', reason: 'dns', cause: 'ENOTFOUND' }],
    ['timed out', () => mockMessages({ status: 201, delayMs: 2_000 }), { msg: 'text message not sent', reason: 'timeout' }],
  ])('When the message is %s, Then the log says so in one line with its cause, and no line holds the number', async (_outcome, twilio, logged) => {
    // A short wait for Twilio, injected, so the timed-out message does not hold the suite for 3 s.
    const line = new Line(realMessenger({ timeoutMs: 300 }));
    const call = line.call();
    await call.toNumbers('uk');
    twilio();
    await call.press('#');

    const lines = line.log.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => String(l.msg).startsWith('text message'))).toEqual([expect.objectContaining(logged)]);
    expect(lines.some((l) => l.msg === 'call started')).toBe(true);
    for (const [n, text] of line.log.trim().split('\n').entries()) {
      for (const form of CALLER_FORMS) expect(text, `log line ${n + 1}`).not.toContain(form);
    }
  });
});

describe('Which numbers can get a text message', () => {
  it.each([
    ['+4791234567', true],
    ['+4741234567', true],
    ['+4722334455', false],
    ['+47912345678', false],
    ['+380501234567', true],
    ['+79161234567', true],
    ['+441234567', false],
    ['+266696687', false],
    ['+86282452253', false],
    ['anonymous', false],
    [undefined, false],
  ])('%s: %s', (from, expected) => {
    expect(mobileLooking(from)).toBe(expected);
  });
});
