import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../../settings/load-config.js';
import type { AccessSettings } from '../../settings/route-access.js';
import type { Hotline } from '../../hotline/index.js';
import { findProjectRoot } from '../../load/load-hotline.js';
import { describeDialledNumber } from '../simulator/call-simulator.js';
import { DEFAULT_FROM, WITHHELD_FROM } from '../walk/simulated-caller.js';
import { tryPageAccess } from '../../settings/route-access.js';
import { TRY_PATH } from '../../settings/route-access.js';
import { TryCalls, TryError, wallTime, type TryLimits } from './try-calls.js';

export { TRY_PATH };

export interface TryDeps {
  readonly config: AccessSettings & Partial<Pick<Config, 'publicBaseUrl' | 'hotlineNumber' | 'passCallerNumber' | 'textMessages'>>;
  readonly hotline: Hotline;
  /** The current instant: the page's default clock. */
  readonly clock: () => Date;
  readonly limits?: TryLimits;
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

/** The Mermaid text of each language's diagram in `npm run flow`'s document, ready for the browser to draw. */
export function flowDiagrams(markdown: string): { lang: string; title: string; mermaid: string }[] {
  return [...markdown.matchAll(/^## (\S+)(.*)\n\n```mermaid\n([\s\S]*?)\n```/gm)].map((m) => ({
    lang: m[1] as string,
    title: `${m[1]}${m[2]}`,
    mermaid: m[3] as string,
  }));
}

/** The page's files, found on first use: the page in public/try, Mermaid from node_modules. */
function pageFiles(): Map<string, string> {
  const dir = join(findProjectRoot(), 'public', 'try');
  const files = new Map([
    ['index.html', join(dir, 'index.html')],
    ['try.js', join(dir, 'try.js')],
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

/**
 * GET /try: a phone keypad in the browser that steps calls on the line's call flow in this process
 * (see TryCalls), and the call-flow diagram. Off (404) in production unless TRY_TOKEN is set; with
 * it, the page and its API ask for the token. Every answer carries a strict Content-Security-Policy.
 */
/** The try page and its API, mounted at /try when tryPageAccess says it is on. */
export function createTryRouter(deps: TryDeps): express.Router {
  const access = tryPageAccess(deps.config);
  const router = express.Router({ strict: false });
  let files: Map<string, string> | undefined;
  const file = (name: string) => (files ??= pageFiles()).get(name);
  let diagrams: ReturnType<typeof flowDiagrams> | undefined;
  const { config } = deps;
  // Answered as this server answers: its caller ID, and the text message offered when it sends them.
  const server = { hotlineNumber: config.hotlineNumber, passCallerNumber: config.passCallerNumber, textMessages: config.textMessages !== undefined };
  const calls = new TryCalls({ line: deps.hotline, server, describeNumber: describeDialledNumber(deps.hotline), clock: deps.clock, timeZone: deps.hotline.directory.timeZone, limits: deps.limits });

  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': TRY_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    next();
  });

  if (access.kind === 'token') {
    const { token } = access;
    const cookie = createHmac('sha256', token).update('hotline try page').digest('base64url');
    const gate: RequestHandler = (req, res, next) => {
      const bearer = req.get('authorization');
      const given = cookieValue(req, COOKIE);
      if ((given !== undefined && sameSecret(given, cookie)) || (bearer !== undefined && sameSecret(bearer, `Bearer ${token}`))) {
        next();
        return;
      }
      const query = req.query.token;
      if (req.method === 'GET' && req.path === '/' && typeof query === 'string' && sameSecret(query, token)) {
        // The token leaves the address bar (and the history) at once; the cookie stays on /try only.
        const secure = req.secure || deps.config.publicBaseUrl?.protocol === 'https:';
        res.cookie(COOKIE, cookie, { path: TRY_PATH, httpOnly: true, sameSite: 'strict', secure, maxAge: COOKIE_MAX_AGE_MS });
        res.set('Cache-Control', 'no-store').redirect(303, TRY_PATH);
        return;
      }
      res.status(401).set('WWW-Authenticate', 'Bearer').set('Cache-Control', 'no-store');
      if (req.path.startsWith('/api/')) res.json({ error: NEEDS_TOKEN });
      else res.type('text/plain').send(NEEDS_TOKEN);
    };
    router.use(gate);
  }

  router.get('/', (_req, res) => sendPageFile(res, file('index.html'), 'no-store'));
  router.get('/assets/:file', (req, res) => sendPageFile(res, file(req.params.file), 'no-cache'));

  const api = express.Router();
  api.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // JSON only: a form on another site cannot post it without asking first (CORS), and is not asked.
    if (req.method === 'POST' && !req.is('application/json')) {
      res.status(415).json({ error: 'Send JSON (Content-Type: application/json).' });
      return;
    }
    next();
  });
  api.use(express.json({ limit: '2kb' }));

  api.get('/setup', (_req, res) => {
    res.json({
      now: wallTime(deps.clock(), deps.hotline.directory.timeZone),
      timeZone: deps.hotline.directory.timeZone,
      from: DEFAULT_FROM,
      withheld: WITHHELD_FROM,
      languages: deps.hotline.languages.map((l) => ({ code: l.code, key: l.key, language: l.language, voice: l.voice, callerPrefixes: l.callerPrefixes })),
    });
  });
  // The committed docs/call-flow.md (a test keeps it current with the line): drawing it walks every
  // step of a week, which a server has no need to do.
  api.get('/flow', (_req, res) => {
    res.json({ diagrams: (diagrams ??= flowDiagrams(readFileSync(join(findProjectRoot(), 'docs', 'call-flow.md'), 'utf8'))) });
  });
  api.post('/call', async (req, res) => {
    // The origin the server's own answers use: PUBLIC_BASE_URL, else the page's.
    const own = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.status(201).json(await calls.start(req.body, deps.config.publicBaseUrl ?? (URL.canParse(own) ? new URL(own) : undefined)));
  });
  api.post('/call/:id/step', async (req, res) => {
    res.json(await calls.step(req.params.id, req.body));
  });
  api.use((_req, res) => {
    res.status(404).json({ error: 'No such address of the try page.' });
  });
  const apiErrors: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof TryError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    res.status(status).json({ error: status === 500 ? 'The try page failed; see the server log.' : 'The request is not valid JSON of the right size.' });
  };
  api.use(apiErrors);
  router.use('/api', api);
  return router;
}
