import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where the daily text-message counts live: this process's memory, or a store every instance shares. */
export interface LimitStore {
  readonly kind: 'memory' | 'redis';
  /** Where it is, for the log: host and port, never a password. */
  readonly where: string;
  /** The counter, with the limit per day; its keys expire at the end of the day they count. */
  readonly limiter: RateLimiterAbstract;
  /** Resolves when the store answers now, within its time limit. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Counts kept in this process only: with several instances each keeps its own. */
export function memoryLimitStore(perDay: number): LimitStore {
  return {
    kind: 'memory',
    where: 'this instance',
    limiter: new RateLimiterMemory({ points: perDay, duration: 0, keyPrefix: 'text-messages' }),
    ping: async () => {},
    close: async () => {},
  };
}
