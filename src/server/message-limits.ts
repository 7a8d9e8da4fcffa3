import { createHmac, randomBytes } from 'node:crypto';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimitStore, type LimitStore } from './limit-store.js';

/** Messages one caller number may get in one day (in the line's time zone), across every instance sharing the store. */
export const MESSAGES_PER_NUMBER_PER_DAY = 3;

/** What the store did with a request: answered, or not (and why, in words that hold no caller and no secret). */
/** Why the limits store did not answer: a closed set, so it can be a metric's label. */
export const STORE_FAILURE_REASONS = ['timeout', 'unreachable', 'error'] as const;
export type StoreFailure = { readonly reason: (typeof STORE_FAILURE_REASONS)[number]; readonly code?: string | undefined };

/** Where the counts are kept, and whether that store answers now. */
export interface LimitHealth {
  readonly store: LimitStore['kind'];
  readonly up: boolean;
}

/**
 * How many text messages each caller number got today, kept under a keyed hash of the number (the
 * number itself is never kept), in this process's memory or in a store every instance shares. A
 * count is forgotten at the end of the day in the line's time zone. A store that does not answer in
 * time never holds up a call: the number is then treated as if today's limit were reached.
 */
export interface MessageLimits {
  /** Whether this number may still get a message today; false when the store does not answer. */
  allows(number: string, now: Date): Promise<boolean>;
  /** Counts one message to this number: taken, today's limit already reached, or the store did not answer (nothing sent). */
  take(number: string, now: Date): Promise<'taken' | 'limit' | 'unavailable'>;
  /** Whether the store answers now (asked at most once a second; the memory store always does). */
  health(): Promise<LimitHealth>;
}

export interface MessageLimitOptions {
  /** The secret behind the hash: LOG_HASH_KEY when set (every instance sharing a store must have the same), else a random one. */
  readonly key?: Buffer | undefined;
  /** The time zone whose calendar day the limit counts (the directory's). */
  readonly timeZone: string;
  /** Where the counts live, made with the limit per day (see limit-store.ts); this process's memory when not given. */
  readonly store?: LimitStore;
  /** Told of every limit check or count the store did not answer; the caller was then offered nothing. */
  readonly onStoreFailure?: (failure: StoreFailure) => void;
  /** Told when the store answers again after a failure. */
  readonly onStoreAnswer?: () => void;
}

/** How often /healthz may ask the store itself; in between it gets the last answer. */
const HEALTH_EVERY_MS = 1_000;

/** The line's calendar date of an instant, and the instant that day ends (the next midnight there). */
function calendarDay(now: Date, timeZone: string): { readonly date: string; readonly endsAt: number } {
  const date = formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return { date, endsAt: fromZonedTime(`${next}T00:00:00`, timeZone).getTime() };
}

/** Whole seconds from now to the end of the day; at least one, as a key stored without an expiry would never be forgotten. */
const secondsUntil = (endsAt: number, now: Date) => Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));

/** The line's calendar date of an instant, and the whole seconds from it to the end of that day. */
export function dayOf(now: Date, timeZone: string): { readonly date: string; readonly secondsLeft: number } {
  const { date, endsAt } = calendarDay(now, timeZone);
  return { date, secondsLeft: secondsUntil(endsAt, now) };
}

/** A failure in words that hold no caller, no key and no secret: the kind, and a short code such as ECONNREFUSED or NOAUTH. */
export function describeStoreFailure(error: unknown): StoreFailure {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (/timed out/i.test(text)) return { reason: 'timeout' };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { reason: 'unreachable', code };
  // Redis replies start with an upper-case word (NOAUTH, WRONGPASS, READONLY, OOM); the rest of the text is left out.
  const word = /^[A-Z]{3,20}\b/.exec(text)?.[0];
  if (/not ready|isn't writeable|connection is closed/i.test(text)) return { reason: 'unreachable' };
  return { reason: 'error', ...(word ? { code: word } : {}) };
}

export function createMessageLimits(options: MessageLimitOptions): MessageLimits {
  const key = options.key ?? randomBytes(32);
  const store = options.store ?? memoryLimitStore(MESSAGES_PER_NUMBER_PER_DAY);
  const { limiter } = store;
  let failing = false;
  // Its own purpose in the hash, so the value never equals a hash of the same number made elsewhere.
  const hashOf = (number: string) => createHmac('sha256', key).update(`text-message-limit:${number}`).digest('base64url');
  // The date is worked out once a minute (days change on a minute): this runs on every menu request
  // of a caller with a mobile number.
  let day = { minute: Number.NaN, date: '', endsAt: 0 };
  /** Today's key of a number: the date and the hash, nothing else about the caller. */
  const keyOf = (number: string, now: Date) => {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== day.minute) day = { minute, ...calendarDay(now, options.timeZone) };
    return { key: `${day.date}:${hashOf(number)}`, secondsLeft: secondsUntil(day.endsAt, now) };
  };

  const answered = () => {
    if (!failing) return;
    failing = false;
    options.onStoreAnswer?.();
  };
  const failed = (error: unknown) => {
    failing = true;
    options.onStoreFailure?.(describeStoreFailure(error));
  };

  let lastHealth: { at: number; answer: Promise<LimitHealth> } | undefined;
  const health = (): Promise<LimitHealth> => {
    const at = Date.now();
    if (!lastHealth || at - lastHealth.at >= HEALTH_EVERY_MS) {
      const answer = store.ping().then(
        () => ({ store: store.kind, up: true }),
        () => ({ store: store.kind, up: false }),
      );
      lastHealth = { at, answer };
    }
    return lastHealth.answer;
  };

  return {
    async allows(number, now) {
      try {
        const today = await limiter.get(keyOf(number, now).key);
        answered();
        return today === null || today.remainingPoints > 0;
      } catch (error) {
        failed(error);
        return false;
      }
    },
    async take(number, now) {
      const today = keyOf(number, now);
      try {
        // Counted atomically in the store, so two instances never both give the last message of the day.
        await limiter.consume(today.key, 1, { customDuration: today.secondsLeft });
        answered();
        return 'taken';
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          answered();
          return 'limit';
        }
        failed(error);
        return 'unavailable';
      }
    },
    health,
  };
}
