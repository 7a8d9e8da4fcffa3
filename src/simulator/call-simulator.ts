import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import twilio from 'twilio';

export interface TransportResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** How the simulator reaches the line: signed form posts, as Twilio sends them. */
export interface Transport {
  /** The origin requests go to; relative URLs in TwiML are resolved against it. */
  readonly baseUrl: URL;
  post(path: string, params: Record<string, string>): Promise<TransportResponse>;
  close(): Promise<void>;
}

/** Twilio gives up on a webhook after 15 seconds; so does the simulator. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Resolves a TwiML URL against the line's origin. Requests carry a signature made with the
 * auth token, so they never go to another origin, whatever the TwiML says.
 */
function resolveOnLine(baseUrl: URL, path: string): URL {
  const url = new URL(path, baseUrl);
  if (url.origin !== baseUrl.origin) {
    throw new Error(`The line sent the call to ${url.href}, outside ${baseUrl.origin}; the simulator only follows the line's own addresses.`);
  }
  return url;
}

/**
 * Posts to `baseUrl`, signing for the same path and query under `publicUrl`: the origin Twilio calls,
 * which a server behind a router (or with PUBLIC_BASE_URL) checks signatures against.
 */
function signedPoster(baseUrl: URL, authToken: string | undefined, publicUrl: URL = baseUrl) {
  return async (path: string, params: Record<string, string>): Promise<TransportResponse> => {
    const url = resolveOnLine(baseUrl, path);
    const signedUrl = new URL(`${url.pathname}${url.search}`, publicUrl);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (authToken) headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(authToken, signedUrl.href, params);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new Error(`Cannot reach ${url.origin}: ${cause}.`, { cause: error });
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  };
}

/** Posts to a line that is already running, e.g. `npm start` or a deployed service. */
export function urlTransport(baseUrl: URL, authToken: string | undefined, publicUrl?: URL): Transport {
  return { baseUrl, post: signedPoster(baseUrl, authToken, publicUrl), close: async () => {} };
}

/**
 * Serves the app on 127.0.0.1 and posts to it over real HTTP, so signatures are checked as in
 * production. The app is built once the port is known, because it checks signatures against its
 * own public URL.
 */
export async function inProcessTransport(buildApp: (publicBaseUrl: URL) => RequestListener, authToken: string): Promise<Transport> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  server.on('request', buildApp(baseUrl));
  return {
    baseUrl,
    post: signedPoster(baseUrl, authToken),
    close: async () => {
      // fetch keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A moment given as wall-clock time in a time zone, e.g. "2026-12-07T11:00" in Europe/Oslo. */
export function parseWallTime(value: string, timeZone = 'Europe/Oslo'): Date {
  const example = 'such as 2026-12-07T11:00';
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    throw new Error(`"${value}" is not a date and time ${example} (${timeZone} time).`);
  }
  const instant = fromZonedTime(value, timeZone);
  // Catches impossible dates (2026-02-30) and times the clock skips when summer time starts.
  if (Number.isNaN(instant.getTime()) || formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm") !== value.slice(0, 16)) {
    throw new Error(`"${value}" is not a time that exists on the clock in ${timeZone}; give one ${example}.`);
  }
  return instant;
}

export type DialOutcome = 'completed' | 'busy' | 'no-answer' | 'failed';

export type CallEvent =
  | { readonly kind: 'say'; readonly lang: string; readonly voice: string; readonly text: string }
  | { readonly kind: 'play'; readonly url: string }
  | { readonly kind: 'pause'; readonly seconds: number }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'no-key' }
  | { readonly kind: 'transfer'; readonly name: string | undefined; readonly number: string }
  | { readonly kind: 'dial-outcome'; readonly outcome: DialOutcome }
  | { readonly kind: 'end'; readonly reason?: string }
  | { readonly kind: 'error'; readonly message: string };

export interface PromptContext {
  /** The URL of the TwiML document being followed. */
  readonly url: string;
  /** Requests made so far in this call. */
  readonly requests: number;
}

/** 'stop' ends the simulation without a word: the script of keys or outcomes ran out. */
export type KeyChoice = string | 'silence' | 'hangup' | 'stop';
export type DialChoice = DialOutcome | 'stop';

export interface NumberDescription {
  readonly name: string;
  /** As written in the directory, e.g. "+47 22 33 11 60". */
  readonly display: string;
}

