import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayOf, createMessageLimits, MESSAGES_PER_NUMBER_PER_DAY, type MessageLimits, type StoreFailure } from '../src/server/message-limits.js';
import type { LimitStore } from '../src/server/limit-store.js';
import { redisLimitStore, STORE_TIMEOUT_MS } from '../src/server/redis-limit-store.js';
import { testRedis, type TestRedis } from './support/redis-server.js';

/**
 * The daily limit of text messages per number, in this process's memory and in a real redis-server
 * shared by several instances: what is stored, when it is forgotten, and what a caller gets when the
 * store fails, is slow, or comes back.
 */

const OSLO = 'Europe/Oslo';
const KEY = Buffer.from('shared-log-hash-key-for-every-instance-0123');
const NUMBER = '+4791234567';
const OTHER = '+4798765432';
const MONDAY_11 = new Date('2026-12-07T11:00:00+01:00');
const TUESDAY_00_30 = new Date('2026-12-08T00:30:00+01:00');

describe('The day a count belongs to', () => {
  it.each([
    ['a winter evening', '2026-12-07T23:00:00+01:00', '2026-12-07', 3_600],
    ['half a second before midnight (never a key without expiry)', '2026-12-07T23:59:59.500+01:00', '2026-12-07', 1],
    ['the spring change (a 23-hour day)', '2026-03-29T00:30:00+01:00', '2026-03-29', 22.5 * 3_600],
    ['the autumn change (a 25-hour day)', '2026-10-25T00:30:00+02:00', '2026-10-25', 24.5 * 3_600],
    ['UTC already the next day', '2026-06-30T23:30:00Z', '2026-07-01', 22.5 * 3_600],
  ])('When it is %s, Then the count is for the Oslo date and expires at the end of that Oslo day', (_what, iso, date, seconds) => {
    expect(dayOf(new Date(iso), OSLO)).toEqual({ date, secondsLeft: seconds });
  });
});

describe('The daily limit in memory (one instance, no REDIS_URL)', () => {
  it('When one number got three messages today, Then a fourth is refused, another number is not, and the next Oslo day it is allowed again', async () => {
    const limits = createMessageLimits({ key: KEY, timeZone: OSLO });
    for (let i = 0; i < MESSAGES_PER_NUMBER_PER_DAY; i++) {
      expect(await limits.allows(NUMBER, MONDAY_11)).toBe(true);
      expect(await limits.take(NUMBER, MONDAY_11)).toBe('taken');
    }
    expect(await limits.allows(NUMBER, MONDAY_11)).toBe(false);
    expect(await limits.take(NUMBER, MONDAY_11)).toBe('limit');
    expect(await limits.allows(OTHER, MONDAY_11)).toBe(true);
    expect(await limits.allows(NUMBER, TUESDAY_00_30)).toBe(true);
    expect(await limits.health()).toEqual({ store: 'memory', up: true });
  });
});

