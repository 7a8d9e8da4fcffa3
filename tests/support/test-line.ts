import request from 'supertest';
import twilio from 'twilio';
import pino from 'pino';
import { createApp } from '../../src/server/app.js';
import { type Hotline } from '../../src/hotline/hotline.js';
import { defaultPaths, loadHotline } from '../../src/load/load-hotline.js';
import type { CallMetrics } from '../../src/server/call-metrics.js';
import { CallWalker, type DialOutcome, type Transport } from '../../src/tools/walk/walk-call.js';
import { spoken, type Twiml, type Spoken } from './twiml.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_BASE_URL = 'https://hotline.example.org';
export const LINE_NUMBER = '+4721000000';
export const CALLER_UA = '+380501234567';

let sharedHotline: Hotline | undefined;
export const hotline = () => (sharedHotline ??= loadHotline());
/** The confidence below which the speaking line takes a spoken answer as not understood. */
export const SPEECH_MIN_CONFIDENCE = 0.5;
let speakingHotline: Hotline | undefined;
/** The line with spoken answers on (SPEECH_INPUT=on). */
export const speakingLine = () => (speakingHotline ??= loadHotline(defaultPaths(), { speech: { minConfidence: SPEECH_MIN_CONFIDENCE } }));

/** An instant given as Oslo wall time with its UTC offset, e.g. '2026-12-07T11:00:00+01:00'. */
export const at = (iso: string) => new Date(iso);

export function signedPost(app: Parameters<typeof request>[0], path: string, params: Record<string, string>, token = AUTH_TOKEN) {
  const signature = twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, params);
  return request(app).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}

/** Posts to an app in memory, signed for the public URL as Twilio signs. */
export function appTransport(app: Parameters<typeof request>[0]): Transport {
  return {
    baseUrl: new URL(PUBLIC_BASE_URL),
    post: async (path, params) => {
      const res = await signedPost(app, path, params);
      return { status: res.status, contentType: res.headers['content-type'] ?? '', body: res.text };
    },
    close: async () => {},
  };
}

export interface Turn {
  readonly twiml: Twiml;
  readonly said: Spoken[];
  readonly text: string;
}

/** One call through the line's one walker, on an app with a clock the test sets. */
export class TestCall {
  readonly app;
  readonly walker: CallWalker;
  now: Date;

  /** The line's own number is set (HOTLINE_NUMBER=LINE_NUMBER) unless `hotlineNumber` says otherwise. */
  constructor(now: Date, from = CALLER_UA, options: { passCallerNumber?: boolean; hotlineNumber?: string | undefined; line?: Hotline; metrics?: CallMetrics } = {}) {
    this.now = now;
    const { line, metrics, ...config } = options;
    this.app = createApp({
      config: { authToken: AUTH_TOKEN, publicBaseUrl: new URL(PUBLIC_BASE_URL), trustProxy: false, development: true, hotlineNumber: LINE_NUMBER, ...config },
      hotline: line ?? hotline(),
      ...(metrics ? { metrics } : {}),
      logger: pino({ level: 'silent' }),
      clock: () => this.now,
    });
    this.walker = new CallWalker({ transport: appTransport(this.app), from, to: LINE_NUMBER, maxRequests: 1000 });
  }

  /** The last document the line answered, with what it says. */
  get current(): Turn {
    const document = this.walker.document;
    if (!document) throw new Error('The call has not started.');
    const said = spoken(document.root);
    return { twiml: document, said, text: said.map((s) => s.text).join(' ') };
  }

  private async turn(next: Promise<unknown>): Promise<Turn> {
    await next;
    const waiting = this.walker.waiting;
    if (waiting.kind === 'ended' && waiting.result === 'error') {
      const error = this.walker.events.findLast((e) => e.kind === 'error');
      throw new Error(error?.kind === 'error' ? error.message : 'The call failed.');
    }
    return this.current;
  }

  start(): Promise<Turn> {
    return this.turn(this.walker.start());
  }

  /** Posts to one of the line's URLs directly, as Twilio would. */
  post(path: string, extra: Record<string, string> = {}): Promise<Turn> {
    return this.turn(this.walker.follow(path, extra));
  }

  /** Presses a key while a <Gather> is waiting. */
  press(key: string): Promise<Turn> {
    return this.turn(this.walker.press(key));
  }

  /** Says words instead of a key, as Twilio posts them (SpeechResult and Confidence). */
  say(words: string, confidence?: number): Promise<Turn> {
    return this.turn(this.walker.say(words, confidence));
  }

  /** Presses nothing: Twilio runs the verbs after the <Gather>. */
  silence(): Promise<Turn> {
    return this.turn(this.walker.silence());
  }

  /** The transfer ends with the given DialCallStatus (and, answered, after `talkedSeconds` of talk). */
  dialEnds(status: DialOutcome, talkedSeconds?: number): Promise<Turn> {
    return this.turn(this.walker.dialEnds(status, talkedSeconds));
  }

  /** The transfer the call is waiting on, if any. */
  get dial(): { number: string; callerId: string | null; action: string | null } | undefined {
    const waiting = this.walker.waiting;
    if (waiting.kind !== 'dial') return undefined;
    return { number: waiting.number, callerId: waiting.dial.getAttribute('callerId'), action: waiting.dial.getAttribute('action') };
  }
}
