import type { Request, RequestHandler } from 'express';
// twilio's own signature check, without loading its REST client.
import { validateExpressRequest } from 'twilio/lib/webhooks/webhooks.js';

export interface SignatureOptions {
  readonly authToken: string | undefined;
  readonly publicBaseUrl: URL | undefined;
}

/** A request whose signature did not match: where it was checked, never who sent it or the signature. */
export interface SignatureRejection {
  /** The origin and path the signature was checked against (the query holds only menu state, and is left out). */
  readonly checkedUrl: string;
  readonly missing: boolean;
}

export interface SignatureHooks {
  /** Called for every refused request. */
  readonly onRejected?: (rejection: SignatureRejection) => void;
}

/** The URL Twilio must have signed: PUBLIC_BASE_URL's origin when set, else the request's own (trust proxy decides the protocol). */
function checkedOrigin(req: Request, options: SignatureOptions): string {
  return options.publicBaseUrl ? options.publicBaseUrl.origin : `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * Checks X-Twilio-Signature against the URL Twilio called: PUBLIC_BASE_URL plus the path and query
 * when set, else the request's own URL (protocol from X-Forwarded-Proto only when trust proxy is on).
 * Without a token (development only, enforced by the config) requests pass unchecked.
 *
 * `refuse` answers a bad signature with 400 or 403 and no TwiML; `mark` lets the request through
 * with `res.locals.signatureValid = false`, for the one route that must help whoever calls it.
 */
export function verifyTwilioSignature(options: SignatureOptions, hooks: SignatureHooks = {}, mode: 'refuse' | 'mark' = 'refuse'): RequestHandler {
  if (!options.authToken) {
    return (_req, res, next) => {
      res.locals.signatureValid = true;
      next();
    };
  }
  const token = options.authToken;
  const where = options.publicBaseUrl
    ? { protocol: options.publicBaseUrl.protocol.replace(':', ''), host: options.publicBaseUrl.host }
    : {};
  return (req, res, next) => {
    const signature = req.header('X-Twilio-Signature');
    // This line does not use SharedKey signatures, so a request that claims one cannot be valid.
    const valid = Boolean(signature) && !req.header('X-Twilio-Webhooks-Signature-Settings') && validateExpressRequest(req, token, where);
    res.locals.signatureValid = valid;
    if (valid) return next();
    hooks.onRejected?.({ checkedUrl: `${checkedOrigin(req, options)}${req.path}`, missing: !signature });
    if (mode === 'mark') return next();
    if (!signature) {
      res.status(400).type('text/plain').send('The X-Twilio-Signature header is missing.');
      return;
    }
    res.status(403).type('text/plain').send('Twilio Request Validation Failed.');
  };
}