describe('The daily limit shared through a real redis-server', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  const opened: LimitStore[] = [];
  beforeAll(async () => {
    redis = await testRedis();
  }, 30_000);
  afterAll(async () => {
    for (const store of opened) await store.close();
    await redis?.stop();
  });

  /** One instance's limits on this Redis, with what it was told about the store. */
  function instance(url = redis.url) {
    const failures: StoreFailure[] = [];
    let answers = 0;
    const store = redisLimitStore(new URL(url), { perDay: MESSAGES_PER_NUMBER_PER_DAY });
    opened.push(store);
    const limits = createMessageLimits({ key: KEY, timeZone: OSLO, store, onStoreFailure: (f) => failures.push(f), onStoreAnswer: () => answers++ });
    return { limits, failures, answers: () => answers, store };
  }
  const ready = (limits: MessageLimits) => vi.waitFor(async () => expect(await limits.health()).toEqual({ store: 'redis', up: true }), { timeout: 10_000, interval: 100 });

  it('When two instances share one Redis, Then one number gets at most three messages across both, even when they count at the same moment; Redis holds only a count under the date and a hash, expiring at the end of the Oslo day', async () => {
    await redis.inspect((c) => c.flushall());
    const [a, b] = [instance(), instance()];
    await Promise.all([ready(a.limits), ready(b.limits)]);

    // Alternating: the fourth, on either instance, is refused.
    expect(await a.limits.take(NUMBER, MONDAY_11)).toBe('taken');
    expect(await b.limits.take(NUMBER, MONDAY_11)).toBe('taken');
    expect(await a.limits.take(NUMBER, MONDAY_11)).toBe('taken');
    expect(await b.limits.allows(NUMBER, MONDAY_11)).toBe(false);
    expect(await b.limits.take(NUMBER, MONDAY_11)).toBe('limit');
    expect(await a.limits.allows(OTHER, MONDAY_11)).toBe(true);

    // At the same moment: six attempts for a fresh number, three taken.
    const results = await Promise.all([a, b, a, b, a, b].map((i) => i.limits.take(OTHER, MONDAY_11)));
    expect(results.filter((r) => r === 'taken')).toHaveLength(3);
    expect(results.filter((r) => r === 'limit')).toHaveLength(3);

    const stored = await redis.inspect(async (c) => {
      const keys = (await c.keys('*')).sort();
      return Promise.all(keys.map(async (key) => ({ key, type: await c.type(key), value: await c.get(key), ttl: await c.ttl(key) })));
    });
    expect(stored).toHaveLength(2);
    const secondsLeft = dayOf(MONDAY_11, OSLO).secondsLeft;
    for (const entry of stored) {
      expect(entry.key).toMatch(/^hotline-text-messages:2026-12-07:[A-Za-z0-9_-]{43}$/);
      expect(entry.type).toBe('string');
      expect(Number(entry.value)).toBeGreaterThanOrEqual(3);
      // Set once, at the first message of the day: the seconds left until Oslo midnight.
      expect(entry.ttl).toBeGreaterThan(secondsLeft - 30);
      expect(entry.ttl).toBeLessThanOrEqual(secondsLeft);
      for (const number of [NUMBER, OTHER]) {
        expect(entry.key).not.toContain(number.slice(1));
        expect(entry.key).not.toContain(number.slice(-8));
      }
    }
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
  });

  it('When Redis stops, Then checks fail at once (no offer), it is reported, health says down; When it starts again, Then the same instance counts again without a restart', async () => {
    const one = instance();
    await ready(one.limits);
    await redis.stop();

    const started = Date.now();
    expect(await one.limits.allows(NUMBER, TUESDAY_00_30)).toBe(false);
    expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 200);
    expect(await one.limits.take(NUMBER, TUESDAY_00_30)).toBe('unavailable');
    expect(one.failures.map((f) => f.reason)).toEqual(['unreachable', 'unreachable']);
    await vi.waitFor(async () => expect(await one.limits.health()).toEqual({ store: 'redis', up: false }), { timeout: 5_000, interval: 100 });

    await redis.start();
    await ready(one.limits);
    expect(await one.limits.allows(NUMBER, TUESDAY_00_30)).toBe(true);
    expect(await one.limits.take(NUMBER, TUESDAY_00_30)).toBe('taken');
    expect(one.answers()).toBe(1);
  });

  it('When Redis stops answering but keeps the connection (a stuck server), Then a check gives up after the time limit with no offer, and answers again once it resumes', async () => {
    const one = instance();
    await ready(one.limits);
    redis.freeze();
    try {
      const started = Date.now();
      expect(await one.limits.allows(OTHER, TUESDAY_00_30)).toBe(false);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(STORE_TIMEOUT_MS - 20);
      expect(waited).toBeLessThan(STORE_TIMEOUT_MS * 5);
      expect(one.failures).toEqual([{ reason: 'timeout' }]);
    } finally {
      redis.resume();
    }
    await vi.waitFor(async () => expect(await one.limits.allows(OTHER, TUESDAY_00_30)).toBe(true), { timeout: 5_000, interval: 100 });
  });
});

describe('A Redis that needs a password', { timeout: 60_000 }, () => {
  const PASSWORD = 'redis-password-never-printed-42';
  let redis: TestRedis;
  const opened: LimitStore[] = [];
  beforeAll(async () => {
    redis = await testRedis({ password: PASSWORD });
  }, 30_000);
  afterAll(async () => {
    for (const store of opened) await store.close();
    await redis?.stop();
  });

  it('When REDIS_URL carries the password, Then the limits count; with a wrong one, Then no offer, and the failure names the reply, never the password', async () => {
    const right = redisLimitStore(new URL(redis.url), { perDay: MESSAGES_PER_NUMBER_PER_DAY });
    opened.push(right);
    const limits = createMessageLimits({ key: KEY, timeZone: OSLO, store: right });
    await vi.waitFor(async () => expect(await limits.take(NUMBER, MONDAY_11)).toBe('taken'), { timeout: 10_000, interval: 100 });

    const failures: StoreFailure[] = [];
    const connectionErrors: StoreFailure[] = [];
    const wrongUrl = redis.url.replace(encodeURIComponent(PASSWORD), 'wrong-password');
    expect(wrongUrl).not.toBe(redis.url);
    const wrong = redisLimitStore(new URL(wrongUrl), { perDay: MESSAGES_PER_NUMBER_PER_DAY, onConnectionError: (f) => connectionErrors.push(f) });
    opened.push(wrong);
    const refused = createMessageLimits({ key: KEY, timeZone: OSLO, store: wrong, onStoreFailure: (f) => failures.push(f) });
    await vi.waitFor(() => expect(connectionErrors.length).toBeGreaterThan(0), { timeout: 10_000, interval: 50 });
    expect(await refused.allows(NUMBER, MONDAY_11)).toBe(false);
    expect(await refused.health()).toEqual({ store: 'redis', up: false });
    expect(connectionErrors[0]).toEqual({ reason: 'error', code: 'WRONGPASS' });
    expect(JSON.stringify([...failures, ...connectionErrors])).not.toContain('password');
  });
});
