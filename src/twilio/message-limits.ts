import { createHmac, randomBytes } from 'node:crypto';
import { formatInTimeZone } from 'date-fns-tz';

/** Messages one caller number may get in one day, in this process. */
export const MESSAGES_PER_NUMBER_PER_DAY = 3;
/** Numbers kept for one day at most; past it no new number is offered a message until the next day. */
const MAX_NUMBERS_PER_DAY = 50_000;

/**
 * How many text messages each caller number got today, kept under a keyed hash of the number (the
 * number itself is never kept). The counts are forgotten when the day changes in the line's time zone.
 */
export interface MessageLimits {
  /** Whether this number may still get a message today. */
  allows(number: string, now: Date): boolean;
  /** Counts one message to this number; false, and nothing counted, when today's limit is reached. */
  take(number: string, now: Date): boolean;
}

export interface MessageLimitOptions {
  /** The secret behind the hash: LOG_HASH_KEY when set, else a random one for this process. */
  readonly key?: Buffer | undefined;
  /** The time zone whose calendar day the limit counts (the directory's). */
  readonly timeZone: string;
  readonly perDay?: number;
  readonly maxNumbers?: number;
}

export function createMessageLimits(options: MessageLimitOptions): MessageLimits {
  const key = options.key ?? randomBytes(32);
  const perDay = options.perDay ?? MESSAGES_PER_NUMBER_PER_DAY;
  const maxNumbers = options.maxNumbers ?? MAX_NUMBERS_PER_DAY;
  const counts = new Map<string, number>();
  let day = '';
  // The date is worked out once a minute: this runs on every menu request of a caller with a mobile number.
  let minute = Number.NaN;

  /** Today's counts: yesterday's are dropped as soon as the day changes. */
  const today = (now: Date): Map<string, number> => {
    const thisMinute = Math.floor(now.getTime() / 60_000);
    if (thisMinute === minute) return counts;
    minute = thisMinute;
    const date = formatInTimeZone(now, options.timeZone, 'yyyy-MM-dd');
    if (date !== day) {
      counts.clear();
      day = date;
    }
    return counts;
  };
  // Its own purpose in the hash, so the value never equals a hash of the same number made elsewhere.
  const hashOf = (number: string) => createHmac('sha256', key).update(`text-message-limit:${number}`).digest('base64url');

  const allows = (number: string, now: Date): boolean => {
    const byNumber = today(now);
    const count = byNumber.get(hashOf(number));
    return count === undefined ? byNumber.size < maxNumbers : count < perDay;
  };
  return {
    allows,
    take(number, now) {
      if (!allows(number, now)) return false;
      const hash = hashOf(number);
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
      return true;
    },
  };
}
