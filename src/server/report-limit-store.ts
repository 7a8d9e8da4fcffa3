import type { Logger } from 'pino';
import type { CallMetrics } from './call-metrics.js';
import type { LimitStore } from './limit-store.js';
import type { StoreFailure } from './message-limits.js';

const ONE_LINE_EVERY_MS = 60_000;

export interface LimitStoreReport {
  /** The store failed; `counted` when a caller's limit check or count depended on it (the metric counts those). */
  failed(failure: StoreFailure, counted: boolean): void;
  /** The store answered (a check, or a connection made ready). */
  answered(): void;
}

/**
 * What an operator sees of the limits store: every outage in the log, and never more than one
 * warning a minute. An outage starts with a warning naming the host (never a password) and what
 * callers get meanwhile, unless a warning went out less than a minute before: then its warning
 * waits for the first failure after that minute, or, when the store answers first, the line saying
 * it answers again tells of the outage. In the metrics: the checks it failed and whether it is up.
 */
export function reportLimitStore(logger: Logger, metrics: CallMetrics, clock: () => Date, store: Pick<LimitStore, 'kind' | 'where'>): LimitStoreReport {
  let everAnswered = false;
  let lastWarned = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  /** The outage going on: when it began and whether a warning told of it. */
  let outage: { since: number; warned: boolean } | undefined;
  return {
    failed(failure, counted) {
      if (counted) metrics.limitStoreFailed(failure.reason);
      metrics.limitStoreUp(store.kind, false);
      const now = clock().getTime();
      outage ??= { since: now, warned: false };
      if (now - lastWarned < ONE_LINE_EVERY_MS) {
        unlogged++;
        return;
      }
      const earlier = unlogged > 0 ? ` (${unlogged} more failures since the last such line)` : '';
      lastWarned = now;
      unlogged = 0;
      outage.warned = true;
      const why = failure.code ? `${failure.reason}, ${failure.code}` : failure.reason;
      logger.warn(
        { store: store.where, reason: failure.reason, code: failure.code },
        `The text-message limits store ${store.where} does not answer (${why})${earlier}: no text message is offered, and # answers as if today's limit were reached, until it does.`,
      );
    },
    answered() {
      metrics.limitStoreUp(store.kind, true);
      if (!everAnswered) {
        everAnswered = true;
        if (!outage) logger.info({ store: store.where }, `The text-message limits store ${store.where} answers: every instance using it shares the daily limits.`);
      }
      if (!outage) return;
      const seconds = Math.round((clock().getTime() - outage.since) / 1000);
      const untold = outage.warned
        ? ''
        : ` after ${seconds} s without answering (not warned of then: a warning had gone out less than a minute before; no text message was offered meanwhile)`;
      outage = undefined;
      logger.info({ store: store.where }, `The text-message limits store ${store.where} answers again${untold}: text messages are offered again.`);
    },
  };
}
