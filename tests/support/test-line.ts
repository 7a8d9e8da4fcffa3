import request from 'supertest';
import twilio from 'twilio';
import pino from 'pino';
import type { Element } from '@xmldom/xmldom';
import { createApp } from '../../src/app.js';
import { loadHotline, type Hotline } from '../../src/hotline.js';
import { parseTwiml, childElements, spoken, type Twiml, type Spoken } from './twiml.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_BASE_URL = 'https://hotline.example.org';
export const LINE_NUMBER = '+4721000000';
export const CALLER_UA = '+380501234567';

let sharedHotline: Hotline | undefined;
export const hotline = () => (sharedHotline ??= loadHotline());

/** An instant given as Oslo wall time with its UTC offset, e.g. '2026-12-07T11:00:00+01:00'. */
export const at = (iso: string) => new Date(iso);

export function signedPost(app: Parameters<typeof request>[0], path: string, params: Record<string, string>, token = AUTH_TOKEN) {
  const signature = twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, params);
  return request(app).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}

export interface Turn {
  readonly status: number;
  readonly twiml: Twiml;
  readonly said: Spoken[];
  readonly text: string;
}

/** Drives one call the way Twilio does: signed form posts, following Gather, Redirect and Dial actions. */
export class TestCall {
  private last: Turn | undefined;
  readonly app;
  now: Date;

  constructor(now: Date, private readonly from = CALLER_UA, options: { passCallerNumber?: boolean } = {}) {
    this.now = now;
    this.app = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, ...options },
      hotline: hotline(),
      logger: pino({ level: 'silent' }),
      clock: () => this.now,
    });
  }

  private params(extra: Record<string, string>): Record<string, string> {
    return { CallSid: 'CA0123456789abcdef0123456789abcdef', AccountSid: 'AC00000000000000000000000000000000', From: this.from, To: LINE_NUMBER, Direction: 'inbound', ...extra };
  }

  async post(path: string, extra: Record<string, string> = {}): Promise<Turn> {
    const res = await signedPost(this.app, path, this.params(extra));
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
    if (!/xml/.test(res.headers['content-type'] ?? '')) throw new Error(`POST ${path} answered ${res.headers['content-type']}`);
    const twiml = parseTwiml(res.text);
    const said = spoken(twiml.root);
    this.last = { status: res.status, twiml, said, text: said.map((s) => s.text).join(' ') };
    return this.last;
  }

  get current(): Turn {
    if (!this.last) throw new Error('The call has not started.');
    return this.last;
  }

  start(): Promise<Turn> {
    return this.post('/voice');
  }

  private verb(name: string): Element {
    const verb = this.current.twiml.verbs.find((v) => v.tagName === name);
    if (!verb) throw new Error(`The last answer has no <${name}>: ${this.current.twiml.verbs.map((v) => v.tagName).join(', ')}`);
    return verb;
  }

  /** Presses a key while the current <Gather> is waiting. */
  press(key: string): Promise<Turn> {
    return this.post(this.verb('Gather').getAttribute('action') ?? '', { Digits: key });
  }

  /** Presses nothing: Twilio runs the verb after the <Gather>, a <Redirect>. */
  silence(): Promise<Turn> {
    const verbs = this.current.twiml.verbs;
    const gatherAt = verbs.findIndex((v) => v.tagName === 'Gather');
    const next = verbs[gatherAt + 1];
    if (!next || next.tagName !== 'Redirect') throw new Error(`No <Redirect> after the <Gather>; got <${next?.tagName}>`);
    return this.post(next.textContent ?? '');
  }

  /** The transfer ends with the given DialCallStatus. */
  dialEnds(status: string): Promise<Turn> {
    return this.post(this.verb('Dial').getAttribute('action') ?? '', { DialCallStatus: status });
  }

  get dial(): { number: string; callerId: string | null; action: string | null } | undefined {
    const dial = this.current.twiml.verbs.find((v) => v.tagName === 'Dial');
    if (!dial) return undefined;
    const number = childElements(dial).find((c) => c.tagName === 'Number');
    return { number: number?.textContent ?? '', callerId: dial.getAttribute('callerId'), action: dial.getAttribute('action') };
  }
}
