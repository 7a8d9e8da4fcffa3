import type { LimitHealth, MessageLimits } from './message-limits.js';
import { describeSendFailure, type SendFailure } from './message-failure.js';

/** Seconds a caller waits, at most, for Twilio to take the message before hearing that it failed. */
export const SEND_TIMEOUT_MS = 3_000;

/** The one call of the twilio REST client this line makes; `twilio(...)` satisfies it. */
export interface MessageClient {
  readonly messages: {
    create(params: { to: string; from: string; body: string }): Promise<unknown>;
  };
}

/** What became of a message: never the number, never the text of an error (it may quote the number). */
export type SendResult =
  | { readonly sent: true }
  | ({ readonly sent: false } & (
      | SendFailure
      /** not-offered: no number or language to send to; limit: today's limit was reached; limits-store: its store did not answer (nothing sent). */
      | { readonly reason: 'not-offered' | 'limit' | 'limits-store' }
    ));

/** Sends the helpline numbers to a caller who asked for them; the adapter's one way to send. */
export interface NumberMessenger {
  /** Whether this caller may be offered a message now: a mobile-looking number under today's limit (false when the limits store does not answer). */
  mayOffer(from: string | undefined, now: Date): Promise<boolean>;
  /** Sends the numbers in this language to `to`; resolves within the timeout and never rejects. */
  send(to: string | undefined, lang: string, now: Date): Promise<SendResult>;
  /** Where the daily limits are kept, and whether that store answers now. */
  limitsHealth(): Promise<LimitHealth>;
}

/**
 * Values Twilio puts in From for a caller who withheld the number: ANONYMOUS, RESTRICTED, BLOCKED,
 * UNKNOWN and UNAVAILABLE spelled on a keypad. Some of them look like real numbers.
 */
const WITHHELD = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);
/** A Norwegian mobile number: +47 and eight digits starting with 4 or 9. */
const NORWEGIAN_MOBILE = /^\+47[49]\d{7}$/;
/** Any other country: E.164 with 10 to 15 digits (shorter ones are landlines, services or short codes). */
const LONG_E164 = /^\+[1-9]\d{9,14}$/;

/**
 * A number that can plausibly receive a text message: E.164, not a withheld-caller placeholder, a
 * mobile number in Norway (Norwegian landlines start with 2, 3, 5, 6 or 7), and elsewhere at least 10
 * digits. Other countries' mobile ranges are not told apart: a landline there gets Twilio's refusal,
 * and the caller hears that the message could not be sent and the numbers again.
 */
export function mobileLooking(from: string | undefined): from is string {
  if (typeof from !== 'string' || WITHHELD.has(from)) return false;
  return from.startsWith('+47') ? NORWEGIAN_MOBILE.test(from) : LONG_E164.test(from);
}

export interface MessengerOptions {
  /** The REST client, or its promise (the server loads the twilio package in the background at start-up). */
  readonly client: MessageClient | Promise<MessageClient>;
  /** SMS_FROM: an alphanumeric sender ID or a Twilio number. */
  readonly from: string;
  /** The message in each language (see numbersMessages). */
  readonly bodies: ReadonlyMap<string, string>;
  readonly limits: MessageLimits;
  readonly timeoutMs?: number;
}

export function createNumberMessenger(options: MessengerOptions): NumberMessenger {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const client = Promise.resolve(options.client);
  // A client that failed to load fails each message when it is asked for, not the process now.
  client.catch(() => undefined);
  // The limits store is asked only about a number that could get a message at all.
  const mayOffer = async (from: string | undefined, now: Date): Promise<boolean> => mobileLooking(from) && (await options.limits.allows(from, now));

  async function attempt(to: string, body: string): Promise<SendResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ sent: false, reason: 'timeout' }), timeoutMs);
      timer.unref();
    });
    const sending = (async (): Promise<SendResult> => {
      await (await client).messages.create({ to, from: options.from, body });
      return { sent: true };
    })().catch((error: unknown): SendResult => ({ sent: false, ...describeSendFailure(error) }));
    try {
      return await Promise.race([sending, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    mayOffer,
    limitsHealth: () => options.limits.health(),
    async send(to, lang, now) {
      try {
        const body = options.bodies.get(lang);
        if (!mobileLooking(to) || body === undefined) return { sent: false, reason: 'not-offered' };
        // Counted before sending: a message that times out may still arrive.
        const taken = await options.limits.take(to, now);
        if (taken !== 'taken') return { sent: false, reason: taken === 'limit' ? 'limit' : 'limits-store' };
        return await attempt(to, body);
      } catch {
        return { sent: false, reason: 'error' };
      }
    },
  };
}
