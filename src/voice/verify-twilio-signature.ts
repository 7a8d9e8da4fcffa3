import type { RequestHandler } from 'express';
// twilio's own webhook middleware, without loading its REST client.
import { webhook } from 'twilio/lib/webhooks/webhooks.js';

export interface SignatureOptions {
  readonly authToken: string | undefined;
  readonly publicBaseUrl: URL | undefined;
}

/**
 * Checks X-Twilio-Signature against the URL Twilio called: PUBLIC_BASE_URL plus the path and query
 * when set, else the request's own URL (protocol from X-Forwarded-Proto only when trust proxy is on).
 * Without a token (development only, enforced by the config) requests pass unchecked.
 */
export function verifyTwilioSignature(options: SignatureOptions): RequestHandler {
  if (!options.authToken) return (_req, _res, next) => next();
  const check = webhook(options.authToken, {
    ...(options.publicBaseUrl
      ? { protocol: options.publicBaseUrl.protocol.replace(':', ''), host: options.publicBaseUrl.host }
      : {}),
  });
  return (req, res, next) => {
    // This line does not use SharedKey signatures; without a secret the library would answer 500.
    if (req.header('X-Twilio-Webhooks-Signature-Settings')) {
      res.status(403).type('text/plain').send('Twilio Request Validation Failed.');
      return;
    }
    check(req, res, next);
  };
}
