import { randomBytes } from 'node:crypto';
import { formatInTimeZone } from 'date-fns-tz';
import { DIAL_OUTCOMES, E164, type Hotline, isKey } from '../../hotline/index.js';
import { errorMessage } from '../../content/error-message.js';
import { parseWallTime } from '../simulator/call-simulator.js';
import { DEFAULT_FROM } from '../walk/simulated-caller.js';
import { inProcessLine, type InProcessSettings } from '../simulator/in-process-line.js';
import { CallWalker, listensForSpeech, type CallResult, type DialOutcome, type NumberDescription, type TranscriptEvent, type Waiting } from '../walk/walk-call.js';

/** The wall-clock time of an instant in the line's time zone, as the page's clock field writes it: 2026-12-07T11:00. */
export const wallTime = (instant: Date, timeZone: string) => formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm");

export type TryStep =
  | { readonly key: string }
  /** Words said instead of a key, where the menu listens (SPEECH_INPUT=on), and how sure Twilio is of them. */
  | { readonly say: string; readonly confidence?: number | undefined }
  | { readonly silence: true }
  | { readonly dial: DialOutcome }
  | { readonly hangup: true };

/**
 * What the call waits for, as the page needs it: a key (and whether the menu also takes spoken
 * answers), how the transfer to `number` ends, or nothing.
 */
export type TryWaiting =
  | { readonly kind: 'key'; readonly listens: boolean }
  | { readonly kind: 'dial'; readonly number: string }
  | { readonly kind: 'ended'; readonly result: CallResult };

export interface TryAnswer {
  /** What happened since the previous answer, in order. */
  readonly events: readonly TranscriptEvent[];
  readonly waiting: TryWaiting;
}

export interface TryStarted extends TryAnswer {
  readonly id: string;
  /** The Oslo time the line believes it is during the whole call. */
  readonly at: string;
  readonly from: string;
}

/** A request the try page cannot carry out, with the HTTP status and one sentence for the person. */
export class TryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface TryLimits {
  /** Calls kept at once; starting one more ends the one left alone longest. */
  readonly maxCalls: number;
  /** A call nobody stepped for this long is ended and its copy of the line stopped. */
  readonly idleMs: number;
}

export const TRY_LIMITS: TryLimits = { maxCalls: 50, idleMs: 15 * 60_000 };

/** Spoken words as the page may send them: some text, at most this long. */
const MAX_SAID_CHARS = 200;
const isConfidence = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One step from the page's JSON: `{key}`, `{say, confidence?}`, `{silence: true}`, `{dial}` or `{hangup: true}`. */
export function parseStep(body: unknown): TryStep {
  if (isRecord(body) && typeof body.say === 'string' && Object.keys(body).every((field) => field === 'say' || field === 'confidence')) {
    const words = body.say.trim();
    if (words && words.length <= MAX_SAID_CHARS && (body.confidence === undefined || isConfidence(body.confidence))) return { say: words, confidence: body.confidence };
  }
  if (isRecord(body)) {
    const fields = Object.keys(body);
    if (fields.length === 1) {
      if (isKey(body.key)) return { key: body.key };
      if (body.silence === true) return { silence: true };
      if (body.hangup === true) return { hangup: true };
      if (DIAL_OUTCOMES.includes(body.dial as DialOutcome)) return { dial: body.dial as DialOutcome };
    }
  }
  throw new TryError(
    400,
    `A step is one of {"key": "0"-"9", "*" or "#"}, {"say": "words", "confidence": 0-1 (optional)} with 1 to ${MAX_SAID_CHARS} characters, {"silence": true}, {"dial": "${DIAL_OUTCOMES.join('" | "')}"} or {"hangup": true}.`,
  );
}

/** The start of a call from the page's JSON: `{at?, from?}`. */
export function parseStart(body: unknown, now: Date, timeZone: string): { instant: Date; at: string; from: string } {
  const fields = isRecord(body) ? body : {};
  const at = fields.at === undefined || fields.at === '' ? undefined : fields.at;
  const from = fields.from === undefined || fields.from === '' ? DEFAULT_FROM : fields.from;
  if (at !== undefined && typeof at !== 'string') throw new TryError(400, `The clock must be a date and time in ${timeZone} such as 2026-12-07T11:00.`);
  if (typeof from !== 'string' || !E164.test(from.trim())) {
    throw new TryError(400, `The caller's number "${String(from)}" is not a phone number in international format, such as ${DEFAULT_FROM}.`);
  }
  let instant = now;
  if (at !== undefined) {
    try {
      instant = parseWallTime(at, timeZone);
    } catch (error) {
      throw new TryError(400, `The clock: ${errorMessage(error)}`);
    }
  }
  return { instant, at: wallTime(instant, timeZone), from: from.trim() };
}

