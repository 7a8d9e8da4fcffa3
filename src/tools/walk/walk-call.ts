import { randomBytes } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { childElements, parseTwiml, sayText, type TwimlDocument } from './twiml-document.js';
import { errorMessage } from '../../content/error-message.js';
import type { DialOutcome } from '../../hotline/index.js';
import { DEFAULT_CONFIDENCE, DEFAULT_FROM, DEFAULT_TO } from './simulated-caller.js';

export interface TransportResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /**
   * What the line would have done beside this answer, told before it is played: only a transport
   * that answers in this process knows (it performs nothing, so the text message is told, not sent).
   */
  readonly effects?: readonly TranscriptEvent[] | undefined;
}

/**
 * How a walker reaches the line: form posts, as Twilio sends them. Over HTTP to a running server,
 * signed (urlTransport), or to the line answering in this process (answerTransport).
 */
export interface Transport {
  /** The origin requests go to; relative URLs in TwiML are resolved against it. */
  readonly baseUrl: URL;
  post(path: string, params: Record<string, string>): Promise<TransportResponse>;
  close(): Promise<void>;
}

export type { DialOutcome };

/** What a caller hears and does in one call, in order: the transcript the simulator prints and the try page shows. */
export type TranscriptEvent =
  | { readonly kind: 'say'; readonly lang: string; readonly voice: string; readonly text: string }
  | { readonly kind: 'play'; readonly url: string }
  | { readonly kind: 'pause'; readonly seconds: number }
  | { readonly kind: 'key'; readonly key: string }
  /** Words said instead of a key, where the menu listens for speech. */
  | { readonly kind: 'said'; readonly words: string; readonly confidence: number }
  | { readonly kind: 'no-key' }
  | { readonly kind: 'transfer'; readonly name: string | undefined; readonly number: string }
  | { readonly kind: 'dial-outcome'; readonly outcome: DialOutcome }
  /** The caller asked for the numbers by text message, and the line would send them now (in this language). */
  | { readonly kind: 'text-message'; readonly lang: string }
  | { readonly kind: 'end'; readonly reason?: string }
  | { readonly kind: 'error'; readonly message: string };

export type CallResult = 'ended' | 'stopped' | 'error' | 'runaway';

/** What the call waits for after the line's last answer: a key, how a transfer ends, or nothing more. */
export type Waiting =
  | { readonly kind: 'key'; readonly gather: Element }
  | { readonly kind: 'dial'; readonly dial: Element; readonly number: string }
  | { readonly kind: 'ended'; readonly result: CallResult };

export interface NumberDescription {
  readonly name: string;
  /** As written in the directory, e.g. "+47 22 33 11 60". */
  readonly display: string;
}

export interface WalkerOptions {
  readonly transport: Transport;
  readonly onEvent?: (event: TranscriptEvent) => void;
  readonly describeNumber?: (e164: string) => NumberDescription | undefined;
  readonly from?: string;
  readonly to?: string;
  readonly maxRequests?: number;
}

export const MAX_REQUESTS = 200;

/** Whether a <Gather> takes spoken answers as well as keys (its input lists speech). */
export const listensForSpeech = (gather: Element): boolean => (gather.getAttribute('input') ?? '').split(/\s+/).includes('speech');

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

function describeRefusal(status: number, url: string): string {
  if (status === 403) {
    return `The line refused the signature of ${url} (403): check that TWILIO_AUTH_TOKEN is the server's token, and give --public-url with the server's PUBLIC_BASE_URL when it has one.`;
  }
  if (status === 400) return `The line answered ${url} with 400: it wants a signature; set TWILIO_AUTH_TOKEN to the server's token.`;
  return `The line answered ${url} with HTTP ${status} instead of TwiML.`;
}

/**
 * Drives one call through the line's answers as Twilio does: over HTTP (signed posts to a server) or in
 * this process (the same answer function, no socket), each document's verbs in order, <Gather> waiting for a key (silence goes on to the next verb),
 * <Redirect> followed, <Dial> waiting for its outcome (posted to its action, or on to the next verb
 * without one), <Hangup> or the end of a document ending the call. The one walker of calls: the
 * simulator, the tests and the try page drive it, over either transport.
 */
export class CallWalker {
  /** Everything the caller heard and did so far, in order. */
  readonly events: TranscriptEvent[] = [];
  /** The last document the line answered, and where it came from. */
  document: (TwimlDocument & { readonly url: string }) | undefined;
  waiting: Waiting = { kind: 'ended', result: 'stopped' };
  requests = 0;
  private readonly base: Record<string, string>;
  private rest: { verbs: readonly Element[]; index: number } = { verbs: [], index: 0 };

