import type { Logger } from 'pino';
import { PUBLIC_URL_HINT } from '../config/load-config.js';
import type { CallMetrics } from '../metrics/call-metrics.js';
import type { SignatureRejection } from './verify-twilio-signature.js';

const ONE_LINE_EVERY_MS = 60_000;

/**
 * Counts every refused signature and logs at most one line a minute, with the URL the server checked
 * against and what to set: a wrong public URL refuses every request, and should not flood the log.
 */
export function reportSignatureRejections(logger: Logger, metrics: CallMetrics, clock: () => Date): (rejection: SignatureRejection) => void {
  let lastLogged = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return (rejection) => {
    metrics.signatureRejected();
    const now = clock().getTime();
    if (now - lastLogged < ONE_LINE_EVERY_MS) {
      unlogged++;
      return;
    }
    const earlier = unlogged > 0 ? ` (${unlogged} more since the last such line)` : '';
    lastLogged = now;
    unlogged = 0;
    const what = rejection.missing ? 'without a Twilio signature' : `whose Twilio signature does not match ${rejection.checkedUrl}`;
    logger.warn({ checkedUrl: rejection.checkedUrl }, `Refused a request ${what}${earlier}. If Twilio is calling, ${PUBLIC_URL_HINT}.`);
  };
}
