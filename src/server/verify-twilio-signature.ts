import type { Request, RequestHandler } from 'express';
// twilio's own signature check, without loading its REST client.
import { validateExpressRequest } from '../vendor/twilio-internals.js';

export interface SignatureOptions {
  readonly authToken: string | undefined;
  readonly publicBaseUrl: URL | undefined;
}

/**
 * Why a signature was refused, as far as the server can tell: no header at all; a signature that is
 * valid for another address this request could have been sent to (so the token is right and the
 * public URL is wrong); or one valid for none of them (a wrong token, or an address the server
 * cannot see, or a request not from Twilio).
 */
export type RefusalCause = 'missing' | 'url' | 'token';

/** A request whose signature did not match: where it was checked, never who sent it or the signature. */
export interface SignatureRejection {
  readonly cause: RefusalCause;
  /** The origin and path the signature was checked against (the query holds only menu state, and is left out). */
  readonly checkedUrl: string;
  /** For cause 'url': the origin and path Twilio did sign. */
  readonly signedUrl?: string;
}

export interface SignatureHooks {
  /** Called for every refused request. */
  readonly onRejected?: (rejection: SignatureRejection) => void;
}

/** The URL Twilio must have signed: PUBLIC_BASE_URL's origin when set, else the request's own (trust proxy decides the protocol). */
function checkedOrigin(req: Request, options: SignatureOptions): string {
  return options.publicBaseUrl ? options.publicBaseUrl.origin : `${req.protocol}://${req.get('host') ?? ''}`;
}

/** Other origins this request could have been signed for: its own host over http and https, and a forwarded host. */
function otherOrigins(req: Request, checked: string): { protocol: string; host: string }[] {
  const hosts = [req.get('host'), req.get('x-forwarded-host')?.split(',')[0]?.trim()].filter((host): host is string => Boolean(host));
  const candidates = hosts.flatMap((host) => ['https', 'http'].map((protocol) => ({ protocol, host })));
  return candidates.filter(({ protocol, host }) => `${protocol}://${host}` !== checked);
}

/** The origin and path Twilio signed, when the signature is valid for another origin of this request. */
function signedElsewhere(req: Request, token: string, checked: string): string | undefined {
  const other = otherOrigins(req, checked).find((where) => validateExpressRequest(req, token, where));
  return other && `${other.protocol}://${other.host}${req.path}`;
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
    if (hooks.onRejected) {
      const checked = checkedOrigin(req, options);
      const signedUrl = signature ? signedElsewhere(req, token, checked) : undefined;
      const cause: RefusalCause = !signature ? 'missing' : signedUrl ? 'url' : 'token';
      hooks.onRejected({ cause, checkedUrl: `${checked}${req.path}`, ...(signedUrl ? { signedUrl } : {}) });
    }
    if (mode === 'mark') return next();
    if (!signature) {
      res.status(400).type('text/plain').send('The X-Twilio-Signature header is missing.');
      return;
    }
    res.status(403).type('text/plain').send('Twilio Request Validation Failed.');
  };
}