  constructor(private readonly options: WalkerOptions) {
    // What Twilio sends with every webhook of one inbound call.
    this.base = { CallSid: `CA${randomHex(16)}`, AccountSid: `AC${randomHex(16)}`, From: options.from ?? DEFAULT_FROM, To: options.to ?? DEFAULT_TO, Direction: 'inbound' };
  }

  private emit(event: TranscriptEvent): void {
    this.events.push(event);
    this.options.onEvent?.(event);
  }

  private end(result: CallResult, event?: TranscriptEvent): Waiting {
    if (event) this.emit(event);
    this.waiting = { kind: 'ended', result };
    return this.waiting;
  }

  /** The first ring: Twilio posts to /voice. */
  start(): Promise<Waiting> {
    return this.follow('/voice');
  }

  /** Posts to a URL of the line, as Twilio does for an action or a redirect, and plays what it answers. */
  async follow(url: string, params: Record<string, string> = {}): Promise<Waiting> {
    const maxRequests = this.options.maxRequests ?? MAX_REQUESTS;
    if (++this.requests > maxRequests) return this.end('runaway', { kind: 'end', reason: `stopped after ${maxRequests} requests; the line never ended the call` });
    let document: TwimlDocument;
    let res: TransportResponse;
    try {
      res = await this.options.transport.post(url, { ...this.base, ...params });
      if (res.status !== 200) return this.end('error', { kind: 'error', message: describeRefusal(res.status, url) });
      if (!/xml/i.test(res.contentType)) return this.end('error', { kind: 'error', message: `The line answered ${url} with ${res.contentType || 'no content type'} instead of TwiML.` });
      try {
        document = parseTwiml(res.body);
      } catch (error) {
        return this.end('error', { kind: 'error', message: `The line answered ${url}, but ${errorMessage(error)}.` });
      }
    } catch (error) {
      return this.end('error', { kind: 'error', message: errorMessage(error) });
    }
    for (const effect of res.effects ?? []) this.emit(effect);
    this.document = { ...document, url };
    this.rest = { verbs: document.verbs, index: 0 };
    return this.play();
  }

  async press(key: string): Promise<Waiting> {
    const waiting = this.waiting;
    if (waiting.kind !== 'key') throw new Error(`A key was pressed while the call ${this.describeWaiting()}.`);
    this.emit({ kind: 'key', key });
    return this.go(waiting.gather, waiting.gather.getAttribute('action'), { Digits: key });
  }

  /**
   * Says words instead of pressing a key, as Twilio posts them when a <Gather> listens for speech:
   * SpeechResult and Confidence (0 to 1). A menu that takes keys only cannot hear them.
   */
  async say(words: string, confidence = DEFAULT_CONFIDENCE): Promise<Waiting> {
    const waiting = this.waiting;
    if (waiting.kind !== 'key') throw new Error(`Words were said while the call ${this.describeWaiting()}.`);
    if (!listensForSpeech(waiting.gather)) throw new Error('This menu takes keys only: the line does not listen for speech here (is SPEECH_INPUT on?).');
    this.emit({ kind: 'said', words, confidence });
    return this.go(waiting.gather, waiting.gather.getAttribute('action'), { SpeechResult: words, Confidence: String(confidence) });
  }

  /** No key: Twilio goes on with the verb after the <Gather>. */
  async silence(): Promise<Waiting> {
    if (this.waiting.kind !== 'key') throw new Error(`Silence was chosen while the call ${this.describeWaiting()}.`);
    this.emit({ kind: 'no-key' });
    return this.play();
  }

  /** How the transfer ended; for an answered one, `talkedSeconds` is Twilio's DialCallDuration (0 unless given: the helpline hung up at once). */
  async dialEnds(outcome: DialOutcome, talkedSeconds = 0): Promise<Waiting> {
    const waiting = this.waiting;
    if (waiting.kind !== 'dial') throw new Error(`A transfer ended while the call ${this.describeWaiting()}.`);
    this.emit({ kind: 'dial-outcome', outcome });
    const action = waiting.dial.getAttribute('action');
    const talked = outcome === 'completed' ? String(talkedSeconds) : '0';
    // Without an action Twilio goes on with the verb after the <Dial>.
    return action ? this.go(waiting.dial, action, { DialCallStatus: outcome, DialCallDuration: talked }) : this.play();
  }

  hangUp(): Waiting {
    return this.end('ended', { kind: 'end' });
  }

