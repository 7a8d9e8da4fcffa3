import type { Logger } from 'pino';
import { PUBLIC_URL_HINT } from '../settings/load-config.js';
import type { CallMetrics } from './call-metrics.js';
import type { RefusalCause, SignatureRejection } from './verify-twilio-signature.js';

const ONE_LINE_EVERY_MS = 60_000;

/** What was refused, and the hint that fits that cause. */
function describe(rejection: SignatureRejection): string {
  switch (rejection.cause) {
    case 'missing':
      return `Refused a request to ${rejection.checkedUrl} without a Twilio signature. Twilio signs every webhook, so this one is not from Twilio, or something between Twilio and this server drops the X-Twilio-Signature header; nothing here needs changing if calls work`;
    case 'url':
      return `Refused a request whose Twilio signature is for ${rejection.signedUrl ?? 'another address'}, but the server checked ${rejection.checkedUrl}; the auth token is right. ${capitalised(PUBLIC_URL_HINT)}`;
    case 'token':
      return `Refused a request whose Twilio signature matches neither ${rejection.checkedUrl} nor any other address it arrived at. If Twilio is calling, check that TWILIO_AUTH_TOKEN is the auth token of the account that owns the number (after a new token is made in the Console, the new one); if it is, ${PUBLIC_URL_HINT}`;
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Counts every refused signature and logs the first of each cause at once, then at most one line a
 * minute for that cause, with the URL the server checked and the hint that fits: a wrong public URL
 * refuses every request and should not flood the log, but a new cause must not wait behind an old one.
 */
export function reportSignatureRejections(logger: Logger, metrics: CallMetrics, clock: () => Date): (rejection: SignatureRejection) => void {
  const byCause = new Map<RefusalCause, { lastLogged: number; unlogged: number }>();
  return (rejection) => {
    metrics.signatureRejected();
    const now = clock().getTime();
    const seen = byCause.get(rejection.cause) ?? { lastLogged: Number.NEGATIVE_INFINITY, unlogged: 0 };
    byCause.set(rejection.cause, seen);
    if (now - seen.lastLogged < ONE_LINE_EVERY_MS) {
      seen.unlogged++;
      return;
    }
    const earlier = seen.unlogged > 0 ? ` (${seen.unlogged} more of this kind since the last such line)` : '';
    seen.lastLogged = now;
    seen.unlogged = 0;
    logger.warn({ cause: rejection.cause, checkedUrl: rejection.checkedUrl, ...(rejection.signedUrl ? { signedUrl: rejection.signedUrl } : {}) }, `${describe(rejection)}${earlier}.`);
  };
}