export interface CallOptions {
  readonly transport: Transport;
  readonly onEvent: (event: CallEvent) => void;
  readonly nextKey: (context: PromptContext) => Promise<KeyChoice>;
  readonly dialOutcome: (context: PromptContext) => Promise<DialChoice>;
  readonly describeNumber?: (e164: string) => NumberDescription | undefined;
  readonly from?: string;
  readonly to?: string;
  readonly maxRequests?: number;
}

export type CallResult = 'ended' | 'stopped' | 'error' | 'runaway';

export const DEFAULT_FROM = '+380500000000';
export const DEFAULT_TO = '+4700000000';
export const MAX_REQUESTS = 200;

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** What Twilio sends with every webhook of one inbound call. */
function callParams(from: string, to: string): Record<string, string> {
  return { CallSid: `CA${randomHex(16)}`, AccountSid: `AC${randomHex(16)}`, From: from, To: to, Direction: 'inbound' };
}

function childElements(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) out.push(node as Element);
  }
  return out;
}

/** Parses TwiML strictly: malformed XML or another root than <Response> is an error. */
export function parseTwiml(xml: string): Element[] {
  const errors: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (error) {
    // A fatal error is thrown as well as reported; the report already holds it.
    if (errors.length === 0) errors.push((error as Error).message);
  }
  if (!doc || errors.length > 0) throw new Error(`the answer is not well-formed XML: ${errors.join('; ')}`);
  const root = doc.documentElement;
  if (!root || root.tagName !== 'Response') throw new Error(`the answer's root element is <${root?.tagName ?? ''}>, not <Response>`);
  return childElements(root);
}

// Pauses in SSML separate what is heard, so they separate the words of the transcript too.
const SEPARATING_ELEMENTS = new Set(['break', 'p', 's']);

