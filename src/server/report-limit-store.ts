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
 * What an operator sees of the limits store: while it fails, one warning a minute naming its host
 * (never a password) and what callers get meanwhile; a line when it answers again; a count of the
 * checks it failed and whether it is up, in the metrics.
 */
export function reportLimitStore(logger: Logger, metrics: CallMetrics, clock: () => Date, store: Pick<LimitStore, 'kind' | 'where'>): LimitStoreReport {
  // Exported from the start, so a store that never answers shows (and alerts) as down: memory always answers.
  metrics.limitStoreUp(store.kind, store.kind === 'memory');
  let down = false;
  let everAnswered = false;
  let lastLogged = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return {
    failed(failure, counted) {
      if (counted) metrics.limitStoreFailed(failure.reason);
      metrics.limitStoreUp(store.kind, false);
      down = true;
      const now = clock().getTime();
      if (now - lastLogged < ONE_LINE_EVERY_MS) {
        unlogged++;
        return;
      }
      const earlier = unlogged > 0 ? ` (${unlogged} more failures since the last such line)` : '';
      lastLogged = now;
      unlogged = 0;
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
        if (!down) logger.info({ store: store.where }, `The text-message limits store ${store.where} answers: every instance using it shares the daily limits.`);
      }
      if (!down) return;
      down = false;
      logger.info({ store: store.where }, `The text-message limits store ${store.where} answers again: text messages are offered again.`);
    },
  };
}
