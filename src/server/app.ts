import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../settings/load-config.js';
import { CLOSED_TRY_PAGE, metricsAccess, TRY_PATH, tryPageAccess } from '../settings/route-access.js';
import { describeService } from '../settings/start-lines.js';
import { AUDIO_URL_PREFIX, type Hotline } from '../hotline/index.js';
import { createCallRef } from './create-logger.js';
import { createCallMetrics, type CallMetrics } from './call-metrics.js';
import type { NumberMessenger } from './send-numbers-message.js';
import { createVoiceRouter } from './voice-routes.js';

export interface AppDeps {
  readonly config: Pick<Config, 'authToken' | 'publicBaseUrl' | 'trustProxy'> &
    Partial<Pick<Config, 'passCallerNumber' | 'hotlineNumber' | 'metricsToken' | 'metricsPublic' | 'development' | 'tryToken'>>;
  readonly hotline: Hotline;
  readonly logger: Logger;
  /** The only source of the current instant below the entry file. */
  readonly clock: () => Date;
  readonly callRef?: (callSid: unknown) => string | undefined;
  readonly metrics?: CallMetrics;
  /** Sends the numbers in a text message when the caller asks; without it nothing is offered. */
  readonly messages?: NumberMessenger;
  /**
   * GET /try: loads the try page's router on its first request (src/main.ts imports it then), so a
   * server that does not use it does not carry it. Without it, or while closed, /try is 404.
   */
  readonly tryPage?: () => Promise<RequestHandler>;
}

/**
 * GET /metrics, behind a bearer token when one is configured. Without a token it is not there at all
 * (404) unless opened on purpose (see src/settings/route-access.ts): counts of calls by hour and
 * language are not for the open internet.
 */
function serveMetrics(metrics: CallMetrics, config: AppDeps['config']): RequestHandler {
  const access = metricsAccess(config);
  const expected = access.kind === 'token' ? Buffer.from(`Bearer ${access.token}`) : undefined;
  return async (req, res) => {
    if (access.kind === 'off') {
      res.status(404).type('text/plain').send('Not found.');
      return;
    }
    const given = Buffer.from(req.get('authorization') ?? '');
    if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('A bearer token is required for /metrics.');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const metrics = deps.metrics ?? createCallMetrics();
  app.disable('x-powered-by');
  // TwiML answers are never revalidated by Twilio; hashing each one for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');

  // Calls first: they are nearly every request.
  app.use(createVoiceRouter({ ...deps, metrics, callRef: deps.callRef ?? createCallRef() }));

  const home = describeService(deps.config);
  app.get('/', (_req, res) => {
    res.type('text/plain').send(home);
  });
  // 200 whenever the line answers calls; with text messages on, it also says whether the store of
  // their daily limits answers (a line whose store is down still takes calls, without the offer).
  app.get('/healthz', async (_req, res) => {
    const limits = await deps.messages?.limitsHealth();
    res.json(limits ? { status: 'ok', textMessageLimits: { store: limits.store, state: limits.up ? 'up' : 'down' } } : { status: 'ok' });
  });
  app.get('/metrics', serveMetrics(metrics, deps.config));

  // Recordings that replace TTS; their names carry a content hash, so Twilio may cache them for good.
  app.get(`${AUDIO_URL_PREFIX}/:lang/:file`, (req, res) => {
    const recording = deps.hotline.recordings.byUrlPath(req.path);
    if (!recording) {
      res.status(404).type('text/plain').send('No such recording.');
      return;
    }
    res.set('Cache-Control', 'public, max-age=31536000, immutable').type(recording.contentType).send(recording.bytes);
  });

  // GET /try: a keypad in the browser stepping calls on the line in this process (off unless opened on purpose).
  const { tryPage } = deps;
  if (!tryPage || tryPageAccess(deps.config).kind === 'off') {
    app.use(TRY_PATH, (_req, res) => {
      res.status(404).type('text/plain').send(CLOSED_TRY_PAGE);
    });
  } else {
    let router: Promise<RequestHandler> | undefined;
    app.use(TRY_PATH, async (req, res, next) => (await (router ??= tryPage()))(req, res, next));
  }

  return app;
}
