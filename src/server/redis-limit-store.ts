import { Redis } from 'ioredis';
import { RateLimiterRedis, RLWrapperTimeouts } from 'rate-limiter-flexible';
import { redisAddress } from '../settings/redis-address.js';
import type { LimitStore } from './limit-store.js';
import { describeStoreFailure, type StoreFailure } from './message-limits.js';

/**
 * How long a limit check may wait for Redis: well under Twilio's 15 s for a webhook, and short
 * enough that a caller does not notice the menu coming later.
 */
export const STORE_TIMEOUT_MS = 300;
/** The longest pause between two attempts to reach Redis again: limits resume within it. */
const RECONNECT_AT_MOST_MS = 1_000;

export interface RedisStoreOptions {
  readonly perDay: number;
  readonly timeoutMs?: number;
  /** Told when the connection fails or a reconnection attempt does (at every attempt: the caller throttles). */
  readonly onConnectionError?: (failure: StoreFailure) => void;
  /** Told when the connection is ready to count, at start and after each reconnection. */
  readonly onReady?: () => void;
}


/**
 * The daily counts in Redis, shared by every instance with the same REDIS_URL and LOG_HASH_KEY.
 * Nothing waits for Redis: a command while it is unreachable fails at once, and one that takes
 * longer than the time limit is given up; either way the caller is offered no message. The client
 * keeps reconnecting in the background, so the limits resume without a restart.
 */
export function redisLimitStore(url: URL, options: RedisStoreOptions): LimitStore {
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
  const client = new Redis(url.href, {
    // A command while disconnected fails at once instead of waiting in a queue.
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_AT_MOST_MS),
    // Never its own log lines: the caller logs once a minute, with the host only.
    showFriendlyErrorStack: false,
  });
  client.on('error', (error: unknown) => options.onConnectionError?.(describeStoreFailure(error)));
  client.on('ready', () => options.onReady?.());

  const redis = new RateLimiterRedis({
    storeClient: client,
    points: options.perDay,
    duration: 0,
    keyPrefix: 'hotline-text-messages',
    rejectIfRedisNotReady: true,
  });
  return {
    kind: 'redis',
    where: redisAddress(url),
    limiter: new RLWrapperTimeouts({ limiter: redis, timeoutMs }),
    ping: async () => {
      if (client.status !== 'ready') throw new Error('Redis connection is not ready');
      await client.ping();
    },
    close: async () => {
      client.disconnect(false);
    },
  };
}