function spokenText(node: Node): string {
  if (node.nodeType === 3 || node.nodeType === 4) return node.nodeValue ?? '';
  const inner = Array.from(node.childNodes, spokenText).join('');
  return node.nodeType === 1 && SEPARATING_ELEMENTS.has((node as Element).tagName) ? ` ${inner} ` : inner;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

type Next = { readonly kind: 'post'; readonly url: string; readonly params: Record<string, string> } | { readonly kind: 'done'; readonly result: CallResult };

const done = (result: CallResult): Next => ({ kind: 'done', result });

/** What Twilio does with the verbs of one document, until one of them leaves it. */
class DocumentWalker {
  constructor(
    private readonly options: CallOptions,
    private readonly context: PromptContext,
  ) {}

  private emit(event: CallEvent): void {
    this.options.onEvent(event);
  }

  /** Only POST is followed; a verb without a URL goes back to the current document, as on Twilio. */
  private target(verb: Element, url: string | null | undefined, params: Record<string, string> = {}): Next {
    const method = verb.getAttribute('method');
    if (method && method.toUpperCase() !== 'POST') {
      this.emit({ kind: 'error', message: `<${verb.tagName}> asks for method ${method}; the line should use POST.` });
      return done('error');
    }
    return { kind: 'post', url: url?.trim() || this.context.url, params };
  }

  private media(verb: Element): boolean {
    switch (verb.tagName) {
      case 'Say':
        this.emit({ kind: 'say', lang: verb.getAttribute('language') ?? '', voice: verb.getAttribute('voice') ?? '', text: collapse(spokenText(verb)) });
        return true;
      case 'Play':
        this.emit({ kind: 'play', url: collapse(verb.textContent ?? '') });
        return true;
      case 'Pause':
        this.emit({ kind: 'pause', seconds: Number(verb.getAttribute('length') ?? '1') });
        return true;
      default:
        return false;
    }
  }

  private async gather(verb: Element): Promise<Next | undefined> {
    for (const child of childElements(verb)) this.media(child);
    const key = await this.options.nextKey(this.context);
    if (key === 'stop') return done('stopped');
    if (key === 'hangup') {
      this.emit({ kind: 'end' });
      return done('ended');
    }
    if (key === 'silence') {
      this.emit({ kind: 'no-key' });
      return undefined;
    }
    this.emit({ kind: 'key', key });
    return this.target(verb, verb.getAttribute('action'), { Digits: key });
  }

  private async dial(verb: Element): Promise<Next | undefined> {
    const numberElement = childElements(verb).find((c) => c.tagName === 'Number');
    const number = collapse((numberElement ?? verb).textContent ?? '');
    const known = this.options.describeNumber?.(number);
    this.emit({ kind: 'transfer', name: known?.name, number: known?.display ?? number });
    const outcome = await this.options.dialOutcome(this.context);
    if (outcome === 'stop') return done('stopped');
    this.emit({ kind: 'dial-outcome', outcome });
    const action = verb.getAttribute('action');
    // Without an action Twilio goes on with the verb after the <Dial>.
    return action ? this.target(verb, action, { DialCallStatus: outcome }) : undefined;
  }

  async walk(verbs: readonly Element[]): Promise<Next> {
    for (const verb of verbs) {
      if (this.media(verb)) continue;
      let next: Next | undefined;
      switch (verb.tagName) {
        case 'Gather':
          next = await this.gather(verb);
          break;
        case 'Dial':
          next = await this.dial(verb);
          break;
        case 'Redirect':
          next = this.target(verb, verb.textContent);
          break;
        case 'Hangup':
          this.emit({ kind: 'end' });
          return done('ended');
        default:
          this.emit({ kind: 'error', message: `The line answered with <${verb.tagName}>, which the simulator does not know.` });
          return done('error');
      }
      if (next) return next;
    }
    // Twilio hangs up when a document runs out of verbs.
    this.emit({ kind: 'end' });
    return done('ended');
  }
}

function describeRefusal(status: number, url: string): string {
  if (status === 403) {
    return `The line refused the signature of ${url} (403): check that TWILIO_AUTH_TOKEN is the server's token, and give --public-url with the server's PUBLIC_BASE_URL when it has one.`;
  }
  if (status === 400) return `The line answered ${url} with 400: it wants a signature; set TWILIO_AUTH_TOKEN to the server's token.`;
  return `The line answered ${url} with HTTP ${status} instead of TwiML.`;
}

/** Fetches and parses one TwiML document; undefined after an error event. */
async function fetchTwiml(options: CallOptions, url: string, params: Record<string, string>): Promise<Element[] | undefined> {
  const fail = (message: string) => {
    options.onEvent({ kind: 'error', message });
    return undefined;
  };
  let res: TransportResponse;
  try {
    res = await options.transport.post(url, params);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (res.status !== 200) return fail(describeRefusal(res.status, url));
  if (!/xml/i.test(res.contentType)) return fail(`The line answered ${url} with ${res.contentType || 'no content type'} instead of TwiML.`);
  try {
    return parseTwiml(res.body);
  } catch (error) {
    return fail(`The line answered ${url}, but ${(error as Error).message}.`);
  }
}

/** Drives one call from the first ring until the line hangs up, the script stops or something fails. */
export async function runCall(options: CallOptions): Promise<CallResult> {
  const maxRequests = options.maxRequests ?? MAX_REQUESTS;
  const base = callParams(options.from ?? DEFAULT_FROM, options.to ?? DEFAULT_TO);
  let next: Next = { kind: 'post', url: '/voice', params: {} };
  for (let requests = 1; next.kind === 'post'; requests++) {
    if (requests > maxRequests) {
      options.onEvent({ kind: 'end', reason: `stopped after ${maxRequests} requests; the line never ended the call` });
      return 'runaway';
    }
    const verbs = await fetchTwiml(options, next.url, { ...base, ...next.params });
    if (!verbs) return 'error';
    next = await new DocumentWalker(options, { url: next.url, requests }).walk(verbs);
  }
  return next.result;
}

const OUTCOME_LABELS: Record<DialOutcome, string> = {
  completed: 'answered; the conversation is over',
  busy: 'busy',
  'no-answer': 'no answer',
  failed: 'the transfer failed',
};

/** One transcript line per event. */
export function formatEvent(event: CallEvent): string {
  switch (event.kind) {
    case 'say':
      return `[${[event.lang, event.voice].filter(Boolean).join(' ') || 'default voice'}] ${event.text}`;
    case 'play':
      return `[recording] ${event.url}`;
    case 'pause':
      return `(pause ${event.seconds} s)`;
    case 'key':
      return `(key ${event.key})`;
    case 'no-key':
      return '(no key)';
    case 'transfer':
      return `→ connecting to ${[event.name, event.number].filter(Boolean).join(' ')}`;
    case 'dial-outcome':
      return `(${OUTCOME_LABELS[event.outcome]})`;
    case 'end':
      return event.reason ? `(call ended: ${event.reason})` : '(call ended)';
    case 'error':
      return `(error) ${event.message}`;
  }
}