interface TryCall {
  readonly call: CallWalker;
  /** When the page last started or stepped it (ms). */
  seen: number;
  /** Events already sent to the page. */
  sent: number;
}

export interface TryCallsOptions {
  /** The line the calls are answered by, in this process. */
  readonly line: Hotline;
  /** The server the page stands for: the calls are answered as it would answer them. */
  readonly server?: InProcessSettings;
  readonly describeNumber?: (e164: string) => NumberDescription | undefined;
  readonly limits?: TryLimits;
  /** The current instant: the default clock of a call, and the idle timeout's. */
  readonly clock?: () => Date;
  /** The time zone the page's clock is read in: the helpline directory's. */
  readonly timeZone: string;
}

function describeWaiting(waiting: Waiting): TryWaiting {
  switch (waiting.kind) {
    case 'key':
      return { kind: 'key', listens: listensForSpeech(waiting.gather) };
    case 'dial':
      return { kind: 'dial', number: waiting.number };
    case 'ended':
      return { kind: 'ended', result: waiting.result };
  }
}

/** Where a call's relative URLs resolve and its recordings play from when the page names no origin. */
const PAGE_ORIGIN = new URL('http://localhost');

/**
 * The calls the try page is walking, each by the one walker (CallWalker) over the line answering in
 * this process (inProcessLine) at the chosen Oslo time, as the server would answer them: no HTTP,
 * nothing leaves the process, no call is placed, no transfer made, no message sent (a text message
 * the caller asks for is told in the transcript). Bounded in number and in idle time.
 */
export class TryCalls {
  private readonly calls = new Map<string, TryCall>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly limits: TryLimits;
  private readonly clock: () => Date;

  constructor(private readonly options: TryCallsOptions) {
    this.limits = options.limits ?? TRY_LIMITS;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Calls kept now. */
  get size(): number {
    return this.calls.size;
  }

  /** Starts a call; `origin` is where the page was opened, so recordings play from this app. */
  async start(body: unknown, origin: URL = PAGE_ORIGIN): Promise<TryStarted> {
    const { instant, at, from } = parseStart(body, this.clock(), this.options.timeZone);
    this.sweep();
    // Make room first: a full store ends the call left alone longest.
    for (const id of this.calls.keys()) {
      if (this.calls.size < this.limits.maxCalls) break;
      this.end(id);
    }
    const transport = inProcessLine(this.options.line, origin, () => instant, this.options.server ?? { textMessages: false });
    // A person exploring may go round the menus for a long time: the walker's own bound is for runaway tests.
    const call = new CallWalker({ transport, from, describeNumber: this.options.describeNumber, maxRequests: 5_000 });
    const id = randomBytes(12).toString('base64url');
    const entry: TryCall = { call, seen: this.clock().getTime(), sent: 0 };
    this.calls.set(id, entry);
    this.sweepLater();
    await call.start();
    return { id, at, from, ...this.answer(id, entry) };
  }

  async step(id: string, body: unknown): Promise<TryAnswer> {
    const step = parseStep(body);
    const entry = this.calls.get(id);
    if (!entry) throw new TryError(404, 'This call is over: it ended, or nobody pressed a key for a while. Start a new call.');
    // Most recently used last, so a full store ends the call left alone longest.
    this.calls.delete(id);
    this.calls.set(id, entry);
    entry.seen = this.clock().getTime();
    try {
      const { call } = entry;
      if ('key' in step) await call.press(step.key);
      else if ('say' in step) await call.say(step.say, step.confidence);
      else if ('silence' in step) await call.silence();
      else if ('dial' in step) await call.dialEnds(step.dial);
      else call.hangUp();
    } catch (error) {
      // A step that does not fit: a key during a transfer, an outcome in a menu.
      throw new TryError(409, errorMessage(error));
    }
    return this.answer(id, entry);
  }

  /** Ends the calls nobody stepped within the idle time. */
  sweep(): void {
    const now = this.clock().getTime();
    for (const [id, entry] of this.calls) {
      if (now - entry.seen >= this.limits.idleMs) this.end(id);
    }
  }

  /** Ends every call. */
  async close(): Promise<void> {
    this.calls.clear();
    this.stopSweeper();
  }

  private answer(id: string, entry: TryCall): TryAnswer {
    const events = entry.call.events.slice(entry.sent);
    entry.sent = entry.call.events.length;
    const waiting = describeWaiting(entry.call.waiting);
    if (waiting.kind === 'ended') this.end(id);
    return { events, waiting };
  }

  private end(id: string): void {
    if (!this.calls.delete(id)) return;
    if (this.calls.size === 0) this.stopSweeper();
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, this.limits.idleMs));
    // Idle calls must never keep the process alive.
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