  private describeWaiting(): string {
    return this.waiting.kind === 'ended' ? 'had ended' : `was waiting for ${this.waiting.kind === 'key' ? 'a key' : 'a transfer to end'}`;
  }

  /** Only POST is followed; a verb without a URL goes back to the current document, as on Twilio. */
  private go(verb: Element, url: string | null | undefined, params: Record<string, string> = {}): Promise<Waiting> {
    const method = verb.getAttribute('method');
    if (method && method.toUpperCase() !== 'POST') {
      return Promise.resolve(this.end('error', { kind: 'error', message: `<${verb.tagName}> asks for method ${method}; the line should use POST.` }));
    }
    return this.follow(url?.trim() || (this.document?.url ?? '/voice'), params);
  }

  private media(verb: Element): boolean {
    switch (verb.tagName) {
      case 'Say':
        this.emit({ kind: 'say', lang: verb.getAttribute('language') ?? '', voice: verb.getAttribute('voice') ?? '', text: sayText(verb) });
        return true;
      case 'Play':
        this.emit({ kind: 'play', url: (verb.textContent ?? '').trim() });
        return true;
      case 'Pause':
        this.emit({ kind: 'pause', seconds: Number(verb.getAttribute('length') ?? '1') });
        return true;
      default:
        return false;
    }
  }

  /** Plays the rest of the current document until it waits for the caller, leaves it, or ends. */
  private async play(): Promise<Waiting> {
    const { verbs } = this.rest;
    while (this.rest.index < verbs.length) {
      const verb = verbs[this.rest.index++] as Element;
      if (this.media(verb)) continue;
      switch (verb.tagName) {
        case 'Gather':
          for (const child of childElements(verb)) this.media(child);
          this.waiting = { kind: 'key', gather: verb };
          return this.waiting;
        case 'Dial': {
          const numberElement = childElements(verb).find((c) => c.tagName === 'Number');
          const number = ((numberElement ?? verb).textContent ?? '').trim();
          const known = this.options.describeNumber?.(number);
          this.emit({ kind: 'transfer', name: known?.name, number: known?.display ?? number });
          this.waiting = { kind: 'dial', dial: verb, number };
          return this.waiting;
        }
        case 'Redirect':
          return this.go(verb, verb.textContent);
        case 'Hangup':
          return this.end('ended', { kind: 'end' });
        default:
          return this.end('error', { kind: 'error', message: `The line answered with <${verb.tagName}>, which the simulator does not know.` });
      }
    }
    // Twilio hangs up when a document runs out of verbs.
    return this.end('ended', { kind: 'end' });
  }
}

export interface PromptContext {
  /** The URL of the TwiML document being followed. */
  readonly url: string;
  /** Requests made so far in this call. */
  readonly requests: number;
  /** Whether the menu waiting now also takes spoken answers. */
  readonly listens: boolean;
}

/** Words said instead of a key, with how sure Twilio is of them (0 to 1; DEFAULT_CONFIDENCE if not given). */
export interface SpokenChoice {
  readonly say: string;
  readonly confidence?: number | undefined;
}

/** 'stop' ends the simulation without a word: the script of keys or outcomes ran out. */
export type KeyChoice = string | SpokenChoice | 'silence' | 'hangup' | 'stop';
export type DialChoice = DialOutcome | 'stop';

export interface CallOptions extends WalkerOptions {
  readonly onEvent: (event: TranscriptEvent) => void;
  readonly nextKey: (context: PromptContext) => Promise<KeyChoice>;
  readonly dialOutcome: (context: PromptContext) => Promise<DialChoice>;
}

/** Drives one call from the first ring until the line hangs up, the script stops or something fails. */
export async function runCall(options: CallOptions): Promise<CallResult> {
  const walker = new CallWalker(options);
  let waiting = await walker.start();
  const context = (listens = false): PromptContext => ({ url: walker.document?.url ?? '/voice', requests: walker.requests, listens });
  while (waiting.kind !== 'ended') {
    if (waiting.kind === 'key') {
      const key = await options.nextKey(context(listensForSpeech(waiting.gather)));
      if (key === 'stop') return 'stopped';
      if (typeof key === 'object') waiting = await walker.say(key.say, key.confidence);
      else waiting = key === 'hangup' ? walker.hangUp() : key === 'silence' ? await walker.silence() : await walker.press(key);
    } else {
      const outcome = await options.dialOutcome(context());
      if (outcome === 'stop') return 'stopped';
      waiting = await walker.dialEnds(outcome);
    }
  }
  return waiting.result;
}
