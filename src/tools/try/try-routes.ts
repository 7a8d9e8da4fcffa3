import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { findProjectRoot } from '../../load/load-hotline.js';
import { type AccessSettings, TRY_PATH, tryPageAccess } from '../../settings/route-access.js';
import { createTryApi, type TryApiDeps } from './try-api.js';

export { TRY_PATH };

export interface TryDeps extends TryApiDeps {
  readonly config: AccessSettings & TryApiDeps['config'];
}

/**
 * The page and its scripts may load only from this app. Mermaid writes a <style> element and style
 * attributes into each diagram it draws, so inline styles are allowed; inline scripts are not.
 */
export const TRY_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'hotline_try';
const COOKIE_MAX_AGE_MS = 12 * 60 * 60_000;
const NEEDS_TOKEN = `The try page needs its token: open ${TRY_PATH}?token=<TRY_TOKEN> once, and this browser keeps it in a cookie for 12 hours.`;

/** Equal in constant time, whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/** The page's files, found on first use: the page in public/try, Mermaid from node_modules. */
function pageFiles(): Map<string, string> {
  const dir = join(findProjectRoot(), 'public', 'try');
  const files = new Map([
    ['index.html', join(dir, 'index.html')],
    ['try.js', join(dir, 'try.js')],
    ['try-speech.js', join(dir, 'try-speech.js')],
    ['try-flow.js', join(dir, 'try-flow.js')],
    ['try.css', join(dir, 'try.css')],
    ['icon.svg', join(dir, 'icon.svg')],
  ]);
  try {
    files.set('mermaid.min.js', createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'));
  } catch {
    // Without Mermaid the diagram tab says it cannot draw; the call still works.
  }
  return files;
}

function sendPageFile(res: Response, path: string | undefined, cacheControl: string): void {
  if (!path) {
    res.status(404).type('text/plain').send('Not found.');
    return;
  }
  res.sendFile(path, { headers: { 'Cache-Control': cacheControl }, etag: true }, (error) => {
    if (error && !res.headersSent) res.status(404).type('text/plain').send('Not found.');
  });
}

/** Headers on every answer of the page and its API. */
const pageHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': TRY_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  next();
};

/**
 * With TRY_TOKEN: the token once in the address (then a cookie on /try only, made from the token,
 * never the token itself), or a bearer header.
 */
function tokenGate(token: string, config: TryDeps['config']): RequestHandler {
  const cookie = createHmac('sha256', token).update('hotline try page').digest('base64url');
  return (req, res, next) => {
    const bearer = req.get('authorization');
    const given = cookieValue(req, COOKIE);
    if ((given !== undefined && sameSecret(given, cookie)) || (bearer !== undefined && sameSecret(bearer, `Bearer ${token}`))) {
      next();
      return;
    }
    const query = req.query.token;
    if (req.method === 'GET' && req.path === '/' && typeof query === 'string' && sameSecret(query, token)) {
      // The token leaves the address bar (and the history) at once; the cookie stays on /try only.
      const secure = req.secure || config.publicBaseUrl?.protocol === 'https:';
      res.cookie(COOKIE, cookie, { path: TRY_PATH, httpOnly: true, sameSite: 'strict', secure, maxAge: COOKIE_MAX_AGE_MS });
      res.set('Cache-Control', 'no-store').redirect(303, TRY_PATH);
      return;
    }
    res.status(401).set('WWW-Authenticate', 'Bearer').set('Cache-Control', 'no-store');
    if (req.path.startsWith('/api/')) res.json({ error: NEEDS_TOKEN });
    else res.type('text/plain').send(NEEDS_TOKEN);
  };
}

/**
 * GET /try: a phone keypad in the browser whose calls the server walks over the line's own answers
 * in this process (see TryCalls), and the call-flow diagram. Closed unless TRY_TOKEN is set or
 * NODE_ENV is development or test; with the token, the page and its API ask for it. Every answer carries a strict
 * Content-Security-Policy. Mounted at /try when tryPageAccess says it is on.
 */
export function createTryRouter(deps: TryDeps): express.Router {
  const access = tryPageAccess(deps.config);
  const router = express.Router({ strict: false });
  let files: Map<string, string> | undefined;
  const file = (name: string) => (files ??= pageFiles()).get(name);
  router.use(pageHeaders);
  if (access.kind === 'token') router.use(tokenGate(access.token, deps.config));
  router.get('/', (_req, res) => sendPageFile(res, file('index.html'), 'no-store'));
  router.get('/assets/:file', (req, res) => sendPageFile(res, file(req.params.file), 'no-cache'));
  router.use('/api', createTryApi(deps));
  return router;
}
